"""Replicas behind HAProxy, for real: sticky sessions, and a replica killed while visitors use it.

    bash scripts/replicas.sh                         # installs haproxy if missing, then runs this
    python -m bench.replicas --replicas 3 --visitors 30 --json report.json

Starts ``--replicas`` servers of this app (``streamlit run app.py``, the app's own settings) and HAProxy
in front of them with docs/DEPLOY.md's configuration ("Scaling out"), plus a response header naming the
replica that served each request (``X-Served-By``) so a visitor can tell where it landed. Then, with
``bench.visitor``'s protocol-level visitors (no browser):

1. **Sticky.** Each visitor loads the page (HAProxy sets its ``SERVERID`` cookie), opens its websocket
   with that cookie, opens the training lab and changes the seed, closes the websocket and opens a new
   one (a reconnect), as a browser does after a network blip. Checked: the websocket and the reconnect
   land on the replica the cookie names, and the visitors are spread over the replicas.
2. **A replica killed mid-run.** Every visitor keeps changing the lab's seed (one rerun after another)
   for ``--seconds``; a third of the way in, one replica is killed (SIGKILL). Its visitors' websockets
   close; each reconnects through HAProxy with its old cookie, as the browser does, lands on another
   replica (a new session there), and sends its URL, which holds its seed: checked that the new
   replica's page shows that seed, i.e. the page recovered its place from the URL. Reported: how many
   visitors it cost a reconnect, how long each took until its charts were back, and that no visitor on
   another replica noticed.

Nothing here asserts a timing; it prints what it measured. ``tests/test_replicas.py`` runs a short
version of it in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import websockets

from bench.load_report import percentile
from bench.visitor import Visitor, connect
from tests.e2e.server import free_port, streamlit_server

HEALTH = "/_stcore/health"


def haproxy_config(port: int, replicas: list[int], redispatch: bool = True) -> str:
    """docs/DEPLOY.md's HAProxy configuration for these ports, with a header naming the replica that answered."""
    servers = "\n".join(f"    server app{i} 127.0.0.1:{p} check cookie app{i}" for i, p in enumerate(replicas, 1))
    return f"""defaults
    mode http
    timeout connect 5s
    timeout client 1m
    timeout server 1m
{"    option redispatch" + chr(10) if redispatch else ""}frontend www
    bind 127.0.0.1:{port}
    default_backend streamlit
backend streamlit
    balance roundrobin
    cookie SERVERID insert indirect nocache
    option httpchk GET {HEALTH}
    http-check expect string ok
    timeout tunnel 1h
    http-response set-header X-Served-By %s
{servers}
"""


@contextlib.contextmanager
def haproxy(config: str):
    """Run HAProxy in the foreground with ``config``; yield its process."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as file:
        file.write(config)
    check = subprocess.run([binary, "-c", "-f", file.name], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"haproxy rejected the configuration: {check.stdout}{check.stderr}")
    process = subprocess.Popen([binary, "-db", "-f", file.name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(10)
        os.unlink(file.name)


def page_cookie(url: str) -> tuple[str, str]:
    """Load the page as a browser does first: HAProxy's cookie (``SERVERID=app2``) and who served it."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
        return cookie, response.headers.get("X-Served-By", "")


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + HEALTH, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered {url}{HEALTH} within {timeout:.0f} s")


@dataclass
class Tab:
    """One simulated browser tab behind the balancer: its cookie, the replica it is on, what happened to it."""

    index: int
    seed: int
    cookie: str = ""
    replica: str = ""  # named by HAProxy's X-Served-By
    sticky: bool = True  # every websocket (and the reconnect) went to the cookie's replica
    runs: int = 0
    reconnects: list[dict] = field(default_factory=list)  # {"from", "to", "seconds", "url_kept", "charts"}
    problems: list[str] = field(default_factory=list)


async def open_socket(url: str, tab: Tab, timeout: float) -> Visitor:
    ws = await connect(url, headers={"Cookie": tab.cookie} if tab.cookie else None)
    return Visitor(ws, timeout)


def served_by(visitor: Visitor) -> str:
    return visitor.ws.response.headers.get("X-Served-By", "")


