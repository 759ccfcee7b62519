"""Claim types from the encoder's sentence vector with a small head, against the cue rules.

    python -m sourcelight.measure.claim_type_head [--cache FILE] [--data-dir DIR]

Issue 20 asks for both routes to a claim's type, measured on the same hand labels
(``claim_types``): (a) the cue rules alone; (b) a small learned head over the check-worthiness
encoder's mean-pooled sentence vector (384 numbers the shipped network already computes;
declared by the network, ``encoder_model.inner_output``), with or without the rules' cues as extra inputs. A head
learns only from the MIT benchmark's labels (``extraction``, ``extraction2``): PolNeAR
states no licence, so its labels only measure. Heads are fitted on the develop halves of
the two benchmark sets (C chosen by 5-fold cross-validation grouped by article inside
them) and reported on the held-out halves and on all of PolNeAR, beside the rules.

Heads (each a logistic regression; the vector is scaled to unit length):
- ``vector -> type``: the first gold type straight from the vector (nine classes);
- ``vector+cues -> type``: the same with the rules' fired cues and hedge as 0/1 inputs;
- ``vector+cues -> each type``: one yes/no per type (does it apply?), and the single
  type shown is the first that applies in the stage's order (``TYPE_ORDER``), as the
  rules do: the order logic stays one;
- ``rules, opinion from head``: the rules' cues, except that opinion fires where the head
  says opinion applies (p >= 0.5) instead of where its cue words are;
- ``learned shown type, opinion gated``: the shown type from a regression fitted to the
  first gold type (a learned decision instead of the fixed order), opinion shown only where
  the per-type opinion regression says it applies;
- ``each type, opinion threshold`` (shipped): ``each type`` with opinion's threshold chosen
  out of fold inside the training rows: the best strict accuracy among thresholds whose
  opinion shown reaches precision 0.75.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcelight.measure import claim_types as ct
from sourcelight.measure.claim_types import Label, Predicted

TYPES = ("quantity", "opinion", "causal", "prediction", "rule", "personal", "attributed", "event", "other")
CUE_TYPES = TYPES[:-1]
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


@dataclass
class Rows:
    labels: list[Label]
    rules: list[Predicted]
    vectors: np.ndarray  # one unit-length row per label

    def take(self, keep: np.ndarray) -> "Rows":
        return Rows([lab for lab, k in zip(self.labels, keep) if k], [p for p, k in zip(self.rules, keep) if k],
                    self.vectors[keep])


def cue_features(rules: list[Predicted]) -> np.ndarray:
    return np.array([[float(t in p.fired) for t in CUE_TYPES] + [float(p.hedged)] for p in rules], np.float32)


def first_type(types: tuple[str, ...] | list[str]) -> str:
    return next((t for t in ct_order() if t in types), "other")


def ct_order() -> tuple[str, ...]:
    from sourcelight.stages.claims.component import TYPE_ORDER

    return TYPE_ORDER


def layer_output(layer: int) -> str:
    """The encoder graph's node holding transformer layer ``layer``'s token vectors (0-5);
    6 names the mean-pooled output of the last layer, the network's own sentence vector."""
    from sourcelight.stages.claims.encoder_model import POOLED_OUTPUT, inner_output

    return POOLED_OUTPUT if layer == 6 else inner_output(layer)


def rules_and_sentences(labels: list[Label], data_dir: Path) -> tuple[list[Predicted], list[str]]:
    """For each label, the cue rules' prediction for the claim sentence it matches (as
    ``claim_types.match``) and that sentence's text (the gold sentence where the stage made none)."""
    from sourcelight.pipeline import PipelineConfig, build_nlp

    nlp = build_nlp(PipelineConfig())
    texts = ct.article_texts(labels, data_dir)
    ct.check_texts(labels, texts)
    predicted = {key: ct.predict(nlp, text, use_head=False) for key, text in sorted(texts.items())}
    rules, sentences = [], []
    for lab in labels:
        best, span, overlap = Predicted(frozenset(), None, False), (lab.start, lab.end), 0
        for start, end, pred in predicted[(lab.corpus, lab.article)]:
            if min(end, lab.end) - max(start, lab.start) > overlap:
                best, span, overlap = pred, (start, end), min(end, lab.end) - max(start, lab.start)
        rules.append(best)
        sentences.append(texts[(lab.corpus, lab.article)][span[0] : span[1]])
    return rules, sentences


