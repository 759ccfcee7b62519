"""Which check-worthiness model a worker loads (``SOURCELIGHT_CLAIM_MODEL``).

- unset: the default, ``DEFAULT``: the fine-tuned encoder;
- ``encoder``: the shipped fine-tuned encoder (``encoder_model.py``, onnxruntime), the
  better model (nested CV on ClaimBuster: F1 0.80, ROC-AUC 0.96 against 0.74 / 0.94);
- ``tokens``: the shipped token model (``claim_model.py``, numpy only): the cheapest
  pipeline (its claims stage costs about a tenth of the encoder's), for small hosts;
- a path: a ``.npz`` file is a token model, a folder an encoder (both from
  ``sourcelight train-claims``, the folder with ``--encoder``).

An encoder brings the claim type head trained on its vectors (``type_head.py``,
``models/types/``) where there is one; the token model types by the cue rules alone.
"""

from __future__ import annotations

from pathlib import Path

from sourcelight.stages.claims.claim_model import DEFAULT_MODEL as TOKEN_MODEL
from sourcelight.stages.claims.claim_model import ClaimModel
from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER, META_NAME, EncoderModel
from sourcelight.stages.claims.type_head import DEFAULT_HEAD

DEFAULT = "encoder"
SHIPPED = {"tokens": TOKEN_MODEL, "encoder": DEFAULT_ENCODER}


def resolve(path: str | Path | None) -> Path:
    """The model file or folder a setting names."""
    name = str(path) if path else DEFAULT
    return SHIPPED.get(name, Path(name))


def load(path: str | Path | None, spacy_model: dict | None = None) -> ClaimModel | EncoderModel:
    where = resolve(path)
    if where.is_dir():
        return EncoderModel.load(where, head=DEFAULT_HEAD)
    return ClaimModel.load(where, spacy_model=spacy_model)


def fingerprint_file(path: str | Path | None) -> Path:
    """The one file whose bytes identify the model: an encoder's metadata holds the sha256
    of its network and tokenizer, so hashing it stands for hashing the folder."""
    where = resolve(path)
    return where / META_NAME if where.is_dir() else where
