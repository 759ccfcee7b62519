"""Loads the pipeline once per worker and tells the API whether it is ready.

Under gunicorn every worker loads before it accepts a connection (``gunicorn_conf``
sets LOAD_SYNC after the fork), so a client never meets a worker that is still
loading. Elsewhere (the dev server, the CLI) the model loads in a background thread
and ``/health`` answers 503 "loading" meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from sourcelight.config import Config
from sourcelight.pipeline import Pipeline, PipelineConfig

log = logging.getLogger(__name__)
PUBLIC_LOAD_ERROR = ("The language model could not be loaded, so nothing can be annotated. "
                     "The server's log says why; an administrator needs to fix the installation.")


class PipelineHolder:
    """The worker's one Pipeline, with its load state: loading, ready or error."""

    def __init__(self, factory: Callable[[], Pipeline]) -> None:
        self._factory = factory
        self.pipeline: Pipeline | None = None
        self.state = "loading"
        self.error: str | None = None
        self.load_seconds: float | None = None
        self._thread: threading.Thread | None = None

    def load(self) -> None:
        started = time.perf_counter()
        try:
            self.pipeline = self._factory()
        except Exception as exc:  # any failure leaves the worker up, reporting it
            # Exception text can name server paths and settings: it goes to the log only.
            self.state, self.error = "error", PUBLIC_LOAD_ERROR
            log.error("model load failed, /health will answer 503: %s: %s", type(exc).__name__, exc)
            return
        self.load_seconds = round(time.perf_counter() - started, 2)
        self.state = "ready"
        log.info("pipeline ready in %.2fs: %s", self.load_seconds, self.pipeline.version)

    def start(self, sync: bool) -> None:
        if sync:
            self.load()
            return
        self._thread = threading.Thread(target=self.load, name="sourcelight-load", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.state == "ready"

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"state": self.state}
        if self.pipeline is not None:
            info.update(self.pipeline.model_info, load_seconds=self.load_seconds)
        if self.error:
            info["error"] = self.error
        return info

    @classmethod
    def ready_with(cls, pipeline: Pipeline) -> "PipelineHolder":
        """A holder around an already loaded pipeline (tests share one)."""
        holder = cls(lambda: pipeline)
        holder.pipeline, holder.state = pipeline, "ready"
        return holder


def pipeline_config(config: Config) -> PipelineConfig:
    ratings = config.RATINGS_DIR if config.RATINGS_DIR.is_dir() else None
    return PipelineConfig(model=config.MODEL, ratings_dir=ratings, claim_model=config.CLAIM_MODEL,
                          languages=config.MODEL_LANGUAGES)


def init_app(app: Flask, pipeline: Pipeline | None = None) -> None:
    config: Config = app.config["SOURCELIGHT"]
    if pipeline is not None:
        holder = PipelineHolder.ready_with(pipeline)
    else:
        holder = PipelineHolder(lambda: Pipeline(pipeline_config(config)))
        holder.start(sync=config.LOAD_SYNC)
    app.extensions["sourcelight_pipeline"] = holder


def holder() -> PipelineHolder:
    return current_app.extensions["sourcelight_pipeline"]
