"""Stage sl_attribution: who says what. Finds (cue, source, content) triples.

Four constructions, each from the dependency parse, plus quotation marks found by
scanning characters (the tokenizer does not pair them):

- verb cues: a reporting verb ("said", "warned", "believes") with a clausal complement
  (ccomp / xcomp) as content and its subject as source; the inverted order
  ("X, said Y") where the cue hangs off the content's verb; passive and expletive
  forms ("it was reported", "is believed to") whose source is None unless a by-agent
  names one;
- direct quotes: a quote next to a cue verb ("X," he said, "Y" is one attribution with
  two content parts), and a following quote that continues the same speaker;
- "according to X": the clause the phrase modifies is the content;
- noun cues: "a statement from X", "in a report by X", "X's claim that ...";
- constructions kept as data (``constructions.py``, ``data/constructions.json``):
  named DependencyMatcher patterns, each with sentences it must and must not match
  (stance objects, "see X as Y", "is upbeat about", "his support for", "asked if"...),
  run on cue tokens the hand-coded rules above did not use.

Textacy's ``direct_quotations`` and BBC Citron informed the shape (cue verbs by lemma,
speaker = active subject, content = quote or complement); this stage adds indirect,
passive and noun forms, because PolNeAR-style attribution is mostly indirect.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice

from spacy.language import Language
from spacy.tokens import Doc, Token

from sourcelight import deadline
from sourcelight.annotation import Attribution, TextSpan
from sourcelight.stages.attribution import constructions
from sourcelight.stages.positions import Ranges, sentences
from sourcelight.stages.wordlists import data_dir, word_set

DATA = data_dir(__file__)
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_DEPS = {"ccomp", "xcomp"}
# What completes a reporting verb's object: "called it a hoax", "accused X of Y", "blamed X for Y".
OBJECT_COMPLEMENT_DEPS = {"oprd", "ccomp", "xcomp", "acomp"}
OBJECT_COMPLEMENT_PREPS = {"as", "of", "for"}
# Deps by which a cue verb can hang off the verb of the content it reports ("X, said Y").
INVERTED_DEPS = {"ccomp", "conj", "parataxis", "dep"}
# Deps by which a cue verb shares its head's subject ("X declared ..., saying ...").
SHARED_SUBJECT_DEPS = {"conj", "advcl", "xcomp"}
# Speech-list verbs whose subject may be a thing that displays rather than speaks.
DISPLAY_VERBS = {"show", "reveal", "indicate", "suggest", "document", "record", "describe"}
# Deps of a participle cue ("..., suggesting ...") whose subject is its clause's subject.
PARTICIPLE_DEPS = {"advcl", "xcomp", "conj", "ccomp", "dep", "pcomp", "parataxis"}
OPEN_QUOTES = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}
MIN_QUOTE_WORDS = 4  # shorter quotes are names, titles or scare quotes
QUOTE_CUE_CHARS = 80  # how far from a quote its cue verb may stand
SHORT_QUOTE_CUE_CHARS = 40  # a short quote counts only with its cue right after it
QUOTE_GAP_CHARS = 160  # '"A," <cue sentence> "B."': the longest cue sentence between two parts
NESTED_LOOKBACK = 12  # contents starting before a cue that may hold it (deep nesting stays linear)
ASIDE_LOOKUP = 8  # heads above a content's last word searched for a trailing aside
EXPLETIVES = {"it", "there"}
GENERIC_PRONOUNS = {"you"}  # the reader addressed, in a construction's stance: no source
QUESTION_TAGS = {"WP", "WRB", "WDT", "IN"}  # what a reported question opens with
# Raising verbs: "X seems to Y" reports an impression with no source; X belongs to it.
RAISING_VERBS = {"seem", "appear"}
LEMMA_FIXES = {("hop", "hopi"): "hope", ("hop", "hope"): "hope"}


def _load_words(name: str) -> frozenset[str]:
    return word_set(DATA / name)


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(cue verb lemmas, xcomp verb lemmas, reporting nouns), read once. Cue verbs are
    speech verbs, stance verbs and verbs whose object is the content."""
    xcomp = _load_words("xcomp_verbs.txt")
    verbs = speech_verbs() | stance_verbs() | object_verbs() | set(prep_verbs()) | xcomp
    return verbs, xcomp, _load_words("reporting_nouns.txt")


@lru_cache(maxsize=1)
def document_nouns() -> frozenset[str]:
    """Reporting nouns that are their own source ("In a CNN poll released Monday, ...")."""
    return _load_words("document_nouns.txt")


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Verbs that can introduce a direct quote."""
    return _load_words("reporting_verbs.txt")


@lru_cache(maxsize=1)
def stance_verbs() -> frozenset[str]:
    """Cognition and stance lemmas ("think", "believe"): cues for indirect content only."""
    return _load_words("stance_verbs.txt")


@lru_cache(maxsize=1)
def object_verbs() -> frozenset[str]:
    """Cue lemmas whose direct object is the content ("reported 26 civilians killed")."""
    return _load_words("dobj_verbs.txt")


@lru_cache(maxsize=1)
def prep_verbs() -> dict[str, frozenset[str]]:
    """Cue lemma -> prepositions whose object is the content ("called for a ban",
    "pointed to the polls", "agreed with the analysis")."""
    table: dict[str, set[str]] = {}
    for line in _load_words("prep_verbs.txt"):
        lemma, *preps = line.split()
        table.setdefault(lemma, set()).update(preps)
    return {lemma: frozenset(preps) for lemma, preps in table.items()}


def lemma(tok: Token) -> str:
    """The cue lemma, lower-cased, with the model's known slips mended ("hoping" -> "hop")."""
    return LEMMA_FIXES.get((tok.lemma_.lower(), tok.lower_[:4]), tok.lemma_.lower())


def is_misparsed_acronym(tok: Token) -> bool:
    """An upper-case name the parser took for a verb ("IS" for Islamic State)."""
    return tok.pos_ in {"AUX", "VERB"} and len(tok.text) >= 2 and tok.text.isupper()


