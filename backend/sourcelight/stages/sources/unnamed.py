"""Who an unnamed group or person of the public is: functions over the parse.

The labelling guide's distinctions, read from the phrase's own words:
- the public in aggregate is `person`, not hidden ("voters", "some consumers", "many in
  Hong Kong", "a large proportion *of the population*", "those who call it X");
- one member of the public, unnamed, is `person` and anonymous ("a Twitter user", "one
  voter", "another shopper");
- people described only as knowing ("two people familiar with the matter", "people
  briefed on the talks", "two people") say nothing of who they are: `anonymous`;
- organisations the article does not name, one picked out indefinitely or several ("a
  group representing rural counties", "education advocacy groups", "brokerages"), are
  hidden as unnamed people are; one it speaks of definitely ("the agency") is not.
Which nouns name the public is data (``source_nouns.tsv``, type `person` or `witness`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sourcelight.stages.sources.agents import decisive_noun
from sourcelight.stages.sources.source_types import noun_type

PUBLIC_TYPES = {"person", "witness"}
# Bare people: the noun says only that they are people.
BARE_PEOPLE = {"people", "person", "persons", "individual", "individuals"}
# One person known only by sex or age: "the man" a story is about speaks of what happened to
# him (a witness, as a patient or a victim is); "a woman" is one of the public. Unnamed either way.
INDIVIDUALS = {"man", "woman", "boy", "girl"}
# Shares of the public counted without saying of whom ("the number who said", "a majority said",
# "a third said"): the public in aggregate, as "70 percent of Americans" is.
SHARES = {"number", "majority", "minority", "proportion", "share", "half", "third", "quarter"}
# Words that keep a described group unnamed: "people familiar with", "a person close to".
UNNAMED_MARKERS = {"familiar", "close", "knowledgeable", "briefed"}
# Determiners that pick out one unnamed member ("a Twitter user", "another voter").
ONE_OF = {"a", "an", "one", "another"}
# Kinds of organisation a reader could look up by name, so unnamed ones are hidden; a state's
# institutions ("authorities", "prosecutors", "police") speak as themselves, named or not.
NAMEABLE_ORG_TYPES = {"company", "ngo_monitor", "think_tank", "university", "media_outlet"}
DEFINITE = {"the", "this", "that", "these", "those"}
# Pronouns that stand for some of the public ("many in Hong Kong", "some say").
QUANTIFIERS = {"many", "some", "most", "few", "several", "others", "those", "much"}


def counted(noun: Token) -> bool:
    """ "two people", "three residents": a number of specific people."""
    return any(c.dep_ == "nummod" or c.like_num for c in noun.children if c.i < noun.i)


def one_member(noun: Token) -> bool:
    """ "a Twitter user", "one voter", "another shopper": one of the public, unnamed.
    A share is no member: "an overwhelming 70 percent", "Fifty-one percent" (its "one" has
    a "Fifty-" of its own)."""
    if noun.tag_ not in {"NN", "NNP"} or any(c.dep_ == "nummod" and c.lower_ not in ONE_OF for c in noun.children):
        return False
    return any(c.dep_ in {"det", "nummod"} and c.lower_ in ONE_OF and not list(c.children) for c in noun.children)


def public_type(phrase: Span) -> tuple[str, bool] | None:
    """(type, anonymous) when the phrase names people of the public or people kept
    unnamed, else None (the caller goes on to roles, institutions, documents)."""
    root = phrase.root
    if root.lower_ in QUANTIFIERS and root.pos_ in {"PRON", "ADJ", "DET", "NOUN"} and not list(
            c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        return "person", False  # "Many in Hong Kong", "those who call it ..."
    noun = decisive_noun(root)
    if noun.lemma_.lower() in SHARES and not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return "person", False
    if noun.lower_ in INDIVIDUALS and not counted(noun):
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        return ("witness" if definite else "person"), True
    hidden = any(t.lower_ in UNNAMED_MARKERS for t in phrase)
    if noun.lemma_.lower() in BARE_PEOPLE or noun.lower_ in BARE_PEOPLE:
        if hidden or counted(noun) or one_member(noun):
            return "anonymous", True  # "two people familiar with the matter"
        return "person", False  # "people are angry"
    kind = noun_type([noun.lemma_.lower(), noun.lower_])
    if kind not in PUBLIC_TYPES:
        return None
    return kind, hidden or one_member(noun)


def unnamed_organisations(noun: Token, kind: str | None) -> bool:
    """ "a group representing rural counties", "education advocacy groups", "some banks":
    organisations of a nameable kind, unnamed and not one the article already spoke of."""
    if kind not in NAMEABLE_ORG_TYPES or noun.pos_ != "NOUN":
        return False
    dets = {c.lower_ for c in noun.children if c.dep_ in {"det", "nummod"}}
    if dets & DEFINITE or any(c.dep_ == "poss" for c in noun.children):
        return False
    return noun.tag_ == "NNS" or bool(dets & ONE_OF)
