"""The live room against scripts: sessions that speak Streamlit's protocol (``bench.visitor``) to a real server.

Each test replays one finding of the security review as a script would, and checks it no longer works:
a made-up presenter link after a restart, votes from sessions that are not in the room, rooms hoarded by
one client, a room filled by one client. The script's sessions come from another loopback address
(``SCRIPT``: Linux accepts any 127.x.y.z), so that the server counts them as another client than the real
lecturer and students (127.0.0.1, "local"). Numbers (times, memory) are printed: ``pytest -s`` shows them.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import time
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
import websockets

from bench.lecturer import lecturer_opens
from bench.process import memory_kib
from bench.visitor import Run, Visitor, ws_url
from tests.e2e.room_requests import run_apart
from tests.e2e.server import free_port, streamlit_server

SCRIPT = "127.0.0.2"  # the script's network address; the real lecturer and students are on 127.0.0.1
TIMEOUT = 120.0
CODE_IN_TEXT = re.compile(r"room \*\*([A-Z2-9]{6})\*\*")


class Page(Visitor):
    """A visitor that also reads notices (``st.error``, ``st.info``) into its run's texts."""

    def _read_element(self, msg, run, start, drawn):
        super()._read_element(msg, run, start, drawn)
        element = msg.delta.new_element
        if element.WhichOneof("type") == "alert":
            run.texts.append(element.alert.body)


async def visit(url: str, query: str, source: str | None = None, cookie: str | None = None) -> tuple[Page, Run]:
    """A fresh session (a new tab) from ``source`` opens ``/?query``; ``cookie``: the browser's member id."""
    headers = {"Cookie": f"pgroom_member={cookie}"} if cookie else None
    ws = await websockets.connect(
        ws_url(url), subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None,
        additional_headers=headers, local_addr=(source, 0) if source else None,
    )  # fmt: skip
    page = Page(ws, TIMEOUT)
    return page, await page.rerun("", "open", query)


async def visit_once(url: str, query: str, source: str | None = None, *presses: str) -> list[Run]:
    """A fresh session opens ``/?query``, presses the buttons named (those drawn), and closes its websocket."""
    page, run = await visit(url, query, source)
    runs = [run]
    try:
        for label in presses:
            if label in page.buttons:
                runs.append(await page.press("", label))
    finally:
        await page.ws.close()
    return runs


def text(run: Run) -> str:
    return "\n".join(run.texts)


def member_of(run: Run) -> str:
    """The page's member id, as its listener has it: in its event stream's URL, or the one to keep in a cookie."""
    data = run.components.get("follow", {})
    query = parse_qs(urlsplit(data.get("url") or "").query)
    return (query.get("member") or [""])[0] or data.get("save_member") or data.get("member") or ""


def in_room(run: Run) -> int:
    """The lecturer's "N in the room"."""
    counts = [int(m.group(1)) for t in run.texts for m in [re.search(r"(\d+) in the room", t)] if m]
    assert counts, f"no 'in the room' on the lecturer's page: {run.texts[:4]}"
    return counts[0]


async def http_open(url: str, path: str, source: str | None = None):
    """``GET path`` (an event stream) from ``source``: its status, and the connection (left open)."""
    parts = urlsplit(url)
    local = (source, 0) if source else None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port, local_addr=local)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), 30)
    return int(line.split()[1]), writer


async def close(writer) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


async def http_status(url: str, path: str, source: str | None = None) -> int:
    status, writer = await http_open(url, path, source)
    await close(writer)
    return status


async def in_batches(make, count: int, size: int) -> list:
    """``make()`` run ``count`` times, ``size`` at a time (concurrently within a batch)."""
    results = []
    for i in range(0, count, size):
        results += await asyncio.gather(*(make() for _ in range(min(size, count - i))))
    return results


async def secret_of(page: Visitor) -> str:
    """The presenter's secret, as the presenter's listener keeps it in the browser."""
    return (await page.rerun("", "look")).components["follow"]["save_secret"]


@pytest.fixture
def env(tmp_path):
    """Rooms in memory, the server's key in a file of this test's own."""
    return {"ROOM_KEY_FILE": str(tmp_path / "room-key"), "ROOM_KEY": "", "ROOM_REDIS_URL": ""}


# --- Finding 1: a made-up presenter link took a room over after a restart ---------------------------------


