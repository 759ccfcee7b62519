"""The check-worthiness model: numpy runtime == scikit-learn training, artifact, speed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from sourcelight.pipeline import Pipeline
from sourcelight.stages import train_claims
from sourcelight.stages.claim_model import (
    DEFAULT_MODEL,
    ClaimModel,
    pooled_tensor,
    span_features,
)
from sourcelight.stages.claims import claim_sentences

SPACY_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def claimbuster_sample(data_dir: Path, n: int) -> list[dict]:
    path = data_dir / "claimbuster" / "train.json"
    if not path.exists():
        pytest.skip(f"no ClaimBuster data at {path}")
    rows = json.loads(path.read_text(encoding="utf-8"))
    rng = np.random.default_rng(0)
    return [rows[i] for i in rng.choice(len(rows), n, replace=False)]


def parse(pipeline: Pipeline, texts: list[str]) -> list:
    skip = [name for name in pipeline.nlp.pipe_names if name.startswith("sl_")]
    return list(pipeline.nlp.pipe(texts, disable=skip))


def test_shipped_artifact_loads_with_cv_figures() -> None:
    model = ClaimModel.load()
    assert DEFAULT_MODEL.stat().st_size < 5_000_000
    assert set(model.groups) == {"w", "c", "p", "s", "d"}
    assert model.pool_coef is not None and len(model.pool_coef) == 192  # mean + max of 96-wide tok2vec
    cv = model.meta["cv"]
    assert cv["roc_auc"] > 0.9 and cv["f1_checkworthy"] > 0.7
    assert model.platt[0] > 0  # higher decision value -> higher probability


def test_numpy_runtime_matches_sklearn(pipeline: Pipeline, data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    rows = claimbuster_sample(data_dir, 300)
    docs = parse(pipeline, [r["text"] for r in rows])
    feats = [span_features(d) for d in docs]
    pooled = np.array([pooled_tensor(list(d), d.tensor.shape[1]) for d in docs])
    y = np.array([r["label"] for r in rows])
    vecs, clf = train_claims.fit_final(feats, y, 0.1, pooled)
    out = tmp_path / "m.npz"
    from sourcelight.stages.claim_model import save

    pool_coef, intercept = train_claims.export_pool(vecs, clf)
    save(out, train_claims.export_groups(vecs, clf), intercept, (1.0, 0.0), {}, pool_coef)
    expected = clf.decision_function(train_claims.transform(vecs, feats, pooled))
    got = ClaimModel.load(out).decisions([d[:] for d in docs])
    np.testing.assert_allclose(got, expected, atol=1e-5)


def test_shipped_model_separates_claimbuster_classes(pipeline: Pipeline, data_dir: Path) -> None:
    """A smoke check on (training) sentences; the unseen-data figures are the CV ones."""
    rows = claimbuster_sample(data_dir, 400)
    docs = parse(pipeline, [r["text"] for r in rows])
    scores = np.array(ClaimModel.load().score([d[:] for d in docs]))
    labels = np.array([r["label"] for r in rows], dtype=bool)
    assert scores[labels].mean() > 0.6 > 0.2 > scores[~labels].mean()


def test_train_claims_main_prints_cv_figures(data_dir: Path, tmp_path: Path, capsys) -> None:
    pytest.importorskip("sklearn")
    data = tmp_path / "small.json"
    data.write_text(json.dumps(claimbuster_sample(data_dir, 240)))
    out = tmp_path / "claims.npz"
    assert train_claims.main(["--data", str(data), "--out", str(out), "--folds", "2"]) == 0
    printed = capsys.readouterr().out
    assert "F1(check-worthy)=" in printed and "ROC-AUC=" in printed
    model = ClaimModel.load(out)
    assert model.meta["sentences"] == 240 and 0 < model.meta["cv"]["roc_auc"] <= 1


def _best_of(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def test_scoring_an_article_adds_little_to_spacy_time(pipeline: Pipeline, seed_text: str) -> None:
    body = seed_text[: seed_text.index("New MEE newsletter")]
    text = "\n".join([body] * 2)  # ~900 words
    nlp = pipeline.nlp
    doc = nlp(text, disable=[n for n in nlp.pipe_names if n.startswith("sl_")])
    claims, furniture = nlp.get_pipe("sl_claims"), nlp.get_pipe("sl_furniture")
    assert len(claim_sentences(furniture(doc), doc.text)) > 20
    bare = _best_of(lambda: nlp(text, disable=[n for n in nlp.pipe_names if n not in SPACY_COMPONENTS]))
    ours = _best_of(lambda: claims(furniture(doc)))
    assert ours <= 0.15 * bare, f"claims+furniture {ours * 1000:.1f} ms vs spaCy {bare * 1000:.1f} ms"
