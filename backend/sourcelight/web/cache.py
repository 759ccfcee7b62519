"""Annotation cache: an in-process LRU by default, Redis when configured.

Entries are the finished Annotation (code point offsets) as JSON, keyed by the
sha256 of the pipeline version and the request's text, url and title, so a new
model or code version never serves a stale answer. Redis is an optimisation, never
a dependency: when it goes away the service keeps answering without it (reported
as "degraded" by /health) and starts using it again once it answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

RETRY_AFTER_S = 2.0  # after a Redis failure, skip it this long instead of timing out per request


def cache_key(version: str, text: str, url: str | None, title: str | None = None) -> str:
    digest = hashlib.sha256()
    for part in (version, text, url or "", title or ""):
        data = part.encode("utf-8", "surrogatepass")
        # Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "big") + data)
    return "sourcelight:annotation:" + digest.hexdigest()


class LRUCache:
    """A small thread-safe LRU of JSON strings."""

    backend = "memory"

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: str, value: str) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "entries": len(self._items), "ok": True}


class RedisCache:
    """Redis-backed cache that degrades to a miss (never an error) when Redis is down."""

    backend = "redis"

    def __init__(self, url: str, ttl: int) -> None:
        import redis  # only needed when configured

        self.ttl = ttl
        self._client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._errors = (redis.RedisError, OSError)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def get(self, key: str) -> str | None:
        if not self.available:
            return None
        try:
            value = self._client.get(key)
        except self._errors as exc:
            self._mark_down(exc)
            return None
        return value.decode("utf-8") if value is not None else None

    def set(self, key: str, value: str) -> None:
        if not self.available:
            return
        try:
            self._client.set(key, value.encode("utf-8"), ex=self.ttl)
        except self._errors as exc:
            self._mark_down(exc)

    def ping(self) -> bool:
        """Check Redis now (ignoring the back-off), and clear or set the down state."""
        try:
            self._client.ping()
        except self._errors as exc:
            self._mark_down(exc)
            return False
        if self._down_until:
            log.warning("redis reachable again, cache back on")
        self._down_until = 0.0
        return True

    def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": self.ping()}

    def _mark_down(self, exc: BaseException) -> None:
        with self._lock:
            if self.available:
                log.warning("redis unavailable, serving without cache: %s", type(exc).__name__)
            self._down_until = time.monotonic() + RETRY_AFTER_S


class AnnotationCache:
    """The app's cache: JSON in and out of whichever backend is configured."""

    def __init__(self, store: LRUCache | RedisCache) -> None:
        self.store = store

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self.store.get(key)
        return json.loads(raw) if raw is not None else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self.store.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def status(self) -> dict[str, Any]:
        return self.store.status()


def init_app(app: Flask) -> None:
    config = app.config["SOURCELIGHT"]
    store: LRUCache | RedisCache
    if config.REDIS_URL:
        store = RedisCache(config.REDIS_URL, config.CACHE_TTL)
    else:
        store = LRUCache(config.CACHE_SIZE)
    app.extensions["sourcelight_cache"] = AnnotationCache(store)
