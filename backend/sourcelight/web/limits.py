"""Who may call the API from a browser (CORS) and how often (rate limits).

CORS grants only browser extensions (any chrome-extension:// or moz-extension://
origin: the extension's id differs per install) and the configured allowlist; any
other web page gets no Access-Control-Allow-Origin, so it cannot read answers.
Rate limits are per client address, on Redis when configured (shared by all
workers), else in memory; if Redis fails the limiter falls back to memory.
"""

from __future__ import annotations

import re
import time
from typing import Any

from flask import Flask, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage

from sourcelight.config import Config

EXTENSION_ORIGINS = [
    re.compile(r"^chrome-extension://[a-p]{32}$"),
    re.compile(r"^moz-extension://[0-9a-fA-F-]{36}$"),
]
# Never limited: load balancers and the extension's status poll hit these often. Only the
# API's work endpoints are limited; the demo page and its assets are static files.
EXEMPT_ENDPOINTS = {"api.health", "api.openapi"}


class SweepingMemoryStorage(MemoryStorage):
    """limits' memory storage, minus a new timer thread on every hit.

    The stock storage starts a ``threading.Timer`` per request to reclaim expired keys,
    which costs several ms under load (counters themselves expire inline in ``get``).
    Here the sweep runs inline, at most every ``SWEEP_EVERY_S``.
    """

    STORAGE_SCHEME = ["sourcelight-memory"]
    SWEEP_EVERY_S = 5.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # the stock private hook, replaced
        now = time.monotonic()
        if now - getattr(self, "_last_sweep", 0.0) >= self.SWEEP_EVERY_S:
            self._last_sweep = now
            self._MemoryStorage__expire_events()


def init_app(app: Flask) -> None:
    config: Config = app.config["SOURCELIGHT"]
    CORS(
        app,
        resources={r"/api/*": {"origins": [*EXTENSION_ORIGINS, *config.CORS_ORIGINS]}},
        allow_headers=["Content-Type", "Authorization"],
        methods=["GET", "POST", "OPTIONS"],
        max_age=600,
    )
    limiter = Limiter(
        get_remote_address,
        app=app,
        default_limits=[config.RATE_LIMIT] if config.RATE_LIMIT else [],
        default_limits_exempt_when=_exempt,
        storage_uri=config.REDIS_URL or "sourcelight-memory://",
        storage_options={"socket_connect_timeout": 0.5, "socket_timeout": 0.5} if config.REDIS_URL else {},
        in_memory_fallback_enabled=bool(config.REDIS_URL),
        swallow_errors=True,
        headers_enabled=True,
        key_prefix="sourcelight",
        enabled=bool(config.RATE_LIMIT),
    )
    app.extensions["sourcelight_limiter"] = limiter


def status(config: Config) -> dict[str, Any]:
    """What /health says about the limits: without Redis each worker counts on its own."""
    if not config.RATE_LIMIT:
        return {"rate": None}
    if config.REDIS_URL:
        return {"rate": config.RATE_LIMIT, "counted": "shared by all workers (Redis)"}
    return {"rate": config.RATE_LIMIT, "counted": "per worker: with N workers a client may make up to N times "
            "as many requests; set SOURCELIGHT_REDIS_URL to share the count"}


def _exempt() -> bool:
    return request.blueprint != "api" or request.endpoint in EXEMPT_ENDPOINTS or request.method == "OPTIONS"