def test_after_a_restart_only_the_real_presenter_link_opens_the_room_again(env):
    port = free_port()
    with streamlit_server(env=env, port=port) as (url, _):
        code, secret = run_apart(_lecturer_with_secret(url))
    with streamlit_server(env=env, port=port) as (url, _):  # the same address, the same key file: rooms gone
        run_apart(_after_the_restart(url, code, secret))


async def _lecturer_with_secret(url: str) -> tuple[str, str]:
    lecturer, code = await lecturer_opens(url)
    secret = await secret_of(lecturer)
    await lecturer.ws.close()
    return code, secret


async def _after_the_restart(url: str, code: str, secret: str) -> None:
    other, other_code = await lecturer_opens(url)  # the new server signs a secret, for another room
    other_secret = await secret_of(other)
    member = member_of((await visit_once(url, f"room={other_code}"))[0])
    made_up = secrets.token_urlsafe(16)  # 22 characters, as presenter secrets were
    for forged in (made_up, other_secret):
        words = text((await visit_once(url, f"room={code}&presenter={forged}", SCRIPT))[0])
        assert f"You present room **{code}**" not in words, f"{forged!r} took room {code} over"
        assert "this presenter link cannot be proven to be its own" in words, words
    assert await http_status(url, f"/room-events/{code}?member={member}") == 404  # still not open
    words = text((await visit_once(url, f"room={code}&presenter={secret}"))[0])
    assert f"You present room **{code}**" in words, words
    await other.ws.close()


# --- Finding 2: one vote per page, not per student ------------------------------------------------------


@pytest.fixture
def server(env):
    with streamlit_server(env=env) as (url, process):
        yield url, process.pid


async def _vote_once(url: str, code: str, choice: str) -> list[Run]:
    return await visit_once(url, f"room={code}", SCRIPT, choice)


def test_scripted_votes_show_as_not_in_the_room_and_a_browser_votes_once(server):
    run_apart(_scripted_votes(server[0]))


async def _scripted_votes(url: str) -> None:
    lecturer, code = await lecturer_opens(url)  # predict mode
    asked = await lecturer.press("", "Next")  # which place does the draw pick
    assert "**0 of 0 answered yet.**" in text(asked), text(asked)
    student, run = await visit(url, f"room={code}")  # an honest student, connected as a browser is
    status, stream = await http_open(url, f"/room-events/{code}?member={member_of(run)}")
    assert status == 200
    await student.press("", "B")
    start = time.perf_counter()
    await in_batches(lambda: _vote_once(url, code, "A"), 40, 40)  # 40 sessions that never connect
    print(f"\n40 scripted sessions voted in {time.perf_counter() - start:.1f} s")
    tally = await lecturer.rerun("", "tally")
    words = text(tally)
    sentence = re.findall(r"\*\*(\d+ of \d+ answered[^*]*)\*\*", words)
    print(f"the lecturer's page: {sentence}, {in_room(tally)} in the room")
    assert "**41 of 41 answered: 98% say the draw picks A.**" in words, words
    assert "40 of these votes come from pages not connected to the room now: closed since, or scripted." in words
    assert in_room(tally) == 1, "the scripted sessions count as in the room"

    # A session that sends an earlier session's member cookie is that browser: its vote replaces the first.
    page, run = await visit(url, f"room={code}", SCRIPT)
    member = member_of(run)
    await page.press("", "A")
    await page.ws.close()
    page, run = await visit(url, f"room={code}", SCRIPT, cookie=member)
    assert member_of(run) == member and "Your vote: A." in text(run), text(run)
    await page.press("", "B")
    words = text(await lecturer.rerun("", "tally"))
    assert "**42 of 42 answered: 95% say the draw picks A.**" in words, words
    assert "41 of these votes come from pages not connected" in words, words
    await close(stream)
    for visitor in (page, student, lecturer):
        await visitor.ws.close()


# --- Finding 3: one script took all 100 rooms ------------------------------------------------------------


async def _open_and_leave(url: str) -> tuple[str | None, bool]:
    """A fresh session opens a room and leaves it: (the room's code or None, refused for too many)."""
    runs = await visit_once(url, "", SCRIPT, "Open a live room", "Leave the room")
    opened = [m.group(1) for m in [CODE_IN_TEXT.search(text(r)) for r in runs[1:2]] if m]
    return (opened[0] if opened else None), any("Too many rooms were opened" in text(r) for r in runs)


