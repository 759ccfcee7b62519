"""Indexes for the sources stage: the lookups each attribution needs (the source named
with these words, the latest source or name before this point, the name at this offset)
are a dict access, a short list or a bisection, never a scan of every earlier source.

An article with many sources (a round-up of reactions, a live blog) would otherwise cost
"for each attribution, every source": quadratic. Each index answers exactly what the
scan it replaced answered, ties included: among sources the one created first, among
names the one first in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from spacy.tokens import Doc

from sourcelight.annotation import Source
from sourcelight.stages.sources.source_types import PERSON_TYPES

T = TypeVar("T")
# Labels a pronoun can stand for; the rest (dates, amounts) are never its referent.
PRONOUN_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass(slots=True)
class Mention:
    """A named entity as this stage sees it: from sl_entities, else doc.ents."""

    start: int
    end: int
    label: str
    group: str | None
    text: str


def entity_mentions(doc: Doc) -> list[Mention]:
    """In text order (the entities stage writes them so; the indexes rely on it)."""
    if doc._.sl_entities:
        found = [Mention(e.start, e.end, e.label, e.group, e.text) for e in doc._.sl_entities]
    else:
        found = [Mention(e.start_char, e.end_char, e.label_, None, e.text) for e in doc.ents]
    return sorted(found, key=lambda m: m.start)


def words_of(name: str) -> set[str]:
    return {w.strip(".,'\u2019s").lower() for w in name.replace("-", " ").split() if len(w) > 1}


def without_possessive(name: str) -> str:
    return re.sub(r"['\u2019]s?$", "", name)


@dataclass(slots=True)
class Draft:
    """A source while the stage builds it."""

    source: Source
    label: str | None
    key: str
    words: set[str]
    heads: set[str]  # head nouns of its descriptions and phrases
    first: int  # char offset of its first mention
    order: int  # its place among the drafts: of two equally near, the earlier wins
    plural: bool = False  # its first phrase names many ("protesters and civic leaders")

    @property
    def unnamed(self) -> bool:
        return self.key.startswith("phrase:")

    @property
    def person(self) -> bool:
        return self.source.type in PERSON_TYPES or self.label == "PERSON"


class Latest(Generic[T]):
    """Items placed at offsets as they come: ``before(at)`` yields (offset, item) from the
    latest placed before ``at`` backwards; at one offset the lowest ``order`` first."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.items: list[T] = []

    def add(self, at: int, order: int, item: T) -> None:
        key = (at, -order)
        k = bisect_right(self.keys, key)
        self.keys.insert(k, key)
        self.items.insert(k, item)

    def before(self, at: int) -> Iterator[tuple[int, T]]:
        for k in range(bisect_left(self.keys, (at,)) - 1, -1, -1):
            yield self.keys[k][0], self.items[k]


class EndingBy:
    """Fixed mentions: ``latest(at)`` is the one that starts last among those ending by
    ``at`` (ties: the first in text order), as (start, -index, mention)."""

    def __init__(self, indexed: list[tuple[int, Mention]]) -> None:
        ordered = sorted(indexed, key=lambda im: im[1].end)
        self.ends = [m.end for _, m in ordered]
        # -index is unique, so max never compares the mentions themselves.
        self.best = list(accumulate(((m.start, -i, m) for i, m in ordered), max))

    def latest(self, at: int) -> tuple[int, int, Mention] | None:
        k = bisect_right(self.ends, at)
        return self.best[k - 1] if k else None


def label_class(label: str) -> str:
    return "PERSON" if label == "PERSON" else "NAMED" if label in PRONOUN_LABELS else "OTHER"


