"""Outer-fold scores of the fine-tuned encoder, on the same outer folds as measure.claims.

    python -m sourcelight.measure.encoder_cv --out DIR [--folds 0 1 2 3 4] [--layers 6]
        [--pooling mean|cls] [--previous]
    python -m sourcelight.measure.encoder_cv --out DIR --summary   # figures from the fold files
    python -m sourcelight.measure.encoder_cv --out DIR --ensemble  # the encoder stacked with the token model

Fine-tuning costs minutes per fold, so the nesting differs from the linear recipes' 5x3:
the encoder's hyper-parameters are fixed in advance (``train_encoder.Recipe``), and inside
each outer fold's training part a stratified tenth is held out; the network is fitted on
the other nine tenths, and the calibrator (Platt or isotonic, chosen as measure.claims
chooses) and the F1 threshold are fitted on the held tenth's decisions. The test fold is
only scored. Each fold writes ``fold<k>.npz`` (test rows and decisions, held rows and
decisions, calibrator, threshold), so a run can be resumed or spread out, and the
summary (and stacking with other recipes) reads them without retraining.

``--ensemble`` stacks the encoder with the shipped token model, inside each outer fold:
the token model is tuned (inner CV) and fitted on the same nine tenths the encoder was
fine-tuned on, and a two-weight logistic regression over both decisions, fitted on the
held tenth, gives the probability; the threshold is chosen there too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from sourcelight.config import Config
from sourcelight.measure import claim_routes as routes
from sourcelight.measure.claims import reliability_svg, summarise
from sourcelight.stages.claims import train_claims as tc
from sourcelight.stages.claims import train_encoder as te
from sourcelight.stages.claims.claim_model import Calibrator

def outer_folds(y: np.ndarray, outer: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Exactly measure.claims' outer folds."""
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(outer, shuffle=True, random_state=tc.SEED + 1).split(y, y))


def run_fold(k: int, texts: list[str], previous: list[str], y: np.ndarray, recipe: te.Recipe,
             folds: list[tuple[np.ndarray, np.ndarray]], out: Path, threads: int) -> Path:
    train, test = folds[k]
    fit_rows, held = te.split_held(train, y)
    started = time.perf_counter()
    pick = lambda rows, seq: [seq[i] for i in rows]  # noqa: E731
    net = te.fit(pick(fit_rows, texts), y[fit_rows], recipe, pick(fit_rows, previous), threads=threads,
                 log=lambda m: print(f"fold {k}{m}", flush=True))
    fit_seconds = time.perf_counter() - started
    held_dec = te.score(net, pick(held, texts), recipe, pick(held, previous))
    test_dec = te.score(net, pick(test, texts), recipe, pick(test, previous))
    calibrator = tc.fit_calibrator(tc.choose_calibration(held_dec, y[held]), held_dec, y[held])
    threshold = tc.best_threshold(calibrator(held_dec), y[held])
    path = out / f"fold{k}.npz"
    np.savez(path, test=test, test_dec=test_dec, held=held, held_dec=held_dec, threshold=threshold,
             calibrator=json.dumps({"kind": calibrator.kind, "params": calibrator.params}),
             recipe=json.dumps(recipe.as_dict()), fit_seconds=fit_seconds)
    print(f"fold {k}: fitted in {fit_seconds:.0f}s, {calibrator.kind} t={threshold}", flush=True)
    return path


def load_fold(path: Path) -> dict:
    data = np.load(path)
    cal = json.loads(str(data["calibrator"]))
    return {"test": data["test"], "test_dec": data["test_dec"], "threshold": float(data["threshold"]),
            "calibrator": Calibrator(cal["kind"], cal["params"]), "recipe": json.loads(str(data["recipe"])),
            "fit_seconds": float(data["fit_seconds"])}


def summary(out: Path, y: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray, list[str]]:
    """Pooled figures over the fold files present (each fold its own calibrator and
    threshold), the outer-fold probabilities, which rows they cover, and each fold's choice."""
    from sklearn.metrics import roc_auc_score

    prob, pred, seen, aucs, choices = np.zeros(len(y)), np.zeros(len(y), bool), np.zeros(len(y), bool), [], []
    for path in sorted(out.glob("fold*.npz")):
        f = load_fold(path)
        prob[f["test"]] = f["calibrator"](f["test_dec"])
        pred[f["test"]] = prob[f["test"]] >= f["threshold"]
        seen[f["test"]] = True
        aucs.append(roc_auc_score(y[f["test"]], f["test_dec"]))
        choices.append(f"{path.stem} {f['calibrator'].kind} t={f['threshold']} ({f['fit_seconds']:.0f}s)")
    figures = summarise(y[seen], prob[seen], pred[seen], float(np.mean(aucs)))
    return figures, prob, seen, choices


