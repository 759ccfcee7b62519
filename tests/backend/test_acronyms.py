"""Acronym definitions (Schwartz-Hearst) and uses, on a blank English pipeline."""

from __future__ import annotations

import pytest
import spacy
from sourcelight.stages.entities.acronyms import (
    common_words,
    find_definitions,
    find_uses,
    long_form_start,
    short_form_ok,
)


@pytest.fixture(scope="module")
def nlp():
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank


@pytest.mark.parametrize(
    "long_form, short_form, expected",
    [
        ("the Islamic State", "IS", "Islamic State"),
        ("said the World Health Organization", "WHO", "World Health Organization"),
        ("Kurdistan Democratic Party", "KDP", "Kurdistan Democratic Party"),
        ("a new heart drug", "XQZ", None),
    ],
)
def test_long_form_start(long_form, short_form, expected):
    start = long_form_start(long_form, short_form)
    assert (long_form[start:] if start is not None else None) == expected


@pytest.mark.parametrize("text, ok", [("IS", True), ("NATO", True), ("U.S.", True), ("aspirin", False), ("1990", False), ("A", False)])
def test_short_form_filter(text, ok):
    assert short_form_ok(text) is ok


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("The Islamic State (IS) group took the town.", "IS", "Islamic State"),
        ("Officials of the Kurdistan Democratic Party (KDP) met.", "KDP", "Kurdistan Democratic Party"),
        ("He took a new drug (aspirin) daily.", None, None),
        ("The vote (2016) was close.", None, None),
    ],
)
def test_find_definitions(nlp, text, short, long):
    found = [(d.short.text, d.long.text) for d in find_definitions(nlp(text))]
    assert found == ([(short, long)] if short else [])


def test_uses_skip_the_word_in_capitals(nlp):
    doc = nlp("The Islamic State (IS) group. IS leader spoke. THIS IS WAR, said the IS. This is it.")
    uses = find_uses(doc, "IS", common_words(doc))
    text = doc.text
    expected = [text.index("(IS") + 1, text.index("IS leader"), text.rindex("the IS") + 4]
    assert [u.start_char for u in uses] == expected
    assert all(u.text == "IS" for u in uses)


def test_uses_in_capitals_kept_when_not_a_word(nlp):
    doc = nlp("The North Atlantic Treaty Organization (NATO) met. NATO WARNS RUSSIA.")
    assert len(find_uses(doc, "NATO", common_words(doc))) == 2  # "NATO" is no word
