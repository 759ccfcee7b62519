"""The claim encoder's run-time side: which model a setting loads, the folder's load
checks, the length-bucketed training batches, and (once shipped) the encoder's scores."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from sourcelight.pipeline import PipelineConfig, build_nlp, fingerprint
from sourcelight.stages.claims import encoder_model, scorers
from sourcelight.stages.claims.claim_model import DEFAULT_MODEL, ClaimModel, ClaimModelError
from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER, POOLED_OUTPUT, EncoderModel, inner_output, read_meta
from sourcelight.stages.claims.train_encoder import length_batches

SHIPPED = (DEFAULT_ENCODER / "meta.json").is_file()
needs_shipped = pytest.mark.skipif(not SHIPPED, reason="no encoder folder shipped in this checkout")


def fake_folder(tmp_path: Path, **meta_changes) -> Path:
    """A folder whose metadata names its files' real sha256 (the network is junk bytes:
    the checks run before onnxruntime reads it)."""
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"not a network")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    meta = {"kind": "encoder", "recipe": {"max_tokens": 64, "previous": False},
            "calibrator": {"kind": "platt", "params": [[1.0, 0.0]]}, "threshold": 0.5,
            "onnx_sha256": hashlib.sha256(b"not a network").hexdigest(),
            "tokenizer_sha256": hashlib.sha256(b"{}").hexdigest(), **meta_changes}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_a_folder_whose_files_match_its_metadata_passes_the_checks(tmp_path: Path) -> None:
    assert read_meta(fake_folder(tmp_path))["kind"] == "encoder"


def test_a_changed_tokenizer_is_refused_with_the_reason(tmp_path: Path) -> None:
    folder = fake_folder(tmp_path)
    (folder / "tokenizer.json").write_text('{"changed": 1}', encoding="utf-8")
    with pytest.raises(ClaimModelError, match="tokenizer.json is not the file meta.json was written with"):
        read_meta(folder)


def test_a_missing_network_or_metadata_is_refused(tmp_path: Path) -> None:
    folder = fake_folder(tmp_path)
    (folder / "model.onnx").unlink()
    with pytest.raises(ClaimModelError, match="model.onnx is missing"):
        read_meta(folder)
    (folder / "meta.json").unlink()
    with pytest.raises(ClaimModelError, match="train-claims --encoder"):
        read_meta(folder)


def test_an_encoder_that_reads_the_sentence_before_is_refused(tmp_path: Path) -> None:
    # One sentence, one score: /claims has no sentence before, so such a model would differ.
    with pytest.raises(ClaimModelError, match="single-sentence"):
        read_meta(fake_folder(tmp_path, recipe={"max_tokens": 64, "previous": True}))


def test_settings_name_the_shipped_models_or_a_path(tmp_path: Path) -> None:
    assert scorers.resolve("tokens") == DEFAULT_MODEL
    assert scorers.resolve("encoder") == DEFAULT_ENCODER
    assert scorers.resolve(tmp_path / "x.npz") == tmp_path / "x.npz"
    assert isinstance(scorers.load("tokens"), ClaimModel)
    folder = fake_folder(tmp_path)
    assert scorers.fingerprint_file(folder) == folder / "meta.json"


def test_each_worker_scores_on_its_share_of_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_model.os, "cpu_count", lambda: 4)
    monkeypatch.delenv("SOURCELIGHT_WORKERS", raising=False)
    assert encoder_model.default_threads() == 1  # gunicorn's default: one worker per core
    monkeypatch.setenv("SOURCELIGHT_WORKERS", "2")
    assert encoder_model.default_threads() == 2
    monkeypatch.setenv("SOURCELIGHT_WORKERS", "8")
    assert encoder_model.default_threads() == 1


def test_length_batches_cover_every_row_once_with_little_padding() -> None:
    rng = np.random.RandomState(0)
    lengths = rng.randint(5, 80, size=2000)
    batches = length_batches(lengths, 32, np.random.RandomState(1))
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(2000))
    assert max(len(b) for b in batches) == 32

    def padding_efficiency(groups: list[np.ndarray]) -> float:
        return sum(lengths[g].sum() for g in groups) / sum(lengths[g].max() * len(g) for g in groups)

    shuffled = rng.permutation(2000)
    random_batches = [shuffled[i : i + 32] for i in range(0, 2000, 32)]
    assert padding_efficiency(batches) > 0.9 > padding_efficiency(random_batches)
    again = length_batches(lengths, 32, np.random.RandomState(1))
    assert all((a == b).all() for a, b in zip(batches, again))  # seeded


@needs_shipped
def test_shipped_encoder_loads_small_with_its_provenance() -> None:
    model = EncoderModel.load()
    size = sum(p.stat().st_size for p in DEFAULT_ENCODER.iterdir())
    assert size <= 30_000_000
    meta = model.meta
    assert len(meta["data_sha256"]) == len(meta["code_sha256"]) == 64
    assert meta["base"]["safetensors_sha256"] == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    assert 0.05 <= model.threshold <= 0.95
    assert "Apache License" in (DEFAULT_ENCODER / "NOTICE").read_text(encoding="utf-8")


@needs_shipped
def test_shipped_encoder_separates_claims_from_chatter_and_caches() -> None:
    model = EncoderModel.load()
    checkable = ["Unemployment fell to 4.1 percent last year, the lowest since 2000.",
                 "The state spent $2.3 billion on prisons in 2015, twice what it spent in 1990."]
    chatter = ["Thank you very much, it is great to be here tonight.", "Well, I appreciate that question."]
    scores = model.score_texts(checkable + chatter)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores[:2]) > max(scores[2:])
    # the cache answers repeats with the same score, whatever their neighbours
    assert model.score_texts([chatter[0], checkable[1]]) == [scores[2], scores[1]]


@needs_shipped
def test_a_tampered_shipped_folder_stops_the_pipeline_at_startup(tmp_path: Path) -> None:
    copy = tmp_path / "encoder"
    shutil.copytree(DEFAULT_ENCODER, copy)
    with open(copy / "tokenizer.json", "a", encoding="utf-8") as f:
        f.write(" ")
    with pytest.raises(ClaimModelError, match="sha256 differs"):
        build_nlp(PipelineConfig(claim_model=copy))
    assert fingerprint(PipelineConfig(claim_model="encoder")) != fingerprint(PipelineConfig(claim_model="tokens"))


@needs_shipped
def test_exposing_inner_layers_keeps_the_logit_and_gives_pooled_vectors() -> None:
    from sourcelight.stages.claims.encoder_model import ONNX_NAME, TOKENIZER_NAME, OnnxScorer

    texts = ["The plan would be a disaster.", "Unemployment fell to 3.5 percent in May, officials said."]
    plain = OnnxScorer(DEFAULT_ENCODER / ONNX_NAME, DEFAULT_ENCODER / TOKENIZER_NAME, 64, 1)
    nodes = [inner_output(2), POOLED_OUTPUT]
    exposed = OnnxScorer(DEFAULT_ENCODER / ONNX_NAME, DEFAULT_ENCODER / TOKENIZER_NAME, 64, 1, vector_output=nodes)
    logits, vectors = exposed.run(texts)
    assert np.array_equal(logits, plain.logits(texts))
    assert vectors.shape == (2, 768) and np.isfinite(vectors).all()
    assert not np.allclose(vectors[0], vectors[1])
    assert plain.run(texts)[1] is None


@needs_shipped
def test_a_vector_the_network_does_not_declare_is_a_clear_error() -> None:
    from sourcelight.stages.claims.encoder_model import ONNX_NAME, TOKENIZER_NAME, OnnxScorer

    with pytest.raises(ClaimModelError, match="declares no output /bert/encoder/layer.9"):
        OnnxScorer(DEFAULT_ENCODER / ONNX_NAME, DEFAULT_ENCODER / TOKENIZER_NAME, 64, 1,
                   vector_output=inner_output(9))
