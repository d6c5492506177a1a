"""Predict, then reveal: in "Ask before revealing" mode the class commits to an answer before a sub-step is shown.

A question is asked at each sub-step where something new is decided (the place the draw picks,
the derivative's sign, the reward's sign, the way the bias moves) and in the what-if panel (the way
the bias would move if the sign were ignored). ``question`` is pure: the choices, the right answer and
a one-sentence reason with that step's numbers. Answers live in the session, keyed by (update, kind),
so Back and Next never lose one or ask twice; Restart clears them and the tally.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from sim.rounding import number_text
from sim.walkthrough import PLACE_WORDS, Update
from sim.walkthrough_position import Position
from ui.common.theme import PLACE_NAMES
from ui.lecture import state as ls

ASKED_AT = {"draw": "draw", "derivative": "derivative", "reward": "reward", "new_bias": "new_bias"}  # sub-step -> kind
WHAT_IF = "what_if"  # asked in the what-if panel, once the reward is revealed


@dataclass(frozen=True)
class Question:
    kind: str
    prompt: str
    choices: tuple[str, ...]
    answer: str
    why: str  # one sentence with this step's numbers


def _sign(value: float) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


def _way(change: float) -> str:
    return "up" if change > 0 else "down" if change < 0 else "stays"


def question(update: Update, kind: str, exact: bool) -> Question:
    """The question asked before ``kind`` is revealed, for an update as shown (rounded or exact)."""
    build = _QUESTIONS.get(kind)
    if build is None:
        raise ValueError(f"kind={kind!r} is not a question")
    return build(update, _Numbers(exact))


@dataclass(frozen=True)
class _Numbers:
    """How a question writes a number: rounded or exact, as the page shows it."""

    exact: bool

    def __call__(self, value: float) -> str:
        return number_text(value, self.exact)

    def term(self, value: float) -> str:
        """A negative number after a minus sign, in parentheses."""
        return f"({self(value)})" if value < 0 else self(value)


def _draw(u: Update, n: _Numbers) -> Question:
    sign = "<" if u.action == "A" else "≥"
    return Question(
        "draw",
        f"The draw is u = {n(u.draw)}; A's segment runs from 0 to p(A) = {n(u.prob_a)}. Which place does it pick?",
        ("A", "B"),
        u.action,
        f"u = {n(u.draw)} {sign} p(A) = {n(u.prob_a)}, so u lands in {u.action}'s segment: {PLACE_NAMES[u.action]}.",
    )


def _derivative(u: Update, n: _Numbers) -> Question:
    relation = "below" if u.derivative < 0 else "above" if u.derivative > 0 else "equal to"
    return Question(
        "derivative",
        f"p(B) = {n(u.prob_b)} and the ideal is {n(u.ideal)}. Is p(B) − ideal positive, negative or zero?",
        ("positive", "negative", "zero"),
        _sign(u.derivative),
        f"p(B) − ideal = {n(u.prob_b)} − {n(u.ideal)} = {n(u.derivative)}: p(B) is {relation} the ideal.",
    )


def _reward(u: Update, n: _Numbers) -> Question:
    return Question(
        "reward",
        f"Hunger is {n(u.hunger)}; the agent went to {PLACE_NAMES[u.action]}. Is the reward positive or negative?",
        ("positive", "negative"),
        _sign(u.reward),
        f"At hunger {n(u.hunger)} the good choice is {PLACE_WORDS[u.good_place]}; the agent got "
        f"{PLACE_WORDS[u.action]}, so r = {'+' if u.reward > 0 else ''}{n(u.reward)}.",
    )


def _new_bias(u: Update, n: _Numbers) -> Question:
    way = _way(u.bias - u.bias_before)
    return Question(
        "new_bias",
        f"New bias = old bias − step size, and the step size is {n(u.step_size)}. Which way does the bias move?",
        ("up", "down", "stays"),
        way,
        f"b = {n(u.bias_before)} − {n.term(u.step_size)} = {n(u.bias)}: subtracting a {_sign(u.step_size)} step "
        + ("leaves it where it was." if way == "stays" else f"moves it {way}."),
    )


def _what_if(u: Update, n: _Numbers) -> Question:
    ignored = u.ignored
    way = _way(ignored.bias - u.bias_before)
    return Question(
        WHAT_IF,
        f"Which way would the bias move if the reward's sign were ignored (× |r| = {n(abs(u.reward))} "
        f"instead of × r = {n(u.reward)})?",
        ("up", "down", "stays"),
        way,
        f"derivative × |r| = {n.term(u.derivative)} × {n(abs(u.reward))} = {n(ignored.update)}, a step of "
        f"{n(ignored.step_size)}, so b would go from {n(u.bias_before)} to {n(ignored.bias)}"
        + (": it stays." if way == "stays" else f": {way}."),
    )


_QUESTIONS = {"draw": _draw, "derivative": _derivative, "reward": _reward, "new_bias": _new_bias, WHAT_IF: _what_if}


# --- Streamlit part -------------------------------------------------------------------------------


def answers() -> dict:
    return st.session_state.setdefault(ls.ANSWERS, {})


def on() -> bool:
    return bool(st.session_state.get(ls.PREDICT_KEY))


def pending(position: Position, kind: str | None) -> bool:
    """Is the class still to answer ``kind`` at this position (in predict mode)?"""
    return on() and kind is not None and (position.update, kind) not in answers()


def pending_at(position: Position, substep: str) -> bool:
    return pending(position, ASKED_AT.get(substep))


def tally() -> str:
    given = answers().values()
    return f"{sum(right for _choice, right in given)} of {len(given)} right"


def ask(update: Update, position: Position, kind: str, exact: bool) -> None:
    """The question and one button per choice; the answer is revealed on the next run."""
    q = question(update, kind, exact)
    so_far = f" ({tally()} so far)" if answers() else ""
    st.markdown(f"**Predict first{so_far}.** {q.prompt}")
    for column, choice in zip(st.columns(len(q.choices)), q.choices, strict=True):
        column.button(
            choice, key=f"lecture_answer_{kind}_{choice}", on_click=_answer, args=(position.update, kind, choice,
            choice == q.answer), width="stretch",
        )  # fmt: skip


def _answer(update: int, kind: str, choice: str, right: bool) -> None:
    answers()[(update, kind)] = (choice, right)


def feedback(update: Update, position: Position, kind: str | None, exact: bool) -> bool:
    """Right or wrong, the reason in one sentence with this step's numbers, and the tally. Was it shown?"""
    if not on() or kind is None or (position.update, kind) not in answers():
        return False
    choice, right = answers()[(position.update, kind)]
    q = question(update, kind, exact)
    verdict = f"Right: {choice}." if right else f"You said {choice}; it is {q.answer}."
    text = f"{verdict} {q.why} ({tally()})"
    if right:
        st.success(text, icon=":material/check_circle:")
    else:
        st.warning(text, icon=":material/lightbulb:")
    return True
