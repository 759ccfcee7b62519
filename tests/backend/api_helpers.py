"""Shared test helpers: UTF-16 slicing like JavaScript, span walking, schema validation,
and running ``sourcelight serve`` as a subprocess."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from sourcelight.config import Config
from sourcelight.measure.processes import ServedBackend, free_port
from sourcelight.web import openapi


def utf16_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as a browser computes it."""
    return text.encode("utf-16-le", "surrogatepass")[2 * start: 2 * end].decode("utf-16-le", "surrogatepass")


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"start", "end", "text"}`` object anywhere in a response."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
            yield node
        for value in node.values():
            yield from spans(value)
    elif isinstance(node, list):
        for item in node:
            yield from spans(item)


def validate(instance: Any, schema_name: str, config: Config | None = None) -> None:
    """Raise if ``instance`` does not match the served OpenAPI document's schema."""
    document = openapi.document(config or Config())
    schema = {"$ref": openapi.REF + schema_name, "components": document["components"]}
    Draft202012Validator(schema).validate(instance)


def get_status(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def start_server(tmp: Path, env: dict[str, str] | None = None, workers: int = 1,
                 wait_ready: bool = True) -> ServedBackend:
    """``sourcelight serve`` with rate limits off (unless ``env`` sets them), stdout and
    stderr in one log."""
    port = free_port()
    server = ServedBackend.start(tmp / f"serve-{port}.log", port=port, workers=workers,
                                 env={"SOURCELIGHT_RATE_LIMIT": "", **(env or {})})
    if wait_ready:
        server.wait_healthy(timeout=90)
    return server
