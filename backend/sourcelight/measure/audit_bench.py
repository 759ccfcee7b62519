"""The audit's throughput (part of ``make bench``): the local engine against bare spaCy.

An archive-sized corpus from the dev data (``archive_texts``: the PolNeAR dev and train
articles, then the article-extraction benchmark's article bodies; 600 by default), so
that start-up is a small part of the whole run and both figures mean something to a
self-hoster sizing an archive run. Bare spaCy is
``nlp(text)`` for each text in this one process, as in the service bench; the audit is
``sourcelight audit --engine local --workers N`` on the same texts as JSON Lines, timed
two ways: the whole run (process start, model loads, writing the output) and its
steady state (from the first finished chunk to the last). Bare spaCy is timed before and
after the audit and averaged, so drifting machine load hits both alike.

On a machine shared with other work, wall-clock rates say as much about the neighbours
as about the engine, so the CPU time per article is measured too (the audit's own
per-worker function, ``work.annotate_items``, in this process, against bare ``nlp``):
``workers / cpu_ratio`` is what the engine reaches with ``workers`` free cores.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sourcelight.config import Config

TARGET = 1.4  # local engine vs bare single-process spaCy, articles per second
ARCHIVE_ARTICLES = 600
CPU_SAMPLE = 100  # articles timed in this process for the CPU-per-article figures


def archive_texts(data_dir: Path, count: int = ARCHIVE_ARTICLES) -> list[str]:
    """``count`` distinct news texts from ``data_dir``, in a fixed order."""
    import gzip

    texts: list[str] = []
    for split in ("dev", "train"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((data_dir / "polnear" / split / "text").glob("*.txt"))]
    truth = data_dir / "article-extraction" / "ground-truth.json"
    if len(texts) < count and truth.exists():
        opener = gzip.open if truth.suffix == ".gz" else open
        with opener(truth, "rt", encoding="utf-8") as handle:
            texts += [page["articleBody"] for _, page in sorted(json.load(handle).items()) if page.get("articleBody")]
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    if len(unique) < count:
        raise SystemExit(f"only {len(unique)} articles under {data_dir}; the audit bench needs {count}")
    return unique[:count]


class Clock:
    """A tqdm stand-in that notes when each batch of finished articles arrived."""

    def __init__(self) -> None:
        self.marks: list[tuple[float, int]] = []
        self.n = 0
        self.total = 0

    def update(self, count: int) -> None:
        self.n += count
        self.marks.append((time.perf_counter(), self.n))

    def steady_rate(self) -> float | None:
        if len(self.marks) < 2:
            return None
        (t0, n0), (t1, n1) = self.marks[0], self.marks[-1]
        return (n1 - n0) / (t1 - t0) if t1 > t0 else None


def bare_rate(nlp: Any, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    return len(texts) / (time.perf_counter() - started)


def cpu_per_article(nlp: Any, texts: list[str], settings: Any) -> tuple[float, float]:
    """CPU seconds per article: bare ``nlp(text)``, and the audit workers' own function."""
    from sourcelight.audit import reader, work

    work.load(settings)
    started = time.process_time()
    for text in texts:
        nlp(text)
    bare = (time.process_time() - started) / len(texts)
    articles = [reader.Article(i, i, text) for i, text in enumerate(texts)]
    started = time.process_time()
    work.annotate_items(articles, settings)
    return bare, (time.process_time() - started) / len(texts)


def audit_settings() -> Any:
    from sourcelight.audit import work
    from sourcelight.web.loader import pipeline_config

    config = Config.from_env()
    return work.Settings(pipeline=pipeline_config(config), timeout=config.ANNOTATE_TIMEOUT,
                         max_chars=config.MAX_TEXT_CHARS)


def audit_rates(texts: list[str], workers: int, tmp: Path) -> tuple[float, float | None]:
    """Articles per second of the local engine: the whole run, and its steady state."""
    from sourcelight.audit import local, run

    source = tmp / "texts.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    settings = audit_settings()
    clock = Clock()
    parts = run.partitions(run.reader.read(source, settings.max_chars), run.PARTITION_SIZE)
    started = time.perf_counter()
    local.run(parts, settings, lambda index, records: None, clock, workers)
    whole = len(texts) / (time.perf_counter() - started)
    return whole, clock.steady_rate()


def measure(texts: list[str], workers: int = 2) -> dict[str, Any]:
    import spacy

    load = os.getloadavg()
    config = Config.from_env()
    nlp = spacy.load(config.MODEL)
    nlp(texts[0])  # warm-up
    bare, whole, steady = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        bare.append(bare_rate(nlp, texts))
        rates = audit_rates(texts, workers, Path(tmp))
        whole.append(rates[0])
        steady.append(rates[1])
        bare.append(bare_rate(nlp, texts))
    cpu_bare, cpu_audit = cpu_per_article(nlp, texts[:CPU_SAMPLE], audit_settings())
    bare_mean = sum(bare) / len(bare)
    return {"texts": len(texts), "workers": workers, "cpus": os.cpu_count(), "load_average": load,
            "bare_articles_per_s": bare, "audit_articles_per_s": whole[0], "audit_steady_articles_per_s": steady[0],
            "ratio_whole": whole[0] / bare_mean, "ratio_steady": (steady[0] or 0) / bare_mean,
            "cpu_s_per_article": {"bare": cpu_bare, "audit": cpu_audit}, "cpu_ratio": cpu_audit / cpu_bare}


def print_table(figures: dict[str, Any]) -> None:
    bare = " / ".join(f"{b:.2f}" for b in figures["bare_articles_per_s"])
    load = ", ".join(f"{x:.1f}" for x in figures["load_average"])
    print(f"\nsourcelight audit, local engine ({figures['workers']} worker processes) vs bare nlp(text) in one "
          f"process, {figures['texts']} texts; load average before: {load}")
    print(f"  bare spaCy, before / after:          {bare} articles/s")
    for name, key, ratio in (("whole run (start-up included)", "audit_articles_per_s", "ratio_whole"),
                             ("steady state", "audit_steady_articles_per_s", "ratio_steady")):
        verdict = "ok" if figures[ratio] >= TARGET else "MISSED"
        print(f"  audit, {name:<29} {figures[key] or 0:.2f} articles/s  ratio {figures[ratio]:.3f}  "
              f">= {TARGET} {verdict}")
    cpu = figures["cpu_s_per_article"]
    print(f"  CPU per article, audit vs bare:      {1000 * cpu['audit']:.0f} ms vs {1000 * cpu['bare']:.0f} ms, "
          f"ratio {figures['cpu_ratio']:.3f}: with {figures['workers']} wholly free cores, at most "
          f"{figures['workers'] / figures['cpu_ratio']:.2f}x bare")
    print(f"  for planning: {1 / cpu['audit']:.1f} articles per second per free core "
          f"({3600 / cpu['audit']:,.0f} an hour)")


def main(data_dir: Path, workers: int = 2, count: int = ARCHIVE_ARTICLES) -> dict[str, Any]:
    texts = archive_texts(data_dir, count)
    print(f"audit throughput: bare spaCy and the local engine on {len(texts)} articles ...", flush=True)
    figures = measure(texts, workers)
    print_table(figures)
    return figures
