"""The edges of the allowed box: every view still draws, with finite numbers and no traceback."""

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

EXTREMES = [
    {"learning_rate": "100", "weight": "-100", "initial_bias": "1000", "reward_size": "100"},
    {"learning_rate": "0.001", "weight": "0", "reward_threshold": "0", "seed": "4294967295"},
    {"weight": "100", "initial_bias": "-1000", "reward_threshold": "1", "reward_handling": "flip_sign"},
    {"steps": "1", "hunger": "1", "train_weight": "true", "reward_handling": "ignore_reward"},
]


COMPARE_FIELDS = ("steps", "learning_rate", "weight", "reward_threshold", "reward_size", "seed")


def open_view(view: str, query: dict) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.switch_page(f"views/{view}.py")
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def assert_finite_page(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]  # every value above is allowed
    for metric in at.metric:
        assert "nan" not in str(metric.value).lower() and "inf" not in str(metric.value).lower(), metric.label
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            for axis in ("x", "y"):
                values = trace.get(axis)
                if isinstance(values, dict):  # plotly 7 sends numbers as base64 typed arrays
                    values = np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"])
                if values is not None and np.asarray(values).dtype.kind in "fi":
                    assert np.all(np.isfinite(np.asarray(values, dtype=float))), (trace.get("name"), axis)


@pytest.mark.parametrize("query", EXTREMES)
def test_lab_draws_the_edges(query):
    at = open_view("lab", {**query, "step": query.get("steps", "2000")})
    assert_finite_page(at)


@pytest.mark.parametrize("query", EXTREMES)
def test_comparison_draws_the_edges(query):
    compare_query = {k: v for k, v in query.items() if k in COMPARE_FIELDS}
    compare_query["seeds"] = "20"
    assert_finite_page(open_view("compare", compare_query))


@pytest.mark.parametrize("weight", [700.0, 764.354, 1500.0, -764.354])
@pytest.mark.parametrize("threshold", [0.0625, 0.9375])
def test_expected_reward_stays_finite_and_right_at_a_weight_of_hundreds(weight, threshold):
    # Hypothesis found J = -inf at weight 764, threshold 0.9375: expm1 overflowed past an exponent of 709.
    from sim.truth.expected_reward import expected_reward
    from tests import reference

    for bias in (-weight * threshold, -weight * threshold + 3.0, 0.0):
        ours = expected_reward(weight, bias, threshold, 24.0)
        assert ours == pytest.approx(reference.expected_reward(weight, bias, threshold, 24.0), abs=1e-3)
