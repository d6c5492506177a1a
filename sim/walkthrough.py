"""The lecture walk-through: every update split into the sub-steps a lecturer writes on the board.

The page keeps only a small position (update, sub-step) and the settings; the numbers
of every update are recomputed here from ``train`` with scripted draws, so walking
forward and back can never lose, repeat or change an update.

from sim.walkthrough import WalkthroughSettings, walkthrough
updates = walkthrough(WalkthroughSettings(), count=2)  # the lecture: bias 0 -> -0.5 -> -1.122
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from sim.config import TrainingConfig
from sim.policy import policy_gradient_step, probability_of_b
from sim.rounding import decimals_of, lecture_round, probability_digits
from sim.training import random_streams, train
from sim.walkthrough_position import MAX_UPDATES

MAX_SCRIPTED_DRAWS = 20
# The lecture's worked example: two updates at hunger 0, weight 20, bias 0, draws 0.2 then 0.9.
LECTURE_CONFIG = TrainingConfig(steps=2, learning_rate=1.0, weight=20.0, initial_bias=0.0, hunger=0.0)
LECTURE_DRAWS = (0.2, 0.9)
PLACE_WORDS = {"A": "small fries", "B": "large fries"}


@dataclass(frozen=True)
class WalkthroughSettings:
    """The "what if" inputs. The defaults are the lecture's: hunger 0, weight 20, bias 0, draws 0.2 then 0.9."""

    hunger: float = LECTURE_CONFIG.hunger
    weight: float = LECTURE_CONFIG.weight
    initial_bias: float = LECTURE_CONFIG.initial_bias
    learning_rate: float = LECTURE_CONFIG.learning_rate
    reward_size: float = LECTURE_CONFIG.reward_size
    draws: tuple[float, ...] = LECTURE_DRAWS  # scripted draws for the first updates; random after them
    seed: int = 0  # seeds the random draws that follow the scripted ones
    reward_threshold: float = LECTURE_CONFIG.reward_threshold

    def __post_init__(self):
        self.config(1)  # the same validation (and messages) as every training run
        draws = tuple(float(u) for u in self.draws)
        if len(draws) > MAX_SCRIPTED_DRAWS:
            raise ValueError(f"{len(draws)} draws is too many; allowed: at most {MAX_SCRIPTED_DRAWS} scripted draws")
        for i, u in enumerate(draws):
            if not (math.isfinite(u) and 0 <= u < 1):
                raise ValueError(f"draw {i + 1} = {u!r} is out of range; allowed: numbers in [0, 1)")
        object.__setattr__(self, "draws", draws)

    def config(self, steps: int) -> TrainingConfig:
        """The training config of a walk-through of ``steps`` updates (hunger fixed, reward sign respected)."""
        return TrainingConfig(
            steps=steps, learning_rate=self.learning_rate, weight=self.weight, initial_bias=self.initial_bias,
            reward_threshold=self.reward_threshold, reward_size=self.reward_size, hunger=self.hunger, seed=self.seed,
        )  # fmt: skip

    def replace(self, **changes) -> WalkthroughSettings:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def changes_from(self, other: WalkthroughSettings) -> list[str]:
        """Names of the fields that differ from ``other``, in field order."""
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name) != getattr(other, f.name)]


def parse_draws(text: str) -> tuple[float, ...]:
    """Read scripted draws from text like "0.2, 0.9"; "random" (or nothing) means no scripted draws."""
    text = str(text).strip()
    if text.lower() in ("", "random"):
        return ()
    draws = []
    for i, part in enumerate(text.replace(";", ",").split(",")):
        part = part.strip()
        try:
            value = float(part)
        except ValueError:
            raise ValueError(
                f"draw {i + 1} = {part!r} is not a number; allowed: numbers in [0, 1) separated by commas, or 'random'"
            ) from None
        if not (math.isfinite(value) and 0 <= value < 1):
            raise ValueError(f"draw {i + 1} = {part} is out of range; allowed: numbers in [0, 1)")
        draws.append(value)
    if len(draws) > MAX_SCRIPTED_DRAWS:
        raise ValueError(f"{len(draws)} draws is too many; allowed: at most {MAX_SCRIPTED_DRAWS} scripted draws")
    return tuple(draws)


