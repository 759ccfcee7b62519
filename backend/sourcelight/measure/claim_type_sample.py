"""Which article-extraction sentences the claim-type labels are made on.

    python -m sourcelight.measure.claim_type_sample [--round 1|2] [--data-dir DIR] > sentences.tsv

The sentences are chosen by a fixed rule, never by what Sourcelight says about them
(``tests/data/claim_types_guide.md``): English pages of the benchmark's ``articleBody``
texts, 1,500-15,000 characters, at most one page per host, in order of page key (the
first ``PAGES``); each page cut into sentences by a plain punctuation splitter (not the
pipeline's), fragments under ``MIN_WORDS`` words and lines without closing punctuation
(headings, captions, prices) dropped, and ``PER_PAGE`` sentences taken
evenly spread from the start to the end of the page, so openings, middles and endings
are all there.

A second round (``--round 2``, issue 20's "label more", for a learned head as well as the
rules) takes every English news page the first round left out, in order of key: a host's
later pages, and pages over 15,000 characters (``MAX_CHARS_2``), cut the same way, with
``PER_PAGE_2`` sentences each spread the same way. Its labels were made, like the first
round's, by reading each sentence in its page before the system was run on any of them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sourcelight.measure.extraction_pages import NOT_NEWS, Page, is_english, load_pages
from sourcelight.measure.polnear import DEFAULT_DATA

PAGES, PER_PAGE, MIN_WORDS = 56, 6, 4
PER_PAGE_2, MAX_CHARS_2 = 4, 30000
# Only whole sentences: they end in . ! ? (and closing quotes); the guide's rule for headlines.
SENTENCE_CLOSE = re.compile(r"[.!?][\"'”’)]*$")
MIN_CHARS, MAX_CHARS = 1500, 15000
# A sentence ends at . ! ? (and any closing quote or bracket) before a space and an
# upper-case letter, a digit or an opening quote; a line break always ends one.
SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"“‘(A-Z0-9])|\n+")

# Abbreviations a full stop does not end a sentence after ("U.S. Securities and ...").
ABBREVIATIONS = ("U.S.", "U.K.", "U.N.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Gov.", "Sen.",
                 "Rep.", "Gen.", "Lt.", "Col.", "No.", "Inc.", "Corp.", "Co.", "vs.", "a.m.", "p.m.",
                 "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.")
INITIAL = re.compile(r"(?:^|[\s.])[A-Z]\.$")  # "W.M. Keck", "Paul E. Smith"


@dataclass(frozen=True, slots=True)
class Sentence:
    key: str
    host: str
    start: int
    end: int
    text: str


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped of surrounding white space."""
    start = 0
    for cut in SENTENCE_END.finditer(text):
        if "\n" not in cut.group(0) and _abbreviated(text[:cut.start()]):
            continue
        yield from _stripped(text, start, cut.start() + len(cut.group(1) or ""))  # closing quotes stay in
        start = cut.end()
    yield from _stripped(text, start, len(text))


def _abbreviated(before: str) -> bool:
    return before.endswith(ABBREVIATIONS) or INITIAL.search(before[-3:]) is not None


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def chosen_pages(data_dir: Path = DEFAULT_DATA) -> list[Page]:
    chosen, hosts = [], set()
    for key, page in sorted(load_pages(data_dir).items()):
        if (page.host not in hosts and page.host not in NOT_NEWS and is_english(page.text)
                and MIN_CHARS <= len(page.text) <= MAX_CHARS):
            hosts.add(page.host)
            chosen.append(page)
    return chosen[:PAGES]


def second_round_pages(data_dir: Path = DEFAULT_DATA) -> list[Page]:
    """Every English news page of 1,500-30,000 characters the first round did not take."""
    first = {page.key for page in chosen_pages(data_dir)}
    return [page for key, page in sorted(load_pages(data_dir).items())
            if key not in first and page.host not in NOT_NEWS and is_english(page.text)
            and MIN_CHARS <= len(page.text) <= MAX_CHARS_2]


def page_sentences(page: Page, per_page: int = PER_PAGE) -> list[Sentence]:
    whole = [Sentence(page.key, page.host, s, e, page.text[s:e]) for s, e in split_sentences(page.text)
             if len(page.text[s:e].split()) >= MIN_WORDS and SENTENCE_CLOSE.search(page.text[s:e])]
    if len(whole) <= per_page:
        return whole
    step = len(whole) / per_page
    return [whole[int((i + 0.5) * step)] for i in range(per_page)]


def sample(data_dir: Path = DEFAULT_DATA, round_: int = 1) -> list[Sentence]:
    if round_ == 2:
        return [s for page in second_round_pages(data_dir) for s in page_sentences(page, PER_PAGE_2)]
    return [s for page in chosen_pages(data_dir) for s in page_sentences(page)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--round", type=int, choices=(1, 2), default=1)
    args = parser.parse_args(argv)
    for s in sample(args.data_dir, args.round):
        print(f"{s.key}\t{s.host}\t{s.start}\t{s.end}\t{s.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
