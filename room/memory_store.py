"""Rooms in this process's memory: the same rules as ``RoomStore`` (``room.store``), for one Streamlit process."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from room.keys import from_file
from room.store import ENDED_KEPT, MEMBERS_KEPT, Room, RoomStore


@dataclass
class _Stored:
    hashed: str
    lecture: dict
    touched: float  # the last sign of life: a move, a reveal, a vote, a page in the room
    revision: int = 0
    votes: int = 0
    revealed: set = field(default_factory=set)
    members: dict = field(default_factory=dict)  # member -> last seen
    ballots: dict = field(default_factory=dict)  # question -> {member: choice}


@dataclass
class MemoryStore(RoomStore):
    """Rooms in this process's memory, guarded by one lock (script threads and the event route share it).

    ``key_file``: where the signing key is kept across restarts (``room.keys``); without it, a key of this
    store's own (tests), so rooms cannot be reopened by another store.
    """

    key_file: Path | None = None
    _rooms: dict = field(default_factory=dict)
    _ended_at: dict = field(default_factory=dict)  # code -> when its lecturer closed it
    _hits: dict = field(default_factory=dict)  # (name, window, window index) -> count
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _live(self, code: str, now: float) -> _Stored | None:
        stored = self._rooms.get(code)
        if stored is not None and now - stored.touched > self.ttl:
            del self._rooms[code]
            return None
        return stored

    def _create(self, code, hashed, lecture, now):
        with self._lock:
            if self._live(code, now) is not None:
                return False
            self._rooms[code] = _Stored(hashed, lecture, now)
            self._ended_at.pop(code, None)
            return True

    def _load(self, code, now):
        with self._lock:
            s = self._live(code, now)
            return None if s is None else Room(code, s.revision, dict(s.lecture), frozenset(s.revealed), s.votes)

    def _secret_hash(self, code):
        stored = self._rooms.get(code)
        return None if stored is None else stored.hashed

    def _set_lecture(self, code, lecture, now):
        with self._lock:
            s = self._rooms[code]
            s.lecture, s.touched = lecture, now
            s.revision += 1
            return s.revision

    def _add_revealed(self, code, question, now):
        with self._lock:
            s = self._rooms[code]
            s.revealed.add(question)
            s.touched = now
            s.revision += 1
            return s.revision

    def _delete(self, code, now):
        with self._lock:
            self._rooms.pop(code, None)
            self._ended_at = {c: t for c, t in self._ended_at.items() if now - t < ENDED_KEPT}
            self._ended_at[code] = now

    def _ended(self, code, now):
        with self._lock:
            return now - self._ended_at.get(code, -ENDED_KEPT) < ENDED_KEPT

    def _seen(self, code, member, now):
        with self._lock:
            s = self._rooms.get(code)
            if s is None:
                return
            s.members.pop(member, None)
            s.members[member] = now  # the dict stays in order of last seen: the oldest first
            s.touched = now
            while len(s.members) > MEMBERS_KEPT or (s.members and next(iter(s.members.values())) < now - self.ttl):
                del s.members[next(iter(s.members))]  # keep memory bounded

    def _members_since(self, code, since):
        with self._lock:
            s = self._rooms.get(code)
            return set() if s is None else {m for m, seen in s.members.items() if seen >= since}

    def _vote(self, code, question, member, choice, now):
        with self._lock:
            s = self._rooms[code]
            s.ballots.setdefault(question, {})[member] = choice
            s.touched = now
            s.votes += 1
            return s.votes

    def _votes(self, code, question):
        with self._lock:
            s = self._rooms.get(code)
            return {} if s is None else dict(s.ballots.get(question, {}))

    def _count_rooms(self, now):
        with self._lock:
            for code in list(self._rooms):
                self._live(code, now)
            return len(self._rooms)

    def _hit(self, name, window, now):
        with self._lock:
            if len(self._hits) > 10_000:  # keep memory bounded: drop windows before the previous one
                self._hits = {k: n for k, n in self._hits.items() if k[2] >= now // k[1] - 1}
            key = (name, window, now // window)
            self._hits[key] = self._hits.get(key, 0) + 1
            return self._hits[key], self._hits.get((name, window, now // window - 1), 0)

    def _shared_key(self):
        return from_file(self.key_file) if self.key_file is not None else secrets.token_bytes(32)
