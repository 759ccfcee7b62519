"""Check-worthiness scoring from the sentence's own tokens, with numpy only at run time.

A sentence becomes three groups of string features: word 1-3 grams, character 2-5
grams of each word, and 1-4 grams of an abstracted word shape (numbers, money,
capitalised words, function words kept). All come from lexical attributes of the
tokens (spaCy's tokenizer and its lexeme flags), never from the tagger, parser or
entity recogniser. Those depend on the neighbouring sentences and on what later
stages write into ``doc.ents``, so a parse feature made one sentence score up to 0.40
apart between ``/annotate`` (inside its article, after the entities stage) and
``/claims`` (alone). With token features a sentence scores the same wherever it comes
from, and the same as in training.

Each group is TF-IDF weighted (sublinear tf, l2 norm); the score is a linear model over
all of it, mapped to a probability by a calibrator (Platt or isotonic) fitted on
cross-validated decisions. ``train_claims.py`` fits the weights with scikit-learn and
exports them here as a compressed npz; this module only needs numpy to score.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

DEFAULT_MODEL = Path(__file__).parent / "models" / "claims.npz"
# Bumped whenever an extractor below changes what it emits: a model trained on other
# features is refused at load instead of scoring with the wrong vocabulary.
FEATURES_VERSION = 2

# Group name -> weight of that group's (l2-normed) vector in the concatenation.
GROUP_SCALES: dict[str, float] = {"w": 1.0, "c": 1.0, "x": 0.5}
CHAR_NGRAMS = (2, 5)


class ClaimModelError(RuntimeError):
    """The model file does not fit this code or this spaCy model."""


def read_folder_meta(folder: Path, what: str, meta_name: str, writer: str) -> dict:
    """A model folder's metadata, or a startup error naming ``what`` and the command
    (``writer``) that writes the folder."""
    try:
        return json.loads((folder / meta_name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClaimModelError(f"{what} {folder.name}: no readable {meta_name}; write the folder with "
                              f"`{writer}`") from exc


def _ngrams(items: Sequence[str], max_n: int) -> list[str]:
    out = list(items)
    for n in range(2, max_n + 1):
        out += [" ".join(items[i : i + n]) for i in range(len(items) - n + 1)]
    return out


def _words(tokens: Sequence[Token]) -> list[str]:
    return _ngrams([t.lower_ for t in tokens], 3)


def word_chars(word: str) -> list[str]:
    """Character n-grams of one lower-cased word, padded with spaces at both ends."""
    lo, hi = CHAR_NGRAMS
    w = f" {word} "
    return [w[i : i + n] for n in range(lo, min(hi, len(w)) + 1) for i in range(len(w) - n + 1)]


def _chars(tokens: Sequence[Token]) -> list[str]:
    return [g for t in tokens for g in word_chars(t.lower_)]


def _shape(t: Token, first: bool) -> str:
    """A word class read off the lexeme alone: the same in any context."""
    if t.like_num:
        return "NUM"
    if t.is_currency:
        return "CUR"
    if t.is_stop or t.is_punct:
        return t.lower_
    if t.is_title and not first:
        return "CAP"
    if t.is_upper and len(t) > 1:
        return "UPPER"
    return "W"


def _shapes(tokens: Sequence[Token]) -> list[str]:
    return _ngrams([_shape(t, i == 0) for i, t in enumerate(tokens)], 4)


EXTRACTORS: dict[str, Callable[[Sequence[Token]], list[str]]] = {"w": _words, "c": _chars, "x": _shapes}


def sentence_tokens(span: Span) -> list[Token]:
    return [t for t in span if not t.is_space]


def span_features(span: Span) -> dict[str, list[str]]:
    """Every feature group for one sentence (a Span or a whole Doc)."""
    tokens = sentence_tokens(span)
    return {name: fn(tokens) for name, fn in EXTRACTORS.items()}


@dataclass
class _Group:
    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # already multiplied by the group's scale


@dataclass
class Calibrator:
    """Decision value -> probability: Platt (a, b) or isotonic (x, y knots)."""

    kind: str
    params: list[list[float]]

    def __call__(self, decision: np.ndarray | float) -> np.ndarray:
        d = np.asarray(decision, dtype=np.float64)
        if self.kind == "platt":
            a, b = self.params[0]
            return 1.0 / (1.0 + np.exp(-(a * d + b)))
        if self.kind == "isotonic":
            xs, ys = self.params
            return np.interp(d, xs, ys)
        raise ClaimModelError(f"unknown calibration {self.kind!r}")


class ClaimModel:
    """Linear check-worthiness model over TF-IDF feature groups; numpy only."""

    CHAR_CACHE_SIZE = 50_000

    def __init__(self, groups: dict[str, _Group], intercept: float, calibrator: Calibrator, meta: dict):
        self.groups = groups
        self.intercept = intercept
        self.calibrator = calibrator
        self.meta = meta
        # Decision threshold chosen for F1 in cross-validation (a calibrated probability).
        self.threshold = float(meta.get("threshold", 0.5))
        # word -> its character n-gram ids: most words recur, so n-grams are built once.
        self._char_ids: dict[str, list[int]] = {}

    @classmethod
    def load(cls, path: str | Path | None = None, spacy_model: dict | None = None) -> "ClaimModel":
        """Read the npz; with ``spacy_model`` (the pipeline's ``nlp.meta``) check it was
        trained on the same tokenizer. Any mismatch is a ``ClaimModelError`` naming it."""
        path = Path(path) if path else DEFAULT_MODEL
        try:
            data = np.load(path, allow_pickle=False)
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise ClaimModelError(f"claim model {path.name}: not a model file from `sourcelight train-claims`") \
                from exc
        check_meta(meta, path.name, spacy_model)
        groups = {}
        for name in meta["groups"]:
            vocab = bytes(data[f"vocab_{name}"]).decode("utf-8").split("\n")
            idf, coef = data[f"idf_{name}"].astype(np.float64), data[f"coef_{name}"].astype(np.float64)
            if not len(vocab) == len(idf) == len(coef) == meta["widths"][name]:
                raise ClaimModelError(f"claim model {path.name}: group {name!r} has {len(vocab)} words, "
                                      f"{len(idf)} idf and {len(coef)} weights, metadata says "
                                      f"{meta['widths'][name]}")
            groups[name] = _Group({f: i for i, f in enumerate(vocab)}, idf, coef)
        calibrator = Calibrator(meta["calibration"], meta["calibration_params"])
        return cls(groups, float(meta["intercept"]), calibrator, meta)

    def _ids(self, name: str, tokens: Sequence[Token]) -> list[int]:
        get = self.groups[name].index.get
        if name != "c":
            return [i for f in EXTRACTORS[name](tokens) if (i := get(f)) is not None]
        out: list[int] = []
        for t in tokens:
            word = t.lower_
            ids = self._char_ids.get(word)
            if ids is None:
                ids = [i for f in word_chars(word) if (i := get(f)) is not None]
                if len(self._char_ids) < self.CHAR_CACHE_SIZE:
                    self._char_ids[word] = ids
            out += ids
        return out

    def decisions(self, spans: Sequence[Span]) -> np.ndarray:
        """Linear decision values, vectorised per feature group over all sentences."""
        n = len(spans)
        total = np.full(n, self.intercept)
        token_lists = [sentence_tokens(s) for s in spans]
        for name, group in self.groups.items():
            per_row = [self._ids(name, tokens) for tokens in token_lists]
            rows = np.repeat(np.arange(n), [len(ids) for ids in per_row])
            if not len(rows):
                continue
            ids = np.fromiter((i for ids in per_row for i in ids), dtype=np.int64, count=len(rows))
            size = len(group.idf)
            keys, tf = np.unique(rows * size + ids, return_counts=True)
            r, i = keys // size, keys % size
            vals = (1.0 + np.log(tf)) * group.idf[i]
            norms = np.sqrt(np.bincount(r, vals * vals, minlength=n))
            total += np.bincount(r, vals * group.coef[i], minlength=n) / np.where(norms > 0, norms, 1.0)
        return total

    def probability(self, decision: np.ndarray | float) -> np.ndarray:
        return self.calibrator(decision)

    def score(self, spans: Iterable[Span]) -> list[float]:
        """Calibrated check-worthiness, one probability per sentence."""
        spans = list(spans)
        if not spans:
            return []
        return [round(float(p), 4) for p in self.probability(self.decisions(spans))]


def check_meta(meta: dict, name: str, spacy_model: dict | None) -> None:
    """Refuse a model whose features or tokenizer differ from this code's and pipeline's."""
    if meta.get("features_version") != FEATURES_VERSION or list(meta.get("groups", [])) != list(GROUP_SCALES):
        raise ClaimModelError(
            f"claim model {name} was trained on features version {meta.get('features_version')} "
            f"({meta.get('groups')}); this code extracts version {FEATURES_VERSION} ({list(GROUP_SCALES)}): "
            "retrain it with `sourcelight train-claims`")
    if spacy_model is not None:
        want = meta.get("spacy_model", {})
        have = {"name": f"{spacy_model.get('lang')}_{spacy_model.get('name')}", "version": spacy_model.get("version")}
        if (want.get("name"), want.get("version")) != (have["name"], have["version"]):
            raise ClaimModelError(
                f"claim model {name} was trained with spaCy model {want.get('name')} {want.get('version')}, "
                f"the service loads {have['name']} {have['version']}: retrain it with `sourcelight train-claims "
                "--model ...` or set SOURCELIGHT_MODEL to the model it was trained with")


def save(path: Path, groups: dict[str, tuple[list[str], np.ndarray, np.ndarray]], intercept: float,
         calibrator: Calibrator, meta: dict) -> None:
    """Write the artifact: per group vocabulary (newline-joined UTF-8), idf, coef; JSON metadata."""
    arrays: dict[str, np.ndarray] = {}
    for name, (vocab, idf, coef) in groups.items():
        assert not any("\n" in f for f in vocab)
        arrays[f"vocab_{name}"] = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
        arrays[f"idf_{name}"] = idf.astype(np.float32)
        arrays[f"coef_{name}"] = coef.astype(np.float32)
    meta = {**meta, "features_version": FEATURES_VERSION, "groups": list(groups),
            "widths": {name: len(g[0]) for name, g in groups.items()}, "intercept": intercept,
            "calibration": calibrator.kind, "calibration_params": calibrator.params}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
