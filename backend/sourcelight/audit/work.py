"""What every worker process does, whichever engine started it: load the pipeline once,
then turn articles into output records.

An article's record is ``{"id", "line", "article": {...}, **the /annotate answer}``; a
bad line's is ``{"id", "line", "error": {"code", "message"}}``. The answer is built by
``sourcelight.answer`` exactly as the HTTP API builds it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sourcelight import answer, chunking, language
from sourcelight.audit.reader import Article, BadLine, Item
from sourcelight.pipeline import AnnotateTimeout, Pipeline, PipelineConfig

log = logging.getLogger(__name__)
BATCH = 8  # texts per batched model call: larger batches gain little and delay the progress bar


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs; sent to each worker process (so it must pickle)."""

    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    timeout: float = 20.0  # seconds per article, as SOURCELIGHT_ANNOTATE_TIMEOUT for /annotate
    max_chars: int = 200_000
    offsets: str = "utf16"


_loaded: dict[Settings, Pipeline] = {}
_lock = threading.Lock()  # a Dask worker may run tasks in threads; one pipeline, one at a time


def load(settings: Settings) -> Pipeline:
    """This process's pipeline for ``settings``, loaded on first use (a process initializer or
    a Dask worker plugin calls this once, before any article arrives)."""
    with _lock:
        if settings not in _loaded:
            _loaded[settings] = Pipeline(settings.pipeline)
        return _loaded[settings]


def annotate_items(items: list[Item], settings: Settings) -> list[dict[str, Any]]:
    """Records for ``items``, in order. Nothing here raises for one bad article."""
    pipeline = load(settings)
    records: list[dict[str, Any] | None] = [None] * len(items)
    articles = [(i, item) for i, item in enumerate(items) if isinstance(item, Article)]
    for i, item in enumerate(items):
        if isinstance(item, BadLine):
            records[i] = error_record(item.id, item.line, item.error)
    with _lock:
        for start in range(0, len(articles), BATCH):
            batch = articles[start:start + BATCH]
            for (i, article), result in zip(batch, annotate_batch(pipeline, [a for _, a in batch], settings)):
                records[i] = result
    return records  # type: ignore[return-value]  # every slot is filled above


def annotate_batch(pipeline: Pipeline, articles: list[Article], settings: Settings) -> list[dict[str, Any]]:
    """Records for ``articles``: text the model cannot read is refused as /annotate refuses it."""
    verdicts = [pipeline.read_language(a.text, None) for a in articles]
    items = [(a.text, a.url, a.title) for a, v in zip(articles, verdicts) if v.readable]
    try:
        results = pipeline.annotate_batch(items, timeout=settings.timeout) if items else []
    except Exception:  # a failure in one text must not take its batch mates with it
        log.exception("batch failed; annotating its %d articles one by one", len(items))
        results = [annotate_one(pipeline, item, settings.timeout) for item in items]
    annotated = iter(results)  # one result per readable article, in order
    return [record(a, next(annotated), v.as_dict(None, pipeline.languages), settings) if v.readable
            else unreadable_record(a, v, pipeline.languages) for a, v in zip(articles, verdicts)]


def annotate_one(pipeline: Pipeline, item: tuple[str, str | None, str | None], timeout: float) -> Any:
    try:
        return pipeline.annotate_batch([item], timeout=timeout)[0]
    except Exception as exc:
        log.exception("article failed")
        return exc


def unreadable_record(article: Article, verdict: language.Verdict, model_languages: tuple[str, ...]) -> dict[str, Any]:
    refused = answer.language_refusal(verdict, None, model_languages)
    return error_record(article.id, article.line, refused.as_error())


def record(article: Article, result: dict[str, Any] | Exception, language_record: dict[str, Any],
           settings: Settings) -> dict[str, Any]:
    if isinstance(result, (AnnotateTimeout, chunking.TooManyTokens)):
        return error_record(article.id, article.line, answer.refusal(result, settings.timeout).as_error())
    if isinstance(result, Exception):
        message = f"The pipeline failed on this article ({type(result).__name__}); see the log."
        return error_record(article.id, article.line, {"code": "internal_error", "message": message})
    meta = {"url": article.url, "title": article.title, "published": article.published,
            "outlet": article.outlet, "words": len(article.text.split())}
    return {"id": article.id, "line": article.line, "article": meta,
            **answer.finish(result, article.text, settings.offsets), "language": language_record}


def error_record(ident: str | int | None, line: int, error: dict[str, str]) -> dict[str, Any]:
    return {"id": ident, "line": line, "error": error}
