"""Service fixtures: the real app and client, a real redis-server, a real gunicorn server."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from api_helpers import LiveServer, free_port, start_server, stop_server, wait_for_port
from flask import Flask
from flask.testing import FlaskClient
from sourcelight.pipeline import Pipeline
from sourcelight.web.app import create_app

# Tests that are not about rate limits must not trip them.
TEST_CONFIG = {"RATE_LIMIT": "", "LOAD_SYNC": True}


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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    stop_server(server)
