"""One frozen, validated description of a training run.

The same validation guards every way a config is made: code, notebooks and
the page's URL (``TrainingConfig.from_strings``), so bad values always get the
same message naming the field, the value and the allowed range.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from sim.optimizer import OPTIMIZERS
from sim.policy import REWARD_HANDLINGS
from sim.truth import best as task
from sim.truth import push

BASELINES = ("none", "running_mean")

MAX_STEPS = 200_000
MAX_SEED = 2**32 - 1
MAX_OFFSET = 100.0  # reward_offset in [-100, 100]


def _number(name, value, low, high, *, low_open=False, integer=False, hint=None):
    """Return value as a float (or int), or raise ValueError naming field, value and range."""
    low_bracket = "(" if low_open else "["
    allowed = hint or f"{low_bracket}{low:g}, {high:g}]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name}={value!r} is not a number; allowed: {allowed}")
    if not math.isfinite(value):
        raise ValueError(f"{name}={value!r} is not finite; allowed: {allowed}")
    if integer and value != int(value):
        raise ValueError(f"{name}={value!r} is not a whole number; allowed: {allowed}")
    too_low = value <= low if low_open else value < low
    if too_low or value > high:
        raise ValueError(f"{name}={value!r} is out of range; allowed: {allowed}")
    return int(value) if integer else float(value)


def _one_of(name, value, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: {', '.join(allowed)}")


ODDS_HINT = "None, or two chances (at_A, at_B) each in [0, 1], e.g. (0.2, 0.8)"


def _odds(value) -> tuple[float, float]:
    """(at_A, at_B) as two floats in [0, 1], or raise ValueError naming field, value and range."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise ValueError(f"large_order_odds={value!r} is not two numbers; allowed: {ODDS_HINT}")
    for place, chance in zip("AB", value):
        try:
            _number("large_order_odds", chance, 0, 1)
        except ValueError:
            raise ValueError(
                f"large_order_odds={tuple(value)!r}: the chance at {place} ({chance!r}) is not a number in [0, 1]; "
                f"allowed: {ODDS_HINT}"
            ) from None
    return (float(value[0]), float(value[1]))


@dataclass(frozen=True)
class Problem:
    """The task, apart from how the agent learns: B is the good choice from ``reward_threshold`` on, the reward is
    +-``reward_size``, ``hunger`` is the hunger every step sees (None: uniform on [0, 1]), and with
    ``large_order_odds`` the reward follows the portion received. Take it from a config (``config.problem``):
    the best policy and the expected reward depend on these four and on nothing else of the config."""

    reward_threshold: float = 0.5
    reward_size: float = 1.0
    hunger: float | None = None
    large_order_odds: tuple[float, float] | None = None

    def _terms(self) -> tuple:
        return (self.reward_threshold, self.reward_size, self.hunger, self.large_order_odds)

    def best(self, weight: float) -> task.Best:
        """The best policy for this weight: its bias, expected reward, words and the shape of J (sim.truth.best)."""
        return task.best_policy(float(weight), *self._terms())

    def push(self, bias, weight, learning_rate=1.0, reward_handling="correct", reward_offset=0.0):
        """A rule's average change of the bias in one step from ``bias``, plain gradient descent (sim.truth.push)."""
        return push.mean_push(bias, weight, learning_rate, reward_handling, *self._terms()[:3], reward_offset,
                              self.large_order_odds)  # fmt: skip

    def expected_reward(self, weight, bias):
        """J: the mean reward of the policy's own choices (vectorised; see sim.truth.expected_reward)."""
        return task.expected_reward(weight, bias, *self._terms())

    def best_bias(self, weight):
        """The best bias per weight (vectorised): +-inf when saturated, nan when every bias is as good."""
        return task.best_bias(weight, self.reward_threshold, self.hunger, self.large_order_odds)

    def best_expected_reward(self, weight):
        """The best expected reward per weight (vectorised)."""
        return task.best_expected_reward(weight, *self._terms())

    def drawn_best(self, weight):
        """Where to draw the best per weight (vectorised): finite even when the best policy is saturated."""
        return task.drawn_best(weight, self.reward_threshold, self.hunger, self.large_order_odds)

    @property
    def margin(self) -> float:
        """How far below the best expected reward still counts as near it (sim.truth.best.reward_margin)."""
        return task.reward_margin(self.reward_size, self.large_order_odds)

    @property
    def perfect_reward(self) -> float:
        """The highest expected reward any policy earns, whatever its weight: at each hunger, the place that pays
        more on average (B when hungry, A when not, unless the odds turn that round). A trained weight's limit."""
        at_a, at_b = (0.0, 1.0) if self.large_order_odds is None else self.large_order_odds
        hungry = max(2 * at_b - 1, 2 * at_a - 1)  # E[reward] / size of the better place when hungry
        not_hungry = max(1 - 2 * at_a, 1 - 2 * at_b)  # and when not
        t = self.reward_threshold
        if self.hunger is not None:
            share_hungry = 1.0 if self.hunger >= t else 0.0
        else:
            share_hungry = 1 - t
        return self.reward_size * (share_hungry * hungry + (1 - share_hungry) * not_hungry)


