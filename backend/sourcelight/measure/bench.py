"""``sourcelight bench``: the service against bare spaCy on the same texts, as ratios.

Texts: the seed article and the PolNeAR dev articles. The service runs as users run
it (``sourcelight serve``, gunicorn, N workers, loopback HTTP); bare spaCy is
``spacy.load(model)(text)`` in this one process. Cold requests defeat the cache
with a distinct url each time; the cached figure repeats an identical request.
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sourcelight.config import Config
from sourcelight.measure import degenerate
from sourcelight.measure.processes import ServedBackend

ROOT = Path(__file__).resolve().parents[3]
PAINT_JSON = Path("var/bench/paint.json")
LONG_TASKS_JSON = Path("var/bench/longtasks.json")  # written by the e2e tests, per page
LONG_TASK_TARGET_MS = 50.0
READING_JSON = Path("var/bench/reading.json")  # written by tests/e2e/test_reading_view.py
RESULT_JSON = Path("var/bench/backend.json")
AUDIT_JSON = Path("var/bench/audit.json")
# cold and claims: the budgets of the fine-tuned encoder (issue 20); the token model met 1.5 and 0.15.
TARGETS = {"cold": 2.0, "cached": 0.05, "throughput": 1.6, "claims": 0.6}


def load_texts(data_dir: Path, limit: int | None = None) -> list[str]:
    texts = [(ROOT / "seeds" / "albu-kamal.txt").read_text(encoding="utf-8")]
    dev = sorted((data_dir / "polnear" / "dev" / "text").glob("*.txt"))
    texts += [p.read_text(encoding="utf-8") for p in dev]
    return texts[:limit] if limit else texts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


ERRORS: list[str] = []  # non-200 answers seen during the run; reported, never hidden


def post(base: str, text: str, url: str) -> float:
    """One /annotate call; its wall time in seconds (non-200 answers are recorded in ERRORS)."""
    body = json.dumps({"text": text, "url": url}).encode("utf-8")
    request = urllib.request.Request(base + "/api/v1/annotate", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        ERRORS.append(f"{exc.code} {exc.read()[:200]!r} for text starting {text[:40]!r}")
    return time.perf_counter() - started


def post_cached(base: str, text: str, url: str) -> tuple[float, bool]:
    """One /annotate call: its wall time, and whether the answer came from the cache."""
    body = json.dumps({"text": text, "url": url}).encode("utf-8")
    request = urllib.request.Request(base + "/api/v1/annotate", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        cached = json.loads(response.read()).get("cached") is True
    return time.perf_counter() - started, cached


def fresh_url() -> str:
    return f"https://bench.invalid/{uuid.uuid4().hex}"


def time_nlp(nlp: Any, text: str) -> float:
    started = time.perf_counter()
    nlp(text)
    return time.perf_counter() - started


def _parallel_share(model: str, texts: list[str], barrier: Any) -> float:
    import spacy

    nlp = spacy.load(model)
    nlp(texts[0])
    barrier.wait()
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    return time.perf_counter() - started


def bare_parallel_seconds(model: str, texts: list[str], processes: int) -> float:
    """Wall time for ``processes`` bare spaCy processes to share the texts: the machine's
    own parallel ceiling (on a busy machine two processes may not get two cores)."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(processes) as pool:
        barrier = manager.Barrier(processes)
        shares = [texts[i::processes] for i in range(processes)]
        return max(pool.starmap(_parallel_share, [(model, share, barrier) for share in shares]))


def claims_share(model: str, texts: list[str]) -> dict[str, float]:
    """The claims stage's time against bare spaCy's on the same texts, in one process.

    Bare spaCy runs alone; the claims stage runs on the Doc that every earlier stage
    has processed, as in a request (its cost is the model's scoring plus the cue rules).
    """
    from sourcelight.pipeline import PipelineConfig, build_nlp

    nlp = build_nlp(PipelineConfig(model=model))
    ours = [name for name in nlp.pipe_names if name.startswith("sl_")]
    from_claims = nlp.pipe_names[nlp.pipe_names.index("sl_claims"):]
    stage = nlp.get_pipe("sl_claims")
    bare = claims = 0.0
    for text in texts:
        started = time.perf_counter()
        nlp(text, disable=ours)
        bare += time.perf_counter() - started
        # The request's Doc up to the claims stage, run again: some stages (sl_paragraphs)
        # sit before the parser, so they cannot be applied to the bare Doc afterwards.
        doc = nlp(text, disable=from_claims)
        started = time.perf_counter()
        stage(doc)
        claims += time.perf_counter() - started
    return {"claims_ms": claims * 1000 / len(texts), "bare_ms": bare * 1000 / len(texts), "ratio": claims / bare}