def encoder_vectors(sentences: list[str], vector_output: str) -> np.ndarray:
    """The shipped encoder's vectors (mean-pooled at ``vector_output``), one run per sentence."""
    from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER, ONNX_NAME, TOKENIZER_NAME, OnnxScorer, read_meta

    meta = read_meta(DEFAULT_ENCODER)
    scorer = OnnxScorer(DEFAULT_ENCODER / ONNX_NAME, DEFAULT_ENCODER / TOKENIZER_NAME,
                        int(meta["recipe"]["max_tokens"]), vector_output=vector_output)
    return scorer.run(sentences)[1]


def collect(data_dir: Path, cache: Path | None, layers: tuple[int, ...] = (6,),
            labels: list[Label] | None = None) -> Rows:
    """Every label with the rules' prediction and the encoder's vectors of the claim sentence
    it matched (``layers`` side by side, each of unit length). ``cache`` keeps the rules'
    output and every layer's vectors (npz)."""
    labels = ct.read_all_labels() if labels is None else labels
    if cache is not None and cache.exists():
        saved = np.load(cache, allow_pickle=False)
        if int(saved["n"]) == len(labels):
            rules = [Predicted(frozenset(f.split(",")) - {""}, t or None, bool(h))
                     for f, t, h in zip(saved["fired"], saved["type"], saved["hedged"])]
            return Rows(labels, rules, np.hstack([unit(saved[f"layer{i}"]) for i in layers]))
    rules, sentences = rules_and_sentences(labels, data_dir)
    wanted = range(7) if cache is not None else layers
    vectors = {f"layer{i}": encoder_vectors(sentences, layer_output(i)) for i in wanted}
    if cache is not None:
        np.savez(cache, n=len(labels), fired=[",".join(sorted(p.fired)) for p in rules],
                 type=[p.type or "" for p in rules], hedged=[p.hedged for p in rules], sentences=sentences, **vectors)
    return Rows(labels, rules, np.hstack([unit(vectors[f"layer{i}"]) for i in layers]))


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


# A route: fit(rows, C) -> predict(rows) -> the single type shown per row.
Route = Callable[[Rows, float], Callable[[Rows], list[str]]]


def _lr(C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=4000)


def vector_to_type(with_cues: bool) -> Route:
    def features(rows: Rows) -> np.ndarray:
        return np.hstack([rows.vectors, cue_features(rows.rules)]) if with_cues else rows.vectors

    def fit(rows: Rows, C: float):
        model = _lr(C).fit(features(rows), [lab.types[0] for lab in rows.labels])
        return lambda new: list(model.predict(features(new)))
    return fit


def per_type_presence(rows: Rows, C: float, only: tuple[str, ...] = CUE_TYPES) -> dict[str, object]:
    x = np.hstack([rows.vectors, cue_features(rows.rules)])
    models = {}
    for t in only:
        y = np.array([t in lab.types for lab in rows.labels])
        models[t] = _lr(C).fit(x, y) if 0 < y.sum() < len(y) else None
    return models


def each_type(rows: Rows, C: float):
    models = per_type_presence(rows, C)

    def predict(new: Rows) -> list[str]:
        x = np.hstack([new.vectors, cue_features(new.rules)])
        applies = {t: (m.predict_proba(x)[:, 1] >= 0.5 if m is not None else np.zeros(len(x), bool))
                   for t, m in models.items()}
        return [first_type([t for t in CUE_TYPES if applies[t][i]]) for i in range(len(x))]
    return predict


def opinion_from_head(rows: Rows, C: float):
    model = per_type_presence(rows, C, ("opinion",))["opinion"]

    def predict(new: Rows) -> list[str]:
        x = np.hstack([new.vectors, cue_features(new.rules)])
        opinion = model.predict_proba(x)[:, 1] >= 0.5
        return [first_type(sorted(p.fired - {"opinion"} | ({"opinion"} if o else set())))
                for p, o in zip(new.rules, opinion)]
    return predict


SHIPPED_LAYERS = (2, 4)  # the encoder layers the shipped head reads: grouped CV on the develop halves
PRESENCE_C = 10.0  # the per-type regressions' C: grouped 5-fold CV on all 626 benchmark labels (0.672, C 30 0.663)
OPINION_MIN_PRECISION = 0.75  # issue 20's aim for opinion shown
OPINION_THRESHOLDS = (0.0, 0.25, 0.5, 0.75, 1.0)  # logits: p >= 0.5 ... 0.73


