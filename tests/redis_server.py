"""A real ``redis-server`` (Debian's package) on a free loopback port, for the room's tests and benches."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest


def redis_path() -> str | None:
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_redis() -> str:
    """The path of redis-server, or skip (fail under CI, where scripts/test.sh installs it)."""
    path = redis_path()
    if path is None:
        message = "redis-server not found (Debian package 'redis-server'); scripts/test.sh installs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextlib.contextmanager
def redis_server(path: str | None = None):
    """Yield the URL of a fresh Redis with no persistence; stop it afterwards."""
    path = path or redis_path()
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="redis-")
    command = [path, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


class RedisProcess:
    """A redis-server at a fixed port and folder that a test can stop, start again and freeze (``pid``).

    ``persist``: an append-only file in its folder, so that its data survives a stop and a start.
    """

    def __init__(self, path: str | None = None, persist: bool = False):
        self.path = path or redis_path()
        self.port = _free_port()
        self.folder = tempfile.mkdtemp(prefix="redis-")
        self.persist = persist
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self) -> None:
        keep = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        address = ["--port", str(self.port), "--bind", "127.0.0.1"]
        command = [self.path, *address, "--save", "", *keep, "--dir", self.folder]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM, and wait until it has exited (with ``persist``, after writing its data)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen one, too
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@contextlib.contextmanager
def redis_process(path: str | None = None, persist: bool = False):
    """Yield a started ``RedisProcess``; stop it and remove its folder afterwards."""
    server = RedisProcess(path, persist)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