def measure(base: str, texts: list[str], clients: int, nlp: Any, workers: int) -> dict[str, Any]:
    """Bare and served alternate text by text, so drifting machine load hits both alike."""
    nlp(texts[0])  # warm-up, as the server's workers are warm
    bare, cold = [], []
    for text in texts:
        bare.append(time_nlp(nlp, text))
        cold.append(post(base, text, fresh_url()))
    repeat_url = fresh_url()
    post(base, texts[0], repeat_url)  # fill the cache (whichever worker answers)
    # Repeats from as many clients as workers, so that every worker answers some of them:
    # the cache is shared by the host's workers, so each must be a hit.
    with ThreadPoolExecutor(workers) as pool:
        repeats = list(pool.map(lambda _: post_cached(base, texts[0], repeat_url), range(30)))
    cached = [seconds for seconds, _ in repeats]
    hits = sum(hit for _, hit in repeats)
    bare_seed = statistics.median(time_nlp(nlp, texts[0]) for _ in range(5))
    bare_again = [time_nlp(nlp, text) for text in texts]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda text: post(base, text, fresh_url()), texts))
    concurrent_seconds = time.perf_counter() - started
    return {"bare": bare, "bare_again": bare_again, "bare_seed": bare_seed, "cold": cold,
            "cached": cached, "cache_hits": hits, "concurrent_seconds": concurrent_seconds}


DEGENERATE_CHARS = 20_000


def measure_degenerate(base: str, nlp: Any) -> dict[str, dict[str, float]]:
    """Each degenerate family (``measure/degenerate.py``) at 20,000 characters: the served
    cold /annotate against bare spaCy on the same text."""
    out = {}
    for family in degenerate.FAMILIES:
        text = degenerate.sized(family, DEGENERATE_CHARS)
        bare = time_nlp(nlp, text)
        served = post(base, text, fresh_url())
        out[family] = {"bare_ms": bare * 1000, "served_ms": served * 1000, "ratio": served / bare}
    return out


def cache_kb_per_1000(directory: Path) -> float | None:
    """Disk the annotation cache takes per 1,000 stored articles (entries of this run)."""
    import diskcache

    if not directory.is_dir():
        return None
    with diskcache.Cache(str(directory)) as cache:
        entries = len(cache)
    size = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
    return size / 1024 / entries * 1000 if entries else None


def report(texts: list[str], served: dict[str, Any], rss: list[float], workers: int, clients: int) -> dict[str, Any]:
    bare = served["bare"]
    bare_median = statistics.median(bare)
    bare_seed = served["bare_seed"]
    figures = {
        "texts": len(texts),
        "words_median": statistics.median(len(t.split()) for t in texts),
        "bare_ms": {"median": bare_median * 1000, "p95": percentile(bare, 0.95) * 1000},
        "cold_ms": {"median": statistics.median(served["cold"]) * 1000, "p95": percentile(served["cold"], 0.95) * 1000},
        "cached_ms": {"median": statistics.median(served["cached"]) * 1000},
        "cache_hits": f"{served.get('cache_hits', '?')}/{len(served['cached'])}",
        "degenerate": served.get("degenerate", {}),
        "bare_articles_per_s": len(texts) / sum(served["bare_again"]),
        "served_articles_per_s": len(texts) / served["concurrent_seconds"],
        "bare_parallel_articles_per_s": len(texts) / served["parallel_seconds"],
        "worker_peak_rss_mb": rss,
        "cache_kb_per_1000": served.get("cache_kb_per_1000"),
        "workers": workers,
        "clients": clients,
    }
    figures["ratios"] = {
        "cold": figures["cold_ms"]["median"] / figures["bare_ms"]["median"],
        "cold_p95": figures["cold_ms"]["p95"] / figures["bare_ms"]["p95"],
        "cached": figures["cached_ms"]["median"] / (bare_seed * 1000),
        "throughput": figures["served_articles_per_s"] / figures["bare_articles_per_s"],
        "machine_parallel": figures["bare_parallel_articles_per_s"] / figures["bare_articles_per_s"],
    }
    return figures


