"""The /api/v1 blueprint: thin views that validate, call the pipeline and answer JSON.

Validation lives in small pure helpers below the views; every failure is an
``APIError`` rendered by ``errors.py`` in the one error shape.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from sourcelight import answer, chunking, language, offsets
from sourcelight.config import Config
from sourcelight.pipeline import AnnotateTimeout, Pipeline
from sourcelight.web import limits, loader, openapi, workers
from sourcelight.web.cache import AnnotationCache, cache_key
from sourcelight.web.errors import APIError

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__)

MAX_URL_CHARS = 4096
MAX_TITLE_CHARS = 2000
MAX_LANG_CHARS = 64  # a BCP 47 tag ("pt-BR", "zh-Hant-TW")
MAX_SENTENCE_CHARS = 5000
PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}


@bp.before_request
def require_token() -> None:
    token = _config().API_TOKEN
    if not token or request.method == "OPTIONS" or request.endpoint in PUBLIC_ENDPOINTS:
        return
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    # Constant time: the comparison must not reveal how much of a guess was right.
    if not hmac.compare_digest(sent.encode(), token.encode()):
        raise APIError(401, "unauthorized", "Missing or wrong API token (Authorization: Bearer <token>).",
                       {"WWW-Authenticate": 'Bearer realm="sourcelight"'})


@bp.post("/annotate")
def annotate() -> Response:
    config = _config()
    body = json_object()
    text = text_field(body, "text", config.MAX_TEXT_CHARS)
    url = optional_string(body, "url", MAX_URL_CHARS)
    title = optional_string(body, "title", MAX_TITLE_CHARS)
    page_lang = optional_string(body, "lang", MAX_LANG_CHARS)
    unit = offsets_unit(body)
    pipeline = ready_pipeline()
    started = time.perf_counter()
    verdict = readable_language(pipeline, text, page_lang)
    result, cached = cached_annotation(pipeline, text, url, title, config.ANNOTATE_TIMEOUT)
    result = answer.finish(result, text, unit, cached)
    result["language"] = verdict.as_dict(page_lang, pipeline.languages)
    log.info("annotate chars=%d sha256=%s cached=%s ms=%.1f", len(text), result["text_sha256"][:12],
             cached, (time.perf_counter() - started) * 1000)
    log.debug("annotate text excerpt: %r", text[:200])
    return jsonify(result)


@bp.post("/claims")
def claims() -> Response:
    config = _config()
    body = json_object()
    sentences = sentences_field(body, config.MAX_SENTENCES, config.MAX_TEXT_CHARS)
    pipeline = ready_pipeline()
    try:
        deadline = time.monotonic() + config.ANNOTATE_TIMEOUT
        scores, types = pipeline.score_sentences(sentences, deadline) if sentences else ([], [])
    except (AnnotateTimeout, chunking.TooManyTokens) as exc:
        raise refused(exc, sum(map(len, sentences)), config.ANNOTATE_TIMEOUT) from None
    return jsonify(scores=[float(s) for s in scores], types=list(types))


@bp.get("/health")
def health() -> tuple[Response, int]:
    holder = loader.holder()
    cache_status = _cache().status()
    if holder.state != "ready":
        status = holder.state  # "loading" or "error"
    else:
        status = "ok" if cache_status["ok"] else "degraded"
    body = {"status": status, "model": holder.info(), "cache": cache_status, "limits": limits.status(_config())}
    if (serving := workers.status()) is not None:
        body["workers"] = serving  # under gunicorn: how many of the configured workers serve
    return jsonify(body), 200 if holder.state == "ready" else 503


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document() -> Response:
    return jsonify(openapi.document(_config()))


# --- helpers: pure validation first, then the pipeline and cache calls ----------------


def json_object() -> dict[str, Any]:
    if not request.is_json:
        raise APIError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
    raw = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413 before reading it
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and limit and len(raw) >= limit:
        # A chunked body has no declared length: Werkzeug stops reading at the limit.
        raise APIError(413, "too_large", "The request body is too large.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise APIError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise APIError(400, "invalid_json", "The body must be a JSON object, not " + type(body).__name__ + ".")
    return body


def text_field(body: dict[str, Any], name: str, limit: int) -> str:
    if name not in body:
        raise APIError(400, "invalid_field", f"'{name}' is required.")
    try:
        return answer.check_text(body[name], limit, name)
    except answer.Refused as exc:
        raise APIError(exc.status, exc.code, exc.message) from None


def optional_string(body: dict[str, Any], name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise APIError(400, "invalid_field", f"'{name}' must be a string or null.")
    if len(value) > limit:
        raise APIError(400, "invalid_field", f"'{name}' is longer than {limit} characters.")
    check_unicode(name, value)
    return value


def offsets_unit(body: dict[str, Any]) -> str:
    unit = body.get("offsets", "utf16")
    if unit not in offsets.UNITS:
        raise APIError(400, "invalid_field", f"'offsets' must be one of {', '.join(offsets.UNITS)}.")
    return unit


def sentences_field(body: dict[str, Any], max_count: int, max_chars: int) -> list[str]:
    sentences = body.get("sentences")
    if not isinstance(sentences, list):
        raise APIError(400, "invalid_field", "'sentences' must be a list of strings.")
    if len(sentences) > max_count:
        raise APIError(413, "too_many_sentences", f"At most {max_count} sentences per request.")
    for i, sentence in enumerate(sentences):
        if not isinstance(sentence, str):
            raise APIError(400, "invalid_field", f"'sentences[{i}]' must be a string.")
        if len(sentence) > MAX_SENTENCE_CHARS:
            raise APIError(413, "text_too_long", f"'sentences[{i}]' is longer than {MAX_SENTENCE_CHARS} characters.")
        check_unicode(f"sentences[{i}]", sentence)
    if sum(map(len, sentences)) > max_chars:
        raise APIError(413, "text_too_long", f"The sentences total more than {max_chars} characters.")
    return sentences


def check_unicode(name: str, value: str) -> None:
    try:
        answer.check_unicode(value, name)
    except answer.Refused as exc:
        raise APIError(exc.status, exc.code, exc.message) from None


def ready_pipeline() -> Pipeline:
    holder = loader.holder()
    if holder.state == "loading":
        raise APIError(503, "loading", "The language model is still loading; retry shortly.", {"Retry-After": "2"})
    if holder.pipeline is None:
        raise APIError(503, "model_error", "The language model failed to load; see the server log.")
    return holder.pipeline


def readable_language(pipeline: Pipeline, text: str, page_lang: str | None) -> language.Verdict:
    """The text's language when the model can read it; else 422 unsupported_language."""
    verdict = pipeline.read_language(text, page_lang)
    try:
        answer.check_language(verdict, page_lang, pipeline.languages)
    except answer.Refused as exc:
        log.info("annotate refused: %s (by %s)", exc.code, verdict.by)
        raise APIError(exc.status, exc.code, exc.message, details=exc.details) from None
    return verdict


def cached_annotation(pipeline: Pipeline, text: str, url: str | None, title: str | None,
                      timeout: float) -> tuple[dict[str, Any], bool]:
    cache = _cache()
    key = cache_key(pipeline.version, text, url, title)
    hit = cache.get(key)
    if hit is not None:
        return hit, True
    try:
        result = pipeline.annotate(text, url, title, deadline=time.monotonic() + timeout)
    except (AnnotateTimeout, chunking.TooManyTokens) as exc:
        raise refused(exc, len(text), timeout) from None
    cache.set(key, result)  # serialized now, before offset conversion edits the result in place
    return result, False


def refused(exc: Exception, chars: int, timeout: float) -> APIError:
    """The 422 for text the pipeline stopped on: over the time limit, or too many tokens."""
    why = answer.refusal(exc, timeout)
    log.warning("%s refused chars=%d: %s (%s)", request.endpoint, chars, why.code, getattr(exc, "stage", "-"))
    return APIError(why.status, why.code, why.message)


def _config() -> Config:
    return current_app.config["SOURCELIGHT"]


def _cache() -> AnnotationCache:
    return current_app.extensions["sourcelight_cache"]