class Names:
    """The article's entity mentions in text order, indexed by offset, entity and gender
    ("m"/"f" where the article writes "Mr."/"Ms." before the entity's name)."""

    def __init__(self, mentions: list[Mention], genders: dict[str, str]) -> None:
        self.list = mentions
        self.genders = genders
        self.starts = [m.start for m in mentions]
        self.max_ends = list(accumulate((m.end for m in mentions), max))
        self.by_entity: dict[tuple[str, str, str], list[Mention]] = {}
        self.by_tail: dict[str, Mention] = {}  # a person's mention by the last word of its name
        self.by_end: dict[int, tuple[int, Mention]] = {}
        kinds: dict[tuple[str, str | None], list[tuple[int, Mention]]] = {}
        for i, m in enumerate(mentions):
            if m.group:
                self.by_entity.setdefault((m.label, "group", m.group), []).append(m)
            self.by_entity.setdefault((m.label, "text", m.text), []).append(m)
            name = without_possessive(m.text)
            if m.label == "PERSON" and " " in name:
                self.by_tail.setdefault(name.rsplit(" ", 1)[1], m)
            self.by_end.setdefault(m.end, (i, m))
            kinds.setdefault((label_class(m.label), self.gender(m.group)), []).append((i, m))
        self.kinds = {kind: EndingBy(items) for kind, items in kinds.items()}

    def gender(self, group: str | None) -> str | None:
        return self.genders.get(group or "")

    def at(self, char: int) -> Mention | None:
        """The first mention holding ``char``: the first whose end passes ``char`` (the
        running maximum of the ends finds it) if it starts by ``char``."""
        k = bisect_right(self.max_ends, char)
        return self.list[k] if k < len(self.list) and self.starts[k] <= char else None

    def starting_in(self, start: int, end: int) -> list[Mention]:
        return self.list[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def same_entity(self, m: Mention) -> list[Mention]:
        """Every mention of the entity group (or, without a group, of the same text) with
        the mention's label, in text order."""
        key = (m.label, "group", m.group) if m.group else (m.label, "text", m.text)
        return self.by_entity.get(key, [])

    def person_ending(self, word: str) -> Mention | None:
        """The first person whose name (without "'s") ends in " " + ``word`` (one word)."""
        return self.by_tail.get(word)

    def ending_near(self, char: int, gap: int) -> Mention | None:
        """The first mention in text order ending at most ``gap`` characters before ``char``."""
        near = [self.by_end[end] for end in range(char - gap, char + 1) if end in self.by_end]
        return min(near, key=lambda im: im[0])[1] if near else None

    def latest(self, at: int, label: str | None = None, gender: str | None = None,
               fits: str | None = None) -> Mention | None:
        """Of the mentions ending by ``at``, the one starting last (ties: the first in text
        order) among those of this label class, of this gender, or of a gender that
        ``fits`` (unknown or the same); None leaves that condition out."""
        found = [best for (c, g), index in self.kinds.items()
                 if (label is None or c == label) and (gender is None or g == gender)
                 and (fits is None or g in (None, fits)) and (best := index.latest(at))]
        return max(found)[2] if found else None


class Drafts:
    """The sources the stage builds, in creation order, indexed as they grow."""

    def __init__(self, genders: dict[str, str]) -> None:
        self.list: list[Draft] = []
        self.genders = genders
        self.by_key: dict[str, Draft] = {}
        self.named_words: dict[str, list[Draft]] = {}  # named drafts, by each word of the name
        self.org_words: dict[str, list[Draft]] = {}  # drafts of no person, by each word of the name
        self.described: dict[str, Latest[Draft]] = {}  # by each word a description may use
        # By kind (a person?, gender, anonymous when mentioned), each mention's offset.
        self.mentioned: dict[tuple[bool, str | None, bool], Latest[Draft]] = {}

    def __iter__(self) -> Iterator[Draft]:
        return iter(self.list)

    def __len__(self) -> int:
        return len(self.list)

    def add(self, draft: Draft) -> None:
        self.list.append(draft)
        self.by_key.setdefault(draft.key, draft)
        for word in draft.words:
            if not draft.unnamed:
                self.named_words.setdefault(word, []).append(draft)
            if draft.label != "PERSON":
                self.org_words.setdefault(word, []).append(draft)
        # An unnamed source is known by its head only: "the bank" is not "a spokeswoman
        # for the Royal Bank of Scotland".
        for word in draft.heads if draft.unnamed else draft.words | draft.heads:
            self.described.setdefault(word, Latest()).add(draft.first, draft.order, draft)

    def add_head(self, draft: Draft, word: str) -> None:
        if word in draft.heads:
            return
        draft.heads.add(word)
        if draft.unnamed or word not in draft.words:
            self.described.setdefault(word, Latest()).add(draft.first, draft.order, draft)

    def add_mention(self, draft: Draft, start: int) -> None:
        kind = (draft.person, self.genders.get(draft.source.group or ""), draft.source.anonymous)
        self.mentioned.setdefault(kind, Latest()).add(start, draft.order, draft)

    def with_key(self, key: str) -> Draft | None:
        return self.by_key.get(key)

    def named_with(self, words: set[str], label: str | None) -> Draft | None:
        """The first named draft whose name has all these words and a compatible label."""
        return next((d for d in rarest(self.named_words, words)
                     if words <= d.words and (label is None or d.label in {None, label})), None)

    def org_with(self, words: set[str]) -> Draft | None:
        """The first draft of no person whose name has all these words."""
        return next((d for d in rarest(self.org_words, words) if words <= d.words), None)

    def described_by(self, word: str, before: int) -> Draft | None:
        """The draft first mentioned latest before ``before`` that ``word`` describes."""
        latest = self.described.get(word)
        return next((d for _, d in latest.before(before)), None) if latest else None

    def latest_of_gender(self, at: int, gender: str) -> tuple[int, Draft] | None:
        """The draft of this gender (anonymous or not) mentioned latest before ``at``, and where."""
        return newest(latest.before(at) for (_, g, _), latest in self.mentioned.items() if g == gender)

    def latest_source(self, at: int, person: bool, fits: str | None) -> tuple[int, Draft] | None:
        """The draft mentioned latest before ``at``, and where, that is a person (or not), of
        a gender that ``fits`` (unknown or the same; any when None), and not anonymous. A
        gendered pronoun ("she") is one person: no draft that names many fits it."""
        # A source made anonymous after its mentions were indexed is filtered here.
        return newest((pair for pair in latest.before(at) if not pair[1].source.anonymous
                       and not (fits is not None and pair[1].plural))
                      for (is_person, g, anonymous), latest in self.mentioned.items()
                      if is_person == person and not anonymous and (fits is None or g in (None, fits)))


def newest(streams: Iterable[Iterator[tuple[int, Draft]]]) -> tuple[int, Draft] | None:
    """The latest of the streams' first (offset, draft) pairs; at one offset, the earlier draft."""
    firsts = [first for stream in streams if (first := next(stream, None)) is not None]
    return max(firsts, key=lambda pair: (pair[0], -pair[1].order), default=None)


def rarest(index: dict[str, list[Draft]], words: set[str]) -> list[Draft]:
    """The drafts under the query's rarest word: every draft holding all the words is
    among them, in creation order."""
    if not words:
        return []
    return min((index.get(w, []) for w in words), key=len)
