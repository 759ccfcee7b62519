"""``make soak``: the real service under steady load for ten minutes.

Starts a throwaway ``redis-server`` (cache and rate-limit storage) and ``sourcelight
serve`` with two gunicorn workers, as a user starts them, then runs the load in
``locustfile.py`` (4 users, locust as a library, headless): real PolNeAR dev articles
and the seed, cache hits, claim scoring, health checks and a dozen kinds of bad
request (and hostile text within the limits). At the end it prints per-kind p50/p95
latency and statuses, and each worker's RSS after warm-up against the end (medians
over a minute, so one long article's transient peak is not counted as growth), then
scans the server's log.

Exits 1 on any 5xx, connection error, unexpected status, worker restart, traceback
in the log, article text in the log, or worker RSS growth of 10% or more.

    .venv/bin/python -m sourcelight.measure.soak [--duration 600] [--warmup 60] [--users 4]

``SOAK_DURATION`` / ``SOAK_WARMUP`` (seconds, or with an ``s``/``m`` suffix) set the
defaults, so ``SOAK_DURATION=60 make soak`` is a one-minute trial.
"""

from __future__ import annotations

# The locustfile imports locust, which patches the standard library for gevent: first.
from sourcelight.measure import locustfile  # isort: skip

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
from locust.env import Environment

from sourcelight.measure.processes import RedisServer, ServedBackend

ROOT = locustfile.ROOT
RSS_GROWTH_LIMIT = 0.10
SAMPLE_EVERY_S = 5.0
# Signs in the server log that something went wrong even if every answer looked fine.
LOG_ALARMS = ("Traceback", "WORKER TIMEOUT", "unhandled ", "model load failed", "[ERROR]", "[CRITICAL]")


def seconds(value: str) -> float:
    value = value.strip().lower()
    if value.endswith("m"):
        return float(value[:-1]) * 60
    return float(value.removesuffix("s"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sourcelight.measure.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=seconds, default=seconds(os.environ.get("SOAK_DURATION", "600")),
                        help="seconds of load (default 600, or SOAK_DURATION)")
    parser.add_argument("--warmup", type=seconds, default=None,
                        help="seconds before the RSS baseline (default min(120, duration/5), or SOAK_WARMUP)")
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SOURCELIGHT_DATA_DIR", ROOT.parent / "shared" / "data")))
    parser.add_argument("--no-redis", action="store_true", help="the host-shared disk cache and per-worker memory rate limits")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "soak", help="server log and summary.json go here")
    args = parser.parse_args(argv)
    if args.warmup is None:
        args.warmup = seconds(os.environ["SOAK_WARMUP"]) if "SOAK_WARMUP" in os.environ else min(120.0, args.duration / 5)
    args.window = min(60.0, args.duration / 5)  # RSS medians over this long, after warm-up and at the end
    return args


@dataclass
class MemoryWatch:
    """Worker RSS every few seconds while the load runs.

    One sample is noisy (a long article raises RSS until the allocator gives it back),
    so growth compares medians: the first ``window_s`` after warm-up against the last
    ``window_s`` of the run. The last single sample and the maximum are reported too.
    """

    server: ServedBackend
    warmup_s: float
    window_s: float
    started: float = field(default_factory=time.monotonic)
    samples: list[tuple[float, dict[int, float]]] = field(default_factory=list)  # (s, {pid: MiB})

    def sample(self) -> None:
        self.samples.append((time.monotonic() - self.started, self.server.worker_rss_mb()))

    def run(self) -> None:
        while True:
            self.sample()
            gevent.sleep(SAMPLE_EVERY_S)

    def growth(self) -> dict[str, Any]:
        """Per worker: MiB at start, after warm-up, at the end, growth; pids that came or went."""
        last_t = self.samples[-1][0]
        warm = [rss for t, rss in self.samples if self.warmup_s <= t < self.warmup_s + self.window_s] or [self.samples[-1][1]]
        end = [rss for t, rss in self.samples if t >= max(last_t - self.window_s, self.warmup_s)]
        workers = {}
        for pid in warm[0]:
            base = statistics.median(s[pid] for s in warm if pid in s)
            tail = [s[pid] for s in end if pid in s]
            final = self.samples[-1][1].get(pid)
            workers[pid] = {
                "start_mib": mib(self.samples[0][1].get(pid)), "warm_mib": mib(base),
                "end_mib": mib(statistics.median(tail)) if tail else None, "last_mib": mib(final),
                "max_mib": mib(max(s.get(pid, 0) for _, s in self.samples)),
                "growth": (statistics.median(tail) - base) / base if tail else None,
                "growth_last_sample": (final - base) / base if final else None,
            }
        pids = set().union(*(rss for _, rss in self.samples))
        return {"workers": workers, "samples": len(self.samples), "window_s": self.window_s,
                "replaced": sorted(pids - set(warm[0])), "lost": sorted(set(warm[0]) - set(self.samples[-1][1]))}


