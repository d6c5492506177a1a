"""The lecture walk-through's state in the URL: position, exact/rounded, the what-if inputs, random draws, predict.

``read_lecture_url`` and ``write_lecture_url`` are pure (no Streamlit): a query string in, a
``LectureState`` and the problems found out, and back. Only what differs from the defaults is
written, as in the lab. A bad value is named in one problem and falls back to its default; the
rest of the link still applies. Parameter names are the ``WalkthroughSettings`` field names.

/lecture?update=2&substep=reward&exact=1&learning_rate=0.5&draws=0.2,0.9&predict=1&presentation=1
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from sim.config import MAX_SEED
from sim.walkthrough import WalkthroughSettings, parse_draws
from sim.walkthrough_position import LAST_SUBSTEP, MAX_UPDATES, SUBSTEPS, Position, can_start_update
from ui.common.setting_table import SETTINGS
from ui.common.url import flag

# The what-if inputs: URL name (= settings field) -> (label, help, min, max, step of the number input), from the
# one settings table; the lecture's hunger is one fixed value, so its help says what that value means.
_OWN_HELP = {"hunger": "0 = not hungry, 1 = starving. Hungry from 0.5."}
NUMBER_INPUTS = {
    name: (SETTINGS[name].label, _OWN_HELP.get(name, SETTINGS[name].help), float(SETTINGS[name].low),
           float(SETTINGS[name].high), float(SETTINGS[name].step))
    for name in ("hunger", "initial_bias", "learning_rate", "weight", "reward_size")
}  # fmt: skip
FLAGS = ("exact", "random", "predict", "presentation")
PARAMETERS = ("update", "substep", *FLAGS, *NUMBER_INPUTS, "draws", "seed")


@dataclass
class LectureState:
    """Everything a link can set, after validation."""

    settings: WalkthroughSettings = field(default_factory=WalkthroughSettings)
    position: Position = field(default_factory=Position)
    exact: bool = False
    random: bool = False  # "Continue with random draws" was pressed
    predict: bool = False  # "Ask before revealing"
    presentation: bool = False  # for a projector: larger text and lines, the sidebar folded away
    problems: list[str] = field(default_factory=list)


def number_text(value: float) -> str:
    """A number for the URL: the shortest text that reads back as the same float ("0.5", "20", "1e-05")."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _number(name: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number; allowed: {low:g}..{high:g}") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}={text!r} is out of range; allowed: {low:g}..{high:g}")
    return value


def _substep(text: str) -> int:
    if text in SUBSTEPS:
        return SUBSTEPS.index(text)
    if text.isdigit() and 1 <= int(text) <= len(SUBSTEPS):
        return int(text) - 1
    allowed = ", ".join(SUBSTEPS)
    raise ValueError(f"substep={text!r} is not a sub-step; allowed: {allowed} (or 1..{len(SUBSTEPS)})")


def _seed(text: str) -> int:
    value = _number("seed", text, 0, MAX_SEED)
    if not value.is_integer():
        raise ValueError(f"seed={text!r} is not a whole number; allowed: whole number 0..{MAX_SEED}")
    return int(value)


def _settings(query: Mapping[str, str], problems: list[str]) -> WalkthroughSettings:
    """The what-if inputs, each checked alone (its range and the simulation's); a bad one keeps its default."""
    parsers = {
        name: (lambda text, name=name, low=low, high=high: _number(name, text, low, high))
        for name, (_label, _help, low, high, _step) in NUMBER_INPUTS.items()
    } | {"draws": parse_draws, "seed": _seed}
    settings = WalkthroughSettings()
    for name, parse in parsers.items():
        if name not in query:
            continue
        text = str(query[name])
        try:
            settings = settings.replace(**{name: parse(text)})
        except ValueError as error:
            message = str(error)
            problems.append(message if message.startswith(f"{name}=") else f"{name}={text!r}: {message}")
    return settings


def read_lecture_url(query: Mapping[str, str]) -> LectureState:
    """Parse a query string. Bad values fall back to their defaults and are named in ``problems``."""
    state = LectureState()
    problems = state.problems
    for name in query:
        if name not in PARAMETERS:
            problems.append(f"{name!r} is not a setting of this page (ignored)")
    for name in FLAGS:
        if name in query:
            try:
                setattr(state, name, flag(name)(str(query[name])))
            except ValueError as error:
                problems.append(str(error))
    state.settings = _settings(query, problems)
    substep = 0
    if "substep" in query:
        try:
            substep = _substep(str(query["substep"]).strip().lower())
        except ValueError as error:
            problems.append(str(error))
    update = 0
    if "update" in query:
        text = str(query["update"])
        try:
            update = int(_number("update", text, 1, MAX_UPDATES)) - 1
            if update + 1 != float(text):
                raise ValueError(f"update={text!r} is not a whole number; allowed: 1..{MAX_UPDATES}")
            random_on = state.random or not state.settings.draws
            if not can_start_update(update, len(state.settings.draws), random_on):
                raise ValueError(
                    f"update={text!r} is past the end; allowed: 1..{len(state.settings.draws)} "
                    "(later updates need random draws: random=1)"
                )
        except ValueError as error:
            problems.append(str(error) if "update=" in str(error) else f"update={text!r}: {error}")
            update = 0
    state.position = Position(update, min(substep, LAST_SUBSTEP))
    return state


def write_lecture_url(state: LectureState) -> dict[str, str]:
    """The query string for a state: only what differs from the defaults."""
    query: dict[str, str] = {}
    if state.position.update:
        query["update"] = str(state.position.update + 1)
    if state.position.substep:
        query["substep"] = SUBSTEPS[state.position.substep]
    for name in FLAGS:
        if getattr(state, name):
            query[name] = "1"
    default = WalkthroughSettings()
    for name in state.settings.changes_from(default):
        value = getattr(state.settings, name)
        if name == "draws":
            query[name] = ",".join(number_text(u) for u in value) or "random"
        elif name in NUMBER_INPUTS or name == "seed":
            query[name] = number_text(value)
    return query