@dataclass(frozen=True)
class Alternative:
    """The same update with the reward handled differently (sign ignored or flipped)."""

    handling: str  # "ignore_sign" or "flip_sign"
    update: float  # derivative × |reward| or derivative × (−reward)
    step_size: float
    bias: float  # where the bias would move
    prob_b_after: float
    moves: int  # +1: p(good place) rises, as it should; -1: it falls; 0: no visible change (see moves_toward_good)

    @property
    def towards_good(self) -> bool:
        return self.moves > 0


@dataclass(frozen=True)
class Update:
    """Every number of one update of the walk-through, named as in the lecture."""

    number: int  # counted from 1
    scripted: bool  # False: the draw came from the seeded random stream
    hunger: float
    weight: float
    learning_rate: float
    bias_before: float
    weighted_input: float  # weight × hunger
    logit: float  # weight × hunger + bias
    prob_b: float
    prob_a: float  # 1 − p(B): the length of A's segment of the 0..1 line
    draw: float
    action: str  # "A" or "B"
    ideal: float
    derivative: float
    reward: float
    good: bool  # was the choice good (B when hungry, A when not)?
    hungry: bool
    update: float  # derivative × reward
    step_size: float
    bias: float  # after the update
    logit_after: float
    prob_b_after: float
    prob_a_after: float
    moves: int  # +1: the good place became more likely; -1: less likely; 0: no visible change
    ignored: Alternative  # what if the reward's sign were ignored
    flipped: Alternative  # what if it were flipped

    @property
    def towards_good(self) -> bool:
        """Did the update make the good place more likely?"""
        return self.moves > 0

    @property
    def good_place(self) -> str:
        """The place a good choice would have been at this hunger."""
        return "B" if self.hungry else "A"

    def rounded(self) -> Update:
        """The same update rounded like the lecture: one decimal, or two for a probability that one would distort.

        Inputs (hunger, weight, learning rate, draw, the first bias) are shown as given. A probability keeps
        two decimals where one would be more than 10% off (``probability_digits``): the lecture wrote its
        final p(B) as 0.25, not 0.2, and its 0.3775 as 0.4. The same value is rounded the same way wherever
        it appears, so the new p(B) of one update reads as the p(B) the next one starts from. The
        derivative, the update and the step size have as many decimals as the p(B) they come from. A value
        that would become 0 keeps one significant digit instead, so a small step never reads as no step.
        """
        digits = probability_digits(self.prob_b)
        ones = ("weighted_input", "logit", "bias", "logit_after")
        values = {name: lecture_round(getattr(self, name)) for name in ones}
        for name in ("prob_b", "derivative", "update", "step_size"):
            values[name] = lecture_round(getattr(self, name), digits)
        after = probability_digits(self.prob_b_after)
        values["prob_b_after"] = lecture_round(self.prob_b_after, after)
        values["prob_a_after"] = lecture_round(self.prob_a_after, after)
        # A's segment ends at p(A); keep enough digits that "draw < p(A)" reads as it was decided.
        while digits < 6 and (self.draw < lecture_round(self.prob_a, digits)) != (self.action == "A"):
            digits += 1
        values["prob_a"] = lecture_round(self.prob_a, digits)
        if self.number > 1:
            values["bias_before"] = lecture_round(self.bias_before)
        for name in ("ignored", "flipped"):  # a column of the what-if table: the new p(B)s with as many decimals
            values[name] = _round_alternative(getattr(self, name), values["derivative"], self.derivative, after)
        return dataclasses.replace(self, **values)


def _round_alternative(alternative: Alternative, shown_derivative: float, derivative: float, after: int) -> Alternative:
    digits, after = decimals_of(shown_derivative, derivative), max(after, probability_digits(alternative.prob_b_after))
    return dataclasses.replace(
        alternative,
        update=lecture_round(alternative.update, digits),
        step_size=lecture_round(alternative.step_size, digits),
        bias=lecture_round(alternative.bias),
        prob_b_after=lecture_round(alternative.prob_b_after, after),
    )


