"""A lecture hall at the protocol level: 30 visitors on one server each open the lecture and press Next, then
open the lab and the comparison and change the seed; every one is served correctly and the server stays under
1 GiB. No timing is asserted.

``bench.load`` with fewer visitors, shorter runs (``steps=1000``, 20 ensemble seeds) and 3 seeds shared
among the visitors, so it stays well under a minute; ``python -m bench.load`` is the full measurement.
"""

from concurrent.futures import ThreadPoolExecutor

from bench.load import run


def in_own_thread(function, **kwargs):
    """Run ``function`` in a fresh thread: Playwright's sync API may leave an asyncio loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, **kwargs).result()


def test_thirty_visitors_at_once_are_all_served_correctly():
    report = in_own_thread(
        run,
        visitors=30,
        stagger=10.0,
        seeds=3,
        baseline=False,
        lab_query="steps=1000",
        compare_query="steps=1000&seeds=20",
        timeout=120.0,
    )
    problems = [f"visitor {v['index']}: {p}" for v in report["visitors_report"] for p in v["problems"]]
    assert problems == []
    assert report["correct"] == 30
    # every visitor ran the three views, each opened and then moved on: six runs with charts
    assert all(len(v["runs"]) == 6 and all(r["charts"] for r in v["runs"]) for v in report["visitors_report"])
    assert report["memory"]["connected_when_idle"] == 30
    assert report["memory"]["peak_mib"] < 1024  # Community Cloud gives the whole app 0.7-2.7 GB
