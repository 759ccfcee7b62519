"""Which pages of the article-extraction benchmark the source labels are made on.

The pages are chosen by a fixed rule, never by how well Sourcelight does on them
(``docs/labelling/agents.md``): English (at least 15% of the words are among a dozen
common English words), 1,500-4,500 characters of ``articleBody``, at least 8 quote
marks, news (``NOT_NEWS`` lists the hosts that pass the rest but are a theatre's and a
fitness programme's pages), and at most one page per host; in order of page key.
The first ``TYPING_PAGES`` are the first typing set (labelled before the system was run on
them), the next ``SECOND_TYPING_PAGES`` the second, all held out; the agent labels use the
first ``AGENT_PAGES`` (all of them). The third typing set (``third_typing_pages()``) takes the
pages left after the second, and, since the rule runs out there, the pages the same rule
picks with ``WIDER_MAX_CHARS`` on hosts it had not chosen, in order of key, up to
``THIRD_TYPING_PAGES``. The fourth (``fourth_typing_pages()``), the rule having run out again,
takes English news pages on hosts none of the first three sets took, one per host, in order of
key, with ``FOURTH_MIN_CHARS`` to ``WIDER_MAX_CHARS`` characters and at least
``FOURTH_MIN_QUOTE_MARKS`` quote marks; the labels cover the first ``FOURTH_TYPING_PAGES`` of them
that attribute anything to anyone (``FOURTH_WITHOUT_SOURCES``: the pages the labeller found none in,
skipped before Sourcelight was run on any).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sourcelight.measure.polnear import DEFAULT_DATA

COMMON_WORDS = frozenset("the and of to a in that is said for on with".split())
NOT_NEWS = frozenset({"jeongdongtheater.com", "beachbodyondemand.com"})
QUOTE_MARKS = re.compile(r'["“”]')
MIN_CHARS, MAX_CHARS, MIN_QUOTE_MARKS, MIN_COMMON_SHARE = 1500, 4500, 8, 0.15
TYPING_PAGES = 15
SECOND_TYPING_PAGES = 15  # the pages after the first typing set's
AGENT_PAGES = 36  # every page the rule chooses today
THIRD_TYPING_PAGES = 15
WIDER_MAX_CHARS = 6000  # the rule's only limit that runs out before a third set of 15 pages
FOURTH_TYPING_PAGES = 15
FOURTH_MIN_CHARS, FOURTH_MIN_QUOTE_MARKS = 1000, 2  # the limits the fourth set relaxes
# Pages the labeller found no source in (read before Sourcelight was run on any): a design
# exhibition's notice, an app's advertisement.
FOURTH_WITHOUT_SOURCES = frozenset({"94fbcc26772088646cb977cecf1abc4012847a1f6927d09505cbf0c3d417ba07",
                                    "a860fb5eda1ac75df3bc95ba096ade649fdbb1bb566adb9fee3cb13e59f37604"})


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    host: str
    text: str


def ground_truth_path(data_dir: Path = DEFAULT_DATA) -> Path:
    return data_dir / "article-extraction" / "ground-truth.json"


def load_pages(data_dir: Path = DEFAULT_DATA) -> dict[str, Page]:
    """Every page of the benchmark by key (its ``articleBody`` and the host of its ``url``)."""
    truth = json.loads(ground_truth_path(data_dir).read_text(encoding="utf-8"))
    return {key: Page(key, urlparse(page["url"]).netloc.removeprefix("www."), page["articleBody"])
            for key, page in truth.items()}


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in COMMON_WORDS for w in words) / len(words) >= MIN_COMMON_SHARE


def quotes_people(page: Page, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS,
                  min_quote_marks: int = MIN_QUOTE_MARKS) -> bool:
    return (min_chars <= len(page.text) <= max_chars and len(QUOTE_MARKS.findall(page.text)) >= min_quote_marks
            and page.host not in NOT_NEWS)


def news_pages(data_dir: Path = DEFAULT_DATA, max_chars: int = MAX_CHARS,
               hosts_taken: frozenset[str] = frozenset(), min_chars: int = MIN_CHARS,
               min_quote_marks: int = MIN_QUOTE_MARKS) -> list[Page]:
    """The selected pages, in order of key, one per host (none of ``hosts_taken``)."""
    chosen, hosts = [], set(hosts_taken)
    for key, page in sorted(load_pages(data_dir).items()):
        if page.host not in hosts and is_english(page.text) and quotes_people(page, max_chars, min_chars,
                                                                               min_quote_marks):
            hosts.add(page.host)
            chosen.append(page)
    return chosen


def third_typing_pages(data_dir: Path = DEFAULT_DATA) -> list[Page]:
    """The pages after the second typing set's, then longer pages of new hosts (module docstring)."""
    first = news_pages(data_dir)
    wider = news_pages(data_dir, WIDER_MAX_CHARS, frozenset(page.host for page in first))
    return (first[TYPING_PAGES + SECOND_TYPING_PAGES:] + wider)[:THIRD_TYPING_PAGES]


def fourth_typing_pages(data_dir: Path = DEFAULT_DATA) -> list[Page]:
    """Shorter pages with fewer quote marks on hosts no earlier set took (module docstring)."""
    first = news_pages(data_dir)
    taken = frozenset(page.host for page in first[:TYPING_PAGES + SECOND_TYPING_PAGES]) \
        | frozenset(page.host for page in third_typing_pages(data_dir))
    candidates = news_pages(data_dir, WIDER_MAX_CHARS, taken, FOURTH_MIN_CHARS, FOURTH_MIN_QUOTE_MARKS)
    return [page for page in candidates if page.key not in FOURTH_WITHOUT_SOURCES][:FOURTH_TYPING_PAGES]
