"""Per outlet and per month: how an archive sources its reporting.

Read from the finished records one at a time, so an archive of any length costs only
its number of (outlet, month) groups in memory. The outlet is the record's ``outlet``
field when the input gave one, else the host of its ``url`` (``www.`` dropped), else
``unknown``; the month is ``published``'s ``YYYY-MM``, else ``unknown``.

Written as CSV (always) and Parquet (with pyarrow, the ``audit`` extra):
``by_outlet_month`` (one row per outlet and month) and ``by_outlet`` (all months).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sourcelight.stages.outlets import normalize_host
from sourcelight.stages.entities.mentions import is_honorific

MONTH = re.compile(r"^(\d{4})-(\d{2})")
UNKNOWN = "unknown"
TOP_SOURCES = 5


@dataclass
class Tally:
    """Counts for one group of articles; shares are computed from them, never averaged."""

    articles: int = 0
    words: int = 0
    sources: int = 0
    anonymous_sources: int = 0
    attributions: int = 0
    checkworthy_claims: int = 0
    unsourced_checkworthy_claims: int = 0
    source_types: Counter = field(default_factory=Counter)
    cited: Counter = field(default_factory=Counter)  # name key -> articles citing it
    spellings: Counter = field(default_factory=Counter)  # (name key, name as written) -> sources

    def add(self, record: dict[str, Any]) -> None:
        summary = record["summary"]
        self.articles += 1
        self.words += record["article"]["words"]
        self.sources += len(record["sources"])
        self.anonymous_sources += sum(s["anonymous"] for s in record["sources"])
        self.attributions += len(record["attributions"])
        self.checkworthy_claims += summary["checkworthy_claims"]
        self.unsourced_checkworthy_claims += summary["unattributed_checkworthy_claims"]
        self.source_types.update(s["type"] for s in record["sources"])
        names = [s["name"] for s in record["sources"] if not s["anonymous"]]
        keys = article_keys(names)
        self.cited.update(set(keys.values()))
        self.spellings.update((keys[name], name) for name in names)

    def merge(self, other: "Tally") -> None:
        for name in ("articles", "words", "sources", "anonymous_sources", "attributions",
                     "checkworthy_claims", "unsourced_checkworthy_claims"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.source_types.update(other.source_types)
        self.cited.update(other.cited)
        self.spellings.update(other.spellings)

    @property
    def anonymous_share(self) -> float | None:
        return ratio(self.anonymous_sources, self.sources)

    @property
    def attributions_per_1000_words(self) -> float | None:
        return ratio(self.attributions * 1000, self.words)

    @property
    def unsourced_checkworthy_share(self) -> float | None:
        return ratio(self.unsourced_checkworthy_claims, self.checkworthy_claims)

    def top_sources(self, n: int = TOP_SOURCES) -> list[tuple[str, int]]:
        """The most cited sources, name variants merged ("Mr. Trump" into "Donald J. Trump"
        where that is the only cited full name ending so), each under its commonest full spelling."""
        into = surname_merges(self.cited)
        counts: Counter = Counter()
        for key, articles in self.cited.items():
            counts[into.get(key, key)] += articles
        # A group is shown by its commonest full spelling; a bare surname only if it has no other.
        spelling: dict[str, tuple[bool, int, str]] = {}
        for (key, name), times in self.spellings.items():
            group = into.get(key, key)
            spelling[group] = max(spelling.get(group, (False, 0, "")), (name_key(name) == group, times, name))
        named = [(spelling[key][2], articles) for key, articles in counts.items()]
        return sorted(named, key=lambda item: (-item[1], item[0]))[:n]


def name_key(name: str) -> str:
    """A name with courtesy titles, initials and punctuation dropped, lower-cased:
    "Mr. Donald J. Trump" and "Donald Trump" share "donald trump"."""
    words = [w.strip(".,'’") for w in name.split()]
    kept = [w.lower() for w in words if len(w) > 1 and not is_honorific(w)]
    return " ".join(kept) or name.lower()


def surname_merges(keys: Iterable[str]) -> dict[str, str]:
    """One-word keys that end exactly one longer key -> that key."""
    endings: dict[str, set[str]] = {}
    for key in keys:
        if " " in key:
            endings.setdefault(key.rsplit(" ", 1)[1], set()).add(key)
    return {key: next(iter(endings[key])) for key in keys if " " not in key and len(endings.get(key, ())) == 1}


def article_keys(names: list[str]) -> dict[str, str]:
    """Each name's key, with a bare surname folded into the article's own full name, so
    an article naming "Donald Trump" and "Trump" cites one source."""
    keys = {name: name_key(name) for name in names}
    into = surname_merges(set(keys.values()))
    return {name: into.get(key, key) for name, key in keys.items()}


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def outlet_of(article: dict[str, Any]) -> str:
    if article.get("outlet"):
        return article["outlet"].strip().lower()
    return normalize_host(article["url"]) if article.get("url") else UNKNOWN


def month_of(article: dict[str, Any]) -> str:
    match = MONTH.match(article.get("published") or "")
    return f"{match[1]}-{match[2]}" if match and 1 <= int(match[2]) <= 12 else UNKNOWN


@dataclass
class Aggregate:
    groups: dict[tuple[str, str], Tally] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)  # error code -> bad lines
    error_examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any]) -> None:
        if "error" in record:
            self.errors[record["error"]["code"]] += 1
            if len(self.error_examples) < 20:
                self.error_examples.append(record)
            return
        key = (outlet_of(record["article"]) or UNKNOWN, month_of(record["article"]))
        self.groups.setdefault(key, Tally()).add(record)

    def by_outlet(self) -> dict[str, Tally]:
        totals: dict[str, Tally] = {}
        for (outlet, _), tally in sorted(self.groups.items()):
            totals.setdefault(outlet, Tally()).merge(tally)
        return totals

    def source_types(self) -> list[str]:
        """Every source type seen, most frequent first."""
        counts: Counter = Counter()
        for tally in self.groups.values():
            counts.update(tally.source_types)
        return [name for name, _ in counts.most_common()]


def aggregate(records: Iterable[dict[str, Any]]) -> Aggregate:
    result = Aggregate()
    for record in records:
        result.add(record)
    return result


def row(tally: Tally, types: list[str], **key: str) -> dict[str, Any]:
    return {
        **key,
        "articles": tally.articles,
        "words": tally.words,
        "sources": tally.sources,
        "anonymous_sources": tally.anonymous_sources,
        "anonymous_share": tally.anonymous_share,
        "attributions": tally.attributions,
        "attributions_per_1000_words": tally.attributions_per_1000_words,
        "checkworthy_claims": tally.checkworthy_claims,
        "unsourced_checkworthy_claims": tally.unsourced_checkworthy_claims,
        "unsourced_checkworthy_share": tally.unsourced_checkworthy_share,
        **{f"sources_{name}": tally.source_types.get(name, 0) for name in types},
        "top_sources": "; ".join(f"{name} ({n})" for name, n in tally.top_sources()),
    }


def tables(result: Aggregate) -> dict[str, list[dict[str, Any]]]:
    types = result.source_types()
    return {
        "by_outlet_month": [row(t, types, outlet=o, month=m) for (o, m), t in sorted(result.groups.items())],
        "by_outlet": [row(t, types, outlet=o) for o, t in result.by_outlet().items()],
    }


def write_tables(result: Aggregate, out: Path) -> list[Path]:
    """``by_outlet_month`` and ``by_outlet`` as CSV, and as Parquet when pyarrow is installed."""
    written = []
    for name, rows in tables(result).items():
        path = out / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["outlet"])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
        parquet = write_parquet(rows, out / f"{name}.parquet")
        if parquet:
            written.append(parquet)
    return written


def write_parquet(rows: list[dict[str, Any]], path: Path) -> Path | None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path
