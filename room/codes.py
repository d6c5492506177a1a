"""Room codes, presenter secrets and member ids: short to read aloud, hard to guess.

A room code is 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so it can be read
from the back of a hall and typed on a phone: 31**6 ≈ 8.9 × 10**8 codes. The presenter's secret is
separate and long (128 bits); the store keeps only its hash, so even a copy of the store's data cannot
move a room.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
CODE_PATTERN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # a secret or a member id, as generated below


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: object) -> str | None:
    """A code as typed ("k7q m2x", "K7Q-M2X") in its canonical form, or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if CODE_PATTERN.match(code) else None


def new_secret() -> str:
    return secrets.token_urlsafe(16)


def new_member() -> str:
    return secrets.token_urlsafe(12)


def is_token(text: object) -> bool:
    return isinstance(text, str) and bool(TOKEN_PATTERN.match(text))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: object, stored_hash: str) -> bool:
    return is_token(secret) and hmac.compare_digest(secret_hash(secret), stored_hash)
