"""What a server process has used so far, read from /proc (Linux): CPU seconds and memory; and its code's commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def memory_kib(pid: int, field: str) -> int:
    """A memory figure of a process (``VmRSS``, ``VmHWM``, ...) in KiB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def git_commit(folder: Path) -> str:
    """The short commit of the checkout a server runs from ("" outside git)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip()
