"""Word lists shipped in ``stages/data/``: one entry a line, ``#`` starts a comment; and
the rules over a list that more than one stage applies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def data_rows(name: str) -> list[list[str]]:
    """The file's non-comment lines, split at tabs."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """A one-column list, lower-cased."""
    return frozenset(row[0].strip().lower() for row in data_rows(name))


def is_honorific(word: str) -> bool:
    """A courtesy title as written before a name ("Mr.", "Mrs", "MRS", "Dr."): capitalised,
    any final dot. Lower case it is an ordinary word ("miss", "lady", "sir"). The entities
    stage keeps these inside a person's name; the sources stage never takes them for roles."""
    word = word.rstrip(".")
    return word[:1].isupper() and word.lower() in word_set("honorifics.txt")
