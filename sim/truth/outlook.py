"""Where the average push takes the bias from where it is, and whether it gets there in the steps left.

``sim.truth.verdicts`` judges a run from this outlook and from its last quarter of steps. "The steps left" is
the run's remaining steps, but at least the quarter of the steps so far that a verdict judges by. A move
is *meaningful* from MOVE on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.truth.best import NEAR_OPTIMUM, Best
from sim.truth.push import max_spread, mean_spread, push_at, push_direction, typical_step

SATURATED = 0.01  # p(B)(1 - p(B)) below this at every hunger: p(B) within about 1% of 0 or 1
MOVE = NEAR_OPTIMUM / 4  # a meaningful move of the bias
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)


def steps_left(steps_so_far, total: int):
    """The horizon a verdict looks ahead after each of ``steps_so_far`` (an array): the remaining steps, at least
    the last quarter's length."""
    return np.maximum(total - steps_so_far, np.maximum(1, steps_so_far // 4))


def _destination(best: Best, rule: int, bias: float) -> float | None:
    """Where the rule's average push carries the bias from ``bias``: a turning bias or +-inf; None without a push.

    A rule that climbs J goes up its hill (or up the side of its valley it is on); one that
    descends goes the other way. J has at most one turning point (see ``sim.truth.best``).
    """
    if rule == 0 or best.shape == "flat":
        return None
    side = math.copysign(math.inf, bias - best.turn) if math.isfinite(best.turn) else math.nan
    if best.shape == "hill":
        return best.turn if rule > 0 else side
    if best.shape == "valley":
        return side if rule > 0 else best.turn
    rising = best.shape == "rising"
    return math.inf if rising == (rule > 0) else -math.inf


def _steps_to_move(config, weight: float, biases, directions):
    """Steps the average push needs to carry each bias MOVE further in its direction (inf if it never does)."""
    path = biases[:, None] + directions[:, None] * MOVE * (_NODES + 1) / 2  # a row of nodes per bias
    push = np.asarray(push_at(config, weight, path))
    with np.errstate(divide="ignore", over="ignore"):
        return MOVE / 2 * (_WEIGHTS / np.abs(push)).sum(axis=1)


@dataclass(frozen=True)
class Outlook:
    """Where the average push takes the bias from here, and whether it visibly gets anywhere in the steps left."""

    rule: int  # push_direction(): +1 uphill on J, -1 downhill, 0 no average push
    destination: float | None  # where the push goes: a turning bias, +-inf, or None (nowhere)
    horizon: int  # the steps left to judge by
    close: bool  # within the band of the destination
    moving: bool  # the destination is reached (or nearly) in the steps left
    quiet: bool  # no visible move expected
    saturated: bool  # p(B) is about 0 or 1 at every hunger seen
    to_best: bool  # the destination is the best


def outlook(config, s: int, w: float, b: float, best: Best, band: float) -> Outlook:
    """The outlook after ``s`` steps at weight ``w`` and bias ``b``."""
    return outlooks(config, [s], w, [b], best, band)[0]


def outlooks(config, steps, w: float, biases, best: Best, band: float) -> list[Outlook]:
    """The outlook after each of ``steps`` steps at one weight ``w``, from the bias ``biases`` there, computed for
    all of them at once (a run asks after every step it shows)."""
    biases = np.asarray(biases, dtype=float)
    rule = push_direction(config.reward_handling, config.reward_size, config.reward_offset)
    destinations = [_destination(best, rule, float(b)) for b in biases]
    gaps = np.array([math.nan if d is None else abs(d - b) for d, b in zip(destinations, biases)], dtype=float)
    finite = np.array([d is not None and math.isfinite(d) for d in destinations], dtype=bool)
    close = finite & (gaps <= band)  # within the band of where the push goes
    far = np.array([d is not None for d in destinations], dtype=bool) & ~(finite & (gaps <= MOVE))
    steps_needed = np.full(len(biases), math.inf)
    if far.any():
        directions = np.array([1.0 if destinations[i] > biases[i] else -1.0 for i in np.flatnonzero(far)])
        steps_needed[far] = _steps_to_move(config, w, biases[far], directions)
    # Half of the average push comes from the likely choice's small steps, half from the unlikely choice's big ones
    # (each lr * |reward| * p(1 - p) on average). Where p(B) is nearly 0 or 1 the big ones are rare: count on them
    # only if at least one is expected in the steps left (at most 2 * mean p(1 - p) of the steps pick the unlikely).
    spreads = np.asarray(mean_spread(w, biases, config.hunger), dtype=float)
    saturated = np.asarray(max_spread(w, biases, config.hunger), dtype=float) < SATURATED
    horizons = steps_left(np.asarray(steps, dtype=int), config.steps).tolist()
    typical = typical_step(config, spreads).tolist()
    found = []
    for i, (horizon, spread, needed) in enumerate(zip(horizons, spreads.tolist(), steps_needed.tolist())):
        unlikely = 2 * horizon * spread  # at least the expected number of unlikely choices ahead
        moving = 2 * needed <= horizon or (unlikely >= 1 and needed <= horizon)
        small_steps = horizon * config.learning_rate * typical[i]
        quiet = small_steps < MOVE and (unlikely < 0.1 or 2 * small_steps < MOVE)  # no visible move expected
        to_best = destinations[i] is not None and best.is_best(destinations[i])
        found.append(
            Outlook(rule, destinations[i], horizon, bool(close[i]), moving, quiet, bool(saturated[i]), to_best)
        )
    return found
