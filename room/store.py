"""The live room's rules, written once: who may move a room, who may vote, and the limits.

``RoomStore`` holds the rules; a backend supplies a few storage steps. ``room.memory_store.MemoryStore``
keeps rooms in this process, which is all one Streamlit process needs (Community Cloud runs one).
``room.redis_store.RedisStore`` keeps them in Redis, shared by replicas behind a load balancer. The
same tests run on both.

A room holds the lecturer's walk-through as its link's query (``lecture``), a ``revision`` that grows
with every move or reveal, the questions revealed so far, and one vote per member (a browser) and
question. Every change is published (``publish``) so that pages following the room hear of it at once.

What a script could do to a room, and what stops it:
- move it: only the presenter's secret moves a room, and a gone room reopens only for a secret this
  server signed for that code (``room.codes``);
- stuff a tally: one vote per member and question, member ids come only from the server, and one
  client (a network address) gets at most ``LIMITS["member"]`` of them, and votes at most
  ``LIMITS["vote"]``; the lecturer's tally says how many votes came from pages not in the room now;
- hoard rooms: a client opens at most ``LIMITS["open"]`` rooms, Leave closes one, and a room ends
  ``TTL`` after its last sign of life (a move, a vote, a page in it);
- shut a room: no room is ever full; "in the room" counts browsers connected in the last ``PRESENT`` seconds.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from room import codes
from room.codes import normalize, secret_hash, secret_matches

MINUTES = 60.0
TTL = 30 * MINUTES  # a room ends this long after its last sign of life
MAX_ROOMS = 100  # open rooms at a time (per process, or per Redis for replicas)
PRESENT = 60.0  # a browser counts as in the room this long after its page last heard from it
MEMBERS_KEPT = 2000  # members remembered as present per room (the least recently seen go first)
ENDED_KEPT = 2 * 3600.0  # how long a closed room's code answers "has ended"
# At most this many per client (a network address) in a window of so many seconds. A lecture hall behind
# one network address (campus Wi-Fi) is one client: "member" leaves room for a hall of 500 joining at once.
LIMITS = {"open": (5, 10 * MINUTES), "member": (600, 10 * MINUTES), "vote": (1500, MINUTES)}
TOO_MANY = {
    "open": "Too many rooms were opened from your network lately: wait 10 minutes, or present the one you opened.",
    "member": "Too many new pages joined from your network at once: wait a minute and reload.",
    "vote": "Too many votes from your network at once: wait a minute and vote again.",
}
# The answers a vote may carry: the choices of the walk-through's questions. Nothing a student types is stored.
CHOICES = frozenset({"A", "B", "positive", "negative", "zero", "up", "down", "stays"})
QUESTION_KINDS = frozenset({"draw", "derivative", "reward", "new_bias", "what_if"})


class RoomError(Exception):
    """A request the room refuses; the message is written for the person who made it."""


class RoomUnreachable(RoomError):
    """The room's storage (Redis) does not answer: a moment's fault, not the person's."""

    def __init__(
        self, message: str = "The live room cannot be reached at the moment: this page tries again by itself."
    ):
        super().__init__(message)


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
    present: int  # browsers in the room now
    away: int = 0  # votes from browsers not in the room now (a closed page, or a script)

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Event:
    code: str
    kind: str  # "move" (a move or a reveal), "vote", or "end" (the lecturer closed the room)
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
    return RoomError(f"No room {code} is open: check the code on the slide.")


