"""The lecture with a live room, in AppTest: each AppTest is one browser tab (its own session), all in one process.

A student's page redraws when the browser's listener hears the room move; here each ``run()`` is that
redraw. The room store is this process's, as on a one-process server.
"""

from __future__ import annotations

import pytest

import room
from room.memory_store import MemoryStore
from tests.lecture_driver import click, opened


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [e.value for e in at.success]
    parts += [e.value for e in at.warning] + [e.value for e in at.info] + [c.value for c in at.caption]
    return "\n".join(parts)


def lecturer(query: dict | None = None):
    at = opened(query or {})
    click(at, "room_open")
    code = at.session_state["room_code"]
    assert at.query_params["room"] == code and "presenter" not in at.query_params
    return at, code


def student(code: str, query: dict | None = None):
    """A student's page; connected, as its browser's event stream would make it (``room.events``)."""
    at = opened({"room": code} | (query or {}))
    if "room_member" in at.session_state:
        room.store().seen(code, at.session_state["room_member"])
    return at


def position(at) -> tuple[int, int]:
    p = at.session_state["lecture_position"]
    return p.update, p.substep


@pytest.fixture(autouse=True)
def fresh_store(monkeypatch):
    fresh = MemoryStore()
    fresh.listeners.append(room.fanout.deliver)
    monkeypatch.setattr(room, "_store", fresh)
    return fresh


def test_students_follow_the_lecturers_clicks_and_can_explore_alone():
    lect, code = lecturer()
    desk, phone = student(code), student(code)
    assert f"Room **{code}**" in texts(desk)
    assert not [b for b in desk.button if b.key == "lecture_next"]  # following: the lecturer's buttons move it
    for _ in range(3):
        click(lect, "lecture_next")
    for page in (desk, phone):
        page.run()
        assert position(page) == (0, 3) and page.query_params["substep"] == "derivative"
        assert page.query_params["room"] == code

    desk.toggle(key="room_following").set_value(False).run()
    click(desk, "lecture_back")
    assert position(desk) == (0, 2)
    click(lect, "lecture_next")
    desk.run()
    assert position(desk) == (0, 2)  # exploring: the lecturer's click does not move it
    desk.toggle(key="room_following").set_value(True).run()
    assert position(desk) == (0, 4)  # following again: at the lecturer's step


def test_the_room_votes_and_the_lecturer_reveals():
    lect, code = lecturer({"predict": "1"})
    students = [student(code) for _ in range(3)]
    click(lect, "lecture_next")  # sub-step 2: which place does the draw pick?
    assert "0 of 3 answered yet." in texts(lect)
    for page, choice in zip(students, "AAB"):
        page.run()
        assert page.session_state["lecture_predict"] and "Predict first." in texts(page)
        click(page, f"room_vote_draw_{choice}")
        assert f"Your vote: {choice}." in texts(page)
    click(students[2], "room_vote_draw_A")  # changed before the reveal
    lect.run()
    assert "3 of 3 answered: 100% say the draw picks A." in texts(lect)
    assert not [b for b in lect.button if b.key == "lecture_next" and not b.disabled]  # Next waits for the reveal
    click(lect, "room_reveal_draw")
    assert "It is A." in texts(lect) and "The room: 3 of 3 said A." in texts(lect)
    for page in students:
        page.run()
        assert "Right: A." in texts(page)
    late = students[0]
    assert not [b for b in late.button if (b.key or "").startswith("room_vote_")]  # votes have ended


def test_restart_asks_every_question_again():
    lect, code = lecturer({"predict": "1"})
    pupil = student(code)
    click(lect, "lecture_next")
    pupil.run()
    click(pupil, "room_vote_draw_B")
    click(lect, "room_reveal_draw")
    click(lect, "lecture_restart")
    click(lect, "lecture_next")
    pupil.run()
    assert "Predict first." in texts(pupil) and "Your vote" not in texts(pupil)
    assert "0 of 1 answered yet." in texts(lect)


def test_a_guessed_or_wrong_presenter_secret_cannot_move_the_room():
    lect, code = lecturer()
    intruder = opened({"room": code, "presenter": "not-the-secret-at-all"})
    assert "does not belong to room" in texts(intruder)
    assert "room_code" not in intruder.session_state and "room_secret" not in intruder.session_state
    before = room.store().room(code).revision
    intruder.run()
    assert room.store().room(code).revision == before


def test_the_presenter_link_presents_from_another_browser():
    lect, code = lecturer()
    secret = lect.session_state["room_secret"]
    click(lect, "lecture_next")
    other = opened({"room": code, "presenter": secret})
    assert "presenter" not in other.query_params  # the secret leaves the address bar at once
    assert position(other) == (0, 1) and f"You present room **{code}**" in texts(other)
    click(other, "lecture_next")
    pupil = student(code)
    assert position(pupil) == (0, 2)


def test_a_code_that_does_not_exist_gets_a_message_never_an_exception():
    page = opened({"room": "ZZZ222"})  # from a link: the room may come back (a restart), so the page waits
    assert "Room ZZZ222 is not open at the moment" in texts(page) and "check the code" not in texts(page)
    assert page.query_params["room"] == "ZZZ222"  # a reload still rejoins
    page = opened({"room": "<script>alert(1)</script>"})
    assert "That is not a room code: check the slide." in texts(page) and "alert" not in texts(page)
    page.text_input(key="room_join_code").set_value("k7q-m2x")
    page.button[[b.label for b in page.button].index("Join")].click().run()
    assert "No room K7QM2X is open: check the code on the slide." in texts(page)


