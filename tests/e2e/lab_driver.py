"""Reading and driving the training lab in a browser (shared by the e2e tests and the load benchmark)."""

from __future__ import annotations

import re

from sim import TrainingConfig, train


def metric(page, label: str) -> str:
    """The text of the st.metric with this label, e.g. metric(page, 'Step') -> '1,234'."""
    box = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return box.get_by_test_id("stMetricValue").first.inner_text().strip()


def as_number(text: str) -> float:
    return float(re.sub(r"[,\s]", "", text).replace("−", "-"))


def expected_bias_text(config: TrainingConfig, step: int) -> str:
    """The bias the lab should show after ``step`` updates, formatted as the lab shows it."""
    bias = config.initial_bias if step == 0 else float(train(config).bias[step - 1])
    return f"{bias:.2f}".replace("-", "−")
