"""Annotation cache: one on disk shared by every worker of the host, or Redis.

Entries are the finished Annotation (code point offsets) as JSON, keyed by the
sha256 of the pipeline version (model, and a fingerprint of the package's code and
data: ``pipeline.fingerprint``) and the request's text, url and title, so a deploy
never serves an answer of the old code. Without Redis the cache is a ``diskcache``
(SQLite) directory under ``var/``: every gunicorn worker on the host reads what any
worker stored, so a repeat is a hit whichever worker answers. Redis serves several
hosts. Either is an optimisation, never a dependency: when it fails the service keeps
answering without it (reported as "degraded" by /health) and uses it again once it answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

RETRY_AFTER_S = 2.0  # after a store failure, skip it this long instead of failing per request


def cache_key(version: str, text: str, url: str | None, title: str | None = None) -> str:
    digest = hashlib.sha256()
    for part in (version, text, url or "", title or ""):
        data = part.encode("utf-8", "surrogatepass")
        # Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "big") + data)
    return "sourcelight:annotation:" + digest.hexdigest()


class Backoff:
    """Skip a failing store for ``RETRY_AFTER_S`` after an error, logging once per outage."""

    backend = "?"

    def __init__(self) -> None:
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _mark_down(self, exc: BaseException) -> None:
        with self._lock:
            if self.available:
                log.warning("%s unavailable, serving without the cache: %s", self.backend, type(exc).__name__)
            self._down_until = time.monotonic() + RETRY_AFTER_S

    def _mark_up(self) -> None:
        if self._down_until:
            log.warning("%s reachable again, cache back on", self.backend)
        self._down_until = 0.0


class DiskCache(Backoff):
    """A size-bounded SQLite cache in ``directory``, shared by the processes of one host."""

    backend = "disk"

    def __init__(self, directory: Path, size_mb: int, ttl: int) -> None:
        import diskcache

        super().__init__()
        self.ttl = ttl
        # Opened in each worker after the fork (create_app runs there); diskcache's
        # connections are per thread, and SQLite's locking makes the workers share it.
        self._cache = diskcache.Cache(str(directory), size_limit=size_mb * 1024 * 1024,
                                      eviction_policy="least-recently-stored")
        self._errors = (OSError, sqlite3.Error, diskcache.Timeout)

    def get(self, key: str) -> str | None:
        if not self.available:
            return None
        try:
            return self._cache.get(key)
        except self._errors as exc:
            self._mark_down(exc)
            return None

    def set(self, key: str, value: str) -> None:
        if not self.available:
            return
        try:
            self._cache.set(key, value, expire=self.ttl)
        except self._errors as exc:
            self._mark_down(exc)

    def status(self) -> dict[str, Any]:
        try:
            entries = len(self._cache)
        except self._errors as exc:
            self._mark_down(exc)
            return {"backend": self.backend, "shared": "workers of this host", "ok": False}
        self._mark_up()
        return {"backend": self.backend, "shared": "workers of this host", "entries": entries, "ok": True}


class NoCache:
    """``SOURCELIGHT_CACHE_MB=0``, or a cache directory that cannot be opened (``ok``
    False: /health says "degraded"): every request runs the pipeline."""

    backend = "none"

    def __init__(self, ok: bool = True) -> None:
        self.ok = ok

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        pass

    def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": self.ok}


class RedisCache(Backoff):
    """Redis-backed cache (several hosts) that degrades to a miss when Redis is down."""

    backend = "redis"

    def __init__(self, url: str, ttl: int) -> None:
        import redis  # only needed when configured

        super().__init__()
        self.ttl = ttl
        self._client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._errors = (redis.RedisError, OSError)

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
        self._mark_up()
        return True

    def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": self.ping()}


class AnnotationCache:
    """The app's cache: JSON in and out of whichever backend is configured."""

    def __init__(self, store: DiskCache | RedisCache | NoCache) -> None:
        self.store = store

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self.store.get(key)
        return json.loads(raw) if raw is not None else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self.store.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def status(self) -> dict[str, Any]:
        return self.store.status()


def open_disk_cache(directory: Path, size_mb: int, ttl: int, attempts: int = 5) -> DiskCache:
    """Open the shared cache. Workers forked together create its SQLite schema at the same
    moment, and the loser of that race sees "database is locked": it tries again rather
    than serving uncached for its whole life."""
    for attempt in range(attempts):
        try:
            return DiskCache(directory, size_mb, ttl)
        except sqlite3.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def init_app(app: Flask) -> None:
    config = app.config["SOURCELIGHT"]
    store: DiskCache | RedisCache | NoCache
    if config.REDIS_URL:
        store = RedisCache(config.REDIS_URL, config.CACHE_TTL)
    elif config.CACHE_MB > 0:
        try:
            store = open_disk_cache(config.CACHE_DIR, config.CACHE_MB, config.CACHE_TTL)
        except (OSError, sqlite3.Error) as exc:  # e.g. a read-only directory: serve uncached
            log.error("cache directory %s unusable, serving without a cache: %s: %s",
                      config.CACHE_DIR, type(exc).__name__, exc)
            store = NoCache(ok=False)
    else:
        store = NoCache()
    app.extensions["sourcelight_cache"] = AnnotationCache(store)
