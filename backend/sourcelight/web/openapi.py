"""The OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json.

Written by hand (the API is small) and checked by the tests: real responses are
validated against these schemas, and schemathesis fuzzes every endpoint from it.
Response objects allow extra properties, so stages can add fields without breaking
clients; the fields DESIGN.md fixes are required.
"""

from __future__ import annotations

from typing import Any

from sourcelight import __version__
from sourcelight.config import Config

REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


INT = {"type": "integer", "minimum": 0}
STR = {"type": "string"}
SCORE = {"type": "number", "minimum": 0, "maximum": 1}

SCHEMAS: dict[str, Any] = {
    "Error": obj(["error"], error=obj(["code", "message"], code=STR, message=STR,
                                      language=ref("Language"))),
    # Which language the text is in and whether the model reads it; in every answer, and in
    # the 422 unsupported_language error (then readable is false).
    "Language": obj(["detected", "page", "model", "readable", "by"],
                    detected=nullable(STR), page=nullable(STR),
                    model={"type": "array", "items": STR}, readable={"type": "boolean"},
                    by={"enum": ["text", "page", "none"]}, share=SCORE),
    "Span": obj(["start", "end", "text"], start=INT, end=INT, text=STR),
    "Entity": obj(["id", "start", "end", "text", "label"], id=STR, start=INT, end=INT, text=STR,
                  label=STR, group=nullable(STR)),
    "Group": obj(["id", "name", "label", "mentions"], id=STR, name=STR, label=STR,
                 mentions={"type": "array", "items": STR}, description=nullable(STR)),
    "Claim": obj(["id", "start", "end", "text", "checkworthiness", "type", "hedges", "attribution"],
                 id=STR, start=INT, end=INT, text=STR, checkworthiness=SCORE, type=STR,
                 hedges={"type": "array", "items": ref("Span")}, attribution=nullable(STR)),
    "Attribution": obj(["id", "kind", "cue", "source", "content", "source_id"], id=STR,
                       kind={"enum": ["direct", "indirect", "according_to", "mixed"]},
                       cue=ref("Span"), source=nullable(ref("Span")), content=ref("Span"),
                       source_id=nullable(STR)),
    "Source": obj(["id", "name", "type", "anonymous", "descriptions", "mentions", "attributions"],
                  id=STR, name=STR, type=STR, anonymous={"type": "boolean"},
                  descriptions={"type": "array", "items": STR},
                  mentions={"type": "array", "items": ref("Span")},
                  attributions={"type": "array", "items": STR}, group=nullable(STR),
                  outlet=nullable({"type": "object"})),
    "Annotation": obj(
        ["schema", "model", "offsets", "text_sha256", "entities", "groups", "claims",
         "attributions", "sources", "outlet", "summary", "timing_ms"],
        schema={"const": 1}, model={"type": "object"},
        offsets={"enum": ["utf16", "codepoints"]},
        text_sha256={"type": "string", "pattern": "^[0-9a-f]{64}$"},
        entities={"type": "array", "items": ref("Entity")},
        groups={"type": "array", "items": ref("Group")},
        claims={"type": "array", "items": ref("Claim")},
        attributions={"type": "array", "items": ref("Attribution")},
        sources={"type": "array", "items": ref("Source")},
        outlet=nullable({"type": "object"}),
        summary={"type": "object"},
        timing_ms={"type": "object", "additionalProperties": {"type": "number"}},
        cached={"type": "boolean"},
        language=ref("Language"),
    ),
    "ClaimScores": obj(["scores", "types"], scores={"type": "array", "items": SCORE},
                       types={"type": "array", "items": STR}),
    "Health": obj(["status", "model", "cache", "limits"],
                  status={"enum": ["ok", "degraded", "loading", "error"]},
                  model=obj(["state"], state={"enum": ["loading", "ready", "error"]}),
                  cache=obj(["backend", "ok"], backend={"enum": ["disk", "redis", "none"]},
                            ok={"type": "boolean"}),
                  limits=obj(["rate"], rate=nullable(STR), counted=STR),
                  workers=obj(["ready", "configured"], ready=INT, configured=INT)),
}


def error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def ok(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(name)}}}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


# Every error any endpoint can answer: schemathesis checks each status is documented.
COMMON_ERRORS = {
    "400": error("Malformed JSON, or a missing or invalid field"),
    "401": error("Missing or wrong API token (when one is configured)"),
    "405": error("Method not allowed"),
    "413": error("Body or text over the limit"),
    "415": error("Body is not JSON"),
    "429": error("Over the rate limit"),
    "500": error("Unexpected server error (no details are disclosed)"),
    "503": error("The model is loading or failed to load"),
}


def annotate_request(config: Config) -> dict[str, Any]:
    return obj(
        ["text"],
        text={"type": "string", "minLength": 1, "maxLength": config.MAX_TEXT_CHARS, "pattern": r"\S",
              "description": "Article text; well-formed Unicode (lone surrogates are rejected)."},
        url=nullable({"type": "string", "maxLength": 4096}),
        title=nullable({"type": "string", "maxLength": 2000}),
        lang=nullable({"type": "string", "maxLength": 64,
                       "description": "The page's lang attribute; decides the language only when the text is too short to."}),
        offsets={"enum": ["utf16", "codepoints"], "default": "utf16"},
    )


def claims_request(config: Config) -> dict[str, Any]:
    return obj(["sentences"], sentences={
        "type": "array", "maxItems": config.MAX_SENTENCES,
        "items": {"type": "string", "maxLength": 5000}})


def document(config: Config) -> dict[str, Any]:
    """The OpenAPI document for this configuration (limits appear in the schemas)."""
    security = [{"bearer": []}] if config.API_TOKEN else []
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sourcelight API", "version": __version__,
                 "description": "Entities, check-worthy claims and their sources in news text."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/annotate": {"post": {
                "operationId": "annotate", "security": security,
                "requestBody": json_body(annotate_request(config)),
                "responses": {"200": ok("Annotation", "The annotation; offsets in the requested unit"),
                              **COMMON_ERRORS,
                              "422": error("Annotating took longer than the time limit, the text has too many tokens, "
                                           "or it is in a language the model cannot read (unsupported_language)")},
            }},
            "/claims": {"post": {
                "operationId": "claims", "security": security,
                "requestBody": json_body(claims_request(config)),
                "responses": {"200": ok("ClaimScores", "Check-worthiness per sentence, in order"),
                              **COMMON_ERRORS,
                              "422": error("Scoring took longer than the time limit, or the text has too many tokens")},
            }},
            "/health": {"get": {
                "operationId": "health", "security": [],
                "responses": {"200": ok("Health", "Ready"), "503": ok("Health", "Loading or broken"),
                              "405": error("Method not allowed")},
            }},
            "/openapi.json": {"get": {
                "operationId": "openapi", "security": [],
                "responses": {"200": {"description": "This document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