async def sticky_visit(url: str, tab: Tab, timeout: float) -> Visitor:
    """Phase 1: page load, websocket, the lab and a seed change, a reconnect; all on the cookie's replica."""
    tab.cookie, tab.replica = await asyncio.to_thread(page_cookie, url)
    visitor = await open_socket(url, tab, timeout)
    landed = [served_by(visitor)]
    opened = await visitor.rerun("lab", "open", f"seed={tab.seed}")
    changed = await visitor.change_seed("lab", tab.seed + 1)
    tab.seed += 1
    tab.runs += 2
    query = visitor.query_string
    await visitor.ws.close()
    again = await open_socket(url, tab, timeout)  # a reconnect: the browser keeps its URL and widget values
    again.widgets, again.query_string, again.seed_id = visitor.widgets, query, visitor.seed_id
    landed.append(served_by(again))
    rerun = await again.rerun("lab", "reconnect")
    tab.runs += 1
    tab.sticky = all(name == tab.replica for name in landed)
    for run in (opened, changed, rerun):
        if run.charts == 0 or run.exceptions:
            tab.problems.append(f"sticky phase, lab {run.action}: charts {run.charts}, exceptions {run.exceptions}")
    if parse_qs(again.query_string).get("seed") != [str(tab.seed)]:
        tab.problems.append(f"after the reconnect the URL is {again.query_string!r}, wanted seed={tab.seed}")
    return again


async def keep_busy(url: str, tab: Tab, visitor: Visitor, until: float, timeout: float) -> None:
    """Phase 2: change the seed again and again until ``until``; after a lost connection, reconnect and go on."""
    while time.monotonic() < until:
        try:
            await visitor.change_seed("lab", tab.seed + 1)
            tab.seed += 1
            tab.runs += 1
        except (TimeoutError, websockets.ConnectionClosed, OSError) as error:
            lost = time.monotonic()
            visitor = await _reconnect(url, tab, visitor, lost, timeout, type(error).__name__)
            if visitor is None:
                return
        await asyncio.sleep(0.3)
    await visitor.ws.close()


async def _reconnect(url, tab: Tab, old: Visitor, lost: float, timeout: float, why: str) -> Visitor | None:
    """As the browser does: reconnect through the balancer with the same cookie, rerun with the URL it holds."""
    for attempt in range(30):
        try:
            visitor = await open_socket(url, tab, timeout)
            visitor.widgets, visitor.query_string, visitor.seed_id = old.widgets, old.query_string, old.seed_id
            run = await visitor.rerun("lab", "reconnect")
        except (TimeoutError, websockets.InvalidStatus, websockets.ConnectionClosed, OSError):
            await asyncio.sleep(0.5)  # the browser retries too, with a growing wait
            continue
        seed_in_url = parse_qs(visitor.query_string).get("seed") == [str(tab.seed)]
        before, tab.replica = tab.replica, served_by(visitor)
        tab.reconnects.append(
            {"from": before, "to": tab.replica, "seconds": time.monotonic() - lost, "url_kept": seed_in_url,
             "charts": run.charts, "attempts": attempt + 1, "because": why}
        )  # fmt: skip
        if not seed_in_url or run.charts == 0 or run.exceptions:
            tab.problems.append(f"reconnected to {tab.replica}: URL {visitor.query_string!r}, charts {run.charts}")
        tab.runs += 1
        return visitor
    tab.problems.append("could not reconnect within 30 attempts")
    return None


async def _run(url: str, replicas: dict[str, subprocess.Popen], visitors: int, seconds: float, timeout: float):
    tabs = [Tab(i, seed=1000 + 10 * i) for i in range(visitors)]
    sockets = await asyncio.gather(*(sticky_visit(url, tab, timeout) for tab in tabs), return_exceptions=True)
    for tab, result in zip(tabs, sockets):
        if isinstance(result, BaseException):
            tab.problems.append(f"sticky phase: {type(result).__name__}: {result}")
    start = time.monotonic()
    victim = "app2"
    on_victim = [t.index for t in tabs if t.replica == victim]

    async def kill_later():
        await asyncio.sleep(seconds / 3)
        replicas[victim].send_signal(signal.SIGKILL)
        return time.monotonic() - start

    busy = [
        keep_busy(url, tab, sock, start + seconds, timeout)
        for tab, sock in zip(tabs, sockets)
        if not isinstance(sock, BaseException)
    ]
    killed_at, *_ = await asyncio.gather(kill_later(), *busy)
    return tabs, victim, on_victim, killed_at