@dataclass(slots=True)
class Found:
    """One attribution before ids: character ranges into doc.text."""

    kind: str
    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int]
    parts: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- quotes


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Paired quotation marks as (start, end) including the marks, by character scan.

    Curly quotes pair by direction; straight quotes alternate and never pair across a
    paragraph break (an unclosed quote in one paragraph must not swallow the next).
    One forward pass: the next closing mark of each kind is looked up once and reused
    until the scan passes it, so unclosed quotes cannot make the scan quadratic.
    Two apostrophes ('' as some wires and archives print a double quote) are one
    straight quote mark.
    """
    original = text
    text = text.replace("''", '"\x01')  # same length: the mark, then a filler
    spans: list[tuple[int, int]] = []
    next_close: dict[str, int] = {}  # closing mark -> its next position at or after the scan (-1: none)
    i = 0
    while i < len(text):
        close = OPEN_QUOTES.get(text[i])
        if close is None:
            i += 1
            continue
        j = next_close.get(close)
        if j is None or 0 <= j < i + 1:
            j = next_close[close] = _find_close(text, i + 1, close)
        if j < 0 or close == '"' and text[j] == "\n":
            i += 1
            continue
        end = j + 2 if original.startswith("''", j) else j + 1
        spans.append((i, end))
        i = end
    return spans


_STRAIGHT_END = re.compile('["\n]')


def _find_close(text: str, start: int, close: str) -> int:
    """Position of the next ``close`` at or after ``start`` (-1: none). A straight quote
    left open at a paragraph end stops there (the newline's position is returned):
    multi-paragraph quotes re-open on the next paragraph, so the quote ends there."""
    if close == '"':
        found = _STRAIGHT_END.search(text, start)
        return found.start() if found else -1
    j = text.find(close, start)
    if close == "\u201d":
        # '\u201cImmunity deals should not be required," Chaffetz said': an opening curly
        # mark closed by a straight one in the same paragraph, with no curly close there
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if j < 0 or j > line_end:
            straight = text.find('"', start, line_end)
            if straight >= 0:
                return straight
    return j


def is_quotation(text: str, span: tuple[int, int]) -> bool:
    """A real quotation rather than a title, name or scare quote."""
    inner = text[span[0] + 1 : span[1] - 1]
    words = inner.split()
    if len(words) < MIN_QUOTE_WORDS:
        return False
    content_words = [w for w in words if w[:1].isalpha() and len(w) > 3]
    return not content_words or not all(w[0].isupper() for w in content_words)


# ---------------------------------------------------------------- helpers


def char_range(tokens: list[Token]) -> tuple[int, int]:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def trim(doc: Doc, start: int, end: int, quotes: bool = True) -> tuple[int, int] | None:
    """Shrink a token range [start, end) past edge punctuation, spaces and "that";
    quotation marks stay unless ``quotes`` is False."""

    def edge(tok: Token) -> bool:
        return tok.is_space or tok.is_punct and (not tok.is_quote or not quotes)

    while start < end and (edge(doc[start]) or doc[start].lower_ in {"that", "whether"}
                           and doc[start].dep_ in {"mark", "nsubj"} and start + 1 < end):
        start += 1
    while end > start and edge(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def cue_range(verb: Token, *more: Token) -> tuple[int, int]:
    """The cue verb (and ``more`` cue words) with its particle ("pointed out") and negation."""
    parts = [verb, *more] + [c for c in verb.children if c.dep_ in {"prt", "neg"}]
    return char_range(parts)


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def noun_phrase(tok: Token) -> tuple[int, int] | None:
    """A source noun phrase: the subtree, cut before a relative clause that follows it."""
    start, end = subtree_range(tok)
    for child in tok.rights:
        if child.dep_ in {"relcl", "acl"} and child.i > tok.i:
            end = min(end, child.left_edge.i)
    return trim(tok.doc, start, end, quotes=False)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    """The verb's own subject, else the subject it shares with a coordinated or
    governing verb ("X declared ..., saying ..."; "X said ... and added ...")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        # Two subjects are a misparse ("5:45 p.m.\n\nJohnson's doctor is calling",
        # '"... it will ...," said James Acton'): the one nearest the verb is its subject.
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    if verb.dep_ in SHARED_SUBJECT_DEPS and verb.head.i != verb.i and verb.head.pos_ in {"VERB", "AUX"}:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None  # "when he said" is its own clause, with its own subject
        head = verb.head
        while is_misparsed_acronym(head) and head.head.i != head.i:
            head = head.head  # "declared victory over IS, saying": IS is no verb
        # "FBI officials were angered by the deal and predicted ...": a coordinated
        # verb shares a passive subject too.
        shared = {"nsubj", "nsubjpass"} if verb.dep_ == "conj" else {"nsubj"}
        for child in head.children:
            if child.dep_ in shared:
                return child
    if verb.dep_ == "relcl" or is_speaker_participle(verb):
        return verb.head  # "Smith, who said ...", "voters saying they want ..."
    if verb.tag_ == "VBG" and verb.dep_ in PARTICIPLE_DEPS:
        # "Rubio struck a softer tone Monday, suggesting he regretted ...": the
        # participle's subject is the subject of the clause it hangs from.
        for head in islice(verb.ancestors, 3):
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if head.dep_ == "relcl" and subjects and subjects[0].tag_ in {"WP", "WDT"}:
                continue  # "... an architect who said he was stiffed, saying ...": not the relative's
            if head.pos_ in {"VERB", "AUX"} and subjects:
                # a thing's "it" ("it's in the ballpark, considering ...") is no speaker
                return None if subjects[0].lower_ in EXPLETIVES | {"this", "that"} else subjects[0]
    return None


def is_speaker_participle(verb: Token) -> bool:
    """ "GOP voters saying they want a ban": a speech participle on the noun that
    speaks; not a display verb ("a video showing the rescue"), nor a noun that is only
    where it was said ("posted on Twitter accusing ...")."""
    head = verb.head
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in {"NOUN", "PROPN"} \
        and lemma(verb) in speech_verbs() and lemma(verb) not in DISPLAY_VERBS \
        and (head.dep_ != "pobj" or head.head.lower_ == "of")


def source_of(verb: Token) -> tuple[int, int] | None:
    """Active subject, or the by-agent of a passive cue; None for sourceless forms."""
    if lemma(verb) in RAISING_VERBS:
        return hedged_cue_source(verb)
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                return noun_phrase(objs[0]) if objs else None
        return None
    subject = subject_of(verb)
    if subject is None or subject.lower_ in EXPLETIVES and subject.dep_ != "nsubj":
        return None
    return noun_phrase(subject)


def hedged_cue_source(verb: Token) -> tuple[int, int] | None:
    """ "She appeared to imply that ...": a raising verb over a cue verb hedges a report
    its subject still makes (PolNeAR train: 14 -> 27 of 36 such finds match gold). Over
    any other verb ("New Hampshire seems stable") no one is named."""
    verbs = lexicon()[0]
    if not any(c.dep_ == "xcomp" and c.pos_ == "VERB" and lemma(c) in verbs for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in EXPLETIVES | {"this", "that"}]
    return noun_phrase(subjects[0]) if subjects else None


# ---------------------------------------------------------------- verb cues


def verb_content(verb: Token, xcomp_verbs: frozenset[str]) -> tuple[int, int] | None:
    """Token range of what the cue verb reports, or None."""
    clauses = [c for c in verb.rights if c.dep_ == "ccomp"]
    if len(clauses) > 1:
        # A misparse splits one complement in two ("that IS | leader ... was reported").
        return clauses[0].left_edge.i, clauses[-1].right_edge.i + 1
    if not clauses:
        misparsed = misparsed_that_clause(verb)
        if misparsed is not None:
            start, end = subtree_range(misparsed)
            return start + (misparsed.doc[start].lower_ == "that"), end
    # A complement after the cue first: "It's unlikely; Clinton's team says she'll go on"
    # hangs the clause before the semicolon on the cue too.
    for child in sorted(verb.children, key=lambda c: c.i < verb.i):
        if child.dep_ == "ccomp" or child.dep_ == "xcomp" and lemma(verb) in xcomp_verbs:
            start, end = subtree_range(child)
            if child.dep_ == "xcomp" and (is_passive(verb) or lemma(verb) in RAISING_VERBS
                                          and hedged_cue_source(verb) is None):
                # "Baghdadi was reported to have been ...": the subject is content too
                # (not the source of a hedged report: "Investors seem to agree").
                subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in EXPLETIVES]
                if subj:
                    start = min(start, subj[0].left_edge.i)
            if child.dep_ == "xcomp":
                # "urged Congress to act": who is urged belongs to the content.
                objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < child.i]
                if objs:
                    start = min(start, objs[0].left_edge.i)
            if end - start >= 2:
                return start, end
    if is_inverted(verb):
        # "IS is putting up a defence, said the Observatory": content = head clause
        # minus the cue's own subtree.
        subject = next(c for c in verb.children if c.dep_ == "nsubj")
        phrase_start = cue_phrase_start(verb, subject)
        start, end = min(verb.head.left_edge.i, verb.left_edge.i), phrase_start
        if verb.head.right_edge.i > verb.right_edge.i + 1 and phrase_start > start:
            # "If the law conflicts, Rubio said, Christians must ignore it": both sides.
            end = verb.head.right_edge.i + 1
        if end - start >= 3:
            return start, end
    if lemma(verb) in object_verbs():
        objs = [c for c in verb.rights if c.dep_ == "dobj"]
        if objs and objs[0].right_edge.i - objs[0].left_edge.i >= 1:
            # The object and what completes it ("accused X of Y", "described X as Y",
            # "reported 26 civilians killed"), not the verb's own adjuncts ("endorsed
            # Sanders in December", ", saying ...").
            end = objs[0].right_edge.i + 1
            for child in verb.rights:
                if child.i > objs[0].i and (child.dep_ in OBJECT_COMPLEMENT_DEPS
                                            or child.dep_ == "prep" and child.lower_ in OBJECT_COMPLEMENT_PREPS):
                    end = max(end, child.right_edge.i + 1)
            return objs[0].left_edge.i, end
    return prep_content(verb)


