"""Stage sl_sources: one Source per real-world source the attributions name.

Each attribution's source phrase is resolved to a referent:
- a named entity in the phrase (its entity group when the entities stage made one);
- a relative pronoun ("who said") -> the noun the clause modifies;
- a personal pronoun -> the nearest earlier source of the compatible kind (he/she ->
  a person, it/they -> an organisation), else the nearest compatible entity;
- a definite description ("the Observatory", "the military unit") -> the earlier
  source whose name or descriptions share its head noun;
- anything else is a new source, anonymous when nothing names it ("sources said").
Appositions become descriptions; "X, head of the Observatory" links the person to the
organisation (role, affiliation). The type comes from the article's words first: a
person's role ("a spokeswoman for the Foreign Ministry", "Gov.", "an analyst at X"),
typed by the organisation the role is in; a description ("a Florida news organization",
"-run media unit"). Then from what is known about the name (``stages/knowledge``), then from
the name's own words ("... Observatory", "... Bank of ..."), then from the entity label.
Word lists live in ``data/`` (``source_types.py`` reads them). Earlier sources and the
article's names are looked up through ``source_index.py`` (by key, word or position),
so the work stays linear in the number of sources.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import islice, takewhile

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sourcelight import deadline
from sourcelight.annotation import Attribution, Source, TextSpan
from sourcelight.stages.knowledge import knowledge
from sourcelight.stages.sources.agents import HYPHENS, agent_phrase, not_agent_nouns, partitive_nouns
from sourcelight.stages.sources.unnamed import UNNAMED_MARKERS, public_type, unnamed_organisations
from sourcelight.stages.sources.source_index import Draft, Drafts, Mention, Names, entity_mentions, words_of
from sourcelight.stages.sources.source_types import (
    AFFILIATION_PREPS,
    MODIFIER_DEPS,
    ORG_TO_PERSON,
    PERSON_TYPES,
    PRIVATE_PERSON,
    Word,
    affiliation_objects,
    head_first,
    is_party,
    is_source_noun,
    noun_type,
    organisation_type,
    person_roles,
    person_type,
    predicate_nouns,
    relative_roles,
    role_at,
    role_word,
    source_nouns,
    title_tokens,
)
from sourcelight.stages.entities.mentions import is_honorific
from sourcelight.stages.wordlists import data_dir, word_set

DATA = data_dir(__file__)
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"it", "they", "them"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PLURAL_TAGS = {"NNS", "NNPS"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}
MEDIA_WORDS = {"media", "news", "newspaper", "television", "broadcaster", "channel"}
OWNER_MARKERS = {"run", "owned", "affiliated", "backed", "linked", "led", "controlled"}
UNNAMED_VERBS = {"identify", "name", "reveal", "disclose", "cite"}
ANONYMITY_WORDS = {"anonymity", "anonymously", "unnamed", "anonymous", "unidentified"}
# "organisation" marks an organisation nothing has typed yet (its people do not take its
# type); it is no type of the vocabulary. A building that speaks is the office in it
# ("Downing Street said").
LABEL_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "government",
               "NORP": "person", "FAC": "government"}
# What an organisation that neither the article, the table nor its name types is given:
# in news mostly a business (a label, a promoter, a club), as for "an analyst at X".
UNTYPED_ORGANISATION = "company"
# Determiners and adjectives that make "Democrats" some party members, not the party.
SOME_KEY = "some "  # the key of some party members' source, apart from the party's
SOME_WORDS = {"many", "some", "several", "few", "most", "skittish", "other", "top", "senior", "leading"}
# Roles that are a seat in a body: in a legislature, an elected one.
MEMBERSHIP_ROLES = {"member"}
# Nouns that make their owner a politician ("the Clinton campaign", "Obama's presidency").
OFFICE_NOUNS = {"campaign", "administration", "presidency", "candidacy", "nomination", "reelection",
                "re-election", "cabinet", "government", "mate", "ticket", "platform", "rally"}
# The role "X, who heads Y" gives X: Y's type decides.
# Tags of the words of a proper name ("Iraq and Afghanistan Veterans of America").
NAME_POS = frozenset({"PROPN", "ADP", "CCONJ", "DET", "PUNCT"})
# Titles of a sitting head of government or state, whose staff are officials.
GOVERNMENT_HEADS = frozenset({"president", "premier", "chancellor", "governor", "gov", "mayor"})
FORMER_WORDS = frozenset({"former", "ex", "ex-", "late", "then", "then-"})
HEAD_ROLE = Word("person", weak=True)
# The organisation type that its people's roles imply ("WeWork's CEO": a company).
PEOPLE_TO_ORG = {"company_representative": "company", "journalist": "media_outlet",
                 "ngo_representative": "ngo_monitor"}
# Types of private people: described only by a relation, they are unnamed, not identified.
PRIVATE_TYPES = frozenset({"person", "witness"})
NOW_WORDS = {"now", "currently"}  # "a former adviser, now a fellow at X"
MEDIA_TYPES = frozenset({"media_outlet", "state_media", "militant_media"})
AGE_EPITHET = re.compile(r"the \d{1,3}-year-old")
# How far after a mention of a person a he/she is read as possibly theirs: resolving every
# pronoun for every person typed is quadratic in a long article.
PRONOUN_REACH = 1000


@lru_cache(maxsize=1)
def militant_names() -> frozenset[str]:
    return word_set(DATA / "militant_groups.txt")


def note_head_first(note: str) -> list[str]:
    """A group note's words, its head first: the last word before any "of/for/at ..."
    ("a Sugar Land-based *provider* of automobile data"), then the words before it."""
    words = note.lower().split()
    cut = next((i for i, w in enumerate(words) if i and w in AFFILIATION_PREPS), len(words))
    return list(reversed(words[:cut]))


def group_names(doc: Doc) -> dict[str, str]:
    return {g.id: g.name for g in doc._.sl_groups or []}


# ---------------------------------------------------------------- typing


def owner_entity(phrase: Span, names: Names) -> Mention | None:
    """ "Hezbollah-run media unit": the entity before a -run/-led/-owned marker."""
    for tok in phrase:
        if tok.lower_ in OWNER_MARKERS and tok.i > phrase.start:
            prev = phrase.doc[tok.i - 1]
            before = prev if prev.text != "-" else phrase.doc[max(tok.i - 2, 0)]
            owner = names.at(before.idx)
            if owner is not None:
                return owner
            if before.pos_ == "PROPN":
                return Mention(before.idx, before.idx + len(before), "ORG", None, before.text)
    return None


def is_militant(name: str, doc_militant_words: set[str]) -> bool:
    low = name.lower()
    return low in militant_names() or low in doc_militant_words


def militant_in_text(doc: Doc) -> set[str]:
    """Names the article itself calls militant ("the militant group Hezbollah")."""
    found: set[str] = set()
    for tok in doc:
        if tok.lower_ in {"militant", "jihadist", "rebel", "terrorist"}:
            head = tok.head
            for ent in doc.ents:
                if ent.start <= head.i < ent.end or abs(ent.start - tok.i) <= 2:
                    found.add(ent.text.lower())
    return found


def media_type(phrase: Span, names: Names, militant: set[str]) -> str | None:
    """ "a Hezbollah-run media unit", "the news agency": media, and whose."""
    words = {t.lower_ for t in phrase} | {t.lemma_.lower() for t in phrase}
    if not words & MEDIA_WORDS or role_word(phrase.root.text, phrase.root.lemma_) is not None:
        return None
    owner = owner_entity(phrase, names)
    return "militant_media" if owner and is_militant(owner.text, militant) else "media_outlet"


def current_first(candidates: list[tuple[Token, Span | None]]) -> list[tuple[Token, Span | None]]:
    """Role candidates with the one the article says is "now" first: "a former Obama adviser
    now a fellow at the Center" is typed by the fellowship. A former role alone still types
    ("Former Pennsylvania Gov. Ed Rendell" is a politician)."""
    return sorted(candidates, key=lambda pair: not is_current(pair[0]))


def is_current(tok: Token) -> bool:
    before = tok.doc[tok.i - 2 : tok.i]
    return any(c.lower_ in NOW_WORDS for c in tok.children) or any(t.lower_ in NOW_WORDS for t in before)


def located(tok: Token) -> bool:
    """ "Washington-based": where a person works, not whom for."""
    return any(t.lower_ == "based" for t in tok.subtree)


def missed_name_type(phrase: Span) -> str | None:
    """A name the entity model missed ("Le Monde", "Sioux Falls Argus Leader": proper nouns
    only): the type the knowledge table gives it or its last words, if it knows them."""
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    if phrase.root.pos_ != "PROPN" or not words or any(t.pos_ != "PROPN" for t in words):
        return None
    name = " ".join(t.text for t in words)
    entry = knowledge.lookup_tail(name)
    if entry is None or entry.type in knowledge.PERSON_TYPES:
        return None
    # A domain's type is coarse: the name's own words may say more ("Facebook": the company).
    return (organisation_type(name) if entry.kind == "domain" else None) or entry.type


# ---------------------------------------------------------------- resolution


MAX_PHRASE_TOKENS = 40  # a source phrase longer than this is cut to its head's neighbourhood


def name_mention(phrase: Span, names: Names) -> Mention | None:
    """The named entity the phrase is about: the one holding the phrase's head,
    else the first PERSON/ORG inside it (an apposition's name). Names are in text
    order, so those inside the phrase are found by bisection, not by a scan of all."""
    first = bisect_left(names.starts, phrase.start_char)
    inside = [m for m in takewhile(lambda m: m.start < phrase.end_char, islice(names.list, first, None))
              if m.end <= phrase.end_char and m.label in NAMED_LABELS]
    root = phrase.root
    for m in inside:
        if m.start <= root.idx < m.end:
            return m
    for m in inside:
        if m.label in {"PERSON", "ORG"} and not owner_marked(phrase, m) and in_apposition(phrase, m):
            return m
    if role_word(root.text, root.lemma_) is not None:
        # "An analyst at the Lowy Institute, Andrew Shearer": the parser hangs the name
        # off the organisation; a person after a comma still names the role.
        doc = phrase.doc
        for m in inside:
            before = doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.label == "PERSON" and before is not None and before.start > 0 and doc[before.start - 1].text == ",":
                return m
    return None


def in_apposition(phrase: Span, m: Mention) -> bool:
    """The entity names the phrase's head through an apposition ("The commander,
    General Y"), not through a modifier ("the coalition against IS")."""
    tok = phrase.doc.char_span(m.start, m.end, alignment_mode="expand")
    if tok is None:
        return False
    node = tok.root
    deps = set()
    while node.i != phrase.root.i and node.head.i != node.i:
        if node.dep_ not in {"appos", "compound", "flat", "amod", "det", "punct"}:
            return False
        deps.add(node.dep_)
        node = node.head
    if node.i != phrase.root.i:
        return False
    # "the Bloomberg poll", "a former DNC chairman": the name only modifies the source.
    return "appos" in deps or not (is_source_noun(phrase.root) or role_word(phrase.root.text, phrase.root.lemma_))


def owner_marked(phrase: Span, m: Mention) -> bool:
    """ "Hezbollah-run unit": Hezbollah owns the source, it is not the source."""
    after = text_after(phrase.doc, m.end, 12).lstrip("-\u2010 ").lower()
    return any(after.startswith(w) for w in OWNER_MARKERS)


def text_after(doc: Doc, char: int, width: int) -> str:
    """``doc.text[char:char + width]`` without rebuilding doc.text (linear per access)."""
    last = doc.char_span(char - 1, char, alignment_mode="expand") if char > 0 else None
    if last is None:
        return ""
    token = last[-1]
    window = "".join(t.text_with_ws for t in doc[token.i : token.i + 6])
    return window[char - token.idx : char - token.idx + width]


def appositions(phrase: Span) -> list[Span]:
    """Apposition phrases of the head ("X, head of Y") and, when the head is the
    description ("The operation's commander, General Y"), the head's own phrase."""
    doc = phrase.doc
    out = []
    root = phrase.root
    for child in root.children:
        if child.dep_ == "appos":
            out.append(doc[child.left_edge.i : child.right_edge.i + 1])
    return out


def resolve_pronoun(tok: Token, drafts: Drafts, names: Names, at: int) -> Draft | Mention | None:
    """He/she: the latest earlier person source of a compatible gender (known from "Mr."
    or "Ms."), else such a person entity. It/they: whichever is nearer, the latest
    organisation source or the latest organisation-like entity ("Mexico ... It has")."""
    want_person = tok.lower_ in PERSON_PRONOUNS or tok.lower_ in {"i", "we"}
    want = PRONOUN_GENDER.get(tok.lower_)
    if want is not None:  # the nearest person the article gave this gender ("Mrs. Clinton")
        known = drafts.latest_of_gender(at, want)
        entity = names.latest(at, gender=want)
        if known is not None and (entity is None or known[0] >= entity.start):
            return known[1]
        if entity is not None:
            return entity
    latest = drafts.latest_source(at, want_person, want)
    entity = names.latest(at, label="PERSON" if want_person else "NAMED", fits=want)
    if latest is not None and (want_person or entity is None or latest[0] >= entity.start):
        return latest[1]
    return entity


def title_genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Entity group -> "m" or "f" where the article writes "Mr. X" or "Ms. X"."""
    genders: dict[str, str] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.label != "PERSON" or not m.group or span is None:
            continue
        # The entities stage keeps courtesy titles inside the person's span ("Mrs. Clinton");
        # a title just before the span counts too.
        titles = [span[0]] + ([doc[span.start - 1]] if span.start > 0 else [])
        gender = next((g for t in titles if (g := TITLE_GENDER.get(t.lower_.rstrip(".")))), None)
        if gender:
            genders.setdefault(m.group, gender)
    return genders


@lru_cache(maxsize=1)
def staff_roles() -> frozenset[str]:
    return word_set(DATA / "staff_roles.txt")


def market_roles() -> frozenset[str]:
    return word_set(DATA / "market_roles.txt")


def comments_on_markets(role: Token) -> bool:
    """ "equity strategist", "portfolio manager", "Head of Research": a role whose holder
    comments on markets, two-word roles first, then the role's "of" object."""
    doc = role.doc
    pair = f"{doc[role.i - 1].lower_} {role.lower_}" if role.i > 0 else ""
    if pair in market_roles() or role.lower_ in market_roles() or role.lemma_.lower() in market_roles():
        return True
    field = [obj for prep in role.children if prep.dep_ == "prep" and prep.lower_ == "of"
             for obj in prep.children if obj.dep_ == "pobj"]
    return any(doc[obj.left_edge.i : obj.i + 1].text.lower() in market_roles() for obj in field)


def market_expert(kind: str, role: Token) -> str:
    """A firm's market commentator is an expert, not the firm speaking (guide); so is one
    whose firm nothing types ("Head of Research" of a firm the article does not describe)."""
    return "academic_expert" if kind in {"company_representative", "person"} and comments_on_markets(role) else kind


@lru_cache(maxsize=1)
def legislature_words() -> frozenset[str]:
    return word_set(DATA / "legislatures.txt")


def legislature_member(role: Token) -> bool:
    """ "a member of the Senate Armed Services Committee": a seat in a legislature, or on
    its committee, is an elected one."""
    if role.lemma_.lower() not in MEMBERSHIP_ROLES:
        return False
    return any(t.lower_ in legislature_words() for obj in affiliation_objects(role)
               for t in role.doc[obj.left_edge.i : obj.i + 1])


def missed_person_name(root: Token) -> bool:
    """A head that is a capitalised proper noun after another ("Elon *Musk*"), none an
    organisation's or a place's: a person's first and last name."""
    first_names = [c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.text[:1].isupper()]
    return root.pos_ == "PROPN" and root.text[:1].isupper() and bool(first_names) and not root.ent_type_ \
        and not any(c.ent_type_ for c in first_names)


def hyphenated_head(tok: Token, phrase: Span) -> Token:
    """ "ex-wife" parsed as three nouns with "ex" at their head: the word's last part is
    what it names."""
    doc = tok.doc
    while tok.i + 2 < phrase.end and not tok.whitespace_ and doc[tok.i + 1].text in HYPHENS \
            and not doc[tok.i + 1].whitespace_:
        tok = doc[tok.i + 2]
    return tok


def resolve_description(phrase: Span, drafts: Drafts) -> Draft | None:
    """ "the Observatory", "the military unit": an earlier source sharing the head noun."""
    # The head's own determiner: "A spokesperson for *the* NYAG" is indefinite.
    determiners = {t.lower_ for t in phrase.root.children if t.dep_ in {"det", "poss"}}
    if not determiners & {"the", "this", "that", "its", "their"}:
        return None
    return drafts.described_by(phrase.root.lower_, phrase.start_char)


def names_many(phrase: Span | None) -> bool:
    """ "protesters and civic leaders", "officials": a phrase whose head is plural or joined."""
    if phrase is None:
        return False
    root = phrase.root
    return root.tag_ in PLURAL_TAGS or any(c.dep_ == "conj" and c.i < phrase.end for c in root.children)


def coordinated_parts(phrase: Span) -> list[Span]:
    """ "Businesses and residents", "both independent analysts and sources in the camp": the
    conjoined common-noun phrases of a source phrase, each without the others, the "and"
    or the commas; [] when the phrase joins none (or joins names, typed as they are)."""
    root = phrase.root
    conjuncts = [c for c in root.conjuncts if phrase.start <= c.i < phrase.end]
    if root.pos_ != "NOUN" or not conjuncts or any(c.pos_ != "NOUN" for c in conjuncts):
        return []
    if any(c.tag_ == "NN" and not any(d.dep_ in {"det", "poss"} for d in c.children) for c in conjuncts):
        return []  # "the singer and guitarist": one person under one determiner
    heads = [root, *conjuncts]
    parts = []
    for head in heads:
        others = {t.i for c in heads if c is not head and c.i > head.i for t in c.subtree}
        words = [t for t in head.subtree if phrase.start <= t.i < phrase.end and t.i not in others
                 and t.dep_ not in {"cc", "preconj", "punct"} and t.lower_ not in {"both", "either"}]
        if not words:
            return []
        parts.append(leading_run(words))
    return parts


def leading_run(words: list[Token]) -> Span:
    """The words up to the first gap: a modifier parsed across the other parts stays out."""
    end = 1
    while end < len(words) and words[end].i == words[end - 1].i + 1:
        end += 1
    return words[0].doc[words[0].i : words[end - 1].i + 1]


def some_members(phrase: Span | None) -> bool:
    """ "many Democrats", "skittish Democrats contemplating ...": some of a party's members, not
    the party. The modifier may lie left of a source span that leaves it out, and the parse may
    not attach it ("has skittish Democrats" parsed with "skittish" as the verb)."""
    if phrase is None:
        return False
    before = [phrase.doc[phrase.start - 1]] if phrase.start > 0 else []
    return any(t.lower_ in SOME_WORDS for t in [*phrase, *phrase.root.lefts, *before])


def initials(name: str) -> str:
    """ "the Democratic National Committee" -> "DNC": its capitalised words' first letters."""
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in {"the", "of", "for", "and"})


