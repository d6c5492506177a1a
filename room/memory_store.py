"""Rooms in this process's memory: the same rules as ``RoomStore`` (``room.store``), for one Streamlit process."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from room.store import Room, RoomStore


@dataclass
class _Stored:
    hashed: str
    lecture: dict
    touched: float
    revision: int = 0
    votes: int = 0
    revealed: set = field(default_factory=set)
    members: dict = field(default_factory=dict)  # member -> last seen
    ballots: dict = field(default_factory=dict)  # question -> {member: choice}


@dataclass
class MemoryStore(RoomStore):
    """Rooms in this process's memory, guarded by one lock (script threads and the event route share it)."""

    _rooms: dict = field(default_factory=dict)
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

    def _present(self, code, member, now, limit):
        with self._lock:
            s = self._rooms[code]
            if member not in s.members:
                since = now - self.presence
                for gone in [m for m, seen in s.members.items() if seen < since]:  # keep memory bounded
                    del s.members[gone]
                if len(s.members) >= limit:
                    return False
            s.members[member] = now
            return True

    def _count_present(self, code, since):
        with self._lock:
            s = self._rooms.get(code)
            return 0 if s is None else sum(seen >= since for seen in s.members.values())

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
