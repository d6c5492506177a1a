"""Rooms in Redis, shared by every replica: the same rules as ``MemoryStore`` (``room.memory_store``).

Each room is a few keys under ``pgroom:{code}``, all with the room's time to live, renewed at every
sign of life: a hash (secret hash, revision, vote counter, the lecture's query as JSON), a set of
revealed questions, a sorted set of members by when they were last seen, a set of the questions voted
on, and a hash of votes per question. A sorted set ``pgroom:rooms`` counts the open rooms; a closed
room leaves ``pgroom:{code}:ended`` for a while. Changes are published on one channel,
``pgroom-events``, which every replica's event route listens to (``room.events``).

When Redis does not answer (down, restarting, stalled), every step raises ``RoomUnreachable`` after at
most ``TIMEOUT`` seconds: the page says so and tries again, it never shows a traceback.
"""

from __future__ import annotations

import functools
import json
import secrets
from dataclasses import dataclass, field

from room.store import ENDED_KEPT, MEMBERS_KEPT, Event, Room, RoomStore, RoomUnreachable

CHANNEL = "pgroom-events"
ROOMS = "pgroom:rooms"
KEY = "pgroom:key"
TIMEOUT = 2.0  # seconds: connecting to Redis, and waiting for one of its answers
_RENEW = """
for _, k in ipairs(KEYS) do redis.call('EXPIRE', k, ARGV[1]) end
for _, q in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('EXPIRE', KEYS[1] .. ':q:' .. q, ARGV[1]) end
"""


def _key(code: str, part: str = "") -> str:
    return f"pgroom:{code}" + (f":{part}" if part else "")


def _parts(code: str) -> list[str]:
    return [_key(code), _key(code, "revealed"), _key(code, "members"), _key(code, "questions")]


def reachable(step):
    """A storage step that turns Redis's connection errors and time-outs into ``RoomUnreachable``."""

    @functools.wraps(step)
    def guarded(*args, **kwargs):
        import redis

        try:
            return step(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError) as error:
            raise RoomUnreachable() from error

    return guarded


@dataclass
class RedisStore(RoomStore):
    url: str = "redis://localhost:6379/0"
    _client: object = field(default=None, repr=False)

    def __post_init__(self):
        import redis  # only when a Redis URL is set: the app runs without the package otherwise

        self._client = redis.Redis.from_url(
            self.url, decode_responses=True, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT
        )
        self._renew_script = self._client.register_script(_RENEW)

    @property
    def client(self):
        return self._client

    def _renew(self, pipe, code: str, now: float) -> None:
        self._renew_script(keys=_parts(code), args=[int(self.ttl) + 1], client=pipe)
        pipe.zadd(ROOMS, {code: now})

    @reachable
    def _create(self, code, hashed, lecture, now):
        if not self._client.hsetnx(_key(code), "secret_hash", hashed):
            return False
        pipe = self._client.pipeline()
        pipe.hset(_key(code), mapping={"revision": 0, "votes": 0, "lecture": json.dumps(lecture)})
        pipe.delete(_key(code, "ended"))
        pipe.set(KEY, self._signing_key().hex(), nx=True)  # back in Redis if Redis lost it
        self._renew(pipe, code, now)
        pipe.execute()
        return True

    @reachable
    def _load(self, code, now):
        pipe = self._client.pipeline()
        pipe.hgetall(_key(code))
        pipe.smembers(_key(code, "revealed"))
        stored, revealed = pipe.execute()
        if not stored or "lecture" not in stored:
            return None
        lecture = json.loads(stored["lecture"])
        return Room(code, int(stored["revision"]), lecture, frozenset(revealed), int(stored["votes"]))

    @reachable
    def _secret_hash(self, code):
        return self._client.hget(_key(code), "secret_hash")

    @reachable
    def _set_lecture(self, code, lecture, now):
        pipe = self._client.pipeline()
        pipe.hset(_key(code), "lecture", json.dumps(lecture))
        pipe.hincrby(_key(code), "revision", 1)
        self._renew(pipe, code, now)
        return int(pipe.execute()[1])

    @reachable
    def _add_revealed(self, code, question, now):
        pipe = self._client.pipeline()
        pipe.sadd(_key(code, "revealed"), question)
        pipe.hincrby(_key(code), "revision", 1)
        self._renew(pipe, code, now)
        return int(pipe.execute()[1])

    @reachable
    def _delete(self, code, now):
        questions = self._client.smembers(_key(code, "questions"))
        pipe = self._client.pipeline()
        pipe.delete(*_parts(code), *(_key(code, f"q:{q}") for q in questions))
        pipe.zrem(ROOMS, code)
        pipe.set(_key(code, "ended"), 1, ex=int(ENDED_KEPT))
        pipe.execute()

    @reachable
    def _ended(self, code, now):
        return bool(self._client.exists(_key(code, "ended")))

    @reachable
    def _seen(self, code, member, now):
        members = _key(code, "members")
        pipe = self._client.pipeline()
        pipe.zadd(members, {member: now})
        pipe.zremrangebyscore(members, "-inf", now - self.ttl)
        pipe.zremrangebyrank(members, 0, -(MEMBERS_KEPT + 1))  # keep memory bounded: the least recent go
        self._renew(pipe, code, now)
        pipe.execute()

    @reachable
    def _members_since(self, code, since):
        return set(self._client.zrangebyscore(_key(code, "members"), since, "+inf"))

    @reachable
    def _vote(self, code, question, member, choice, now):
        pipe = self._client.pipeline()
        pipe.hset(_key(code, f"q:{question}"), member, choice)
        pipe.hincrby(_key(code), "votes", 1)
        pipe.sadd(_key(code, "questions"), question)
        self._renew(pipe, code, now)
        return int(pipe.execute()[1])

    @reachable
    def _votes(self, code, question):
        return self._client.hgetall(_key(code, f"q:{question}"))

    @reachable
    def _count_rooms(self, now):
        self._client.zremrangebyscore(ROOMS, "-inf", now - self.ttl)
        return int(self._client.zcard(ROOMS))

    @reachable
    def _hit(self, name, window, now):
        key, previous = (f"pgroom:hits:{name}:{int(now // window) - back}" for back in (0, 1))
        pipe = self._client.pipeline()
        pipe.incr(key)
        pipe.expire(key, 2 * int(window) + 1)  # kept through the next window, which reads it as its previous
        pipe.get(previous)
        current, _, before = pipe.execute()
        return int(current), int(before or 0)

    @reachable
    def _shared_key(self):
        self._client.set(KEY, secrets.token_hex(32), nx=True)  # the first replica's key is everyone's
        return bytes.fromhex(self._client.get(KEY))

    @reachable
    def _publish(self, event: Event) -> None:
        message = {"code": event.code, "kind": event.kind, "revision": event.revision, "votes": event.votes}
        self._client.publish(CHANNEL, json.dumps(message))
