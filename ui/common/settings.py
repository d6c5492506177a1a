"""Every user-visible setting of the lab and the comparison: sidebar widgets, presets and the URL.

One table (``SETTINGS``, in ``ui.common.setting_table``) describes each setting once. The URL's query string is read
once per session into the widgets, checked by the same validation as ``TrainingConfig`` (``ui.common.url``),
and written back after every change, so a link reproduces the run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping

import streamlit as st

from sim import TrainingConfig
from sim.config import BASELINES
from sim.optimizer import OPTIMIZERS
from sim.policy import REWARD_HANDLINGS
from ui.common.link_text import warn_about_link
from ui.common.setting_table import (
    BASELINE_LABELS,
    DEFAULT_ODDS,
    MAX_LAB_STEPS,
    OPTIMIZER_LABELS,
    PRESET_BASE,
    PRESETS,
    SETTINGS,
)  # fmt: skip
from ui.common.theme import HANDLING_LABELS
from ui.common.url import Extra, UrlState, read_url, write_url

CUSTOM = "(custom)"  # the preset selectbox's choice when the settings equal no preset


def _key(page: str, name: str) -> str:
    return f"{page}:{name}"


def _put_config(page: str, fields, config: TrainingConfig) -> None:
    """Load a config into the widgets' session state."""
    for name in fields:
        value = getattr(config, name)
        if name == "hunger":
            st.session_state[_key(page, "hunger_fixed")] = value is not None
            st.session_state[_key(page, "hunger")] = 0.5 if value is None else value
        elif name == "large_order_odds":
            st.session_state[_key(page, "odds_on")] = value is not None
            at_a, at_b = DEFAULT_ODDS if value is None else value
            st.session_state[_key(page, "odds_a")], st.session_state[_key(page, "odds_b")] = at_a, at_b
        else:
            st.session_state[_key(page, name)] = value


def presets_for(fields) -> list[str]:
    """The presets a page can show: those that change nothing outside the page's own fields."""
    default = TrainingConfig()
    return [
        name
        for name, values in PRESETS.items()
        if all(name_ in fields or value == getattr(default, name_) for name_, value in values.items())
    ]


def preset_of(config: TrainingConfig, fields) -> str:
    """The name of the preset that ``config`` equals on this page's fields, or "(custom)"."""
    for name in presets_for(fields):
        values = {**PRESET_BASE, **PRESETS[name]}
        if all(getattr(config, field) == value for field, value in values.items() if field in fields):
            return name
    return CUSTOM


def _show_preset(page: str, fields) -> None:
    """Before the selectbox is drawn: name the preset the widgets' values equal (a link, or edits that match)."""
    with contextlib.suppress(TypeError, ValueError):  # values that make no config yet: the choice stays
        st.session_state[_key(page, "preset")] = preset_of(_widget_config(page, fields), fields)


def _apply_preset(page: str, fields) -> None:
    preset = st.session_state[_key(page, "preset")]
    if preset in PRESETS:
        current = _widget_config(page, fields)
        _put_config(page, fields, current.replace(**{**PRESET_BASE, **PRESETS[preset]}))


def _widget_config(page: str, fields) -> TrainingConfig:
    values = {}
    for name in fields:
        if name == "hunger":
            fixed = st.session_state.get(_key(page, "hunger_fixed"), False)
            values["hunger"] = st.session_state.get(_key(page, "hunger")) if fixed else None
        elif name == "large_order_odds":
            on = st.session_state.get(_key(page, "odds_on"), False)
            odds = tuple(st.session_state.get(_key(page, f"odds_{place}"), 0.5) for place in "ab")
            values[name] = odds if on else None
        elif _key(page, name) in st.session_state:
            values[name] = st.session_state[_key(page, name)]
    return TrainingConfig(**values)


def load_from_url(
    page: str,
    fields: tuple[str, ...],
    extras: Mapping[str, Extra] | None = None,
    base: TrainingConfig | None = None,
    max_steps: int = MAX_LAB_STEPS,
    check: Callable[[UrlState], None] | None = None,
) -> dict:
    """Once per session and page: read the URL into the widgets; warn once about anything bad.

    Call it before drawing the page's widgets. Returns the page extras (as read from the URL
    the first time, then from session state).
    """
    extras = extras or {}
    loaded = _key(page, "loaded")
    if loaded not in st.session_state:
        state = read_url(st.query_params.to_dict(), fields, extras, base, max_steps, check)
        _put_config(page, fields, state.config)
        for name, value in state.extras.items():
            st.session_state[_key(page, name)] = value
        st.session_state[loaded] = True
        warn_about_link(state.problems)
    _keep_widget_values(page, [*_widget_names(fields), *extras])
    return {name: st.session_state.get(_key(page, name), spec.default) for name, spec in extras.items()}


def _widget_names(fields) -> list[str]:
    odds = ["odds_on", "odds_a", "odds_b"] if "large_order_odds" in fields else []
    return ["preset", *fields, *(["hunger_fixed"] if "hunger" in fields else []), *odds]


