"""What a name says about its kind, and what is known about it.

Two pieces of evidence for an entity's label that do not depend on the sentence:

- the name's shape: organisation names end or open with words such as "Ministry",
  "Bank", "Inc", "Times", "Party", "FC" (``data/name_shape.tsv``);
- the shipped knowledge table (``stages/knowledge``): well-known organisations and people,
  by name or acronym. An organisation's name counts when the entry's own name starts
  with it ("Apple" for "Apple Inc."), not through an alias the table keeps for it (it
  files "German" under a German-language edition of a newspaper). Outlet domains do
  not count here: sites are named after people and words ("trump.news"), and a
  person's surname the model half reads as an organisation would become an outlet.

Both are dictionary lookups, not models.
"""

from __future__ import annotations

from functools import lru_cache

from sourcelight.stages.knowledge.knowledge import PERSON_TYPES, lookup, normalise
from sourcelight.stages.wordlists import data_dir, data_rows

DATA = data_dir(__file__)

@lru_cache(maxsize=1)
def shape_words() -> dict[str, frozenset[str]]:
    """{"first": words that open organisation names, "last": words that end them}."""
    by_place: dict[str, set[str]] = {"first": set(), "last": set()}
    for word, place in data_rows(DATA / "name_shape.tsv"):
        by_place[place.strip()].add(word.strip().lower())
    return {place: frozenset(ws) for place, ws in by_place.items()}


def shape_label(words: tuple[str, ...]) -> str | None:
    """ "ORG" when a name of two words or more opens or ends with an organisation word."""
    if len(words) < 2:
        return None
    table = shape_words()
    return "ORG" if words[-1] in table["last"] or words[0] in table["first"] else None


def known_label(name: str) -> str | None:
    """The entity label the knowledge table gives a name: PERSON for people, else ORG."""
    entry = lookup(name)
    if entry is None or entry.kind == "domain":
        return None
    if entry.type in PERSON_TYPES:
        return "PERSON"  # people's aliases are their short names ("Bill Clinton")
    if entry.kind == "name" and not normalise(entry.name).startswith(normalise(name)):
        return None
    return "ORG"
