"""The one loader of the word lists every stage keeps in its own ``data/`` folder: one
entry a line, ``#`` starts a comment, columns split at tabs.

Each stage names its file by path (``DATA / "reporting_verbs.txt"``, with ``DATA`` the
stage's ``data/`` folder), so a list sits beside the rules that read it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def data_dir(module_file: str) -> Path:
    """The ``data/`` folder beside a stage's module (pass ``__file__``)."""
    return Path(module_file).parent / "data"


def data_rows(path: Path) -> list[list[str]]:
    """The file's non-comment lines, split at tabs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def word_set(path: Path) -> frozenset[str]:
    """A one-column list, stripped and lower-cased."""
    return frozenset(row[0].strip().lower() for row in data_rows(path))
