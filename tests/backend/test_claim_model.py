"""The check-worthiness model: numpy runtime == scikit-learn training, the load checks,
reproducible training, calibration and threshold selection."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sourcelight.pipeline import Pipeline, PipelineConfig, build_nlp
from sourcelight.stages.claims import claim_model, train_claims
from sourcelight.stages.claims.claim_model import (
    DEFAULT_MODEL,
    Calibrator,
    ClaimModel,
    ClaimModelError,
    save,
    span_features,
)


def claimbuster_sample(data_dir: Path, n: int) -> list[dict]:
    path = data_dir / "claimbuster" / "train.json"
    if not path.exists():
        pytest.skip(f"no ClaimBuster data at {path}")
    rows = json.loads(path.read_text(encoding="utf-8"))
    rng = np.random.default_rng(0)
    return [rows[i] for i in rng.choice(len(rows), n, replace=False)]


def tokens(pipeline: Pipeline, texts: list[str]) -> list:
    return [pipeline.nlp.make_doc(t) for t in texts]


def test_shipped_artifact_loads_with_its_provenance(pipeline: Pipeline) -> None:
    model = ClaimModel.load(spacy_model=pipeline.nlp.meta)
    assert DEFAULT_MODEL.stat().st_size < 30_000_000
    assert set(model.groups) == set(claim_model.GROUP_SCALES)
    meta = model.meta
    assert len(meta["data_sha256"]) == len(meta["code_sha256"]) == 64
    spacy_meta = pipeline.nlp.meta
    assert meta["spacy_model"] == {"name": f"{spacy_meta['lang']}_{spacy_meta['name']}",
                                   "version": spacy_meta["version"]}
    assert meta["cv"]["roc_auc"] > 0.9 and meta["cv"]["f1_checkworthy"] > 0.7
    assert 0.05 <= model.threshold <= 0.95
    assert model.calibrator.kind in ("platt", "isotonic")


def _small_model(pipeline: Pipeline, data_dir: Path, tmp_path: Path, n: int = 300):
    rows = claimbuster_sample(data_dir, n)
    docs = tokens(pipeline, [r["text"] for r in rows])
    feats = [span_features(d[:]) for d in docs]
    y = np.array([r["label"] for r in rows])
    vecs = train_claims.fit_vectorizers(feats)
    clf = train_claims.classifier(0.1, None).fit(train_claims.transform(vecs, feats), y)
    out = tmp_path / "m.npz"
    spacy_meta = pipeline.nlp.meta
    meta = {"spacy_model": {"name": f"{spacy_meta['lang']}_{spacy_meta['name']}", "version": spacy_meta["version"]}}
    save(out, train_claims.export_groups(vecs, clf), float(clf.intercept_[0]), Calibrator("platt", [[1.0, 0.0]]), meta)
    return out, docs, feats, vecs, clf


def test_numpy_runtime_matches_sklearn(pipeline: Pipeline, data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    out, docs, feats, vecs, clf = _small_model(pipeline, data_dir, tmp_path)
    expected = clf.decision_function(train_claims.transform(vecs, feats))
    got = ClaimModel.load(out, spacy_model=pipeline.nlp.meta).decisions([d[:] for d in docs])
    np.testing.assert_allclose(got, expected, atol=1e-5)


def _rewrite_meta(src: Path, dst: Path, **changes) -> None:
    data = dict(np.load(src, allow_pickle=False))
    meta = json.loads(bytes(data["meta"]).decode("utf-8"))
    meta.update(changes)
    data["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(dst, **data)


def test_a_model_for_another_spacy_model_is_refused(pipeline: Pipeline, tmp_path: Path) -> None:
    other = tmp_path / "other.npz"
    _rewrite_meta(DEFAULT_MODEL, other, spacy_model={"name": "en_core_web_lg", "version": "3.8.0"})
    with pytest.raises(ClaimModelError, match="en_core_web_lg 3.8.0.*en_core_web_sm"):
        ClaimModel.load(other, spacy_model=pipeline.nlp.meta)
    # ... and the service does not start with it: the error reaches whoever builds the pipeline.
    with pytest.raises(ClaimModelError, match="retrain"):
        build_nlp(PipelineConfig(claim_model=other))


def test_a_model_with_other_features_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.npz"
    _rewrite_meta(DEFAULT_MODEL, old, features_version=1)
    with pytest.raises(ClaimModelError, match="features version 1"):
        ClaimModel.load(old)


def test_a_model_whose_widths_disagree_is_refused(tmp_path: Path) -> None:
    data = dict(np.load(DEFAULT_MODEL, allow_pickle=False))
    data["coef_w"] = data["coef_w"][:-1]  # one weight short: never silently misaligned
    cut = tmp_path / "cut.npz"
    np.savez_compressed(cut, **data)
    with pytest.raises(ClaimModelError, match="group 'w'"):
        ClaimModel.load(cut)


def test_a_file_that_is_no_model_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a model")
    with pytest.raises(ClaimModelError, match="not a model file"):
        ClaimModel.load(junk)


def test_shipped_model_separates_claimbuster_classes(pipeline: Pipeline, data_dir: Path) -> None:
    """A smoke check on (training) sentences; the unseen-data figures are the nested-CV ones."""
    rows = claimbuster_sample(data_dir, 400)
    docs = tokens(pipeline, [r["text"] for r in rows])
    scores = np.array(ClaimModel.load().score([d[:] for d in docs]))
    labels = np.array([r["label"] for r in rows], dtype=bool)
    assert scores[labels].mean() > 0.6 > 0.2 > scores[~labels].mean()


def test_training_is_reproducible_and_records_provenance(data_dir: Path, tmp_path: Path, capsys) -> None:
    pytest.importorskip("sklearn")
    data = tmp_path / "small.json"
    data.write_text(json.dumps(claimbuster_sample(data_dir, 240)))
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    assert train_claims.main(["--data", str(data), "--out", str(first), "--folds", "2"]) == 0
    printed = capsys.readouterr().out
    assert "F1(check-worthy)=" in printed and "ROC-AUC=" in printed
    assert train_claims.main(["--data", str(data), "--out", str(second), "--folds", "2"]) == 0
    a, b = np.load(first), np.load(second)
    assert sorted(a.files) == sorted(b.files)
    for name in a.files:
        np.testing.assert_array_equal(a[name], b[name])
    meta = ClaimModel.load(first).meta
    assert meta["sentences"] == 240 and 0 < meta["cv"]["roc_auc"] <= 1
    assert meta["data_sha256"] == train_claims.sha256(data)
    assert meta["code_sha256"] == train_claims.code_sha256()


def test_calibrators_map_decisions_to_probabilities() -> None:
    pytest.importorskip("sklearn")
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 2000)
    decisions = y * 2.0 - 1.0 + rng.normal(0, 1.0, len(y))
    for kind in ("platt", "isotonic"):
        calibrator = train_claims.fit_calibrator(kind, decisions, y)
        prob = calibrator(np.array([-3.0, 0.0, 3.0]))
        assert 0 <= prob[0] < prob[1] < prob[2] <= 1, kind
        # Calibrated: in the middle, about as many positives as predicted.
        middle = np.abs(decisions) < 0.25
        assert abs(calibrator(decisions[middle]).mean() - y[middle].mean()) < 0.1, kind
    assert train_claims.choose_calibration(decisions, y) in ("platt", "isotonic")


def test_threshold_is_the_f1_maximum() -> None:
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    prob = np.array([0.9, 0.6, 0.32, 0.31, 0.2, 0.1, 0.1, 0.05])
    # 0.32 keeps all three positives and no negative: F1 1.0; 0.5 would lose one.
    assert train_claims.best_threshold(prob, y) == pytest.approx(0.32)
