"""Word lists shipped in ``stages/data/``: one entry a line, ``#`` starts a comment."""

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
