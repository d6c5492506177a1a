"""Room codes, presenter secrets and member ids: short to read aloud, hard to guess, signed by the server.

A room code is 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so it can be read
from the back of a hall and typed on a phone: 31**6 ≈ 8.9 × 10**8 codes. The presenter's secret is
long and **signed**: a random part and an HMAC of the code and that part under the server's key
(``room.keys``). The store keeps only the secret's hash, and when a room is gone from the store (a
restart) only a secret this server signed for that very code opens it again: a made-up one never does.
A member id (one per browser, kept in a cookie) is signed the same way, so that ids come only from the
server, which limits how fast one client gets them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
CODE_PATTERN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # a secret or a member id, as generated below
NONCE = 16  # characters of randomness (12 bytes) in a secret or a member id


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: object) -> str | None:
    """A code as typed ("k7q m2x", "K7Q-M2X") in its canonical form, or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if CODE_PATTERN.match(code) else None


def _mac(key: bytes, purpose: str, nonce: str, size: int) -> str:
    digest = hmac.new(key, f"{purpose}|{nonce}".encode(), hashlib.sha256).digest()[:size]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _signed(key: bytes, purpose: str, size: int) -> str:
    nonce = secrets.token_urlsafe(12)
    return nonce + _mac(key, purpose, nonce, size)


def _verified(key: bytes, purpose: str, token: object, size: int) -> bool:
    if not is_token(token) or len(token) <= NONCE:
        return False
    nonce, mac = token[:NONCE], token[NONCE:]
    return hmac.compare_digest(mac, _mac(key, purpose, nonce, size))


def new_secret(key: bytes, code: str) -> str:
    """The presenter's secret of room ``code``: 16 random characters and a 128-bit signature (38 in all)."""
    return _signed(key, f"presenter|{code}", 16)


def secret_signed(key: bytes, code: str, secret: object) -> bool:
    """Did this server (its key) make ``secret`` for room ``code``?"""
    return _verified(key, f"presenter|{code}", secret, 16)


def new_member(key: bytes) -> str:
    """One browser's id in rooms: 16 random characters and a 96-bit signature (32 in all)."""
    return _signed(key, "member", 12)


def member_signed(key: bytes, member: object) -> bool:
    return _verified(key, "member", member, 12)


def is_token(text: object) -> bool:
    return isinstance(text, str) and bool(TOKEN_PATTERN.match(text))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: object, stored_hash: str) -> bool:
    return is_token(secret) and hmac.compare_digest(secret_hash(secret), stored_hash)
