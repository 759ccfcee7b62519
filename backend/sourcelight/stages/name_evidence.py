"""What a name says about its kind, and what is known about it.

Two pieces of evidence for an entity's label that do not depend on the sentence:

- the name's shape: organisation names end or open with words such as "Ministry",
  "Bank", "Inc", "Times", "Party", "FC" (``data/name_shape.tsv``);
- the shipped knowledge table (``knowledge.py``): well-known organisations, outlets
  and people. A name counts when the entry's own name starts with it ("Apple" for
  "Apple Inc."), not through an alias the table keeps for it (it files "German" under a
  German-language edition of a newspaper). Outlet domains only count when Media
  Bias/Fact Check rates them: the larger domain list names sites after common words
  and people ("clinton.news").

Both are dictionary lookups, not models.
"""

from __future__ import annotations

from functools import lru_cache

from sourcelight.stages.knowledge import PERSON_TYPES, lookup, normalise
from sourcelight.stages.wordlists import data_rows

TRUSTED_DOMAIN_DATASETS = frozenset({"mbfc"})


@lru_cache(maxsize=1)
def shape_words() -> dict[str, frozenset[str]]:
    """{"first": words that open organisation names, "last": words that end them}."""
    by_place: dict[str, set[str]] = {"first": set(), "last": set()}
    for word, place in data_rows("name_shape.tsv"):
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
    if entry is None or (entry.kind == "domain" and entry.dataset not in TRUSTED_DOMAIN_DATASETS):
        return None
    if entry.kind == "name" and not normalise(entry.name).startswith(normalise(name)):
        return None
    return "PERSON" if entry.type in PERSON_TYPES else "ORG"
