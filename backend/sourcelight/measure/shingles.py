"""The article-extraction benchmark's measure (scrapinghub/article-extraction-benchmark).

Both texts are split into ``\\w+`` tokens and cut into 4-token shingles kept with their
counts; a shingle matches as often as it occurs in both (the smaller count), so one
predicted shingle never matches two in the truth. Per page: precision = TP / (TP + FP)
and recall = TP / (TP + FN). Over pages, precision and recall are averaged separately
and F1 is taken from the two averages. A page with nothing predicted has no precision
(it leaves the precision average alone) and recall 0: that is the published measure
("lenient"). The "strict" figure also counts such a page as precision 0, so refusing a
page can never raise a score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from statistics import mean

TOKEN = re.compile(r"\w+")
SHINGLE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page: shingle counts, and precision (None when nothing was predicted) and
    recall (None when the truth has no shingle)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        return f1_of(self.precision or 0.0, self.recall or 0.0)


@dataclass(frozen=True, slots=True)
class Summary:
    pages: int
    precision: float
    recall: float
    f1: float
    strict_precision: float
    strict_f1: float


def shingles(text: str, n: int = SHINGLE_TOKENS) -> Counter[tuple[str, ...]]:
    """Every run of `n` consecutive tokens, with its count. As in the benchmark's code, a
    text of fewer than `n` tokens is one shorter shingle (none when it has no token)."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def score_page(truth: str, predicted: str) -> PageScore:
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    return PageScore(tp=tp, fp=sum(got.values()) - tp, fn=sum(want.values()) - tp)


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class Scored(Protocol):
    """Anything with a page's precision and recall (a PageScore, a row of a bench table)."""

    @property
    def precision(self) -> float | None: ...

    @property
    def recall(self) -> float | None: ...


def summarise(scores: Iterable[Scored]) -> Summary:
    """Averages over pages, the benchmark's way and the strict way (see module doc)."""
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    strict_precision = mean(s.precision or 0.0 for s in scores) if scores else 0.0
    return Summary(pages=len(scores), precision=precision, recall=recall,
                   f1=f1_of(precision, recall), strict_precision=strict_precision,
                   strict_f1=f1_of(strict_precision, recall))
