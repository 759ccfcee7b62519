"""Shared test helpers: UTF-16 slicing like JavaScript, span walking, schema validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator

from sourcelight import openapi
from sourcelight.config import Config


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