async def _made_up_link(url: str) -> tuple[str | None, bool]:
    """A fresh session opens a made-up presenter link: (its code if it presents it, refused as unproven)."""
    code = "".join(secrets.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(6))
    words = text((await visit_once(url, f"room={code}&presenter={secrets.token_urlsafe(16)}", SCRIPT))[0])
    return (code if f"You present room **{code}**" in words else None), "cannot be proven" in words


def test_one_script_does_not_take_the_rooms_of_a_server(server):
    run_apart(_hoard(server[0]))


async def _hoard(url: str) -> None:
    start = time.perf_counter()
    opened = await in_batches(lambda: _open_and_leave(url), 60, 10)
    open_s, start = time.perf_counter() - start, time.perf_counter()
    made_up = await in_batches(lambda: _made_up_link(url), 40, 10)
    made_up_s = time.perf_counter() - start
    lecturer, run = await visit(url, "predict=1")  # a real lecturer, after the script
    run = await lecturer.press("", "Open a live room")
    got = [code for code, _ in opened if code], [code for code, _ in made_up if code]
    member = member_of(run)
    paths = [f"/room-events/{c}?member={member}" for c in got[0] + got[1]]
    still_open = [path for path in paths if await http_status(url, path, SCRIPT) == 200]
    print(
        f"\nOpen + Leave x60 in {open_s:.1f} s: {len(got[0])} rooms opened, "
        f"{sum(refused for _, refused in opened)} refused for too many; made-up presenter links x40 in "
        f"{made_up_s:.1f} s: {len(got[1])} presented, "
        f"{sum(refused for _, refused in made_up)} 'cannot be proven'; rooms of the script still open: "
        f"{len(still_open)}"
    )
    assert "You present room **" in text(run), f"the real lecturer could not open a room: {run.texts[:3]}"
    assert len(got[0]) <= 5 and sum(refused for _, refused in opened) >= 55
    assert got[1] == [] and all(refused for _, refused in made_up)
    assert still_open == []  # Leave closed each one
    await lecturer.ws.close()


# --- Finding 4 and the load check: one script filled a room -------------------------------------------


async def _join_once(url: str, code: str) -> tuple[str, str]:
    """A fresh session from the script opens the students' link: (what it saw, its member id)."""
    run = (await visit_once(url, f"room={code}", SCRIPT))[0]
    words = text(run)
    seen = "full" if "is full" in words else "banner" if f"Room **{code}**" in words else words[:80]
    return seen, member_of(run)


def test_four_hundred_scripted_sessions_and_streams_leave_a_room_open_to_students(server):
    run_apart(_crowd(*server))


async def _crowd(url: str, pid: int) -> None:
    lecturer, code = await lecturer_opens(url)
    rss = memory_kib(pid, "VmRSS")
    start = time.perf_counter()
    joined = await in_batches(lambda: _join_once(url, code), 400, 40)
    join_s, rss_joined, start = time.perf_counter() - start, memory_kib(pid, "VmRSS"), time.perf_counter()
    paths = iter([f"/room-events/{code}?member={member}" for _, member in joined])
    streams = await in_batches(lambda: http_open(url, next(paths), SCRIPT), 400, 40)
    stream_s = time.perf_counter() - start
    student, run = await visit(url, f"room={code}")  # a real student, after the script
    status, stream = await http_open(url, f"/room-events/{code}?member={member_of(run)}")
    count = in_room(await lecturer.rerun("", "count"))
    print(
        f"\n400 scripted sessions opened /?room={code} in {join_s:.1f} s ({Counter(s for s, _ in joined)}); "
        f"server memory +{(rss_joined - rss) / 1024:.1f} MiB ({(rss_joined - rss) / 400:.0f} KiB a session); "
        f"their 400 event streams in {stream_s:.1f} s: {Counter(s for s, _ in streams)}, memory "
        f"+{(memory_kib(pid, 'VmRSS') - rss_joined) / 1024:.1f} MiB more; the real student's stream: {status}; "
        f"the lecturer reads {count} in the room"
    )
    words = text(run)
    assert f"Room **{code}**" in words and "is full" not in words, words
    assert status == 200
    for _, writer in [*streams, (status, stream)]:
        await close(writer)
    for visitor in (student, lecturer):
        await visitor.ws.close()
