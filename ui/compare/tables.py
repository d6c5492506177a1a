"""The comparison page's tables (pandas, for st.dataframe and the CSV downloads) and the landscape slider's range."""

from __future__ import annotations

import math

import pandas as pd

from ui.common.theme import HANDLING_LABELS, HANDLINGS


def first_steps_table(side) -> pd.DataFrame:
    """The first steps of every run: shared hunger and draw, then each rule's action and bias."""
    table = {
        "step": range(1, len(side.first_hunger) + 1),
        "hunger": side.first_hunger,  # full precision: a test compares them with the random streams
        "draw": side.first_draws,
    }
    for handling, run in side.runs.items():
        short = HANDLINGS[handling].short
        table[f"{short}: place"] = ["B" if a else "A" for a in run.first_actions]
        table[f"{short}: bias"] = run.first_biases.round(3)
    return pd.DataFrame(table)


def ensemble_table(summaries) -> pd.DataFrame:
    """One row per rule: share settled, median final expected reward, median and mean final bias, its spread."""
    rows = []
    for handling, summary in summaries.items():
        low, high = summary.final_bias_range
        rows.append(
            {
                "rule": HANDLING_LABELS[handling],
                "settled near the best": summary.share_settled,
                "median final expected reward": summary.median_final_expected_reward,
                "median final bias": summary.median_final_bias,
                "mean final bias": float(summary.final_bias.mean()),  # beside the median: a random walk's mean holds
                "final bias, 10%": low,
                "final bias, 90%": high,
            }
        )
    return pd.DataFrame(rows)


def ensemble_steps_frame(summaries) -> pd.DataFrame:
    """The ensemble chart's numbers, one row per rule and displayed step."""
    frames = [
        pd.DataFrame(
            {
                "rule": handling,
                "step": summary.steps,
                "bias_10%": summary.low,
                "bias_median": summary.median,
                "bias_90%": summary.high,
            }
        )
        for handling, summary in summaries.items()
    ]
    return pd.concat(frames, ignore_index=True)


def slider_range(low: float, high: float) -> tuple[float, float, float]:
    """Slider limits on round numbers and a round step giving about 100–1,000 positions."""
    step = float(10 ** math.floor(math.log10(max(high - low, 1e-3) / 100)))
    return math.floor(low / step) * step, math.ceil(high / step) * step, step
