"""A live room through HAProxy to two replicas sharing Redis (docs/DEPLOY.md's setup), at the protocol level.

``python -m bench.room --replicas 2`` in small: a lecturer (in a process of its own) and followers whose
browsers stick to the replica their first page load was sent to. Every follower redraws every sub-step the
lecturer moves to, their votes reach the lecturer's tally, and the balancer spread them over both replicas.
No timing is asserted.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.room import measure
from tests.redis_server import need_redis

FOLLOWERS = 8


def test_followers_on_two_replicas_follow_the_lecturer_and_are_counted():
    need_redis()
    if not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")):
        message = "HAProxy not found (Debian package 'haproxy'); scripts/test.sh installs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    # A fresh thread: Playwright's sync API may leave an asyncio loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        [report] = pool.submit(measure, "redis", [FOLLOWERS], 0.5, replicas=2).result()
    assert report["problems"] == 0, report["first_problem"]
    assert report["reached"] == {"draw": FOLLOWERS, "guess": FOLLOWERS, "derivative": FOLLOWERS}
    assert report["tally_after_last_vote_s"] is not None  # the lecturer's page read "8 of 8 answered"
    assert len(report["followers_per_replica"]) == 2, report["followers_per_replica"]
    assert sum(report["followers_per_replica"].values()) == FOLLOWERS
    assert report["follow_after_second_click_last_s"] is not None  # a quick second click reached every follower
