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
organisation (role, affiliation). The type comes from the article's words first (role
nouns, "-run", "monitoring group"), then from the entity label.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, takewhile
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sourcelight import deadline
from sourcelight.annotation import Attribution, Source, TextSpan

DATA = Path(__file__).parent / "data"
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
MEDIA_WORDS = {"media", "news", "newspaper", "television", "broadcaster", "channel", "agency"}
OWNER_MARKERS = {"run", "owned", "affiliated", "backed", "linked", "led", "controlled"}
UNNAMED_VERBS = {"identify", "name", "reveal", "disclose", "cite"}
ANONYMITY_WORDS = {"anonymity", "anonymously", "unnamed", "anonymous", "unidentified"}
LABEL_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "government",
               "NORP": "person", "FAC": "organisation"}


@lru_cache(maxsize=1)
def roles() -> dict[str, str]:
    lines = (DATA / "source_roles.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("\t") for line in lines if line and not line.startswith("#"))
    return {word: kind for word, kind in pairs}


@lru_cache(maxsize=1)
def militant_names() -> frozenset[str]:
    lines = (DATA / "militant_groups.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@dataclass(slots=True)
class Mention:
    """A named entity as this stage sees it: from sl_entities, else doc.ents."""

    start: int
    end: int
    label: str
    group: str | None
    text: str


def entity_mentions(doc: Doc) -> list[Mention]:
    if doc._.sl_entities:
        return [Mention(e.start, e.end, e.label, e.group, e.text) for e in doc._.sl_entities]
    return [Mention(e.start_char, e.end_char, e.label_, None, e.text) for e in doc.ents]


def group_names(doc: Doc) -> dict[str, str]:
    return {g.id: g.name for g in doc._.sl_groups or []}


def words_of(name: str) -> set[str]:
    return {w.strip(".,'\u2019s").lower() for w in name.replace("-", " ").split() if len(w) > 1}


# ---------------------------------------------------------------- typing


def owner_entity(phrase: Span, mentions: list[Mention]) -> Mention | None:
    """ "Hezbollah-run media unit": the entity before a -run/-led/-owned marker."""
    for tok in phrase:
        if tok.lower_ in OWNER_MARKERS and tok.i > phrase.start:
            prev = phrase.doc[tok.i - 1]
            before = prev if prev.text != "-" else phrase.doc[max(tok.i - 2, 0)]
            for m in mentions:
                if m.start <= before.idx < m.end:
                    return m
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


def phrase_type(phrase: Span, mentions: list[Mention], militant: set[str]) -> str | None:
    """A type from the phrase's own words: media first, then the head noun, then the rest."""
    table = roles()
    words = {t.lower_ for t in phrase} | {t.lemma_.lower() for t in phrase}
    if words & MEDIA_WORDS and phrase.root.lemma_.lower() not in {"official", "minister"}:
        owner = owner_entity(phrase, mentions)
        return "militant_media" if owner and is_militant(owner.text, militant) else "media_outlet"
    head = phrase.root
    for tok in [head, *sorted(phrase, key=lambda t: abs(t.i - head.i))]:
        kind = table.get(tok.lower_) or table.get(tok.lemma_.lower())
        if kind and not (tok.ent_type_ == "PERSON" and kind == "military"):
            return kind
    return None


def decide_type(phrase: Span | None, descriptions: list[Span], label: str | None,
                name: str, mentions: list[Mention], militant: set[str]) -> str:
    for span in ([phrase] if phrase is not None else []) + descriptions:
        kind = phrase_type(span, mentions, militant)
        if kind:
            return kind
    if is_militant(name, militant):
        return "militant_group"
    return LABEL_TYPES.get(label or "", "anonymous")


# ---------------------------------------------------------------- resolution


MAX_PHRASE_TOKENS = 40  # a source phrase longer than this is cut to its head's neighbourhood


@dataclass(slots=True)
class Draft:
    """A source while the stage builds it."""

    source: Source
    label: str | None
    key: str
    words: set[str]
    heads: set[str]  # head nouns of its descriptions and phrases
    first: int  # char offset of its first mention


def name_mention(phrase: Span, mentions: list[Mention]) -> Mention | None:
    """The named entity the phrase is about: the one holding the phrase's head,
    else the first PERSON/ORG inside it (an apposition's name). ``mentions`` are in text
    order, so those inside the phrase are found by bisection, not by a scan of all."""
    first = bisect_left(mentions, phrase.start_char, key=lambda m: m.start)
    inside = [m for m in takewhile(lambda m: m.start < phrase.end_char, islice(mentions, first, None))
              if m.end <= phrase.end_char and m.label in NAMED_LABELS]
    root = phrase.root
    for m in inside:
        if m.start <= root.idx < m.end:
            return m
    for m in inside:
        if m.label in {"PERSON", "ORG"} and not owner_marked(phrase, m) and in_apposition(phrase, m):
            return m
    return None


def in_apposition(phrase: Span, m: Mention) -> bool:
    """The entity names the phrase's head through an apposition ("The commander,
    General Y"), not through a modifier ("the coalition against IS")."""
    tok = phrase.doc.char_span(m.start, m.end, alignment_mode="expand")
    if tok is None:
        return False
    node = tok.root
    while node.i != phrase.root.i and node.head.i != node.i:
        if node.dep_ not in {"appos", "compound", "flat", "amod", "det", "punct"}:
            return False
        node = node.head
    return node.i == phrase.root.i


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


def resolve_pronoun(tok: Token, drafts: list[Draft], mentions: list[Mention], at: int) -> Draft | Mention | None:
    want_person = tok.lower_ in PERSON_PRONOUNS or tok.lower_ in {"i", "we"}
    for draft in sorted(drafts, key=lambda d: -max(m.start for m in d.source.mentions)):
        if max(m.start for m in draft.source.mentions) >= at or draft.source.anonymous:
            continue
        if (draft.source.type == "person" or draft.label == "PERSON") == want_person:
            return draft
    for m in sorted(mentions, key=lambda m: -m.start):
        if m.end <= at and (m.label == "PERSON") == want_person and m.label in {"PERSON", "ORG", "GPE", "NORP"}:
            return m
    return None


def resolve_description(phrase: Span, drafts: list[Draft]) -> Draft | None:
    """ "the Observatory", "the military unit": an earlier source sharing the head noun."""
    root = phrase.root
    determiners = {t.lower_ for t in phrase if t.dep_ in {"det", "poss"}}
    if not determiners & {"the", "this", "that", "its", "their"}:
        return None
    head = root.lower_
    for draft in sorted(drafts, key=lambda d: -d.first):
        if draft.first < phrase.start_char and (head in draft.words or head in draft.heads):
            return draft
    return None


def find_draft(drafts: list[Draft], key: str, words: set[str], label: str | None) -> Draft | None:
    for draft in drafts:
        if draft.key == key:
            return draft
    # "Yarallah" after "Abdelamir Yarallah"; "Observatory" after "Syrian Observatory ..."
    for draft in drafts:
        if words and words <= draft.words and (label is None or draft.label in {None, label}):
            return draft
    return None


# ---------------------------------------------------------------- building


class SourceBuilder:
    """Resolves each attribution's source phrase and collects the Sources."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions = entity_mentions(doc)
        self.groups = group_names(doc)
        self.militant = militant_in_text(doc)
        self.drafts: list[Draft] = []
        self.phrases: dict[str, Draft] = {}  # unnamed sources by key, found without a scan
        self.seen: set[tuple[str, TextSpan]] = set()  # (source id, mention) already listed

    def add(self, attribution: Attribution) -> None:
        if attribution.source is None:
            return
        phrase = self.doc.char_span(attribution.source.start, attribution.source.end, alignment_mode="expand")
        if phrase is None or len(phrase) == 0:
            return
        if len(phrase) > MAX_PHRASE_TOKENS:
            # A misparse (deep parentheses, endless lists): the words around its head name
            # the source, and reading all of them per attribution would be quadratic.
            root = phrase.root
            half = MAX_PHRASE_TOKENS // 2
            phrase = self.doc[max(phrase.start, root.i - half) : min(phrase.end, root.i + half)]
        draft = self.resolve(phrase)
        source = draft.source
        source.attributions.append(attribution.id)
        if (source.id, attribution.source) not in self.seen:  # a set: one source may be cited 1,000 times
            self.seen.add((source.id, attribution.source))
            source.mentions.append(attribution.source)
        attribution.source_id = source.id

    def resolve(self, phrase: Span) -> Draft:
        root = phrase.root
        at = phrase.start_char
        if root.lower_ in RELATIVE_PRONOUNS and root.head.dep_ == "relcl":
            antecedent = root.head.head
            phrase = self.doc[antecedent.left_edge.i : antecedent.i + 1]
            root = phrase.root
        if root.pos_ == "PRON" and root.lower_ not in RELATIVE_PRONOUNS:
            target = resolve_pronoun(root, self.drafts, self.mentions, at)
            if isinstance(target, Draft):
                return target
            if target is not None:
                return self.named(target, None, at)
        mention = name_mention(phrase, self.mentions)
        if mention is not None:
            return self.named(mention, phrase, at)
        described = resolve_description(phrase, self.drafts)
        if described is not None:
            described.heads.add(root.lower_)
            return described
        return self.unnamed(phrase)

    def named(self, mention: Mention, phrase: Span | None, at: int) -> Draft:
        name = self.groups.get(mention.group or "", mention.text)
        name = name[4:] if name.lower().startswith("the ") else name
        key = mention.group or name.lower()
        draft = find_draft(self.drafts, key, words_of(name), mention.label)
        descriptions = self.descriptions(phrase, mention) if phrase is not None else []
        if draft is None:
            kind = decide_type(phrase, descriptions, mention.label, name, self.mentions, self.militant)
            draft = self.new(name, kind, mention.label, key, phrase, at, group=mention.group)
        for span in descriptions:
            self.describe(draft, span)
        return draft

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
            draft.heads.add(span.root.lower_)
        self.link_role(draft, span)

    def link_role(self, draft: Draft, span: Span) -> None:
        """ "head of the Britain-based Observatory": role "head", affiliation = that org."""
        root = span.root
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
                    if draft.source.type in {"person", "anonymous"} or draft.label == "PERSON":
                        draft.source.type = "person"

    def by_words(self, text: str) -> Draft | None:
        words = words_of(text)
        return next((d for d in self.drafts if words and words <= d.words and d.label != "PERSON"), None)

    def unnamed(self, phrase: Span) -> Draft:
        text = phrase.text
        key = "phrase:" + text.lower()
        if key in self.phrases:
            return self.phrases[key]
        kind = decide_type(phrase, [], None, text, self.mentions, self.militant)
        anonymous = kind == "anonymous" or kind in {"government", "military", "police", "witness", "party"} \
            and phrase.root.tag_ in {"NN", "NNS"} and not any(t.pos_ == "PROPN" for t in phrase)
        draft = self.new(text, kind, None, key, phrase, phrase.start_char)
        draft.heads.add(phrase.root.lower_)
        self.phrases[key] = draft
        if anonymous and kind != "anonymous" and phrase.root.lemma_.lower() not in {"unit", "group", "army", "coalition", "government", "ministry", "military", "police", "regime", "campaign", "administration"}:
            draft.source.anonymous = True
            draft.source.anonymous_reason = TextSpan.from_span(phrase)
        elif kind == "anonymous":
            draft.source.anonymous = True
            draft.source.anonymous_reason = TextSpan.from_span(phrase)
        return draft

    def new(self, name: str, kind: str, label: str | None, key: str, phrase: Span | None,
            at: int, group: str | None = None) -> Draft:
        source = Source(id=f"s{len(self.drafts) + 1}", name=name, type=kind, anonymous=False, group=group)
        heads = {phrase.root.lower_} if phrase is not None else set()
        draft = Draft(source, label, key, words_of(name), heads, at)
        self.drafts.append(draft)
        return draft

    def mark_unnamed_sources(self) -> None:
        """ "did not ... identify its sources": the subject's own sources are unnamed;
        "on condition of anonymity" in a source's sentence makes it anonymous."""
        for tok in deadline.every(self.doc, "sl_sources"):
            if tok.lemma_.lower() in UNNAMED_VERBS and self.negated(tok):
                objs = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() == "source"]
                subject = self.subject(tok)
                if objs and subject is not None:
                    draft = self.draft_at(subject)
                    if draft is not None:
                        span = self.doc[tok.i : objs[0].i + 1]
                        draft.source.unnamed_sources = TextSpan.from_span(span)
            if tok.lower_ in ANONYMITY_WORDS:
                for draft in self.drafts:
                    if any(m.start <= tok.idx < self.sentence_end(m) for m in draft.source.mentions) \
                            and draft.label != "PERSON" and not draft.source.anonymous:
                        draft.source.anonymous = True
                        draft.source.anonymous_reason = TextSpan.from_span(tok.sent)

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
            target = resolve_pronoun(tok, self.drafts, self.mentions, tok.idx)
            return target if isinstance(target, Draft) else None
        for draft in self.drafts:
            if any(m.start <= tok.idx < m.end for m in draft.source.mentions):
                return draft
        return resolve_description(phrase, self.drafts)


def build_sources(doc: Doc, attributions: list[Attribution]) -> list[Source]:
    builder = SourceBuilder(doc)
    for attribution in deadline.every(attributions, "sl_sources", step=8):
        builder.add(attribution)
    builder.mark_unnamed_sources()
    return [d.source for d in builder.drafts]


@Language.factory("sl_sources", assigns=["doc._.sl_sources"])
def make_stage(nlp: Language, name: str):
    roles()
    militant_names()

    def stage(doc: Doc) -> Doc:
        doc._.sl_sources = build_sources(doc, doc._.sl_attributions or [])
        return doc

    return stage
