"""The live room's store: codes, secrets, votes, limits and expiry, the same tests on both backends."""

from __future__ import annotations

import json
import math

import pytest

from room.codes import ALPHABET, LENGTH, new_code, normalize
from room.memory_store import MemoryStore
from room.store import RoomError, question_id
from tests.redis_server import need_redis, redis_server

LECTURE = {"update": "2", "substep": "reward"}
Q = question_id(0, 1, "reward")


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def redis_url():
    with redis_server(need_redis()) as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
def make(request):
    """A factory of stores of one backend: make(**limits) -> store (all share one Redis, flushed first)."""
    if request.param == "memory":
        yield lambda **kw: MemoryStore(**kw)
        return
    from room.redis_store import RedisStore

    url = request.getfixturevalue("redis_url")
    RedisStore(url=url).client.flushdb()
    yield lambda **kw: RedisStore(url=url, **kw)


def test_codes_are_short_readable_and_plenty():
    assert not set("01OIL") & set(ALPHABET)
    assert len(ALPHABET) ** LENGTH >= 10**8
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 6 and set(c) <= set(ALPHABET) for c in codes)
    assert normalize(" k7q-m2x ") == "K7QM2X"
    for bad in ("K7QM2", "K7QM2XX", "K7QM2O", "", None, "A" * 100, "<b>x</b>"):
        assert normalize(bad) is None


def test_open_gives_a_code_and_a_secret_only_its_hash_is_stored(make):
    store = make()
    code, secret = store.open(LECTURE)
    room = store.room(code)
    assert room.lecture == LECTURE and room.revision == 0 and room.revealed == frozenset()
    assert store.is_presenter(code, secret)
    assert not store.is_presenter(code, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert not store.is_presenter(code, None)
    dumped = json.dumps(vars(store._rooms[code]), default=str) if isinstance(store, MemoryStore) else json.dumps(
        {k: store.client.hgetall(k) for k in store.client.keys("pgroom:*") if store.client.type(k) == "hash"}
    )  # fmt: skip
    assert secret not in dumped


def test_only_the_presenter_moves_and_reveals_and_every_move_is_published(make):
    store = make()
    code, secret = store.open(LECTURE)
    heard = []
    store.listeners.append(heard.append)
    with pytest.raises(RoomError, match="Only the lecturer"):
        store.move(code, "x" * 22, {"update": "3"})
    with pytest.raises(RoomError, match="Only the lecturer"):
        store.reveal(code, "guessed-secret-123456", Q)
    moved = store.move(code, secret, {"update": "3"})
    assert moved.lecture == {"update": "3"} and moved.revision == 1
    assert store.reveal(code, secret, Q).revealed == {Q}
    if isinstance(store, MemoryStore):  # Redis publishes on its channel instead (tests/e2e, bench.room)
        assert [(e.kind, e.revision) for e in heard] == [("move", 1), ("move", 2)]


def test_one_vote_per_member_changeable_until_the_reveal(make):
    store = make()
    code, secret = store.open(LECTURE)
    for member, choice in (("a" * 16, "positive"), ("b" * 16, "negative"), ("a" * 16, "negative")):
        store.join(code, member)
        store.vote(code, member, Q, choice)
    tally = store.tally(code, Q)
    assert tally.counts == {"negative": 2} and tally.answered == 2 and tally.present == 2
    assert store.my_vote(code, Q, "a" * 16) == "negative"
    assert store.room(code).votes == 3
    store.reveal(code, secret, Q)
    with pytest.raises(RoomError, match="already shown"):
        store.vote(code, "b" * 16, Q, "positive")
    with pytest.raises(RoomError, match="not an answer"):
        store.vote(code, "b" * 16, question_id(0, 2, "reward"), "<script>")
    with pytest.raises(RoomError, match="not a question"):
        store.vote(code, "b" * 16, "0.1:anything", "up")


def test_unknown_and_expired_rooms_get_a_message(make):
    clock = Clock()
    store = make(clock=clock, ttl=3600)
    with pytest.raises(RoomError, match="No room ABCDEF: check the code on the slide"):
        store.join("ABCDEF", "m" * 16)
    code, _secret = store.open(LECTURE)
    clock.now += 1800
    store.join(code, "m" * 16)  # activity keeps it open
    clock.now += 3601
    if isinstance(store, MemoryStore):
        assert store.room(code) is None
        with pytest.raises(RoomError, match=f"No room {code}"):
            store.join(code, "m" * 16)
        assert store._count_rooms(clock.now) == 0  # gone from memory, not only hidden


def test_redis_keys_expire_by_themselves(redis_url):
    from room.redis_store import RedisStore

    store = RedisStore(url=redis_url, ttl=1)
    code, _ = store.open(LECTURE)
    store.join(code, "m" * 16)
    assert all(store.client.ttl(k) in (1, 2) for k in store.client.keys(f"pgroom:{code}*"))
    import time

    time.sleep(2.2)
    assert store.room(code) is None and not store.client.keys(f"pgroom:{code}*")


def test_limits_of_rooms_and_members(make):
    store = make(max_rooms=2, max_members=3)
    store.open(LECTURE)
    code, _ = store.open(LECTURE)
    with pytest.raises(RoomError, match="2 rooms open, its limit"):
        store.open(LECTURE)
    for i in range(3):
        store.join(code, f"member-{i:010d}")
    store.join(code, "member-0000000000")  # already in: no new place taken
    with pytest.raises(RoomError, match="full \\(3 people\\)"):
        store.join(code, "member-9999999999")


def test_members_stop_counting_once_gone_a_while(make):
    clock = Clock()
    store = make(clock=clock, presence=600)
    code, _ = store.open(LECTURE)
    store.join(code, "early-0000000000")
    clock.now += 601
    store.join(code, "later-0000000000")
    assert store.present(code) == 1


def test_the_presenter_link_reopens_the_room_after_a_restart(make):
    store = make()
    code, secret = store.open(LECTURE)
    store.move(code, secret, {"update": "2"})
    assert store.reopen(code, secret, {}).lecture == {"update": "2"}  # same server: the room as it was
    with pytest.raises(RoomError, match="does not belong"):
        store.reopen(code, "another-secret-12345678", {})
    restarted = make()  # a new process with an empty memory (Redis: the room is still there)
    back = restarted.reopen(code, secret, LECTURE)
    assert restarted.is_presenter(code, secret) and back.code == code
    with pytest.raises(RoomError, match="not one this app made"):
        restarted.reopen("ZZZZZZ", "short", LECTURE)


def test_many_codes_never_collide_with_an_open_room(make):
    store = make(max_rooms=500)
    codes = {store.open(LECTURE)[0] for _ in range(300)}
    assert len(codes) == 300
    assert math.log10(len(ALPHABET) ** LENGTH) > 8