def misparsed_that_clause(verb: Token) -> Token | None:
    """A that-clause the parser did not hang on the cue as its complement: an adverbial
    clause opening with "that" ("tweeted in the early hours that Machado was ...") or
    a "relative" clause whose "that" is a conjunction, not its subject or object ("told a
    meeting of leaders that few people understood ...")."""
    if lemma(verb) not in speech_verbs() | stance_verbs():
        return None
    for child in verb.rights:
        if child.dep_ == "advcl" and child.left_edge.lower_ == "that" and child.left_edge.dep_ in {"advmod", "mark"}:
            return child
        if child.dep_ == "dobj":
            for tok in child.rights:  # the object's own clause: linear work however deep the parse
                if tok.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" and c.i < tok.i
                                               for c in tok.children):
                    return tok
    return None


def prep_content(verb: Token) -> tuple[int, int] | None:
    """ "called for a ban on ...", "pointed to her record": the preposition's object."""
    preps = prep_verbs().get(lemma(verb))
    if not preps or is_non_answer(verb):
        return None
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                # "called on Trump to get his act together": what he is called on to do too
                ends = [c.right_edge.i + 1 for c in verb.rights if c.dep_ == "xcomp" and c.i > child.i]
                return child.i + 1, max([child.right_edge.i + 1, *ends])
    return None


def is_non_answer(verb: Token) -> bool:
    """ "did not respond to requests for comment", "declined to comment on the report": a
    speech verb negated or declined says nothing, so what it is 'about' is no content."""
    declined = verb.dep_ == "xcomp" and lemma(verb.head) in {"decline", "refuse"}
    return lemma(verb) in speech_verbs() and (declined or is_negated(verb))


def is_inverted(verb: Token) -> bool:
    """A parenthetical cue after its content: "<content>, said X" / "<content>, he said".

    The parser hangs such a cue off the content's verb; require the comma or quote
    right before the cue phrase and a subject of its own, so that a coordinated verb
    ("X won, claiming ...") is not read as one."""
    head = verb.head
    if verb.dep_ not in INVERTED_DEPS or head.i == verb.i or head.pos_ not in {"VERB", "AUX"}:
        return False
    last = verb.right_edge.i if verb.right_edge.is_punct else verb.right_edge.i + 1
    if head.i > verb.i and (verb.dep_ != "parataxis" or last >= len(verb.doc) or verb.doc[last].text != ","):
        return False  # a cue before its content's verb only as an aside: "A, she said, B"
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subjects:
        return False
    first = cue_phrase_start(verb, subjects[0])
    if verb.doc[first].text == "," and first < subjects[0].left_edge.i:
        first += 1  # the parser may hang the comma before the cue phrase on the cue
    return first > 0 and verb.doc[first - 1].text in {",", "\u201d", '"', "\u2019", "'", "''"}


def cue_phrase_start(verb: Token, subject: Token) -> int:
    """Where an aside cue phrase ("..., Mr. Castaneda argues, ...") starts: its subject,
    unless the cue's own subtree starts later. The parser may hang the clause before the
    aside on the cue ("If this fails, X argues, there are ..."): that clause is content."""
    before = [c for c in verb.lefts if c.i < subject.left_edge.i and c.dep_ in {"advcl", "ccomp", "nsubj", "dep"}]
    start = min(verb.left_edge.i, subject.left_edge.i)
    if before and verb.dep_ == "parataxis" and verb.head.i > verb.i:
        start = subject.left_edge.i
    return start


