"""Which claim types apply to a sentence: a small head over the encoder's sentence vector.

The cue rules (``data/claims_cues.txt``, ``claims_patterns.json``) say which types' words a
sentence holds; this head decides, per type, whether the type applies, from two inputs:
vectors the check-worthiness encoder already computes while scoring the sentence (inner
layers' token vectors, mean-pooled; the network declares them as outputs, named in the
head's metadata, so the same ONNX run gives them), and the rules' own findings (which cues
fired, a linked attribution, a hedge) as 0/1 inputs. One logistic regression per type, numpy only. The type
shown is still the first type that applies in ``TYPE_ORDER`` (``component.choose_type``):
the head replaces the rules' "does it fire", not the order.

The head is a folder (``models/types/``): ``head.npz`` (weights, bias) and ``meta.json``
(the types, the inputs' order, the encoder node and pooling, the sha256 of the head file,
of the encoder network it was trained on, of the labels and of the training code, and its
measured figures). Loading checks the head file against its metadata and the encoder's
network against the one the head was trained on: a head fitted to another encoder's
vectors would give confident nonsense, so a mismatch stops the worker at startup.

Trained only on MIT-licensed labels (the article-extraction benchmark's sentences; PolNeAR
states no licence and only measures it), by ``train_type_head.py``. Without the encoder
(``SOURCELIGHT_CLAIM_MODEL=tokens``) there is no vector, and the rules decide alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcelight.stages.claims.claim_model import ClaimModelError, read_folder_meta

DEFAULT_HEAD = Path(__file__).parent / "models" / "types"
HEAD_NAME, META_NAME = "head.npz", "meta.json"
KIND = "claim-type-head"


def cue_inputs(fired: Iterable[str], hedged: bool, cue_types: tuple[str, ...]) -> np.ndarray:
    """The rules' findings as the head reads them: one 0/1 per type's cue, then the hedge."""
    found = set(fired)
    return np.array([float(t in found) for t in cue_types] + [float(hedged)], np.float64)


@dataclass(frozen=True)
class TypeHead:
    types: tuple[str, ...]  # the types it decides, in the stage's order
    cue_types: tuple[str, ...]  # the order of the rules' inputs
    weights: np.ndarray  # (types, dim + cues + 1)
    bias: np.ndarray  # (types,)
    vector_outputs: tuple[str, ...]  # the encoder graph's nodes the vectors are pooled from
    meta: dict

    @property
    def dim(self) -> int:
        return self.weights.shape[1] - len(self.cue_types) - 1

    def vector_logits(self, vectors: np.ndarray) -> np.ndarray:
        """Each type's logit from the pooled vectors alone (one block per node, each scaled
        to unit length), before the rules' inputs: what the encoder's per-sentence cache
        keeps (a few numbers instead of the vectors)."""
        return unit_blocks(vectors, len(self.vector_outputs)) @ self.weights[:, : self.dim].T

    def applies(self, vector_logits: np.ndarray, fired: Iterable[str], hedged: bool) -> frozenset[str]:
        """The types whose probability is at least one half."""
        z = vector_logits + self.weights[:, self.dim :] @ cue_inputs(fired, hedged, self.cue_types) + self.bias
        return frozenset(t for t, zi in zip(self.types, z) if zi >= 0.0)


def unit_blocks(vectors: np.ndarray, blocks: int) -> np.ndarray:
    """``vectors`` cut into ``blocks`` equal column blocks, each row of each block scaled to
    unit length (layers differ in scale; the head reads directions)."""
    parts = np.split(np.asarray(vectors, np.float64), blocks, axis=1)
    return np.hstack([p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-9) for p in parts])


def read_head(folder: Path = DEFAULT_HEAD, encoder_onnx_sha256: str | None = None) -> TypeHead:
    """Load and check a head folder against its metadata and the encoder it will read."""
    from sourcelight.stages.claims.encoder_model import file_sha256

    name = folder.name
    meta = read_folder_meta(folder, "claim type head", META_NAME, "python -m sourcelight.stages.claims.train_type_head")
    if meta.get("kind") != KIND:
        raise ClaimModelError(f"claim type head {name}: {META_NAME} is not a claim type head's")
    path = folder / HEAD_NAME
    if not path.is_file():
        raise ClaimModelError(f"claim type head {name}: {HEAD_NAME} is missing")
    if file_sha256(path) != meta.get("head_sha256"):
        raise ClaimModelError(f"claim type head {name}: {HEAD_NAME} is not the file {META_NAME} was written with "
                              "(sha256 differs): copy the whole folder again or retrain")
    if encoder_onnx_sha256 is not None and meta.get("encoder_onnx_sha256") != encoder_onnx_sha256:
        raise ClaimModelError(f"claim type head {name}: trained on another encoder's vectors (its encoder "
                              f"sha256 {str(meta.get('encoder_onnx_sha256'))[:12]}..., the loaded encoder's "
                              f"{encoder_onnx_sha256[:12]}...): retrain the head on this encoder")
    with np.load(path, allow_pickle=False) as saved:
        weights, bias = saved["weights"].astype(np.float64), saved["bias"].astype(np.float64)
    types, cue_types = tuple(meta["types"]), tuple(meta["cue_types"])
    if weights.shape != (len(types), int(meta["dim"]) + len(cue_types) + 1) or bias.shape != (len(types),):
        raise ClaimModelError(f"claim type head {name}: weights of shape {weights.shape} do not fit {META_NAME}")
    return TypeHead(types, cue_types, weights, bias, tuple(meta["vector_outputs"]), meta)
