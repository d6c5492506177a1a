"""One frozen, validated description of a training run.

The same validation guards every way a config is made: code, notebooks and
the page's URL (``TrainingConfig.from_strings``), so bad values always get the
same message naming the field, the value and the allowed range.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from sim.policy import REWARD_HANDLINGS

MAX_STEPS = 200_000
MAX_SEED = 2**32 - 1


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
                out[field.name] = _format(value)
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


def _format(value) -> str:
    if value is None:
        return "uniform"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    return str(value)


def _parse(name: str, text: str):
    text = str(text).strip()
    if name == "reward_handling":
        return text
    if name == "train_weight":
        if text.lower() in ("true", "1", "yes", "on"):
            return True
        if text.lower() in ("false", "0", "no", "off"):
            return False
        raise ValueError(f"train_weight={text!r} is not allowed; allowed: true or false")
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
