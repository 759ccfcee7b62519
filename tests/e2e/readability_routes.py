"""Where should Readability run? Each route's cost, measured on the benchmark's pages.

Every page of the article-extraction benchmark is loaded as ``extraction_bench`` loads it
(its real hostname over https, the network gone), without the extension; a bundle of the
extension's own extraction code then times, on the page's main thread:

- ``in_page_readability``: Readability on the script-free copy, in the page's thread
  (what the extension did before issue 19, below its big-page cut-off);
- ``serialize``: serialising that copy (XMLSerializer), the only part of the background
  route that stays on the page's thread (the page's text nodes are walked in slices);
- ``jsdomparser_readability``: JSDOMParser + Readability on that HTML, the work the
  background does instead (timed here only to compare: in the extension it runs in the
  background, off the page's thread).

``python tests/e2e/readability_routes.py`` writes var/bench/readability-routes.tsv and
prints the median, 90th percentile and worst of each, in ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from extraction_bench import Router, load_benchmark
from harness import BENCH_DIR, CHROMIUM, ROOT

ENTRY = Path(__file__).with_name("readability_routes.js")
COLUMNS = ("serialize", "in_page_readability", "jsdomparser_readability")


def bundle() -> str:
    out = Path(tempfile.mkdtemp(prefix="sl-routes-")) / "routes.js"
    subprocess.run([str(ROOT / "node_modules" / ".bin" / "esbuild"), str(ENTRY), "--bundle", "--format=iife",
                    f"--outfile={out}", "--log-level=warning"], check=True)
    return out.read_text(encoding="utf-8")


def main() -> int:
    from playwright.sync_api import sync_playwright

    script = bundle()
    pages = load_benchmark()
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(ignore_https_errors=True)
        router = Router()
        context.route("**/*", router)
        tab = context.new_page()
        for page in pages:
            router.serve(page)
            try:
                tab.goto(page.url, wait_until="domcontentloaded", timeout=60_000)
                tab.wait_for_timeout(500)
                tab.evaluate(script)
                timing = tab.evaluate("window.__readabilityRoutes()")
            except Exception as exc:  # a page that breaks the measurement is left out, and said so
                print(f"{page.key[:12]} {page.host}: {str(exc)[:80]}", file=sys.stderr)
                continue
            rows.append((page, timing))
        browser.close()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tsv = BENCH_DIR / "readability-routes.tsv"
    head = ("key", "host", "elements", "html_chars", *COLUMNS)
    tsv.write_text("\n".join(["\t".join(head)] + ["\t".join(
        [p.key, p.host] + [f"{t.get(c, 0):.1f}" for c in head[2:]]) for p, t in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} pages; ms on the page's main thread (median / 90th percentile / worst):")
    for column in COLUMNS:
        values = sorted(t.get(column, 0.0) for _, t in rows)
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"  {column:26} {statistics.median(values):7.1f} {p90:7.1f} {values[-1]:7.1f}")
    over = {c: sum(t.get(c, 0.0) >= 50 for _, t in rows) for c in COLUMNS}
    print("pages at 50 ms or more: " + ", ".join(f"{c} {n}" for c, n in over.items()))
    print(f"per-page table: {tsv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
