"""Whether a source phrase names an agent: someone or something that can say, find or
show (a person, an organisation, a group, a document), never an event, an object, an
abstraction or a clause.

The attribution stage finds the source phrase by construction ("X said", "according to
X"); the construction fires on "an assault that threatened ...", "the scan revealed",
"That said", a dateline before a dash. Here the phrase is checked against the parse:
- its shape: a heading or quoted words run into it (cut at the break), a clause in
  place of a noun phrase (its subject), a dateline, a fragment with no noun or pronoun;
- its head: a negative quantifier ("no one"), a lone demonstrative ("That"), a common
  noun outside any name whose class is event, object or abstraction
  (``data/not_agents.tsv``), looked up through partitives ("a majority *of voters*",
  ``data/partitive_nouns.txt``).
Names, people's roles and documents always pass: the check is for what is plainly no
agent, so a source a reader would see is never lost to it. Only a cue of a mind ("want",
"seek", ``data/mind_verbs.txt``) turns a document away: a filing seeks nothing itself.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from sourcelight.stages.sources.source_types import source_nouns
from sourcelight.stages.wordlists import data_dir, data_rows, word_set

DATA = data_dir(__file__)
# Parts of speech that can head a phrase naming an agent ("Two said" counts the speakers).
AGENT_POS = {"NOUN", "PROPN", "PRON", "NUM"}
NEGATIVE_WORDS = {"nobody", "none", "nothing", "noone", "neither"}
DEMONSTRATIVES = {"this", "that"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
DASHES = {"\u2014", "\u2013", "-", "--"}
# Punctuation that closes quoted words just before a closing quote mark ('form,"').
QUOTE_ENDINGS = {",", ".", "!", "?", "\u2026"}


@lru_cache(maxsize=1)
def not_agent_nouns() -> dict[str, str]:
    """Head noun -> its class (event, object, abstraction)."""
    return {row[0].strip(): row[1].strip() for row in data_rows(DATA / "not_agents.tsv")}


@lru_cache(maxsize=1)
def mind_verbs() -> frozenset[str]:
    return word_set(DATA / "mind_verbs.txt")


@lru_cache(maxsize=1)
def partitive_nouns() -> frozenset[str]:
    return word_set(DATA / "partitive_nouns.txt")


HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def trimmed(phrase: Span) -> Span:
    """The phrase without what runs into it: text before a line break (a heading or a
    headline of the page), quoted words before their closing quote, edge punctuation."""
    doc = phrase.doc
    start = phrase.start
    for tok in phrase:
        if "\n" in tok.text_with_ws and tok.i + 1 < phrase.end:
            start = tok.i + 1
        elif tok.is_quote and tok.i > start and doc[tok.i - 1].text in QUOTE_ENDINGS and tok.i + 1 < phrase.end:
            start = tok.i + 1
    end = phrase.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text != ")":
        end -= 1
    return doc[start:end]


def subject_of_clause(phrase: Span) -> Span | None:
    """ "A majority of voters expect Clinton to win": a clause in place of a noun phrase;
    its subject is the source, if the clause has one inside the phrase."""
    root = phrase.root
    if root.pos_ not in {"VERB", "AUX"}:
        return phrase
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and phrase.start <= child.left_edge.i and child.i < phrase.end:
            return phrase.doc[child.left_edge.i : child.i + 1]
    # A name the tagger read as a verb ("Will Hurd") is still a name.
    return phrase if any(t.pos_ == "PROPN" or t.ent_type_ for t in phrase) else None


def is_dateline(phrase: Span) -> bool:
    """ "BUFFALO, N.Y. — Hours before ...": upper-case words that open a paragraph and
    end at a dash are where the story was filed, not who speaks."""
    doc = phrase.doc
    opens = phrase.start == 0 or "\n" in doc[phrase.start - 1].text_with_ws
    letters = [c for c in phrase.text if c.isalpha()]
    after = next((t for t in doc[phrase.end : phrase.end + 3] if not t.is_space), None)
    return opens and len(letters) > 1 and all(c.isupper() for c in letters) and after is not None \
        and after.text in DASHES


def decisive_noun(root: Token) -> Token:
    """The noun that says what the phrase is: its head, or through a partitive its "of"
    object ("a majority of *voters*", "lines of *evidence*")."""
    node = root
    for _ in range(3):
        if node.lemma_.lower() not in partitive_nouns():
            return node
        objs = [obj for prep in node.children if prep.dep_ == "prep" and prep.lower_ == "of"
                for obj in prep.children if obj.dep_ == "pobj"]
        if not objs:
            return node
        node = objs[0]
    return node


def not_agent_reason(phrase: Span) -> str | None:
    """Why the phrase names no agent ("event", "dateline", ...), or None if it may."""
    if not any(t.pos_ in AGENT_POS for t in phrase):
        return "fragment"
    if is_dateline(phrase):
        return "dateline"
    root = phrase.root
    if root.lower_ in NEGATIVE_WORDS or any(c.dep_ == "det" and c.lower_ == "no" for c in root.children):
        return "negative"
    if root.lower_ in {"'s", "\u2019s"} and root.i > 0 and root.doc[root.i - 1].lower_ == "let":
        return "author"  # "Let's hope": the writer and the reader, not a source
    if len(phrase) == 1 and root.lower_ in DEMONSTRATIVES and root.tag_ == "DT":
        return "demonstrative"  # "That said", "This shows": a fact, not a speaker
    noun = decisive_noun(root)
    if noun.pos_ == "NOUN" and not noun.ent_type_ and noun.text.islower():
        return not_agent_nouns().get(noun.lemma_.lower()) or not_agent_nouns().get(noun.lower_)
    return None


def closed(phrase: Span) -> Span:
    """ "Rep. Emanuel Cleaver (D-Mo.": a bracket the phrase opens is closed within a
    few tokens after it, and the name's party and state tag belongs to it."""
    opened = sum(t.text == "(" for t in phrase) - sum(t.text == ")" for t in phrase)
    if opened <= 0:
        return phrase
    doc = phrase.doc
    for tok in doc[phrase.end : min(phrase.end + 3, len(doc))]:
        if tok.text == ")":
            return doc[phrase.start : tok.i + 1]
    return phrase


