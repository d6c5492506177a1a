"""Plain HTTP requests and protocol sessions for the live room's fault tests (``test_room_faults``).

A request may come from another loopback address (``local``, e.g. 127.0.0.2): the server sees it as
another client, so a script's limits are not those of the real visitors (127.0.0.1, "local").
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import websockets

from bench.visitor import Visitor, ws_url


@dataclass
class Answer:
    status: int | None  # None: no answer (connection refused or reset, or nothing within the wait)
    seconds: float  # from connecting until the status line
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    error: str = ""

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def body(self, wait: float = 5.0) -> bytes:
        """The rest of the answer (headers and body), to the end of the connection; b"" if there was no answer."""
        if self.reader is None:
            return b""
        try:
            data = await asyncio.wait_for(self.reader.read(), wait)
        except (TimeoutError, OSError):
            return b""
        finally:
            self.close()
        return data.partition(b"\r\n\r\n")[2].strip()


async def request(url: str, path: str, local: str = "127.0.0.1", wait: float = 10.0, keep: bool = False, sent=None):
    """GET ``path`` from the address ``local``: its status line, the connection kept open if ``keep`` (a stream).

    ``Connection: close``: the server closes the connection when its answer ends (a stream's too). ``sent``: an
    ``asyncio.Event`` set once the request is written.
    """
    parts = urlsplit(url)
    start, writer = time.monotonic(), None
    try:
        opening = asyncio.open_connection(parts.hostname, parts.port, local_addr=(local, 0))
        reader, writer = await asyncio.wait_for(opening, wait)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        if sent is not None:
            sent.set()
        line = await asyncio.wait_for(reader.readline(), wait)
        status = int(line.split()[1])
    except (OSError, TimeoutError, ValueError, IndexError) as error:
        if writer is not None:
            writer.close()
        return Answer(None, time.monotonic() - start, error=f"{type(error).__name__}: {error}")
    answer = Answer(status, time.monotonic() - start, reader, writer)
    if not keep:
        answer.close()
    return answer


async def rest_of(stream: Answer, wait: float) -> list[dict] | None:
    """A stream's messages until the server ends it, or None if it is still open after ``wait`` seconds."""
    try:
        data = await asyncio.wait_for(stream.reader.read(), wait)
    except TimeoutError:
        return None
    finally:
        stream.close()
    return [json.loads(m) for m in re.findall(rb"data: (\{.*?\})\n", data)]


def stream_path(code: str, member: str, votes: bool = False) -> str:
    return f"/room-events/{code}?member={member}" + ("&votes=1" if votes else "")


def member_of(run) -> str:
    """The member id a run gave its page: in its listener's data (the id the browser should keep, or its
    stream's address). "" where there is none (the code before member ids)."""
    data = getattr(run, "components", {}).get("follow", {})
    if data.get("save_member"):
        return data["save_member"]
    return parse_qs(urlsplit(data.get("url") or "").query).get("member", [""])[0]


async def session(url: str, code: str, local: str = "127.0.0.1") -> tuple[Visitor, str]:
    """A protocol session from the address ``local`` that opens ``/?room=CODE``; and its member id."""
    ws = await websockets.connect(
        ws_url(url), subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None,
        local_addr=(local, 0),
    )  # fmt: skip
    visitor = Visitor(ws, 60)
    run = await visitor.rerun("", "open", f"room={code}")
    if run.exceptions:
        raise RuntimeError(f"/?room={code}: {run.exceptions}")
    return visitor, member_of(run)


async def close_all(streams: list[Answer], visitors: list[Visitor]) -> None:
    for stream in streams:
        stream.close()
    for visitor in visitors:
        with contextlib.suppress(Exception):
            await visitor.ws.close()


def run_apart(coroutine):
    """``asyncio.run(coroutine)`` in a fresh thread: Playwright's sync API may leave a loop running in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