@dataclass
class RoomStore(ABC):
    """The rules of a room, over a backend's storage steps (the methods with a leading underscore)."""

    ttl: float = TTL
    max_rooms: int = MAX_ROOMS
    present_for: float = PRESENT
    limits: dict = field(default_factory=lambda: dict(LIMITS))
    key: bytes | None = field(
        default=None, repr=False
    )  # signs secrets and member ids (room.keys); the backend's own if None
    clock: Callable[[], float] = time.time
    listeners: list[Callable[[Event], None]] = field(default_factory=list)

    # --- The lecturer -----------------------------------------------------------------------------

    def open(self, lecture: dict[str, str], client: str = "local") -> tuple[str, str]:
        """A new room at the lecturer's place: (code, presenter secret). Only the lecturer gets the secret."""
        self._limit("open", client)
        self._room_left()
        for _ in range(50):
            code = codes.new_code()
            secret = codes.new_secret(self._signing_key(), code)
            if self._create(code, secret_hash(secret), dict(lecture), self.clock()):
                return code, secret
        raise RoomError("No free room code was found: try again.")  # pragma: no cover - 8.9e8 codes

    def reopen(self, code: str, secret: str, lecture: dict[str, str]) -> Room:
        """The presenter link: back into one's room, or the same room again after it was lost (a restart)."""
        room = self.room(code)
        if room is not None:
            if not self.is_presenter(code, secret):
                raise RoomError(f"This presenter link does not belong to room {code}.")
            return room
        if normalize(code) != code or not codes.secret_signed(self._signing_key(), code, secret):
            raise RoomError(
                f"Room {code} is not open, and this presenter link cannot be proven to be its own: open a new room."
            )
        self._room_left()
        if not self._create(code, secret_hash(secret), dict(lecture), self.clock()):  # another page was first
            return self.reopen(code, secret, lecture)
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

    def close(self, code: str, secret: str) -> None:
        """The lecturer leaves: the room ends for everyone, and its code says so for a while."""
        self._presenter(code, secret)
        self._delete(code, self.clock())
        self._publish(Event(code, "end", 0, 0))

    # --- Everyone in the room ---------------------------------------------------------------------

    def room(self, code: str) -> Room | None:
        return self._load(code, self.clock()) if normalize(code) == code else None

    def ended(self, code: str) -> bool:
        """Did its lecturer close room ``code`` (lately)? A room that is merely gone (a restart) did not end."""
        return normalize(code) == code and self._ended(code, self.clock())

    def new_member(self, client: str = "local") -> str:
        """An id for one browser in every room (kept in a cookie); at most ``LIMITS["member"]`` per client."""
        self._limit("member", client)
        return codes.new_member(self._signing_key())

    def is_member(self, member: object) -> bool:
        return codes.member_signed(self._signing_key(), member)

    def join(self, code: str, member: str) -> Room:
        """A page in the room (joining, or still there); it counts as in the room once it is connected (``seen``)."""
        room = self.room(code)
        if room is None:
            raise no_room(code)
        if not self.is_member(member):
            raise RoomError("This page's member id is not one this app made: reload the page.")
        return room

    def seen(self, code: str, member: str) -> bool:
        """A page is connected to the room (its event stream, or its polling): its browser is here now.

        False once the room is gone. Only connected pages count as in the room: a script that only runs
        pages, as most do, is not counted, and its votes show as from pages not in the room.
        """
        if self.room(code) is None or not self.is_member(member):
            return False
        self._seen(code, member, self.clock())
        return True

    def vote(self, code: str, member: str, question: str, choice: str, client: str = "local") -> None:
        """One vote per member and question; a later vote replaces it, until the answer is revealed."""
        self._limit("vote", client)
        room = self.join(code, member)
        _check_question(question)
        if choice not in CHOICES:
            raise RoomError(f"{choice!r} is not an answer to this question.")
        if question in room.revealed:
            raise RoomError("The answer is already shown: votes on this question have ended.")
        votes = self._vote(code, question, member, choice, self.clock())
        self._publish(Event(code, "vote", room.revision, votes))

    def tally(self, code: str, question: str) -> Tally:
        ballots = self._votes(code, question)
        counts: dict[str, int] = {}
        for choice in ballots.values():
            counts[choice] = counts.get(choice, 0) + 1
        here = self._members_since(code, self.clock() - self.present_for)
        return Tally(counts, len(here), sum(member not in here for member in ballots))

    def present(self, code: str) -> int:
        """Browsers in the room now (seen in the last ``PRESENT`` seconds; the lecturer's page not counted)."""
        return len(self._members_since(code, self.clock() - self.present_for))

    def my_vote(self, code: str, question: str, member: str) -> str | None:
        return self._votes(code, question).get(member)

    # --- Shared steps -----------------------------------------------------------------------------

    def _presenter(self, code: str, secret: str) -> None:
        if self.room(code) is None:
            raise no_room(code)
        if not self.is_presenter(code, secret):
            raise RoomError(f"Only the lecturer who opened room {code} can move it.")

    def _limit(self, kind: str, client: str) -> None:
        most, window, now = *self.limits[kind], self.clock()
        current, previous = self._hit(f"{kind}:{client or 'local'}", window, now)
        # A sliding window: the previous window counts for the share of it still within the last ``window``
        # seconds, so a script cannot take the limit at the end of one window and again at the next one's start.
        if current + previous * (1 - (now % window) / window) > most:
            raise RoomError(TOO_MANY[kind])

    def _room_left(self) -> None:
        if self._count_rooms(self.clock()) >= self.max_rooms:
            raise RoomError(f"This server has {self.max_rooms} rooms open, its limit: try again later.")

    def _signing_key(self) -> bytes:
        if self.key is None:
            self.key = self._shared_key()
        return self.key

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
    def _delete(self, code: str, now: float) -> None: ...
    @abstractmethod
    def _ended(self, code: str, now: float) -> bool: ...
    @abstractmethod
    def _seen(self, code: str, member: str, now: float) -> None: ...
    @abstractmethod
    def _members_since(self, code: str, since: float) -> set[str]: ...
    @abstractmethod
    def _vote(self, code: str, question: str, member: str, choice: str, now: float) -> int: ...
    @abstractmethod
    def _votes(self, code: str, question: str) -> dict[str, str]: ...
    @abstractmethod
    def _count_rooms(self, now: float) -> int: ...
    @abstractmethod
    def _hit(self, name: str, window: float, now: float) -> tuple[int, int]: ...
    @abstractmethod
    def _shared_key(self) -> bytes: ...
