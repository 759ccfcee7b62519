"""One JSON error shape for every HTTP error: ``{"error": {"code", "message"}}``.

Clients never see a stack trace, an exception message from our internals or a
server path; the log gets the traceback (and the exception message only at DEBUG,
since messages can quote article text).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
# An oversized body up to this size is read and dropped before the 413 goes out: a client
# still sending would otherwise see the connection reset instead of our answer.
DRAIN_LIMIT_BYTES = 64 * 1024 * 1024

# HTTP status -> the stable machine-readable code clients switch on.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class APIError(HTTPException):
    """An error with our own code and a message written for the client."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None,
                 details: dict[str, Any] | None = None):
        super().__init__(description=message)
        self.code = status
        self.error_code = code
        self.extra_headers = headers or {}
        self.details = details or {}  # more fields of the error object (never internals)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   details: dict[str, Any] | None = None) -> Response:
    response = jsonify(error={"code": code, "message": message, **(details or {})})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 413:
        drain_body()
    if isinstance(exc, APIError):
        return error_response(status, exc.error_code, exc.description or "", exc.extra_headers, exc.details)
    message = _MESSAGES.get(status) or exc.description or exc.name
    if status == 429:
        message = f"Too many requests ({exc.description}); retry later."
    headers = dict(exc.get_headers()) if status in (405, 429) else {}
    headers.pop("Content-Type", None)
    return error_response(status, CODES.get(status, "http_error"), message, headers)


def drain_body() -> None:
    length = request.content_length
    if length is None or length > DRAIN_LIMIT_BYTES:
        return  # unknown or absurd: the client gets a reset, the worker is not held
    stream, remaining = request.environ["wsgi.input"], length
    while remaining > 0 and (chunk := stream.read(min(remaining, 1 << 16))):
        remaining -= len(chunk)


def handle_unexpected(exc: Exception) -> Response:
    detail = str(exc) if log.isEnabledFor(logging.DEBUG) else "(message hidden; enable debug logging)"
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s: %s\n%s", type(exc).__name__, detail, frames)
    return error_response(500, "internal_error", "The server failed to process this request.")


# Werkzeug's default descriptions talk about HTML forms; these say what to do instead.
_MESSAGES = {
    400: "The request was malformed.",
    404: "No such endpoint; see /api/v1/openapi.json.",
    413: "The request body is too large.",
    415: "Send the body as JSON with Content-Type: application/json.",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
