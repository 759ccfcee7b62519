"""The check-worthiness routes that ``measure.claims`` compares, each a recipe.

A recipe is either *linear*: ``Matrices``, a function (train rows, test rows) -> (X_train,
X_test) whose vectorisers are fitted on the train rows only, scored by the linear SVM
that ``train_claims.choose`` tunes; or *fitted*: ``FitPredict``, a function (train rows,
test rows) -> decision values for the test rows, from a model with hyperparameters fixed
here in advance (only its calibration and threshold are tuned, inside the folds).

- ``baseline``: TF-IDF word 1-2 grams + linear SVM on the raw text (ClaimBuster's SVM recipe);
- ``tokens``: the shipped model's token features (``claim_model.py``);
- ``tokens+nb``: the same, each feature scaled by its naive-Bayes log-count ratio (NBSVM);
- ``tokens+previous``: plus TF-IDF words of the sentence before, where the data has it;
- ``static``: WordLlama's static token embeddings (shipped inside its wheel), mean-pooled;
- ``tokens+static``: the token features and those embeddings in one linear model;
- ``floret``: a floret (fastText) supervised classifier trained here;
- ``textcat``: spaCy's ``textcat`` (bag of words + its own CNN encoder) trained here on
  the service's tokenizer;
- ``tokens+parse``: token features plus tags, entity-abstracted lemmas, dependency pairs
  and pooled tok2vec, which depend on the sentence's neighbours and ``doc.ents``.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from sourcelight.stages.claims import train_claims as tc

FitPredict = Callable[[np.ndarray, np.ndarray], np.ndarray]
# Fixed in advance, never tuned on the folds that are scored.
FLORET_PARAMS = {"epoch": 25, "lr": 0.5, "wordNgrams": 2, "minn": 2, "maxn": 5, "dim": 100, "bucket": 200_000}
TEXTCAT_EPOCHS = 6


def previous_texts(path: Path) -> list[str]:
    """The sentence before each training sentence (by ``sentence_id``), or "" where absent."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    by_id = {r["sentence_id"]: r["text"] for r in rows}
    return [by_id.get(r["sentence_id"] - 1, "") for r in rows]


def word_tfidf(texts: Sequence[str], scale: float = 1.0, **options) -> tc.Matrices:
    """TF-IDF over raw text (word n-grams), fitted on the train rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def matrices(train: np.ndarray, test: np.ndarray):
        vec = TfidfVectorizer(**options).fit([texts[i] for i in train])
        return (vec.transform([texts[i] for i in train]) * scale,
                vec.transform([texts[i] for i in test]) * scale)
    return matrices


def feature_tfidf(lists: Sequence[list[str]]) -> tc.Matrices:
    """TF-IDF over feature lists already extracted per sentence, weighted as the token groups are."""
    def matrices(train: np.ndarray, test: np.ndarray):
        vec = tc.feature_vectorizer()
        return vec.fit_transform([lists[i] for i in train]), vec.transform([lists[i] for i in test])
    return matrices


def dense(vectors: np.ndarray, scale: float) -> tc.Matrices:
    """Dense vectors standardised on the train rows, scaled so the block's norm is about ``scale``."""
    from scipy.sparse import csr_matrix

    def matrices(train: np.ndarray, test: np.ndarray):
        mean, std = vectors[train].mean(0), vectors[train].std(0) + 1e-6
        factor = scale / np.sqrt(vectors.shape[1])
        return (csr_matrix((vectors[train] - mean) / std * factor),
                csr_matrix((vectors[test] - mean) / std * factor))
    return matrices


def stack(*parts: tc.Matrices) -> tc.Matrices:
    """Several feature blocks side by side in one linear model."""
    from scipy.sparse import hstack

    def matrices(train: np.ndarray, test: np.ndarray):
        blocks = [part(train, test) for part in parts]
        return hstack([b[0] for b in blocks]).tocsr(), hstack([b[1] for b in blocks]).tocsr()
    return matrices


def nb_weighted(matrices: tc.Matrices, y: np.ndarray, alpha: float = 1.0) -> tc.Matrices:
    """Each column scaled by log(P(f | check-worthy) / P(f | not)), counted on the train rows."""
    from scipy.sparse import diags

    def weighted(train: np.ndarray, test: np.ndarray):
        x_train, x_test = matrices(train, test)
        positive = np.asarray(x_train[y[train] == 1].sum(0)).ravel() + alpha
        negative = np.asarray(x_train[y[train] == 0].sum(0)).ravel() + alpha
        ratio = diags(np.log(positive / positive.sum()) - np.log(negative / negative.sum()))
        return (x_train @ ratio).tocsr(), (x_test @ ratio).tocsr()
    return weighted