def embedded_subject(verb: Token) -> Token | None:
    """A subject noun whose phrase the parser swallowed the cue into ("The coalition
    against IS said ...": "said" hangs off "against"); None if the cue is well parsed."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children) or verb.dep_ not in {"pcomp", "acl", "amod", "pobj", "compound"}:
        return None
    if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
        return None  # "the plan endorsed by the mayor": a passive participle, its agent the source
    head = verb.head
    while head.head.i != head.i and head.dep_ not in SUBJECT_DEPS and head.pos_ not in {"VERB", "AUX"}:
        head = head.head
    if head.dep_ in {"nsubj"} and head.i < verb.i and head.pos_ in {"NOUN", "PROPN"}:
        return head
    return None


def embedded_attribution(verb: Token) -> Found | None:
    subject = embedded_subject(verb)
    if subject is None:
        return None
    doc = verb.doc
    source = trim(doc, subject.left_edge.i, verb.i, quotes=False)
    content = trim(doc, verb.i + 1, max(subject.head.right_edge.i, verb.i + 1) + 1)
    if source is None or content is None or subject.head.i < verb.i:
        return None
    return Found("indirect", cue_range(verb), source, content)


def without_trailing_aside(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Cut a relative clause set off by a comma at the end of the content ("it would be
    Trump, who has a significant lead"): the writer's aside, not the source's words.
    Such a clause holds the content's last word: only its few nearest heads are looked at."""
    last = end - 1 if end - 1 > start and doc[end - 1].is_punct else end - 1
    for tok in islice(chain([doc[last]], doc[last].ancestors), ASIDE_LOOKUP):
        first = tok.left_edge.i
        if first <= start:
            break
        if tok.dep_ == "relcl" and doc[first - 1].text == "," and doc[first].tag_ in {"WDT", "WP", "WP$", "WRB"}:
            return start, first - 1
    return start, end


def coordinate_report(verb: Token, start: int, end: int) -> Token | None:
    """A second report of the same speaker that the parse hangs inside the content:
    "said he would order a review and warned against hackers", "said he didn't believe
    it, arguing that ...". A cue verb coordinated or set as a participle, with no
    subject of its own, opens an attribution of its own (with the first one's source).
    Only the content's top clause and its clause head's children are looked at, so that
    deep nesting costs linear work."""
    verbs, _, _ = lexicon()
    heads = [c for c in verb.children if start <= c.i < end]
    for head in heads:
        for tok in head.rights:
            if tok.i >= end or tok.pos_ != "VERB" or lemma(tok) not in verbs or tok.left_edge.i <= start:
                continue
            if (tok.dep_ == "conj" or tok.dep_ == "advcl" and tok.tag_ == "VBG") \
                    and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                return tok
    return None


def cut_before(doc: Doc, start: int, tok: Token) -> int:
    """The end of a content cut before ``tok``'s phrase and the "and" or comma that joins it."""
    cut = tok.left_edge.i
    while cut > start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct and not doc[cut - 1].is_quote):
        cut -= 1
    return cut if cut > start else tok.left_edge.i


def is_negated_question(verb: Token, content_start: int) -> bool:
    """"did not say what had happened" reports nothing the source said."""
    return is_negated(verb) and verb.doc[content_start].tag_ in QUESTION_TAGS


def is_personal_stance(verb: Token, content: tuple[int, int]) -> bool:
    """ "do you think ...", "who do you think ...", "X said he believes ...": a question put
    to the reader or a stance nested in another report, not a new source's belief. An
    unquoted "I think ..." (an interview) is the speaker's own attribution, as PolNeAR
    marks it (train: other-cue recall +0.4 points, strict one-to-one F1 +0.1)."""
    if lemma(verb) not in stance_verbs():
        return False
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in GENERIC_PRONOUNS:
        return True
    if is_inside_report(verb):
        return True  # "X said he believes ...": the report is X's, the belief nested in it
    first = verb.doc[content[0]]
    # "who do you think will win" asks; "delegates who are expected to back him" is a
    # relative pronoun standing for the cue's own subject: a report like any other.
    return first.tag_ in {"WP", "WRB", "WDT"} and first.head.i != verb.i


def is_inside_report(verb: Token) -> bool:
    """A speech verb governs the cue, not through a relative clause: "said Ervin, who
    thinks ..." describes the speaker; what he thinks is his own attribution."""
    tok = verb
    while tok.head.i != tok.i and tok.dep_ != "relcl":
        tok = tok.head
        if lemma(tok) in speech_verbs() and tok.pos_ == "VERB":
            return True
    return False


def is_sourceless_form(verb: Token) -> bool:
    """A cue that reports without naming who: the passive ("it was reported that", "is
    believed to"), raising verbs ("seems to"), an expletive subject ("it is said").
    Any other cue verb has a speaker; when the parse loses it (an infinitive, a fronted
    participle), the attribution is more often wrong than right (PolNeAR train: a quarter
    of such finds match a gold relation)."""
    if is_passive(verb) or lemma(verb) in RAISING_VERBS:
        return True
    if verb.tag_ == "VBN" and verb.dep_ in {"advcl", "acl", "ccomp"}:
        return True  # "Asked about the bomb, Clinton said ...": a passive participle
    return any(c.dep_ in SUBJECT_DEPS | {"expl"} and c.lower_ in EXPLETIVES for c in verb.children)


def verb_attributions(doc: Doc, skip: set[int], speaker_of: dict[int, Token] | None = None) -> list[Found]:
    """Verb cues; ``speaker_of`` collects a second report's cue -> the first report's
    cue, whose source it shares ("said ... and called it ...")."""
    verbs, xcomp_verbs, _ = lexicon()
    found: list[Found] = []
    speaker_of = {} if speaker_of is None else speaker_of
    verb_of: dict[int, Token] = {}  # id of each Found -> its cue verb
    for tok in deadline.every(doc, "sl_attribution"):
        if tok.i in skip or tok.pos_ != "VERB" or lemma(tok) not in verbs:
            continue
        content = verb_content(tok, xcomp_verbs)
        if content is None:
            embedded = embedded_attribution(tok)
            if embedded is not None:
                found.append(embedded)
            continue
        if is_negated_question(tok, content[0]) or is_personal_stance(tok, content):
            continue
        start, end = without_trailing_aside(doc, *content)
        second = coordinate_report(tok, start, end)
        if second is not None:
            end = cut_before(doc, start, second)
            speaker_of.setdefault(second.i, speaker_of.get(tok.i, tok))
        span = trim(doc, start, end)
        if span is None:
            continue
        source = source_of(speaker_of.get(tok.i, tok))
        if source is None and not is_sourceless_form(tok):
            continue  # "to discuss clean energy", "Railing against Trump": a speaker the parse lost
        found.append(Found("indirect", cue_range(tok), source, span))
        verb_of[id(found[-1])] = tok
    cues = {verb.i for verb in verb_of.values()}
    return [f for f in found if not hedges_found_cue(verb_of.get(id(f)), f, cues)]


