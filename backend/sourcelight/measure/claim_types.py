"""Score the claim-type cue rules and the hedge rules on hand-labelled sentences.

    python -m sourcelight.measure.claim_types [--set polnear|extraction|extraction2|all]
                                              [--half develop|heldout|all] [--errors] [--data-dir DIR]

Two label sets (guide: ``tests/data/claim_types_guide.md``): ``polnear``
(``polnear_dev_claim_types.tsv``: PolNeAR dev article and sentence offsets; the corpus may
not be redistributed) and ``extraction`` (``extraction_claim_types.tsv``: sentences of the
article-extraction benchmark's ``articleBody`` texts, many outlets, chosen by
``claim_type_sample``) and ``extraction2`` (``extraction2_claim_types.tsv``: its second
round, ``claim_type_sample --round 2``, labelled for issue 20). Each article goes through the full pipeline; a gold sentence is
matched to the claim sentence overlapping it most (none when the stage skipped it as a
heading or furniture, which counts as wrong).

Since issue 20 the type shown comes from the encoder's type head where the claim model has
one (``stages/claims/type_head.py``); ``--rules`` gives the cue rules alone. The head learned
from the two benchmark sets, so with it only PolNeAR's figures are a measure.

Reported per set and half: the single type shown, strict (= the first gold type in the
stage's priority order) and lenient (any gold type); opinion precision and recall of the
type shown (is an opinion shown as one?); per type, precision and recall of the rule
firing (its cue found, or for "attributed" a linked attribution); hedges; and the
confusion of the shown type against the first gold type. The halves split each set by
article (alternately in order of article name): rules are developed on ``develop`` and
reported on ``heldout`` beside ``all``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

LABELS_DIR = Path(__file__).resolve().parents[3] / "tests" / "data"
LABELS = LABELS_DIR / "polnear_dev_claim_types.tsv"
EXTRACTION_LABELS = LABELS_DIR / "extraction_claim_types.tsv"
EXTRACTION2_LABELS = LABELS_DIR / "extraction2_claim_types.tsv"
DEFAULT_DATA = Path(os.environ.get("SOURCELIGHT_DATA_DIR", "../shared/data"))
SETS = ("polnear", "extraction", "extraction2")
LICENSED_SETS = ("extraction", "extraction2")  # MIT texts: the only labels a shipped model may learn from
HALVES = ("develop", "heldout")


@dataclass(frozen=True)
class Label:
    article: str  # PolNeAR dev file name, or the benchmark page key
    start: int
    end: int
    types: tuple[str, ...]  # in the stage's priority order
    hedged: bool
    corpus: str = "polnear"
    text: str | None = None  # the sentence, where the file records it


@dataclass(frozen=True)
class Predicted:
    fired: frozenset[str]  # every type whose rule fired
    type: str | None  # the claim's single type; None when the sentence got no claim
    hedged: bool


def _rows(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith(("article\t", "key\t")) or not line.strip():
            continue
        yield line.split("\t")


def read_labels(path: Path = LABELS) -> list[Label]:
    """The PolNeAR set: article, start, end, types, hedged."""
    return [Label(article, int(start), int(end), tuple(types.split(",")), hedged == "1")
            for article, start, end, types, hedged in _rows(path)]


def read_extraction_labels(path: Path = EXTRACTION_LABELS, corpus: str = "extraction") -> list[Label]:
    """A benchmark set: key, host, start, end, types, hedged, sentence text."""
    return [Label(key, int(start), int(end), tuple(types.split(",")), hedged == "1", corpus, text)
            for key, _host, start, end, types, hedged, text in _rows(path)]


def read_all_labels() -> list[Label]:
    """Every labelled sentence: PolNeAR dev, then both rounds of the benchmark."""
    return [*read_labels(), *read_extraction_labels(),
            *read_extraction_labels(EXTRACTION2_LABELS, "extraction2")]


def article_texts(labels: list[Label], data_dir: Path) -> dict[tuple[str, str], str]:
    """(corpus, article) -> text, for every article the labels point into."""
    texts: dict[tuple[str, str], str] = {}
    wanted = {(lab.corpus, lab.article) for lab in labels}
    if any(corpus in LICENSED_SETS for corpus, _ in wanted):
        truth = json.loads((data_dir / "article-extraction" / "ground-truth.json").read_text(encoding="utf-8"))
        texts.update({(corpus, key): truth[key]["articleBody"] for corpus, key in wanted if corpus in LICENSED_SETS})
    root = data_dir / "polnear" / "dev" / "text"
    texts.update({("polnear", name): (root / name).read_text(encoding="utf-8") for corpus, name in wanted
                  if corpus == "polnear"})
    return texts


def halves(labels: list[Label]) -> dict[tuple[str, str], str]:
    """(corpus, article) -> "develop" or "heldout": alternate articles in order of name, per set."""
    out = {}
    for corpus in SETS:
        for i, article in enumerate(sorted({lab.article for lab in labels if lab.corpus == corpus})):
            out[(corpus, article)] = HALVES[i % 2]
    return out


def predict(nlp, text: str, use_head: bool = True) -> list[tuple[int, int, Predicted]]:
    """(start, end, prediction) for every sentence the claims stage scores in ``text``; the
    type as the stage shows it (its type head where the claim model has one), or with
    ``use_head=False`` as the cue rules alone give it. ``fired`` is always the rules'."""
    from sourcelight.stages.claims.component import (AttributionLinks, choose_type, claim_sentences, head_types,
                                                     score_and_type)

    doc = nlp(text)
    stage = nlp.get_pipe("sl_claims")
    sents = claim_sentences(doc, doc.text)
    links = AttributionLinks(list(doc._.sl_attributions or []))
    typed = score_and_type(stage.model, sents)[1] if use_head else [None] * len(sents)
    out = []
    for sent, facts, t in zip(sents, stage.facts(doc, sents), typed):
        attributed = links.link(sent.start_char, sent.end_char) is not None
        fired = set(facts.cues) | ({"attributed"} if attributed else set())
        label = choose_type(dict(facts.cues), attributed, head_types(stage.model, t, facts, attributed))[0]
        out.append((sent.start_char, sent.end_char, Predicted(frozenset(fired), label, bool(facts.hedges))))
    return out


