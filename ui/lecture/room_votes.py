"""Votes in a live room: the question on every student's page, the live tally on the lecturer's.

In "Ask before revealing" mode each question (``ui.lecture.predict.question``) is asked of the room:
a following student's page shows its choices, and one vote per page and question can be changed until
the reveal. The lecturer's page shows the question, the room's tally as it comes in (a small bar chart
and a sentence), and a Reveal button; on the reveal every page shows the right answer, its reason and
how the room voted. A vote is one of the question's choices: nothing a student types is shown.
"""

from __future__ import annotations

import streamlit as st

import room
from sim.walkthrough import Update
from sim.walkthrough_position import Position
from ui.common.theme import PLOTLY_CONFIG
from ui.lecture import predict
from ui.lecture import room as lr
from ui.lecture import room_member as rm
from ui.lecture import state as ls
from ui.lecture.room_listener import listen

ASKED = "room_asked"  # question id -> (update from 1, the Question as asked): what the results name

SAY = {  # how "n% say ..." ends, by question kind and choice
    "draw": "the draw picks {}",
    "derivative": "p(B) − ideal is {}",
    "reward": "the reward is {}",
    "new_bias": "the bias goes {}",
    "what_if": "the bias would go {}",
}


def says(kind: str, choice: str) -> str:
    if choice == "stays":
        return "the bias stays" if kind == "new_bias" else "the bias would stay"
    return SAY[kind].format(choice)


def tally_sentence(tally: room.Tally, kind: str, choices: tuple[str, ...]) -> str:
    """'23 of 31 answered: 70% say the bias goes down' (the leading choice; ties name every leader)."""
    answered, present = tally.answered, max(tally.present, tally.answered)
    if not answered:
        return f"0 of {present} answered yet."
    top = max(tally.counts.values())
    leaders = [c for c in choices if tally.counts.get(c, 0) == top]
    share = round(100 * top / answered)
    named = " and ".join(says(kind, c) for c in leaders)
    return f"{answered} of {present} answered: {share}% {'each ' if len(leaders) > 1 else ''}say {named}."


def tally_figure(tally: room.Tally, choices: tuple[str, ...]) -> dict:
    """One bar per choice, its count and share written beside it: a figure dict (cheap to rebuild per vote)."""
    counts = [tally.counts.get(c, 0) for c in choices]
    total = max(1, sum(counts))
    return {
        "data": [
            {
                "type": "bar", "orientation": "h", "y": list(choices), "x": counts,
                "text": [f"{n} ({round(100 * n / total)}%)" for n in counts], "textposition": "outside",
                "marker": {"color": "#0072B2"}, "hoverinfo": "skip", "cliponaxis": False,
            }
        ],
        "layout": {
            "height": 60 + 34 * len(choices), "margin": {"l": 80, "r": 70, "t": 10, "b": 30},
            "xaxis": {"range": [0, max(1, max(counts)) * 1.35], "title": {"text": "votes"}, "fixedrange": True},
            "yaxis": {"autorange": "reversed", "fixedrange": True}, "font": {"size": 15, "color": "#111111"},
            "paper_bgcolor": "white", "plot_bgcolor": "white", "showlegend": False,
        },
    }  # fmt: skip


def ask(role: lr.Role | None, update: Update, position: Position, kind: str, exact: bool) -> None:
    """The question: to the room in a live room, or to this page alone (``ui.lecture.predict``)."""
    if not in_room(role):
        predict.ask(update, position, kind, exact)
        return
    q = predict.question(update, kind, exact)
    question = lr.question_id(role, position.update, kind)
    if role.presenter:
        st.markdown(f"**The room predicts.** {q.prompt}")
        _live_tally(role.code, question, kind, q.choices)
        st.button(
            "Reveal the answer", key=f"room_reveal_{kind}", type="primary", on_click=_reveal,
            args=(role.code, question, position.update, kind, q),
        )  # fmt: skip
        return
    mine = room.store().my_vote(role.code, question, rm.member())
    st.markdown(f"**Predict first.** {q.prompt}")
    for column, choice in zip(st.columns(len(q.choices)), q.choices, strict=True):
        column.button(
            choice, key=f"room_vote_{kind}_{choice}", on_click=_vote, args=(role.code, question, choice),
            type="primary" if choice == mine else "secondary", width="stretch",
        )  # fmt: skip
    if mine:
        st.caption(f"Your vote: {mine}. You can change it until the lecturer reveals the answer.")
    else:
        st.caption("Vote with one click; the lecturer reveals the answer.")


