"""Score the claim-type cue rules and the hedge rules on hand-labelled PolNeAR dev sentences.

    python -m sourcelight.measure.claim_types [--labels PATH] [--data-dir DIR]

Gold: ``tests/data/polnear_dev_claim_types.tsv`` (guide beside it): article, sentence
offsets, every type that applies, hedged or not. Each article goes through the full
pipeline; a gold sentence is matched to the claim sentence overlapping it most (none
when the stage skipped it as a heading or furniture). Per type: precision and recall
of the rule firing (its cue found, or for "attributed" a linked attribution) against
the gold types; the claim's single type is scored strict (= the first gold type in
the stage's priority order) and lenient (any gold type).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).resolve().parents[3] / "tests" / "data" / "polnear_dev_claim_types.tsv"
DEFAULT_DATA = Path(os.environ.get("SOURCELIGHT_DATA_DIR", "../shared/data"))


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    end: int
    types: tuple[str, ...]  # in the stage's priority order
    hedged: bool


@dataclass(frozen=True)
class Predicted:
    fired: frozenset[str]  # every type whose rule fired
    type: str | None  # the claim's single type; None when the sentence got no claim
    hedged: bool


def read_labels(path: Path = LABELS) -> list[Label]:
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("article\t") or not line.strip():
            continue
        article, start, end, types, hedged = line.split("\t")
        labels.append(Label(article, int(start), int(end), tuple(types.split(",")), hedged == "1"))
    return labels


def predict(nlp, text: str) -> list[tuple[int, int, Predicted]]:
    """(start, end, prediction) for every sentence the claims stage scores in ``text``."""
    from sourcelight.stages.claims.component import choose_type, claim_sentences, link_attribution

    doc = nlp(text)
    stage = nlp.get_pipe("sl_claims")
    sents = claim_sentences(doc, doc.text)
    attributions = list(doc._.sl_attributions or [])
    out = []
    for sent, facts in zip(sents, stage.facts(doc, sents)):
        attributed = link_attribution(sent.start_char, sent.end_char, attributions) is not None
        fired = set(facts.cues) | ({"attributed"} if attributed else set())
        label = choose_type(dict(facts.cues), attributed)[0]
        out.append((sent.start_char, sent.end_char, Predicted(frozenset(fired), label, bool(facts.hedges))))
    return out


def match(label: Label, predicted: list[tuple[int, int, Predicted]]) -> Predicted:
    best, best_overlap = Predicted(frozenset(), None, False), 0
    for start, end, pred in predicted:
        overlap = min(end, label.end) - max(start, label.start)
        if overlap > best_overlap:
            best, best_overlap = pred, overlap
    return best


def score(pairs: list[tuple[Label, Predicted]], types: tuple[str, ...]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for name in types:
        gold = sum(name in lab.types for lab, _ in pairs)
        fired = sum(name in pred.fired for _, pred in pairs)
        both = sum(name in lab.types and name in pred.fired for lab, pred in pairs)
        table[name] = {"gold": gold, "fired": fired, "precision": both / fired if fired else 0.0,
                       "recall": both / gold if gold else 0.0}
    gold = sum(lab.hedged for lab, _ in pairs)
    fired = sum(pred.hedged for _, pred in pairs)
    both = sum(lab.hedged and pred.hedged for lab, pred in pairs)
    table["hedge"] = {"gold": gold, "fired": fired, "precision": both / fired if fired else 0.0,
                      "recall": both / gold if gold else 0.0}
    n = len(pairs)
    table["single type"] = {
        "gold": n, "fired": sum(p.type is not None for _, p in pairs),
        "strict": sum(p.type == lab.types[0] for lab, p in pairs) / n,
        "lenient": sum(p.type in lab.types for lab, p in pairs) / n,
    }
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)

    from sourcelight.pipeline import PipelineConfig, build_nlp
    from sourcelight.stages.claims.component import TYPE_ORDER

    labels = read_labels(args.labels)
    root = args.data_dir / "polnear" / "dev" / "text"
    if not root.is_dir():
        parser.error(f"no PolNeAR dev texts under {root} (set --data-dir or SOURCELIGHT_DATA_DIR)")
    nlp = build_nlp(PipelineConfig())
    by_article = {a: predict(nlp, (root / a).read_text(encoding="utf-8")) for a in sorted({lab.article for lab in labels})}
    pairs = [(lab, match(lab, by_article[lab.article])) for lab in labels]
    table = score(pairs, (*TYPE_ORDER, "other"))
    print(f"{len(labels)} hand-labelled PolNeAR dev sentences from {len(by_article)} articles")
    print(f"{'rule':<12} {'gold':>5} {'fired':>6} {'P':>6} {'R':>6}")
    for name, row in table.items():
        if name == "single type":
            print(f"single type: strict (first gold type) {row['strict']:.3f}, lenient (any gold type) "
                  f"{row['lenient']:.3f}; {row['gold'] - row['fired']} sentences got no claim")
        elif name != "other":
            print(f"{name:<12} {row['gold']:>5} {row['fired']:>6} {row['precision']:6.3f} {row['recall']:6.3f}")
    counts = Counter(p.type for _, p in pairs)
    print("single types given:", ", ".join(f"{k}: {v}" for k, v in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