def hedges_found_cue(verb: Token | None, item: Found, cues: set[int]) -> bool:
    """ "She appeared to imply that ...": the raising verb's report is the inner cue's."""
    return verb is not None and lemma(verb) in RAISING_VERBS and item.source is not None \
        and any(c.dep_ == "xcomp" and c.i in cues for c in verb.children)


# ---------------------------------------------------------------- constructions as data


def construction_attributions(doc: Doc, skip: set[int], earlier: list[Found],
                              speaker_of: dict[int, Token] | None = None) -> list[Found]:
    """The ``DependencyMatcher`` constructions of ``data/constructions.json``. A cue
    token some hand-coded rule already used is left to that rule, and a stance inside
    what an earlier attribution reports ("polls show 65 percent support the ban") is
    part of that report, not a new source's."""
    taken = {t.i for f in earlier for t in doc.char_span(*f.cue, alignment_mode="expand") or []}
    reported = Ranges([f.content for f in earlier])
    found: list[Found] = []
    for match in constructions.find_matches(doc):
        cue_ids = {t.i for t in match.cue}
        if cue_ids & (skip | taken) or reported.overlaps(match.cue[0].idx, match.cue[0].idx + 1):
            continue
        if is_negated_question(match.cue[0], match.content[0].left_edge.i):
            continue  # "did not ask whether ...": no question was put
        if match.source is not None:
            if match.source.lower_ in EXPLETIVES | GENERIC_PRONOUNS:
                continue
            source = noun_phrase(match.source)
            case = [c for c in match.source.children if c.dep_ == "case"]
            if source is not None and case:  # "Trump's criticism": the owner without "'s"
                source = trim(doc, match.source.left_edge.i, case[0].i, quotes=False)
        else:
            source = source_of((speaker_of or {}).get(match.cue[0].i, match.cue[0]))
            subject = subject_of(match.cue[0])
            if subject is not None and subject.lower_ in EXPLETIVES | GENERIC_PRONOUNS:
                continue  # "it's becoming clear that ...", "you should be worried about"
        content = trim(doc, *constructions.content_tokens(match))
        if content is None or source is None and not match.source_optional:
            continue  # a stance with no one holding it is no attribution
        found.append(Found(match.kind, cue_range(*match.cue), source, content))
        taken |= cue_ids
    return found


# ---------------------------------------------------------------- quotes + cues


def quote_attributions(doc: Doc, quotes: list[tuple[int, int]], skip: set[int]) -> list[Found]:
    """Direct quotes attached to the nearest reporting verb outside any quote."""
    verbs = speech_verbs()
    text = doc.text
    found: list[Found] = []
    by_cue: dict[int, Found] = {}
    last: Found | None = None
    quoted = Ranges(quotes)
    for q in quotes:
        short = not is_quotation(text, q)
        if short and last is not None and _resumes_after_cue(text, last, q) \
                and _cue_near_quote(doc, text, q, quoted, verbs, skip) is None:
            # '"Here comes Big Daddy," she said. "The Donald."': a short part after
            # the cue sentence goes on with the speaker, though it reads like a title.
            last.parts.append(q)
            last.content = (last.content[0], q[1])
            continue
        if short and not _is_short_quote(text, q):
            continue
        cue = _cue_near_quote(doc, text, q, quoted, verbs, skip)
        if short and (cue is None or not _cue_follows(text, q, cue)):
            continue
        if cue is not None:
            prior = by_cue.get(cue.i)
            if prior is not None:  # split quote: "X," he said, "Y"
                prior.parts.append(q)
                prior.content = (prior.content[0], q[1])
                continue
            item = Found("direct", cue_range(cue), source_of(cue), q, [q])
            by_cue[cue.i] = item
            found.append(item)
            last = item
        elif last is not None and (_continues(text, last.content, q) or _resumes_after_cue(text, last, q)):
            # '"A," she said. "B."': the speaker goes on in the same paragraph; one
            # attribution with two parts, as a reader (and PolNeAR) takes it.
            last.parts.append(q)
            last.content = (last.content[0], q[1])
    return found


def _is_short_quote(text: str, q: tuple[int, int]) -> bool:
    """ '"Technicals," Bob said.': a quote of a few words that ends in a comma, as a
    quotation ends before its cue (a title or scare quote does not)."""
    inner = text[q[0] + 1 : q[1] - 1].rstrip()
    return inner.endswith(",") and any(c.isalpha() for c in inner)


def _cue_follows(text: str, q: tuple[int, int], cue: Token) -> bool:
    """The cue comes right after the quote, with at most its subject between
    ('"Technicals," Bob said'), not in a clause of its own ("which the group declared")."""
    between = text[q[1] : cue.idx].split()
    return q[1] <= cue.idx <= q[1] + SHORT_QUOTE_CUE_CHARS and not any(
        w.lower() in {"which", "that", "who", "whom", "when", "as"} for w in between)


