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


def test_strict_match_needs_half_the_content():
    gold = [polnear.Gold(content=((0, 100),), source=((200, 210),))]

    def pred(end: int) -> Attribution:
        text = "x" * 300
        return Attribution("a1", "indirect", TextSpan.of(text, 110, 115), TextSpan.of(text, 200, 205),
                           TextSpan.of(text, 0, end))

    assert polnear.iou(((0, 100),), ((50, 150),)) == 50 / 150
    assert polnear.score(gold, [pred(10)]).correct == 1  # lenient: any overlap
    assert polnear.score(gold, [pred(10)], strict=True).correct == 0  # IoU 0.1
    assert polnear.score(gold, [pred(60)], strict=True).correct == 1  # IoU 0.6


def test_one_to_one_counts_a_long_prediction_once():
    text = "x" * 300
    golds = [polnear.Gold(((0, 50),), None), polnear.Gold(((60, 110),), None)]
    long = Attribution("a1", "indirect", TextSpan.of(text, 200, 205), None, TextSpan.of(text, 0, 110))
    lenient = polnear.score(golds, [long])
    paired = polnear.score(golds, [long], paired=True)
    assert lenient.found == 2 and lenient.correct == 1
    assert paired.found == 1 and paired.correct == 1
    assert paired.report()["recall"] == 0.5


def test_one_to_one_finds_the_maximum_pairing():
    # prediction 0 fits both golds, prediction 1 only the first: both golds can be paired
    table = [[True, True], [True, False]]
    assert sorted(polnear.one_to_one(table)) == [(0, 1), (1, 0)]
    assert polnear.one_to_one([]) == []


def test_recall_split_by_speech_and_other_cues(pipeline):
    text = "Smith said the plan failed. Jones believes the plan failed."
    doc = pipeline.nlp.make_doc(text)
    for token in doc:  # lemmas as the tagger would give them; the split reads only lemmas
        token.lemma_ = {"said": "say", "believes": "believe"}.get(token.text, token.text.lower())
    golds = [polnear.Gold(((11, 26),), ((0, 5),), ((6, 10),)),
             polnear.Gold(((46, 58),), ((28, 33),), ((34, 42),))]
    found = Attribution("a1", "indirect", TextSpan.of(text, 6, 10), TextSpan.of(text, 0, 5),
                        TextSpan.of(text, 11, 26))
    counts = polnear.score(golds, [found], doc=doc)
    assert (counts.speech_gold, counts.speech_found, counts.other_gold, counts.other_found) == (1, 1, 1, 0)
    assert counts.report()["recall_speech"] == 1.0 and counts.report()["recall_other"] == 0.0
