"""Typed records the pipeline stages produce, and the Annotation built from them.

Every stage (a spaCy component) reads the Doc and what earlier stages stored, and
writes its own records to one Doc extension (``doc._.sl_<name>``). Offsets inside
the backend are Python string indices (code points); ``offsets.py`` converts the
finished JSON to UTF-16 at the boundary, and nowhere else.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from spacy.tokens import Doc

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A slice of the request text: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "TextSpan":
        return cls(start, end, text[start:end])

    @classmethod
    def from_span(cls, span: Any) -> "TextSpan":
        """From a spaCy Span (or Token), by character offsets."""
        # span.text, not doc.text[...]: spaCy rebuilds doc.text on every access.
        start = span.start_char if hasattr(span, "start_char") else span.idx
        end = span.end_char if hasattr(span, "end_char") else span.idx + len(span)
        return cls(start, end, span.text)


@dataclass(slots=True)
class Entity:
    id: str
    start: int
    end: int
    text: str
    label: str
    group: str | None = None


@dataclass(slots=True)
class Group:
    """All mentions of one real-world entity in the article."""

    id: str
    name: str
    label: str
    mentions: list[str] = field(default_factory=list)  # entity ids
    description: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # e.g. {"wikipedia_search": url}
    place: dict[str, Any] | None = None  # gazetteer facts: country, population...


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str | None = None
    value_max: float | None = None  # upper bound of a range ("one to two kilometres")


@dataclass(slots=True)
class Claim:
    id: str
    start: int
    end: int
    text: str
    checkworthiness: float
    type: str
    type_cues: list[TextSpan] = field(default_factory=list)
    hedges: list[TextSpan] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attribution: str | None = None
    unattributed: bool = False  # check-worthy and no source given


@dataclass(slots=True)
class Attribution:
    id: str
    kind: str  # "direct" | "indirect" | "according_to" | "mixed"
    cue: TextSpan
    source: TextSpan | None
    content: TextSpan
    source_id: str | None = None
    content_parts: list[TextSpan] = field(default_factory=list)  # split quotes: each part


@dataclass(slots=True)
class Source:
    id: str
    name: str
    type: str
    anonymous: bool
    anonymous_reason: TextSpan | None = None
    descriptions: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    group: str | None = None
    outlet: dict[str, Any] | None = None
    role: str | None = None  # "head", from "X, head of Y"
    affiliation: str | None = None  # source id of the organisation the role is in
    unnamed_sources: TextSpan | None = None  # "did not identify its sources"


# The Doc extension each stage writes, and the record type it holds.
STAGE_OUTPUTS: dict[str, Any] = {
    "sl_furniture": list,  # list[TextSpan]: page furniture, left unannotated
    "sl_entities": list,  # list[Entity]
    "sl_groups": list,  # list[Group]
    "sl_attributions": list,  # list[Attribution]
    "sl_sources": list,  # list[Source]
    "sl_claims": list,  # list[Claim]
    "sl_outlet": dict,  # the page's own outlet rating, or None
}
# Set before the pipeline runs: the page's URL and title, if the client sent them.
DOC_CONTEXT = ("sl_url", "sl_title")


def register_extensions() -> None:
    """Register every Doc extension once per process (idempotent)."""
    for name in (*STAGE_OUTPUTS, *DOC_CONTEXT):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def build(doc: Doc) -> dict[str, Any]:
    """The Annotation for a processed Doc, as JSON-ready data in code points."""
    claims = doc._.sl_claims or []
    sources = doc._.sl_sources or []
    return {
        "schema": SCHEMA_VERSION,
        "entities": as_data(doc._.sl_entities or []),
        "groups": as_data(doc._.sl_groups or []),
        "claims": as_data(claims),
        "attributions": as_data(doc._.sl_attributions or []),
        "sources": as_data(sources),
        "outlet": doc._.sl_outlet,
        "furniture": as_data(doc._.sl_furniture or []),
        "summary": summarize(claims, sources),
    }


SCALARS = (str, int, float, bool, type(None))
_field_names: dict[type, tuple[str, ...]] = {}


def as_data(value: Any) -> Any:
    """``dataclasses.asdict`` for these records, without its cost: field names are read
    once per class and immutable scalars are returned, not deep-copied. Containers are
    new, as asdict's are (offsets.convert edits the answer in place)."""
    cls = type(value)
    if cls in SCALARS:
        return value
    if cls is list:
        return [as_data(v) for v in value]
    if cls is dict:
        return {k: as_data(v) for k, v in value.items()}
    if cls is tuple:
        return tuple(as_data(v) for v in value)
    names = _field_names.get(cls)
    if names is None:
        if not is_dataclass(value):
            return copy.deepcopy(value)
        names = _field_names[cls] = tuple(f.name for f in fields(value))
    return {name: as_data(getattr(value, name)) for name in names}


def summarize(claims: list[Claim], sources: list[Source]) -> dict[str, Any]:
    checkworthy = [c for c in claims if c.checkworthiness >= 0.5]
    return {
        "sources": len(sources),
        "named_sources": sum(not s.anonymous for s in sources),
        "anonymous_sources": sum(s.anonymous for s in sources),
        "source_types": len({s.type for s in sources}),
        "claims": len(claims),
        "checkworthy_claims": len(checkworthy),
        "attributed_checkworthy_claims": sum(c.attribution is not None for c in checkworthy),
        "unattributed_checkworthy_claims": sum(c.attribution is None for c in checkworthy),
    }
