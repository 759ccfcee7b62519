"""Shared test helpers: UTF-16 slicing like JavaScript, span walking, schema validation,
and running ``sourcelight serve`` as a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from sourcelight.config import Config
from sourcelight.web import openapi

ROOT = Path(__file__).resolve().parents[2]


def utf16_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as a browser computes it."""
    return text.encode("utf-16-le", "surrogatepass")[2 * start: 2 * end].decode("utf-16-le", "surrogatepass")


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"start", "end", "text"}`` object anywhere in a response."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
            yield node
        for value in node.values():
            yield from spans(value)
    elif isinstance(node, list):
        for item in node:
            yield from spans(item)


def validate(instance: Any, schema_name: str, config: Config | None = None) -> None:
    """Raise if ``instance`` does not match the served OpenAPI document's schema."""
    document = openapi.document(config or Config())
    schema = {"$ref": openapi.REF + schema_name, "components": document["components"]}
    Draft202012Validator(schema).validate(instance)


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
    script = Path(sys.executable).parent / "sourcelight"  # the console script, as a user runs it
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sourcelight.cli"]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", str(workers)],
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
