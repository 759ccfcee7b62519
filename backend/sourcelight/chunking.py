"""Tokenize any text in bounded time, piece by piece, with the exact same text.

spaCy's tokenizer is quadratic in the length of a run without whitespace when the
run is made of prefixes, suffixes or emoji: 20,000 "(" or emoji, a 20 KB request,
took 97 s and 117 s, longer than gunicorn's worker timeout. So runs longer than
``MAX_RUN`` are cut into pieces of that length (no real word is that long; a cut
only changes how the garbage or an enormous URL splits into tokens), long texts are
cut at single spaces about every ``PIECE`` characters, and ``check`` runs before each
piece so a caller's deadline also covers tokenization. ``Doc.from_docs`` puts the
pieces back together: the Doc's text is the input, character for character.

The model's own components cannot be interrupted, and their cost follows the number
of tokens, so a text that splits into more than ``MAX_TOKENS`` (prose of the maximum
length has about 40,000; 200,000 "(" make 200,000) is refused with ``TooManyTokens``
as soon as the count passes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 100  # characters without whitespace tokenized as one piece
MAX_TOKENS = 70_000  # 200,000 characters of news prose make about 40,000 tokens
PIECE = 10_000  # characters tokenized between two ``check`` calls
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))
_SPACE = re.compile(r"(?<=\S) (?=\S)")  # a cut after one space between words changes no token


class TooManyTokens(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} tokens")
        self.limit = limit


def pieces(text: str) -> Iterator[str]:
    """Consecutive slices of ``text`` that join back to it; none is hard to tokenize."""
    cuts = {0, len(text)}
    for run in _LONG_RUN.finditer(text):
        cuts.update(range(run.start() + MAX_RUN, run.end(), MAX_RUN))
    last = 0
    for space in _SPACE.finditer(text):
        if space.end() - last >= PIECE:
            cuts.add(last := space.end())
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:]):
        yield text[start:end]


def make_doc(nlp: Language, text: str, check: Callable[[], None] = lambda: None,
             max_tokens: int | None = MAX_TOKENS) -> Doc:
    """``nlp.make_doc(text)``, in pieces, calling ``check()`` (which may raise) before each."""
    docs, tokens = [], 0
    for piece in pieces(text):
        check()
        docs.append(nlp.make_doc(piece))
        tokens += len(docs[-1])
        if max_tokens is not None and tokens > max_tokens:
            raise TooManyTokens(max_tokens)
    if len(docs) == 1:
        return docs[0]
    if not docs:
        return nlp.make_doc(text)
    return Doc.from_docs(docs, ensure_whitespace=False)
