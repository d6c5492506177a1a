"""The server's key, which signs presenter secrets and member ids (``room.codes``).

It must be the same after a restart and on every replica, or a presenter link could not be proven
after one. In order of preference:

1. ``ROOM_KEY``, an environment variable or a Streamlit secret of that name (any long random text):
   the choice for a deploy, since it survives everything.
2. With rooms in Redis: a key kept in Redis itself (``pgroom:key``), made by the first replica; each
   process also keeps the one it read, and writes it back if Redis lost it.
3. With rooms in memory: a file, ``ROOM_KEY_FILE`` or ``~/.cache/policy-gradient/room-key``, made once
   (readable by its owner only), so that a restarted process on the same machine knows it.

If none of these can be had, the process makes a key of its own: its rooms then cannot be reopened
after a restart, and the page says so (a room that cannot be proven to be someone's goes to nobody).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

ENV = "ROOM_KEY"
FILE_ENV = "ROOM_KEY_FILE"
log = logging.getLogger(__name__)


def configured() -> bytes | None:
    """``ROOM_KEY`` from the environment or the app's secrets, as 32 bytes; None if it is not set."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        try:
            import streamlit as st

            text = str(st.secrets.get(ENV, "")).strip()
        except Exception:  # no secrets file
            text = ""
    return hashlib.sha256(text.encode()).digest() if text else None


def key_file() -> Path:
    return Path(os.environ.get(FILE_ENV) or Path.home() / ".cache" / "policy-gradient" / "room-key")


def from_file(path: Path) -> bytes:
    """The key kept in ``path``, made there (owner-only) on first use; a process-only key if that fails."""
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key.hex())
    except FileExistsError:  # another process made it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    except OSError as error:
        log.warning("No room key file (%s): rooms cannot be reopened after a restart of this process.", error)
    return key
