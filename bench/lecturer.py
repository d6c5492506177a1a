"""The lecturer of ``bench.room``, in a process of its own, so that the time of its own clicks is the server's.

The followers of ``bench.room`` all read their pages in the bench's one process; with hundreds of them
that process is busy, and a lecturer read there would wait for it as well as for the server. Here the
lecturer's websocket is read by a child process with nothing else to do; the bench asks it to press a
button or to rerun and gets back how long the run took and what it said.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
from dataclasses import dataclass

from bench.visitor import Visitor, connect

TIMEOUT = 120.0


@dataclass
class Said:
    """What one of the lecturer's runs took and showed."""

    done_s: float | None
    texts: list[str]


async def lecturer_opens(url: str) -> tuple[Visitor, str]:
    lecturer = Visitor(await connect(url), TIMEOUT)
    await lecturer.rerun("", "open", "predict=1")
    run = await lecturer.press("", "Open a live room")
    codes = [m.group(1) for t in run.texts for m in [re.search(r"room \*\*([A-Z2-9]{6})\*\*", t)] if m]
    if not codes:
        raise RuntimeError(f"no room code on the lecturer's page: {run.texts[:5]}")
    lecturer.member = run.components.get("follow", {}).get("member", "")
    return lecturer, codes[0]


async def _serve(connection, url: str) -> None:
    lecturer, code = await lecturer_opens(url)
    connection.send((code, lecturer.member))
    try:
        while True:
            what, argument = await asyncio.to_thread(connection.recv)
            if what == "close":
                return
            run = await (lecturer.press("", argument) if what == "press" else lecturer.rerun("", argument))
            connection.send(Said(run.done_s, run.texts))
    finally:
        await lecturer.ws.close()


def _main(connection, url: str) -> None:
    try:
        asyncio.run(_serve(connection, url))
    except Exception as error:  # tell the bench, which waits for an answer
        connection.send(error)


class Lecturer:
    """The presenter's page, opened in predict mode with a live room (``code``), driven from another process."""

    def __init__(self, url: str):
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_main, args=(child, url), daemon=True)
        self._process.start()
        self.code, self.member = self._answer()

    def _answer(self):
        if not self._connection.poll(TIMEOUT):
            raise RuntimeError("the lecturer's process did not answer")
        answer = self._connection.recv()
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def _ask(self, what: str, argument: str) -> Said:
        self._connection.send((what, argument))
        return await asyncio.to_thread(self._answer)

    async def press(self, label: str) -> Said:
        return await self._ask("press", label)

    async def rerun(self, action: str) -> Said:
        return await self._ask("rerun", action)

    async def alone(self) -> float:
        """The lecturer's own click with nobody in the room: Next and Back three times, the median run (seconds)."""
        times = sorted([(await self.press(label)).done_s for _ in range(3) for label in ("Next", "Back")])
        return times[len(times) // 2]

    def close(self) -> None:
        self._connection.send(("close", ""))
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
