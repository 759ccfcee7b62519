"""Acronyms defined in the text ("the Islamic State (IS) group"), and their later uses.

Definitions follow Schwartz & Hearst (2003), "A simple algorithm for identifying
abbreviation definitions in biomedical text", as scispacy's AbbreviationDetector
does: a short form in parentheses, whose characters are found in order in the words
before it, the first one starting a word. Uses of the short form are then found
everywhere, case-sensitively, except where an all-caps short form that is also a
common word sits in all-caps text ("THIS IS WAR"): there it is the word.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from sourcelight import deadline
from sourcelight.stages.positions import sentences

NEAR = 20  # tokens looked at on each side for the nearest word (bounds the work per use)


class Definition(NamedTuple):
    short: Span  # the short form inside the parentheses
    long: Span  # its expansion, ending just before "("


def short_form_ok(text: str) -> bool:
    """Short-form filter (scispacy's): 2-10 characters, starts with a letter, mostly letters."""
    if not 2 <= len(text) <= 10 or not text[0].isalpha() or " " in text.strip():
        return False
    return sum(c.isalpha() for c in text) / len(text) >= 0.5 and any(c.isupper() for c in text)


def long_form_start(long_form: str, short_form: str) -> int | None:
    """Character index where the long form begins, or None if the short form does not fit.

    Walks both strings backwards: every alphanumeric character of the short form must
    occur in order in the long form, and its first character must start a word.
    """
    li = len(long_form) - 1
    for si in range(len(short_form) - 1, -1, -1):
        char = short_form[si].lower()
        if not char.isalnum():
            continue
        while li >= 0 and (
            long_form[li].lower() != char or (si == 0 and li > 0 and long_form[li - 1].isalnum())
        ):
            li -= 1
        if li < 0:
            return None
        li -= 1
    return li + 1


def find_definitions(doc: Doc) -> list[Definition]:
    """Every "long form (SF)" definition in the Doc."""
    found: list[Definition] = []
    for token in doc:
        if token.text != "(" or token.i < 1:
            continue
        close = next((t.i for t in doc[token.i + 1 : token.i + 4] if t.text == ")"), None)
        if close is None or close == token.i + 1:
            continue
        short = doc[token.i + 1 : close]
        if not short_form_ok(short.text):
            continue
        definition = match_long_form(doc, short, token.i)
        if definition is not None:
            found.append(definition)
    return found


def match_long_form(doc: Doc, short: Span, paren: int) -> Definition | None:
    n = len(short.text)
    window = doc[max(paren - min(n + 5, n * 2), sentences(doc).start_of(paren)) : paren]
    start = long_form_start(window.text, short.text)
    if start is None:
        return None
    long = window.char_span(start, len(window.text), alignment_mode="expand")
    if long is None or len(long) > len(short.text) + 5 or not long[0].is_alpha:
        return None
    # Leading function words are not part of a name: "the Islamic State".
    while len(long) > 1 and long[0].is_lower and long[0].is_stop:
        long = long[1:]
    return Definition(short, long)


def in_caps_text(token: Token) -> bool:
    """True when the nearest words on both sides (within ``NEAR`` tokens, in the sentence)
    are capitals too (a headline, a shout)."""
    sent = sentences(token.doc).of(token.i)
    doc = token.doc
    before = next((t for t in reversed(doc[max(sent.start, token.i - NEAR) : token.i]) if t.is_alpha), None)
    after = next((t for t in doc[token.i + 1 : min(sent.end, token.i + 1 + NEAR)] if t.is_alpha), None)
    neighbours = [t for t in (before, after) if t is not None]
    return bool(neighbours) and all(t.is_upper for t in neighbours)


def is_word_use(tokens: Span, common: set[str]) -> bool:
    """Whether an all-caps short form is here a word ("IS" in "THIS IS IT"), not the name."""
    text = tokens.text
    if not text.isupper() or text.lower() not in common:
        return False
    return in_caps_text(tokens[0])


def common_words(doc: Doc) -> set[str]:
    """Words this text uses in lower case, plus English stop words."""
    return {t.lower_ for t in doc if t.is_lower} | STOP_WORDS


def token_positions(doc: Doc) -> dict[str, list[int]]:
    """Token text -> the indices of its tokens, in order: uses are looked up, not scanned for."""
    positions: dict[str, list[int]] = {}
    for token in doc:
        positions.setdefault(token.text, []).append(token.i)
    return positions


def find_uses(doc: Doc, short_text: str, common: set[str],
              positions: dict[str, list[int]] | None = None) -> list[Span]:
    """Every use of a short form as a name (case-sensitive, whole tokens)."""
    positions = token_positions(doc) if positions is None else positions
    # A use starts with a token whose text is a prefix of the short form ("U.S." may be "U.S" + ".").
    starts = sorted(i for k in range(1, len(short_text) + 1) for i in positions.get(short_text[:k], ()))
    uses: list[Span] = []
    for token in (doc[i] for i in starts):
        deadline.check("sl_entities")
        span = doc.char_span(token.idx, token.idx + len(short_text))
        if span is not None and span.text == short_text and not is_word_use(span, common):
            uses.append(span)
    return uses