def ensemble_summary(out: Path, texts: list[str], y: np.ndarray, model: str, outer: int, inner: int = 3) -> dict:
    """Pooled figures of the encoder + token model stack over the fold files present."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    matrices = tc.group_matrices(tc.tokenize(texts, model)[0])
    prob, pred, seen, aucs = np.zeros(len(y)), np.zeros(len(y), bool), np.zeros(len(y), bool), []
    for path in sorted(out.glob("fold*.npz")):
        data = np.load(path)
        test, held, k = data["test"], data["held"], int(path.stem.removeprefix("fold"))
        fit_rows = np.setdiff1d(outer_folds(y, outer)[k][0], held)
        choice = tc.choose(matrices, fit_rows, y, inner)
        x_fit, x_rest = matrices(fit_rows, np.concatenate([held, test]))
        tokens = tc.classifier(choice.c, choice.class_weight).fit(x_fit, y[fit_rows]).decision_function(x_rest)
        stack_held = np.column_stack([data["held_dec"], tokens[: len(held)]])
        stack_test = np.column_stack([data["test_dec"], tokens[len(held):]])
        lr = LogisticRegression(C=1e4).fit(stack_held, y[held])
        threshold = tc.best_threshold(lr.predict_proba(stack_held)[:, 1], y[held])
        prob[test] = lr.predict_proba(stack_test)[:, 1]
        pred[test], seen[test] = prob[test] >= threshold, True
        aucs.append(roc_auc_score(y[test], stack_test @ lr.coef_[0]))
        print(f"{path.stem}: tokens C={choice.c}, weights {lr.coef_[0].round(3).tolist()}, t={threshold}", flush=True)
    return summarise(y[seen], prob[seen], pred[seen], float(np.mean(aucs)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sourcelight.measure.encoder_cv",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="default: $SOURCELIGHT_DATA_DIR/claimbuster/train.json")
    parser.add_argument("--out", type=Path, required=True, help="folder for the fold files")
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--folds", type=int, nargs="+", default=None, help="which outer folds (default: all)")
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--pooling", choices=("mean", "cls"), default="mean")
    parser.add_argument("--previous", action="store_true", help="read the sentence before as a first segment")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--summary", action="store_true", help="only print the figures of the fold files in --out")
    parser.add_argument("--ensemble", action="store_true", help="figures of the encoder stacked with the token model")
    parser.add_argument("--svg", type=Path, default=None, help="write the reliability diagram of the outer-fold probabilities")
    args = parser.parse_args(argv)

    path = args.data or Config.from_env().DATA_DIR / "claimbuster" / "train.json"
    texts, y = tc.load_rows(path)
    args.out.mkdir(parents=True, exist_ok=True)
    if not (args.summary or args.ensemble):
        recipe = te.Recipe(layers=args.layers, pooling=args.pooling, previous=args.previous)
        previous = routes.previous_texts(path)
        folds = outer_folds(y, args.outer)
        for k in args.folds if args.folds is not None else range(args.outer):
            if not (args.out / f"fold{k}.npz").exists():
                run_fold(k, texts, previous, y, recipe, folds, args.out, args.threads)
    if args.ensemble:
        f = ensemble_summary(args.out, texts, y, Config.from_env().MODEL, args.outer)
        choices = ["encoder + tokens, stacked"]
    else:
        f, prob, seen, choices = summary(args.out, y)
        if args.svg:
            args.svg.write_text(reliability_svg(y[seen], prob[seen]), encoding="utf-8")
    print(f"{'F1':>6} {'P':>6} {'R':>6} {'F1@0.5':>7} {'ROC-AUC':>8} {'Brier':>6}")
    print(f"{f['f1']:6.3f} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1_at_0.5']:7.3f} {f['roc_auc']:8.3f} "
          f"{f['brier']:6.3f}  " + "; ".join(choices))
    return 0


if __name__ == "__main__":
    sys.exit(main())
