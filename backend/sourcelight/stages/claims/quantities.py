"""Quantities in a sentence, with value and unit where they parse.

"26 civilians" -> 26 civilians; "nine children" -> 9 children; "10 other villages" ->
10 villages; "between one to two kilometres" -> 1..2 km; "15 percent" -> 15 %.
Numbers come from the parse (``like_num`` and numeric entities); dates, times and
ordinals are not quantities, but durations ("three days", "15 minutes") and ages ("Singh
Jabarjung, 24,", "I'm 74") are, though spaCy tags them DATE or TIME. The unit is the noun the number modifies (its ``nummod``
head) or the token right after it, normalised for common measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from sourcelight.annotation import Quantity

WORD_NUMBERS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split())
} | {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())} \
  | {"dozen": 12, "a": 1, "an": 1}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "bn": 1e9, "k": 1e3}
UNITS = {
    "kilometre": "km", "kilometer": "km", "km": "km", "metre": "m", "meter": "m", "mile": "mi",
    "kilogram": "kg", "kg": "kg", "tonne": "t", "ton": "t", "percent": "%", "per": "%", "%": "%",
    "hectare": "ha", "acre": "acre", "litre": "l", "liter": "l", "barrel": "barrel",
}
CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
NOT_QUANTITIES = ("DATE", "TIME", "ORDINAL")
DURATIONS_PATH = Path(__file__).parent / "data" / "duration_units.txt"
DURATION_UNITS = frozenset(line.strip() for line in DURATIONS_PATH.read_text(encoding="utf-8").splitlines()
                           if line.strip() and not line.startswith("#"))
AFTER_POINT_IN_TIME = ("ago", "earlier", "later")  # "two years ago" names a time, not a length
OLDEST_AGE = 120
RANGE_JOINERS = ("to", "and", "-", "–", "or")


@dataclass
class Found:
    span: Span
    value: float | None
    unit: str | None
    value_max: float | None = None

    def to_record(self, text: str) -> Quantity:
        s = self.span
        return Quantity(s.start_char, s.end_char, text[s.start_char : s.end_char], self.value, self.unit,
                        self.value_max)


def is_duration_or_age(t: Token) -> bool:
    """A number spaCy tags DATE or TIME that measures a length of time or a person's age:
    the count of a time unit ("three days", not "two years ago"), or a bare small number
    in apposition or as the complement ("Carlineo Jr., 55,", "I'm 74"), where a calendar
    year or a day of the month is not."""
    if not t.like_num or t.ent_type_ not in ("DATE", "TIME"):
        return False
    head = t.head
    if t.dep_ == "nummod" and head.lemma_.lower() in DURATION_UNITS:
        following = t.doc[head.i + 1] if head.i + 1 < len(t.doc) else None
        return following is None or following.lower_ not in AFTER_POINT_IN_TIME
    return t.dep_ in ("appos", "attr") and t.text.isdigit() and 0 < int(t.text) <= OLDEST_AGE


def is_number(t: Token) -> bool:
    if t.ent_type_ in NOT_QUANTITIES:
        return is_duration_or_age(t)
    return t.like_num or t.lower_ in SCALES and t.i > 0 and t.doc[t.i - 1].like_num


def parse_number(tokens: list[Token]) -> float | None:
    """'26' -> 26, '1,200' -> 1200, 'nine' -> 9, '1.5 million' -> 1.5e6,
    'four hundred thousand' -> 400000, 'forty - four' -> 44."""
    total, current = 0.0, None
    for t in tokens:
        word = t.lower_.replace(",", "")
        if word == "-":
            continue
        if word in SCALES:
            scale = SCALES[word]
            if scale < 1e3:
                current = (current or 1.0) * scale
            else:
                total, current = total + (current or 1.0) * scale, None
        elif re.match(r"^\d+(\.\d+)?$", word):
            current = (current or 0.0) + float(word)
        elif word in WORD_NUMBERS:
            current = (current or 0.0) + WORD_NUMBERS[word]
        elif "-" in word and all(p in WORD_NUMBERS for p in word.split("-")):
            current = (current or 0.0) + sum(WORD_NUMBERS[p] for p in word.split("-"))
        else:
            return None
    return total + (current or 0.0) if tokens else None


def _is_word_compound(doc, j: int) -> bool:
    """'forty - four': a hyphen between a tens word and a units word."""
    return (doc[j].text == "-" and j + 1 < len(doc) and doc[j - 1].lower_ in WORD_NUMBERS
            and WORD_NUMBERS[doc[j - 1].lower_] >= 20 and WORD_NUMBERS.get(doc[j + 1].lower_, 99) < 10)


def _number_run(sent: Span, i: int) -> int:
    """End (exclusive, doc index) of the run of number tokens starting at i."""
    j = i
    while j < sent.end and (is_number(sent.doc[j]) or _is_word_compound(sent.doc, j)):
        j += 1
    return j


def _unit(sent: Span, last: Token, prev: Token | None) -> tuple[str | None, int]:
    """Unit for the number ending at ``last``, and the doc index where the quantity span ends."""
    if prev is not None and prev.text in CURRENCIES:
        return CURRENCIES[prev.text], last.i + 1
    nxt = sent.doc[last.i + 1] if last.i + 1 < sent.end else None
    if nxt is not None and nxt.lower_ in ("percent", "%", "per"):
        end = last.i + 3 if nxt.lower_ == "per" and last.i + 2 < sent.end else last.i + 2
        return "%", end
    head = last.head
    if last.dep_ in ("nummod", "quantmod", "compound") and head.i > last.i and head.pos_ in ("NOUN", "PROPN") \
            and head.i < sent.end and head.i - last.i <= 4:
        return UNITS.get(head.lemma_.lower(), head.lower_), head.i + 1
    if nxt is not None and nxt.pos_ == "NOUN":
        return UNITS.get(nxt.lemma_.lower(), nxt.lower_), nxt.i + 1
    return None, last.i + 1


def _refers_back(doc, i: int, sent_start: int) -> bool:
    """'the two countries', 'those three men': a count already given, not a new quantity."""
    return i > sent_start and doc[i - 1].lower_ in ("the", "these", "those", "both")


def find_quantities(sent: Span) -> list[Found]:
    found: list[Found] = []
    doc, i = sent.doc, sent.start
    while i < sent.end:
        if not is_number(doc[i]) or doc[i].lower_ in SCALES or _refers_back(doc, i, sent.start):
            i += 1
            continue
        start, end = i, _number_run(sent, i)
        value, value_max = parse_number(list(doc[start:end])), None
        # A range: "one to two", "1-2", with "between"/"from" before it.
        if end + 1 < sent.end and doc[end].lower_ in RANGE_JOINERS and is_number(doc[end + 1]):
            end2 = _number_run(sent, end + 1)
            value_max, end = parse_number(list(doc[end + 1 : end2])), end2
            if start > sent.start and doc[start - 1].lower_ in ("between", "from"):
                start -= 1
        prev = doc[start - 1] if start > sent.start else None
        unit, stop = _unit(sent, doc[end - 1], prev)
        if prev is not None and prev.text in CURRENCIES:
            start -= 1
        if unit is not None or doc[start].text[0].isdigit():  # a bare "one" is a pronoun, not a count
            found.append(Found(doc[start:stop], value, unit, value_max))
        i = stop
    return found
