"""A live room with a full hall: one lecturer and N followers speak Streamlit's protocol to one real server.

    python -m bench.room                          # 100 and 300 followers, rooms in memory and in Redis
    python -m bench.room --followers 100 --backend memory
    python -m bench.room --followers 1000 --replicas 2      # Redis, two servers behind HAProxy (as docs/DEPLOY.md)

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
- memory: the server's resident memory before the followers and once they are all in, per follower;
- the presenter's own page: how long the lecturer's click takes to finish on the lecturer's page (Next and
  Back, median) before anyone joins, at each measured Next with the room in, and for a second click made
  while the room is still redrawing the first (Back, then Back again once the first follower has redrawn).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import time
from collections import Counter
from pathlib import Path

from bench.lecturer import Lecturer
from bench.load_report import percentile
from bench.process import cpu_seconds, memory_kib
from bench.replicas import page_cookie
from bench.room_servers import event_stream, servers
from bench.visitor import Visitor, connect
from tests.e2e.server import ROOT

TIMEOUT = 120.0
THROTTLE_S = 0.7  # ui.lecture.room_listener.THROTTLE_MS


class Follower:
    def __init__(self, url: str, code: str, sticky: bool = False):
        self.url, self.code, self.sticky = url, code, sticky
        self.cookie = ""  # behind HAProxy: the replica this browser sticks to (SERVERID=appN), as its page load set it
        self.replica = ""  # and the replica that served that page load (X-Served-By)
        self.visitor: Visitor | None = None
        self.drawn = -1  # the room revision its page shows
        self.heard = asyncio.Event()
        self.latest = -1
        self.finished: dict[str, float] = {}  # sub-step -> when its run ended (perf_counter)
        self.problems: list[str] = []
        self.member = ""  # this page's member id, as its listener component has it (the event stream needs it)
        self.fragment = ""  # the fragment its listener component is drawn in ("": the whole page)

    async def start(self) -> None:
        if self.sticky:  # load the page first, as a browser does: HAProxy's cookie names this browser's replica
            self.cookie, self.replica = await asyncio.to_thread(page_cookie, self.url)
        self.visitor = Visitor(await connect(self.url, {"Cookie": self.cookie} if self.cookie else None), TIMEOUT)
        run = await self.visitor.rerun("", "open", f"room={self.code}")
        if run.exceptions or not any(f"Room **{self.code}**" in t for t in run.texts):
            self.problems.append(f"open: {run.exceptions or 'no room banner'}")
        self.member = run.components.get("follow", {}).get("member", "")
        self.fragment = run.fragments.get("follow", "")
        self._note(run)

    def _note(self, run) -> None:
        for query in run.query_strings:
            match = re.search(r"substep=(\w+)", query)
            if match and match.group(1) not in self.finished:
                self.finished[match.group(1)] = time.perf_counter()

    async def vote(self, choice: str) -> None:
        """Press a choice of the question on the page, as a student does (in the fragment the page is drawn in)."""
        try:
            self._note(await self.visitor.press("", choice, fragment=self.fragment))
        except Exception as error:  # no question on the page (it did not follow), or the run failed
            self.problems.append(f"vote: {type(error).__name__}: {error}")

    def on_event(self, message: dict) -> None:
        self.latest = message["revision"]
        self.heard.set()

    async def follow(self) -> None:
        """Rerun whenever the room moved past what the page shows (as its listener component does)."""
        while True:
            if self.latest == self.drawn:
                await self.heard.wait()
                self.heard.clear()
                continue
            if self.drawn < 0:  # the stream's first message: the revision the page opened at
                self.drawn = self.latest
                continue
            self.drawn = self.latest
            try:  # as the listener component does: it reruns the fragment it is drawn in, or else the page
                run = await self.visitor.rerun("", "follow", fragment=self.fragment)
            except Exception as error:
                self.problems.append(f"follow: {type(error).__name__}: {error}")
                return
            self._note(run)
            self.fragment = run.fragments.get("follow", self.fragment)
            # The run drew the room as it was when it ran, perhaps past the move that asked for it.
            self.drawn = max(self.drawn, int(run.components.get("follow", {}).get("revision", self.drawn)))


def _cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def _rss(pids: list[int]) -> int:
    return sum(memory_kib(pid, "VmRSS") for pid in pids)


async def _bench(url: str, pids: list[int], count: int, idle_s: float, sticky: bool = False) -> dict:
    """One room of ``count`` followers on the server(s) ``pids`` (behind HAProxy at ``url`` when ``sticky``)."""
    lecturer = await asyncio.to_thread(Lecturer, url)
    code = lecturer.code
    await asyncio.sleep(1.0)
    alone_s = await lecturer.alone()
    rss_before = _rss(pids)
    followers = [Follower(url, code, sticky) for _ in range(count)]
    tasks = []
    try:
        for i in range(0, count, 20):  # join in groups, as a hall does over a minute
            await asyncio.gather(*(f.start() for f in followers[i : i + 20]))
        for f in followers:
            stream = event_stream(url, f"/room-events/{code}?member={f.member}", f.on_event, f.cookie)
            tasks.append(asyncio.create_task(stream))
            tasks.append(asyncio.create_task(f.follow()))
        await asyncio.sleep(3.0)
        rss_in = _rss(pids)
        cpu = _cpu(pids)
        await asyncio.sleep(idle_s)
        idle_share = (_cpu(pids) - cpu) / idle_s

        cpu = _cpu(pids)
        presenter = []
        delays = {"draw": await _next(lecturer, followers, "draw", presenter)}  # the walk-through's first question
        redraw_cpu = (_cpu(pids) - cpu) / count  # the lecturer's own run is in it too
        vote_s = await _votes(url, lecturer, code, followers)
        await lecturer.press("Reveal the answer")
        await asyncio.sleep(3.0)  # every page shows the answer
        for substep in ("guess", "derivative"):  # two more clicks on Next
            delays[substep] = await _next(lecturer, followers, substep, presenter)
        second_click_s, after_second = await _quick_clicks(lecturer, followers)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(f.visitor.ws.close() for f in followers if f.visitor), return_exceptions=True)
        lecturer.close()
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
        "presenter_alone_s": alone_s,
        "presenter_in_room_s": percentile(presenter, 0.5),
        "presenter_second_click_s": second_click_s,
        "follow_after_second_click_last_s": max(after_second) if after_second else None,
        "follow_after_second_click_s": sorted(after_second),
        "followers_per_replica": dict(Counter(f.replica for f in followers if f.replica)),
        "problems": sum(len(f.problems) for f in followers),
        "first_problem": next((p for f in followers for p in f.problems), None),
    }


async def _next(lecturer: Lecturer, followers: list[Follower], substep: str, presenter: list[float]) -> list[float]:
    """The lecturer presses Next: seconds until each follower has drawn ``substep``.

    The lecturer's own run time goes into ``presenter``.
    """
    sent = time.perf_counter()
    presenter.append((await lecturer.press("Next")).done_s)
    return await _until_drawn(followers, substep, sent)


async def _until_drawn(followers: list[Follower], substep: str, sent: float, limit_s: float = 60) -> list[float]:
    deadline = time.monotonic() + limit_s
    while sum(substep in f.finished for f in followers) < len(followers) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return [f.finished[substep] - sent for f in followers if substep in f.finished]


async def _quick_clicks(lecturer: Lecturer, followers: list[Follower]) -> tuple[float, list[float]]:
    """Back, and Back again as soon as the first follower has redrawn (the room is busy redrawing).

    Returns the lecturer's own run time for the second click, and each follower's time from it to "draw".
    """
    for f in followers:
        f.finished.clear()
    await lecturer.press("Back")  # derivative -> guess
    deadline = time.monotonic() + 60
    while not any("guess" in f.finished for f in followers) and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    sent = time.perf_counter()
    second = (await lecturer.press("Back")).done_s  # guess -> draw, answered
    return second, await _until_drawn(followers, "draw", sent)


async def _votes(url: str, lecturer: Lecturer, code: str, followers: list[Follower]) -> float | None:
    """Every follower votes (A or B); the lecturer's tally reruns as its listener would. Seconds from the last vote."""
    count = len(followers)
    heard = asyncio.Event()
    path = f"/room-events/{code}?votes=1&member={lecturer.member}"
    stream = asyncio.create_task(event_stream(url, path, lambda m: heard.set()))
    try:
        await asyncio.gather(*(f.vote("AB"[i % 2]) for i, f in enumerate(followers)))
        last_vote = time.perf_counter()
        deadline = time.monotonic() + 30
        last_rerun = -1e9
        while time.monotonic() < deadline:
            await heard.wait()
            heard.clear()
            # as the component: at most one rerun of the tally every THROTTLE_S
            await asyncio.sleep(max(0.0, last_rerun + THROTTLE_S - time.perf_counter()))
            last_rerun = time.perf_counter()
            run = await lecturer.rerun("tally")
            if any(f"{count} of {count} answered" in t for t in run.texts):
                return time.perf_counter() - last_vote
        return None
    finally:
        stream.cancel()
        await asyncio.gather(stream, return_exceptions=True)


