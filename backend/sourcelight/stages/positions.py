"""Position indexes, so that stages look things up by offset instead of rescanning.

Every stage must stay linear (or n log n) in the text: a hostile or merely odd text
(10,000 short lines, one enormous sentence, a definition repeated a thousand times)
must not turn "for each X, scan every Y" into minutes of work.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

from spacy.tokens import Doc, Span


class Ranges:
    """Half-open ranges [start, end), any order or overlap; ``overlaps`` in O(log n)."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        ordered = sorted(ranges)
        self.starts = [s for s, _ in ordered]
        # Largest end among the first k ranges: one of them overlaps [a, b) iff that end > a.
        self.max_ends = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # ranges starting before ``end``
        return k > 0 and self.max_ends[k - 1] > start

    def __len__(self) -> int:
        return len(self.starts)


class Sentences:
    """The Doc's sentences, found once: ``of(i)`` is token i's sentence in O(log n).

    (``Token.sent`` walks to the sentence's edges on every call: quadratic in one long
    sentence when called per token.)"""

    def __init__(self, doc: Doc, bounds: tuple[list[int], list[int]]) -> None:
        self.doc = doc
        self.starts, self.ends = bounds

    def of(self, i: int) -> Span:
        k = bisect_right(self.starts, i) - 1
        return self.doc[self.starts[k] : self.ends[k]]

    def start_of(self, i: int) -> int:
        return self.starts[bisect_right(self.starts, i) - 1]


if not Doc.has_extension("sl_sentence_bounds"):
    Doc.set_extension("sl_sentence_bounds", default=None)


def sentences(doc: Doc) -> Sentences:
    """The Doc's sentence index, built on first use and kept (as plain numbers, so the
    Doc holds no reference to itself) for the later stages: the stages run after the
    parser, so sentence boundaries no longer change."""
    bounds = doc._.sl_sentence_bounds
    if bounds is None:
        sents = list(doc.sents) if len(doc) else []
        bounds = doc._.sl_sentence_bounds = ([s.start for s in sents], [s.end for s in sents])
    return Sentences(doc, bounds)
