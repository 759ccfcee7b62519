"""The CoNLL-2003 scorer: reading, rebuilding, scoring, and a floor against bare spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest
from sourcelight.measure.conll import Tally, evaluate, read_conll, rebuild

SAMPLE = [
    [("EU", "B-ORG"), ("rejects", "O"), ("German", "B-MISC"), ("call", "O")],
    [("Peter", "B-PER"), ("Blackburn", "I-PER"), ("in", "O"), ("New", "B-LOC"), ("York", "I-LOC")],
]


def test_rebuild_text_and_spans():
    doc = rebuild(SAMPLE)
    assert doc.text == "EU rejects German call\nPeter Blackburn in New York"
    assert {(doc.text[s:e], label) for s, e, label in doc.spans} == {
        ("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PER"), ("New York", "LOC")
    }


def test_tally_scores():
    tally = Tally.empty()
    tally.add({(0, 2, "ORG"), (3, 5, "PER")}, {(0, 2, "ORG"), (3, 6, "PER")})
    assert tally.prf("ORG") == (1.0, 1.0, 1.0)
    assert tally.prf() == (0.5, 0.5, 0.5)


@pytest.mark.parametrize(
    "gold, pred, strict, lenient",
    [
        ({(0, 9, "PER")}, {(4, 9, "PER")}, 0.0, 1.0),  # "Mr. Smith" against "Smith": overlaps
        ({(0, 9, "PER")}, {(4, 9, "ORG")}, 0.0, 0.0),  # overlap with the wrong label
        ({(0, 9, "PER")}, {(10, 12, "PER")}, 0.0, 0.0),  # no overlap
        ({(0, 9, "PER"), (10, 12, "LOC")}, {(0, 9, "PER")}, 2 / 3, 2 / 3),
    ],
)
def test_tally_strict_and_lenient(gold, pred, strict, lenient):
    tally = Tally.empty()
    tally.add(gold, pred)
    assert tally.prf()[2] == pytest.approx(strict)
    assert tally.prf(lenient=True)[2] == pytest.approx(lenient)


@pytest.fixture(scope="module")
def conll(data_dir: Path):
    path = data_dir / "conll2003" / "valid.txt"
    if not path.exists():
        pytest.skip(f"no CoNLL data at {path}")
    return read_conll(path)


def test_reads_every_document(conll):
    assert len(conll) == 216 and sum(len(d.spans) for d in conll) == 5942


def test_stage_beats_bare_spacy_on_a_slice(conll):
    # every 8th document: a spread of sports, politics and markets news
    bare, ours, _ = evaluate(conll[::8])
    assert ours.prf()[2] >= bare.prf()[2] + 0.08
    assert ours.prf("ORG")[2] >= bare.prf("ORG")[2] + 0.2  # teams, name shapes, known names
    for label in ("PER", "LOC", "MISC"):
        assert ours.prf(label)[2] >= bare.prf(label)[2] - 0.02
