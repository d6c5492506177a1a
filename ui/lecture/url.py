"""The lecture walk-through's state in the URL: position, exact/rounded, the what-if inputs, random draws, predict.

``read_lecture_url`` and ``write_lecture_url`` are pure (no Streamlit): a query string in, a
``LectureState`` and the problems found out, and back. Only what differs from the defaults is
written, as in the lab. A bad value is named in one problem and falls back to its default; the
rest of the link still applies. Parameter names are the ``WalkthroughSettings`` field names.

/lecture?update=2&substep=reward&exact=1&learning_rate=0.5&draws=0.2,0.9&predict=1&presentation=1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sim.config import MAX_SEED
from sim.walkthrough import WalkthroughSettings, parse_draws
from sim.walkthrough_position import LAST_SUBSTEP, MAX_UPDATES, SUBSTEPS, Position, can_start_update
from ui.common.setting_table import SETTINGS
from ui.common.url import Extra, flag, number, read_extras, whole_number, write_extras

# The what-if inputs: URL name (= settings field) -> (label, help, min, max, step of the number input), from the
# one settings table; the lecture's hunger is one fixed value, so its help says what that value means.
_OWN_HELP = {"hunger": "0 = not hungry, 1 = starving. Hungry from 0.5."}
NUMBER_INPUTS = {
    name: (SETTINGS[name].label, _OWN_HELP.get(name, SETTINGS[name].help), float(SETTINGS[name].low),
           float(SETTINGS[name].high), float(SETTINGS[name].step))
    for name in ("hunger", "initial_bias", "learning_rate", "weight", "reward_size")
}  # fmt: skip
FLAGS = ("exact", "random", "predict", "presentation")


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


def _substep(text: str) -> int:
    text = text.strip().lower()
    if text in SUBSTEPS:
        return SUBSTEPS.index(text)
    if text.isdigit() and 1 <= int(text) <= len(SUBSTEPS):
        return int(text) - 1
    allowed = ", ".join(SUBSTEPS)
    raise ValueError(f"substep={text!r} is not a sub-step; allowed: {allowed} (or 1..{len(SUBSTEPS)})")


def _draws(text: str) -> tuple[float, ...]:
    try:
        return parse_draws(text)
    except ValueError as error:
        raise ValueError(f"draws={text!r}: {error}") from None


_DEFAULT = WalkthroughSettings()
# Every parameter of the lecture's link, read and written by the one mechanism of every page (ui.common.url).
# The update is counted from 1 in the link, from 0 in ``Position``.
EXTRAS = {
    "update": Extra(1, whole_number(1, MAX_UPDATES, "update")),
    "substep": Extra(0, _substep, lambda index: SUBSTEPS[index]),
    **{name: Extra(False, flag(name), lambda on: "1") for name in FLAGS},
    **{name: Extra(getattr(_DEFAULT, name), number(low, high, name), number_text)
       for name, (_label, _help, low, high, _step) in NUMBER_INPUTS.items()},
    "draws": Extra(_DEFAULT.draws, _draws, lambda draws: ",".join(number_text(u) for u in draws) or "random"),
    "seed": Extra(_DEFAULT.seed, whole_number(0, MAX_SEED, "seed"), number_text),
}  # fmt: skip
SETTING_NAMES = (*NUMBER_INPUTS, "draws", "seed")


def read_lecture_url(query: Mapping[str, str]) -> LectureState:
    """Parse a query string. Bad values fall back to their defaults and are named in ``problems``."""
    values, problems = read_extras(query, EXTRAS)
    settings = _DEFAULT
    for name in SETTING_NAMES:  # each checked alone by the simulation too; a bad one keeps its default
        try:
            settings = settings.replace(**{name: values[name]})
        except ValueError as error:
            problems.append(f"{name}={query[name]!r}: {error}")
    state = LectureState(settings, problems=problems, **{name: values[name] for name in FLAGS})
    update = values["update"] - 1
    if not can_start_update(update, len(settings.draws), state.random or not settings.draws):
        problems.append(
            f"update={query['update']!r} is past the end; allowed: 1..{len(settings.draws)} "
            "(later updates need random draws: random=1)"
        )
        update = 0
    state.position = Position(update, min(values["substep"], LAST_SUBSTEP))
    return state


def write_lecture_url(state: LectureState) -> dict[str, str]:
    """The query string for a state: only what differs from the defaults."""
    values = {name: getattr(state, name) for name in FLAGS} | {
        name: getattr(state.settings, name) for name in SETTING_NAMES
    }
    values |= {"update": state.position.update + 1, "substep": state.position.substep}
    return write_extras(EXTRAS, values)
