"""The lecture's "What if…?" inputs in the sidebar. Any change restarts the walk-through with the new values."""

from __future__ import annotations

import streamlit as st

from sim.rounding import number_text
from sim.walkthrough import WalkthroughSettings, parse_draws
from ui.common.settings import now
from ui.lecture import room as lecture_room
from ui.lecture import state as ls
from ui.lecture.url import MAX_SEED, NUMBER_INPUTS

FIELD_LABELS = {field: label for field, (label, *_rest) in NUMBER_INPUTS.items()} | {"draws": "draws", "seed": "seed"}


def what_if_inputs() -> None:
    for field, (label, help_text, low, high, step) in NUMBER_INPUTS.items():
        st.number_input(
            label, min_value=low, max_value=high, value=now(ls.INPUT_KEYS[field], "min"), step=step, format="%g",
            key=ls.INPUT_KEYS[field], help=help_text, on_change=_apply_what_if,
        )  # fmt: skip
    st.text_input(
        "Draws, in order",
        now(ls.DRAWS_KEY, ""),
        key=ls.DRAWS_KEY,
        help="Numbers in [0, 1) separated by commas, used for the first updates (the lecture: 0.2, 0.9). "
        "After them, or if you type 'random', the draws are random.",
        on_change=_apply_what_if,
    )
    st.number_input(
        "Seed of the random draws", min_value=0, max_value=MAX_SEED, value=now(ls.SEED_KEY, "min"), step=1,
        key=ls.SEED_KEY,
        help="The same seed gives the same random draws, so Back and Next never change a past update.",
        on_change=_apply_what_if,
    )  # fmt: skip
    st.button("The lecture's numbers", key="lecture_reset_inputs", on_click=_reset_inputs, width="stretch")


def _apply_what_if() -> None:
    """Read every input; if valid and different, restart with it and say so; if not, name the problem."""
    state = st.session_state
    try:
        values = {field: state[key] for field, key in ls.INPUT_KEYS.items()}
        new = WalkthroughSettings(**values, draws=parse_draws(state[ls.DRAWS_KEY]), seed=int(state[ls.SEED_KEY]))
    except (ValueError, TypeError) as error:
        state[ls.PROBLEM] = f"Not applied: {_readable(str(error))}. The walk-through keeps its previous values."
        return
    state[ls.PROBLEM] = None
    old = state[ls.SETTINGS]
    if new == old:
        return
    changes = ", ".join(
        f"{FIELD_LABELS[name].lower()} {_setting_text(old, name)} → {_setting_text(new, name)}"
        for name in new.changes_from(old)
    )
    state[ls.SETTINGS] = new
    ls.restart()
    lecture_room.restarted()  # in a live room: new numbers, so a new round of questions
    state[ls.NOTICE] = f"New what-if values ({changes}): the walk-through restarted from the first update."


def _reset_inputs() -> None:
    ls.load_inputs(WalkthroughSettings())
    _apply_what_if()


def _readable(message: str) -> str:
    """Config messages name fields as in code (learning_rate=0.0); say them as the inputs do."""
    for field, label in FIELD_LABELS.items():
        message = message.replace(f"{field}=", f"{label.lower()} = ")
    return message


def _setting_text(settings: WalkthroughSettings, name: str) -> str:
    value = getattr(settings, name)
    if name == "draws":
        return ", ".join(number_text(u, False) for u in value) or "random"
    return number_text(float(value), False)
