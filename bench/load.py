"""A lecture hall at once: N simulated visitors speak Streamlit's websocket protocol to one real server.

    python -m bench.load                                # 100 visitors, arrivals spread over 30 s
    python -m bench.load --visitors 50 --stagger 10
    python -m bench.load --seeds 3 --json report.json   # visitors share 3 seeds (cache hits); dump the report
    python -m bench.load --app-dir /tmp/before --app-options "--server.fileWatcherType auto"   # another checkout

No browser: each visitor is a websocket to ``/_stcore/stream`` (subprotocol ``streamlit``) that sends
``BackMsg`` protobufs and reads ``ForwardMsg`` protobufs from ``streamlit.proto``, as the page's
JavaScript does, all in one asyncio loop, so 100 visitors cost this machine little besides the server.
Like a browser, a visitor keeps the value of every widget it has been sent and sends them all back
with each rerun, keeps the large messages the server marks cacheable and lists their hashes, so the
server may answer with references (``ref_hash``) that the visitor resolves from its cache.

Each visitor, on its own connection (one Streamlit session):

1. opens the lecture walk-through (``page_name`` "lecture") and presses its "Next" button (a rerun
   with the button's trigger in ``widget_states``), waiting for each run's end;
2. opens the training lab (``page_name`` "lab", query string ``seed=<s>``) and waits;
3. changes the sidebar number input "Seed" to a new value (a rerun with ``widget_states``) and waits;
4. opens the comparison (``page_name`` "compare", ``seed=<s>``) and does the same there.

The visitors go through the views in waves: all open the lecture (arrivals spread evenly over
``--stagger`` seconds), then, once every lecture run has ended, all move on to the lab (spread
the same way), then to the comparison, so the server CPU time of each wave belongs to one view. A third wave of as many
visitors opens a bare one-chart page (``bench/bare_page.py``) on a second server and reruns it once,
the framework's floor: each view's CPU per visit (two script runs) is printed as a ratio to it.
Compare ratios, not absolute figures: runs on this shared machine differ by tens of percent.

Nothing here asserts a timing. Reported: time from sending a rerun to the last ``plotly_chart``
delta and to ``script_finished`` (p50/p95 over visitors), server CPU seconds per visit from
``/proc/<pid>/stat``, the server's peak memory (``VmHWM``) and its resident memory (``VmRSS``) once
every visitor is idle but still connected, and per visitor whether it was served correctly: every
run ended without an ``exception`` element, every view delivered at least one ``plotly_chart``, and
after the seed change the query string the server wrote (``page_info_changed``) holds the new seed.

Playing is not simulated: the browser plays the lab's and the comparison's animations from the Plotly
frames already sent with the charts, with no reruns and no websocket traffic, so it costs the server nothing.
The load generator runs on the same machine as the server and takes some of its CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import BARE_PAGE, STREAMLIT_DEFAULT_OPTIONS
from bench.load_report import cpu_per_visit, memory_of, print_report, timings_of
from bench.process import cpu_seconds, git_commit, memory_kib
from bench.visitor import Run, Visitor, connect
from tests.e2e.server import ROOT, streamlit_server

VIEWS = ("lecture", "lab", "compare")
BARE = "bare page"
NEXT_LABEL = "Next"  # the lecture's button that moves the walk-through on


# --- Visitors and waves ------------------------------------------------------------------------------


@dataclass
class VisitorReport:
    index: int
    seed: int
    new_seed: int
    runs: list[Run] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return not self.problems


def check(report: VisitorReport, run: Run, new_seed: int | None = None) -> None:
    """Note what went wrong in a run: an exception, no chart, a failed run, or a URL without the new seed."""
    where = f"{run.page} {run.action}"
    if run.exceptions:
        report.problems.append(f"{where}: exception {run.exceptions[0]}")
    if run.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        report.problems.append(f"{where}: script finished with status {run.status}")
    if run.charts == 0:
        report.problems.append(f"{where}: no plotly_chart")
    if new_seed is not None:
        written = parse_qs(run.query_strings[-1]).get("seed") if run.query_strings else None
        if written != [str(new_seed)]:
            report.problems.append(f"{where}: the URL the server wrote is {run.query_strings} (wanted seed={new_seed})")


async def visit_view(visitor: Visitor, report: VisitorReport, page: str, query: str) -> None:
    """Open a view with this visitor's seed, then change the seed in the sidebar (the lecture: press Next)."""
    try:
        opened = await visitor.rerun(page, "open", "&".join(filter(None, [f"seed={report.seed}", query])))
        report.runs.append(opened)
        check(report, opened)
        if page == "lecture":
            pressed = await visitor.press(page, NEXT_LABEL)
            report.runs.append(pressed)
            check(report, pressed)
            if not any("substep=" in query for query in pressed.query_strings):
                report.problems.append(f"lecture Next: the URL the server wrote is {pressed.query_strings}")
            return
        changed = await visitor.change_seed(page, report.new_seed)
        report.runs.append(changed)
        check(report, changed, report.new_seed)
    except Exception as error:  # one broken visitor is a finding, not the end of the run
        report.problems.append(f"{page}: {type(error).__name__}: {error}")
        await visitor.ws.close()  # its next view starts on a fresh connection, not amid this one's messages


