"""The article-extraction benchmark through the real extension (issue 19, "Tools and tests").

Each saved page of ``article-extraction/html/<key>.html.gz`` is served under its real
hostname over https: every request of the browser goes through ``context.route``; the
page's own document is answered from the saved file and every other request is aborted
(this machine has no internet), so the pages load as a reader's would with the network
gone. The extension is given those sites as a reader gives them (allowed on
chrome://extensions, granted when it asks, listed to annotate on load) and posts to the
real backend through a relay that records what it sent. What it sent is scored with the
benchmark's own measure (``sourcelight.measure.shingles``).

Run it with ``make bench-extraction``: one Chromium, one tab, page after page; the
per-page table goes to ``var/bench/extraction-pages.tsv`` (and every sent text to
``var/bench/extraction.json``), the summary is printed beside the published table.
``tests/e2e/test_extraction_benchmark.py`` runs a fixed sample of the same pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    BENCH_DIR,
    CHROMIUM,
    ROOT,
    Extension,
    Relay,
    chromium_args,
    default_settings,
    ensure_extension_built,
    extension_long_tasks,
    probe,
    read_perf,
)
from sourcelight.measure.shingles import score_page, summarise

DATA_DIR = Path(os.environ.get("SOURCELIGHT_DATA_DIR", ROOT.parent / "shared" / "data"))
BENCHMARK = DATA_DIR / "article-extraction"
PAGES_TSV = BENCH_DIR / "extraction-pages.tsv"
RESULTS_JSON = BENCH_DIR / "extraction.json"
SAMPLE_EVERY = 9          # the CI sample: every 9th page in order of key (21 of 181)
SETTLE_TIMEOUT_S = 120.0  # a wait before calling a page stuck, never a timing check
REFUSED = "error:not-article"

# The published table (the benchmark's README, via ../shared/data/README.md): F1, P, R.
PUBLISHED = (
    ("Zyte AutoExtract (2019)", 0.970, 0.984, 0.956),
    ("rs_trafilatura", 0.970, 0.951, 0.990),
    ("trafilatura 2.0.0", 0.958, 0.938, 0.978),
    ("newspaper4k", 0.949, 0.964, 0.934),
    ("Readability.js 0.6.0", 0.947, 0.914, 0.982),
    ("readability-lxml", 0.922, None, None),
    ("goose3", 0.896, None, None),
    ("jusText", 0.804, None, None),
)

# Long tasks with the scripts that ran in them (Long Animation Frames): a frame's script
# entries name their source, so the extension's own work (chrome-extension:// URLs) is
# told apart from the page's. Installed before any page script, like PERF_INIT.
FRAMES_INIT = """(() => {
  if (window.top !== window) return;
  const rec = window.__slperf = {longtasks: [], frames: []};
  const watch = (type, fn) => { try { new PerformanceObserver(l => l.getEntries().forEach(fn))
    .observe({type, buffered: true}); } catch (e) { rec.error = String(e); } };
  watch('longtask', e => rec.longtasks.push({start: e.startTime, duration: e.duration}));
  watch('long-animation-frame', e => rec.frames.push({start: e.startTime, duration: e.duration,
    blocking: e.blockingDuration, scripts: e.scripts.map(s => ({source: s.sourceURL,
      invoker: s.invoker, duration: s.duration, start: s.startTime}))}));
})();"""


@dataclass(frozen=True, slots=True)
class BenchPage:
    key: str
    url: str   # the page's own url, served over https
    truth: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def site(self) -> str:
        """The host a reader lists to annotate on load (a leading www. dropped)."""
        return self.host.removeprefix("www.")

    def html(self) -> bytes:
        return gzip.decompress((BENCHMARK / "html" / f"{self.key}.html.gz").read_bytes())


@dataclass(slots=True)
class PageResult:
    key: str
    host: str
    state: str
    refused: bool
    sent_chars: int
    precision: float | None
    recall: float | None
    f1: float
    extension_longest_ms: float    # longest task while the extension worked (time window)
    extension_script_ms: float     # longest run of the extension's own script in a long frame
    extension_slice_ms: float      # the extension's own longest run on the main thread, as it timed it
    page_longest_ms: float         # longest task on the page at all (its own scripts too)
    skipped: str
    sent: str


def load_benchmark() -> list[BenchPage]:
    """Every page in order of key; its url moved to https (see module doc)."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        url = urlsplit(item["url"])._replace(scheme="https").geturl()
        pages.append(BenchPage(key, url, item["articleBody"]))
    return pages


def ci_sample(pages: list[BenchPage]) -> list[BenchPage]:
    """The fixed CI sample: every SAMPLE_EVERY-th page in order of key, results unseen."""
    return sorted(pages, key=lambda p: p.key)[::SAMPLE_EVERY]


# --------------------------------------------------------------------------- the browser