def _cue_near_quote(doc: Doc, text: str, q: tuple[int, int], quotes: Ranges,
                    verbs: frozenset[str], skip: set[int]) -> Token | None:
    """A reporting verb within 80 characters of the quote, in the sentence that opens or
    closes it, outside quotes."""
    first = doc.char_span(q[0], q[1], alignment_mode="expand")
    if first is None:
        return None
    index = sentences(doc)
    lo, hi = index.start_of(first.start), index.of(first.end - 1).end
    if lo == first.start and lo > 0 and text[:q[0]].rstrip().endswith(":"):
        lo = index.start_of(lo - 1)  # 'Kall said: "I feel like ..."': the cue ends the sentence before
    if hi == first.end and first.end < len(doc) and text[q[0] : q[1]].rstrip("\u201d\"' ").endswith(("?", "!")):
        # '"Does anybody know ...?" Graham asked.': the question ends the parser's sentence
        after = index.of(first.end).end
        if "\n" not in text[q[1] : doc[after - 1].idx] and doc[after - 1].idx - q[1] <= QUOTE_CUE_CHARS:
            hi = after
    before, after = first.start, first.end  # tokens inside the quote are quoted: not cues
    while before > lo and doc[before - 1].idx >= q[0] - QUOTE_CUE_CHARS:
        before -= 1
    while after < hi and doc[after].idx <= q[1] + QUOTE_CUE_CHARS:
        after += 1
    cands = []
    for tok in [*doc[before : first.start], *doc[first.end : after]]:
        deadline.check("sl_attribution")
        if tok.i in skip or tok.pos_ != "VERB" or lemma(tok) not in verbs:
            continue
        if quotes.overlaps(tok.idx, tok.idx + 1):
            continue
        introduces = tok.idx < q[0] and text[tok.idx + len(tok) : q[0]].strip() == ":"  # 'Kall said: "..."'
        if not introduces and _reports_other_clause(tok, quotes):
            continue
        gap = q[0] - tok.idx if tok.idx < q[0] else tok.idx - q[1]
        between = text[tok.idx : q[0]] if tok.idx < q[0] else text[q[1] : tok.idx]
        if 0 <= gap <= QUOTE_CUE_CHARS and "\n" not in between:  # a cue never reaches across paragraphs
            cands.append((gap, tok))
    cands.sort(key=lambda c: c[0])
    return cands[0][1] if cands else None


def _reports_other_clause(verb: Token, quotes: Ranges) -> bool:
    """The verb has its own complement clause outside every quote: it reports that
    clause ("Edwards said they could not..."), not a neighbouring quote."""
    for child in verb.children:
        if child.dep_ in CLAUSE_DEPS:
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
            if not quotes.overlaps(start, end):
                return True
    return False


def _resumes_after_cue(text: str, prev: Found, q: tuple[int, int]) -> bool:
    """The quote follows, in the same paragraph, the cue that closed the previous one:
    '"A," she said. "B."' (the cue sentence is all that stands between them)."""
    between = text[prev.content[1] : q[0]]
    return prev.content[1] <= prev.cue[0] < q[0] and "\n" not in between and len(between) <= QUOTE_GAP_CHARS


def _continues(text: str, prev: tuple[int, int], q: tuple[int, int]) -> bool:
    """The quote starts right after the previous quote (same or next paragraph)."""
    between = text[prev[1] : q[0]]
    return len(between) <= 3 and between.strip() in {"", ".", ","} and "\n" not in between


# ---------------------------------------------------------------- according to


def according_attributions(doc: Doc, skip: set[int]) -> list[Found]:
    found: list[Found] = []
    for tok in deadline.every(doc, "sl_attribution"):
        if tok.lower_ != "according" or tok.i in skip or tok.i + 1 >= len(doc):
            continue
        to = doc[tok.i + 1]
        if to.lower_ != "to":
            continue
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
        if not objs:
            continue
        source = noun_phrase(objs[0])
        content = _clause_without(tok, doc)
        if content is not None:
            found.append(Found("according_to", char_range([tok, to]), source, content))
    return found


def _clause_without(marker: Token, doc: Doc) -> tuple[int, int] | None:
    """The sentence clause a phrase modifies, minus the phrase itself."""
    phrase = range(marker.left_edge.i, max(marker.right_edge.i, marker.i + 1) + 1)
    sent = sentences(doc).of(marker.i)
    head = marker.head
    while head.dep_ not in {"ROOT", "ccomp", "conj"} and head.head.i != head.i and head.head.i in range(sent.start, sent.end):
        head = head.head
    start, end = subtree_range(head)
    start, end = max(start, sent.start), min(end, sent.end)
    if phrase.start <= start:  # "According to X, content."
        return trim(doc, phrase.stop, end)
    if phrase.stop >= end:  # "Content, according to X."
        return trim(doc, start, phrase.start)
    # Phrase in the middle: keep the longer side.
    left, right = phrase.start - start, end - phrase.stop
    return trim(doc, start, phrase.start) if left >= right else trim(doc, phrase.stop, end)


# ---------------------------------------------------------------- noun cues


def noun_attributions(doc: Doc, skip: set[int]) -> list[Found]:
    """ "a statement from X", "in a report by X", "X's claim that ..." """
    _, _, nouns = lexicon()
    found: list[Found] = []
    for tok in deadline.every(doc, "sl_attribution"):
        if tok.i in skip or tok.pos_ != "NOUN" or tok.lower_ not in nouns and tok.lemma_.lower() not in nouns:
            continue
        source = _noun_source(tok)
        content = _noun_content(tok)
        if content is None or source is None:
            continue
        found.append(Found("indirect", char_range([tok]), source, content))
    return found


