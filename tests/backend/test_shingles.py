"""The article-extraction benchmark's measure (measure/shingles.py), on hand-made texts."""

from __future__ import annotations

import pytest
from sourcelight.measure.shingles import PageScore, score_page, shingles, summarise


def test_shingles_are_four_token_runs_with_counts():
    found = shingles("a b c d e, a b c d!")
    assert found[("a", "b", "c", "d")] == 2
    assert found[("b", "c", "d", "e")] == 1
    assert sum(found.values()) == 6  # 9 tokens -> 6 runs


def test_tokens_are_word_characters_in_any_script():
    assert list(shingles("Привет, мир — 안녕 세상")) == [("Привет", "мир", "안녕", "세상")]


def test_short_text_is_one_shingle_and_empty_text_none():
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("  ... ") == {}


def test_identical_texts_score_one():
    s = score_page("The mayor said the bridge will reopen in May.", "The mayor said the bridge will reopen in May.")
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_extra_furniture_lowers_precision_not_recall():
    truth = "one two three four five"                 # 2 shingles
    s = score_page(truth, "Subscribe now " + truth)   # 4 shingles, 2 of them true
    assert s == PageScore(tp=2, fp=2, fn=0)
    assert (s.precision, s.recall) == (0.5, 1.0)


def test_a_repeated_shingle_matches_only_as_often_as_the_truth_has_it():
    truth = "w x y z"
    s = score_page(truth, "w x y z. w x y z")   # 5 shingles, one of them the true one
    assert s == PageScore(tp=1, fp=4, fn=0)


def test_missing_half_lowers_recall():
    truth = "a b c d e f g h i"          # 6 shingles
    s = score_page(truth, "a b c d e f")  # 3 shingles, all true
    assert (s.precision, s.recall) == (1.0, 0.5)


def test_nothing_sent_has_no_precision_and_recall_zero():
    s = score_page("a b c d e", "")
    assert s.precision is None and s.recall == 0.0 and s.f1 == 0.0


def test_summary_averages_per_page_then_takes_f1():
    perfect = score_page("a b c d e", "a b c d e")
    half = score_page("a b c d e f g h i", "a b c d e f")
    refused = score_page("a b c d e", "")
    out = summarise([perfect, half, refused])
    assert out.pages == 3
    assert out.precision == 1.0                       # the refused page has no precision
    assert out.recall == pytest.approx(0.5)           # (1 + 0.5 + 0) / 3
    assert out.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert out.strict_precision == pytest.approx(2 / 3)  # the refused page counts as 0
    assert out.strict_f1 < out.f1


def test_summary_of_no_pages_is_zero():
    out = summarise([])
    assert (out.pages, out.f1, out.strict_f1) == (0, 0.0, 0.0)
