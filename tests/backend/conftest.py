"""Service fixtures: the real app and client, a real gunicorn server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from api_helpers import start_server
from flask import Flask
from flask.testing import FlaskClient
from sourcelight.measure.processes import ServedBackend
from sourcelight.pipeline import Pipeline
from sourcelight.web.app import create_app

# Tests that are not about rate limits must not trip them.
TEST_CONFIG = {"RATE_LIMIT": "", "LOAD_SYNC": True}


@pytest.fixture
def make_app(pipeline: Pipeline, tmp_path) -> Callable[..., Flask]:
    """Build the app through the real factory, sharing the session's loaded pipeline.

    Apps made in one test share one empty cache directory, as the workers of one host do."""

    def make(share_pipeline: bool = True, **config: Any) -> Flask:
        config = {**TEST_CONFIG, "CACHE_DIR": tmp_path / "cache", **config}
        return create_app(config, pipeline=pipeline if share_pipeline else None)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBackend]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()
