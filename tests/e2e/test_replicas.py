"""Two replicas behind HAProxy with docs/DEPLOY.md's configuration: sessions stick, and a killed replica costs its
visitors only a reconnect to the other one, the page recovering its place (the seed) from the URL (bench.replicas).
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.replicas import run


def need_haproxy() -> None:
    """HAProxy is installed, or skip (fail under CI, where scripts/test.sh installs it)."""
    if not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")):
        message = "HAProxy not found (Debian package 'haproxy'); scripts/test.sh installs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def report():
    need_haproxy()
    # A fresh thread: Playwright's sync API may leave an asyncio loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run, replicas=2, visitors=6, seconds=8.0).result()


def test_sessions_stay_on_their_replica(report):
    assert report["sticky"] == report["visitors"]
    assert all(count > 0 for count in report["first_replica"].values())  # the balancer spread them


def test_a_killed_replica_costs_its_visitors_a_reconnect_and_nothing_else(report):
    assert report["visitors_on_killed"] > 0
    assert report["reconnected"] == report["visitors_on_killed"]
    assert report["reconnects_not_on_killed"] == 0
    moved = [r for tab in report["tabs"] for r in tab["reconnects"]]
    assert all(r["from"] == report["killed"] and r["to"] not in ("", report["killed"]) for r in moved)
    assert all(r["url_kept"] and r["charts"] > 0 for r in moved)  # the seed from the URL, charts drawn
    assert report["correct"] == report["visitors"], [t["problems"] for t in report["tabs"] if t["problems"]]
    assert report["replica_at_end"][report["killed"]] == 0
