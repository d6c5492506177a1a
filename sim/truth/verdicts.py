"""Did a run learn? Verdicts defined from the math of the expected reward J (see ``sim.truth.best``).

A verdict judges the run up to some step s of its config.steps (the lab asks at every step):

- *settling*: near the best (the last quarter's expected reward within NEAR_BEST_REWARD of the
  best and, when the best bias is finite, the bias within the band around it), held there by a
  rule that climbs J toward it;
- *running away*: the average push moves the bias away from the best (toward a worse saturation,
  or the bottom of J), or has already carried it away;
- *stuck*: p(B)(1 - p(B)) is negligible at every hunger the run sees, so the derivative vanishes
  and the bias does not move in the steps left;
- *approaching*: the average push moves the bias meaningfully (MOVE) toward the best within the
  steps left;
- *wandering*: no average push (the reward's sign, or the reward, is ignored; or p(B) ignores
  hunger), or a push too weak against the random steps;
- *too early*: too few steps to tell, or steps too small to move the bias in the steps left.

They are checked in that order, so "settling" wins over "stuck" for a run saturated at the best
policy, and "running away" over "stuck" for one that ran away before it saturated. "The steps left"
is the run's remaining steps, but at least the quarter of the steps so far that a verdict judges
by (so a finished run is judged by what another quarter would do). A move is *meaningful* from
MOVE on, and judged for a typical run: the average push (integrated along the path) counts in full
only if the unlikely choice, whose big steps carry half of it, is expected at least once in the
steps left; otherwise only the likely choice's small steps count. "Does not move": neither that
push nor the random steps are expected to reach MOVE. Everything is judged against the best for
the last weight (see ``best_policy``).

Beyond the lecture: J and the best are the reward the policy earns (with ``large_order_odds``,
from the portions; ``sim.truth.best``), and "near the best" is NEAR_BEST_REWARD of the reward the bias
controls (``reward_margin``). A ``reward_offset`` or a baseline changes how a rule pushes
(``sim.truth.push``), never J or the best. With Adam the push's size is an estimate (``adam_mean_step``),
so "approaching", "stuck" and "too early" are judged from it; its direction, and so "settling" and
"running away", is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.truth.best import NEAR_OPTIMUM, Best
from sim.truth.divergence import diverged_step, farther_than_start
from sim.truth.expected_reward import portion_gap
from sim.truth.outlook import MOVE, Outlook, outlook, outlooks

MIN_STEPS = 20  # fewer steps than this: too early to tell
SETTLED_SHARE = 0.8  # settled: this share of the last quarter near the best
VERDICT_KINDS = ("settling", "approaching", "wandering", "running away", "stuck", "too early")


def last_quarter(steps: int) -> slice:
    """The steps a verdict judges a run by: the last quarter (at least one step)."""
    return slice(steps - max(1, steps // 4), None)


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
    weak_push: bool = False  # wandering with an average push, one too weak against the random steps


def _signed(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")


def _always(direction: float) -> str:
    return "always B (bias → +∞)" if direction > 0 else "always A (bias → −∞)"


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
    judged = [s for s in steps if s >= MIN_STEPS]  # the outlooks of every step judged, at once
    ahead = dict(zip(judged, outlooks(config, judged, config.weight, bias[np.array(judged, int) - 1], best, band)))
    at = np.array([s for s in steps if s > 0], dtype=int)  # each step's last quarter, summed up at once
    low = at - np.maximum(1, at // 4)
    means = zip(*(((total[at] - total[low]) / (at - low)).tolist() for total in totals))
    tails = {s: _Tail(*mean, now) for s, mean, now in zip(at.tolist(), means, reward[at - 1].tolist())}
    verdicts = []
    for s in steps:
        if s == 0:
            verdicts.append(_judge(config, 0, config.weight, config.initial_bias, None, None, band))
            continue
        summary = tails[s]
        diverged_at = None
        if farther is not None and farther[s - 1] and s >= MIN_STEPS:
            diverged_at = int(last_near[s - 1] + 1)
        b = float(bias[s - 1])
        verdicts.append(_judge(config, s, config.weight, b, summary, diverged_at, band, ahead.get(s)))
    return verdicts


def _settling_words(best, tail: _Tail, destination: float) -> str:
    """A run settling where the push goes, which is the best: how near it is."""
    if best.saturated:
        return f"settling at the best policy: {_always(destination)}"
    where = f"settling near the best bias ({_signed(best.bias)})"
    return where if tail.share_near >= SETTLED_SHARE else where + ", jittering widely: big steps"


def _running_away_words(best, destination: float, close: bool, rule: int) -> str:
    """A run pushed somewhere that is not the best: off to always A or B, or toward the worst bias."""
    if math.isinf(destination):
        text = f"running away: {_always(destination).split(' (')[0]}"
        if rule > 0:
            text += f", while the best is {best.words}"
        return text
    if close:
        return f"running away from the best: held near the worst bias ({_signed(destination)})"
    return f"running away: toward the worst bias ({_signed(destination)})"


def _judge(
    config, s: int, w: float, b: float, tail: _Tail | None, diverged_at: int | None, band: float,
    ahead: Outlook | None = None,
) -> Verdict:  # fmt: skip
    """The verdict after ``s`` steps, ending at weight ``w`` and bias ``b``, from its last quarter's summary (and
    its ``outlook``, if already known)."""
    problem, hunger = config.problem, config.hunger
    best = problem.best(w)
    if s == 0:
        start = problem.expected_reward(w, b)
        return Verdict("too early", "too early to tell: no steps yet", None, 0.0, start, best.reward)
    margin = problem.margin

    def verdict(kind, text, diverged_at=None, weak_push=False):
        return Verdict(kind, text, diverged_at, tail.share_near, tail.now, best.reward, weak_push)

    if s < MIN_STEPS:
        return verdict("too early", f"too early to tell: only {s} step{'s' if s > 1 else ''} so far")

    ahead = ahead or outlook(config, s, w, b, best, band)
    near_bias = not math.isfinite(best.bias) or abs(tail.offset) <= band  # the definition's two conditions
    if ahead.to_best and ahead.rule > 0 and tail.shortfall <= margin and near_bias:
        return verdict("settling", _settling_words(best, tail, ahead.destination))
    if ahead.destination is not None and not ahead.to_best and (ahead.moving or ahead.close or diverged_at is not None):
        return verdict(
            "running away", _running_away_words(best, ahead.destination, ahead.close, ahead.rule), diverged_at
        )
    if ahead.saturated and not ahead.moving and ahead.quiet:
        place = "always B" if b + w * (0.5 if hunger is None else hunger) > 0 else "always A"
        return verdict("stuck", f"stuck: p(B) is saturated ({place}), so the derivative is about 0", diverged_at)
    if ahead.to_best and ahead.close:
        return verdict("approaching", f"near the best bias ({_signed(best.bias)}), not settled yet")
    if ahead.to_best and ahead.moving:
        if best.saturated:
            goal = f"the best policy, {_always(ahead.destination)}"
        else:
            goal = f"the best bias ({_signed(best.bias)})"
        return verdict("approaching", f"heading for {goal}, not there yet")
    if best.shape == "flat" and portion_gap(config.large_order_odds) == 0:
        text = "wandering: both places give a large order equally often, so every bias earns the same"
        return verdict("wandering", text, diverged_at)
    if best.shape == "flat":
        return verdict("wandering", "wandering: p(B) ignores hunger, so every bias earns the same", diverged_at)
    if ahead.rule == 0:
        if tail.share_near >= SETTLED_SHARE:
            return verdict("wandering", "wandering: near the best for now, but nothing holds it there", diverged_at)
        return verdict("wandering", "wandering: no average push, so it never settles", diverged_at)
    if not ahead.quiet:
        text = "wandering: the average push is too weak against the random steps"
        return verdict("wandering", text, diverged_at, weak_push=True)
    text = f"too early to tell: at this learning rate the bias moves less than {MOVE:g} in {ahead.horizon:,} steps"
    return verdict("too early", text)