def print_table(figures: dict[str, Any], paint: dict[str, Any] | None,
                long_tasks: dict[str, Any] | None = None, reading: dict[str, Any] | None = None) -> None:
    ratios = figures["ratios"]
    bare, cold = figures["bare_ms"], figures["cold_ms"]
    print(f"\nSourcelight bench: {figures['texts']} texts (median {figures['words_median']:.0f} words), "
          f"{figures['workers']} gunicorn workers, {figures['clients']} concurrent clients\n")
    rows = [
        ("cold /annotate vs bare nlp(text), median", f"{cold['median']:.1f} ms vs {bare['median']:.1f} ms",
         ratios["cold"], "<=", TARGETS["cold"]),
        ("cold /annotate vs bare nlp(text), p95", f"{cold['p95']:.1f} ms vs {bare['p95']:.1f} ms",
         ratios["cold_p95"], "", None),
        (f"cached /annotate vs bare nlp(seed), {figures['workers']} workers",
         f"{figures['cached_ms']['median']:.2f} ms, hits {figures['cache_hits']}",
         ratios["cached"], "<=", TARGETS["cached"]),
        (f"{figures['clients']} clients vs bare single process",
         f"{figures['served_articles_per_s']:.2f} vs {figures['bare_articles_per_s']:.2f} art/s",
         ratios["throughput"], ">=", TARGETS["throughput"]),
    ]
    print(f"{'measure':<44} {'figures':<30} {'ratio':>7}  target")
    for name, detail, ratio, op, target in rows:
        verdict = ""
        if target is not None:
            met = ratio <= target if op == "<=" else ratio >= target
            verdict = f"{op} {target:<5} {'ok' if met else 'MISSED'}"
        print(f"{name:<44} {detail:<30} {ratio:>7.3f}  {verdict}")
    print(f"{'machine check: bare spaCy, ' + str(figures['workers']) + ' processes vs 1':<44} "
          f"{figures['bare_parallel_articles_per_s']:.2f} art/s{'':<19} {ratios['machine_parallel']:>7.3f}  "
          "(ceiling for the line above)")
    for family, row in figures["degenerate"].items():
        detail = f"{row['served_ms']:.0f} ms vs {row['bare_ms']:.0f} ms"
        print(f"{'degenerate ' + family + ', 20,000 chars':<44} {detail:<30} {row['ratio']:>7.3f}")
    if "claims" in figures:
        c = figures["claims"]
        met = "ok" if c["ratio"] <= TARGETS["claims"] else "MISSED"
        print(f"{'claims stage vs bare nlp(text), mean':<44} {c['claims_ms']:.1f} ms vs {c['bare_ms']:.1f} ms{'':<10} "
              f"{c['ratio']:>7.3f}  <= {TARGETS['claims']:<5} {met}")
    rss = ", ".join(f"{r:.0f}" for r in figures["worker_peak_rss_mb"])
    print(f"{'peak RSS per worker (MB)':<44} {rss}")
    if figures.get("cache_kb_per_1000"):
        print(f"{'disk cache per 1,000 articles (MB)':<44} {figures['cache_kb_per_1000'] / 1024:.1f}")
    if paint:
        words, budget = paint.get("words", "?"), paint.get("budget_ms", 100)
        detail = f"{paint.get('paint_ms')} ms for {words} words"
        verdict = "ok" if paint.get("paint_ms", budget + 1) <= budget else "MISSED"
        print(f"{'extension paint, main thread (e2e)':<44} {detail:<30} {'':>7}  <= {budget:g} ms {verdict}")
    else:
        print(f"{'extension paint time (e2e)':<44} not measured ({PAINT_JSON} missing)")
    print_long_tasks(long_tasks)
    print_reading(reading)


def print_long_tasks(pages: dict[str, Any] | None) -> None:
    """The extension's longest main-thread task over the pages the e2e tests opened."""
    name = "extension longest task (e2e)"
    if not pages:
        print(f"{name:<44} not measured ({LONG_TASKS_JSON} missing)")
        return
    worst = max(pages, key=lambda page: pages[page]["longest_ms"])
    longest = pages[worst]["longest_ms"]
    over = sum(1 for page in pages.values() if page["longest_ms"] > LONG_TASK_TARGET_MS)
    detail = f"{longest:g} ms ({worst}); {over}/{len(pages)} pages over"
    verdict = "ok" if longest <= LONG_TASK_TARGET_MS else "MISSED"
    print(f"{name:<44} {detail:<30} {'':>7}  <= {LONG_TASK_TARGET_MS:g} ms {verdict}")