def whole_words(phrase: Span) -> Span:
    """ "His ex" of "His ex-wife agreed": a phrase cut inside a hyphenated word takes the
    rest of the word."""
    doc = phrase.doc
    end = phrase.end
    while end < len(doc) and end - phrase.end < 4 and not doc[end - 1].whitespace_ \
            and HYPHENS & {doc[end].text, doc[end - 1].text}:
        end += 1
    return doc[phrase.start : end]


def mindless_holder(phrase: Span, cue: Span | None) -> bool:
    """ "lawsuits seeking information": a document said to want or seek, which it cannot."""
    if cue is None or cue.root.lemma_.lower() not in mind_verbs():
        return False
    noun = decisive_noun(phrase.root)
    return noun.pos_ == "NOUN" and not noun.ent_type_ and is_document_noun(noun)


def is_document_noun(noun: Token) -> bool:
    entry = source_nouns().get(noun.lemma_.lower()) or source_nouns().get(noun.lower_)
    return entry is not None and entry.type == "document"


def agent_phrase(phrase: Span, cue: Span | None = None) -> Span | None:
    """The part of a source phrase that names an agent, or None when none does (given the
    attribution's cue, also a document said to hold a stance of mind)."""
    phrase = trimmed(whole_words(closed(phrase)))
    if len(phrase) == 0:
        return None
    phrase = subject_of_clause(phrase)
    if phrase is None or len(phrase) == 0:
        return None
    subject = referent(phrase)
    if not_agent_reason(subject) is not None or mindless_holder(subject, cue):
        return None
    return phrase


def referent(phrase: Span) -> Span:
    """What a relative pronoun stands for ("an assault *that* threatened"): the noun
    phrase its clause modifies, up to that noun; any other phrase is its own referent."""
    root = phrase.root
    if root.lower_ in RELATIVE_PRONOUNS and root.head.dep_ == "relcl":
        noun = root.head.head
        return phrase.doc[noun.left_edge.i : noun.i + 1]
    return phrase
