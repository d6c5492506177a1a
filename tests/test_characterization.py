"""Every chart of every view, on a desk, a projector and a phone, is what it was (``tests/characterize.py``).

A failure names the link, the screen and the chart that changed. If the change was intended, write the
hashes again and name the links it changed in the commit message::

    python -m tests.characterize --update
"""

import base64

import numpy as np
import pytest

from tests import characterize

STORED = characterize.load()


@pytest.mark.parametrize(
    ("view", "name"), characterize.cases(), ids=[characterize.case_id(*c) for c in characterize.cases()]
)
def test_the_view_draws_what_it_drew(view, name):
    case = characterize.case_id(view, name)
    assert case in STORED, f"no stored hashes for {case}: run python -m tests.characterize --update"
    changed = characterize.differences(view, name, STORED[case], characterize.measure(view, name))
    assert not changed, (
        "what this view draws changed (chart hashes, stored -> now):\n"
        + "\n".join(changed)
        + "\nIf that was intended: python -m tests.characterize --update, and say which links changed in the commit."
    )


def test_every_stored_link_is_still_measured():
    measured = {characterize.case_id(*c) for c in characterize.cases()}
    assert set(STORED) == measured, "stored and measured links differ: python -m tests.characterize --update"


def typed(values, dtype) -> dict:
    return {"dtype": dtype, "bdata": base64.b64encode(np.asarray(values, dtype).tobytes()).decode()}


def test_a_hash_ignores_the_encoding_but_not_the_picture():
    figure = {"data": [{"type": "scatter", "y": [0.1, 2.0, -3.5], "x": [0, 1, 2]}], "layout": {"height": 300}}
    same = {"layout": {"height": 300.0}, "data": [{"x": typed([0, 1, 2], "i4"), "y": typed([0.1, 2, -3.5], "f4"),
                                                   "type": "scatter"}]}  # fmt: skip
    assert characterize.fingerprint(same) == characterize.fingerprint(figure)
    moved = {"data": [{"type": "scatter", "y": [0.1, 2.0, -3.6], "x": [0, 1, 2]}], "layout": {"height": 300}}
    assert characterize.fingerprint(moved) != characterize.fingerprint(figure)
    renamed = {"data": [{"type": "scatter", "y": [0.1, 2.0, -3.5], "x": [0, 1, 2]}], "layout": {"height": 301}}
    assert characterize.fingerprint(renamed) != characterize.fingerprint(figure)


def test_a_hash_is_the_same_in_every_process():
    """Not Python's ``hash`` (salted per process): the same figure always gives this hash."""
    figure = {"data": [{"y": typed([0.25, np.nan, 1e30], "f8"), "name": "bias"}], "layout": {"title": {"text": "−10"}}}
    assert characterize.fingerprint(figure) == "6ea7084a00ce84e4"
