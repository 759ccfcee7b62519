"""Child processes started as a user starts them: ``sourcelight serve`` and ``redis-server``.

The bench, the soak and the test suites run the real service (gunicorn, its workers,
a real Redis) through these two classes rather than an in-process imitation.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[3]
HEALTH = "/api/v1/health"


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
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


def stop_process(process: subprocess.Popen, timeout: float) -> int:
    """SIGTERM, then SIGKILL to its whole process group; the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group: no orphaned gunicorn worker
            process.wait()
    return process.returncode


def children(pid: int) -> dict[int, dict[str, str]]:
    """The ``/proc/<child>/status`` fields of each child of ``pid``."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while we looked
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found[int(status.parent.name)] = fields
    return found


def serve_command() -> list[str]:
    script = Path(sys.executable).parent / "sourcelight"  # the console script, as a user runs it
    return [str(script)] if script.exists() else [sys.executable, "-m", "sourcelight.cli"]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@dataclass
class ServedBackend:
    """``sourcelight serve`` (the gunicorn arbiter and its workers) in a child process.

    stdout goes to ``log_path``; stderr too, unless ``err_path`` gives it a file of its own.
    """

    port: int
    workers: int
    process: subprocess.Popen
    log_path: Path
    err_path: Path | None = None
    health_statuses: list[int] = field(default_factory=list)  # every /health status seen while waiting

    @classmethod
    def start(cls, log: Path, err: Path | None = None, *, workers: int = 1,
              env: Mapping[str, str] | None = None, port: int | None = None) -> Self:
        """Start on ``port`` (a free one by default) with ``env`` over this process's environment.

        The annotation cache is an empty directory beside the log unless ``env`` names one,
        so that no run answers from an earlier run's cache."""
        port = port or free_port()
        if "SOURCELIGHT_CACHE_DIR" not in (env or {}):
            cache = log.with_name(log.name + ".cache")
            shutil.rmtree(cache, ignore_errors=True)
            env = {**(env or {}), "SOURCELIGHT_CACHE_DIR": str(cache)}
        command = [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        log.parent.mkdir(parents=True, exist_ok=True)
        with ExitStack() as files:  # the child keeps its own copies of these descriptors
            out = files.enter_context(log.open("wb"))
            stderr = files.enter_context(err.open("wb")) if err else subprocess.STDOUT
            # Its own session, so a stop can kill the whole group if SIGTERM is not enough.
            process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                                       stdout=out, stderr=stderr, start_new_session=True)
        return cls(port, workers, process, log, err)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stdout(self) -> str:
        return read(self.log_path)

    def stderr(self) -> str:
        return read(self.err_path or self.log_path)

    def output(self) -> str:
        return self.stdout() + (self.stderr() if self.err_path else "")

    def exited(self) -> RuntimeError:
        return RuntimeError(f"sourcelight serve exited ({self.process.returncode}):\n{self.output()[-4000:]}")

    def health_status(self, timeout: float = 2) -> int:
        """Status of GET /health; OSError while nothing answers."""
        try:
            with urllib.request.urlopen(self.base + HEALTH, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def wait_healthy(self, timeout: float = 90, streak: int = 1) -> None:
        """Until /health answers 200 ``streak`` times in a row. Any worker may answer, so a
        long streak is how to know that every worker has loaded without reading the log."""
        deadline, run = time.monotonic() + timeout, 0
        while True:
            if self.process.poll() is not None:
                raise self.exited()
            try:
                # Wait as long as it takes: until a worker has loaded, connections wait in the
                # backlog, and one abandoned there is still answered later and counts towards
                # SOURCELIGHT_MAX_REQUESTS (short polls kept recycling workers on stale ones).
                self.health_statuses.append(self.health_status(timeout=max(2.0, deadline - time.monotonic())))
                run = run + 1 if self.health_statuses[-1] == 200 else 0
            except OSError:
                run = 0
            if run >= streak:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout:.0f}s:\n{self.output()[-4000:]}")
            time.sleep(0.05)

    def wait_log(self, needle: str, count: int = 1, timeout: float = 120, stderr_only: bool = False) -> None:
        """Until ``needle`` has been written ``count`` times."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (self.stderr() if stderr_only else self.output()).count(needle) >= count:
                return
            if self.process.poll() is not None:
                raise self.exited()
            time.sleep(0.1)
        raise TimeoutError(f"{needle!r} x{count} not in the server output:\n{self.output()[-4000:]}")

    def wait_workers_ready(self, timeout: float = 120) -> None:
        """Until every worker has loaded the model (each logs "pipeline ready" at INFO)."""
        self.wait_log("pipeline ready", count=self.workers, timeout=timeout)

    def worker_pids(self) -> list[int]:
        return sorted(children(self.process.pid))

    def worker_rss_mb(self, peak: bool = False) -> dict[int, float]:
        """Each worker's resident set in MiB, now or at its peak (VmHWM)."""
        key = "VmHWM" if peak else "VmRSS"
        return {pid: int(fields[key].split()[0]) / 1024
                for pid, fields in children(self.process.pid).items() if key in fields}

    def stop(self, timeout: float = 40) -> int:
        return stop_process(self.process, timeout)


@dataclass
class RedisServer:
    """A throwaway ``redis-server`` without persistence, which may be stopped and started
    again on the same port (empty)."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port, 10)
        return self

    def stop(self, timeout: float = 10) -> None:
        if self.process is not None:
            stop_process(self.process, timeout)
            self.process = None
