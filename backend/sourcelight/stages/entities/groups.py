"""Which mentions name the same thing, and what the article says about it.

Keys (folded names) are joined when one is an acronym of the other, or when a
short name is part of a longer one the article used: a surname ("Baghdadi" in
"Abu Bakr al-Baghdadi"), a head word ("the Observatory" in "the Syrian Observatory
for Human Rights"). Descriptions come from the parse: appositions ("Rami Abdel
Rahman, head of the Britain-based Observatory"), a name in apposition to a noun
("The operation's commander, General Abdelamir Yarallah"), a noun before the name
("IS leader Abu Bakr al-Baghdadi").
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote_plus

from spacy.tokens import Doc, Span

from sourcelight.stages.entities.mentions import Mention, words

WIKIPEDIA_SEARCH = "https://en.wikipedia.org/w/index.php?search="
# Labels whose short forms may stand for a longer name of the same label.
SHORTENABLE = frozenset({"PERSON", "ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
PERSON_OR_ORG = frozenset({"PERSON", "ORG"})


class KeyUnion:
    """Union-find over keys."""

    def __init__(self, keys: list[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in self.parent:
            out.setdefault(self.find(key), []).append(key)
        return out


def key_labels(mentions: list[Mention]) -> dict[str, str | None]:
    """Each key's most frequent model label (None when the model never tagged it)."""
    votes: dict[str, Counter] = {}
    for m in mentions:
        counter = votes.setdefault(m.key, Counter())
        if m.label:
            counter[m.label] += 1
    return {k: (c.most_common(1)[0][0] if c else None) for k, c in votes.items()}


def is_part(short: tuple[str, ...], long: tuple[str, ...], label: str) -> bool:
    """A surname ends a person's name (or starts a two-word one: "Wang" of "Wang Donghai");
    other short names sit anywhere inside the long one."""
    if not short or len(short) >= len(long):
        return False
    if label == "PERSON":
        return long[-len(short) :] == short or (len(long) == 2 and long[0] == short[0])
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def compatible(short_label: str | None, long_label: str) -> bool:
    """The model often calls a surname an ORG; it never means a NORP by one."""
    return short_label in (None, long_label) or {short_label, long_label} <= PERSON_OR_ORG


def join_short_forms(union: KeyUnion, labels: dict[str, str | None]) -> None:
    """Join each one- or two-word key to the only longer key it is part of.

    Longer keys are indexed by their runs of one and two words, so each short key
    looks up its candidates instead of testing every key (one sentence listing
    thousands of names made that quadratic)."""
    split = {k: words(k) for k in labels}
    containing: dict[tuple[str, ...], list[str]] = {}
    for long, long_words in split.items():
        if labels.get(long) in SHORTENABLE:
            runs = {long_words[i : i + n] for n in (1, 2) for i in range(len(long_words) - n + 1)}
            for run in runs:
                containing.setdefault(run, []).append(long)
    for key, short in split.items():
        if len(short) > 2:
            continue
        homes = {
            union.find(long)
            for long in containing.get(short, ())
            if is_part(short, split[long], labels[long]) and compatible(labels[key], labels[long])
        }
        if len(homes) == 1:
            union.join(key, homes.pop())


def description(doc: Doc, span: Span) -> str | None:
    """What the sentence says the named thing is, if it says so in one phrase."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN":
            return clean_phrase(doc[child.left_edge.i : child.right_edge.i + 1])
    if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN":
        head = root.head
        return clean_phrase(doc[head.left_edge.i : head.i + 1])
    # the name as a modifier of a noun after it: "the Syrian Observatory ... monitoring group"
    head = next((t.head for t in span if t.dep_ == "compound" and t.head.i >= span.end), None)
    if head is not None and head.pos_ == "NOUN":
        after = doc[span.end : head.i + 1]
        if all(t.is_lower and t.is_alpha for t in after):
            return clean_phrase(after)
    before = [c for c in root.lefts if c.i < span.start and c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "NOUN"]
    if before:
        noun = before[-1]
        start = noun.left_edge.i
        while start > 0 and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
            start -= 1  # a name before the noun belongs to it: "IS leader"
        return clean_phrase(doc[start : noun.i + 1])
    return None


def clean_phrase(span: Span) -> str | None:
    text = span.text.strip(" ,;:-\n\"'")
    return text if len(text.split()) >= 2 and "\n" not in text else None


def wikipedia_link(name: str) -> dict[str, str]:
    return {"wikipedia_search": WIKIPEDIA_SEARCH + quote_plus(name)}
