"""Claims: one per article sentence, typed, with hedges, quantities and attribution links."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sourcelight.annotation import Attribution, TextSpan
from sourcelight.pipeline import Pipeline
from sourcelight.stages.claims.component import (
    CHECKWORTHY,
    TYPE_ORDER,
    choose_type,
    AttributionLinks,
    read_cues,
)
from sourcelight.stages.claims.quantities import find_quantities


def claim_with(annotation: dict, words: str) -> dict:
    found = [c for c in annotation["claims"] if words in c["text"]]
    assert len(found) == 1, f"one claim containing {words!r}"
    return found[0]


def only_claim(pipeline: Pipeline, sentence: str) -> dict:
    claims = pipeline.annotate(sentence)["claims"]
    assert len(claims) == 1
    return claims[0]


# --- the seed article -----------------------------------------------------------------

def test_seed_civilians_claim_is_checkworthy_quantity(seed_annotation: dict) -> None:
    claim = claim_with(seed_annotation, "26 civilians")
    assert claim["checkworthiness"] >= CHECKWORTHY
    assert claim["type"] == "quantity"
    quantities = {q["text"]: (q["value"], q["unit"]) for q in claim["quantities"]}
    assert quantities["26 civilians"] == (26, "civilians")
    assert quantities["nine children"] == (9, "children")


def test_seed_civilians_claim_is_attributed_to_the_observatory(seed_annotation: dict) -> None:
    claim = claim_with(seed_annotation, "26 civilians")
    attributions = {a["id"]: a for a in seed_annotation["attributions"]}
    assert claim["attribution"] in attributions and not claim["unattributed"]
    attribution = attributions[claim["attribution"]]
    source = next((s for s in seed_annotation["sources"] if s["id"] == attribution["source_id"]), None)
    named = (source or {}).get("name", "") + " " + ((attribution["source"] or {}).get("text") or "")
    assert "Observatory" in named


def test_seed_baghdadi_claim_is_hedged(seed_annotation: dict) -> None:
    claim = claim_with(seed_annotation, "al-Baghdadi was reported")
    assert "was reported to have been" in [h["text"] for h in claim["hedges"]]


def test_seed_non_answer_is_a_hedge(seed_annotation: dict) -> None:
    claim = claim_with(seed_annotation, "releasable")
    assert any("releasable information" in h["text"] for h in claim["hedges"])


def test_seed_range_quantity(seed_annotation: dict) -> None:
    claim = claim_with(seed_annotation, "kilometres")
    q = next(q for q in claim["quantities"] if "kilometres" in q["text"])
    assert (q["value"], q["value_max"], q["unit"]) == (1, 2, "km")


def test_seed_furniture_and_headings_have_no_claims(seed_text: str, seed_annotation: dict) -> None:
    tail = seed_text.index("New MEE newsletter")
    assert all(c["end"] <= tail for c in seed_annotation["claims"])
    assert not [c for c in seed_annotation["claims"] if c["text"].strip() == "IS in Iraq"]


def test_seed_claim_spans_are_exact(seed_text: str, seed_annotation: dict) -> None:
    for claim in seed_annotation["claims"]:
        spans = [claim, *claim["hedges"], *claim["type_cues"], *claim["quantities"]]
        for span in spans:
            assert seed_text[span["start"] : span["end"]] == span["text"]
            assert claim["start"] <= span["start"] <= span["end"] <= claim["end"]


def test_seed_scores_are_probabilities(seed_annotation: dict) -> None:
    scores = [c["checkworthiness"] for c in seed_annotation["claims"]]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len(seed_annotation["claims"]) >= 10


# --- types, hedges, quantities on short texts ----------------------------------------

@pytest.fixture
def rules_only(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    """The pipeline with its claim types from the cue rules alone (no type head): what the
    cue table below checks is the rules; the head is checked in test_type_head.py."""
    monkeypatch.setattr(pipeline.nlp.get_pipe("sl_claims").model, "head", None, raising=False)
    return pipeline


def test_the_stage_shows_what_the_type_head_decides_in_the_stage_order(pipeline: Pipeline,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    model = pipeline.nlp.get_pipe("sl_claims").model
    if getattr(model, "head", None) is None:
        pytest.skip("the claim model has no type head")
    # a head that finds event and rule in every sentence, whatever its words
    bias = np.array([1.0 if t in ("event", "rule") else -1.0 for t in model.head.types])
    monkeypatch.setattr(model, "head", dataclasses.replace(model.head, weights=np.zeros_like(model.head.weights),
                                                           bias=bias))
    text = "Inflation in the province rose to 7.9 percent in October, the statistics office said."
    claim = only_claim(pipeline, text)
    assert claim["type"] == "rule" and claim["type_cues"] == []  # rule comes before event; no rule words

@pytest.mark.parametrize("sentence, expected, cue", [
    ("Unemployment fell to 4.2 percent in March.", "quantity", "4.2 percent"),
    ("Prices rose because the central bank cut interest rates.", "causal", "because"),
    ("The storm will reach the coast by Friday, forecasters say.", "prediction", "will"),
    ("The new law bans smoking in all public parks.", "rule", "law"),
    ("Rebels captured the city of Kherson on Monday.", "event", "captured"),
    ("The minister told reporters that talks had stalled.", "attributed", "told"),
    ("I think this is the best team in the country.", "opinion", "think"),
    ("When I was a child my father worked in a steel mill.", "personal", "father"),
    # opinion outranks every type but quantity: a judgement about the future is not checkable
    ("The new tax would be a disaster for farmers.", "opinion", "a disaster"),
    ("The senator called the ruling a huge win for voters.", "opinion", "called"),
    # a quotation's own sentence is someone's words even where "she said" is elsewhere
    ("“The convoy left the town before the shelling started.", "attributed", "“"),
    ("The slowdown is driven by weak business investment.", "causal", "driven by"),
    # causes named by a verb of influence or dependence, or by a changed risk
    ("Sleep affects your hunger and appetite.", "causal", "affects"),
    ("The harvest depends on the spring rains.", "causal", "depends on"),
    ("Heavy drinking can increase the risk of liver disease.", "causal", "increase the risk"),
    ("The bank raised its rates, which means loans cost more.", "causal", "which means"),
])
def test_claim_types_with_cues(rules_only: Pipeline, sentence: str, expected: str, cue: str) -> None:
    claim = only_claim(rules_only, sentence)
    assert claim["type"] == expected
    assert any(cue in c["text"] for c in claim["type_cues"])


@pytest.mark.parametrize("sentence, hedge", [
    ("The commander is believed to have fled to Turkey.", "is believed to have"),
    ("The suspect allegedly fired at police.", "allegedly"),
    ("The death toll could rise further.", "could"),
    ("The ministry declined to comment on the report.", "declined to comment"),
    ("Officials said the blast may have been caused by a gas leak.", "may"),
    ("The report, which remains unconfirmed, cited local sources.", "unconfirmed"),
    ("A man said to be the group's leader was arrested.", "said to be"),
])
def test_hedges(pipeline: Pipeline, sentence: str, hedge: str) -> None:
    assert hedge in [h["text"] for h in only_claim(pipeline, sentence)["hedges"]]


def test_may_the_month_is_not_a_hedge(pipeline: Pipeline) -> None:
    assert only_claim(pipeline, "The election was held in May 2019.")["hedges"] == []


@pytest.mark.parametrize("sentence, text, value, unit", [
    ("Rescuers found 26 civilians in the rubble.", "26 civilians", 26, "civilians"),
    ("Soldiers took 10 other villages near the border.", "10 other villages", 10, "villages"),
    ("The company paid $3.5 million in fines.", "$3.5 million", 3_500_000, "USD"),
    ("Turnout reached 62 percent on Sunday.", "62 percent", 62, "%"),
    ("More than 1,200 people were evacuated.", "1,200 people", 1200, "people"),
    ("Officials counted four hundred thousand jobs lost.", "four hundred thousand jobs", 400_000, "jobs"),
    ("We use forty-four per cent of our capacity.", "forty-four per cent", 44, "%"),
])
def test_quantities(pipeline: Pipeline, sentence: str, text: str, value: float, unit: str) -> None:
    doc = pipeline.nlp(sentence)
    found = {(q.span.text, q.value, q.unit) for q in find_quantities(doc[:])}
    assert (text, value, unit) in found


@pytest.mark.parametrize("sentence", [
    "The group overran the region in 2014, two years ago.",
    "The border between the two countries was closed on 4 May.",
])
def test_dates_and_back_references_are_not_quantities(pipeline: Pipeline, sentence: str) -> None:
    doc = pipeline.nlp(sentence)
    assert find_quantities(doc[:]) == []


@pytest.mark.parametrize("sentence,text", [
    ("The jury took just 15 minutes to find him guilty.", "15 minutes"),
    ("The group held the region for three years.", "three years"),
    ("Patrick W. Carlineo Jr., 55, of Addison, pleaded guilty.", "55"),
    ("I'm 74 and was tempted to go to the police.", "74"),
])
def test_durations_and_ages_are_quantities(pipeline: Pipeline, sentence: str, text: str) -> None:
    """spaCy tags them DATE or TIME, but they measure (the guide counts them; labels agree)."""
    doc = pipeline.nlp(sentence)
    assert text in {q.span.text for q in find_quantities(doc[:])}


# --- links to attributions ----------------------------------------------------------

def _attribution(text: str, ident: str, content: str) -> Attribution:
    start = text.index(content)
    cue = TextSpan.of(text, 0, 1)
    return Attribution(ident, "indirect", cue, None, TextSpan.of(text, start, start + len(content)))


def test_link_picks_the_attribution_covering_most_of_the_claim() -> None:
    text = "Police said a man was hurt. The mayor said the bridge was closed for repairs."
    a1 = _attribution(text, "a1", "a man was hurt")
    a2 = _attribution(text, "a2", "the bridge was closed for repairs")
    claim_start = text.index("The mayor")
    links = AttributionLinks([a2, a1])
    assert links.link(0, 5) is None
    assert links.link(0, claim_start - 1) is a1
    assert links.link(claim_start, len(text)) is a2
    with pytest.raises(ValueError):
        links.link(0, 5)  # only in text order
    assert AttributionLinks([a2]).link(0, 5) is None
    # A tie goes to the first listed, as before the sweep.
    twin = _attribution(text, "a3", "the bridge was closed for repairs")
    assert AttributionLinks([twin, a2]).link(claim_start, len(text)) is twin


def test_attributed_claims_and_unattributed_flag(pipeline: Pipeline) -> None:
    """The stage links hand-built attributions written before it runs."""
    text = "The mayor said 40 bridges were closed. Another 12 roads were flooded."
    doc = pipeline.nlp.make_doc(text)
    stage = pipeline.nlp.get_pipe("sl_claims")
    for name, proc in pipeline.nlp.pipeline:
        if name == "sl_claims":
            doc._.sl_attributions = [_attribution(text, "a7", "40 bridges were closed")]
            doc = stage(doc)
            break
        doc = proc(doc)
    first, second = doc._.sl_claims
    assert first.attribution == "a7" and not first.unattributed
    assert second.attribution is None
    assert second.unattributed == (second.checkworthiness >= CHECKWORTHY)


def test_choose_type_prefers_quantity_and_falls_back_to_attributed() -> None:
    assert choose_type({"quantity": [], "event": []}, attributed=True)[0] == "quantity"
    assert choose_type({"event": []}, attributed=True)[0] == "attributed"
    assert choose_type({}, attributed=False)[0] == "other"
    assert choose_type({"prediction": [], "opinion": []}, attributed=True)[0] == "opinion"
    assert choose_type({"quantity": [], "opinion": []}, attributed=False)[0] == "quantity"


def test_cue_list_expands_alternatives() -> None:
    cues = read_cues()
    assert cues["declined to comment"].label == "hedge"
    assert cues["may"].tags == ("MD",)
    assert cues["we believe"].label == "opinion"


# --- POST /claims helper --------------------------------------------------------------

def test_score_sentences_in_order(pipeline: Pipeline) -> None:
    sentences = [
        "The unemployment rate rose to 8 percent last year.",
        "Thank you very much, it's good to be here.",
        "Our country imported 3 million tons of steel from China in 2015.",
    ]
    scores, types = pipeline.score_sentences(sentences)
    assert len(scores) == len(types) == 3
    assert scores[0] > 0.5 > scores[1] and scores[2] > 0.5
    assert types[0] == "quantity" and types[1] in ("other", "opinion")
    assert pipeline.score_sentences([]) == ([], [])
