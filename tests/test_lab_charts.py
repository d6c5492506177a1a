"""The lab's fast per-tick redraw draws exactly what a full, validated build draws."""

import numpy as np
import pytest

from sim import TrainingConfig, train
from sim.display import decision_boundary, lab_display, policy_curve
from ui.lab_charts import policy_at, policy_figure, policy_template, training_at, training_figure, training_template


def traces(figure):
    return [(t.name, t.meta, np.asarray(t.x, dtype=float), np.asarray(t.y, dtype=float)) for t in figure.data]


@pytest.mark.parametrize("train_weight", [False, True])
@pytest.mark.parametrize("presentation", [False, True])
def test_training_chart_cut_from_the_template_equals_a_full_build(train_weight, presentation):
    config = TrainingConfig(steps=1500, train_weight=train_weight)
    display = lab_display(train(config), 300, 200)
    template = training_template(display, config, presentation)
    for step in (0, 1, 37, 700, 1500):
        fast = training_at(template, step, config.steps)
        full = training_figure(display.up_to(step), display, config, step, presentation)
        assert len(fast.data) == len(full.data)
        for (name, meta, x, y), (name_, meta_, x_, y_) in zip(traces(fast), traces(full)):
            assert (name, meta) == (name_, meta_)
            np.testing.assert_array_equal(x, x_)
            np.testing.assert_allclose(y, y_, rtol=1e-6)
        assert fast.layout.title.text == full.layout.title.text
        assert len(fast.layout.shapes) == len(full.layout.shapes)  # the dotted "now" line, or not


def test_policy_chart_from_the_template_equals_a_full_build():
    config = TrainingConfig()
    hunger, start = policy_curve(config.weight, config.initial_bias)
    template = policy_template(config, hunger, start)
    for weight, bias in ((20.0, -9.0), (20.0, 30.0), (0.0, 1.0)):
        _, now = policy_curve(weight, bias)
        boundary = decision_boundary(weight, bias)
        fast = policy_at(template, now, 250, boundary)
        full = policy_figure(config, hunger, start, now, 250, boundary)
        assert [t.name for t in fast.data] == [t.name for t in full.data]
        for a, b in zip(fast.data, full.data):
            np.testing.assert_allclose(np.asarray(a.y, dtype=float), np.asarray(b.y, dtype=float))