class Router:
    """Answers the browser's requests: the current page's document from its saved file,
    any other document an empty page, everything else aborted (no network here).

    A top-frame navigation the page's own script makes to another path of its host is
    answered with the saved document too: with every ad request aborted, some pages'
    ad-block detectors send the reader to their own ad-recovery path (cbssports.com's
    /g00/...), which serves the same article."""

    def __init__(self) -> None:
        self.page: BenchPage | None = None
        self.body = b""
        self.aborted = 0

    def serve(self, page: BenchPage) -> None:
        self.page, self.body, self.aborted = page, page.html(), 0

    def __call__(self, route) -> None:
        request = route.request
        if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
            return route.continue_()
        if self.page and request.resource_type == "document":
            if request.frame.parent_frame is None and urlsplit(request.url).hostname == self.page.host:
                return route.fulfill(status=200, body=self.body, content_type="text/html; charset=utf-8")
            return route.fulfill(status=200, body=b"", content_type="text/html")
        self.aborted += 1
        return route.abort()


def site_patterns(sites: list[str]) -> list[str]:
    """The match patterns a reader grants for each listed site (as siteOrigins builds them)."""
    return [f"{scheme}://*.{site}/*" for site in sites for scheme in ("http", "https")]


@contextmanager
def bench_browser(playwright, relay: Relay, pages: list[BenchPage]) -> Iterator[tuple]:
    """(context, extension, router): Chromium with the extension, the benchmark's sites
    granted and listed to annotate on load, every request answered by the router."""
    ext_root = ensure_extension_built()
    profile = tempfile.mkdtemp(prefix="sourcelight-xbench-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=chromium_args(ext_root),
        viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
    try:
        router = Router()
        context.route("**/*", router)
        extension = Extension(context)
        sites = sorted({p.site for p in pages})
        extension.grant_sites(site_patterns(sites))
        settings = default_settings(relay.url)
        settings.pop("viewMode")  # the reader's default view
        extension.set(**{**settings, "autoAnnotate": sites})
        yield context, extension, router
    finally:
        context.close()


# --------------------------------------------------------------------------- one page


def sent_text(relay: Relay, since: int, page: BenchPage) -> str | None:
    """The text of the first annotate request from `page`'s host that reached the relay
    after request number `since` (the page may have moved itself: see Router); None when
    none did."""
    for seen in relay.annotate_requests()[since:]:
        body = json.loads(seen.body or b"{}")
        if urlsplit(body.get("url", "")).hostname == page.host:
            return body.get("text", "")
    return None


def extension_slice_ms(perf: dict) -> float:
    """The extension's longest single run on the page's main thread, as its time slicer
    measured it (extraction, including serialising the copy for Readability, and painting)."""
    return max((m["duration"] for m in perf.get("own", []) if m.get("name") == "sourcelight-longest-slice"), default=0.0)


def extension_script_ms(frames: list[dict], extension_id: str) -> float:
    """Longest single run of the extension's own scripts inside a long animation frame."""
    ours = [s["duration"] for f in frames for s in f.get("scripts", [])
            if extension_id in (s.get("source") or "")]
    return max(ours, default=0.0)


def settle(tab, timeout_s: float) -> str:
    """Wait until the extension is done with the page (painted or failed); its state,
    or the last state seen when it never got there."""
    deadline = time.monotonic() + timeout_s
    last = ""
    while time.monotonic() < deadline:
        last = (probe(tab) or {}).get("state", "")
        if last == "painted" or last.startswith("error"):
            return last
        tab.wait_for_timeout(200)
    return last or "no-content-script"


def run_page(tab, extension: Extension, router: Router, relay: Relay, page: BenchPage) -> PageResult:
    router.serve(page)
    since = len(relay.annotate_requests())
    # A reader sees the page (and the extension starts) once the document is parsed; some
    # saved pages never fire "load" with the network gone.
    tab.goto(page.url, wait_until="domcontentloaded", timeout=60_000)
    state = settle(tab, SETTLE_TIMEOUT_S)
    tab.wait_for_timeout(300)  # the last long-animation-frame entries arrive after paint
    perf = read_perf(tab)
    tasks, _ = extension_long_tasks(perf)
    text = sent_text(relay, since, page) or ""
    score = score_page(page.truth, text)
    # Refused: nothing sent and "not an article" said. A page can also send its text and
    # then say "not an article" (a re-run after the page changed): the state column shows it.
    return PageResult(
        key=page.key, host=page.host, state=state, refused=not text and state == REFUSED, sent_chars=len(text),
        precision=score.precision, recall=score.recall, f1=score.f1,
        extension_longest_ms=max((t["duration"] for t in tasks), default=0.0),
        extension_script_ms=extension_script_ms(perf.get("frames", []), extension.id),
        extension_slice_ms=extension_slice_ms(perf),
        page_longest_ms=max((t["duration"] for t in perf.get("longtasks", [])), default=0.0),
        skipped=(probe(tab) or {}).get("skipped", ""), sent=text)


def new_tab(context):
    tab = context.new_page()
    tab.add_init_script(FRAMES_INIT)
    return tab


def run_pages(context, extension: Extension, router: Router, relay: Relay, pages: list[BenchPage],
              progress: Callable[[int, PageResult], None] | None = None) -> list[PageResult]:
    """Every page in one tab, one after the other. A page whose run breaks in the harness
    (a navigation that never ends, the service worker replaced while it was asked) is
    tried once more in a fresh tab, and otherwise kept as a harness-error row."""
    tab = new_tab(context)
    results = []
    try:
        for i, page in enumerate(pages, 1):
            for attempt in (1, 2):
                try:
                    result = run_page(tab, extension, router, relay, page)
                    break
                except Exception as exc:  # one broken page is a row of the table, not the end of the run
                    result = PageResult(page.key, page.host, f"harness-error: {exc}"[:200], False, 0,
                                        None, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "", "")
                    tab.close()
                    tab = new_tab(context)
            results.append(result)
            if progress:
                progress(i, result)
    finally:
        tab.close()
    return results


# --------------------------------------------------------------------------- reports


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


TSV_COLUMNS = ("key", "host", "precision", "recall", "f1", "sent_chars", "truth_chars", "refused",
               "state", "extension_longest_ms", "extension_script_ms", "extension_slice_ms", "page_longest_ms", "skipped")


def write_reports(results: list[PageResult], pages: list[BenchPage], out: Path = BENCH_DIR) -> Path:
    truth_chars = {p.key: len(p.truth) for p in pages}
    out.mkdir(parents=True, exist_ok=True)
    rows = ["\t".join(TSV_COLUMNS)]
    for r in results:
        rows.append("\t".join([r.key, r.host, fmt(r.precision), fmt(r.recall), fmt(r.f1), str(r.sent_chars),
                               str(truth_chars[r.key]), "yes" if r.refused else "no", r.state,
                               f"{r.extension_longest_ms:.0f}", f"{r.extension_script_ms:.0f}", f"{r.extension_slice_ms:.0f}",
                               f"{r.page_longest_ms:.0f}", r.skipped]))
    tsv = out / PAGES_TSV.name
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (out / RESULTS_JSON.name).write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False),
                                         encoding="utf-8")
    return tsv