def _noun_source(noun: Token) -> tuple[int, int] | None:
    """The noun's owner or by/from-phrase; else, for "In <a poll released Monday>, ..."
    the poll itself, and for "In an interview (with Y), X ..." the clause's subject X."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            return noun_phrase(child)
        if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and (objs[0].ent_type_ or objs[0].pos_ == "PROPN" or child.lower_ != "of"):
                return noun_phrase(objs[0])
    prep = noun.head
    after = prep.right_edge.i + 1
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.i > prep.head.i or after >= len(noun.doc) or noun.doc[after].text != ",":
        return None  # only a fronted phrase: "in the polls" after a verb is no source
    if noun.lower_ in document_nouns() or noun.lemma_.lower() in document_nouns():
        return noun_phrase(noun)
    subjects = [c for c in prep.head.children if c.dep_ == "nsubj" and c.i > prep.i]
    if subjects and subjects[0].lower_ not in EXPLETIVES:
        return noun_phrase(subjects[0])
    return None


def is_fronted_document(noun: Token) -> bool:
    """ "In a poll released Sunday, 8 percent said ...": the poll reports the whole clause,
    its cue verb included."""
    prep = noun.head
    return (noun.lower_ in document_nouns() or noun.lemma_.lower() in document_nouns()) \
        and noun.dep_ == "pobj" and prep.i < prep.head.i


def _noun_content(noun: Token) -> tuple[int, int] | None:
    doc = noun.doc
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp"} and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return trim(doc, *subtree_range(child))
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "in" and prep.head.pos_ in {"VERB", "AUX"}:
        # "In a report released Monday, the agency estimated ...": content = the clause.
        verbs, _, _ = lexicon()
        if lemma(prep.head) in verbs and not is_fronted_document(noun):
            return None  # "said in a statement": the verb cue covers it
        return _clause_without(prep, doc)
    return None


# ---------------------------------------------------------------- "as X put it"


def put_it_attributions(doc: Doc, skip: set[int]) -> list[Found]:
    """ "As Tom Ridge put it: <content>" / "<content>, as one aide put it"."""
    found: list[Found] = []
    for tok in deadline.every(doc, "sl_attribution"):
        if tok.i in skip or tok.pos_ != "VERB" or lemma(tok) != "put" or tok.head.i == tok.i:
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        marks = [c for c in tok.children if c.lower_ == "as" and c.dep_ in {"mark", "prep"} and c.i < tok.i]
        if not objs or objs[0].lower_ != "it" or not marks:
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj"] or [c for c in marks[0].children if c.dep_ == "pobj"]
        content = _clause_without(tok, doc)
        if subjects and content is not None:
            found.append(Found("indirect", char_range([tok, objs[0]]), noun_phrase(subjects[0]), content))
    return found


# ---------------------------------------------------------------- colon cues


def colon_attributions(doc: Doc, skip: set[int]) -> list[Found]:
    """ "Kerry: Refugee Cap Will Rise", "Poll: Clinton leads", "WALLACE: Let's start ..." -
    a line that opens with a label and a colon (headlines, transcripts, interviews'
    "Q:"/"A:"): the label is the source, the rest of the line the content."""
    found: list[Found] = []
    for colon in doc:
        if colon.text != ":" or colon.i in skip or colon.i == 0:
            continue
        first = colon.i - 1
        while first > 0 and colon.i - first < MAX_LABEL_TOKENS and not _opens_line(doc, first):
            first -= 1
        if not _opens_line(doc, first):
            continue
        while first < colon.i and (doc[first].is_quote or doc[first].is_space):
            first += 1  # a transcript's paragraphs may each open a quotation
        if first >= colon.i or not is_line_label(doc[first : colon.i]):
            continue
        end = colon.i + 1
        while end < len(doc) and "\n" not in doc[end].text and not doc[end].is_space:
            end += 1
        content = trim(doc, colon.i + 1, end)
        if content is not None and end - colon.i > 3:
            found.append(Found("indirect", char_range([colon]), char_range(list(doc[first : colon.i])), content))
    return found


MAX_LABEL_TOKENS = 7  # "Former AG Mukasey at RNC:" is about the longest line label
NOT_LABELS = {"update", "updated", "note", "related", "watch", "photo", "photos", "video", "read", "editor",
              "correction", "disclosure", "listen", "see", "subscribe", "follow", "contact", "source",
              "sources", "credit", "caption", "tags", "share", "advertisement", "transcript", "example",
              "clarification", "warning", "summary", "bottom line", "background", "breaking", "exclusive"}
# Who speaks in a headline besides named people and the reporting nouns ("Insiders: ...").
LABEL_NOUNS = {"insider", "historian", "expert", "analyst", "economist", "scientist", "newspaper", "editorial",
               "study", "research", "researcher", "official", "aide", "source", "voter", "critic", "camp", "campaign"}


def is_line_label(phrase) -> bool:
    """A short name or title before a line's colon ("John Kerry", "Poll", "Clinton camp",
    "Q"), not a clause ("Wait, it gets better"), a date, or a page's own label ("Update")."""
    words = [t for t in phrase if not t.is_punct]
    if not words or not words[0].text[:1].isupper():
        return False
    if phrase.text.lower() in NOT_LABELS or words[0].pos_ in {"ADP", "ADV", "SCONJ", "CCONJ"}:
        return False
    if any(t.pos_ in {"VERB", "AUX", "PRON"} or t.like_num
           or t.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"} for t in words):
        return False
    if not all(t.is_alpha or t.text in {".", "-", "'s", "\u2019s", "&", "(", ")"} or t.pos_ == "PROPN" for t in phrase):
        return False
    # Someone named, a document or a group that speaks, or a transcript's speaker
    # ("WALLACE", "Q"): a heading ("Little Relief for Refugees:") names no one.
    _, _, nouns = lexicon()
    return any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or t.lemma_.lower() in nouns | LABEL_NOUNS
               for t in words) or len(words) == 1 and words[0].is_upper


def colon_quote_attributions(doc: Doc, text: str, quotes: list[tuple[int, int]], skip: set[int]) -> list[Found]:
    """ "... - Philip Bump: \u201cTwo weeks ago ...\u201d": a name, a colon and a quotation,
    anywhere in a line, is a direct quote of the name (the name is a run of proper
    nouns, which the entity recogniser often misses in such lines)."""
    found: list[Found] = []
    quote_at = {a: (a, b) for a, b in quotes}
    for colon in doc:
        if colon.text != ":" or colon.i in skip or colon.i == 0:
            continue
        after = colon.idx + 1
        while after < len(text) and text[after] in " \u00a0":
            after += 1
        quote = quote_at.get(after)
        if quote is None or not is_quotation(text, quote):
            continue
        first = colon.i
        while first > 0 and doc[first - 1].pos_ == "PROPN" and not doc[first - 1].is_space:
            first -= 1
        if first == colon.i:
            continue
        found.append(Found("direct", char_range([colon]), (doc[first].idx, colon.idx), quote, [quote]))
    return found


SIGNATURE = re.compile(r"[ \u00a0]*(?:\u2015|\u2014|\u2013|--?)[ \u00a0]*"
                       r"((?:[A-Z][\w.'\u2019-]*|de|del|da|van|von)(?:[ \u00a0]+(?:[A-Z][\w.'\u2019-]*|de|del|da|van|von)){0,5})"
                       r"[ \u00a0.]*(?:\n|$)")


def signature_attributions(text: str, quotes: list[tuple[int, int]], taken: list[Found]) -> list[Found]:
    """ '"Quote." \u2015 Esther Tapia' at a line's end: a quotation signed with a dash and a
    name, as epigraphs and readers' responses are printed."""
    used = {part for f in taken for part in (f.parts or [f.content])}
    found: list[Found] = []
    for q in quotes:
        if q in used or not is_quotation(text, q):
            continue
        sign = SIGNATURE.match(text, q[1])
        if sign is None:
            continue
        dash = text.index(next(ch for ch in text[q[1]:sign.start(1)] if ch in "\u2015\u2014\u2013-"), q[1])
        found.append(Found("direct", (dash, dash + 1), (sign.start(1), sign.end(1)), q, [q]))
    return found