def draws_for(settings: WalkthroughSettings, count: int) -> np.ndarray:
    """The draws of the first ``count`` updates: the scripted ones, then the seeded random stream.

    Update t always gets the same draw (the t-th of the stream, cut to two decimals), so
    asking for more updates never changes an earlier one.
    """
    _, random_draws = random_streams(settings.config(count))
    # Two decimals, so a class can read a random draw aloud; floor keeps it inside [0, 1).
    random_draws = np.floor(random_draws * 100) / 100
    scripted = np.asarray(settings.draws[:count], dtype=float)
    random_draws[: len(scripted)] = scripted
    return random_draws


def walkthrough(settings: WalkthroughSettings, count: int) -> list[Update]:
    """The first ``count`` updates, every intermediate value, computed by ``train`` with scripted draws."""
    if not 1 <= count <= MAX_UPDATES:
        raise ValueError(f"count={count!r} is out of range; allowed: whole number 1..{MAX_UPDATES}")
    config = settings.config(count)
    history = train(config, draws=draws_for(settings, count))
    biases_before = [config.initial_bias, *history.bias[:-1].tolist()]
    updates = []
    for i in range(count):
        hunger, bias_before, bias = float(history.hunger[i]), biases_before[i], float(history.bias[i])
        weight = float(history.weight[i])
        hungry = hunger >= config.reward_threshold
        action = "AB"[int(history.action[i])]
        prob_b = float(history.prob_b[i])
        prob_b_after = float(probability_of_b(hunger, weight, bias))
        updates.append(
            Update(
                number=i + 1,
                scripted=i < len(settings.draws),
                hunger=hunger,
                weight=weight,
                learning_rate=config.learning_rate,
                bias_before=bias_before,
                weighted_input=weight * hunger + 0.0,
                logit=weight * hunger + bias_before,
                prob_b=prob_b,
                prob_a=1.0 - prob_b,
                draw=float(history.draw[i]),
                action=action,
                ideal=float(history.ideal[i]),
                derivative=float(history.derivative[i]),
                reward=float(history.reward[i]),
                good=bool(history.reward[i] > 0),
                hungry=hungry,
                update=float(history.update[i]),
                step_size=float(history.step_size[i]),
                bias=bias,
                logit_after=weight * hunger + bias,
                prob_b_after=prob_b_after,
                prob_a_after=1.0 - prob_b_after,
                moves=moves_toward_good(prob_b, prob_b_after, hungry),
                ignored=_alternative(config, hunger, float(history.draw[i]), weight, bias_before, "ignore_sign"),
                flipped=_alternative(config, hunger, float(history.draw[i]), weight, bias_before, "flip_sign"),
            )
        )
    return updates


def _alternative(config, hunger, draw, weight, bias_before, handling) -> Alternative:
    step = policy_gradient_step(
        hunger, draw, weight, bias_before, config.learning_rate, handling, config.reward_threshold, config.reward_size
    )
    prob_after = float(probability_of_b(hunger, weight, step.bias))
    prob_before = float(step.prob_b)
    moves = moves_toward_good(prob_before, prob_after, hunger >= config.reward_threshold)
    return Alternative(handling, float(step.update), float(step.step_size), float(step.bias), prob_after, moves)


NO_CHANGE = 1e-9  # a change of p(B) smaller than this is no change: the page could not show it


def moves_toward_good(prob_b_before: float, prob_b_after: float, hungry: bool) -> int:
    """+1 if the good place became more likely (B when hungry, else A), -1 if less likely, 0 if p(B) did not
    visibly change (a saturated p(B): the derivative, and so the step, is about 0)."""
    change = prob_b_after - prob_b_before
    if abs(change) <= NO_CHANGE:
        return 0
    return 1 if (change > 0) == hungry else -1


def reward_reason(update: Update, short: bool = False) -> str:
    """The reward in words: "not hungry and got small fries: good, +1" (short: "not hungry, small fries: good")."""
    state = "hungry" if update.hungry else "not hungry"
    verdict = "good" if update.good else "bad"
    if short:
        return f"{state}, {PLACE_WORDS[update.action]}: {verdict}"
    amount = f"{'+' if update.good else '−'}{abs(update.reward):g}"
    return f"{state} and got {PLACE_WORDS[update.action]}: {verdict}, {amount}"