def mib(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def scan_log(log: str, corpus: list[tuple[str, str]], workers: int) -> dict[str, Any]:
    """Alarms in the server log, and whether any article text reached it."""
    excerpts = []
    for _, text in corpus:
        middle = " ".join(text[len(text) // 2:].split())[:40]
        if len(middle) >= 30:
            excerpts.append(middle)
    flat = " ".join(log.split())
    return {
        "alarms": {word.strip(): log.count(word) for word in LOG_ALARMS if word in log},
        "worker_boots": log.count("Booting worker"),
        "expected_boots": workers,
        "article_text_in_log": sum(excerpt in flat for excerpt in excerpts),
        "excerpts_checked": len(excerpts),
    }


def run_load(base: str, users: int, duration: float, watch: MemoryWatch) -> None:
    env = Environment(user_classes=[locustfile.Reader], host=base, catch_exceptions=True)
    runner = env.create_local_runner()
    sampler = gevent.spawn(watch.run)
    progress = gevent.spawn(report_progress, duration)
    runner.start(users, spawn_rate=users)
    gevent.sleep(duration)
    watch.sample()  # the end figure, still under load
    sampler.kill()
    progress.kill()
    runner.quit()
    runner.greenlet.join(timeout=120)
    if env.runner and env.runner.exceptions:
        for error in env.runner.exceptions.values():
            print("locust user error:", error["msg"], file=sys.stderr)


def report_progress(duration: float) -> None:
    started = time.monotonic()
    while True:
        gevent.sleep(30)
        total = sum(sum(c.values()) for c in locustfile.RESULTS.statuses.values())
        print(f"  {time.monotonic() - started:5.0f}/{duration:.0f}s  {total} requests", flush=True)


def summarize(args: argparse.Namespace, memory: dict[str, Any], log_scan: dict[str, Any],
              exit_code: int | None) -> dict[str, Any]:
    results = locustfile.RESULTS
    kinds = {}
    for kind in sorted(results.statuses, key=lambda k: (":" in k, k)):
        latencies = results.latencies_ms[kind]
        kinds[kind] = {
            "requests": len(latencies),
            "statuses": {str(s): n for s, n in sorted(results.statuses[kind].items())},
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "max_ms": round(max(latencies), 1),
            "cached": results.cached[kind],
        }
    all_statuses = [s for c in results.statuses.values() for s, n in c.items() for _ in range(n)]
    return {
        "duration_s": args.duration, "warmup_s": args.warmup, "users": args.users, "workers": args.workers,
        "redis": not args.no_redis,
        "requests": len(all_statuses),
        "rps": round(len(all_statuses) / args.duration, 2),
        "status_5xx": sum(1 for s in all_statuses if s >= 500),
        "connection_errors": sum(1 for s in all_statuses if s == 0),
        "unexpected": {f"{k} -> {s}": n for (k, s), n in sorted(results.unexpected.items())},
        "kinds": kinds,
        "memory": memory,
        "log": log_scan,
        "server_exit_code": exit_code,
    }


def verdict(summary: dict[str, Any]) -> list[str]:
    problems = []
    if summary["status_5xx"]:
        problems.append(f"{summary['status_5xx']} responses with status 5xx")
    if summary["connection_errors"]:
        problems.append(f"{summary['connection_errors']} connection errors")
    if summary["unexpected"]:
        problems.append(f"unexpected statuses: {summary['unexpected']}")
    memory = summary["memory"]
    for pid, worker in memory["workers"].items():
        if worker["growth"] is None or worker["growth"] >= RSS_GROWTH_LIMIT:
            problems.append(f"worker {pid} RSS growth {worker['growth']} (limit {RSS_GROWTH_LIMIT:.0%})")
    if memory["replaced"] or summary["log"]["worker_boots"] > summary["log"]["expected_boots"]:
        problems.append(f"workers were replaced during the run: {memory['replaced']}")
    if summary["log"]["alarms"]:
        problems.append(f"server log alarms: {summary['log']['alarms']}")
    if summary["log"]["article_text_in_log"]:
        problems.append(f"article text found in the server log ({summary['log']['article_text_in_log']} texts)")
    if summary["server_exit_code"] != 0:
        problems.append(f"server exit code {summary['server_exit_code']} after SIGTERM")
    return problems


def print_summary(summary: dict[str, Any], problems: list[str], log_path: Path) -> None:
    print(f"\nSoak: {summary['users']} users, {summary['workers']} workers, {summary['duration_s']:.0f}s "
          f"(warm-up {summary['warmup_s']:.0f}s), Redis {'on' if summary['redis'] else 'off'}")
    print(f"{'kind':<24}{'requests':>9}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  statuses")
    for kind, row in summary["kinds"].items():
        statuses = " ".join(f"{s}x{n}" for s, n in row["statuses"].items())
        cached = f"  (cached {row['cached']})" if row["cached"] else ""
        print(f"{kind:<24}{row['requests']:>9}{row['p50_ms']:>10.0f}{row['p95_ms']:>10.0f}{row['max_ms']:>10.0f}"
              f"  {statuses}{cached}")
    print(f"total {summary['requests']} requests ({summary['rps']}/s), 5xx: {summary['status_5xx']}, "
          f"connection errors: {summary['connection_errors']}, unexpected: {sum(summary['unexpected'].values())}")
    for pid, worker in summary["memory"]["workers"].items():
        growth = "n/a" if worker["growth"] is None else f"{worker['growth']:+.1%}"
        last = "n/a" if worker["growth_last_sample"] is None else f"{worker['growth_last_sample']:+.1%}"
        print(f"worker {pid}: RSS {worker['start_mib']} MiB at start; median {worker['warm_mib']} after warm-up, "
              f"{worker['end_mib']} at the end: {growth} (last sample {worker['last_mib']}: {last}; "
              f"max {worker['max_mib']})")
    scan = summary["log"]
    print(f"log: {scan['worker_boots']} worker boots, alarms {scan['alarms'] or 'none'}, article text in log: "
          f"{scan['article_text_in_log']}/{scan['excerpts_checked']} texts; server exit {summary['server_exit_code']}")
    print(f"server log: {log_path}")
    print("PASS" if not problems else "FAIL:\n  " + "\n  ".join(problems))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = locustfile.load_corpus(args.data)
    if len(corpus) < 2:
        print(f"no PolNeAR dev texts under {args.data}/polnear/dev/text", file=sys.stderr)
        return 2
    locustfile.CORPUS[:] = corpus
    args.out.mkdir(parents=True, exist_ok=True)
    log_path = args.out / "server.log"
    env = {
        "SOURCELIGHT_API_TOKEN": secrets.token_urlsafe(24),
        # Four readers would have four addresses; here they share one, so lift the per-client
        # limit above the load (the limiter still counts every request, in Redis).
        "SOURCELIGHT_RATE_LIMIT": "100000/minute",
        "SOURCELIGHT_LOG_LEVEL": "INFO",
    }
    os.environ["SOURCELIGHT_API_TOKEN"] = env["SOURCELIGHT_API_TOKEN"]  # the locust users send it
    redis: RedisServer | None = None
    server: ServedBackend | None = None
    try:
        if not args.no_redis:
            if shutil.which("redis-server") is None:
                print("redis-server not found (apt-get install redis-server), or pass --no-redis", file=sys.stderr)
                return 2
            redis = RedisServer().start()
            env["SOURCELIGHT_REDIS_URL"] = redis.url
        server = ServedBackend.start(log_path, workers=args.workers, env=env)
        print(f"started sourcelight serve --workers {args.workers} on {server.base} "
              f"({len(corpus)} texts; log {log_path})", flush=True)
        server.wait_workers_ready(timeout=300)
        watch = MemoryWatch(server, args.warmup, args.window)
        print(f"load: {args.users} users for {args.duration:.0f}s", flush=True)
        run_load(server.base, args.users, args.duration, watch)
        memory = watch.growth()
        exit_code = server.stop(60)
        server = None
    finally:
        if server is not None:
            server.stop(60)
        if redis is not None:
            redis.stop(60)
    summary = summarize(args, memory, scan_log(log_path.read_text(errors="replace"), corpus, args.workers), exit_code)
    problems = verdict(summary)
    (args.out / "summary.json").write_text(json.dumps({**summary, "problems": problems}, indent=2))
    print_summary(summary, problems, log_path)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
