"""A page's settings in the URL's query string, read and written (pure: no Streamlit).

Every page's parameters are ``Extra``s read by ``read_extras`` and written by ``write_extras``; the lab and the
comparison add their ``TrainingConfig`` (``read_url``, ``write_url``), the lecture its walk-through
(``ui.lecture.url``).

The query string is read once per session into the widgets (``ui.common.settings``), checked by the same
validation as ``TrainingConfig``, and written back after every change, so a link reproduces the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sim import TrainingConfig
from sim.config import boolean
from ui.common.setting_table import MAX_LAB_STEPS


@dataclass(frozen=True)
class Extra:
    """A page setting that is not part of the config (the step shown, presentation mode, ...)."""

    default: object
    parse: Callable[[str], object]  # raises ValueError with a message for bad text
    format: Callable[[object], str] = str


def number(low: float, high: float, name: str, allowed: str = "") -> Callable[[str], float]:
    """A parser for a finite number in [low, high] whose message names the parameter (and ``allowed``, if given)."""
    allowed = allowed or f"{low:g}..{high:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{name}={text!r} is not a number; allowed: {allowed}") from None
        if not (math.isfinite(value) and low <= value <= high):  # nan and inf are out of every range
            raise ValueError(f"{name}={text!r} is out of range; allowed: {allowed}")
        return value

    return parse


def whole_number(low: int, high: int, name: str) -> Callable[[str], int]:
    """A parser for a whole number in [low, high] whose message names the parameter."""
    allowed = f"whole number {low}..{high:,}"
    within = number(low, high, name, allowed)

    def parse(text: str) -> int:
        value = within(text)
        if not value.is_integer():
            raise ValueError(f"{name}={text!r} is not a whole number; allowed: {allowed}")
        return int(value)

    return parse


def flag(name: str) -> Callable[[str], bool]:
    """A parser for a URL boolean (1/0, true/false, yes/no, on/off) whose message names the parameter.

    The one parser of every page's flags: the lab's and comparison's extras, and the lecture's.
    """

    return lambda text: boolean(name, text, "1 or 0")


@dataclass
class UrlState:
    """What a URL asked for, after validation: a config, page extras and the problems found."""

    config: TrainingConfig
    extras: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_url(
    query: Mapping[str, str],
    fields: tuple[str, ...],
    extras: Mapping[str, Extra] | None = None,
    base: TrainingConfig | None = None,
    max_steps: int = MAX_LAB_STEPS,
    check: Callable[[UrlState], None] | None = None,
) -> UrlState:
    """Parse a query string (pure: no Streamlit). Bad values fall back to the defaults and are named.

    ``check`` sees the parsed state and may reset an extra and add a problem, for rules that
    tie an extra to the config (e.g. the step shown cannot lie beyond the run).
    """
    extras = extras or {}
    known = {k: v for k, v in query.items() if k in fields}
    too_many = _steps_over(known.get("steps"), max_steps)
    if too_many:  # this page's limit, whatever the core's: one message for every number above it
        del known["steps"]
    config, problems = TrainingConfig.from_strings(known, base)
    if too_many:
        problems.insert(0, too_many)
    values, more = read_extras(query, extras, known=fields)
    state = UrlState(config, values, problems + more)
    if check is not None:
        check(state)
    return state


def _steps_over(text, max_steps: int) -> str:
    """The message for a steps value above this page's limit ("" if it is not a number above it)."""
    try:
        steps = float(text)
    except (TypeError, ValueError):
        return ""
    if steps <= max_steps:
        return ""
    shown = int(steps) if steps.is_integer() else text
    return f"steps={shown} is out of range; allowed: whole number 1..{max_steps:,} on this page"


def write_url(
    config: TrainingConfig,
    fields: tuple[str, ...],
    extras: Mapping[str, Extra],
    values: Mapping,
    base: TrainingConfig | None = None,
) -> dict:
    """The query string for a config and page extras: only what differs from the page's defaults."""
    query = {k: v for k, v in config.to_strings(base).items() if k in fields}
    return query | write_extras(extras, values)


def read_extras(
    query: Mapping[str, str], extras: Mapping[str, Extra], known: tuple[str, ...] = ()
) -> tuple[dict, list[str]]:
    """Each extra's value from the query (its default where it is absent or bad), and the problems found: a bad
    value, or a name that is neither an extra nor ``known``. Every page reads its link with this."""
    values = {name: spec.default for name, spec in extras.items()}
    problems = []
    for name, text in query.items():
        if name in extras:
            try:
                values[name] = extras[name].parse(str(text))
            except ValueError as error:
                problems.append(str(error))
        elif name not in known:
            problems.append(f"{name!r} is not a setting of this page (ignored)")
    return values, problems


def write_extras(extras: Mapping[str, Extra], values: Mapping) -> dict[str, str]:
    """The query string of the extras whose values differ from their defaults."""
    return {
        name: spec.format(values[name])
        for name, spec in extras.items()
        if values.get(name, spec.default) != spec.default
    }
