"""The claim type head: its folder's checks, how it decides which types apply, and that the
stage's single type still follows one order whoever decides."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from sourcelight.measure import claim_types
from sourcelight.stages.claims import type_head
from sourcelight.stages.claims.claim_model import ClaimModelError
from sourcelight.stages.claims.component import TYPE_ORDER, choose_type
from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER, EncoderModel, file_sha256, read_meta
from sourcelight.stages.claims.type_head import DEFAULT_HEAD, cue_inputs, read_head

CUE_TYPES = TYPE_ORDER
SHIPPED = (DEFAULT_HEAD / type_head.META_NAME).is_file() and (DEFAULT_ENCODER / "meta.json").is_file()
needs_shipped = pytest.mark.skipif(not SHIPPED, reason="no type head shipped in this checkout")


def head_folder(tmp_path: Path, weights: np.ndarray, bias: np.ndarray, **meta_changes) -> Path:
    folder = tmp_path / "types"
    folder.mkdir()
    np.savez(folder / type_head.HEAD_NAME, weights=weights, bias=bias)
    meta = {"kind": type_head.KIND, "types": list(TYPE_ORDER), "cue_types": list(CUE_TYPES),
            "dim": weights.shape[1] - len(CUE_TYPES) - 1, "vector_outputs": ["/a", "/b"],
            "encoder_onnx_sha256": "e" * 64, "head_sha256": file_sha256(folder / type_head.HEAD_NAME),
            **meta_changes}
    (folder / type_head.META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    return folder


def toy_weights(dim: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Opinion applies where the first vector block points along its first axis; quantity
    where its cue fired; every other type never."""
    n_in = dim + len(CUE_TYPES) + 1
    weights = np.zeros((len(TYPE_ORDER), n_in), np.float32)
    bias = np.full(len(TYPE_ORDER), -1.0, np.float32)
    weights[TYPE_ORDER.index("opinion"), 0] = 3.0
    weights[TYPE_ORDER.index("quantity"), dim + CUE_TYPES.index("quantity")] = 3.0
    return weights, bias


def test_a_head_decides_types_from_the_vector_and_the_cues(tmp_path: Path) -> None:
    head = read_head(head_folder(tmp_path, *toy_weights()), "e" * 64)
    vectors = np.array([[5.0, 0.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0]])  # blocks of 2: scaled apart
    logits = head.vector_logits(vectors)
    assert head.applies(logits[0], set(), False) == {"opinion"}
    assert head.applies(logits[1], {"quantity", "event"}, False) == {"quantity"}
    assert head.applies(logits[1], set(), True) == frozenset()
    # scale does not matter, direction does
    assert np.allclose(head.vector_logits(vectors * 7.0), logits)
    assert cue_inputs({"opinion", "attributed"}, True, CUE_TYPES).tolist() == [
        float(t in ("opinion", "attributed")) for t in CUE_TYPES] + [1.0]


def test_a_head_folder_is_checked_against_its_metadata_and_its_encoder(tmp_path: Path) -> None:
    folder = head_folder(tmp_path, *toy_weights())
    with pytest.raises(ClaimModelError, match="trained on another encoder's vectors"):
        read_head(folder, "f" * 64)
    np.savez(folder / type_head.HEAD_NAME, weights=np.ones((2, 2)), bias=np.ones(2))
    with pytest.raises(ClaimModelError, match="sha256 differs"):
        read_head(folder, "e" * 64)
    shutil.rmtree(folder)
    weights, bias = toy_weights()
    with pytest.raises(ClaimModelError, match="do not fit"):
        read_head(head_folder(tmp_path, weights[:, :-1], bias, dim=4), "e" * 64)
    (tmp_path / "types" / type_head.META_NAME).write_text("{}", encoding="utf-8")
    with pytest.raises(ClaimModelError, match="not a claim type head"):
        read_head(tmp_path / "types")


