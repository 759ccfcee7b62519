"""What kind of source a name or a description is: functions over words and the parse.

Three kinds of evidence, each a data file or table, none a model:
- role nouns that describe a person (``data/person_roles.tsv``): "spokeswoman",
  "analyst", "senator"; some take their type from the organisation the person is in
  ("a spokeswoman for the Russian Foreign Ministry" -> official);
- nouns that type an organisation, a document or a group of people
  (``data/source_nouns.tsv``): the head of a name ("Syrian *Observatory* for Human
  Rights") or of an unnamed source ("the agency", "a poll");
- what is known about a name (``stages/knowledge``: regulators, state media, parties...).

This module maps words to types and finds role words in the parse around a token
(titles, appositions, "who heads X", "X is a nonprofit"); ``component.py`` decides which
tokens belong to which source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from sourcelight.stages.knowledge import knowledge
from sourcelight.stages.entities.mentions import is_honorific
from sourcelight.stages.wordlists import data_dir, data_rows

DATA = data_dir(__file__)

# The person type that the type of a person's organisation implies.
ORG_TO_PERSON = {
    "government": "official", "regulator": "official", "international_org": "official",
    "military": "military", "police": "police", "party": "political_staff",
    "politician": "political_staff", "company": "company_representative",
    "ngo_monitor": "ngo_representative", "think_tank": "academic_expert",
    "university": "academic_expert", "media_outlet": "journalist", "state_media": "journalist",
    "militant_group": "militant_group", "militant_media": "militant_group",
    "private_person": "person",
}
# Organisations whose heads and members are elected: a politician's role stays politician in them.
ELECTED_BODIES = frozenset({"government", "party", "politician"})
# The "organisation" of a role that serves a private person ("a spokeswoman for Neumann").
PRIVATE_PERSON = "private_person"
# Types only people have; military, police and militant_group name an institution and
# its members alike, so they are organisation types here.
SHARED_TYPES = frozenset({"military", "police", "militant_group"})
PERSON_TYPES = frozenset(set(ORG_TO_PERSON.values()) | {"politician", "person", "witness", "anonymous"}) - SHARED_TYPES
# Types of organisations and documents: what an outlet rating can be looked up for.
ORG_TYPES = frozenset(set(ORG_TO_PERSON) - {"politician", PRIVATE_PERSON} | {"document", "organisation", "social_media"})
# Words that type a name from anywhere in it, before its head ("Chicago *Police* Department").
SPECIFIC_TYPES = frozenset({"police", "military"})
# Deps by which words before a name or role qualify it ("Clinton campaign spokesman").
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod"}
# Prepositions that tie a role to its organisation ("an analyst at X", "head of X").
AFFILIATION_PREPS = {"of", "at", "for", "to", "with", "from", "in"}
# "X, who heads the Center ...": verbs that make X the head of their object.
HEADING_VERBS = {"head", "lead", "run", "direct", "chair", "helm", "found", "manage"}
# "National Institute(s) ...": words that make a named institute a state agency.
STATE_PREFIXES = frozenset({"national", "federal"})
STATE_INSTITUTES = frozenset({"institute", "institutes"})
# Nouns of a science's practitioners ("sociologist", "epidemiologists").
SCHOLAR_SUFFIXES = ("ologist", "ologists")
NAME_STOP = frozenset({"of", "for", "on", "in", "at", "and", "the", "&", "to"})


@dataclass(frozen=True, slots=True)
class Word:
    """A typing word: its type, whether it is weak (used only when nothing else types
    the source), and for person roles whether the organisation decides."""

    type: str
    weak: bool = False
    as_name: str | None = None  # type when the word is part of a proper name


SCHOLAR = Word("academic_expert")


def _read(name: str) -> dict[str, Word]:
    table: dict[str, Word] = {}
    for word, kind, *rest in data_rows(DATA / name):
        weak = kind.startswith("=")
        table[word] = Word(kind.lstrip("="), weak, rest[0] if rest else None)
    return table


@lru_cache(maxsize=1)
def person_roles() -> dict[str, Word]:
    """Role noun -> Word; ``weak`` here means the role's organisation decides the type."""
    return _read("person_roles.tsv")


@lru_cache(maxsize=1)
def source_nouns() -> dict[str, Word]:
    return _read("source_nouns.tsv")


def clean(word: str) -> str:
    return word.lower().strip(".,'\u2019")


def role_word(word: str, lemma: str | None = None) -> Word | None:
    """The role a noun names, or None; honorifics are never roles."""
    if is_honorific(word):
        return None
    table = person_roles()
    found = table.get(clean(word)) or (table.get(clean(lemma)) if lemma else None)
    if found is None and clean(word).endswith(SCHOLAR_SUFFIXES):
        return SCHOLAR  # "a social anthropologist", "epidemiologists": a field's scholars
    return found


