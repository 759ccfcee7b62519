"""Fault tests against ``sourcelight serve`` (real gunicorn, real model, real redis-server).

Each server here keeps stdout (gunicorn's access log) and stderr (gunicorn's and our
log lines) in separate files, so tests can say which stream a line went to.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sourcelight.measure.processes import ServedBackend, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


class Server(ServedBackend):
    """``sourcelight serve`` with stdout and stderr apart, and request helpers."""

    def request(self, method: str, path: str, body: bytes | dict | None = None, headers: dict[str, str] | None = None,
                timeout: float = 120) -> Reply:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {"Content-Type": "application/json", **(headers or {})} if data is not None else (headers or {})
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read(), dict(exc.headers))

    def annotate(self, body: dict, **kwargs: Any) -> Reply:
        return self.request("POST", "/api/v1/annotate", body, **kwargs)

    def health(self) -> Reply:
        return self.request("GET", "/api/v1/health", timeout=10)


def start_server(tmp: Path, env: dict[str, str] | None = None, workers: int = 1, wait_ready: bool = True) -> Server:
    port = free_port()
    server = Server.start(tmp / f"serve-{port}.out", tmp / f"serve-{port}.err", port=port, workers=workers,
                          env={"SOURCELIGHT_RATE_LIMIT": "", **(env or {})})
    try:
        wait_for_port(port, 30)
        if wait_ready:
            server.wait_workers_ready()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    """``serve(env=..., workers=...)`` starts a server that is stopped after the test."""
    started: list[Server] = []

    def start(**kwargs: Any) -> Server:
        started.append(start_server(tmp_path, **kwargs))
        return started[-1]

    yield start
    for server in started:
        server.stop()
