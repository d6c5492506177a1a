"""The room's results, for the lecturer to take home: each question the room answered, how many answered, the votes
for each choice, the right answer and the share that got it right. Aggregates only: nothing names a student.

The presenter's sidebar offers them as a CSV file, with one sentence on the question the room got most wrong.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import streamlit as st

import room
from sim.walkthrough import walkthrough
from ui.lecture import predict
from ui.lecture.room_votes import ASKED
from ui.lecture.url import read_lecture_url

COLUMNS = ("round", "update", "question", "answered", "votes", "right answer", "share right")
KINDS = (*predict.ASKED_AT.values(), predict.WHAT_IF)  # the questions of one update, in the order they are asked


@dataclass(frozen=True)
class Result:
    """One question the room was asked and shown the answer to."""

    round: int  # Restart starts a new round of questions
    update: int  # counted from 1
    prompt: str
    choices: tuple[str, ...]
    answer: str
    counts: dict[str, int]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def share_right(self) -> float | None:
        return self.counts.get(self.answer, 0) / self.answered if self.answered else None


def results(code: str, asked: dict | None = None) -> list[Result]:
    """Every revealed question of room ``code``, in the order of the lecture, with its tally.

    ``asked`` (question id -> (update, Question)) holds the questions as this browser revealed them; one it does
    not hold (revealed from another browser) is worked out again from the room's settings now.
    """
    store = room.store()
    current = store.room(code)
    if current is None or not current.revealed:
        return []
    asked = asked or {}
    settings = read_lecture_url(current.lecture).settings
    order = sorted((_parts(question), question) for question in current.revealed)
    updates = walkthrough(settings, max(update for (_, update, _), _ in order) + 1)
    out = []
    for (round_, update, kind), question in order:
        number, q = asked.get(question) or (update + 1, predict.question(updates[update].rounded(), KINDS[kind], False))
        out.append(Result(round_, number, q.prompt, q.choices, q.answer, store.tally(code, question).counts))
    return out


def _parts(question: str) -> tuple[int, int, int]:
    """ "0.1:reward" -> (round 0, update 1, the kind's place in the walk-through), to sort by."""
    head, kind = question.split(":")
    round_, update = head.split(".")
    return int(round_), int(update), KINDS.index(kind)  # the store takes no other kind (room.store.QUESTION_KINDS)


def to_csv(rows: list[Result]) -> str:
    """One line per question; the votes as "choice: count" for every choice, in the question's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        votes = "; ".join(f"{choice}: {r.counts.get(choice, 0)}" for choice in r.choices)
        share = "" if r.share_right is None else f"{r.share_right:.2f}"
        writer.writerow([r.round + 1, r.update, r.prompt, r.answered, votes, r.answer, share])
    return out.getvalue()


def most_wrong(rows: list[Result]) -> str | None:
    """The question the room got most wrong, in one sentence (None before any answered question)."""
    answered = [r for r in rows if r.answered]
    if not answered:
        return None
    worst = min(answered, key=lambda r: (r.share_right, -r.answered))
    right = worst.counts.get(worst.answer, 0)
    return (
        f"Most missed so far: update {worst.update}, “{worst.prompt}” ({right} of {worst.answered} right, "
        f"{worst.share_right:.0%}; the answer: {worst.answer})."
    )


def summary(code: str) -> None:
    """The presenter's sidebar: the most missed question, and the results as a CSV file."""
    try:
        rows = results(code, st.session_state.get(ASKED))
    except room.RoomUnreachable:
        return
    if not rows:
        st.caption("The room's results appear here once you reveal an answer.")
        return
    sentence = most_wrong(rows)
    if sentence:
        st.caption(sentence)
    st.download_button(
        "Download the room's results (CSV)", to_csv(rows), file_name=f"room_{code}_results.csv", mime="text/csv",
        key="room_results", icon=":material/download:",
        help="Per question: how many answered, the votes for each choice, the right answer and the share right. "
        "Counts only: nothing that names a student.",
    )  # fmt: skip
