"""When did a run leave the best behind? The step after which the bias stays farther from the best than it started."""

from __future__ import annotations

import numpy as np

from sim.truth.best import Best


def farther_than_start(best: Best, bias: np.ndarray, start: float, band: float) -> np.ndarray | None:
    """Per step: is the bias farther from the best than where it started, plus the band? None if all are best."""
    if best.shape == "hill":
        return np.abs(bias - best.bias) > abs(start - best.bias) + band
    if best.best_sides == (1, -1):  # both saturations: farther means nearer the valley's bottom
        return np.abs(bias - best.turn) < abs(start - best.turn) - band
    if best.best_sides == (1,):
        return bias < start - band
    if best.best_sides == (-1,):
        return bias > start + band
    return None


def diverged_step(best: Best, bias: np.ndarray, start: float, band: float) -> int | None:
    """The first step after which the bias stays farther from the best than where it started, plus the band.

    None if it is not farther at the last step. Scans back from the end in growing chunks.
    """
    last = farther_than_start(best, bias[-1:], start, band)
    if last is None or not last[0]:
        return None
    high, chunk = len(bias), 1024
    while high > 0:
        low = max(0, high - chunk)
        farther = farther_than_start(best, bias[low:high], start, band)
        if not farther.all():
            return low + int(np.flatnonzero(~farther)[-1]) + 1
        high, chunk = low, chunk * 4
    return 0
