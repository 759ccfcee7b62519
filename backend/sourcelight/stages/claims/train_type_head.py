"""Train the claim type head (``type_head.py``) and write its folder.

    python -m sourcelight.stages.claims.train_type_head [--out DIR] [--layer N] [--C C] [--data-dir DIR]

Reads only the MIT-licensed labels (``tests/data/extraction_claim_types.tsv`` and
``extraction2_claim_types.tsv``: sentences of the article-extraction benchmark, texts from
``../shared/data``); PolNeAR's labels never train it (no licence stated), they measure it
(``python -m sourcelight.measure.claim_types``). For each label: the cue rules' findings on
the claim sentence it matches (the pipeline run with the rules alone) and the shipped
encoder's mean-pooled vectors of that sentence at ``--layers``; then one L2-regularised
logistic regression per type (does the type apply?), opinion's threshold chosen out of fold
(``measure.claim_type_head.opinion_threshold``). The layers and C are the ones
``measure.claim_type_head`` chose by cross-validation on the develop halves. Deterministic
(lbfgs from zeros). Needs scikit-learn (the dev extra) and the spaCy model; serving needs
neither.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from sourcelight.measure import claim_type_head as cth
from sourcelight.measure import claim_types as ct
from sourcelight.stages.claims import type_head as th
from sourcelight.stages.claims.component import TYPE_ORDER
from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER, file_sha256, read_meta

LAYERS, C = cth.SHIPPED_LAYERS, cth.PRESENCE_C  # both chosen in measure.claim_type_head (see there)


def train_labels() -> list[ct.Label]:
    """The labels a shipped head may learn from: the MIT benchmark's, never PolNeAR's."""
    labels = [lab for lab in ct.read_all_labels() if lab.corpus in ct.LICENSED_SETS]
    if any(lab.corpus == "polnear" for lab in labels):
        raise ValueError("PolNeAR labels may measure the head, never train it")
    return labels


def fit(rows: cth.Rows, C: float) -> tuple[np.ndarray, np.ndarray, float]:
    """(weights, bias, opinion threshold), one row per type of ``TYPE_ORDER``; opinion's
    threshold (chosen out of fold, ``cth.opinion_threshold``) is taken off its bias, so the
    head still says "applies" at logit 0 for every type."""
    weights, bias = [], []
    for name, model in zip(TYPE_ORDER, cth.per_type_presence(rows, C, TYPE_ORDER).values()):
        if model is None:
            raise ValueError(f"no label has type {name} (or every label has it): cannot fit its head")
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    threshold = cth.opinion_threshold(rows, C)
    bias[TYPE_ORDER.index("opinion")] -= threshold
    return np.array(weights, np.float32), np.array(bias, np.float32), threshold


def write_folder(out: Path, weights: np.ndarray, bias: np.ndarray, layers: tuple[int, ...], C: float,
                 opinion_threshold: float, n: int, figures: dict | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / th.HEAD_NAME, weights=weights, bias=bias)
    code = hashlib.sha256()
    for path in (Path(__file__), Path(th.__file__), Path(cth.__file__)):
        code.update(path.read_bytes())
    labels = hashlib.sha256(ct.EXTRACTION_LABELS.read_bytes() + ct.EXTRACTION2_LABELS.read_bytes()).hexdigest()
    meta = {
        "kind": th.KIND,
        "types": list(TYPE_ORDER),
        "cue_types": list(cth.CUE_TYPES),
        "inputs": "each layer's mean-pooled vector scaled to unit length, side by side, then 0/1 per cue "
                  "type (attributed includes a linked attribution), then hedge",
        "dim": int(weights.shape[1] - len(cth.CUE_TYPES) - 1),
        "vector_outputs": [cth.layer_output(i) for i in layers],
        "layers": list(layers),
        "pooling": "mean over the sentence's wordpieces",
        "recipe": {"model": "one logistic regression per type (scikit-learn lbfgs, L2)", "C": C,
                   "opinion_threshold_logit": opinion_threshold,
                   "opinion_threshold": "taken off opinion's bias; chosen out of fold (5 folds grouped by article) "
                                        f"for the best strict accuracy with opinion precision >= "
                                        f"{cth.OPINION_MIN_PRECISION}"},
        "trained_on": ["extraction_claim_types.tsv", "extraction2_claim_types.tsv"],
        "sentences": n,
        "labels_sha256": labels,
        "code_sha256": code.hexdigest(),
        "encoder_onnx_sha256": read_meta(DEFAULT_ENCODER)["onnx_sha256"],
        "head_sha256": file_sha256(out / th.HEAD_NAME),
        "figures": figures or {},
    }
    (out / th.META_NAME).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=th.DEFAULT_HEAD)
    parser.add_argument("--layers", default=",".join(map(str, LAYERS)))
    parser.add_argument("--C", type=float, default=C)
    parser.add_argument("--data-dir", type=Path, default=ct.DEFAULT_DATA)
    parser.add_argument("--figures", type=Path, default=None, help="a JSON file of measured figures to keep in meta")
    args = parser.parse_args(argv)
    layers = tuple(int(i) for i in args.layers.split(","))
    rows = cth.collect(args.data_dir, None, layers, train_labels())
    weights, bias, threshold = fit(rows, args.C)
    figures = json.loads(args.figures.read_text(encoding="utf-8")) if args.figures else None
    meta = write_folder(args.out, weights, bias, layers, args.C, threshold, len(rows.labels), figures)
    print(f"wrote {args.out}: {len(rows.labels)} sentences, opinion threshold (logit) {threshold}, "
          f"head sha256 {meta['head_sha256'][:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
