"""What the training lab shows at each frame of its playback: readouts, the policy curve and the verdict.

The browser plays a run frame by frame without asking the server, so everything a frame
shows is computed here once per run: the state after ``step`` updates (step 0 is the
starting policy), p(B) at hunger 0 and 1, the policy curve, where it crosses 0.5, and the
verdict on the run so far. Pure numpy, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.policy import probability_of_b
from sim.truth.verdicts import verdicts_at
from ui.lab.display import decision_boundary

CURVE_POINTS = 41  # points of the policy curve in each frame (a sigmoid needs few)


@dataclass(frozen=True)
class Playback:
    """One entry per frame; ``steps[i]`` is the number of updates done at frame i."""

    steps: np.ndarray
    bias: np.ndarray
    weight: np.ndarray
    expected_reward: np.ndarray
    p_at_0: np.ndarray  # p(B | hunger 0)
    p_at_1: np.ndarray  # p(B | hunger 1)
    boundary: np.ndarray  # hunger where p(B) = 0.5, NaN where the curve does not cross 0.5 on [0, 1]
    hunger: np.ndarray  # the policy curve's hunger grid (CURVE_POINTS)
    curves: np.ndarray  # p(B | hunger) per frame, shape (frames, CURVE_POINTS)
    verdict_kind: tuple[str, ...]
    verdict_text: tuple[str, ...]

    def index_of(self, step: int) -> int:
        """The frame showing ``step`` (or the last frame before it)."""
        return int(max(0, np.searchsorted(self.steps, step, side="right") - 1))


def state_after(history, step: int) -> tuple[float, float, float]:
    """Weight, bias and expected reward after ``step`` updates (step 0: the starting policy)."""
    config = history.config
    if step == 0:
        start = config.problem.expected_reward(config.weight, config.initial_bias)
        return config.weight, config.initial_bias, float(start)
    i = step - 1
    return float(history.weight[i]), float(history.bias[i]), float(history.expected_reward[i])


def playback(history, steps) -> Playback:
    """Everything each frame shows, for the frames at ``steps`` (sorted, within 0..len(history))."""
    steps = np.asarray(steps, dtype=np.int64)
    states = np.array([state_after(history, int(s)) for s in steps]).reshape(-1, 3)
    weight, bias, reward = states.T
    hunger = np.linspace(0.0, 1.0, CURVE_POINTS)
    curves = probability_of_b(hunger[None, :], weight[:, None], bias[:, None])
    boundary = np.array([np.nan if (b := decision_boundary(w, c)) is None else b for w, c in zip(weight, bias)])
    kinds, texts = [], []
    for step, verdict in zip(steps.tolist(), verdicts_at(history, steps)):
        if step == 0:
            kinds.append("not started")
            texts.append("press Play: nothing has been learned yet")
            continue
        kinds.append(verdict.kind)
        texts.append(verdict.text)
    return Playback(
        steps=steps,
        bias=bias,
        weight=weight,
        expected_reward=reward,
        p_at_0=probability_of_b(0.0, weight, bias),
        p_at_1=probability_of_b(1.0, weight, bias),
        boundary=boundary,
        hunger=hunger,
        curves=curves,
        verdict_kind=tuple(kinds),
        verdict_text=tuple(texts),
    )
