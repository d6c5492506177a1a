"""The live room in real browsers: a lecturer's page and two students' pages (one a phone), each its own visitor.

The students follow three Next clicks, vote on a question and the lecturer's tally counts them before the
reveal, the lecturer's CSV of the room's results has the votes, a made-up code gets its message, and axe
finds no WCAG 2.1 AA violation on the room's views. Then the same room across two Streamlit processes that
share one Redis, as replicas behind a balancer would.
"""

from __future__ import annotations

import contextlib
import csv
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.accessibility import assert_accessible
from tests.e2e.server import streamlit_server, wait_ready
from tests.e2e.test_accessibility import PHONE_BROWSER
from tests.e2e.test_lecture import AT_SUB_STEP, main_text, press, wait_for_sub_step
from tests.redis_server import need_redis, redis_server

PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True,
    "user_agent": PHONE_BROWSER,
}  # fmt: skip


def open_room(page, url: str, query: str = "") -> str:
    page.goto(f"{url}/{query}")
    wait_for_sub_step(page, 1, 1)
    press(page, "room_open")
    page.locator(".room-code").wait_for()
    wait_ready(page)
    code = page.locator(".room-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    return code


def join(page, url: str, code: str) -> None:
    page.goto(f"{url}/?room={code}")
    page.locator(".st-key-room_banner").get_by_text(f"Room {code}").wait_for()
    wait_ready(page)


def follows(page, update: int, step: int, timeout: float = 5_000) -> None:
    """The student's page shows the sub-step, redrawn by itself (nobody touched it)."""
    page.wait_for_function(AT_SUB_STEP, arg=[update, step], timeout=timeout)


def vote(page, place: str, question: str = "draw") -> None:
    """Press ``place``'s answer and wait until the page says it is this browser's vote. On a busy machine a click can
    land while the page is being drawn again (the room's tally, its follower), and Streamlit drops it: press again
    until the vote shows (one vote per browser, so pressing twice counts once)."""
    button, said = page.locator(f".st-key-room_vote_{question}_{place} button"), page.get_by_text(f"Your vote: {place}")
    for _ in range(6):
        button.click()
        try:
            said.wait_for(timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    said.wait_for(timeout=1)  # the last wait's own error


@contextlib.contextmanager
def visitors(browser, n_desk: int, n_phone: int):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(n_desk)]
    contexts += [browser.new_context(**PHONE) for _ in range(n_phone)]
    try:
        pages = [c.new_page() for c in contexts]
        for p in pages:
            p.set_default_timeout(30_000)
        yield pages
    finally:
        for c in contexts:
            c.close()


def test_students_follow_the_lecturer_and_vote_before_the_reveal(browser, app_url, shot):
    with visitors(browser, 2, 1) as (lecturer, laptop, phone):
        code = open_room(lecturer, app_url, "?predict=1")
        assert "presenter" not in lecturer.evaluate("location.href")
        assert f"/?room={code}" in main_text(lecturer)
        shot(lecturer, "room_lecturer")
        assert_accessible(lecturer, "the lecturer's page with a live room")
        for student in (laptop, phone):
            join(student, app_url, code)
        assert_accessible(phone, "a student's page following a room, on a phone")

        # Three clicks: sub-step 2 asks which place the draw picks (predict mode), the students' pages too.
        press(lecturer, "lecture_next")
        for student in (laptop, phone):
            follows(student, 1, 2)
            student.locator(".st-key-room_vote_draw_A button").wait_for()
        vote(laptop, "A")
        vote(phone, "B")
        vote(phone, "A")  # changed before the reveal
        lecturer.get_by_text(re.compile(r"2 of 2 answered: 100% say the draw picks A")).wait_for(timeout=5_000)
        shot(phone, "room_phone_vote")
        assert_accessible(lecturer, "the lecturer's page with the room's tally")

        press(lecturer, "room_reveal_draw")
        for student in (laptop, phone):
            student.get_by_text("Right: A.").wait_for(timeout=5_000)
        assert "The room: 2 of 2 said A." in main_text(lecturer)
        # The room's results to take home: the lecturer's CSV counts the votes as they were cast, names nobody.
        with lecturer.expect_download() as download:
            lecturer.locator(".st-key-room_results").get_by_role("button", name=re.compile("Download")).click()
        with open(download.value.path(), encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert [(r["update"], r["answered"], r["votes"], r["right answer"], r["share right"]) for r in rows] == [
            ("1", "2", "A: 2; B: 0", "A", "1.00")
        ]
        press(lecturer, "lecture_next")
        press_and_follow = [(1, 3), (1, 4)]
        for update, step in press_and_follow:
            for student in (laptop, phone):
                follows(student, update, step)
            if step < 4:
                press(lecturer, "lecture_next")
        shot(laptop, "room_laptop_following")

        # Exploring alone, then following again: back at the lecturer's step.
        laptop.locator(".st-key-room_following label").click()
        press(laptop, "lecture_back")
        wait_for_sub_step(laptop, 1, 3)
        laptop.locator(".st-key-room_following label").click()
        follows(laptop, 1, 4)

        # A reload is back in the room, at the lecturer's step.
        phone.reload()
        phone.locator(".st-key-room_banner").get_by_text(f"Room {code}").wait_for()
        follows(phone, 1, 4)


def test_a_made_up_code_gets_a_message(page, app_url):
    page.goto(f"{app_url}/?room=ZZZ222")  # a link: the room may be back soon (a restart), so the page waits
    page.get_by_text("Room ZZZ222 is not open at the moment").wait_for()
    wait_ready(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert_accessible(page, "the lecture waiting for a room")
    page.get_by_role("button", name="Leave the room").click()
    page.get_by_label("Join a room: its code").fill("k7q m2x")
    page.get_by_role("button", name="Join").click()
    page.get_by_text("No room K7QM2X is open: check the code on the slide").wait_for()
    assert_accessible(page, "the lecture with a room code that does not exist")


def test_one_room_followed_across_two_replicas_sharing_redis(browser):
    with redis_server(need_redis()) as redis_url, contextlib.ExitStack() as stack:
        env = {"ROOM_REDIS_URL": redis_url}
        one, _ = stack.enter_context(streamlit_server(env=env))
        two, _ = stack.enter_context(streamlit_server(env=env))
        with visitors(browser, 1, 1) as (lecturer, student):
            code = open_room(lecturer, one)
            join(student, two, code)  # another process: only Redis knows the room
            for step in (2, 3, 4):
                press(lecturer, "lecture_next")
                follows(student, 1, step)
