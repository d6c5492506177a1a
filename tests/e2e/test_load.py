"""A full lecture hall: 20 visitors play 10,000-step runs at once on one server; all end correct."""

from bench.load import run


def test_twenty_visitors_playing_at_once_all_end_on_their_own_numbers(browser):  # browser: skip/fail like others
    report = run(sessions=20, steps=10_000, speed=5_000, browser=browser)
    wrong = [r for r in report["results"] if not r["correct"]]
    assert [r["finished_s"] is not None for r in report["results"]] == [True] * 20
    assert wrong == []
    assert report["peak_mib"] < 1024  # Community Cloud gives the whole app 0.7-2.7 GB
