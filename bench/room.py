"""A live room with a full hall: one lecturer and N followers speak Streamlit's protocol to one real server.

    python -m bench.room                          # 100 and 300 followers, rooms in memory and in Redis
    python -m bench.room --followers 100 --backend memory

Each follower is a websocket session (``bench.visitor``) that opens ``/?room=CODE``, plus the room's
event stream (``/room-events/CODE``) read as a browser's ``EventSource`` would. When the stream says the
room moved, the follower reruns its page, as the page's listener component makes the browser do (a plain
rerun here: the same script run, without the component's state change). The lecturer opens the
walk-through in predict mode, presses "Open a live room", then "Next"; its own tally listens with
``?votes=1`` and reruns (throttled like the component, ``ui.lecture.room_listener.THROTTLE_MS``).

Reported, nothing asserted:
- the server's CPU share while every follower sits idle, connected (20 s);
- per "Next": the time from sending the click until each follower has finished the run that shows the
  new sub-step (its URL names it), p50, p95 and the last; and the server's CPU time per follower for
  the first one (its redraw, plus a share of the lecturer's run and the event stream's work), which
  depends less than the times on what else the machine is doing;
- votes: every follower votes at the first question; the time from the last vote until the lecturer's
  page reads "N of N answered";
- memory: the server's resident memory before the followers and once they are all in, per follower.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.load_report import percentile
from bench.process import cpu_seconds, memory_kib
from bench.visitor import Visitor, connect
from tests.e2e.server import ROOT, streamlit_server

TIMEOUT = 120.0
THROTTLE_S = 0.7  # ui.lecture.room_listener.THROTTLE_MS


async def event_stream(url: str, path: str, heard) -> None:
    """Read a server-sent event stream; call ``heard(dict)`` for each ``data:`` line (until cancelled)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    try:
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"{path}: {status.decode().strip()}")
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                heard(json.loads(line[6:]))
    finally:
        writer.close()


class Follower:
    def __init__(self, url: str, code: str):
        self.url, self.code = url, code
        self.visitor: Visitor | None = None
        self.drawn = -1  # the room revision its page shows
        self.heard = asyncio.Event()
        self.latest = -1
        self.finished: dict[str, float] = {}  # sub-step -> when its run ended (perf_counter)
        self.problems: list[str] = []
        self.member = ""  # this page's member id, as its listener component has it (the event stream needs it)

    async def start(self) -> None:
        self.visitor = Visitor(await connect(self.url), TIMEOUT)
        run = await self.visitor.rerun("", "open", f"room={self.code}")
        if run.exceptions or not any(f"Room **{self.code}**" in t for t in run.texts):
            self.problems.append(f"open: {run.exceptions or 'no room banner'}")
        self.member = run.components.get("follow", {}).get("member", "")
        self._note(run)

    def _note(self, run) -> None:
        for query in run.query_strings:
            match = re.search(r"substep=(\w+)", query)
            if match and match.group(1) not in self.finished:
                self.finished[match.group(1)] = time.perf_counter()

    def on_event(self, message: dict) -> None:
        self.latest = message["revision"]
        self.heard.set()

    async def follow(self) -> None:
        """Rerun whenever the room moved past what the page shows."""
        while True:
            await self.heard.wait()
            self.heard.clear()
            if self.latest == self.drawn:
                continue
            if self.drawn < 0:  # the stream's first message: the revision the page opened at
                self.drawn = self.latest
                continue
            self.drawn = self.latest
            try:
                self._note(await self.visitor.rerun("", "follow"))
            except Exception as error:
                self.problems.append(f"follow: {type(error).__name__}: {error}")
                return


async def lecturer_opens(url: str) -> tuple[Visitor, str]:
    lecturer = Visitor(await connect(url), TIMEOUT)
    await lecturer.rerun("", "open", "predict=1")
    run = await lecturer.press("", "Open a live room")
    codes = [m.group(1) for t in run.texts for m in [re.search(r"room \*\*([A-Z2-9]{6})\*\*", t)] if m]
    if not codes:
        raise RuntimeError(f"no room code on the lecturer's page: {run.texts[:5]}")
    lecturer.member = run.components.get("follow", {}).get("member", "")
    return lecturer, codes[0]