def person_type(role: Word, org_type: str | None) -> str:
    """A person's type from their role and their organisation's type, if known.
    A politician's role keeps its type in government or party ("the party's leader"); in a
    regulator or an international body its holder is appointed ("CPUC President X": official)."""
    if not role.weak or org_type is None:
        return role.type
    implied = ORG_TO_PERSON.get(org_type)
    if implied is None:
        return role.type
    if role.type == "politician" and org_type in ELECTED_BODIES:
        return "politician"
    return implied


def noun_type(words: list[str], proper: bool = False) -> str | None:
    """The type the nouns of a phrase or name give: the first word (callers put the head
    first) with a strong type, else the first weak one. ``proper``: the words are a
    proper name, so its head decides (after specific words: "Chicago *Police* Department")
    and a word's name type applies."""
    table = source_nouns()
    found = [table[clean(w)] for w in words if clean(w) in table]
    if not found:
        return None
    if proper:
        specific = [w for w in found if w.type in SPECIFIC_TYPES and not w.as_name]
        if specific:
            return specific[0].type
        head = table.get(clean(words[0]))
        if head is not None:  # a name's head decides, weak or not: the DNC *Rules Committee*
            if head.type == "person" and not head.as_name:
                # A name headed by a group of people is their association: "Iraq and
                # Afghanistan *Veterans* of America", "*Parents* for Education".
                return "ngo_monitor"
            return head.as_name or head.type
    strong = [w for w in found if not w.weak] or found
    word = strong[0]
    return (word.as_name or word.type) if proper else word.type


def name_head_first(name: str) -> list[str]:
    """The words of an organisation's name, head first: the last word before the first
    "of/for/on" ("Royal Bank of Scotland" -> Bank), then the rest, right to left."""
    words = [w for w in name.replace("-", " ").split() if w]
    cut = next((i for i, w in enumerate(words) if w.lower() in {"of", "for", "on"} and i > 0), len(words))
    head = words[:cut]
    rest = words[cut:]
    ordered = list(reversed(head)) + list(reversed(rest))
    return [w for w in ordered if w.lower() not in NAME_STOP]


def party_prefix(name: str) -> bool:
    """ "Democratic National Committee": a name led by a known party's adjective."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in STATE_PREFIXES:
        # "National Weather Service", "Federal Reserve" are no National or Federal Party's;
        # "National Republican Congressional Committee" is the Republicans'.
        words = words[1:]
    first = words[0] if words else ""
    if len(first) < 4 or not first[:1].isupper():
        return False
    return is_party(first)


def known_prefix_type(name: str) -> str | None:
    """ "*United Nations* High Commissioner": the type of a known organisation whose full name
    (two words or more) leads the name, longest first; its body is that organisation's."""
    words = name.split()
    for n in range(len(words) - 1, 1, -1):
        entry = knowledge.lookup(" ".join(words[:n]), "ORG")
        if entry is not None and entry.kind != "domain" and entry.type not in knowledge.PERSON_TYPES:
            return entry.type
    return None


def party_branch(name: str) -> bool:
    """ "Wyoming GOP", "Texas Democrats": a place before a party's name is its branch there."""
    words = name.split()
    return len(words) > 1 and words[0][:1].isupper() and is_party(words[-1])


def national_institute(name: str, words: list[str]) -> bool:
    """ "National Institute on Drug Abuse", "National Cancer Institute", "Federal Institute
    for Risk Assessment": an institute named for the nation (or federation) is a state
    agency, not a think tank."""
    first = name.split()[0].lower() if name.split() else ""
    if first == "the" and len(name.split()) > 1:
        first = name.split()[1].lower()
    return first in STATE_PREFIXES and bool(words) and clean(words[0]) in STATE_INSTITUTES


def organisation_type(name: str, label: str | None = None) -> str | None:
    """What is known about a name, then what its words say, then what its domain says;
    None if nothing knows."""
    entry = knowledge.lookup(name, label)
    if entry is not None and entry.type in knowledge.PERSON_TYPES:
        entry = None
    if entry is not None and entry.kind != "domain":
        return entry.type
    words = name_head_first(name)
    kind = noun_type(words, proper=True)
    if kind == "think_tank" and national_institute(name, words):
        return "government"
    if kind in {None, "government"} and (party_prefix(name) or party_branch(name)):
        return known_prefix_type(name) or "party"
    # A domain's type is coarse (MBFC files think tanks and charities alike under
    # "organization/foundation"): the name's own head word is more specific.
    return kind or (entry.type if entry is not None else None)


# ---------------------------------------------------------------- in the parse


