"""Bounded tokenization (chunking.py): the same tokens as spaCy on real text, the exact
text back on any input, and hostile runs cut so they cannot stall a worker."""

from __future__ import annotations

import pytest
from sourcelight import chunking


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def test_real_articles_tokenize_exactly_as_spacy_does(nlp, data_dir, seed_text):
    texts = [path.read_text(encoding="utf-8") for path in sorted((data_dir / "polnear" / "dev" / "text").glob("*.txt"))]
    texts += [seed_text, "\n\n".join(texts)[:200_000]]  # the last one is cut at spaces into pieces
    assert len(list(chunking.pieces(texts[-1]))) > 10
    for text in texts:
        plain, chunked = nlp.make_doc(text), chunking.make_doc(nlp, text)
        assert [(t.text, t.whitespace_, t.idx) for t in chunked] == [(t.text, t.whitespace_, t.idx) for t in plain]


@pytest.mark.parametrize("text", [
    "(" * 5000, "😀" * 3000 + " a", "x" * 1001, "a  b\n\n" * 5000, " " * 300 + "y" * 250 + "\t",
    "https://example.com/" + "a/" * 400 + "?q=1 and more", "", "   ",
])
def test_pieces_join_back_and_no_run_is_long(nlp, text):
    pieces = list(chunking.pieces(text))
    assert "".join(pieces) == text
    assert all(len(run) <= chunking.MAX_RUN for piece in pieces for run in piece.split())
    assert chunking.make_doc(nlp, text).text == text


def test_too_many_tokens_is_refused_early(nlp):
    calls = []
    with pytest.raises(chunking.TooManyTokens):
        chunking.make_doc(nlp, "(" * 200_000, check=lambda: calls.append(1))
    assert len(calls) < 2_000  # stopped once over the limit, well before the end (2,000 pieces)
    assert len(chunking.make_doc(nlp, "(" * 60_000)) == 60_000


def test_check_runs_before_each_piece_and_may_stop_it(nlp):
    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) == 3:
            raise Stop

    with pytest.raises(Stop):
        chunking.make_doc(nlp, "'\"" * 50_000, check=check)
    assert len(calls) == 3