def _opens_line(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


# ---------------------------------------------------------------- assembly


def skipped_tokens(doc: Doc, furniture: list[TextSpan]) -> set[int]:
    """Token indices inside page furniture: nothing there is annotated."""
    skip: set[int] = set()
    for span in furniture:
        region = doc.char_span(span.start, span.end, alignment_mode="expand")
        if region is not None:
            skip.update(range(region.start, region.end))
    return skip


def quoted_tokens(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> set[int]:
    """Tokens inside real quotations; ``text`` is doc.text, which spaCy rebuilds per access."""
    inside: set[int] = set()
    for q in quotes:
        if is_quotation(text, q):
            region = doc.char_span(q[0], q[1], alignment_mode="contract")
            if region is not None:
                inside.update(range(region.start, region.end))
    return inside


def find_attributions(doc: Doc, furniture: list[TextSpan] | None = None) -> list[Found]:
    """Every attribution in the Doc, in text order, one per (cue, content)."""
    skip = skipped_tokens(doc, furniture or [])
    text = doc.text  # once: spaCy rebuilds doc.text on every access
    quotes = quote_spans(text)
    direct = quote_attributions(doc, quotes, skip)
    quoted_cues = {f.cue: f for f in direct}
    found = list(direct)
    # Cues inside a quotation ("I think ...") belong to the quoted speaker's own words.
    skip = skip | quoted_tokens(doc, text, quotes)
    speaker_of: dict[int, Token] = {}
    for item in verb_attributions(doc, skip, speaker_of):
        quote = quoted_cues.get(item.cue)
        if quote is not None:
            if len(quote.parts) == 1 and item.content[0] < quote.content[0] < item.content[1]:
                # 'his policy would be "to go after them" if he wins': the clause
                # around a quoted phrase is what was reported, the quote a part of it
                # (its closing marks may hang outside the clause's parse).
                quote.kind, quote.parts = "mixed", []
                quote.content = (item.content[0], max(item.content[1], quote.content[1]))
            continue
        if _covers_quote(item.content, quotes):
            item.kind = "mixed" if not _is_whole_quote(text, item.content, quotes) else "direct"
        found.append(item)
    framing = according_attributions(doc, skip) + noun_attributions(doc, skip)  # "according to X", "In a poll, ..."
    found = not_nested(found, framing, doc)
    found.extend(construction_attributions(doc, skip, found + framing, speaker_of))  # skips nested cues itself
    found.extend(framing)
    found.extend(put_it_attributions(doc, skip))
    found.extend(colon_attributions(doc, skip))
    found.extend(colon_quote_attributions(doc, text, quotes, skip))
    found.extend(signature_attributions(text, quotes, found))
    for item in found:
        if len(item.parts) < 2:
            item.content = within_paragraph(text, item.content, item.cue)
    return _dedupe(sorted(found, key=lambda f: (f.content[0], f.cue[0])))


def within_paragraph(text: str, content: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """A content that runs over a line break keeps the paragraph on its cue's side: what
    a source says in one paragraph stops there ("... a 'strongman approach.'\n\nUnder
    the new program, ..." is the writer again)."""
    start, end = content
    if "\n" not in text[start:end]:
        return content
    if cue[0] < start or start <= cue[0] < end:  # the content follows (or holds) its cue
        anchor = max(start, cue[1])
        cut = text.find("\n", anchor, end)
        if cut > start:
            end = cut
    if cue[1] > end or cue[0] >= end:  # the content comes before its cue
        cut = text.rfind("\n", start, end)
        if cut >= start:
            start = cut + 1
    new_start = start + len(text[start:end]) - len(text[start:end].lstrip())
    new_end = start + len(text[start:end].rstrip())
    return (new_start, new_end) if new_end > new_start else content


def names_someone(doc: Doc, span: tuple[int, int] | None) -> bool:
    """The source span holds a person's or organisation's name."""
    region = doc.char_span(*span, alignment_mode="expand") if span else None
    return region is not None and any(t.ent_type_ in {"PERSON", "ORG"} for t in region)


def not_nested(items: list[Found], frames: list[Found], doc: Doc) -> list[Found]:
    """The items, less those whose cue stands inside what another source is reported
    to say ("Polls show 65 percent support the ban"): part of that report. PolNeAR marks
    some such nested relations, but most nested finds put the inner subject where a
    reader sees the outer source (train: source precision 0.874 -> 0.903, recall -0.9
    points). Quotes stay. Each cue is checked against the NESTED_LOOKBACK contents that
    start last before it, so that deep nesting costs linear work."""
    outer = sorted(items + frames, key=lambda f: f.content[0])
    frame_set = {id(f) for f in frames}
    starts = [f.content[0] for f in outer]
    kept = []
    for item in items:
        k = bisect_right(starts, item.cue[0])
        framed = [o for o in outer[max(0, k - NESTED_LOOKBACK) : k]
                  if o is not item and item.cue[0] < o.content[1] and o.source != item.source]
        if framed and all(id(o) in frame_set for o in framed) and names_someone(doc, item.source):
            framed = []  # "Bloomberg reports that ..., according to the polls": a named reporter stays
        nested = bool(framed)
        if item.kind == "direct" or not nested:
            kept.append(item)
    return kept


def _covers_quote(content: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    return any(content[0] <= a and b <= content[1] and b - a > 2 for a, b in quotes)


def _is_whole_quote(text: str, content: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    return any(abs(a - content[0]) <= 1 and abs(b - content[1]) <= 2 for a, b in quotes)


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop a finding whose cue sits inside another's cue or repeats its content."""
    kept: list[Found] = []
    seen: set[tuple[int, int]] = set()
    for item in found:
        key = item.cue
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def to_records(text: str, found: list[Found]) -> list[Attribution]:
    records = []
    for n, f in enumerate(found, start=1):
        records.append(
            Attribution(
                id=f"a{n}",
                kind=f.kind,
                cue=TextSpan.of(text, *f.cue),
                source=TextSpan.of(text, *f.source) if f.source else None,
                content=TextSpan.of(text, *f.content),
                content_parts=[TextSpan.of(text, *p) for p in f.parts] if len(f.parts) > 1 else [],
            )
        )
    return records


@Language.factory("sl_attribution", assigns=["doc._.sl_attributions"])
def make_stage(nlp: Language, name: str):
    lexicon()  # read the word lists once, at load time

    def stage(doc: Doc) -> Doc:
        doc._.sl_attributions = to_records(doc.text, find_attributions(doc, doc._.sl_furniture))
        return doc

    return stage
