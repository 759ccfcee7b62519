from __future__ import annotations

from sourcelight.annotation import Attribution, TextSpan
from sourcelight.measure import polnear


def test_parse_ranges_discontinuous():
    assert polnear.parse_ranges("Content 12 40;45 60") == ((12, 40), (45, 60))


def test_score_counts_overlap_and_source():
    text = "Smith said the plan failed."
    gold = [polnear.Gold(((11, 26),), ((0, 5),))]
    good = Attribution("a1", "indirect", TextSpan.of(text, 6, 10), TextSpan.of(text, 0, 5), TextSpan.of(text, 11, 26))
    bad = Attribution("a2", "indirect", TextSpan.of(text, 6, 10), TextSpan.of(text, 6, 10), TextSpan.of(text, 11, 26))
    assert polnear.score(gold, [good]).report()["f1"] == 1.0
    counts = polnear.score(gold, [bad])
    assert counts.correct == 0 and counts.with_source == 1 and counts.source_correct == 0


def test_scorer_on_dev_articles(pipeline, data_dir):
    items = polnear.corpus(data_dir, "dev", limit=6)
    assert len(items) == 6
    docs = pipeline.nlp.pipe(text for _, text, _ in items)
    figures = polnear.evaluate(docs, (polnear.load_gold(ann) for _, _, ann in items)).report()
    assert figures["precision"] >= 0.55 and figures["recall"] >= 0.3 and figures["source_precision"] >= 0.7
