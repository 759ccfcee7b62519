"""Check-worthiness from a fine-tuned sentence encoder, scored with onnxruntime (no torch).

The model is a folder written by ``export_encoder.py``: an int8 ONNX network, the
tokenizer it was trained with (``tokenizers``), and ``meta.json`` with the calibrator,
the threshold and the sha256 of each file. Loading re-hashes both files against the
metadata, so a swapped or half-copied model stops the worker at startup with the reason
instead of scoring with the wrong vocabulary.

A sentence is scored from its own text only (its wordpieces, at most the trained
``max_tokens``), so it gets the same score inside an article (``/annotate``) as alone
(``/claims``). That holds only if each sentence also goes through the network alone:
int8 dynamic quantisation scales each layer's activations by the whole batch's range, so
batch mates moved a sentence's logit by up to 0.07 (measured). One run per sentence costs
about a third more than batches of 32 and needs no padding. Each score is kept in a
per-worker cache keyed by the model's fingerprint and the sentence's hash: recurring
sentences (boilerplate, re-annotated pages) cost nothing.

Besides the logit, the network declares what it computes on the way as outputs: each
transformer layer's token vectors and the pooled sentence vector (``inner_output``;
declared when the folder is packaged, ``export_encoder.declare_inner_outputs``). A run
returns only the outputs it asks for, so a scorer asked for ``vector_output`` gets the
logit and the vectors the claim-type head reads (mean-pooled here) from one run, and one
that is not pays nothing for them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from sourcelight.stages.claims.claim_model import Calibrator, ClaimModelError, read_folder_meta
from sourcelight.stages.claims.type_head import META_NAME as HEAD_META, TypeHead, read_head

DEFAULT_ENCODER = Path(__file__).parent / "models" / "encoder"
ONNX_NAME, TOKENIZER_NAME, META_NAME = "model.onnx", "tokenizer.json", "meta.json"
BATCH = 1  # one sentence per run: see the module's docstring
CACHE_SIZE = 20_000


def default_threads() -> int:
    """The cores per gunicorn worker (``SOURCELIGHT_WORKERS``, one per core by default):
    workers share the cores, so each worker's network runs on its share of them."""
    cores = os.cpu_count() or 1
    workers = int(os.environ.get("SOURCELIGHT_WORKERS") or cores)
    return max(1, cores // max(1, workers))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


POOLED_OUTPUT = "/Div_output_0"  # the mean-pooled sentence vector: the input of the linear head


def inner_output(layer: int) -> str:
    """The graph's output holding transformer layer ``layer``'s token vectors (0-based;
    the pooled sentence vector is ``POOLED_OUTPUT``)."""
    return f"/bert/encoder/layer.{layer}/output/LayerNorm/LayerNormalization_output_0"


class OnnxScorer:
    """Logits of an exported encoder for raw sentences (in length-sorted batches, where a
    batch mate may not change a score: fp32 networks, measurement), and with
    ``vector_output`` (the name of the pooled vector's node) the sentence vectors too."""

    def __init__(self, onnx: Path, tokenizer: Path, max_tokens: int, threads: int | None = None,
                 vector_output: str | Sequence[str] | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        nodes = [vector_output] if isinstance(vector_output, str) else list(vector_output or ())
        self.session = ort.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
        missing = set(nodes) - {o.name for o in self.session.get_outputs()}
        if missing:
            raise ClaimModelError(f"claim encoder {Path(onnx).parent.name}: the network declares no output "
                                  f"{sorted(missing)[0]}: package it again (export_encoder.declare_inner_outputs)")
        self.outputs = ["logit", *nodes] if nodes else ["logit"]
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)

    def logits(self, texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
        return self.run(texts, batch)[0]

    def run(self, texts: Sequence[str], batch: int = BATCH) -> tuple[np.ndarray, np.ndarray | None]:
        """(logits, sentence vectors or None) for ``texts``, in their order; with several
        vector nodes, each node's mean-pooled vector side by side."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros(len(texts), np.float64)
        vectors = None
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            feed = _padded([encodings[i] for i in rows])
            result = self.session.run(self.outputs, feed)
            out[rows] = result[0]
            if len(self.outputs) > 1:
                pooled = np.hstack([_mean_pooled(r, feed["attention_mask"]) for r in result[1:]])
                if vectors is None:
                    vectors = np.zeros((len(texts), pooled.shape[1]), np.float32)
                vectors[rows] = pooled
        return out, vectors


def _mean_pooled(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A layer's token vectors (batch, tokens, dim) averaged over the real tokens; a
    pooled output (batch, dim) as it is."""
    if values.ndim == 2:
        return values
    weights = mask[:, :, None].astype(np.float32)
    return (values * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)


def _padded(encodings: list) -> dict[str, np.ndarray]:
    width = max(len(e.ids) for e in encodings)
    arrays = {name: np.zeros((len(encodings), width), np.int64)
              for name in ("input_ids", "attention_mask", "token_type_ids")}
    for row, e in enumerate(encodings):
        n = len(e.ids)
        arrays["input_ids"][row, :n] = e.ids
        arrays["attention_mask"][row, :n] = e.attention_mask
        arrays["token_type_ids"][row, :n] = e.type_ids
    return arrays


def read_meta(folder: Path) -> dict:
    """The metadata, after checking the folder's files are the ones it was written with."""
    name = folder.name
    meta = read_folder_meta(folder, "claim encoder", META_NAME, "sourcelight train-claims --encoder")
    if meta.get("kind") != "encoder" or meta.get("recipe", {}).get("previous"):
        raise ClaimModelError(f"claim encoder {name}: {META_NAME} is not a single-sentence encoder's")
    for file, key in ((ONNX_NAME, "onnx_sha256"), (TOKENIZER_NAME, "tokenizer_sha256")):
        path = folder / file
        if not path.is_file():
            raise ClaimModelError(f"claim encoder {name}: {file} is missing")
        if file_sha256(path) != meta.get(key):
            raise ClaimModelError(f"claim encoder {name}: {file} is not the file {META_NAME} was written "
                                  f"with (sha256 differs): copy the whole folder again or retrain")
    return meta


class EncoderModel:
    """Calibrated check-worthiness of sentences from the fine-tuned encoder, and where a
    claim type head trained on this encoder is loaded (``type_head.py``), each sentence's
    type logits from the same run."""

    def __init__(self, scorer: OnnxScorer, calibrator: Calibrator, meta: dict, head: TypeHead | None = None) -> None:
        self.scorer = scorer
        self.calibrator = calibrator
        self.meta = meta
        self.head = head
        self.threshold = float(meta.get("threshold", 0.5))
        self.fingerprint = meta["onnx_sha256"][:16] + meta["tokenizer_sha256"][:16]
        # sentence key -> (score, the head's vector logits or None)
        self._cache: OrderedDict[bytes, tuple[float, np.ndarray | None]] = OrderedDict()

    @classmethod
    def load(cls, path: str | Path | None = None, spacy_model: dict | None = None,
             threads: int | None = None, head: Path | None = None) -> "EncoderModel":
        """Load and check the folder; ``spacy_model`` is accepted for the token model's
        signature and unused: the encoder brings its own tokenizer. ``head`` is a type head
        folder: loaded (and checked) when it was trained on this encoder's network; a head
        of another network is refused for the shipped encoder and left out for any other
        (a retrained encoder types by the rules until a head is trained on it)."""
        folder = Path(path) if path else DEFAULT_ENCODER
        meta = read_meta(folder)
        type_head = None
        if head is not None and (head / HEAD_META).is_file():
            shipped = folder.resolve() == DEFAULT_ENCODER.resolve()
            head_meta = json.loads((head / HEAD_META).read_text(encoding="utf-8"))
            if shipped or head_meta.get("encoder_onnx_sha256") == meta["onnx_sha256"]:
                type_head = read_head(head, meta["onnx_sha256"])
        scorer = OnnxScorer(folder / ONNX_NAME, folder / TOKENIZER_NAME, int(meta["recipe"]["max_tokens"]), threads,
                            vector_output=type_head.vector_outputs if type_head else None)
        cal = meta["calibrator"]
        return cls(scorer, Calibrator(cal["kind"], cal["params"]), meta, type_head)

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(f"{self.fingerprint}\0{text}".encode("utf-8"), digest_size=16).digest()

    def _run(self, texts: Sequence[str]) -> list[tuple[float, np.ndarray | None]]:
        keys = [self._key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if missing:
            first = {k: t for k, t in zip(keys, texts)}
            logits, vectors = self.scorer.run([first[k] for k in missing])
            probs = self.calibrator(logits)
            typed = self.head.vector_logits(vectors) if self.head is not None and vectors is not None else None
            for row, (key, p) in enumerate(zip(missing, probs)):
                self._cache[key] = (round(float(p), 4), typed[row] if typed is not None else None)
        out = []
        for key in keys:
            self._cache.move_to_end(key)
            out.append(self._cache[key])
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return out

    def score_texts(self, texts: Sequence[str]) -> list[float]:
        return [score for score, _ in self._run(texts)]

    def score(self, spans: Iterable[Span]) -> list[float]:
        """Calibrated check-worthiness, one probability per sentence (its text alone)."""
        return self.score_texts([s.text for s in spans])

    def score_and_type(self, spans: Iterable[Span]) -> tuple[list[float], list[np.ndarray | None]]:
        """Scores, and each sentence's type logits from its vector (None without a head)."""
        both = self._run([s.text for s in spans])
        return [score for score, _ in both], [typed for _, typed in both]