def out_of_fold_presence(rows: Rows, C: float, folds: int = 5) -> np.ndarray:
    """Each row's per-type logits from regressions fitted on the other folds (grouped by article)."""
    from sklearn.model_selection import GroupKFold

    logits = np.zeros((len(rows.labels), len(CUE_TYPES)))
    for fit_idx, test_idx in GroupKFold(n_splits=folds).split(rows.vectors, groups=groups(rows)):
        keep = np.zeros(len(rows.labels), bool)
        keep[fit_idx] = True
        test = rows.take(~keep)
        x = np.hstack([test.vectors, cue_features(test.rules)])
        for j, model in enumerate(per_type_presence(rows.take(keep), C).values()):
            logits[test_idx, j] = model.decision_function(x) if model is not None else -np.inf
    return logits


def shown_by_order(logits: np.ndarray, opinion_threshold: float = 0.0) -> list[str]:
    """The first type in the stage's order whose logit clears its threshold (0, opinion's own)."""
    thresholds = np.where(np.array(CUE_TYPES) == "opinion", opinion_threshold, 0.0)
    return [first_type([t for t, z, th in zip(CUE_TYPES, row, thresholds) if z >= th]) for row in logits]


def opinion_threshold(rows: Rows, C: float) -> float:
    """The opinion logit threshold with the best strict accuracy, out of fold, among those
    whose opinion shown reaches ``OPINION_MIN_PRECISION`` (the lowest-threshold best if none does):
    a fact shown as opinion hides a claim worth checking."""
    logits = out_of_fold_presence(rows, C)

    def key(threshold: float) -> tuple[bool, float]:
        s = scores(rows, shown_by_order(logits, threshold))
        return s["op_p"] >= OPINION_MIN_PRECISION, s["strict"]
    return max(OPINION_THRESHOLDS, key=key)


def each_type_opinion_threshold(rows: Rows, C: float):
    """``each type`` with opinion's threshold chosen inside the training rows (shipped)."""
    models, threshold = per_type_presence(rows, C), opinion_threshold(rows, C)

    def predict(new: Rows) -> list[str]:
        x = np.hstack([new.vectors, cue_features(new.rules)])
        logits = np.stack([m.decision_function(x) if m is not None else np.full(len(x), -np.inf)
                           for m in models.values()], 1)
        return shown_by_order(logits, threshold)
    return predict


def shown_type_model(rows: Rows, C: float):
    """One multinomial regression over the same inputs: the first gold type ("other" included)."""
    x = np.hstack([rows.vectors, cue_features(rows.rules)])
    return _lr(C).fit(x, [lab.types[0] for lab in rows.labels])


def learned_shown_type(rows: Rows, C: float):
    """The shipped head: the shown type from its own regression (C), opinion only where the
    opinion presence regression (``PRESENCE_C``) says it applies."""
    opinion = per_type_presence(rows, PRESENCE_C, ("opinion",))["opinion"]
    pick = shown_type_model(rows, C)

    def predict(new: Rows) -> list[str]:
        x = np.hstack([new.vectors, cue_features(new.rules)])
        proba = pick.predict_proba(x)
        proba[opinion.predict_proba(x)[:, 1] < 0.5, list(pick.classes_).index("opinion")] = -1.0
        return [str(c) for c in pick.classes_[proba.argmax(1)]]
    return predict


def rules_route(rows: Rows, C: float):
    return lambda new: [p.type or "other" for p in new.rules]


ROUTES: dict[str, Route] = {
    "rules (cues only)": rules_route,
    "vector -> type": vector_to_type(False),
    "vector+cues -> type": vector_to_type(True),
    "vector+cues -> each type": each_type,
    "rules, opinion from head": opinion_from_head,
    "learned shown type, opinion gated": learned_shown_type,
    "each type, opinion threshold": each_type_opinion_threshold,
}
SHIPPED_ROUTE = "each type, opinion threshold"
SAME_C_AS = {SHIPPED_ROUTE: "vector+cues -> each type"}  # its C search would nest a CV in a CV


def scores(rows: Rows, shown: list[str]) -> dict[str, float]:
    gold_first = [lab.types[0] for lab in rows.labels]
    n = len(shown)
    is_op = [("opinion" in lab.types) for lab in rows.labels]
    shown_op = [s == "opinion" for s in shown]
    both = sum(a and b for a, b in zip(is_op, shown_op))
    return {"n": n, "strict": sum(s == g for s, g in zip(shown, gold_first)) / n,
            "lenient": sum(s in lab.types for s, lab in zip(shown, rows.labels)) / n,
            "op_p": both / max(1, sum(shown_op)), "op_r": both / max(1, sum(is_op))}


