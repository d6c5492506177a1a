"""A live room at the protocol level (``bench.room`` in small): a lecturer, in a process of its own, and followers.

- Through HAProxy to two replicas sharing Redis (docs/DEPLOY.md's setup), followers' browsers sticking to the
  replica their first page load was sent to: every follower redraws every sub-step the lecturer moves to,
  their votes reach the lecturer's tally, and the balancer spread them over both replicas.
- A follower's page, when the room moves, redraws only its room part (a fragment): the new sub-step, without
  the title, switches and sidebar (``ui.lecture.page._followed``).
- On one server, the lecturer's own page does not wait for the room to redraw (``ui.lecture.room_turns``):
  a second click made while the room redraws the first is done long before the room is. Compared within one
  run, not against a time.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.lecturer import Lecturer
from bench.room import Follower, measure
from tests.e2e.server import streamlit_server
from tests.e2e.test_replicas import need_haproxy
from tests.redis_server import need_redis

FOLLOWERS = 8
HALL = 30


def test_followers_on_two_replicas_follow_the_lecturer_and_are_counted():
    need_redis()
    need_haproxy()
    # A fresh thread: Playwright's sync API may leave an asyncio loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        [report] = pool.submit(measure, "redis", [FOLLOWERS], 0.5, replicas=2).result()
    assert report["problems"] == 0, report["first_problem"]
    assert report["reached"] == {"draw": FOLLOWERS, "guess": FOLLOWERS, "derivative": FOLLOWERS}
    assert report["tally_after_last_vote_s"] is not None  # the lecturer's page read "8 of 8 answered"
    assert len(report["followers_per_replica"]) == 2, report["followers_per_replica"]
    assert sum(report["followers_per_replica"].values()) == FOLLOWERS
    assert report["follow_after_second_click_last_s"] is not None  # a quick second click reached every follower


def test_the_lecturers_page_does_not_wait_for_the_room_to_redraw():
    with ThreadPoolExecutor(max_workers=1) as pool:
        [report] = pool.submit(measure, "memory", [HALL], 0.5).result()
    assert report["problems"] == 0, report["first_problem"]
    after_second = report["follow_after_second_click_s"]
    assert len(after_second) == HALL
    # Before: every page, the lecturer's among them, was done only when the whole room was (a ratio of 0.9 here).
    assert report["presenter_second_click_s"] < 0.5 * max(after_second), report


async def _follow_one_move(url: str) -> tuple[Follower, object]:
    lecturer = await asyncio.to_thread(Lecturer, url)
    try:
        follower = Follower(url, lecturer.code)
        await follower.start()
        assert follower.fragment, "the page's listener is not drawn in a fragment"
        await lecturer.press("Next")  # forward -> draw
        run = await follower.visitor.rerun("", "follow", fragment=follower.fragment)  # as its listener asks
        await follower.visitor.ws.close()
        return follower, run
    finally:
        lecturer.close()


def test_a_followers_page_redraws_only_its_room_part_when_the_room_moves():
    with streamlit_server() as (url, _), ThreadPoolExecutor(max_workers=1) as pool:
        follower, run = pool.submit(asyncio.run, _follow_one_move(url)).result()
    assert run.exceptions == []
    assert any("substep=draw" in query for query in run.query_strings)  # the link names the lecturer's new sub-step
    assert run.charts == 2  # the network and the sampling line, drawn for it
    assert follower.visitor.seed_id is None  # the sidebar's inputs were not sent again