def _keep_widget_values(page: str, names) -> None:
    """Bring back widget values that Streamlit dropped while another page was shown.

    Streamlit forgets a widget's value after a run that did not draw it, so a visit to
    another page would reset this page's settings. A plain (non-widget) copy survives.
    """
    saved = st.session_state.setdefault(_key(page, "saved"), {})
    for name in names:
        key = _key(page, name)
        if key in st.session_state:
            saved[name] = st.session_state[key]
        elif name in saved:
            st.session_state[key] = saved[name]


def now(key: str, fallback=None):
    """A widget's value as the session holds it, given to the widget as its default too (``value=``).

    Streamlit's browser side falls back to a widget's default when it has lost the widget's state (seen here:
    after a rerun asked for while the page was being laid out again, every setting read as its minimum). With
    the current value as the default, such a fallback changes nothing. ``.streamlit/config.toml`` turns off
    the warning about a widget given both a default and a value through the session.
    """
    value = st.session_state.get(key)
    return fallback if value is None else value


def _preset_box(page: str, fields: tuple[str, ...]) -> None:
    _show_preset(page, fields)
    st.sidebar.selectbox(
        "Preset",
        [CUSTOM, *presets_for(fields)],
        key=_key(page, "preset"),
        on_change=_apply_preset,
        args=(page, fields),
        help="Load a ready-made set of values. 'The lecture': learning rate 1, weight 20, bias 0. 'StatQuest's "
        "notebook': the settings of StatQuest's own notebook (Adam, portions by chance, 280 steps).",
    )


def sidebar_controls(page: str, fields: tuple[str, ...], max_steps: int = MAX_LAB_STEPS) -> TrainingConfig:
    """Draw the sidebar controls for ``fields`` and return the validated config they describe."""
    sidebar = st.sidebar
    _preset_box(page, fields)
    for name in fields:
        spec = SETTINGS[name]
        key = _key(page, name)
        if spec.kind == "int":
            high = max_steps if name == "steps" else int(spec.high)
            sidebar.number_input(
                spec.label, int(spec.low), high, now(key, "min"), step=int(spec.step), key=key, help=spec.help
            )
        elif spec.kind == "float":
            sidebar.number_input(
                spec.label, float(spec.low), float(spec.high), now(key, "min"), step=float(spec.step), key=key,
                help=spec.help, format="%g",
            )  # fmt: skip
        elif spec.kind == "slider":
            sidebar.slider(
                spec.label,
                float(spec.low),
                float(spec.high),
                now(key, spec.low),
                step=float(spec.step),
                key=key,
                help=spec.help,
            )
        elif spec.kind == "bool":
            sidebar.toggle(spec.label, bool(now(key)), key=key, help=spec.help)
        elif spec.kind == "handling":
            sidebar.selectbox(
                spec.label, REWARD_HANDLINGS, key=key, help=spec.help, format_func=HANDLING_LABELS.__getitem__
            )
        elif spec.kind == "hunger":
            fixed_key = _key(page, "hunger_fixed")
            if sidebar.toggle("Fixed hunger", bool(now(fixed_key)), key=fixed_key, help=spec.help):
                sidebar.slider(spec.label, 0.0, 1.0, now(key, 0.5), step=float(spec.step), key=key, help=spec.help)
        elif spec.kind == "baseline":
            sidebar.selectbox(spec.label, BASELINES, key=key, help=spec.help, format_func=BASELINE_LABELS.__getitem__)
        elif spec.kind == "rate":
            if st.session_state.get(_key(page, "baseline")) == "running_mean":
                sidebar.number_input(
                    spec.label, float(spec.low), float(spec.high), now(key, "min"), step=float(spec.step), key=key,
                    help=spec.help, format="%g",
                )  # fmt: skip
        elif spec.kind == "optimizer":
            sidebar.selectbox(spec.label, OPTIMIZERS, key=key, help=spec.help, format_func=OPTIMIZER_LABELS.__getitem__)
        elif spec.kind == "odds" and sidebar.toggle(
            spec.label, bool(now(_key(page, "odds_on"))), key=_key(page, "odds_on"), help=spec.help
        ):
            for place, words in (("a", "Large order at A"), ("b", "Large order at B")):
                sidebar.slider(
                    words, 0.0, 1.0, now(_key(page, f"odds_{place}"), 0.5), step=float(spec.step),
                    key=_key(page, f"odds_{place}"), help="The chance that this place gives a large order.",
                )  # fmt: skip
    try:
        return _widget_config(page, fields)
    except ValueError as error:  # the widgets' limits should prevent this; never crash if they don't
        sidebar.error(f"Could not use these settings: {error}. Showing the defaults.")
        return TrainingConfig()


def sync_url(
    config: TrainingConfig,
    fields: tuple[str, ...],
    extras: Mapping[str, Extra],
    values: Mapping,
    base: TrainingConfig | None = None,
) -> None:
    """Write the current settings to the URL (only what differs from the page's defaults)."""
    query = write_url(config, fields, extras, values, base)
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)
