"""Fault tests against ``sourcelight serve`` (real gunicorn, real model, real redis-server).

Each server here keeps stdout (gunicorn's access log) and stderr (gunicorn's and our
log lines) in separate files, so tests can say which stream a line went to.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listening on port {port}")


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    """``sourcelight serve`` in a subprocess, started the way a user starts it."""

    port: int
    process: subprocess.Popen
    out_path: Path
    err_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stdout(self) -> str:
        return self.out_path.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def output(self) -> str:
        return self.stdout() + self.stderr()

    def worker_pids(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

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

    def wait_log(self, needle: str, count: int = 1, timeout: float = 120, stderr_only: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (self.stderr() if stderr_only else self.output()).count(needle) >= count:
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}):\n{self.output()[-4000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{needle!r} x{count} not in the server output:\n{self.output()[-4000:]}")

    def stop(self, timeout: float = 40) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(tmp: Path, env: dict[str, str] | None = None, workers: int = 1, wait_ready: bool = True) -> Server:
    port = free_port()
    script = Path(sys.executable).parent / "sourcelight"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sourcelight.cli"]
    out_path, err_path = tmp / f"serve-{port}.out", tmp / f"serve-{port}.err"
    process = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, env={**os.environ, "SOURCELIGHT_RATE_LIMIT": "", **(env or {})},
        stdout=out_path.open("wb"), stderr=err_path.open("wb"))
    server = Server(port, process, out_path, err_path)
    try:
        wait_for_port(port, 30)
        if wait_ready:  # every worker has loaded the model
            server.wait_log("pipeline ready", count=workers)
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


@dataclass
class Redis:
    """A throwaway redis-server on a fixed port, which a test stops and starts again."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, 10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis() -> Iterator[Redis]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = Redis(free_port())
    server.start()
    yield server
    server.stop()
