"""Shared fixtures: the real pipeline (loaded once), the seed article, the shared data,
a throwaway redis-server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sourcelight.measure.processes import RedisServer
from sourcelight.pipeline import Pipeline, PipelineConfig

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SOURCELIGHT_DATA_DIR", ROOT.parent / "shared" / "data"))
RATINGS_DIR = ROOT / "var" / "ratings"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "seeds" / "albu-kamal.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The real spaCy model with every Sourcelight stage, as a worker loads it."""
    ratings = RATINGS_DIR if RATINGS_DIR.exists() else None
    return Pipeline(PipelineConfig(ratings_dir=ratings))


@pytest.fixture(scope="session")
def seed_annotation(pipeline: Pipeline, seed_text: str) -> dict:
    return pipeline.annotate(seed_text, url="https://www.middleeasteye.net/news/albu-kamal")


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A redis-server on a free port; a test may stop it and start it again (empty)."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer().start()
    yield server
    server.stop()
