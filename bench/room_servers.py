"""Where ``bench.room``'s followers go: one server of this app, or replicas behind HAProxy; and its event stream.

With replicas, each server is the app's own (``streamlit run app.py``) with its rooms in one Redis, and
HAProxy in front of them has docs/DEPLOY.md's configuration (``bench.replicas``): a browser sticks to the
replica its first page load was sent to (HAProxy's ``SERVERID`` cookie), for its websocket and its event stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.replicas import haproxy, haproxy_config, wait_until_up
from bench.visitor import Visitor, connect
from tests.e2e.server import free_port, streamlit_server


async def event_stream(url: str, path: str, heard, cookie: str = "") -> None:
    """Read a server-sent event stream; call ``heard(dict)`` for each ``data:`` line (until cancelled)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/event-stream\r\n{extra}\r\n".encode())
    await writer.drain()
    try:
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"{path}: {status.decode().strip()}")
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                heard(json.loads(line[6:]))
    finally:
        writer.close()


async def _warm(urls: list[str]) -> None:
    """One visit to each server, so that none loads the app's modules while the bench measures it."""
    for url in urls:
        visitor = Visitor(await connect(url), 60)
        await visitor.rerun("", "warm")
        await visitor.ws.close()


@contextlib.contextmanager
def servers(app_dir: Path, env: dict, replicas: int):
    """Yield the URL the followers use and the servers' process ids: one server, or replicas behind HAProxy."""
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server(cwd=app_dir, env=env)) for _ in range(replicas)]
        pids = [process.pid for _, process in servers]
        if replicas == 1:
            yield servers[0][0], pids
            return
        asyncio.run(_warm([u for u, _ in servers]))  # each replica has loaded the app before memory is read
        port = free_port()
        stack.enter_context(haproxy(haproxy_config(port, [int(u.rsplit(":", 1)[1]) for u, _ in servers])))
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url)
        time.sleep(2.5)  # HAProxy's first health checks (every 2 s) mark the replicas up
        yield url, pids