async def visit_bare(url: str, report: VisitorReport, timeout: float) -> None:
    """The baseline visit: open the bare page and rerun it once (two script runs, like a view visit)."""
    try:
        async with await connect(url) as ws:
            visitor = Visitor(ws, timeout)
            for action in ("open", "rerun"):
                run = await visitor.rerun("", action, "")
                run.page = BARE
                report.runs.append(run)
                check(report, run)
    except Exception as error:
        report.problems.append(f"{BARE}: {type(error).__name__}: {error}")


async def staggered(count: int, window: float, visit) -> None:
    """Start ``visit(i)`` for i in 0..count-1, evenly spread over ``window`` seconds; wait for all."""
    start = time.perf_counter()

    async def one(i: int):
        await asyncio.sleep(max(0.0, start + i * window / max(count, 1) - time.perf_counter()))
        await visit(i)

    await asyncio.gather(*(one(i) for i in range(count)))


async def wave(pid: int, count: int, window: float, visit) -> dict:
    """One wave of visits against the server ``pid``: its CPU seconds and wall time."""
    cpu, wall = cpu_seconds(pid), time.perf_counter()
    await staggered(count, window, visit)
    return {"cpu_s": cpu_seconds(pid) - cpu, "wall_s": time.perf_counter() - wall}


async def _load(app_url, app_pid, bare_url, bare_pid, visitors, stagger, seeds, lab_query, compare_query, timeout):
    queries = {"lecture": "", "lab": lab_query, "compare": compare_query}
    # Warm up both servers (imports, first compilations) with a visitor the figures leave out.
    warm = VisitorReport(-1, 0, 1_000_000)  # seeds no visitor uses
    async with await connect(app_url) as ws:
        visitor = Visitor(ws, timeout)
        for page in VIEWS:
            await visit_view(visitor, warm, page, queries[page])
    if warm.problems:
        raise RuntimeError(f"the warm-up visit failed: {warm.problems}")
    if bare_url is not None:
        await visit_bare(bare_url, VisitorReport(-1, 0, 0), timeout)
    await asyncio.sleep(1.0)
    rss_before = memory_kib(app_pid, "VmRSS")

    reports = [VisitorReport(i, 1 + i % seeds, 1 + i % seeds + seeds) for i in range(visitors)]
    sockets: list = [None] * visitors
    waves = {}
    try:

        async def view_visit(page: str, i: int) -> None:
            if sockets[i] is None or sockets[i].ws.state != websockets.State.OPEN:
                try:
                    sockets[i] = Visitor(await connect(app_url), timeout)
                except Exception as error:
                    reports[i].problems.append(f"connect: {type(error).__name__}: {error}")
                    return
            await visit_view(sockets[i], reports[i], page, queries[page])

        for page in VIEWS:
            waves[page] = await wave(app_pid, visitors, stagger, lambda i, page=page: view_visit(page, i))
        if bare_url is not None:
            bare_reports = [VisitorReport(i, 0, 0) for i in range(visitors)]
            waves[BARE] = await wave(
                bare_pid, visitors, stagger, lambda i: visit_bare(bare_url, bare_reports[i], timeout)
            )
            for report, bare in zip(reports, bare_reports):
                report.runs.extend(bare.runs)
                report.problems.extend(bare.problems)
        else:
            await asyncio.sleep(2.0)  # let the last messages drain before reading idle memory
        rss_idle = memory_kib(app_pid, "VmRSS")
        connected = sum(v is not None and v.ws.state == websockets.State.OPEN for v in sockets)
    finally:
        await asyncio.gather(*(v.ws.close() for v in sockets if v is not None), return_exceptions=True)
    return reports, waves, rss_before, rss_idle, connected


