"""The audit's parts that need no model: reading, partitions and resume bookkeeping,
aggregation, and the report (the engines, with the real model, are in test_audit_engines.py)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sourcelight.audit import aggregate, reader, report
from sourcelight.audit.run import partitions
from sourcelight.audit.store import ResumeMismatch, Store


def read_lines(raw: bytes, max_chars: int = 1000) -> list[reader.Item]:
    return list(reader.read_jsonl(io.BytesIO(raw), max_chars))


def test_bad_lines_become_error_records_and_reading_goes_on():
    raw = b"\n".join([
        b'{"id": "a", "text": "One article.", "url": "https://www.example.org/x", "published": "2016-09-12"}',
        b"not json",
        b"[1, 2]",
        b'{"id": "b", "text": "   "}',
        b'{"text": "no id"}',
        b'{"id": "c", "text": "' + b"x" * 1001 + b'"}',
        b'{"id": "d", "text": "fine", "url": 5}',
        b'{"id": "e", "text": "\\ud800 lone surrogate"}',
        b'{"id": "f", "text": "caf\xe9 in latin-1"}',
        b"",
        b'{"id": 7, "text": "Last one."}',
    ]) + b"\n"
    items = read_lines(raw)
    assert [i.line for i in items] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]  # the blank line 10 is skipped
    codes = [getattr(i, "error", {}).get("code") for i in items]
    assert codes == [None, "invalid_json", "invalid_json", "empty_text", "invalid_field", "text_too_long",
                     "invalid_field", "invalid_unicode", "invalid_utf8", None]
    assert items[0] == reader.Article(1, "a", "One article.", url="https://www.example.org/x", published="2016-09-12")
    assert items[-1].id == 7 and items[3].id == "b"


def test_a_runaway_line_is_refused_without_reading_it_whole():
    huge = b'{"id": "big", "text": "' + b"y" * 5_000_000 + b'"}\n'
    items = read_lines(huge + b'{"id": "next", "text": "after"}\n', max_chars=100)
    assert items[0].error["code"] == "too_large"
    assert items[1] == reader.Article(2, "next", "after")


def test_a_folder_of_text_files(tmp_path: Path):
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(reader.read(tmp_path, 1000))
    assert [(i.id, type(i).__name__) for i in items] == [("a", "Article"), ("b", "Article"), ("empty", "BadLine")]
    assert reader.count(tmp_path) == 3


def test_count_and_partitions(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{"id": 3, "text": "c"}')
    assert reader.count(path) == 3
    parts = list(partitions(reader.read(path, 100), 2))
    assert [(index, [i.id for i in items]) for index, items in parts] == [(0, [1, 2]), (1, [3])]


def test_store_resumes_only_intact_partitions_of_the_same_input(tmp_path: Path):
    store = Store(tmp_path, {"fingerprint": "abc", "partition_size": 2}).open()
    store.write(0, [{"id": 1, "line": 1, "schema": 1}, {"id": 2, "line": 2, "error": {"code": "x", "message": "y"}}])
    store.write(1, [{"id": 3, "line": 3, "schema": 1}])
    store.path(1).write_text("truncated")  # damaged after the manifest recorded it

    again = Store(tmp_path, {"fingerprint": "abc", "partition_size": 2}).open()
    assert again.is_done(0) and not again.is_done(1)
    assert [r["id"] for r in again.records()] == [1, 2]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["partitions"]["00000"]["errors"] == 1
    assert not list(tmp_path.rglob("*.tmp"))
    with pytest.raises(ResumeMismatch, match="another input"):
        Store(tmp_path, {"fingerprint": "changed", "partition_size": 2}).open()


def record(outlet: str | None, url: str | None, published: str | None, words: int, sources: list[tuple[str, str, bool]],
           attributions: int, checkworthy: int, unsourced: int) -> dict:
    return {
        "id": "x", "line": 1,
        "article": {"url": url, "outlet": outlet, "published": published, "words": words},
        "sources": [{"name": n, "type": t, "anonymous": a} for n, t, a in sources],
        "attributions": [{}] * attributions,
        "summary": {"checkworthy_claims": checkworthy, "unattributed_checkworthy_claims": unsourced},
    }


RECORDS = [
    record(None, "https://www.example.org/a", "2016-09-12", 500,
           [("Jane Doe", "person", False), ("officials", "anonymous", True)], 4, 10, 5),
    record(None, "https://example.org/b", "2016-09-30T10:00:00Z", 1500,
           [("Jane Doe", "person", False), ("Reuters", "media_outlet", False)], 2, 6, 1),
    record("Other.com", "https://ignored.net/c", "2016-10-01", 1000, [("sources", "anonymous", True)], 1, 0, 0),
    record(None, None, "sometime", 100, [], 0, 2, 2),
    {"id": "bad", "line": 5, "error": {"code": "empty_text", "message": "'text' is empty"}},
]


def test_aggregate_per_outlet_and_month():
    result = aggregate.aggregate(RECORDS)
    assert set(result.groups) == {("example.org", "2016-09"), ("other.com", "2016-10"), ("unknown", "unknown")}
    sept = result.groups[("example.org", "2016-09")]
    assert (sept.articles, sept.words, sept.sources, sept.anonymous_sources) == (2, 2000, 4, 1)
    assert sept.anonymous_share == 0.25
    assert sept.attributions_per_1000_words == 3.0  # 6 attributions in 2,000 words
    assert sept.unsourced_checkworthy_share == 6 / 16
    assert sept.top_sources() == [("Jane Doe", 2), ("Reuters", 1)]  # anonymous sources are never "cited"
    assert result.groups[("unknown", "unknown")].anonymous_share is None  # no sources: no share, not 0
    assert result.errors == {"empty_text": 1}
    assert result.source_types()[0] in {"person", "anonymous"}


def test_top_sources_merge_name_variants_without_counting_an_article_twice():
    people = [("Donald J. Trump", "politician", False), ("Mr. Trump", "politician", False)]
    records = [record(None, "https://example.org/a", "2016-09-01", 100, people, 1, 0, 0),
               record(None, "https://example.org/b", "2016-09-02", 100, [("Trump", "politician", False)], 1, 0, 0),
               record(None, "https://example.org/c", "2016-09-03", 100, [("Donald Trump", "politician", False),
                                                                         ("Ivanka Trump", "person", False)], 1, 0, 0),
               record(None, "https://example.org/d", "2016-09-04", 100, [("Reuters", "media_outlet", False)], 1, 0, 0)]
    tally = aggregate.aggregate(records).groups[("example.org", "2016-09")]
    # Across articles, "Trump" is ambiguous once two full names end in it: it stays apart.
    assert tally.top_sources() == [("Donald Trump", 2), ("Ivanka Trump", 1), ("Reuters", 1), ("Trump", 1)]
    alone = aggregate.aggregate(records[:2]).groups[("example.org", "2016-09")]
    assert alone.top_sources() == [("Donald J. Trump", 2)]  # one article each, not three mentions
    assert aggregate.name_key("Dr. Jane Q. Doe") == aggregate.name_key("Jane Doe") == "jane doe"


def test_tables_are_written_as_csv_and_parquet(tmp_path: Path):
    import pyarrow.parquet as pq

    written = aggregate.write_tables(aggregate.aggregate(RECORDS), tmp_path)
    assert {p.name for p in written} == {"by_outlet_month.csv", "by_outlet_month.parquet", "by_outlet.csv",
                                         "by_outlet.parquet"}
    table = pq.read_table(tmp_path / "by_outlet.parquet").to_pylist()
    example = next(r for r in table if r["outlet"] == "example.org")
    assert example["sources_person"] == 2 and example["anonymous_share"] == 0.25
    assert example["top_sources"] == "Jane Doe (2); Reuters (1)"
    csv_text = (tmp_path / "by_outlet_month.csv").read_text()
    assert csv_text.splitlines()[0].startswith("outlet,month,articles,words,sources,anonymous_sources,anonymous_share")


def test_report_is_self_contained_and_escapes_archive_text(tmp_path: Path):
    hostile = record("<script>alert(1)</script>", None, "2016-09-01", 100,
                     [('<img src="https://evil.example/x.png">', "person", False)], 1, 1, 0)
    html = report.render(aggregate.aggregate([*RECORDS, hostile]), title="archive <i>1</i>")
    assert "<script>" not in html and "<img" not in html and "<i>1</i>" not in html
    assert "&lt;script&gt;" in html
    # Nothing loads from anywhere: no src/href attributes, no url(), no @import; a CSP forbids the rest.
    assert not re.search(r"""<[^>]*\s(src|href)\s*=|url\(|@import""", html)
    assert "default-src 'none'" in html
    assert html.count("<svg") == 2
    assert "example.org" in html and "25.0%" in html  # the anonymous share of example.org
    assert "empty_text" in html  # bad lines are reported, not hidden
