"""What is known about a name: a lookup in the shipped knowledge table.

``lookup("Securities and Exchange Commission")`` -> ``Entry(type="regulator", ...)``;
``lookup("RT")`` -> state media; ``lookup("Fox News")`` -> a news outlet (by its domain,
foxnews.com). The table (``data/knowledge.tsv.gz``) is built from open data by
``sourcelight data knowledge`` (``build_knowledge.py``); provenance and licences are in
``data/knowledge.md``. It is read once into a dict: a lookup costs a few string
operations, never a model.
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT_VERSION = 1
DEFAULT_TABLE = Path(__file__).parent / "data" / "knowledge.tsv.gz"
PERSON_TYPES = frozenset({"politician"})
# Words a news name may carry before the name the table knows ("the U.S. Federal Reserve").
PREFIXES = ("u s ", "us ", "united states ", "american ", "federal ")
_PUNCT = re.compile(r"[\.\,'\u2019\u2018\"\u201c\u201d`\-\u2010-\u2015/:;!?()\[\]]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One known organisation or person: canonical name, source type, where it is from."""

    name: str
    type: str
    dataset: str
    kind: str  # how the key matched: name | acronym | domain


def normalise(text: str) -> str:
    """Case, accents, punctuation, "&" and a leading "the" do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    text = re.sub(r"['\u2019]s\b", "", text)
    words = _PUNCT.sub(" ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def squash(text: str) -> str:
    """A name as a domain label spells it: "Fox News" -> "foxnews"."""
    return re.sub(r"[^a-z0-9]", "", normalise(text))


class Knowledge:
    """The table in memory: "kind:key" -> Entry."""

    def __init__(self, rows: dict[str, Entry]) -> None:
        self.rows = rows

    @classmethod
    def load(cls, path: Path = DEFAULT_TABLE) -> "Knowledge":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
        rows: dict[str, Entry] = {}
        for line in lines:
            if line.startswith(("#", "key\t")):
                continue
            key, kind, kind_type, name, dataset = line.split("\t")
            # 40,000 rows share a dozen types: interned, they cost one string each.
            rows[f"{kind}:{key}"] = Entry(name, sys.intern(kind_type), sys.intern(dataset), sys.intern(kind))
        return cls(rows)

    def lookup(self, name: str, label: str | None = None) -> Entry | None:
        """The entry for an entity name, or None. ``label`` (spaCy's) keeps people to
        people: a PERSON only matches person entries, an ORG never does."""
        entry = self._find(name)
        if label == "PERSON" and (entry is None or entry.type not in PERSON_TYPES):
            # "Donald J. Trump" (the squashed name is a campaign site's domain label)
            entry = self._find(without_middle_initials(name)) or entry
        if entry is None or label is None:
            return entry
        is_person = entry.type in PERSON_TYPES
        return entry if is_person == (label == "PERSON") else None

    def lookup_tail(self, name: str, label: str | None = None) -> Entry | None:
        """The entry for the name, else for its last two or more words: a place or an
        owner before an outlet's name ("Sioux Falls Argus Leader" -> Argus Leader)."""
        words = name.split()
        for start in range(len(words) - 1):
            entry = self.lookup(" ".join(words[start:]), label)
            if entry is not None:
                return entry
        return self.lookup(name, label) if len(words) < 2 else None

    def _find(self, name: str) -> Entry | None:
        text = name.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        compact = text.replace(".", "")
        if 2 <= len(compact) <= 8 and compact.isupper() and " " not in compact:
            # An acronym, or a domain label in capitals ("CNN", "WSJ"); never a name key,
            # where "IS" would be the word "is".
            entry = self.rows.get(f"acronym:{compact}") or self.rows.get(f"domain:{compact.lower()}")
            # "CBS", "NBC": a foreign state broadcaster's acronym that English news uses for a
            # network whose own news site the table rates ("cbsnews", "nbcnews").
            network = self.rows.get(f"domain:{compact.lower()}news")
            if entry is not None and entry.type == "state_media" and network is not None \
                    and network.type == "media_outlet":
                return network
            if entry is not None or "&" not in compact:
                return entry
            # "PG&E", "AT&T": an ampersand makes no word, so the name keys ("pg and e") are safe.
        key = normalise(text)
        entry = self.rows.get(f"name:{key}")
        if entry is None:
            for prefix in PREFIXES:
                if key.startswith(prefix):
                    entry = self.rows.get(f"name:{key[len(prefix):]}")
                    if entry is not None:
                        break
        if entry is None and len(key) >= 3:
            entry = self.rows.get(f"domain:{key.replace(' ', '')}")
        return entry


def without_middle_initials(name: str) -> str:
    """ "Donald J. Trump" -> "Donald Trump": the table keys people by first and last name."""
    words = name.split()
    inner = [w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)]
    return " ".join(words[:1] + inner + words[-1:]) if len(words) > 2 else name


@lru_cache(maxsize=1)
def table() -> Knowledge:
    return Knowledge.load()


def lookup(name: str, label: str | None = None) -> Entry | None:
    """Module-level shortcut over the shipped table."""
    return table().lookup(name, label)


def lookup_tail(name: str, label: str | None = None) -> Entry | None:
    return table().lookup_tail(name, label)