def static_embeddings(texts: Sequence[str]) -> np.ndarray:
    """WordLlama's 256-d static embeddings (mean-pooled, unit length), read from the files
    its wheel ships; downloads are disabled, so nothing is fetched."""
    import wordllama
    from wordllama import WordLlama

    # The wheel keeps weights/ and tokenizers/ in its package folder, laid out as its cache.
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    return model.embed(list(texts), norm=True).astype(np.float64)


def _ngrams(items: Sequence[str], max_n: int) -> list[str]:
    return [" ".join(items[i : i + n]) for n in range(1, max_n + 1) for i in range(len(items) - n + 1)]


def parse_features(texts: Sequence[str], model: str) -> tuple[dict[str, list[list[str]]], np.ndarray]:
    """The previous model's parse groups (tags, abstracted lemmas, dependencies) and pooled tok2vec."""
    import spacy

    nlp = spacy.load(model)
    groups: dict[str, list[list[str]]] = {"p": [], "s": [], "d": []}
    pooled = []
    for doc in nlp.pipe(texts, batch_size=256):
        toks = [t for t in doc if not t.is_space]
        groups["p"].append(_ngrams([t.tag_ for t in toks], 3))
        groups["s"].append(_ngrams(["ENT_" + t.ent_type_ if t.ent_type_ else "NUM" if t.like_num else
                                    "PROPN" if t.pos_ == "PROPN" else t.lemma_.lower() for t in toks], 3))
        groups["d"].append([f"{t.dep_}>{t.head.lemma_.lower() if t.head.pos_ == 'VERB' else t.head.pos_}"
                            for t in toks])
        rows = doc.tensor[[t.i for t in toks]] if toks else np.zeros((1, doc.tensor.shape[1]))
        pooled.append(np.concatenate([rows.mean(0), rows.max(0)]))
    return groups, np.array(pooled)


def floret_classifier(texts: Sequence[str], y: np.ndarray) -> FitPredict:
    """floret supervised (fastText's classifier with hashed character n-grams), log-odds out."""
    import floret

    def clean(text: str) -> str:
        return re.sub(r"\s+", " ", text.lower()).strip()

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as f:
            f.writelines(f"__label__{y[i]} {clean(texts[i])}\n" for i in train)
            f.flush()
            model = floret.train_supervised(input=f.name, seed=tc.SEED, thread=1, verbose=0, **FLORET_PARAMS)
        # The binding's own predict() breaks under numpy 2 (copy=False); its C++ call does not.
        probs = []
        for i in test:
            by_label = {label: p for p, label in model.f.predict(clean(texts[i]) + "\n", 2, 0.0, "strict")}
            probs.append(by_label.get("__label__1", 1.0 - by_label.get("__label__0", 0.5)))
        return _log_odds(np.array(probs))
    return fit_predict


def textcat_classifier(texts: Sequence[str], y: np.ndarray, model: str) -> FitPredict:
    """spaCy's default ``textcat`` (TextCatEnsemble: bag of words + its own CNN encoder) on
    the service model's tokenizer, trained from scratch for a fixed number of epochs."""
    import spacy
    from spacy.training import Example
    from thinc.api import fix_random_seed

    tokenizer = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer",
                                           "ner", "senter"]).tokenizer
    docs = list(tokenizer.pipe(texts))

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        random.seed(tc.SEED)
        fix_random_seed(tc.SEED)
        nlp = spacy.blank("en")
        nlp.tokenizer = tokenizer
        textcat = nlp.add_pipe("textcat")
        for label in ("CHECKWORTHY", "OTHER"):
            textcat.add_label(label)
        examples = [Example.from_dict(docs[i].copy(), {"cats": {"CHECKWORTHY": float(y[i]),
                                                                 "OTHER": 1.0 - y[i]}}) for i in train]
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(TEXTCAT_EPOCHS):
            random.shuffle(examples)
            for batch in spacy.util.minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer, drop=0.2)
        return _log_odds(np.array([d.cats["CHECKWORTHY"] for d in nlp.pipe(docs[i].copy() for i in test)]))
    return fit_predict


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
