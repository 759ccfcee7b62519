"""The shared word-list rules (wordlists.py): one courtesy-title rule for every stage."""

from __future__ import annotations

import pytest
import spacy
from sourcelight.stages.entities.mentions import honorific_start
from sourcelight.stages.sources.source_types import role_word
from sourcelight.stages.entities.mentions import is_honorific


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Mr.", True),
        ("Mr", True),
        ("MRS", True),
        ("Mrs.", True),
        ("Dr.", True),
        ("Prof.", True),
        # The sources stage used to lower-case and strip these and call them titles,
        # where the entities stage (capitalised, final dots only) did not.
        ("mr", False),
        ("dr.", False),
        ("miss", False),  # "did not miss"
        ("lady", False),
        ("sir", False),
        ("Mr,", False),
        ("'Mr", False),
        ("Mister", False),
        ("President", False),  # an office: a role, not a courtesy title
        ("", False),
    ],
)
def test_is_honorific(word: str, expected: bool) -> None:
    assert is_honorific(word) is expected


@pytest.mark.parametrize("text, name_start", [("said Mr. Smith", 1), ("said MRS Smith", 1), ("said mr Smith", 2)])
def test_a_name_takes_in_the_titles_the_rule_accepts(text: str, name_start: int) -> None:
    doc = spacy.blank("en")(text)
    assert honorific_start(doc, len(doc) - 1) == name_start


def test_a_courtesy_title_is_never_a_role() -> None:
    assert role_word("Mrs.") is None and role_word("Dr") is None
    assert role_word("spokesman") is not None
