"""Page furniture: newsletter boxes, share prompts, copyright and republishing lines."""

from __future__ import annotations

import pytest
from sourcelight.annotation import TextSpan
from sourcelight.pipeline import Pipeline
from sourcelight.stages.furniture import find_furniture, line_ranges, mentions_web, merge, segments, web_positions

ARTICLE = (
    "The city council approved a budget of $4 million on Tuesday, officials said.\n"
    "The vote followed months of debate over road repairs and school funding.\n"
)


def furniture_texts(pipeline: Pipeline, text: str) -> list[str]:
    doc = pipeline.nlp(text)
    return [f.text for f in doc._.sl_furniture]


def test_seed_closing_lines_are_furniture(seed_text: str, seed_annotation: dict) -> None:
    spans = seed_annotation["furniture"]
    assert spans, "the seed's newsletter and republishing block is furniture"
    covered = "".join(seed_text[f["start"] : f["end"]] for f in spans)
    for line in ("New MEE newsletter: Jerusalem Dispatch", "Sign up to get the latest insights",
                 "Middle East Eye delivers independent", "republishing this content",
                 "More about MEE can be found here."):
        assert line in covered
    # The article itself is not furniture.
    assert "26 civilians" not in covered and "Albu Kamal" not in covered.split("Sign up")[0]


def test_spans_are_exact_slices(seed_text: str, seed_annotation: dict) -> None:
    for f in seed_annotation["furniture"]:
        assert seed_text[f["start"] : f["end"]] == f["text"]


@pytest.mark.parametrize("footer", [
    "Subscribe to our daily newsletter to get the top stories in your inbox.",
    "Share this article on Facebook and Twitter",
    "Read more: Why the council vote matters",
    "© 2024 Example News Ltd. All rights reserved.",
    "Copyright 2023 The Daily Example",
    "Click here to download our app.",
    "Follow us on Instagram for the latest updates.",
    "Sign up for breaking news alerts",
    "More information about our editorial standards can be found here.",
])
def test_common_footers_are_furniture(pipeline: Pipeline, footer: str) -> None:
    found = furniture_texts(pipeline, ARTICLE + footer)
    assert found and footer.strip() in found[-1]
    assert not any("city council" in f for f in found)


@pytest.mark.parametrize("line", [
    "The treaty was signed by 40 countries and shared with the press on Monday.",
    "Police said they would read more into the messages before charging anyone.",
    "She subscribed to the theory that the law was unconstitutional, her lawyer said.",
    "Lawmakers voted to ban advertising of tobacco to children.",
    "\"If you received this email, delete it,\" police warned on Twitter.",
    "The company said users could share photos with friends on the app.",
])
def test_news_sentences_with_web_words_are_not_furniture(pipeline: Pipeline, line: str) -> None:
    assert furniture_texts(pipeline, ARTICLE + line + "\n") == []


def test_line_ranges_trim_whitespace() -> None:
    text = "  one \n\ntwo\n"
    assert [text[s:e] for s, e in line_ranges(text)] == ["one", "two"]


def test_merge_joins_spans_split_by_whitespace_only() -> None:
    text = "aa\nbb cc"
    spans = [TextSpan.of(text, 0, 2), TextSpan.of(text, 3, 5), TextSpan.of(text, 6, 8)]
    assert merge(spans, text) == [TextSpan.of(text, 0, 8)]
    assert merge([TextSpan.of(text, 0, 2), TextSpan.of(text, 6, 8)], text) == [
        TextSpan.of(text, 0, 2), TextSpan.of(text, 6, 8)]


def test_segments_split_at_line_breaks(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("IS in Iraq\nAcross the border, forces seized villages.")
    assert [s.text for s in segments(doc)] == ["IS in Iraq", "Across the border, forces seized villages."]


def test_find_furniture_on_text_without_any(pipeline: Pipeline) -> None:
    stage = pipeline.nlp.get_pipe("sl_furniture")
    assert find_furniture(pipeline.nlp(ARTICLE), stage.matcher) == []


def test_web_positions_are_the_tokens_mentions_web_counts(pipeline: Pipeline) -> None:
    # The stage reads only sentences holding one of these: the array reading must agree
    # with the token one (lemma or lower form, any case: "Newsletters", "EMAIL").
    doc = pipeline.nlp("Sign up for our Newsletters. Police said in an EMAIL that the app was down.\nSUBSCRIBE today.")
    assert web_positions(doc) == [t.i for t in doc if mentions_web([t])]
    assert [doc[i].text for i in web_positions(doc)] == ["Newsletters", "EMAIL", "app", "SUBSCRIBE"]
    assert web_positions(pipeline.nlp.make_doc("")) == []
