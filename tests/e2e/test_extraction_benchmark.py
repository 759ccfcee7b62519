"""A fixed sample of the article-extraction benchmark through the real extension.

The sample is every 9th page in order of key (21 of 181; ``extraction_bench.ci_sample``),
chosen by that rule, never by results. Each page is served under its own hostname over
https, the extension reads it as a reader's would (site granted, annotating on load) and
posts to the real backend; the text it posted is scored with the benchmark's measure.
Quality only: no timing decides a pass here (``make bench-extraction`` prints those).
"""

from __future__ import annotations

import pytest
from extraction_bench import BENCHMARK, bench_browser, ci_sample, load_benchmark, run_pages, write_reports
from harness import ARTIFACTS
from sourcelight.measure.shingles import summarise

# The floor on the sample's F1 (the benchmark's: F1 of mean precision and mean recall):
# 0.892 before issue 19's fixes, 0.960 after them (P 0.969, R 0.950), less a margin for
# pages that settle differently from run to run. Raise it as extraction improves.
F1_FLOOR = 0.93
# Pages of the sample refused ("not an article") although their truth holds an article:
# 3 before issue 19's fixes, 1 after: msn.com, whose own script replaces the page with
# "This page is not available right now" once its requests fail (no network here).
REFUSED_AT_MOST = 1
# Pages of the sample under 0.8 recall (the refused one included): 4 before, 1 after.
LOW_RECALL_AT_MOST = 1

pytestmark = pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").exists(),
                                reason=f"the article-extraction benchmark is not at {BENCHMARK} "
                                       "(SOURCELIGHT_DATA_DIR names the shared data folder)")


@pytest.fixture(scope="module")
def sample_results(playwright_instance, relay):
    pages = ci_sample(load_benchmark())
    with bench_browser(playwright_instance, relay, pages) as (context, extension, router):
        results = run_pages(context, extension, router, relay, pages)
    write_reports(results, pages, ARTIFACTS / "extraction-sample")
    return pages, results


def test_sample_is_the_fixed_rule(sample_results):
    pages, results = sample_results
    assert len(pages) >= 20
    assert [r.key for r in results] == [p.key for p in pages]


def test_every_sample_page_is_sent_or_refused(sample_results):
    _, results = sample_results
    stuck = [(r.host, r.state) for r in results if not r.sent_chars and not r.refused]
    assert stuck == [], f"pages that sent nothing and were not refused either: {stuck}"


def test_no_more_pages_refused_than_before(sample_results):
    pages, results = sample_results
    with_article = {p.key for p in pages if p.truth.strip()}
    refused = [r.host for r in results if r.refused and r.key in with_article]
    assert len(refused) <= REFUSED_AT_MOST, f"refused although the truth holds an article: {refused}"


def test_few_sample_pages_lose_much_of_their_article(sample_results):
    pages, results = sample_results
    with_article = {p.key for p in pages if p.truth.strip()}
    low = [(r.host, round(r.recall or 0.0, 3)) for r in results if r.key in with_article and (r.recall or 0.0) < 0.8]
    assert len(low) <= LOW_RECALL_AT_MOST, f"pages under 0.8 recall: {low}"


def test_sample_quality_floor(sample_results):
    _, results = sample_results
    s = summarise(results)
    worst = sorted(results, key=lambda r: r.f1)[:5]
    assert s.f1 >= F1_FLOOR, (f"sample F1 {s.f1:.3f} (P {s.precision:.3f}, R {s.recall:.3f}) under the "
                              f"floor {F1_FLOOR}; worst: {[(r.host, round(r.f1, 3)) for r in worst]}")
