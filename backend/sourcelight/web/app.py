"""The Flask app factory: configuration, then each resource's ``init_app``, then blueprints."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from sourcelight.config import Config
from sourcelight.pipeline import Pipeline
from sourcelight.web import api, cache, demo, errors, limits, loader


def create_app(config: Config | Mapping[str, Any] | None = None, *, pipeline: Pipeline | None = None) -> Flask:
    """Build the app; ``config`` defaults to the environment, ``pipeline`` to loading one.

    Under gunicorn this runs in each worker after the fork, so each worker loads the
    model exactly once (in the background, answering 503 "loading" meanwhile).
    """
    if config is None:
        config = Config.from_env()
    elif not isinstance(config, Config):
        config = Config.from_mapping(config)
    app = Flask(__name__)
    app.config.from_mapping(SOURCELIGHT=config, MAX_CONTENT_LENGTH=config.max_body_bytes)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order
    configure_logging(config)
    if config.PROXY_COUNT:
        # Behind a reverse proxy: rate limits must key on the client, not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.PROXY_COUNT, x_proto=config.PROXY_COUNT)  # type: ignore[method-assign]

    errors.init_app(app)
    cache.init_app(app)
    limits.init_app(app)
    loader.init_app(app, pipeline)

    app.register_blueprint(api.bp, url_prefix="/api/v1")
    if config.DEMO:
        app.register_blueprint(demo.bp)
    return app


def configure_logging(config: Config) -> None:
    """Our loggers at the configured level; article text is only ever logged at DEBUG."""
    logger = logging.getLogger("sourcelight")
    logger.setLevel(config.LOG_LEVEL.upper())
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
