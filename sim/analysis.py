"""Did a run learn? Verdicts defined from the math of the expected reward J (see ``sim.best``).

A verdict judges the run up to some step s of its config.steps (the lab asks at every step):

- *settling*: near the best (the last quarter's expected reward within NEAR_BEST_REWARD of the
  best and, when the best bias is finite, the bias within the band around it), held there by a
  rule that climbs J toward it;
- *running away*: the average pull moves the bias away from the best (toward a worse saturation,
  or the bottom of J), or has already carried it away;
- *stuck*: p(B)(1 - p(B)) is negligible at every hunger the run sees, so the derivative vanishes
  and the bias does not move in the steps left;
- *approaching*: the average pull moves the bias meaningfully (MOVE) toward the best within the
  steps left;
- *wandering*: no average pull (the reward's sign, or the reward, is ignored; or p(B) ignores
  hunger), or a pull too weak against the random steps;
- *too early*: too few steps to tell, or steps too small to move the bias in the steps left.

They are checked in that order, so "settling" wins over "stuck" for a run saturated at the best
policy, and "running away" over "stuck" for one that ran away before it saturated. "The steps left"
is the run's remaining steps, but at least the quarter of the steps so far that a verdict judges
by (so a finished run is judged by what another quarter would do). A move is *meaningful* from
MOVE on, and judged for a typical run: the average pull (integrated along the path) counts in full
only if the unlikely choice, whose big steps carry half of it, is expected at least once in the
steps left; otherwise only the likely choice's small steps count. "Does not move": neither that
pull nor the random steps are expected to reach MOVE. Everything is judged against the best for
the last weight (see ``best_policy``).

Beyond the lecture: J and the best are the reward the policy earns (with ``large_order_odds``,
from the portions; ``sim.best``), and "near the best" is NEAR_BEST_REWARD of the reward the bias
controls (``reward_margin``). A ``reward_offset`` or a baseline changes how a rule pulls
(``sim.drift``), never J or the best. With Adam the pull's size is an estimate (``adam_mean_step``),
so "approaching", "stuck" and "too early" are judged from it; its direction, and so "settling" and
"running away", is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.best import (  # noqa: F401  (re-exported: sim.analysis was their home)
    NEAR_BEST_REWARD,
    NEAR_OPTIMUM,
    Best,
    best_policy,
    expected_reward,
    optimal_bias,
    portion_gap,
    reward_margin,
)
from sim.divergence import diverged_step, farther_than_start
from sim.drift import (  # noqa: F401  (re-exported too)
    bias_pull,
    climbs,
    max_spread,
    mean_bias_drift,
    mean_spread,
    typical_step,
)

MIN_STEPS = 20  # fewer steps than this: too early to tell
SATURATED = 0.01  # p(B)(1 - p(B)) below this at every hunger: p(B) within about 1% of 0 or 1
MOVE = NEAR_OPTIMUM / 4  # a meaningful move of the bias
SETTLED_SHARE = 0.8  # settled: this share of the last quarter near the best
VERDICT_KINDS = ("settling", "approaching", "wandering", "running away", "stuck", "too early")
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)


def last_quarter(steps: int) -> slice:
    """The steps a verdict judges a run by: the last quarter (at least one step)."""
    return slice(steps - max(1, steps // 4), None)


def steps_left(steps_so_far: int, total: int) -> int:
    """The horizon a verdict looks ahead: the remaining steps, at least the last quarter's length."""
    return max(total - steps_so_far, max(1, steps_so_far // 4))


@dataclass(frozen=True)
class Verdict:
    """Did a run learn? ``kind`` is one of VERDICT_KINDS; ``text`` is one line for the page."""

    kind: str
    text: str
    # The first step after which the bias stays farther from the best than it started, plus the band
    # (None while it is not, and for a run settling, approaching or too early to tell).
    diverged_at: int | None
    share_near_optimum: float  # share of the last quarter of steps near the best
    expected_reward: float = 0.0  # of the policy after the last step judged
    best_reward: float = 0.0  # the best expected reward for the last weight


def _signed(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")


def _always(direction: float) -> str:
    return "always B (bias → +∞)" if direction > 0 else "always A (bias → −∞)"


def _destination(best: Best, rule: int, bias: float) -> float | None:
    """Where the rule's average pull carries the bias from ``bias``: a turning bias or +-inf; None without a pull.

    A rule that climbs J goes up its hill (or up the side of its valley it is on); one that
    descends goes the other way. J has at most one turning point (see ``sim.best``).
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


def _step_facts(best: Best, bias, reward, band, margin):
    """Per step: ``(near, shortfall, offset)`` against ``best``.

    Near the best: the expected reward within NEAR_BEST_REWARD of the best and, when the best bias is finite,
    the bias within ``band`` of it. Shortfall: best reward minus reward. Offset: bias minus a finite best bias.
    """
    offset = bias - best.bias if math.isfinite(best.bias) else np.zeros_like(bias)
    near = reward >= best.reward - margin
    if math.isfinite(best.bias):
        near &= np.abs(offset) <= band
    return near, best.reward - reward, offset


@dataclass(frozen=True)
class _Tail:
    """The last quarter of the judged steps, summed up."""

    share_near: float
    shortfall: float  # mean of best reward minus reward
    offset: float  # mean of bias minus a finite best bias
    reward: float  # mean expected reward
    bias: float  # mean bias
    now: float  # expected reward after the last step


def _steps_to_move(config, weight: float, bias: float, direction: float) -> float:
    """Steps the average pull needs to carry the bias MOVE further in ``direction`` (inf if it never does)."""
    path = bias + direction * MOVE * (_NODES + 1) / 2
    pull = bias_pull(config, weight, path)
    with np.errstate(divide="ignore", over="ignore"):
        return float(MOVE / 2 * np.sum(_WEIGHTS / np.abs(pull)))


def divergence_verdict(config, bias, weight=None, band=NEAR_OPTIMUM, expected=None) -> Verdict:
    """Judge the run up to step len(bias) of config.steps from its bias (and weight) after each step.

    The best is the best for the last weight. ``expected``: the expected reward after each step, if
    known (computed otherwise, over the last quarter only). A few passes over the prefix at most:
    fast enough to call at every step a page shows; ``verdicts_at`` is faster for many prefixes.
    """
    bias = np.asarray(bias, dtype=float)
    weight = np.broadcast_to(np.asarray(config.weight if weight is None else weight, dtype=float), bias.shape)
    s = len(bias)
    if s == 0:
        return _judge(config, 0, config.weight, config.initial_bias, None, None, band)
    problem = config.problem
    w = float(weight[-1])
    best = problem.best(w)
    tail = last_quarter(s)
    if expected is None:
        expected = problem.expected_reward(weight[tail], bias[tail])
    else:
        expected = expected[tail]
    reward = np.asarray(expected, dtype=float)
    near, shortfall, offset = _step_facts(best, bias[tail], reward, band, problem.margin)
    summary = _Tail(
        float(near.mean()), float(shortfall.mean()), float(offset.mean()), float(reward.mean()),
        float(bias[tail].mean()), float(reward[-1]),
    )  # fmt: skip
    diverged_at = diverged_step(best, bias, config.initial_bias, band) if s >= MIN_STEPS else None
    return _judge(config, s, w, float(bias[-1]), summary, diverged_at, band)


def verdicts_at(history, steps, band=NEAR_OPTIMUM) -> list[Verdict]:
    """The verdict of ``history``'s run up to each step in ``steps`` (0: before the first update).

    Equal to ``divergence_verdict`` on each prefix. With a fixed weight the best never moves, so the
    per-step facts are computed once and each prefix's last quarter is summed from running totals.
    """
    config, bias, weight, reward = history.config, history.bias, history.weight, history.expected_reward
    steps = [int(s) for s in steps]
    if config.train_weight:
        return [divergence_verdict(config, bias[:s], weight[:s], band, reward[:s]) for s in steps]
    best = config.problem.best(config.weight)
    near, shortfall, offset = _step_facts(best, bias, reward, band, config.problem.margin)
    totals = [np.concatenate(([0.0], np.cumsum(v, dtype=float))) for v in (near, shortfall, offset, reward, bias)]
    farther = farther_than_start(best, bias, config.initial_bias, band)
    if farther is not None:
        last_near = np.maximum.accumulate(np.where(farther, -1, np.arange(len(farther))))
    verdicts = []
    for s in steps:
        if s == 0:
            verdicts.append(_judge(config, 0, config.weight, config.initial_bias, None, None, band))
            continue
        low = s - max(1, s // 4)
        summary = _Tail(*(float(total[s] - total[low]) / (s - low) for total in totals), float(reward[s - 1]))
        diverged_at = None
        if farther is not None and farther[s - 1] and s >= MIN_STEPS:
            diverged_at = int(last_near[s - 1] + 1)
        verdicts.append(_judge(config, s, config.weight, float(bias[s - 1]), summary, diverged_at, band))
    return verdicts


def _judge(config, s: int, w: float, b: float, tail: _Tail | None, diverged_at: int | None, band: float) -> Verdict:
    """The verdict after ``s`` steps, ending at weight ``w`` and bias ``b``, from its last quarter's summary."""
    problem, size, hunger = config.problem, config.reward_size, config.hunger
    best = problem.best(w)
    if s == 0:
        start = problem.expected_reward(w, b)
        return Verdict("too early", "too early to tell: no steps yet", None, 0.0, start, best.reward)
    margin = problem.margin

    def verdict(kind, text, diverged_at=None):
        return Verdict(kind, text, diverged_at, tail.share_near, tail.now, best.reward)

    if s < MIN_STEPS:
        return verdict("too early", f"too early to tell: only {s} step{'s' if s > 1 else ''} so far")

    rule = climbs(config.reward_handling, size, config.reward_offset)
    destination = _destination(best, rule, b)
    horizon = steps_left(s, config.steps)
    close, steps_needed = False, math.inf  # close: within the band of where the pull goes
    if destination is not None:
        close = math.isfinite(destination) and abs(destination - b) <= band
        if not (math.isfinite(destination) and abs(destination - b) <= MOVE):
            steps_needed = _steps_to_move(config, w, b, 1.0 if destination > b else -1.0)
    # Half of the average pull comes from the likely choice's small steps, half from the unlikely choice's big ones
    # (each lr * |reward| * p(1 - p) on average). Where p(B) is nearly 0 or 1 the big ones are rare: count on them
    # only if at least one is expected in the steps left (at most 2 * mean p(1 - p) of the steps pick the unlikely).
    spread = float(mean_spread(w, b, hunger))
    unlikely = 2 * horizon * spread  # at least the expected number of unlikely choices ahead
    moving = 2 * steps_needed <= horizon or (unlikely >= 1 and steps_needed <= horizon)
    small_steps = horizon * config.learning_rate * typical_step(config, w, b, spread)
    quiet = small_steps < MOVE and (unlikely < 0.1 or 2 * small_steps < MOVE)  # no visible move expected
    saturated = float(max_spread(w, b, hunger)) < SATURATED
    to_best = destination is not None and best.is_best(destination)

    share = tail.share_near
    if to_best and rule > 0 and tail.shortfall <= margin:
        if best.saturated:
            return verdict("settling", f"settling at the best policy: {_always(destination)}")
        where = f"settling near the best bias ({_signed(best.bias)})"
        if share >= SETTLED_SHARE:
            return verdict("settling", where)
        if abs(tail.offset) <= band:
            return verdict("settling", where + ", jittering widely: big steps")
        # The hill's top is so flat that the random steps keep the bias off it, at nearly the best reward.
        text = (
            f"settling near the best expected reward ({tail.reward:.2f} of {best.reward:.2f}) around bias "
            f"{_signed(tail.bias)}, where J is nearly flat"
        )
        return verdict("settling", text)
    if destination is not None and not to_best and (moving or close or diverged_at is not None):
        if math.isinf(destination):
            text = f"running away: {_always(destination).split(' (')[0]}"
            if rule > 0:
                text += f", while the best is {best.words}"
        elif close:
            text = f"running away from the best: held near the worst bias ({_signed(destination)})"
        else:
            text = f"running away: toward the worst bias ({_signed(destination)})"
        return verdict("running away", text, diverged_at)
    if saturated and not moving and quiet:
        place = "always B" if b + w * (0.5 if hunger is None else hunger) > 0 else "always A"
        return verdict("stuck", f"stuck: p(B) is saturated ({place}), so the derivative is about 0", diverged_at)
    if to_best and close:
        return verdict("approaching", f"near the best bias ({_signed(best.bias)}), not settled yet")
    if to_best and moving:
        goal = f"the best policy, {_always(destination)}" if best.saturated else f"the best bias ({_signed(best.bias)})"
        return verdict("approaching", f"heading for {goal}, not there yet")
    if best.shape == "flat" and portion_gap(config.large_order_odds) == 0:
        text = "wandering: both places give a large order equally often, so every bias earns the same"
        return verdict("wandering", text, diverged_at)
    if best.shape == "flat":
        return verdict("wandering", "wandering: p(B) ignores hunger, so every bias earns the same", diverged_at)
    if rule == 0:
        if share >= SETTLED_SHARE:
            return verdict("wandering", "wandering: near the best for now, but nothing holds it there", diverged_at)
        return verdict("wandering", "wandering: no average pull, so it never settles", diverged_at)
    if not quiet:
        return verdict("wandering", "wandering: the average pull is too weak against the random steps", diverged_at)
    text = f"too early to tell: at this learning rate the bias moves less than {MOVE:g} in {horizon:,} steps"
    return verdict("too early", text)