def test_joins_are_rate_limited_per_session():
    page = opened({})
    join = [b.label for b in page.button].index("Join")
    for _ in range(9):
        page.text_input(key="room_join_code").set_value("ZZZ222")
        page.button[join].click().run()
    assert "Too many tries at once" in texts(page)


def test_limits_give_clear_messages(fresh_store):
    fresh_store.max_rooms = 1
    _lect, code = lecturer()
    second = opened({})
    click(second, "room_open")
    assert "1 rooms open, its limit" in texts(second)
    fresh_store.max_rooms = 100
    for _ in range(4):
        opened({}).button(key="room_open").click().run()  # one client, new sessions: the limit holds across them
    click(second, "room_open")
    assert "Too many rooms were opened from your network" in texts(second)
    assert "room_code" not in second.session_state


def test_a_reload_is_the_same_member_and_keeps_its_vote(monkeypatch):
    lect, code = lecturer({"predict": "1"})
    pupil = student(code)
    click(lect, "lecture_next")  # sub-step 2: which place does the draw pick?
    pupil.run()
    click(pupil, "room_vote_draw_B")
    cookie = pupil.session_state["room_member"]  # what the page's listener keeps in the browser's cookie
    import streamlit as st

    monkeypatch.setattr(type(st.context), "cookies", property(lambda self: {"pgroom_member": cookie}))
    reloaded = student(code)  # a new session of the same browser
    assert reloaded.session_state["room_member"] == cookie and "Your vote: B." in texts(reloaded)
    click(reloaded, "room_vote_draw_A")
    lect.run()
    assert "1 of 1 answered: 100% say the draw picks A." in texts(lect)


def test_leave_closes_the_lecturers_room_and_the_students_are_told(fresh_store):
    lect, code = lecturer()
    pupil = student(code)
    click(lect, "room_leave")
    assert fresh_store.room(code) is None and lect.session_state["room_forget"] == code
    pupil.run()
    assert f"Room {code} has ended: its lecturer closed it." in texts(pupil)
    assert "room" not in pupil.query_params and not pupil.exception


def test_after_a_restart_the_room_comes_back_at_the_lecturers_place(fresh_store):
    lect, code = lecturer({"predict": "1"})
    click(lect, "lecture_next")
    pupil = student(code)
    before = fresh_store.room(code).lecture
    fresh_store._rooms.clear()  # the server restarted: rooms in memory are gone (the key is not)
    pupil.run()
    assert f"Room {code} is not open at the moment" in texts(pupil) and "check the code" not in texts(pupil)
    assert pupil.query_params["room"] == code and not pupil.exception
    lect.run()  # the lecturer's page, on its next run, opens the room again where it is
    back = fresh_store.room(code)
    assert back is not None and back.lecture == before and before["predict"] == "1"
    pupil.run()
    assert position(pupil) == position(lect) == (0, 1) and f"Room **{code}**" in texts(pupil)


def test_the_lecturer_takes_the_rooms_results_home():
    from ui.lecture.room_results import most_wrong, results, to_csv

    lect, code = lecturer({"predict": "1"})
    students = [student(code) for _ in range(3)]
    assert not lect.get("download_button") and "once you reveal an answer" in texts(lect)
    click(lect, "lecture_next")  # which place does the draw pick? (A: 0.2 < p(A) = 0.5)
    for page, choice in zip(students, "AAB", strict=True):
        page.run()
        click(page, f"room_vote_draw_{choice}")
    click(lect, "room_reveal_draw")
    for _ in range(2):
        click(lect, "lecture_next")  # the derivative's sign: p(B) - ideal = 0.5 - 0, positive
    for page, choice in zip(students, ("negative", "negative", "positive"), strict=True):
        page.run()
        click(page, f"room_vote_derivative_{choice}")
    click(lect, "room_reveal_derivative")

    rows = results(code)
    assert [(r.update, r.answer, r.counts, r.answered) for r in rows] == [
        (1, "A", {"A": 2, "B": 1}, 3),
        (1, "positive", {"negative": 2, "positive": 1}, 3),
    ]
    lines = to_csv(rows).splitlines()
    assert lines[0] == "round,update,question,answered,votes,right answer,share right"
    assert lines[1].endswith(",3,A: 2; B: 1,A,0.67")
    assert lines[2].endswith(",3,positive: 1; negative: 2; zero: 0,positive,0.33")
    assert most_wrong(rows).startswith("Most missed so far: update 1, “") and "(1 of 3 right, 33%" in most_wrong(rows)
    assert "Most missed so far" in texts(lect)
    (download,) = lect.get("download_button")
    assert download.proto.label == "Download the room's results (CSV)"
    for page in students:  # a student's page offers no results
        page.run()
        assert not page.get("download_button")


def test_new_what_if_numbers_ask_the_room_again_and_the_results_keep_each_question_as_asked():
    from ui.lecture.room_results import results

    lect, code = lecturer({"predict": "1"})
    pupil = student(code)
    click(lect, "lecture_next")
    pupil.run()
    click(pupil, "room_vote_draw_A")
    click(lect, "room_reveal_draw")
    lect.number_input(key="lecture_hunger").set_value(1.0).run()  # new numbers: the walk-through restarts
    click(lect, "lecture_next")
    assert [b for b in lect.button if b.key == "room_reveal_draw"], "the draw was shown as already revealed"
    pupil.run()
    assert "Predict first." in texts(pupil) and "Your vote" not in texts(pupil)
    click(pupil, "room_vote_draw_B")
    click(lect, "room_reveal_draw")
    first, second = results(code, lect.session_state["room_asked"])
    assert (first.round, first.answer, first.counts) == (0, "A", {"A": 1})
    assert (second.round, second.counts) == (1, {"B": 1}) and second.prompt != first.prompt  # hunger 1's numbers