def match(label: Label, predicted: list[tuple[int, int, Predicted]]) -> Predicted:
    best, best_overlap = Predicted(frozenset(), None, False), 0
    for start, end, pred in predicted:
        overlap = min(end, label.end) - max(start, label.start)
        if overlap > best_overlap:
            best, best_overlap = pred, overlap
    return best


def _precision_recall(pairs: list[tuple[Label, Predicted]], gold: Callable[[Label], bool],
                      fired: Callable[[Predicted], bool]) -> dict[str, float]:
    n_gold = sum(gold(lab) for lab, _ in pairs)
    n_fired = sum(fired(pred) for _, pred in pairs)
    both = sum(gold(lab) and fired(pred) for lab, pred in pairs)
    return {"gold": n_gold, "fired": n_fired, "precision": both / n_fired if n_fired else 0.0,
            "recall": both / n_gold if n_gold else 0.0}


def score(pairs: list[tuple[Label, Predicted]], types: tuple[str, ...]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for name in types:
        table[name] = _precision_recall(pairs, lambda lab, n=name: n in lab.types, lambda p, n=name: n in p.fired)
    table["hedge"] = _precision_recall(pairs, lambda lab: lab.hedged, lambda p: p.hedged)
    table["opinion shown"] = _precision_recall(pairs, lambda lab: "opinion" in lab.types,
                                               lambda p: p.type == "opinion")
    n = len(pairs)
    table["single type"] = {
        "gold": n, "fired": sum(p.type is not None for _, p in pairs),
        "strict": sum(p.type == lab.types[0] for lab, p in pairs) / n if n else 0.0,
        "lenient": sum(p.type in lab.types for lab, p in pairs) / n if n else 0.0,
    }
    return table


def confusion(pairs: list[tuple[Label, Predicted]]) -> Counter[tuple[str, str]]:
    """(first gold type, type shown) -> sentences; "none" where the sentence got no claim."""
    return Counter((lab.types[0], pred.type or "none") for lab, pred in pairs)


def check_texts(labels: list[Label], texts: dict[tuple[str, str], str]) -> None:
    """The offsets still point at the recorded sentence (a changed data file fails loudly)."""
    for lab in labels:
        sentence = texts[(lab.corpus, lab.article)][lab.start : lab.end]
        if not sentence or sentence.strip() != sentence or (lab.text is not None and sentence != lab.text):
            raise ValueError(f"label {lab.corpus}:{lab.article}:{lab.start}-{lab.end} does not match the text")


def labelled_pairs(nlp, labels: list[Label], data_dir: Path, use_head: bool = True) -> list[tuple[Label, Predicted]]:
    texts = article_texts(labels, data_dir)
    check_texts(labels, texts)
    predicted = {key: predict(nlp, text, use_head) for key, text in sorted(texts.items())}
    return [(lab, match(lab, predicted[(lab.corpus, lab.article)])) for lab in labels]


def print_table(title: str, pairs: list[tuple[Label, Predicted]], types: tuple[str, ...], detail: bool) -> None:
    table = score(pairs, types)
    single, shown = table["single type"], table["opinion shown"]
    print(f"\n== {title}: {len(pairs)} sentences, {len({(l.corpus, l.article) for l, _ in pairs})} articles")
    print(f"single type shown: strict (first gold type) {single['strict']:.3f}, lenient (any gold type) "
          f"{single['lenient']:.3f}; {single['gold'] - single['fired']} sentences got no claim")
    print(f"opinion shown as the type: P {shown['precision']:.3f} R {shown['recall']:.3f} "
          f"({shown['gold']} gold, {shown['fired']} shown)")
    print(f"hedge: P {table['hedge']['precision']:.3f} R {table['hedge']['recall']:.3f} ({table['hedge']['gold']} gold)")
    if not detail:
        return
    print(f"{'rule fired':<12} {'gold':>5} {'fired':>6} {'P':>6} {'R':>6}")
    for name in types:
        row = table[name]
        if name != "other":
            print(f"{name:<12} {row['gold']:>5} {row['fired']:>6} {row['precision']:6.3f} {row['recall']:6.3f}")
    shown_types = (*types, "none")
    counts = confusion(pairs)
    print("confusion, first gold type (rows) x type shown (columns):")
    print(" " * 11 + "".join(f"{t[:6]:>7}" for t in shown_types))
    for gold in types:
        print(f"{gold:<11}" + "".join(f"{counts[(gold, t)]:>7}" for t in shown_types))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--half", choices=(*HALVES, "all"), default="all",
                        help="report this half only (default: each half and both)")
    parser.add_argument("--errors", action="store_true", help="list the sentences whose shown type is wrong")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rules", action="store_true",
                        help="the cue rules alone, without the encoder's type head (its figures before issue 20's head)")
    args = parser.parse_args(argv)

    from sourcelight.pipeline import PipelineConfig, build_nlp
    from sourcelight.stages.claims.component import TYPE_ORDER

    labels = [lab for lab in read_all_labels() if args.set == "all" or lab.corpus == args.set]
    if any(lab.corpus == "polnear" for lab in labels) and not (args.data_dir / "polnear" / "dev" / "text").is_dir():
        parser.error(f"no PolNeAR dev texts under {args.data_dir} (set --data-dir or SOURCELIGHT_DATA_DIR)")
    half_of = halves(labels)
    if args.half != "all":
        labels = [lab for lab in labels if half_of[(lab.corpus, lab.article)] == args.half]
    nlp = build_nlp(PipelineConfig())
    pairs = labelled_pairs(nlp, labels, args.data_dir, use_head=not args.rules)
    types = (*TYPE_ORDER, "other")
    head = getattr(nlp.get_pipe("sl_claims").model, "head", None)
    if head is not None and not args.rules:
        trained = ", ".join(head.meta.get("trained_on", []))
        print(f"NOTE: the type head learned from {trained}: the benchmark sets' figures below are its training "
              "figures, not a measure. PolNeAR (never trained on) is; for the benchmark see "
              "`python -m sourcelight.measure.claim_type_head` (heads fitted on one half, scored on the other).")
    for corpus in (*SETS, "all"):
        in_set = [(lab, p) for lab, p in pairs if corpus == "all" or lab.corpus == corpus]
        for half in (*HALVES, "all"):
            chosen = [(lab, p) for lab, p in in_set if half == "all" or half_of[(lab.corpus, lab.article)] == half]
            if chosen and (half == "all" or args.half == "all"):
                print_table(f"{corpus} / {half}", chosen, types, detail=half == "all")
    if args.errors:
        texts = article_texts(labels, args.data_dir)
        for lab, p in pairs:
            if p.type != lab.types[0]:
                sentence = texts[(lab.corpus, lab.article)][lab.start : lab.end].replace("\n", " ")
                print(f"{half_of[(lab.corpus, lab.article)]}\t{','.join(lab.types)}\t{p.type}\t"
                      f"{','.join(sorted(p.fired))}\t{sentence[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