def run(replicas: int = 3, visitors: int = 30, seconds: float = 15.0, timeout: float = 120.0, redispatch=True) -> dict:
    """Start the replicas and HAProxy, send the visitors, kill one replica; the report as a dict."""
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server()) for _ in range(replicas)]
        ports = [int(u.rsplit(":", 1)[1]) for u, _ in servers]
        port = free_port()
        stack.enter_context(haproxy(haproxy_config(port, ports, redispatch)))
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url)
        time.sleep(2.5)  # HAProxy's first health checks (every 2 s) mark the replicas up
        processes = {f"app{i}": process for i, (_, process) in enumerate(servers, 1)}
        tabs, victim, on_victim, killed_at = asyncio.run(_run(url, processes, visitors, seconds, timeout))
    spread = {name: sum(t.replica == name for t in tabs) for name in processes}
    first = {name: sum(1 for t in tabs if (t.reconnects[0]["from"] if t.reconnects else t.replica) == name)
             for name in processes}  # fmt: skip
    moved = [r for t in tabs for r in t.reconnects]
    return {
        "replicas": replicas, "visitors": visitors, "seconds": seconds, "redispatch": redispatch,
        "first_replica": first, "replica_at_end": spread,
        "sticky": sum(t.sticky for t in tabs), "killed": victim, "killed_at_s": killed_at,
        "visitors_on_killed": len(on_victim),
        "reconnected": len({t.index for t in tabs if t.reconnects}),
        "reconnected_elsewhere": sum(r["to"] != victim for r in moved),
        "url_kept": sum(r["url_kept"] for r in moved),
        "reconnect_p50_s": percentile([r["seconds"] for r in moved], 0.5),
        "reconnect_max_s": max((r["seconds"] for r in moved), default=None),
        "reconnects_not_on_killed": sum(1 for t in tabs if t.reconnects and t.index not in on_victim),
        "runs": sum(t.runs for t in tabs),
        "correct": sum(not t.problems for t in tabs),
        "tabs": [asdict(t) for t in tabs],
    }  # fmt: skip


def print_report(r: dict) -> None:
    print(f"{r['replicas']} replicas behind HAProxy (option redispatch: {'on' if r['redispatch'] else 'off'}), "
          f"{r['visitors']} visitors, {r['runs']} script runs in all")  # fmt: skip
    print(f"  first replica per visitor (HAProxy's cookie): {r['first_replica']}")
    print(f"  sticky: {r['sticky']} of {r['visitors']} visitors had their websocket and a reconnect on their cookie's "
          "replica")  # fmt: skip
    print(f"  killed {r['killed']} (SIGKILL) {r['killed_at_s']:.1f} s into the busy phase, with "
          f"{r['visitors_on_killed']} visitors on it")  # fmt: skip
    print(f"  reconnected: {r['reconnected']} visitors, {r['reconnected_elsewhere']} of their reconnects to another "
          f"replica, {r['url_kept']} with the seed from the URL on the new page; "
          f"{r['reconnects_not_on_killed']} visitors on other replicas had to reconnect")  # fmt: skip
    if r["reconnect_p50_s"] is not None:
        print(f"  from the lost connection to the charts on the new replica: p50 {r['reconnect_p50_s']:.2f} s, "
              f"max {r['reconnect_max_s']:.2f} s")  # fmt: skip
    print(f"  replica at the end: {r['replica_at_end']}")
    print(f"Correct: {r['correct']} of {r['visitors']} visitors")
    for tab in r["tabs"]:
        for problem in tab["problems"]:
            print(f"  visitor {tab['index']}: {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the busy phase (the kill at a third)")
    parser.add_argument("--no-redispatch", action="store_true", help="the config without 'option redispatch'")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    args = parser.parse_args()
    report = run(args.replicas, args.visitors, args.seconds, redispatch=not args.no_redispatch)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