def find_draft(drafts: Drafts, key: str, words: set[str], label: str | None) -> Draft | None:
    # "Yarallah" after "Abdelamir Yarallah"; "Observatory" after "Syrian Observatory ..."
    # ("Bloomberg reports" is not "a Bloomberg poll": unnamed sources are not matched).
    return drafts.with_key(key) or drafts.named_with(words, label)


# ---------------------------------------------------------------- typing


class Typer:
    """Types sources from the parse: roles and their organisations, descriptions, names.
    Shares the builder's drafts, so an organisation already typed types its people."""

    def __init__(self, doc: Doc, names: Names, groups: dict[str, str], militant: set[str],
                 drafts: Drafts) -> None:
        self.doc = doc
        self.names = names
        self.groups = groups
        self.militant = militant
        self.drafts = drafts
        self.spelled: dict[str, str | None] = {}
        self.pronoun_roles: list[tuple[Token, list[Token]]] | None = None
        self.pronoun_starts: list[int] = []
        self.office_pronouns: list[Token] | None = None
        self.pronoun_groups: dict[tuple[int, int], str | None] = {}
        self.group_notes = {g.id: [w for w in (g.role, g.description) if w] for g in doc._.sl_groups or []}

    def entity_at(self, tok: Token) -> Mention | None:
        return self.names.at(tok.idx)

    def name_of(self, m: Mention) -> str:
        """The entity's name, acronyms spelled out where the article does ("the DNC Rules
        Committee" -> "the Democratic National Committee Rules Committee")."""
        if m.text.isupper() and 2 <= len(m.text) <= 6:
            spelled = self.spelled_out(m.text)
            if spelled:
                return spelled
        name = self.groups.get(m.group or "", m.text)
        name = name[4:] if name.lower().startswith("the ") else name
        return " ".join(self.spelled_out(w) or w if w.isupper() and 2 <= len(w) <= 6 else w
                        for w in name.split())

    def spelled_out(self, acronym: str) -> str | None:
        """ "DNC" -> "Democratic National Committee" when the article spells it out (looked
        for once per acronym)."""
        if acronym not in self.spelled:
            self.spelled[acronym] = next((m.text[4:] if m.text.lower().startswith("the ") else m.text
                                          for m in self.names.list if initials(m.text) == acronym), None)
        return self.spelled[acronym]

    # -------------------------------------------- organisations

    def entity_type(self, m: Mention) -> str | None:
        """A named entity's type as an organisation a person belongs to: its source's
        type if it is already one, else what its name says."""
        name = self.name_of(m)
        draft = self.drafts.with_key(m.group or name.lower())
        if draft is not None and draft.source.type not in {"organisation", "anonymous"}:
            return draft.source.type
        if m.label == "PERSON":
            entry = knowledge.lookup(name, "PERSON")
            return entry.type if entry else None
        if m.label == "GPE":
            return "government"
        if m.label == "NORP":
            return "party" if is_party(name) else None
        if is_militant(name, self.militant):
            return "militant_group"
        return organisation_type(name, m.label) or self.type_from_people(m)

    def org_type_of(self, span: Span) -> str | None:
        """The type of the organisation a phrase names or describes: "the Russian Foreign
        Ministry", "the Clinton campaign" (the head noun decides), "his" (its referent)."""
        root = span.root
        if root.pos_ == "PRON":
            target = resolve_pronoun(root, self.drafts, self.names, root.idx)
            kind = target.source.type if isinstance(target, Draft) else \
                self.entity_type(target) if target is not None else None
            # "his advisers": a politician's staff; other people are no organisation.
            return kind if kind not in PERSON_TYPES or kind == "politician" else None
        # The common nouns first: "Hong Kong *police*", "the *think tank* Third Way".
        kind = noun_type(head_first(span, names=False)) if any(t.pos_ == "NOUN" for t in span) else None
        name = span.text[4:] if span.text.lower().startswith("the ") else span.text
        if kind in {None, "government"} and any(t.text[:1].isupper() for t in span) \
                and organisation_type(name, "ORG") == "party":
            return "party"  # "the Republican National *Committee*", "the Wyoming GOP"; not "independent"
        if kind is not None and kind not in PERSON_TYPES:
            return kind
        ent = self.entity_at(root)
        if ent is not None and ent.label == "GPE" and ent.end < span.end_char:
            # "Iraq and Afghanistan Veterans of America": a place leading a longer name;
            # the name's head word types it where one does.
            name = span.text[4:] if span.text.lower().startswith("the ") else span.text
            kind = organisation_type(name, "ORG") if all(t.pos_ in NAME_POS for t in span) else None
            if kind is not None:
                return kind
        if ent is not None and ent.label not in {"PERSON", "NORP"}:
            return self.entity_type(ent)
        inner = self.names.starting_in(span.start_char, span.end_char)
        kind = next((k for k in map(self.entity_type, inner) if k), None)
        if kind in {None, "politician"} and any(m.label == "PERSON" and self.heads_government(m) for m in inner):
            return "government"  # "advisers to Mr. Obama", titled President: a government's staff
        if kind is None:
            kind = noun_type(head_first(span))
        return kind if kind not in PERSON_TYPES or kind == "politician" else None

    def affiliation_type(self, role: Token) -> str | None:
        """The type of the organisation a role is in: "an analyst *at X*", "head *of X*",
        "*Clinton campaign* spokesman", "*the ministry's* spokeswoman"."""
        for obj in affiliation_objects(role):
            if obj.head.lower_ in {"from", "in"} and obj.ent_type_ == "GPE":
                continue  # "a member from Virginia", "a fellow at X in Israel": where, not whose
            kind = self.housing_type(obj) or self.org_type_of(self.doc[obj.left_edge.i : obj.right_edge.i + 1])
            if kind in ORG_TO_PERSON:  # not "director of industry *analysis*": a field, no organisation
                return kind
            if self.private_person(obj):
                return PRIVATE_PERSON  # "a spokeswoman for Neumann": a person's, no office's
            if self.unknown_firm(obj):
                return "company"
        mods = [c for c in role.lefts if c.dep_ in MODIFIER_DEPS and not is_honorific(c.text) and not located(c)]
        start = min((c.left_edge.i for c in mods), default=role.i)
        # A title before a name: its organisation is the name's other modifiers
        # ("Interim *DNC* Chairwoman Donna Brazile" parses DNC as the name's compound).
        while start > role.sent.start and self.doc[start - 1].dep_ in MODIFIER_DEPS \
                and self.doc[start - 1].pos_ in {"PROPN", "NOUN", "ADJ"} and not is_honorific(self.doc[start - 1].text) \
                and not located(self.doc[start - 1]):
            start -= 1
        return self.org_type_of(self.doc[start : role.i]) if start < role.i else None

    def housing_type(self, unit: Token) -> str | None:
        """ "the Department of Health Sciences *at the University of York*": the type of the
        institution a unit is at, which decides over the unit's own head word."""
        for prep in unit.children:
            if prep.dep_ == "prep" and prep.lower_ == "at":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ != "GPE":
                        kind = self.org_type_of(self.doc[obj.left_edge.i : obj.right_edge.i + 1])
                        if kind in ORG_TO_PERSON:
                            return kind
        return None

    def party_titled(self, role: Token) -> bool:
        """An office title (no staff role) led by a party's name: "Democratic *Attorney*",
        "Republican state schools *Superintendent*"."""
        if role.lemma_.lower() in staff_roles():
            return False
        i = role.i - 1
        while i >= role.sent.start and self.doc[i].dep_ in MODIFIER_DEPS \
                and self.doc[i].pos_ in {"PROPN", "NOUN", "ADJ"}:
            if is_party(self.doc[i].text):
                return True
            i -= 1
        return False

    def heads_government(self, m: Mention) -> bool:
        """The article titles the person as a sitting head of government ("President
        Obama", "Gov. Pat McCrory"; not "former President Carter"), so their advisers and
        spokespeople are officials."""
        for other in self.same_entity(m):
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is None:
                continue
            titles = title_tokens(span.root, span.start)
            if any(t.lower_.rstrip(".") in GOVERNMENT_HEADS for t in titles[:2]) \
                    and not any(t.lower_ in FORMER_WORDS for t in span.doc[max(span.start - 4, 0) : span.start]):
                return True
        return False

    def unknown_firm(self, obj: Token) -> bool:
        """ "vice president ... at Blue Origin": an organisation the article names (not an
        acronym) that neither the table nor its head word types is, in news, mostly a
        business; institutions and associations carry a typing head word."""
        ent = self.entity_at(obj)
        if ent is None or ent.label != "ORG" or ent.text.isupper():
            return False
        return all(t.pos_ == "PROPN" for t in self.doc[obj.left_edge.i : obj.right_edge.i + 1]
                   if t.dep_ not in {"det", "punct"})

    def private_person(self, obj: Token) -> bool:
        """The role's "for/of" object is a person who holds no office the article or the
        table knows of: a private person, whose spokesperson or lawyer is no official."""
        ent = self.entity_at(obj)
        if ent is None or ent.label != "PERSON":
            return False
        draft = self.drafts.with_key(ent.group or self.name_of(ent).lower())
        kind = draft.source.type if draft is not None else self.entity_type(ent)
        return kind in {None, "person"}

    # -------------------------------------------- people

    def person_type(self, m: Mention, phrase: Span | None, descriptions: list[Span]) -> str:
        """Who the article says a named person is, first; then what is known about them."""
        generic = False
        for tok, org_span in self.role_candidates(m, phrase, descriptions):
            if org_span is not None:  # "X, who heads the Center ..."
                kind = person_type(HEAD_ROLE, self.org_type_of(org_span))
            else:
                role = role_at(tok)
                if role is None:
                    continue
                kind = market_expert(person_type(role, self.affiliation_type(tok)), tok)
                if kind == "political_staff" and role.type == "official" and self.party_titled(tok):
                    kind = "politician"  # "Republican state schools Superintendent X": elected on a party's ticket
                if legislature_member(tok):
                    kind = "politician"
                if kind == "anonymous":
                    continue  # "Trump cites his followers as the source": a named person is no unnamed source
            if kind != "person":
                return kind
            generic = True  # "chair" of an organisation no one knows: a later role may say more
        if generic:
            return "person"
        for note in self.group_notes.get(m.group or "", []):
            role = next((r for r in map(role_word, reversed(note.split())) if r), None)
            if role is not None and not (role.weak and role.type == "person"):  # "manager" of no one says nothing
                return role.type
        entry = knowledge.lookup(self.name_of(m), "PERSON")
        if entry is not None:
            return entry.type
        return "politician" if self.runs_for_office(m) else "person"

    def runs_for_office(self, m: Mention) -> bool:
        """ "the Clinton campaign", "Mrs. Clinton's candidacy": someone with a campaign,
        an administration or a running mate is a politician."""
        for other in self.same_entity(m):
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in {"compound", "poss"} \
                    and span.root.head.lemma_.lower() in OFFICE_NOUNS:
                return True
            if span is not None and span.end < len(self.doc) and self.doc[span.end].lemma_.lower() in OFFICE_NOUNS \
                    and self.doc[span.end].pos_ == "NOUN":
                return True  # "Clinton campaign manager Robby Mook": the campaign before the role
        if self.office_pronouns is None:  # read once per article
            self.office_pronouns = [tok for tok in self.doc if tok.lower_ in {"his", "her"} and tok.dep_ == "poss"
                                    and tok.head.lemma_.lower() in OFFICE_NOUNS]
        return m.group is not None and any(self.pronoun_group(tok) == m.group for tok in self.office_pronouns)

    def pronoun_group(self, pronoun: Token) -> str | None:
        """The entity group a he/she/his/her stands for, as the sources found so far say
        (kept until another source is found: every person typed asks about every pronoun)."""
        key = (pronoun.i, len(self.drafts))
        if key not in self.pronoun_groups:
            target = resolve_pronoun(pronoun, self.drafts, self.names, pronoun.idx)
            self.pronoun_groups[key] = target.source.group if isinstance(target, Draft) \
                else target.group if target else None
        return self.pronoun_groups[key]

    def same_entity(self, m: Mention) -> list[Mention]:
        """The mention and every other mention of its entity group, in text order."""
        return self.names.same_entity(m)

    def role_candidates(self, m: Mention, phrase: Span | None,
                        descriptions: list[Span]) -> list[tuple[Token, Span | None]]:
        """Words that may name the person's role, at each mention of the same person in
        text order (an article says who someone is when it introduces them): the source
        phrase's head and appositions, titles before the name, "who heads X"."""
        at: list[tuple[int, list[tuple[Token, Span | None]]]] = []
        if phrase is not None:
            own: list[tuple[Token, Span | None]] = []
            for span in descriptions:  # "a former adviser ... who is now at the Center"
                own.append((span.root, None))
                own += [pair for child in span.root.children if child.dep_ == "relcl"
                        for pair in relative_roles(child)]
            if not (m.start <= phrase.root.idx < m.end):
                own.insert(0, (phrase.root, None))
            at.append((m.start, self.fixed_titles(m) + current_first(own)))
        for other in self.same_entity(m):
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            found: list[tuple[Token, Span | None]] = [(t, None) for t in title_tokens(root, span.start)]
            if len(span) >= 3 and span[0].i < root.i and not is_honorific(span[0].text) and role_at(span[0]):
                found.insert(0, (span[0], None))  # a title the entity model took into the name
            if root.dep_ == "appos":
                found.append((root.head, None))
            for child in root.children:
                if child.dep_ == "appos":
                    found.append((child, None))
                elif child.dep_ == "relcl":
                    found += relative_roles(child)
            found += [(t, None) for t in predicate_nouns(root)]
            at.append((other.start, current_first(found)))
        at += self.pronoun_predicates(m)
        at.sort(key=lambda item: item[0])  # stable: the phrase's own words first at its mention
        return [cand for _, cands in at for cand in cands]

    def fixed_titles(self, m: Mention) -> list[tuple[Token, Span | None]]:
        """ "Sen. X, chairman of the Armed Services Committee": a title on the name whose
        type no organisation changes says who the person is before any apposition does."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return []
        return [(t, None) for t in title_tokens(span.root, span.start)
                if (role := role_at(t)) is not None and not role.weak and role.type != "person"]

    def pronoun_predicates(self, m: Mention) -> list[tuple[int, list[tuple[Token, Span | None]]]]:
        """ "She occupies ... as the attorney general", "He is a professor at X": what a
        sentence says of a he/she that stands for the person (a role never said by the name),
        read within ``PRONOUN_REACH`` characters after one of the person's mentions."""
        if self.pronoun_roles is None:  # read once per article
            subjects = [tok for tok in self.doc if tok.lower_ in {"he", "she"} and tok.dep_ == "nsubj"]
            self.pronoun_roles = [(tok, nouns) for tok in subjects for nouns in [predicate_nouns(tok)] if nouns]
            self.pronoun_starts = [tok.idx for tok, _ in self.pronoun_roles]
        if m.group is None:
            return []
        starts = self.pronoun_starts
        near = sorted({k for other in self.same_entity(m)
                       for k in range(bisect_right(starts, other.start), bisect_right(starts, other.end + PRONOUN_REACH))})
        return [(tok.idx, current_first([(t, None) for t in nouns]))
                for tok, nouns in map(self.pronoun_roles.__getitem__, near) if self.pronoun_group(tok) == m.group]

    # -------------------------------------------- the source's type

    def named_type(self, m: Mention, phrase: Span | None, descriptions: list[Span]) -> tuple[str, bool]:
        """(type, anonymous) of a named source."""
        name = self.name_of(m)
        label = self.spelled_label(m)
        if label == "GPE":
            return "government", False
        described_person = any(role_at(span.root) for span in descriptions) or self.titled(m)
        if m.label == "PERSON" or described_person:  # "X, a writer for Y" whatever X's label
            kind = self.person_type(m, phrase, descriptions)
            entry = knowledge.lookup(name)
            if kind == "person" and " " not in name and entry is not None and entry.type not in PERSON_TYPES:
                # "Bloomberg reports": a one-word "person" that is an outlet; its name's own word
                # may say more than its domain ("Twitter said": the company)
                return organisation_type(name) or entry.type, False
            return kind, False
        if m.label == "NORP":
            if not is_party(name):
                return "person", False  # "Mexicans", "African-Americans": the public
            return ("politician", True) if some_members(phrase) else ("party", False)
        if organisation_type(name, m.label) == "state_media":
            # Who owns an outlet is a fact descriptions seldom state: "the Russian network
            # RT", "the People's Daily, the mouthpiece of the Communist party".
            return "state_media", False
        spans = ([phrase] if phrase is not None else []) + descriptions
        for span in spans:
            kind = media_type(span, self.names, self.militant)
            kind = kind or noun_type(head_first(span, skip=self.token_range(m), names=False))
            if kind and kind not in PERSON_TYPES:
                return kind, False
        for note in self.group_notes.get(m.group or "", []):
            kind = noun_type(note_head_first(note))
            if kind and kind not in PERSON_TYPES:
                return kind, False
        for other in self.same_entity(m):  # "X is a nonprofit"
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            nouns = [t.lemma_.lower() for t in predicate_nouns(span.root)] if span is not None else []
            kind = noun_type(nouns)
            if kind and kind not in PERSON_TYPES:
                return kind, False
        if is_militant(name, self.militant):
            return "militant_group", False
        kind = organisation_type(name, label) or self.type_from_people(m)
        return kind or LABEL_TYPES.get(label, "organisation"), False

    def spelled_label(self, m: Mention) -> str:
        """The entity label of what an acronym stands for where the article spells it out
        ("Live Nation ... According to LN": an organisation, whatever the model took LN for)."""
        if not (m.text.isupper() and 2 <= len(m.text) <= 6) or self.spelled_out(m.text) is None:
            return m.label
        return next((other.label for other in self.names.list if initials(other.text) == m.text), m.label)

    def titled(self, m: Mention) -> bool:
        """ "executive chair Marcelo Claure": a role word right before the name makes it a
        person's, whatever label the entity model gave it."""
        if m.label == "PERSON":
            return False
        for other in self.same_entity(m):  # the title may stand at any mention: "... chair Marcelo Claure"
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is None or span.start == 0:
                continue
            before = self.doc[span.start - 1]
            if before.pos_ == "NOUN" and role_at(before) is not None:
                return True
        return False

    def type_from_people(self, m: Mention) -> str | None:
        """An organisation known by its people: "WeWork's founder and former CEO" (a
        company), "the Tribune's reporters" (an outlet); the roles' own types decide."""
        for other in self.same_entity(m):
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is None or span.root.dep_ not in {"poss", "compound"}:
                continue
            head = span.root.head
            for word in [head, *(c for c in head.children if c.dep_ == "conj")]:
                role = role_at(word)
                if role is not None and role.type in PEOPLE_TO_ORG:
                    return PEOPLE_TO_ORG[role.type]
        return None

    def spoken_for(self, content: Span) -> str | None:
        """ "The campaign plans to release its records, a spokesman said": a role the article
        ties to no organisation speaks for the organisation its statement is about (the
        statement's subject; not "he"/"she", whose office is no organisation)."""
        subject = next((t for t in content if t.dep_ in {"nsubj", "nsubjpass"} and t.head == content.root), None)
        if subject is None or subject.lower_ in PERSON_PRONOUNS:
            return None
        return self.org_type_of(self.doc[subject.left_edge.i : subject.right_edge.i + 1])

    def token_range(self, m: Mention) -> range:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def owned_by_no_outlet(self, root: Token) -> bool:
        """A media word ("website") whose owner the article gives, typed as no news outlet or
        named by a common noun ("the state's"); an unknown name may be an outlet's."""
        for owner in (c for c in root.children if c.dep_ == "poss"):
            kind = self.org_type_of(self.doc[owner.left_edge.i : owner.i + 1])
            if kind not in MEDIA_TYPES and (kind is not None or owner.pos_ == "NOUN"):
                return True
        return False

    def owned_by_international_body(self, root: Token) -> bool:
        """A state-like institution ("court", "panel", "commission") whose owner, by a
        possessive or a name before it, is an international body."""
        owners = [c for c in root.children if c.dep_ == "poss" or c.dep_ == "compound" and c.pos_ == "PROPN"]
        return any(self.org_type_of(self.doc[o.left_edge.i : o.i + 1]) == "international_org" for o in owners)

    def weak_head_type(self, phrase: Span) -> str | None:
        """The type of a phrase whose head word types it only weakly ("group"): the name
        compounded before the head ("the Wagner group"), else the phrase's other words."""
        name = " ".join(t.text for t in phrase if t.pos_ == "PROPN" and t.i < phrase.root.i
                        and t.dep_ == "compound")  # not an owner: "Clinton's team" is hers
        if name and is_militant(name, self.militant):
            return "militant_group"
        return (organisation_type(name, "ORG") if name else None) or noun_type(head_first(phrase, names=False))

    def unnamed_type(self, phrase: Span, content: Span | None = None) -> tuple[str, bool]:
        """(type, anonymous) of a source the article does not name: a person described by
        role is anonymous ("officials", "a campaign aide"); an institution, a document or
        the public is not ("police", "the agency", "a poll", "voters"). ``content``: what
        the source says, whose subject a spokesperson speaks for."""
        root = phrase.root
        if noun_type([root.lemma_.lower()]) == "media_outlet" and self.owned_by_no_outlet(root):
            return "document", False  # "the state's website", "the company's website": its own record
        known_name = missed_name_type(phrase)  # "Sioux Falls Argus Leader": no role "Leader"
        if known_name is not None:
            return known_name, False
        if root.pos_ == "PROPN" and all(t.ent_type_ == "GPE" or t.lower_ == "the" for t in phrase):
            return "government", False  # a country or state that acts or speaks: "Mexico said enough"
        public = public_type(phrase)
        if public is not None:
            return public
        root = hyphenated_head(root, phrase)
        institution = source_nouns().get(root.lower_) if root.pos_ == "NOUN" else None
        if institution is not None and institution.type not in PERSON_TYPES:
            # "prosecutors said": the prosecution, as "police said"; "brokerages": firms unnamed;
            # a weak head gives way to a name before it or the phrase's other words
            # ("the Islamic State *group*", "the militant *group*")
            kind = (self.weak_head_type(phrase) if institution.weak else None) or institution.type
            if kind == "government" and self.owned_by_international_body(root):
                kind = "international_org"  # "the European Union's top court": the EU's, no state's
            return kind, unnamed_organisations(root, kind)
        role = role_at(root)
        if role is not None and role.type == "anonymous":
            # "X's source inside the camp, a Syrian refugee who ...": the apposition says who
            root, role = next(((a.root, r) for a in appositions(phrase)
                               if (r := role_at(a.root)) is not None and r.type != "anonymous"), (root, role))
        if role is not None:
            org = self.affiliation_type(root)
            if org is None and role.weak and role.type != "academic_expert" and content is not None:
                org = self.spoken_for(content)  # a spokesman speaks for it; an analyst only comments on it
            kind = market_expert(person_type(role, org), root)
            # "the judge", "the agency's chairman": one identifiable office holder, not a hidden
            # one; a private person known by a relation ("the victim's mother"), one of an
            # office's many staff ("the governor's spokeswoman") or an expert of no organisation
            # ("his doctor", "the radiologist": no office to look up) stays unnamed.
            identified = any(t.lower_ == "the" and t.dep_ == "det" or t.dep_ == "poss" for t in root.children)
            known = identified and root.tag_ in {"NN", "NNP"} and kind not in PRIVATE_TYPES \
                and root.lemma_.lower() not in staff_roles() and not (org is None and kind == "academic_expert")
            return kind, not known
        if is_source_noun(root):  # "a New York Times/CBS News poll" is a poll
            kind = noun_type([root.lemma_.lower()]) or "document"
            return kind, unnamed_organisations(root, kind)
        kind = media_type(phrase, self.names, self.militant)
        if kind:
            return kind, False
        kind = noun_type(head_first(phrase), proper=root.pos_ == "PROPN")  # a name the model missed
        if kind is not None:
            hidden = any(t.lower_ in UNNAMED_MARKERS for t in phrase)  # "people familiar with"
            return kind, hidden or unnamed_organisations(root, kind)
        if missed_person_name(root):
            # "Billionaire Elon Musk" that the entity model missed: a named person, typed by
            # a role word among the words before the name, if any.
            roles = [r for r in map(role_at, phrase) if r is not None]
            return (person_type(roles[-1], None) if roles else "person"), False
        return "anonymous", True