async def _bench(url: str, pid: int, count: int, idle_s: float) -> dict:
    lecturer, code = await lecturer_opens(url)
    await asyncio.sleep(1.0)
    rss_before = memory_kib(pid, "VmRSS")
    followers = [Follower(url, code) for _ in range(count)]
    tasks = []
    try:
        for i in range(0, count, 20):  # join in groups, as a hall does over a minute
            await asyncio.gather(*(f.start() for f in followers[i : i + 20]))
        for f in followers:
            stream = event_stream(url, f"/room-events/{code}?member={f.member}", f.on_event)
            tasks.append(asyncio.create_task(stream))
            tasks.append(asyncio.create_task(f.follow()))
        await asyncio.sleep(3.0)
        rss_in = memory_kib(pid, "VmRSS")
        cpu = cpu_seconds(pid)
        await asyncio.sleep(idle_s)
        idle_share = (cpu_seconds(pid) - cpu) / idle_s

        cpu = cpu_seconds(pid)
        delays = {"draw": await _next(lecturer, followers, "draw")}  # the walk-through's first question
        redraw_cpu = (cpu_seconds(pid) - cpu) / count  # the lecturer's own run is in it too
        vote_s = await _votes(url, lecturer, code, followers)
        await lecturer.press("", "Reveal the answer")
        await asyncio.sleep(3.0)  # every page shows the answer
        for substep in ("guess", "derivative"):  # two more clicks on Next
            delays[substep] = await _next(lecturer, followers, substep)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(f.visitor.ws.close() for f in followers if f.visitor), return_exceptions=True)
        await lecturer.ws.close()
    everyone = [d for ds in delays.values() for d in ds]
    return {
        "followers": count,
        "idle_cpu_share": idle_share,
        "follow_p50_s": percentile(everyone, 0.5),
        "follow_p95_s": percentile(everyone, 0.95),
        "follow_last_s": max(everyone) if everyone else None,
        "reached": {s: len(ds) for s, ds in delays.items()},
        "tally_after_last_vote_s": vote_s,
        "cpu_per_redraw_ms": 1000 * redraw_cpu,
        "memory_per_follower_kib": (rss_in - rss_before) / count,
        "problems": sum(len(f.problems) for f in followers),
        "first_problem": next((p for f in followers for p in f.problems), None),
    }


async def _next(lecturer: Visitor, followers: list[Follower], substep: str) -> list[float]:
    """The lecturer presses Next: seconds until each follower has drawn ``substep``."""
    sent = time.perf_counter()
    await lecturer.press("", "Next")
    deadline = time.monotonic() + 60
    while sum(substep in f.finished for f in followers) < len(followers) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return [f.finished[substep] - sent for f in followers if substep in f.finished]


async def _votes(url: str, lecturer: Visitor, code: str, followers: list[Follower]) -> float | None:
    """Every follower votes (A or B); the lecturer's tally reruns as its listener would. Seconds from the last vote."""
    count = len(followers)
    heard = asyncio.Event()
    path = f"/room-events/{code}?votes=1&member={lecturer.member}"
    stream = asyncio.create_task(event_stream(url, path, lambda m: heard.set()))
    try:
        await asyncio.gather(*(f.visitor.press("", "AB"[i % 2]) for i, f in enumerate(followers)))
        last_vote = time.perf_counter()
        deadline = time.monotonic() + 30
        last_rerun = -1e9
        while time.monotonic() < deadline:
            await heard.wait()
            heard.clear()
            # as the component: at most one rerun of the tally every THROTTLE_S
            await asyncio.sleep(max(0.0, last_rerun + THROTTLE_S - time.perf_counter()))
            last_rerun = time.perf_counter()
            run = await lecturer.rerun("", "tally")
            if any(f"{count} of {count} answered" in t for t in run.texts):
                return time.perf_counter() - last_vote
        return None
    finally:
        stream.cancel()
        await asyncio.gather(stream, return_exceptions=True)


def measure(backend: str, counts: list[int], idle_s: float, app_dir: Path = ROOT) -> list[dict]:
    results = []
    with contextlib.ExitStack() as stack:
        env = {}
        if backend == "redis":
            from tests.redis_server import redis_server

            env["ROOM_REDIS_URL"] = stack.enter_context(redis_server())
        for count in counts:
            with streamlit_server(cwd=app_dir, env=env) as (url, process):
                result = asyncio.run(_bench(url, process.pid, count, idle_s))
                results.append({"backend": backend, **result})
                print_result(results[-1])
    return results


def print_result(r: dict) -> None:
    def s(value):
        return "—" if value is None else f"{value:.2f} s"

    print(
        f"{r['backend']:>6}, {r['followers']:>3} followers: idle CPU {100 * r['idle_cpu_share']:.1f}% of a core; "
        f"follow p50 {s(r['follow_p50_s'])}, p95 {s(r['follow_p95_s'])}, last {s(r['follow_last_s'])} "
        f"(reached {r['reached']}); server CPU {r['cpu_per_redraw_ms']:.1f} ms per follower's redraw; "
        f"tally {s(r['tally_after_last_vote_s'])} after the last vote; "
        f"memory {r['memory_per_follower_kib']:.0f} KiB per follower; problems {r['problems']}"
        + (f" ({r['first_problem']})" if r["first_problem"] else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--backend", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of sitting still to measure")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="serve the app of another checkout")
    args = parser.parse_args()
    backends = ["memory", "redis"] if args.backend == "both" else [args.backend]
    results = [r for b in backends for r in measure(b, args.followers, args.idle, args.app_dir)]
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