def summary_lines(results: list[PageResult]) -> list[str]:
    s = summarise(results)
    refused = sum(r.refused for r in results)
    low = sum((r.recall or 0.0) < 0.8 for r in results)
    lines = [f"{'extractor':28} {'F1':>6} {'P':>6} {'R':>6}",
             f"{'Sourcelight (this run)':28} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f}"
             f"   strict (refused = P 0): F1 {s.strict_f1:.3f} P {s.strict_precision:.3f}"]
    lines += [f"{name:28} {f1:6.3f} {fmt(p):>6} {fmt(r):>6}" for name, f1, p, r in PUBLISHED]
    lines.append(f"pages {s.pages}; refused {refused}; recall < 0.8 on {low}; "
                 f"other failures {sum(not r.refused and r.state != 'painted' for r in results)}")
    worst = sorted(results, key=lambda r: -r.extension_slice_ms)[:5]
    lines.append("the extension's longest runs on the page's main thread (ms, as its slicer timed them; "
                 "target under 50), with the longest task seen while it worked (the page's own included):")
    lines += [f"  {r.extension_slice_ms:6.1f}  long task {max(r.extension_longest_ms, r.extension_script_ms):5.0f}"
              f"  page {r.page_longest_ms:5.0f}  {r.host}  {r.key[:12]}" for r in worst]
    return lines


# --------------------------------------------------------------------------- command


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright
    from sourcelight.measure.processes import ServedBackend

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true", help="only the CI sample (every 9th page)")
    parser.add_argument("--keys", nargs="*", help="only these page keys (or key prefixes)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="where the tables go")
    args = parser.parse_args(argv)
    if not (BENCHMARK / "ground-truth.json").exists():
        print(f"no benchmark at {BENCHMARK} (set SOURCELIGHT_DATA_DIR)", file=sys.stderr)
        return 2
    pages = load_benchmark()
    if args.sample:
        pages = ci_sample(pages)
    if args.keys:
        pages = [p for p in pages if any(p.key.startswith(k) for k in args.keys)]

    ratings = os.environ.get("SOURCELIGHT_RATINGS_DIR", str(ROOT / "var" / "ratings"))
    backend = ServedBackend.start(args.out / "extraction-backend.log", env={"SOURCELIGHT_RATINGS_DIR": ratings})
    relay = None
    try:
        backend.wait_healthy(timeout=180)
        relay = Relay(backend.base).start()

        def progress(i: int, r: PageResult) -> None:
            print(f"[{i:3}/{len(pages)}] {r.key[:12]} {r.host:32.32} P {fmt(r.precision)} R {fmt(r.recall)} "
                  f"sent {r.sent_chars:6} {r.state}", flush=True)

        with sync_playwright() as pw, bench_browser(pw, relay, pages) as (context, extension, router):
            results = run_pages(context, extension, router, relay, pages, progress)
    finally:
        if relay:
            relay.stop()
        backend.stop(15)
    tsv = write_reports(results, pages, args.out)
    print("\n".join(summary_lines(results)))
    print(f"per-page table: {tsv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