def print_reading(reading: dict[str, Any] | None) -> None:
    """The reading view as the extension paints it (issue 15): share of the article's
    characters painted, characters under two kinds of mark, highlights inside words."""
    if not reading:
        print(f"{'reading view (e2e)':<44} not measured ({READING_JSON} missing)")
        return
    s = reading["summary"]
    goal = s["goal_coverage"]
    print(f"\nReading view, seed + {s['dev_articles']} PolNeAR dev articles as pages (e2e):")
    if "default_claims" in s:
        c = s["default_claims"]
        print(f"  {'default view: claims shaded (median)':<50} {c['shaded_median']:g} of {c['total_median']:g}; "
              f"stopped by the text cap on {c['capped_pages']} of {s['pages']} pages")
    for view in ("default", "everything"):
        v = s[view]
        verdict = f"<= {goal:.0%} {'ok' if v['coverage_max'] <= goal else 'MISSED'}" if view == "default" else ""
        print(f"  {view + ' view: painted share of text':<50} seed {v['coverage_seed']:.1%}, "
              f"median {v['coverage_median']:.1%}, max {v['coverage_max']:.1%}  {verdict}")
        kinds = ", ".join(f"{k} {x:.1%}" for k, x in v.get("share_by_kind_median", {}).items())
        if kinds:
            print(f"  {view + ' view: median share by kind':<50} {kinds}")
        print(f"  {view + ' view: stacked chars / overlapping marks':<50} {v['stacked_chars']} / "
              f"{v['overlapping_marks']} of {v['ranges']} marks; inside a word: {v['inside_word']}")


def main(data_dir: Path | None = None, workers: int = 2, limit: int | None = None, clients: int = 4,
         part: str = "all") -> int:
    config = Config.from_env()
    data_dir = data_dir or config.DATA_DIR
    texts = load_texts(data_dir, limit)
    status = 0 if part == "audit" else bench_service(config, texts, workers, clients)
    if part in {"all", "audit"}:
        from sourcelight.measure import audit_bench

        AUDIT_JSON.parent.mkdir(parents=True, exist_ok=True)
        AUDIT_JSON.write_text(json.dumps(audit_bench.main(data_dir, workers), indent=2))
    return status


def bench_service(config: Config, texts: list[str], workers: int, clients: int) -> int:
    import spacy

    nlp = spacy.load(config.MODEL)

    with tempfile.TemporaryDirectory() as tmp:
        # The limiter stays on (its cost is part of a request) but cannot refuse the bench.
        env = {"SOURCELIGHT_RATE_LIMIT": "1000000/minute", "SOURCELIGHT_LOG_LEVEL": "WARNING"}
        server = ServedBackend.start(Path(tmp) / "serve.log", workers=workers, env=env)
        try:
            server.wait_healthy(timeout=120, streak=30)  # a long streak: every worker has loaded
            print(f"sourcelight serve on {server.base} and bare spaCy ({config.MODEL}) on {len(texts)} texts ...",
                  flush=True)
            post(server.base, texts[0], fresh_url())  # warm-up
            served = measure(server.base, texts, clients, nlp, workers)
            served["degenerate"] = measure_degenerate(server.base, nlp)
            rss = sorted(server.worker_rss_mb(peak=True).values())
        finally:
            server.stop(60)
        served["cache_kb_per_1000"] = cache_kb_per_1000(Path(tmp) / "serve.log.cache")
    print("machine check: bare spaCy in parallel processes ...", flush=True)
    served["parallel_seconds"] = bare_parallel_seconds(config.MODEL, texts, workers)

    figures = report(texts, served, rss, workers, clients)
    print("claims stage against bare spaCy ...", flush=True)
    figures["claims"] = claims_share(config.MODEL, texts)
    figures["errors"] = list(ERRORS)
    paint = json.loads(PAINT_JSON.read_text()) if PAINT_JSON.exists() else None
    long_tasks = json.loads(LONG_TASKS_JSON.read_text()) if LONG_TASKS_JSON.exists() else None
    reading = json.loads(READING_JSON.read_text()) if READING_JSON.exists() else None
    print_table(figures, paint, long_tasks, reading)
    for error in ERRORS:
        print("error:", error)
    RESULT_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULT_JSON.write_text(json.dumps({**figures, "paint": paint, "long_tasks": long_tasks,
                                       "reading": reading and reading["summary"]}, indent=2))
    return 1 if ERRORS else 0