def run(
    visitors: int = 100,
    stagger: float = 30.0,
    seeds: int | None = None,
    baseline: bool = True,
    lab_query: str = "",
    compare_query: str = "",
    timeout: float = 600.0,
    bare_like_app: bool = False,
    app_dir: str | None = None,
    app_options: tuple[str, ...] = (),
) -> dict:
    """Start the app (and the bare page unless ``baseline`` is False), send the visitors, return the report.

    Visitor i opens each view with ``seed = 1 + i % seeds`` and changes it to that plus ``seeds``
    (default: one seed per visitor, so no visitor profits from another's cached results).
    ``lab_query``/``compare_query`` are appended to the views' query strings (e.g. ``"steps=1000"``).
    ``app_dir``: serve the app of another checkout (e.g. an older commit's ``git worktree``), against the same
    bare page; ``app_options``: more settings for the app's server (the last one given counts).
    """
    seeds = seeds or visitors
    with contextlib.ExitStack() as stack:
        app_cwd = Path(app_dir).resolve() if app_dir else ROOT
        commit = git_commit(app_cwd)  # before the run: the code the server loads now
        app_url, app = stack.enter_context(streamlit_server(cwd=app_cwd, options=tuple(app_options)))
        bare_url, bare_pid = None, None
        if baseline:
            options = () if bare_like_app else STREAMLIT_DEFAULT_OPTIONS
            bare_url, bare = stack.enter_context(streamlit_server(BARE_PAGE, options=options))
            bare_pid = bare.pid
        client_cpu = time.process_time()
        reports, waves, rss_before, rss_idle, connected = asyncio.run(
            _load(app_url, app.pid, bare_url, bare_pid, visitors, stagger, seeds, lab_query, compare_query, timeout)
        )
        client_cpu = time.process_time() - client_cpu
        peak = memory_kib(app.pid, "VmHWM")

    timings = timings_of(reports, (*VIEWS, BARE), ("open", NEXT_LABEL, "seed change", "rerun"))
    cpu = cpu_per_visit(waves, visitors, BARE)
    return {
        "app": {"dir": str(app_cwd), "commit": commit, "options": list(app_options)},
        "visitors": visitors,
        "stagger_s": stagger,
        "seeds": seeds,
        "lab_query": lab_query,
        "compare_query": compare_query,
        "cpu_cores": os.cpu_count(),
        "timings": timings,
        "cpu": cpu,
        "server_cpu_per_visitor_s": sum(cpu[page]["cpu_s"] for page in VIEWS) / visitors,
        "load_generator_cpu_s": client_cpu,
        "memory": memory_of(rss_before, rss_idle, peak, connected, visitors),
        "correct": sum(r.correct for r in reports),
        "visitors_report": [{**asdict(r), "correct": r.correct} for r in reports],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--stagger", type=float, default=30.0, help="seconds over which each wave's arrivals spread")
    parser.add_argument("--seeds", type=int, default=None, help="distinct seeds among visitors (default: one each)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare page")
    parser.add_argument(
        "--bare-like-app", action="store_true",
        help="run the bare page with the app's .streamlit/config.toml (default: Streamlit's own settings)",
    )  # fmt: skip
    parser.add_argument("--lab-query", default="", help="appended to the lab's query string, e.g. steps=1000")
    parser.add_argument("--compare-query", default="", help="appended to the comparison's query string")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for any one message")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON ('-' for stdout)")
    parser.add_argument("--app-dir", help="serve app.py from this checkout instead (the bare page stays the same)")
    parser.add_argument("--app-options", default="", help="more settings for its server, e.g. --server.runOnSave=true")
    args = parser.parse_args()
    report = run(
        args.visitors, args.stagger, args.seeds, not args.no_baseline, args.lab_query, args.compare_query, args.timeout,
        args.bare_like_app, args.app_dir, tuple(shlex.split(args.app_options)),
    )  # fmt: skip
    print_report(report)
    if args.json == "-":
        print(json.dumps(report, indent=1))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
        print(f"\nReport written to {args.json}")


if __name__ == "__main__":
    main()
