"""Where a rerun's time goes: cProfile on the script thread of a real server, while visitors use one view.

    python -m bench.profile lab                      # 5 visits, each with seeds of its own (new runs to train)
    python -m bench.profile compare --shared         # everyone on one link: cache hits after the first visit
    python -m bench.profile lecture --visits 20 --top 40 --sort tottime --out lecture.prof

The server is the app's own (``streamlit run app.py`` with ``.streamlit/config.toml``), started with every
script run wrapped in a ``cProfile.Profile`` of its own (a Streamlit script runs on a ScriptRunner thread,
which a profiler of the main thread does not see). Each run's profile is written to a folder and merged
here. The visitors are ``bench.load``'s protocol-level ones, one at a time, each on a new session: open the
view, then change the sidebar's seed (the lecture: press Next), as in ``python -m bench.load``. A first
visit with seeds no measured visit uses warms the server up (imports, first compilations) and is left out.

What it does not see: the server's event-loop thread (websocket writes, protobuf serialisation) and
Streamlit's file watcher when it is on (``--server.fileWatcherType auto`` to include its script-thread
part). ``py-spy record -p PID`` sees every thread (``pip install py-spy``; see /work/shared/NOTES.md).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import os
import pstats
import sys
import tempfile
import threading
from pathlib import Path

from bench.load import VIEWS, VisitorReport, visit_view
from bench.visitor import Visitor, connect
from tests.e2e.server import ROOT, streamlit_server

ENV_FOLDER = "BENCH_PROFILE_FOLDER"


def serve(folder: str, streamlit_args: list[str]) -> None:
    """Run ``streamlit`` with each script run profiled; each run's stats go to ``folder`` as ``run-N.prof``."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    original = script_runner.ScriptRunner._run_script
    counter = itertools.count()
    lock = threading.Lock()

    def profiled(self, rerun_data):
        profile = cProfile.Profile()
        profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            profile.disable()
            with lock:
                number = next(counter)
            profile.dump_stats(os.path.join(folder, f"run-{number:05d}.prof"))

    script_runner.ScriptRunner._run_script = profiled
    sys.argv = ["streamlit", *streamlit_args]
    cli.main()


async def _visits(url: str, view: str, visits: int, shared: bool, folder: Path) -> list[Path]:
    async def one(report: VisitorReport) -> None:
        async with await connect(url) as ws:
            await visit_view(Visitor(ws, 600.0), report, view, "")
        if report.problems:
            raise RuntimeError(f"visit {report.index} went wrong: {report.problems}")

    await one(VisitorReport(-1, 0, 1_000_000))  # warm-up: seeds the measured visits do not use
    await asyncio.sleep(0.5)  # let its last run's profile be written
    before = set(folder.glob("run-*.prof"))
    for i in range(visits):
        await one(VisitorReport(i, 1, 2) if shared else VisitorReport(i, 1 + 2 * i, 2 + 2 * i))
    await asyncio.sleep(0.5)
    return sorted(set(folder.glob("run-*.prof")) - before)


def profile(view: str, visits: int = 5, shared: bool = False, options=()) -> pstats.Stats:
    """Profile ``visits`` visits of ``view`` on a fresh server; the merged stats of their script runs."""
    with tempfile.TemporaryDirectory() as folder:
        command = ("-m", "bench.profile", "--serve", folder, "--")
        with streamlit_server(options=options, launcher=command) as (url, _):
            runs = asyncio.run(_visits(url, view, visits, shared, Path(folder)))
        if not runs:
            raise RuntimeError("no script run was profiled")
        stats = pstats.Stats(str(runs[0]))
        for run in runs[1:]:
            stats.add(str(run))
        stats.runs = len(runs)
        stats.files = []  # not one line per run's file in the printout
        return stats


def main() -> None:
    if "--serve" in sys.argv:  # the server side: python -m bench.profile --serve FOLDER -- run app.py ...
        at = sys.argv.index("--serve")
        serve(sys.argv[at + 1], sys.argv[sys.argv.index("--") + 1 :])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("view", choices=VIEWS)
    parser.add_argument("--visits", type=int, default=5, help="measured visits, one after another (default 5)")
    parser.add_argument("--shared", action="store_true", help="every visit on the same link (seed 1, then 2)")
    parser.add_argument("--top", type=int, default=30, help="functions to print (default 30)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key: cumulative, tottime, ncalls, ...")
    parser.add_argument("--out", metavar="PATH", help="also write the merged stats (for snakeviz, pstats)")
    parser.add_argument("--watcher", action="store_true", help="turn Streamlit's file watcher on (auto)")
    args = parser.parse_args()
    options = ("--server.fileWatcherType", "auto") if args.watcher else ()
    stats = profile(args.view, args.visits, args.shared, options)
    total = stats.total_tt
    print(
        f"{args.view}: {args.visits} visits ({'one shared link' if args.shared else 'seeds of their own'}), "
        f"{stats.runs} script runs, {total * 1e3 / max(args.visits, 1):.0f} ms of script-thread time per visit "
        f"under cProfile (it slows Python code down, so compare shares, not absolute times)\n"
    )
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    if args.out:
        stats.dump_stats(args.out)
        print(f"Merged stats written to {args.out}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