@dataclass(frozen=True)
class TrainingConfig:
    """Everything that decides a run. Same config, same history, bit for bit."""

    steps: int = 2000
    learning_rate: float = 1.0
    weight: float = 20.0
    initial_bias: float = 0.0
    train_weight: bool = False
    reward_handling: str = "correct"
    reward_threshold: float = 0.5
    reward_size: float = 1.0
    hunger: float | None = None  # None: uniform on [0, 1] each step; a number: fixed
    seed: int = 0
    # Beyond the lecture (issue #11): see sim.policy.policy_gradient_step and sim.optimizer.
    reward_offset: float = 0.0  # added to every reward before the handling
    baseline: str = "none"  # "running_mean": the update uses (handled reward - running mean of them)
    baseline_rate: float = 0.01  # how fast the running mean follows: b += rate * (handled - b)
    optimizer: str = "sgd"  # "sgd": the lecture's learning_rate * update; "adam": Adam's step
    large_order_odds: tuple[float, float] | None = None  # (at_A, at_B): chance each place gives a large order

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        put("steps", _number("steps", self.steps, 1, MAX_STEPS, integer=True, hint=f"whole number 1..{MAX_STEPS:,}"))
        put("learning_rate", _number("learning_rate", self.learning_rate, 0, 100, low_open=True))
        put("weight", _number("weight", self.weight, -100, 100))
        put("initial_bias", _number("initial_bias", self.initial_bias, -1000, 1000))
        if not isinstance(self.train_weight, bool):
            raise ValueError(f"train_weight={self.train_weight!r} is not allowed; allowed: True or False")
        if self.reward_handling not in REWARD_HANDLINGS:
            raise ValueError(
                f"reward_handling={self.reward_handling!r} is not allowed; allowed: {', '.join(REWARD_HANDLINGS)}"
            )
        put("reward_threshold", _number("reward_threshold", self.reward_threshold, 0, 1))
        put("reward_size", _number("reward_size", self.reward_size, 0, 100, low_open=True))
        if self.hunger is not None:
            put("hunger", _number("hunger", self.hunger, 0, 1, hint="None (uniform on [0, 1]) or a number in [0, 1]"))
        put("seed", _number("seed", self.seed, 0, MAX_SEED, integer=True, hint=f"whole number 0..{MAX_SEED}"))
        put("reward_offset", _number("reward_offset", self.reward_offset, -MAX_OFFSET, MAX_OFFSET))
        _one_of("baseline", self.baseline, BASELINES)
        put("baseline_rate", _number("baseline_rate", self.baseline_rate, 0, 1, low_open=True))
        _one_of("optimizer", self.optimizer, OPTIMIZERS)
        if self.large_order_odds is not None:
            put("large_order_odds", _odds(self.large_order_odds))

    @property
    def problem(self) -> Problem:
        """The task this run faces: threshold, reward size, hunger and odds, as one value."""
        return Problem(self.reward_threshold, self.reward_size, self.hunger, self.large_order_odds)

    def replace(self, **changes) -> TrainingConfig:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict of every field."""
        return dataclasses.asdict(self)

    def to_strings(self, base: TrainingConfig | None = None) -> dict[str, str]:
        """Fields that differ from ``base`` (the defaults if None), as strings (for a URL query)."""
        base = base or TrainingConfig()
        out = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value != getattr(base, field.name):
                out[field.name] = _format(value, field.name)
        return out

    @classmethod
    def from_strings(cls, strings: dict[str, str], base: TrainingConfig | None = None):
        """Parse text values (e.g. a URL query) over ``base``.

        Returns ``(config, problems)``: every field that cannot be parsed or is out
        of range keeps the base value, and ``problems`` lists one message per bad field.
        Unknown names are ignored here; the caller decides what else a query may hold.
        """
        base = base or cls()
        fields = {f.name for f in dataclasses.fields(cls)}
        config, problems = base, []
        for name, text in strings.items():
            if name not in fields:
                continue
            try:
                value = _parse(name, text)
                config = config.replace(**{name: value})
            except ValueError as error:
                problems.append(str(error))
        return config, problems


def _format(value, name="") -> str:
    if value is None:
        return "none" if name == "large_order_odds" else "uniform"
    if isinstance(value, tuple):
        return ",".join(_format(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    return str(value)


def boolean(name: str, text: str, allowed: str = "true or false") -> bool:
    """A yes or no from text: 1, true, yes or on; 0, false, no or off. The one reading of every link's flags."""
    if text.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if text.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name}={text!r} is not allowed; allowed: {allowed}")


def _parse(name: str, text: str):
    text = str(text).strip()
    if name in ("reward_handling", "baseline", "optimizer"):
        return text
    if name == "large_order_odds":
        if text.lower() in ("none", ""):
            return None
        parts = text.split(",")
        try:
            return tuple(float(part) for part in parts)
        except ValueError:
            raise ValueError(f"large_order_odds={text!r} is not two numbers; allowed: {ODDS_HINT}") from None
    if name == "train_weight":
        return boolean(name, text)
    if name == "hunger" and text.lower() in ("uniform", "none", ""):
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number") from None
    if name in ("steps", "seed"):
        if not math.isfinite(number) or number != int(number):
            raise ValueError(f"{name}={text!r} is not a whole number")
        return int(number)
    return number
