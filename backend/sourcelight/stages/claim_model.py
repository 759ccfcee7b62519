"""Check-worthiness scoring from the spaCy parse, with numpy only at run time.

A sentence becomes a few groups of string features read off the Doc that is already
parsed (words, character n-grams, tags, entity/number-abstracted lemmas, dependency
pairs). Each group is TF-IDF weighted (sublinear tf, l2 norm). Beside them, the
sentence's rows of ``doc.tensor`` (the pipeline's own tok2vec output, computed by the
parse anyway) are pooled, mean and max, into one dense vector. The score is a linear
model over all of it, mapped to a probability by Platt scaling fitted on
cross-validation folds. ``train_claims.py`` fits the weights with scikit-learn and
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

# Group name -> weight of that group's (l2-normed) vector in the concatenation.
GROUP_SCALES: dict[str, float] = {"w": 1.0, "c": 1.0, "p": 0.5, "s": 1.0, "d": 1.0}
CHAR_NGRAMS = (2, 5)
# Weight of the standardised pooled tensor (divided by the square root of its width).
POOL_SCALE = 0.5


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


def _tags(tokens: Sequence[Token]) -> list[str]:
    return _ngrams([t.tag_ for t in tokens], 3)


def _semantic(t: Token) -> str:
    """A lemma, abstracted where the class matters more than the word."""
    if t.ent_type_:
        return "ENT_" + t.ent_type_
    if t.like_num:
        return "NUM"
    if t.pos_ == "PROPN":
        return "PROPN"
    return t.lemma_.lower()


def _sem(tokens: Sequence[Token]) -> list[str]:
    return _ngrams([_semantic(t) for t in tokens], 3)


def _deps(tokens: Sequence[Token]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        head = t.head
        out.append(f"{t.dep_}>{head.lemma_.lower() if head.pos_ == 'VERB' else head.pos_}")
        word = t.lemma_.lower() if t.pos_ in ("VERB", "AUX", "PRON") else t.pos_
        out.append(f"{word}<{t.dep_}<{head.pos_}")
    n_ents = sum(1 for t in tokens if t.ent_iob_ == "B")
    out += [f"ENTS_{min(n_ents, 4)}", f"LEN_{min(len(tokens) // 5, 8)}"]
    return out


EXTRACTORS: dict[str, Callable[[Sequence[Token]], list[str]]] = {
    "w": _words,
    "c": _chars,
    "p": _tags,
    "s": _sem,
    "d": _deps,
}


def span_features(span: Span) -> dict[str, list[str]]:
    """Every feature group for one sentence (a Span or a whole Doc)."""
    tokens = [t for t in span if not t.is_space]
    return {name: fn(tokens) for name, fn in EXTRACTORS.items()}


def pooled_tensor(tokens: Sequence[Token], width: int) -> np.ndarray:
    """Mean and max of the tokens' tok2vec rows; zeros when the Doc carries no tensor."""
    tensor = tokens[0].doc.tensor if tokens else None
    if tensor is None or tensor.shape[0] == 0 or tensor.shape[1] != width:
        return np.zeros(2 * width)
    rows = tensor[[t.i for t in tokens]]
    return np.concatenate([rows.mean(0), rows.max(0)])


@dataclass
class _Group:
    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # already multiplied by the group's scale


class ClaimModel:
    """Linear check-worthiness model over TF-IDF feature groups; numpy only."""

    CHAR_CACHE_SIZE = 50_000

    def __init__(self, groups: dict[str, _Group], intercept: float, platt: tuple[float, float], meta: dict,
                 pool_coef: np.ndarray | None = None):
        self.groups = groups
        # Weights on the raw pooled tensor (standardisation and scale folded in), or None.
        self.pool_coef = pool_coef
        self.intercept = intercept
        self.platt = platt
        self.meta = meta
        # word -> its character n-gram ids: most words recur, so n-grams are built once.
        self._char_ids: dict[str, list[int]] = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ClaimModel":
        data = np.load(Path(path) if path else DEFAULT_MODEL, allow_pickle=False)
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        groups = {}
        for name in meta["groups"]:
            vocab = bytes(data[f"vocab_{name}"]).decode("utf-8").split("\n")
            groups[name] = _Group(
                {f: i for i, f in enumerate(vocab)},
                data[f"idf_{name}"].astype(np.float64),
                data[f"coef_{name}"].astype(np.float64),
            )
        pool = data["pool_coef"].astype(np.float64) if "pool_coef" in data else None
        return cls(groups, float(meta["intercept"]), tuple(meta["platt"]), meta, pool)

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
        token_lists = [[t for t in s if not t.is_space] for s in spans]
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
        if self.pool_coef is not None:
            width = len(self.pool_coef) // 2
            total += np.array([pooled_tensor(tokens, width) for tokens in token_lists]) @ self.pool_coef
        return total

    def probability(self, decision: np.ndarray | float) -> np.ndarray:
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * np.asarray(decision) + b)))

    def score(self, spans: Iterable[Span]) -> list[float]:
        """Calibrated check-worthiness, one probability per sentence."""
        spans = list(spans)
        if not spans:
            return []
        return [round(float(p), 4) for p in self.probability(self.decisions(spans))]


def save(path: Path, groups: dict[str, tuple[list[str], np.ndarray, np.ndarray]], intercept: float,
         platt: tuple[float, float], meta: dict, pool_coef: np.ndarray | None = None) -> None:
    """Write the artifact: per group vocabulary (newline-joined UTF-8), idf, coef; pooled-tensor weights."""
    arrays: dict[str, np.ndarray] = {}
    if pool_coef is not None:
        arrays["pool_coef"] = np.asarray(pool_coef, dtype=np.float32)
    for name, (vocab, idf, coef) in groups.items():
        assert not any("\n" in f for f in vocab)
        arrays[f"vocab_{name}"] = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
        arrays[f"idf_{name}"] = idf.astype(np.float32)
        arrays[f"coef_{name}"] = coef.astype(np.float32)
    meta = {**meta, "groups": list(groups), "intercept": intercept, "platt": list(platt)}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