# ---------------------------------------------------------------- building


class SourceBuilder:
    """Resolves each attribution's source phrase and collects the Sources."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        mentions = entity_mentions(doc)
        genders = title_genders(doc, mentions)
        self.names = Names(mentions, genders)
        self.groups = group_names(doc)
        self.militant = militant_in_text(doc)
        self.drafts = Drafts(genders)
        self.phrases: dict[str, Draft] = {}  # unnamed sources by key, found without a scan
        self.seen: set[tuple[str, TextSpan]] = set()  # (source id, mention) already listed
        self.typer = Typer(doc, self.names, self.groups, self.militant, self.drafts)
        self.tied: dict[tuple[int, int], set[str]] = {}  # tied_words by mention: each read once

    def add(self, attribution: Attribution) -> bool:
        """Give the attribution its source; False when its source phrase names no agent
        ("an assault", "The scan", a dateline), so it is no attribution at all."""
        if attribution.source is None:
            return True
        phrase = self.doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        if phrase is None or len(phrase) == 0:
            return True
        cue = self.doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
        phrase = agent_phrase(phrase, cue)
        if phrase is None:
            return False
        if (phrase.start_char, phrase.end_char) != (attribution.source.start, attribution.source.end):
            attribution.source = TextSpan.from_span(phrase)  # a heading or quoted words cut off
        if len(phrase) > MAX_PHRASE_TOKENS:
            # A misparse (deep parentheses, endless lists): the words around its head name
            # the source, and reading all of them per attribution would be quadratic.
            root = phrase.root
            half = MAX_PHRASE_TOKENS // 2
            phrase = self.doc[max(phrase.start, root.i - half) : min(phrase.end, root.i + half)]
        content = self.doc.char_span(attribution.content.start, attribution.content.end, alignment_mode="expand") \
            if attribution.content is not None else None
        parts = self.mixed_parts(phrase)
        if parts:  # "Businesses and residents": each part its own source, the first the attribution's
            drafts = [self.resolve(part) for part in parts]  # groups, no spokesman for the content
            for draft, part in zip(drafts, parts):
                self.cite(draft, attribution, TextSpan.from_span(part))
            attribution.source_id = drafts[0].source.id
            return True
        draft = self.resolve(phrase, content)
        self.cite(draft, attribution, attribution.source)
        attribution.source_id = draft.source.id
        return True

    def cite(self, draft: Draft, attribution: Attribution, mention: TextSpan) -> None:
        source = draft.source
        source.attributions.append(attribution.id)
        if (source.id, mention) not in self.seen:  # a set: one source may be cited 1,000 times
            self.seen.add((source.id, mention))
            source.mentions.append(mention)
            self.drafts.add_mention(draft, mention.start)

    def mixed_parts(self, phrase: Span) -> list[Span]:
        """The parts of a coordinated source phrase when they are of different types (a
        reader hovering either expects what it is); [] when one type covers them all."""
        parts = coordinated_parts(phrase)
        if not parts or any(name_mention(part, self.names) is not None for part in parts):
            return []
        kinds = {self.typer.unnamed_type(part)[0] for part in parts}
        return parts if len(kinds) > 1 else []

    def resolve(self, phrase: Span, content: Span | None = None) -> Draft:
        root = phrase.root
        if root.lower_ in RELATIVE_PRONOUNS and root.head.dep_ == "relcl" and root.head.head.dep_ == "appos":
            # "X's source inside the camp, a Syrian refugee who ... said": "the source" later is her too
            draft = self.resolve_phrase(phrase, content)
            self.drafts.add_head(draft, root.head.head.head.lower_)
            return draft
        return self.resolve_phrase(phrase, content)

    def resolve_phrase(self, phrase: Span, content: Span | None = None) -> Draft:
        root = phrase.root
        at = phrase.start_char
        if root.lower_ in RELATIVE_PRONOUNS and root.head.dep_ == "relcl":
            antecedent = root.head.head
            phrase = self.doc[antecedent.left_edge.i : antecedent.i + 1]
            root = phrase.root
        elif root.lower_ in RELATIVE_PRONOUNS and len(phrase) == 1:
            # The parser missed the clause ("the Chicago Police Department which reported"):
            # the name right before the pronoun is what it stands for.
            before = self.names.ending_near(root.idx, 2)
            if before is not None:
                return self.named(before, None, at)
        if root.pos_ == "PRON" and root.lower_ not in RELATIVE_PRONOUNS:
            target = resolve_pronoun(root, self.drafts, self.names, at)
            if isinstance(target, Draft):
                return target
            if target is not None:
                return self.named(target, None, at)
        mention = name_mention(phrase, self.names)
        if mention is not None:
            return self.named(mention, phrase, at)
        tied = self.described_name(phrase, {"ORG"})
        if tied is not None:  # "The group, WeWorkers Coalition, formed ..." then "The group said"
            return self.named(tied, None, at)
        if AGE_EPITHET.fullmatch(phrase.text.lower()):
            # "The 56-year-old said": news calls only someone it has just named by their age.
            person = self.names.latest(phrase.start_char, label="PERSON")
            if person is not None:
                return self.named(person, None, at)
        described = resolve_description(phrase, self.drafts)
        if described is not None:
            self.drafts.add_head(described, root.lower_)
            return described
        person = self.person_described(phrase)
        if person is not None:
            return self.named(person, None, at)
        return self.unnamed(phrase, content)

    def person_described(self, phrase: Span) -> Mention | None:
        """ "The suspect said" after "The suspect, Michael Webb, was convicted"; "the governor
        said" after "Gov. Jane Roe": a definite description that the article tied to a named
        person earlier (by apposition or title) is that person, the latest so tied."""
        return self.described_name(phrase, {"PERSON"})

    def described_name(self, phrase: Span, labels: set[str]) -> Mention | None:
        """The latest name of these labels that the article tied to the phrase's definite
        description earlier (by apposition or title)."""
        root = phrase.root
        if root.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) \
                or any(c.dep_ in {"poss", "prep"} for c in root.children):
            return None  # "the agency's spokesman", "the head of X": someone of their own
        lemma = root.lemma_.lower()
        for m in reversed(self.names.starting_in(0, phrase.start_char)):
            # A title may be abbreviated: "Gov." ties "the governor", "Sen." "the senator".
            if m.label in labels and any(lemma == w or len(w) >= 3 and w.endswith(".") and lemma.startswith(w[:-1])
                                           for w in self.tied_words(m)):
                return m
        return None

    def tied_words(self, m: Mention) -> set[str]:
        """The nouns the article puts beside a name: its apposition and its titles (read
        once per mention: every definite description looks back over all earlier names)."""
        key = (m.start, m.end)
        if key not in self.tied:
            self.tied[key] = self.read_tied_words(m)
        return self.tied[key]

    def read_tied_words(self, m: Mention) -> set[str]:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return set()
        root = span.root
        tied = [root.head] if root.dep_ == "appos" else []
        tied += [c for c in root.children if c.dep_ == "appos"]
        tied += title_tokens(root, span.start)
        return {t.lower_ if t.lower_.endswith(".") else t.lemma_.lower() for t in tied
                if t.pos_ == "NOUN" or t.pos_ == "PROPN" and role_at(t)}

    def named(self, mention: Mention, phrase: Span | None, at: int) -> Draft:
        mention = self.person_named(mention)
        name = self.groups.get(mention.group or "", mention.text)
        name = name[4:] if name.lower().startswith("the ") else name
        key = mention.group or name.lower()
        if mention.label == "NORP" and is_party(name) and some_members(phrase):
            # "many Democrats" are not the party an earlier "Democrats" named: their own source.
            key = SOME_KEY + key
            draft = self.drafts.with_key(key)
        else:
            draft = find_draft(self.drafts, key, words_of(name), mention.label)
            if draft is not None and draft.key.startswith(SOME_KEY):
                draft = None  # nor is the party some of its members named before
        descriptions = self.descriptions(phrase, mention) if phrase is not None else []
        if draft is None:
            kind, anonymous = self.typer.named_type(mention, phrase, descriptions)
            draft = self.new(name, kind, mention.label, key, phrase, at, group=mention.group)
            if anonymous and phrase is not None:  # "many Democrats"
                draft.source.anonymous = True
                draft.source.anonymous_reason = TextSpan.from_span(phrase)
        for span in descriptions:
            self.describe(draft, span)
        return draft

    def person_named(self, mention: Mention) -> Mention:
        """ "DuVernay" tagged as a place or an organisation (or run into another name),
        where the article also names the person "Ava DuVernay": the person."""
        if mention.label == "PERSON":
            return mention
        text = mention.text.strip()
        if " " in text:
            # "the Washington Post Trump said": the model ran a name into an outlet's.
            if knowledge.lookup(text) is not None:
                return mention
            text = text.split()[-1]
        return self.names.person_ending(text) or mention

    def descriptions(self, phrase: Span, mention: Mention) -> list[Span]:
        """The phrase minus the name: appositions, or the head noun phrase the name is
        in apposition to ("The operation's commander")."""
        spans = [s for s in appositions(phrase) if not (s.start_char <= mention.start < s.end_char)]
        root = phrase.root
        if not (mention.start <= root.idx < mention.end) and root.pos_ == "NOUN":
            spans.append(self.doc[phrase.start : root.i + 1])
        return spans

    def describe(self, draft: Draft, span: Span) -> None:
        text = span.text.strip(" ,")
        if text and text not in draft.source.descriptions:
            draft.source.descriptions.append(text)
            self.drafts.add_head(draft, span.root.lower_)
        self.link_role(draft, span)

    def link_role(self, draft: Draft, span: Span) -> None:
        """ "head of the Britain-based Observatory": role "head", affiliation = that org."""
        root = span.root
        if is_honorific(root.text):
            return  # "Mrs." is no role
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"of", "at", "for"}:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                org_phrase = self.doc[obj.left_edge.i : obj.right_edge.i + 1]
                org = resolve_description(org_phrase, self.drafts) or self.by_words(obj.text)
                if org is not None and org is not draft:
                    draft.source.role = root.lemma_.lower()
                    draft.source.affiliation = org.source.id

    def by_words(self, text: str) -> Draft | None:
        return self.drafts.org_with(words_of(text))

    def unnamed(self, phrase: Span, content: Span | None = None) -> Draft:
        text = phrase.text
        key = "phrase:" + text.lower()
        if key in self.phrases:
            return self.phrases[key]
        kind, anonymous = self.typer.unnamed_type(phrase, content)
        draft = self.new(text, kind, None, key, phrase, phrase.start_char)
        self.drafts.add_head(draft, phrase.root.lower_)
        self.phrases[key] = draft
        if anonymous:
            draft.source.anonymous = True
            draft.source.anonymous_reason = TextSpan.from_span(phrase)
        return draft

    def new(self, name: str, kind: str, label: str | None, key: str, phrase: Span | None,
            at: int, group: str | None = None) -> Draft:
        source = Source(id=f"s{len(self.drafts) + 1}", name=name, type=kind, anonymous=False, group=group)
        heads = {phrase.root.lower_} if phrase is not None else set()
        draft = Draft(source, label, key, words_of(name), heads, at, len(self.drafts), names_many(phrase))
        self.drafts.add(draft)
        return draft

    def mark_unnamed_sources(self) -> None:
        """ "did not ... identify its sources": the subject's own sources are unnamed;
        "on condition of anonymity" in a source's sentence makes it anonymous."""
        anonymity = self.anonymity_marks()
        for tok in deadline.every(self.doc, "sl_sources"):
            if tok.lemma_.lower() in UNNAMED_VERBS and self.negated(tok):
                objs = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() == "source"]
                subject = self.subject(tok)
                if objs and subject is not None:
                    draft = self.draft_at(subject)
                    if draft is not None:
                        span = self.doc[tok.i : objs[0].i + 1]
                        draft.source.unnamed_sources = TextSpan.from_span(span)
            for draft in anonymity.get(tok.i, []):  # at that word, as a later pronoun must see it
                draft.source.anonymous = True
                draft.source.anonymous_reason = TextSpan.from_span(tok.sent)

    def anonymity_marks(self) -> dict[int, list[Draft]]:
        """Token -> the sources it makes anonymous: each source not named as a person, at the
        first anonymity word from one of its mentions to that mention's sentence end (by
        bisection, not a scan of all sources per word)."""
        words = [tok for tok in self.doc if tok.lower_ in ANONYMITY_WORDS]
        starts = [tok.idx for tok in words]
        marks: dict[int, list[Draft]] = {}
        for draft in self.drafts if words else []:
            if draft.label == "PERSON" or draft.source.anonymous:
                continue
            firsts = [k for m in draft.source.mentions
                      if (k := bisect_left(starts, m.start)) < len(starts) and starts[k] < self.sentence_end(m)]
            if firsts:
                marks.setdefault(words[min(firsts)].i, []).append(draft)
        return marks

    def sentence_end(self, mention: TextSpan) -> int:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.sent.end_char if span is not None else mention.end

    def negated(self, verb: Token) -> bool:
        chain = [verb]
        while chain[-1].dep_ == "conj" and chain[-1].head.i != chain[-1].i:
            chain.append(chain[-1].head)
        return any(c.dep_ == "neg" for v in chain for c in v.children)

    def subject(self, verb: Token) -> Token | None:
        while True:
            subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj:
                return subj[0]
            if verb.dep_ != "conj" or verb.head.i == verb.i:
                return None
            verb = verb.head

    def draft_at(self, tok: Token) -> Draft | None:
        phrase = self.doc[tok.left_edge.i : tok.i + 1]
        if tok.pos_ == "PRON":
            target = resolve_pronoun(tok, self.drafts, self.names, tok.idx)
            return target if isinstance(target, Draft) else None
        for draft in self.drafts:
            if any(m.start <= tok.idx < m.end for m in draft.source.mentions):
                return draft
        return resolve_description(phrase, self.drafts)


def build_sources(doc: Doc, attributions: list[Attribution]) -> tuple[list[Source], list[Attribution]]:
    """The sources, and the attributions whose source is an agent (or is not given)."""
    builder = SourceBuilder(doc)
    kept = [a for a in deadline.every(attributions, "sl_sources", step=8) if builder.add(a)]
    builder.mark_unnamed_sources()
    for draft in builder.drafts:
        if draft.source.type == "organisation":
            draft.source.type = UNTYPED_ORGANISATION
    return [d.source for d in builder.drafts], kept


@Language.factory("sl_sources", assigns=["doc._.sl_sources", "doc._.sl_attributions"])
def make_stage(nlp: Language, name: str):
    person_roles()
    source_nouns()
    knowledge.table()
    militant_names()
    not_agent_nouns()
    partitive_nouns()

    def stage(doc: Doc) -> Doc:
        doc._.sl_sources, doc._.sl_attributions = build_sources(doc, doc._.sl_attributions or [])
        return doc

    return stage