def test_the_single_type_follows_one_order_whoever_decides() -> None:
    cues = {"event": ["e"], "quantity": ["q"]}
    assert choose_type(cues, False) == ("quantity", ["q"])
    # the head says which apply; the order still picks, and the cue words come along
    assert choose_type(cues, False, frozenset({"event", "opinion"})) == ("opinion", [])
    assert choose_type(cues, False, frozenset({"event", "personal"}))[0] == "personal"
    assert choose_type(cues, True, frozenset({"event"})) == ("event", ["e"])
    assert choose_type(cues, True, frozenset()) == ("other", [])


@needs_shipped
def test_the_shipped_head_reads_the_shipped_encoder_and_learned_only_licensed_labels() -> None:
    meta = json.loads((DEFAULT_HEAD / type_head.META_NAME).read_text(encoding="utf-8"))
    assert meta["encoder_onnx_sha256"] == read_meta(DEFAULT_ENCODER)["onnx_sha256"]
    assert meta["trained_on"] and not any("polnear" in name for name in meta["trained_on"])
    assert sum(p.stat().st_size for p in DEFAULT_HEAD.iterdir()) < 200_000
    model = EncoderModel.load(head=DEFAULT_HEAD)
    assert model.head is not None and tuple(model.head.types) == TYPE_ORDER
    texts = ["This is a disgraceful, shameful decision and a terrible betrayal of voters.",
             "The company sold 4.2 million cars in 2019, up 3 percent."]
    spans_scores = model.score_texts(texts)
    both = model._run(texts)
    assert [s for s, _ in both] == spans_scores  # one sentence, one score, head or not
    assert EncoderModel.load(head=None).score_texts(texts) == spans_scores
    opinion = model.head.applies(both[0][1], {"opinion"}, False)
    quantity = model.head.applies(both[1][1], {"quantity", "event"}, False)
    assert "opinion" in opinion and "quantity" in quantity


@needs_shipped
def test_a_retrained_encoder_types_by_the_rules_and_a_mismatched_shipped_pair_stops(tmp_path: Path) -> None:
    head = tmp_path / "types"
    shutil.copytree(DEFAULT_HEAD, head)
    meta = json.loads((head / type_head.META_NAME).read_text(encoding="utf-8"))
    meta["encoder_onnx_sha256"] = "0" * 64
    (head / type_head.META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ClaimModelError, match="another encoder's vectors"):
        EncoderModel.load(head=head)
    other = tmp_path / "encoder"
    shutil.copytree(DEFAULT_ENCODER, other)
    assert EncoderModel.load(other, head=head).head is None


def test_claim_type_labels_a_head_may_learn_from_are_the_licensed_ones() -> None:
    from sourcelight.stages.claims.train_type_head import train_labels

    labels = train_labels()
    assert len(labels) >= 600 and {lab.corpus for lab in labels} == set(claim_types.LICENSED_SETS)


def test_opinion_threshold_is_the_most_accurate_one_whose_opinions_are_precise(monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcelight.measure import claim_type_head as cth

    # four sentences; opinion logits 2, 0.6, 0.3, 0.1; only the first two are opinions
    gold = [("opinion",), ("opinion",), ("event",), ("event",)]
    labels = [claim_types.Label(f"a{i}", 0, 1, types, False, "extraction") for i, types in enumerate(gold)]
    rows = cth.Rows(labels, [claim_types.Predicted(frozenset(), None, False)] * 4, np.zeros((4, 2)))
    logits = np.full((4, len(cth.CUE_TYPES)), -5.0)
    logits[:, cth.CUE_TYPES.index("opinion")] = [2.0, 0.6, 0.3, 0.1]
    logits[2:, cth.CUE_TYPES.index("event")] = 1.0
    monkeypatch.setattr(cth, "out_of_fold_presence", lambda rows, C: logits)
    # at 0 and 0.25 two of four shown opinions are wrong (P 0.5); at 0.5 both are right
    assert cth.opinion_threshold(rows, 10.0) == 0.5
    assert cth.shown_by_order(logits, 0.5) == ["opinion", "opinion", "event", "event"]
    assert cth.shown_by_order(logits, 0.0) == ["opinion"] * 4
