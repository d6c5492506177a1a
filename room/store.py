"""The live room's rules, written once: who may move a room, who may vote, and the limits.

``RoomStore`` holds the rules; a backend supplies a few storage steps. ``room.memory_store.MemoryStore``
keeps rooms in this process, which is all one Streamlit process needs (Community Cloud runs one).
``room.redis_store.RedisStore`` keeps them in Redis, shared by replicas behind a load balancer. The
same tests run on both.

A room holds the lecturer's walk-through as its link's query (``lecture``), a ``revision`` that grows
with every move or reveal, the questions revealed so far, and one vote per member and question. Every
change is published (``publish``) so that pages following the room hear of it at once.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from room.codes import is_token, new_code, new_secret, normalize, secret_hash, secret_matches

HOURS = 3600.0
TTL = 6 * HOURS  # a room ends after this long with no activity
MAX_ROOMS = 100  # open rooms at a time (per process, or per Redis for replicas)
MAX_MEMBERS = 400  # present members per room
PRESENCE = 20 * 60.0  # a member counts as present for this long after the page last heard from the room
# The answers a vote may carry: the choices of the walk-through's questions. Nothing a student types is stored.
CHOICES = frozenset({"A", "B", "positive", "negative", "zero", "up", "down", "stays"})
QUESTION_KINDS = frozenset({"draw", "derivative", "reward", "new_bias", "what_if"})


class RoomError(Exception):
    """A request the room refuses; the message is written for the person who made it."""


@dataclass(frozen=True)
class Room:
    code: str
    revision: int  # grows with every move and every reveal
    lecture: dict[str, str]  # the lecturer's walk-through, as the query of its link
    revealed: frozenset[str]  # question ids ("2:reward") whose answer is shown
    votes: int  # grows with every vote: the presenter's tally listens to it


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # choice -> votes
    present: int  # members present in the room

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Event:
    code: str
    kind: str  # "move" (a move or a reveal) or "vote"
    revision: int
    votes: int


def question_id(round_: int, update: int, kind: str) -> str:
    """A question of the walk-through: "round.update:kind" ("0.1:reward"); Restart starts a new round."""
    return f"{int(round_)}.{int(update)}:{kind}"


def _check_question(question: str) -> None:
    place, _, kind = question.partition(":")
    if not (re.fullmatch(r"\d{1,6}\.\d{1,6}", place) and kind in QUESTION_KINDS):
        raise RoomError(f"{question!r} is not a question of the walk-through")


def no_room(code: str) -> RoomError:
    return RoomError(f"No room {code}: check the code on the slide. A room ends after {TTL / HOURS:.0f} hours unused.")


@dataclass
class RoomStore(ABC):
    """The rules of a room, over a backend's storage steps (the methods with a leading underscore)."""

    ttl: float = TTL
    max_rooms: int = MAX_ROOMS
    max_members: int = MAX_MEMBERS
    presence: float = PRESENCE
    clock: Callable[[], float] = time.time
    listeners: list[Callable[[Event], None]] = field(default_factory=list)

    # --- The lecturer -----------------------------------------------------------------------------

    def open(self, lecture: dict[str, str]) -> tuple[str, str]:
        """A new room at the lecturer's place: (code, presenter secret). Only the lecturer gets the secret."""
        if self._count_rooms(self.clock()) >= self.max_rooms:
            raise RoomError(f"This server has {self.max_rooms} rooms open, its limit: try again later.")
        for _ in range(50):
            code, secret = new_code(), new_secret()
            if self._create(code, secret_hash(secret), dict(lecture), self.clock()):
                return code, secret
        raise RoomError("No free room code was found: try again.")  # pragma: no cover - 8.9e8 codes

    def reopen(self, code: str, secret: str, lecture: dict[str, str]) -> Room:
        """The presenter link: back into one's room, or the same room again after the server restarted."""
        room = self.room(code)
        if room is not None:
            if not self.is_presenter(code, secret):
                raise RoomError(f"This presenter link does not belong to room {code}.")
            return room
        if not (normalize(code) == code and is_token(secret)):
            raise RoomError("This presenter link is not one this app made.")
        if self._count_rooms(self.clock()) >= self.max_rooms:
            raise RoomError(f"This server has {self.max_rooms} rooms open, its limit: try again later.")
        self._create(code, secret_hash(secret), dict(lecture), self.clock())
        return self.room(code)

    def is_presenter(self, code: str, secret: object) -> bool:
        stored = self._secret_hash(code)
        return stored is not None and secret_matches(secret, stored)

    def move(self, code: str, secret: str, lecture: dict[str, str]) -> Room:
        """The lecturer's walk-through moved (a click, a setting): every follower is told."""
        self._presenter(code, secret)
        revision = self._set_lecture(code, dict(lecture), self.clock())
        self._publish(Event(code, "move", revision, self.room(code).votes))
        return self.room(code)

    def reveal(self, code: str, secret: str, question: str) -> Room:
        """Show the answer of ``question`` on every page; votes on it end."""
        self._presenter(code, secret)
        _check_question(question)
        revision = self._add_revealed(code, question, self.clock())
        self._publish(Event(code, "move", revision, self.room(code).votes))
        return self.room(code)

    # --- Everyone in the room ---------------------------------------------------------------------

    def room(self, code: str) -> Room | None:
        return self._load(code, self.clock()) if normalize(code) == code else None

    def join(self, code: str, member: str) -> Room:
        """A page in the room (joining, or still there): counted as present."""
        room = self.room(code)
        if room is None:
            raise no_room(code)
        if not is_token(member):
            raise RoomError("This page has no member id.")
        if not self._present(code, member, self.clock(), self.max_members):
            raise RoomError(f"Room {code} is full ({self.max_members} people): follow the projector instead.")
        return room

    def vote(self, code: str, member: str, question: str, choice: str) -> None:
        """One vote per member and question; a later vote replaces it, until the answer is revealed."""
        room = self.join(code, member)
        _check_question(question)
        if choice not in CHOICES:
            raise RoomError(f"{choice!r} is not an answer to this question.")
        if question in room.revealed:
            raise RoomError("The answer is already shown: votes on this question have ended.")
        votes = self._vote(code, question, member, choice, self.clock())
        self._publish(Event(code, "vote", room.revision, votes))

    def tally(self, code: str, question: str) -> Tally:
        counts: dict[str, int] = {}
        for choice in self._votes(code, question).values():
            counts[choice] = counts.get(choice, 0) + 1
        return Tally(counts, self._count_present(code, self.clock() - self.presence))

    def present(self, code: str) -> int:
        """Pages seen in the room lately (the lecturer's page not counted)."""
        return self._count_present(code, self.clock() - self.presence)

    def my_vote(self, code: str, question: str, member: str) -> str | None:
        return self._votes(code, question).get(member)

    # --- Shared steps -----------------------------------------------------------------------------

    def _presenter(self, code: str, secret: str) -> None:
        if self.room(code) is None:
            raise no_room(code)
        if not self.is_presenter(code, secret):
            raise RoomError(f"Only the lecturer who opened room {code} can move it.")

    def _publish(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener(event)

    # --- A backend's storage steps ----------------------------------------------------------------

    @abstractmethod
    def _create(self, code: str, hashed: str, lecture: dict, now: float) -> bool: ...
    @abstractmethod
    def _load(self, code: str, now: float) -> Room | None: ...
    @abstractmethod
    def _secret_hash(self, code: str) -> str | None: ...
    @abstractmethod
    def _set_lecture(self, code: str, lecture: dict, now: float) -> int: ...
    @abstractmethod
    def _add_revealed(self, code: str, question: str, now: float) -> int: ...
    @abstractmethod
    def _present(self, code: str, member: str, now: float, limit: int) -> bool: ...
    @abstractmethod
    def _count_present(self, code: str, since: float) -> int: ...
    @abstractmethod
    def _vote(self, code: str, question: str, member: str, choice: str, now: float) -> int: ...
    @abstractmethod
    def _votes(self, code: str, question: str) -> dict[str, str]: ...
    @abstractmethod
    def _count_rooms(self, now: float) -> int: ...
