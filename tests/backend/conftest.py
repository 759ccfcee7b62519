"""Service fixtures: the real app and client, a real redis-server, a real gunicorn server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sourcelight.app import create_app
from sourcelight.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
# Tests that are not about rate limits must not trip them.
TEST_CONFIG = {"RATE_LIMIT": "", "LOAD_SYNC": True}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def make_app(pipeline: Pipeline) -> Callable[..., Flask]:
    """Build the app through the real factory, sharing the session's loaded pipeline."""

    def make(share_pipeline: bool = True, **config: Any) -> Flask:
        return create_app({**TEST_CONFIG, **config}, pipeline=pipeline if share_pipeline else None)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class RedisServer:
    """A throwaway redis-server on a free port, which a test may stop and restart."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listening on port {port}")


def get_status(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@dataclass
class LiveServer:
    """``sourcelight serve`` in a subprocess, as a user starts it."""

    port: int
    process: subprocess.Popen
    log_path: Path
    startup_statuses: list[int] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(tmp: Path, env: dict[str, str] | None = None, workers: int = 1,
                 wait_ready: bool = True) -> LiveServer:
    port = free_port()
    log_path = tmp / f"serve-{port}.log"
    full_env = {**os.environ, "SOURCELIGHT_RATE_LIMIT": "", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "sourcelight.cli", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, env=full_env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    server = LiveServer(port, process, log_path)
    if wait_ready:
        wait_healthy(server)
    return server


def wait_healthy(server: LiveServer, timeout: float = 90) -> None:
    """Poll /health until 200, recording each status seen (503 while loading)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("server exited:\n" + server.log())
        try:
            status, _ = get_status(server.base + "/api/v1/health", timeout=2)
        except OSError:
            time.sleep(0.02)
            continue
        server.startup_statuses.append(status)
        if status == 200:
            return
        time.sleep(0.02)
    raise TimeoutError("server not healthy:\n" + server.log())


def stop_server(server: LiveServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    stop_server(server)
