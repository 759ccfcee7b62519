"""A 100,000-word page (issue 7, item 6): the extension annotates what it can, stays
responsive, and says what it skipped. Its long tasks are a figure for `make bench`
(target: none over 50 ms); here only a generous bound is asserted."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest
from harness import (
    ARTIFACTS,
    OTHER_HOST,
    PERF_INIT,
    UNSLICED_MS,
    extension_long_tasks,
    highlights,
    read_perf,
    record_long_tasks,
    save_json,
    skipped,
    wait_settled,
)

DATA_DIR = Path(os.environ.get("SOURCELIGHT_DATA_DIR",
                               Path(__file__).resolve().parents[3] / "shared" / "data"))


def news_paragraphs(words: int, split: str = "train") -> list[str]:
    """Real news paragraphs (PolNeAR texts, read from the shared data by path)."""
    folder = DATA_DIR / "polnear" / split / "text"
    if not folder.exists():
        pytest.skip(f"shared data missing: {folder}")
    out, n = [], 0
    for f in sorted(folder.glob("*.txt")):
        for para in f.read_text(encoding="utf-8").split("\n"):
            para = para.strip()
            if len(para.split()) < 8:
                continue
            out.append(para)
            n += len(para.split())
            if n >= words:
                return out
    return out


def article_page(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>body{{font:17px/1.55 Georgia,serif;max-width:760px;margin:30px auto;padding:0 20px}}</style>
</head><body><header><a href="/">Test Gazette</a></header>
<article><h1>{html.escape(title)}</h1><p class="byline">By Test Gazette staff</p>
{body}</article><footer>© Test Gazette</footer></body></html>"""


def test_hundred_thousand_words(ext, open_page, site, relay):
    paragraphs = news_paragraphs(100_000)
    words = sum(len(p.split()) for p in paragraphs)
    assert words >= 100_000
    path = site.put("/gen/long-100k.html", article_page("A very long page of news", paragraphs))

    # Control: the same page on a site that is not enabled, to see what the page alone costs.
    control = open_page(init_script=PERF_INIT)
    control.goto(site.url(path, host=OTHER_HOST))
    control.wait_for_timeout(3000)
    control_perf = read_perf(control)
    control_after_dcl = [t for t in control_perf["longtasks"]
                         if t["start"] + t["duration"] > (control_perf["dcl"] or 0)]
    control.close()

    before = len(relay.annotate_requests())
    page = open_page(init_script=PERF_INIT)
    page.goto(site.url(path))
    state = wait_settled(page, timeout=150_000)
    page.wait_for_timeout(500)
    left_out = skipped(page)
    perf = read_perf(page)
    tasks, window = extension_long_tasks(perf)
    longest = record_long_tasks("long-100k", tasks, window)
    painted = {k: v["size"] for k, v in highlights(page).items()}
    # Responsive afterwards: a zero-delay timer in the page runs promptly.
    latency = page.evaluate("""() => new Promise(res => {
        const t = performance.now(); setTimeout(() => res(performance.now() - t), 0); })""")
    save_json(ARTIFACTS / "long-100k.json",
              {"words": words, "state": state, "skipped": left_out, "painted": painted,
               "extension_window": window, "extension_long_tasks": tasks, "perf": perf,
               "control_long_tasks": control_perf["longtasks"],
               "control_long_tasks_after_dcl": control_after_dcl, "timer_latency_ms": latency,
               "sent_chars": [len(json.loads(r.body)["text"]) for r in relay.annotate_requests()[before:]]})

    sent = [json.loads(r.body)["text"] for r in relay.annotate_requests()[before:]]
    article_chars = sum(len(p) + 1 for p in paragraphs)
    assert longest < UNSLICED_MS, (f"a {longest} ms task while the extension worked: its work is not "
                                   f"sliced (window {window}; the page alone after DOMContentLoaded: "
                                   f"{control_after_dcl})")
    assert latency < UNSLICED_MS, f"a zero-delay timer waited {latency} ms after painting"
    # It annotates what it can: a part of the page, painted, not an error.
    assert state == "painted", f"{state}: nothing annotated (sent {[len(t) for t in sent]} chars)"
    assert sum(painted.values()) > 0
    if sent and len(sent[-1]) < 0.95 * article_chars:
        assert left_out, "part of the page was left out but the extension did not say so"
    assert page.dialogs == [] and page.errors == []
