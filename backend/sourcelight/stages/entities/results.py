"""Sports results lines: the names in score lines, standings and fixtures are teams.

News prints results as lines of names and numbers ("Watford 2 Walsall 1", "HOUSTON 72
63 .533 -", "Birmingham v Barnsley"). Clubs there are named by their town, which the
model reads as a place; the line's shape says they are teams (organisations). Each
line is written as a string of token shapes, one character per token, and matched
whole, so prose never matches:

    C capitalised word   N number   ( ) brackets   V "v"/"vs"   A "at"
    l lower-case word    p other punctuation

Individual results ("1. Marion Clignet ( France ) 4:45.3") have one number per name
and do not match; standings need three numbers or more, score lines two name-number
pairs; in a rider's line the team follows the rider's country. In a fixture "X at Y" only X is a team, and only when Y is a known place: Y is
where the game is played ("CLINTON SPEAKS AT RALLY" is a headline, not a fixture).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

VERSUS = frozenset({"v", "v.", "vs", "vs."})
NUMBER = re.compile(r"^[\d.,:/\-]*\d[\d.,:/\-]*$")
BRACKETED = r"(?:\([^()]*\))?"  # "( B )", "( Italy )", "( scorers , 22nd minute )"
RANK = r"(?:Np?)?"  # "1." or "1" before a standings row
SCORE = re.compile(rf"{RANK}(C+){BRACKETED}N{BRACKETED}p?(C+){BRACKETED}N{BRACKETED}p?")
STANDINGS = re.compile(rf"{RANK}(C+){BRACKETED}N{{3,}}p*")
# a rider or driver, their country, their team: "1. Rolf Sorensen ( Denmark ) Rabobank 20:36:54"
ENTRANT = re.compile(r"Np?C+\(C+\)p?(C+)p?N?p?")
FIXTURE_AT = re.compile(r"(C{1,3})A(C{1,3})")
VERSUS_PAIR = re.compile(rf"(C+)?{BRACKETED}V(C+)")
MAX_PROSE_WORDS = 2  # lower-case words allowed (outside brackets) in a results line


def shape(text: str) -> str:
    """A token's shape character, from its text alone."""
    if text.lower() in VERSUS:
        return "V"
    if text.lower() == "at":
        return "A"
    if NUMBER.match(text):
        return "N"
    if text in "()":
        return text
    if text[:1].isupper():
        return "C"
    return "l" if text.isalpha() else "p"


def doc_shapes(doc: Doc) -> str:
    """One shape character per token. Each distinct text is shaped once, from the Doc's
    array of text ids: an article repeats its words, and reading every Token costs more."""
    orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    by_orth = {orth: shape(strings[orth]) for orth in set(orths)}
    return "".join([by_orth[orth] for orth in orths])


def line_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges between line breaks."""
    out, start = [], 0
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            end = token.i if token.is_space else token.i + 1
            if end > start:
                out.append((start, end))
            start = token.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def team_spans(doc: Doc, is_place: Callable[[str], bool]) -> list[Span]:
    """Every team name in the Doc's results lines."""
    shapes = doc_shapes(doc)
    found: list[Span] = []
    for start, end in line_ranges(doc):
        ranges = team_ranges(shapes[start:end], lambda a, b: is_place(doc[start + a : start + b].text))
        found += [doc[start + a : start + b] for a, b in ranges]
    return found


def team_ranges(shapes: str, is_place: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Token ranges (within the line) of the team names a line of shapes holds;
    ``is_place(start, end)`` says whether those tokens name a known place."""
    if "l" in shapes and re.sub(r"\([^()]*\)", "", shapes).count("l") > MAX_PROSE_WORDS:
        return []  # prose (words in brackets are scorers, countries, notes)
    for pattern in (SCORE, STANDINGS, ENTRANT):
        match = pattern.fullmatch(shapes)
        if match:
            return [match.span(g) for g in range(1, pattern.groups + 1)]
    match = FIXTURE_AT.fullmatch(shapes)
    if match:
        return [match.span(1)] if is_place(*match.span(2)) else []
    if "V" in shapes:
        return [m.span(g) for m in VERSUS_PAIR.finditer(shapes) for g in (1, 2) if m.group(g)]
    return []
