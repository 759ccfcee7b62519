"""Only agents are sources (stages/sources/agents.py), through the real pipeline: events,
objects, abstractions, clauses, datelines and fragments never become sources, and what
runs into a source phrase (a heading, quoted words) is cut off. Sentences written for
the constructions, not taken from a labelled article."""

from __future__ import annotations

import pytest
from sourcelight.stages.sources.agents import not_agent_nouns, partitive_nouns


def source_texts(annotation) -> list[str]:
    return [a["source"]["text"] for a in annotation["attributions"] if a["source"]]


@pytest.mark.parametrize("text, not_a_source", [
    ("The city was hit by an assault that threatened to upset the fragile calm of the region.", "assault"),
    ("The scan revealed severe inflammation in the man's lungs.", "scan"),
    ("The move signals that the bank expects slower growth next year.", "move"),
    ("No one knows how much the strike will cost the airline.", "No one"),
    ("That said, the agency says the border remains the main entry point.", "That"),
    ("BUFFALO, N.Y. — Hours before the game, coach Bruce Boudreau said he was confident.", "BUFFALO"),
    ("The video has become a focal point for demonstrators, who have called for its release.", "focal point"),
    # A document shows and says, but seeks nothing itself (read on PolNeAR dev).
    ("Judges handling lawsuits seeking information about her tenure have cited the election.", "lawsuits"),
])
def test_what_is_no_agent_is_no_source(pipeline, text, not_a_source):
    found = source_texts(pipeline.annotate(text))
    assert not [s for s in found if not_a_source in s], found
    for source in pipeline.annotate(text)["sources"]:
        assert not_a_source not in source["name"]


@pytest.mark.parametrize("text, source", [
    ("That said, the agency says the border remains the main entry point.", "the agency"),
    ("BUFFALO, N.Y. — Hours before the game, coach Bruce Boudreau said he was confident.", "Bruce Boudreau"),
    ("A new poll shows the senator leading by four points.", "A new poll"),
    ("According to evidence presented at trial, the man grabbed the girl.", "evidence"),
    ("Nobel laureate Jane Doe said the results were clear.", "Jane Doe"),
    ("Polls showing the senator ahead were released on Monday.", "Polls"),
    ("The lawsuit says the company hid the losses.", "The lawsuit"),
    ("Many voters seeking change stayed home.", "Many voters"),
])
def test_agents_stay_sources(pipeline, text, source):
    found = source_texts(pipeline.annotate(text))
    assert [s for s in found if source in s], found


def test_a_heading_is_cut_from_the_source(pipeline):
    text = "The border, he said, is porous.\n\nOur ruling\n\nMcKinley said that the figure was right."
    found = source_texts(pipeline.annotate(text))
    assert "McKinley" in found and not [s for s in found if "ruling" in s], found


def test_quoted_words_are_cut_from_the_source(pipeline):
    text = ('"We see water in vapor form," lead researcher and NASA scientist Lucas Paganini said '
            "in a statement on Monday.")
    found = source_texts(pipeline.annotate(text))
    assert [s for s in found if s.endswith("Lucas Paganini")], found
    assert not [s for s in found if "vapor" in s], found


def test_word_lists_are_data():
    assert not_agent_nouns()["assault"] == "event" and "majority" in partitive_nouns()
    # Documents speak: they are never listed as non-agents.
    assert not {"poll", "study", "report", "video", "evidence"} & set(not_agent_nouns())
