"""Attribution constructions kept as data: named spaCy ``DependencyMatcher`` patterns.

``data/constructions.json`` holds one entry per construction::

    {"name": "stance_object", "why": "...", "kind": "indirect",
     "cue": ["verb"], "source": "subject", "content": ["object"],
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": "@stance_object_verbs"}}}, ...],
     "must_match": [{"text": ..., "cue": ..., "source": ..., "content": ...}],
     "must_not_match": ["..."]}

Node names in ``cue``/``source``/``content`` pick the matched tokens that play each
role: the cue is those tokens (with the verb's particle and negation), the content
the span of their subtrees, the source the noun phrase of its node (no ``source``:
the cue verb's subject, shared or by-agent, as for the hand-coded verb cues).
``cue_without`` lists dependencies the first cue token must not have ("something
Republicans wanted": a relative clause whose object is the noun it hangs on, no other).
A value ``"@name"`` in a pattern stands for the word list ``data/name.txt``, so the
lists stay one word a line. ``tests/backend/test_constructions.py`` checks every
``must_match`` and ``must_not_match`` sentence on the real model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from sourcelight.stages.wordlists import data_dir, word_set

DATA = data_dir(__file__)
CONSTRUCTIONS = DATA / "constructions.json"


@dataclass(frozen=True, slots=True)
class Construction:
    name: str
    kind: str
    cue: tuple[str, ...]
    source: str | None
    content: tuple[str, ...]
    content_end: str | None  # the content stops before this node's subtree
    source_optional: bool  # kept without a source ("When asked whether ...")
    cue_without: frozenset[str]  # deps the first cue token must not have (patterns cannot say "no such child")
    pattern: list[dict[str, Any]]
    must_match: list[dict[str, str | None]]
    must_not_match: list[str]


@dataclass(frozen=True, slots=True)
class Match:
    """One construction's hit: the tokens playing each role."""

    name: str
    kind: str
    cue: list[Token]
    source: Token | None
    content: list[Token]
    content_end: Token | None
    source_optional: bool = False


def expand_lists(value: Any, folder: Path) -> Any:
    """Replace every "@name" string inside a pattern by the sorted words of name.txt."""
    if isinstance(value, str) and value.startswith("@"):
        return sorted(word_set(folder / f"{value[1:]}.txt"))
    if isinstance(value, dict):
        return {k: expand_lists(v, folder) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            expanded = expand_lists(item, folder)
            # {"IN": ["@a", "@b"]}: lists inside a list are flattened
            out.extend(expanded if isinstance(item, str) and item.startswith("@") else [expanded])
        return out
    return value


def read_constructions(path: Path = CONSTRUCTIONS) -> list[Construction]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [
        Construction(
            name=e["name"], kind=e.get("kind", "indirect"), cue=tuple(e["cue"]), source=e.get("source"),
            content=tuple(e["content"]), content_end=e.get("content_end"),
            source_optional=e.get("source_optional", False),
            cue_without=frozenset(e.get("cue_without", [])),
            pattern=expand_lists(e["pattern"], path.parent),
            must_match=e.get("must_match", []), must_not_match=e.get("must_not_match", []),
        )
        for e in entries
    ]


@lru_cache(maxsize=1)
def constructions() -> tuple[Construction, ...]:
    return tuple(read_constructions())


@lru_cache(maxsize=4)
def matcher_for(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for c in constructions():
        matcher.add(c.name, [c.pattern])
    return matcher


def find_matches(doc: Doc) -> list[Match]:
    """Every construction's matches in ``doc``, in text order of their first cue token."""
    by_name = {c.name: c for c in constructions()}
    found: list[Match] = []
    for match_id, token_ids in matcher_for(doc.vocab)(doc):
        c = by_name[doc.vocab.strings[match_id]]
        ids = [node["RIGHT_ID"] for node in c.pattern]
        role = {name: doc[i] for name, i in zip(ids, token_ids)}
        if any(child.dep_ in c.cue_without for child in role[c.cue[0]].children):
            continue
        found.append(Match(
            name=c.name, kind=c.kind,
            cue=[role[n] for n in c.cue],
            source=role.get(c.source) if c.source else None,
            content=[role[n] for n in c.content],
            content_end=role.get(c.content_end) if c.content_end else None,
            source_optional=c.source_optional,
        ))
    # Text order; for one cue, the construction taking the most content first (an object
    # with its "as" phrase before the object alone).
    return sorted(found, key=lambda m: (min(t.i for t in m.cue), -len(range(*content_tokens(m)))))


def content_tokens(match: Match) -> tuple[int, int]:
    """Token range [start, end) of the content: its nodes' subtrees, cut before the
    ``content_end`` node's subtree when the construction names one."""
    start = min(t.left_edge.i for t in match.content)
    end = max(t.right_edge.i for t in match.content) + 1
    if match.content_end is not None and match.content_end.left_edge.i > start:
        end = min(end, match.content_end.left_edge.i)
    return start, end