def groups(rows: Rows) -> np.ndarray:
    names = sorted({(lab.corpus, lab.article) for lab in rows.labels})
    index = {name: i for i, name in enumerate(names)}
    return np.array([index[(lab.corpus, lab.article)] for lab in rows.labels])


def choose_c(route: Route, train: Rows, folds: int = 5) -> tuple[float, float]:
    """C with the best strict accuracy over folds of the training rows grouped by article."""
    from sklearn.model_selection import GroupKFold

    best = (C_GRID[0], -1.0)
    splitter = GroupKFold(n_splits=folds)
    for C in C_GRID:
        shown = [""] * len(train.labels)
        for fit_idx, test_idx in splitter.split(train.vectors, groups=groups(train)):
            keep = np.zeros(len(train.labels), bool)
            keep[fit_idx] = True
            predicted = route(train.take(keep), C)(train.take(~keep))
            for i, s in zip(test_idx, predicted):
                shown[i] = s
        strict = scores(train, shown)["strict"]
        if strict > best[1]:
            best = (C, strict)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ct.DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="keep rules' output and vectors here (npz)")
    parser.add_argument("--layers", default=",".join(map(str, SHIPPED_LAYERS)),
                        help="which layers' mean-pooled vectors, side by side (0-5; 6: the network's own "
                             "pooled output); default: the shipped head's")
    args = parser.parse_args(argv)

    rows = collect(args.data_dir, args.cache, tuple(int(i) for i in args.layers.split(",")))
    half = ct.halves(rows.labels)
    is_dev = np.array([half[(lab.corpus, lab.article)] == "develop" for lab in rows.labels])
    licensed = np.array([lab.corpus in ct.LICENSED_SETS for lab in rows.labels])
    train = rows.take(is_dev & licensed)
    parts = {
        "benchmark held-out": ~is_dev & licensed,
        "PolNeAR develop": is_dev & ~licensed,
        "PolNeAR held-out": ~is_dev & ~licensed,
        "PolNeAR all": ~licensed,
        "held-out (all sets)": ~is_dev,
    }
    print(f"training rows (benchmark develop halves): {len(train.labels)}")
    header = f"{'route':<28} {'C':>5} {'cv strict':>9} " + " ".join(f"{p:>26}" for p in parts)
    print(header)
    chosen: dict[str, tuple[float, float]] = {}
    for name, route in ROUTES.items():
        C, cv = chosen[name] = (1.0, scores(train, route(train, 1.0)(train))["strict"]) if route is rules_route \
            else chosen[SAME_C_AS[name]] if name in SAME_C_AS else choose_c(route, train)
        predict = route(train, C)
        cells = []
        for mask in parts.values():
            part = rows.take(mask)
            s = scores(part, predict(part))
            cells.append(f"{s['strict']:.3f}/{s['lenient']:.3f} op {s['op_p']:.2f}/{s['op_r']:.2f}")
        print(f"{name:<28} {C:>5} {cv:9.3f} " + " ".join(f"{c:>26}" for c in cells))
    print("cells: strict/lenient, opinion shown P/R")
    # The shipped head learns from both benchmark halves, so no benchmark sentence is unseen
    # by it; this estimates it: each half typed by a head fitted on the other (same C).
    # The shipped recipe's C (5-fold CV on all benchmark labels), not the develop half's pick:
    # on 316 sentences C 10 and 30 trade places from one cue change to the next.
    route, C = ROUTES[SHIPPED_ROUTE], PRESENCE_C
    shown: dict[int, str] = {}
    for fit_mask in (is_dev & licensed, ~is_dev & licensed):
        test_mask = licensed & ~fit_mask
        for i, s in zip(np.flatnonzero(test_mask), route(rows.take(fit_mask), C)(rows.take(test_mask))):
            shown[i] = s
    order = sorted(shown)
    s = scores(rows.take(np.isin(np.arange(len(rows.labels)), order)), [shown[i] for i in order])
    print(f"benchmark, each half typed by a head fitted on the other (C={C}): strict {s['strict']:.3f} "
          f"lenient {s['lenient']:.3f} opinion shown P {s['op_p']:.3f} R {s['op_r']:.3f} ({s['n']} sentences)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