@st.fragment
def _live_tally(code: str, question: str, kind: str, choices: tuple[str, ...]) -> None:
    """The tally, redrawn alone (not the page) when votes come in: the listener reruns this fragment."""
    try:
        current = room.store().room(code)
        tally = room.store().tally(code, question)
    except room.RoomUnreachable as error:
        st.caption(str(error))
        return
    if current is None:
        return
    sentence = tally_sentence(tally, kind, choices)
    st.plotly_chart(
        tally_figure(tally, choices), width="stretch", config=PLOTLY_CONFIG | {"displayModeBar": False},
        key="room_tally_chart", alt=f"The room's votes so far. {sentence}",
    )  # fmt: skip
    st.markdown(f"**{sentence}**")
    if tally.away:
        away = "vote comes" if tally.away == 1 else "votes come"
        st.caption(f"{tally.away} of these {away} from pages not connected to the room now: closed since, or scripted.")
    listen(
        "tally",
        code,
        current.revision,
        votes=current.votes,
        member=rm.member(),
        attempt=st.session_state.get(lr.ATTEMPT, ""),
    )


def _reveal(code: str, question: str, update: int, kind: str, q: predict.Question) -> None:
    try:
        room.store().reveal(code, st.session_state[lr.SECRET], question)
        counts = room.store().tally(code, question).counts
    except room.RoomError as error:
        st.session_state[rm.MESSAGE] = str(error)
        return
    leader = max(q.choices, key=lambda c: counts.get(c, 0)) if counts else ""
    predict.answers()[(update, kind)] = (leader, leader == q.answer)
    st.session_state.setdefault(ASKED, {})[question] = (update + 1, q)  # the question as the room saw it


def _vote(code: str, question: str, choice: str) -> None:
    if not rm.allowed("vote"):
        return
    try:
        room.store().vote(code, rm.member(), question, choice, rm.client())
    except room.RoomError as error:
        st.session_state[rm.MESSAGE] = str(error)


def feedback(role: lr.Role | None, update: Update, position: Position, kind: str | None, exact: bool) -> bool:
    """After the reveal: the right answer and its reason, how the room voted, and this page's vote."""
    if not in_room(role):
        return predict.feedback(update, position, kind, exact)
    if not predict.on() or kind is None or (position.update, kind) not in predict.answers():
        return False
    q = predict.question(update, kind, exact)
    question = lr.question_id(role, position.update, kind)
    tally = room.store().tally(role.code, question)
    right = tally.counts.get(q.answer, 0)
    room_words = (
        f"The room: {right} of {tally.answered} said {q.answer}." if tally.answered else "Nobody in the room voted."
    )
    mine = None if role.presenter else room.store().my_vote(role.code, question, rm.member())
    if mine is None:
        text = f"It is {q.answer}. {q.why} {room_words}"
    else:
        text = (
            f"Right: {mine}." if mine == q.answer else f"You said {mine}; it is {q.answer}."
        ) + f" {q.why} {room_words}"
    if mine is not None and mine != q.answer:
        st.warning(text, icon=":material/lightbulb:")
    else:
        st.success(text, icon=":material/check_circle:")
    return True


def in_room(role: lr.Role | None) -> bool:
    """Do the room's votes replace this page's own predictions? (Not while a student explores alone.)"""
    return role is not None and (role.presenter or role.following) and bool(st.session_state.get(ls.PREDICT_KEY))