def head_first(span: Span, skip: range = range(0), names: bool = True) -> list[str]:
    """The lemmas of a span's nouns, its head first, then nearest the head first;
    ``names=False`` leaves out proper nouns (a name's words are not its description)."""
    root = span.root
    tags = {"NOUN", "PROPN", "VERB", "ADJ"} if names else {"NOUN", "VERB", "ADJ"}
    toks = [t for t in sorted(span, key=lambda t: (t.i != root.i, abs(t.i - root.i)))
            if t.i not in skip and t.pos_ in tags]
    return [t.lemma_.lower() if t.pos_ != "PROPN" else t.lower_ for t in toks]


def role_at(tok: Token) -> Word | None:
    """The role a noun names, two-word roles first ("Attorney General")."""
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        pair = role_word(f"{prev.lower_} {tok.lower_}")
        if pair is not None:
            return pair
    return role_word(tok.text, tok.lemma_)


def relative_roles(relcl: Token) -> list[tuple[Token, Span | None]]:
    """ "who heads the Center ..." -> (verb, the Center); "who served as chairman of X"
    -> (chairman, None): the relative clause's role words."""
    found: list[tuple[Token, Span | None]] = []
    doc = relcl.doc
    if relcl.lemma_.lower() in HEADING_VERBS:
        for obj in relcl.children:
            if obj.dep_ == "dobj":
                found.append((relcl, doc[obj.left_edge.i : obj.right_edge.i + 1]))
    for child in relcl.children:
        if child.dep_ in {"attr", "dobj"}:
            found.append((child, None))  # "who is a professor at X"
        elif child.dep_ == "prep" and child.lower_ == "as":
            found += [(obj, None) for obj in child.children if obj.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ in {"at", "with"} and relcl.lemma_ == "be":
            # "who is now at the Brookings Institution": the organisation decides
            found += [(relcl, doc[obj.left_edge.i : obj.right_edge.i + 1])
                      for obj in child.children if obj.dep_ == "pobj"]
    return found


def affiliation_objects(role: Token, depth: int = 2) -> list[Token]:
    """Objects of the role's of/at/for/... phrases, and of theirs ("director *of debate*
    *at the University*"), nearest first."""
    found: list[Token] = []
    for prep in role.rights:
        if prep.dep_ == "prep" and prep.lower_ in AFFILIATION_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found.append(obj)
                    if depth > 1:
                        found += affiliation_objects(obj, depth - 1)
    return found


def predicate_nouns(subject: Token) -> list[Token]:
    """What a sentence says its subject is: "X is a nonprofit", "X was a professor",
    "X serves as chairman", "Lynch occupies ... as the attorney general"."""
    if subject.dep_ != "nsubj":
        return []
    verb = subject.head
    found = [c for c in verb.children if c.dep_ == "attr" and verb.lemma_ == "be"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            found += [c for c in prep.children if c.dep_ == "pobj"]
    return found


def is_party(name: str) -> bool:
    """ "Democrats", "Republican", "GOP"-like names of a party (or its members). "X Party"
    alone is no evidence: small parties are named for nations ("American Party")."""
    for candidate in (name, f"{name}s"):
        entry = knowledge.lookup(candidate)
        if entry is not None and entry.type == "party":
            return True
    return False


def title_tokens(name_root: Token, start: int) -> list[Token]:
    """Role words before a name, nearest first: "Clinton campaign spokesman Brian Fallon",
    "Manhattan Supreme Court Justice Frank Nervo", "Gov. Pat McCrory"."""
    found = []
    for child in sorted(name_root.lefts, key=lambda t: -t.i):
        if child.dep_ in MODIFIER_DEPS | {"compound"} and child.i < start and not is_honorific(child.text):
            found.append(child)
    i = start - 1
    doc = name_root.doc
    first = name_root.sent.start
    while i >= first and start - i <= 7:
        if doc[i].lower_ in {"of", "the"} and start - i <= 3 and i > first and doc[i - 1].pos_ in {"PROPN", "NOUN", "DET", "ADP"}:
            i -= 1  # "Speaker of the House Newt Gingrich": the role before its "of" phrase
            continue
        if doc[i].pos_ not in {"PROPN", "NOUN"} or start - i > 4 and not found_of(doc, i, start):
            break
        if doc[i] not in found and not is_honorific(doc[i].text):
            found.append(doc[i])
        i -= 1
    return found


def found_of(doc, i: int, start: int) -> bool:
    """An "of" between a word and the name: the walk above crossed one."""
    return any(doc[j].lower_ == "of" for j in range(i + 1, start))


def is_source_noun(tok: Token) -> bool:
    """A common noun that is a source of its own, whatever names modify it: "the
    Bloomberg *poll*", "the Clinton *campaign*", "a Washington Post *database*"."""
    word = source_nouns().get(tok.lemma_.lower()) or source_nouns().get(tok.lower_)
    return tok.pos_ == "NOUN" and word is not None and not word.weak and word.type not in PERSON_TYPES
