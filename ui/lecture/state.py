"""The lecture walk-through's session state: where the class is, the what-if values, and the URL that mirrors them.

The page keeps only a position (update, sub-step), whether random draws are on, the what-if
settings, exact/rounded, predict mode and the class's answers; every number is recomputed by
``sim.walkthrough`` on each run, so Back and Next can never lose or change an update. A fresh
session starts from its URL (``ui.lecture.url``); every run ends by writing the state back to it.
"""

from __future__ import annotations

import streamlit as st

from sim.rounding import number_text
from sim.walkthrough import WalkthroughSettings
from sim.walkthrough_position import Position
from ui.lecture.url import NUMBER_INPUTS, LectureState, read_lecture_url, write_lecture_url

POSITION = "lecture_position"
RANDOM_ON = "lecture_random"
SETTINGS = "lecture_settings"
NOTICE = "lecture_notice"
PROBLEM = "lecture_problem"
URL_PROBLEMS = "lecture_url_problems"
ANSWERS = "lecture_answers"  # (update, question kind) -> (choice, right?)
EXACT_KEY = "lecture_exact"
PREDICT_KEY = "lecture_predict"
PRESENTATION_KEY = "lecture_presentation"
TOGGLES = "lecture_toggles"  # a plain copy of the toggles, which outlives a visit to another page
DRAWS_KEY = "lecture_draws"
SEED_KEY = "lecture_seed"
# Session-state key of each number input of the what-if panel, by settings field.
INPUT_KEYS = {
    "hunger": "lecture_hunger",
    "initial_bias": "lecture_bias",
    "learning_rate": "lecture_learning_rate",
    "weight": "lecture_weight",
    "reward_size": "lecture_reward_size",
}
assert set(INPUT_KEYS) == set(NUMBER_INPUTS)
ROOM_PARAMETERS = ("room", "presenter")  # the live room's, in the same link (ui.lecture.room)


def start_session() -> None:
    """First run of this tab: everything the URL asks for (the lecture's numbers where it asks for nothing)."""
    state = st.session_state
    if SETTINGS not in state:
        query = {k: v for k, v in st.query_params.to_dict().items() if k not in ROOM_PARAMETERS}
        loaded = read_lecture_url(query)
        state[SETTINGS] = loaded.settings
        state[POSITION] = loaded.position
        state[RANDOM_ON] = loaded.random
        state[EXACT_KEY] = loaded.exact
        state[PREDICT_KEY] = loaded.predict
        state[PRESENTATION_KEY] = loaded.presentation
        state[ANSWERS] = {}
        state[URL_PROBLEMS] = loaded.problems
        load_inputs(loaded.settings)
    # Streamlit forgets a widget's value when another page ran in between: put the inputs and toggles back.
    if any(key not in state for key in (*INPUT_KEYS.values(), DRAWS_KEY, SEED_KEY)):
        load_inputs(state[SETTINGS])
    saved = state.setdefault(TOGGLES, {})
    for key in (EXACT_KEY, PREDICT_KEY, PRESENTATION_KEY):
        if key in state:
            saved[key] = state[key]
        state[key] = saved.get(key, False)
    state.setdefault(ANSWERS, {})


def load_inputs(settings: WalkthroughSettings) -> None:
    for field, key in INPUT_KEYS.items():
        st.session_state[key] = float(getattr(settings, field))
    st.session_state[DRAWS_KEY] = ", ".join(number_text(u, False, "-") for u in settings.draws) or "random"
    st.session_state[SEED_KEY] = settings.seed


def current() -> LectureState:
    state = st.session_state
    return LectureState(
        settings=state[SETTINGS],
        position=state[POSITION],
        exact=bool(state.get(EXACT_KEY)),
        random=bool(state[RANDOM_ON]),
        predict=bool(state.get(PREDICT_KEY)),
        presentation=bool(state.get(PRESENTATION_KEY)),
    )


def sync_url(extra: dict[str, str] | None = None) -> None:
    """Write the walk-through's state to the address bar (only what differs from the defaults), and ``extra``."""
    query = write_lecture_url(current()) | (extra or {})
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)


def random_on(settings: WalkthroughSettings) -> bool:
    # With no scripted draws every draw is random from the start.
    return st.session_state[RANDOM_ON] or not settings.draws


def restart() -> None:
    """Back to the first sub-step; the class's answers and tally start again."""
    st.session_state[POSITION] = Position()
    st.session_state[RANDOM_ON] = False
    st.session_state[ANSWERS] = {}