def measure(backend: str, counts: list[int], idle_s: float, app_dir: Path = ROOT, replicas: int = 1) -> list[dict]:
    """Each count on fresh servers: one, or ``replicas`` behind HAProxy sharing their rooms through Redis."""
    results = []
    with contextlib.ExitStack() as stack:
        env = {}
        if backend == "redis":
            from tests.redis_server import redis_server

            env["ROOM_REDIS_URL"] = stack.enter_context(redis_server())
        for count in counts:
            with servers(app_dir, env, replicas) as (url, pids):
                result = asyncio.run(_bench(url, pids, count, idle_s, sticky=replicas > 1))
                results.append({"backend": backend, "replicas": replicas, **result})
                print_result(results[-1])
    return results


def print_result(r: dict) -> None:
    def s(value):
        return "—" if value is None else f"{value:.2f} s"

    print(
        f"{r['backend']:>6}, {r.get('replicas', 1)} server(s), {r['followers']:>3} followers: "
        f"idle CPU {100 * r['idle_cpu_share']:.1f}% of a core; "
        f"follow p50 {s(r['follow_p50_s'])}, p95 {s(r['follow_p95_s'])}, last {s(r['follow_last_s'])} "
        f"(reached {r['reached']}); server CPU {r['cpu_per_redraw_ms']:.1f} ms per follower's redraw; "
        f"tally {s(r['tally_after_last_vote_s'])} after the last vote; "
        f"memory {r['memory_per_follower_kib']:.0f} KiB per follower; presenter's page after a click: "
        f"alone {s(r['presenter_alone_s'])}, room in {s(r['presenter_in_room_s'])}, "
        f"second click while the room redraws {s(r['presenter_second_click_s'])} "
        f"(the room's last follower {s(r['follow_after_second_click_last_s'])} after it); problems {r['problems']}"
        + (f" ({r['first_problem']})" if r["first_problem"] else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--backend", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of sitting still to measure")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="serve the app of another checkout")
    parser.add_argument(
        "--replicas", type=int, default=1,
        help="servers behind HAProxy (docs/DEPLOY.md's setup), sharing rooms through Redis (implied when over 1)",
    )  # fmt: skip
    args = parser.parse_args()
    backends = ["memory", "redis"] if args.backend == "both" else [args.backend]
    if args.replicas > 1:
        backends = ["redis"]
    results = [r for b in backends for r in measure(b, args.followers, args.idle, args.app_dir, args.replicas)]
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
