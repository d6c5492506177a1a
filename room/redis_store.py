"""Rooms in Redis, shared by every replica: the same rules as ``MemoryStore`` (``room.memory_store``).

Each room is a few keys under ``pgroom:{code}``, each with the room's time to live, renewed on every
change: a hash (secret hash, revision, vote counter, the lecture's query as JSON), a set of revealed
questions, a sorted set of members by when they were last seen, and a hash of votes per question. A
sorted set ``pgroom:rooms`` counts the open rooms. Changes are published on one channel,
``pgroom-events``, which every replica's event route listens to (``room.events``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from room.store import Event, Room, RoomStore

CHANNEL = "pgroom-events"
ROOMS = "pgroom:rooms"


def _key(code: str, part: str = "") -> str:
    return f"pgroom:{code}" + (f":{part}" if part else "")


@dataclass
class RedisStore(RoomStore):
    url: str = "redis://localhost:6379/0"
    _client: object = field(default=None, repr=False)

    def __post_init__(self):
        import redis  # only when a Redis URL is set: the app runs without the package otherwise

        self._client = redis.Redis.from_url(self.url, decode_responses=True, socket_timeout=5)

    @property
    def client(self):
        return self._client

    def _renew(self, pipe, code: str, now: float, *parts: str) -> None:
        seconds = int(self.ttl) + 1
        for part in ("", *parts):
            pipe.expire(_key(code, part), seconds)
        pipe.zadd(ROOMS, {code: now})

    def _create(self, code, hashed, lecture, now):
        created = self._client.hsetnx(_key(code), "secret_hash", hashed)
        if not created:
            return False
        pipe = self._client.pipeline()
        pipe.hset(_key(code), mapping={"revision": 0, "votes": 0, "lecture": json.dumps(lecture)})
        self._renew(pipe, code, now)
        pipe.execute()
        return True

    def _load(self, code, now):
        pipe = self._client.pipeline()
        pipe.hgetall(_key(code))
        pipe.smembers(_key(code, "revealed"))
        stored, revealed = pipe.execute()
        if not stored or "lecture" not in stored:
            return None
        lecture = json.loads(stored["lecture"])
        return Room(code, int(stored["revision"]), lecture, frozenset(revealed), int(stored["votes"]))

    def _secret_hash(self, code):
        return self._client.hget(_key(code), "secret_hash")

    def _set_lecture(self, code, lecture, now):
        pipe = self._client.pipeline()
        pipe.hset(_key(code), "lecture", json.dumps(lecture))
        pipe.hincrby(_key(code), "revision", 1)
        self._renew(pipe, code, now, "revealed", "members")
        return int(pipe.execute()[1])

    def _add_revealed(self, code, question, now):
        pipe = self._client.pipeline()
        pipe.sadd(_key(code, "revealed"), question)
        pipe.hincrby(_key(code), "revision", 1)
        self._renew(pipe, code, now, "revealed", "members")
        return int(pipe.execute()[1])

    def _present(self, code, member, now, limit):
        members = _key(code, "members")
        if self._client.zscore(members, member) is None:
            self._client.zremrangebyscore(members, "-inf", now - self.presence)  # keep memory bounded
            if self._client.zcard(members) >= limit:
                return False
        pipe = self._client.pipeline()
        pipe.zadd(members, {member: now})
        pipe.expire(members, int(self.ttl) + 1)
        pipe.execute()
        return True

    def _count_present(self, code, since):
        return int(self._client.zcount(_key(code, "members"), since, "+inf"))

    def _vote(self, code, question, member, choice, now):
        ballots = _key(code, f"q:{question}")
        pipe = self._client.pipeline()
        pipe.hset(ballots, member, choice)
        pipe.hincrby(_key(code), "votes", 1)
        pipe.expire(ballots, int(self.ttl) + 1)
        self._renew(pipe, code, now, "revealed", "members")
        return int(pipe.execute()[1])

    def _votes(self, code, question):
        return self._client.hgetall(_key(code, f"q:{question}"))

    def _count_rooms(self, now):
        self._client.zremrangebyscore(ROOMS, "-inf", now - self.ttl)
        return int(self._client.zcard(ROOMS))

    def _publish(self, event: Event) -> None:
        message = {"code": event.code, "kind": event.kind, "revision": event.revision, "votes": event.votes}
        self._client.publish(CHANNEL, json.dumps(message))
