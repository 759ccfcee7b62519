"""Name mentions: spaCy's entities trimmed to the name, plus the ones it missed.

A Mention is a token range with the label the model gave it (or None when this
stage found it: an acronym use, a repeat of a name the article already used, a
place from the gazetteer). Keys fold case and accents, so "ALBU KAMAL" and
"Albu Kamal" are one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sourcelight.stages.entities.gazetteer import Gazetteer, Place, fold
from sourcelight.stages.positions import Ranges
from sourcelight.stages.wordlists import data_dir, word_set

DATA = data_dir(__file__)

NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Words that name an office, not the person: kept out of the name, kept as the role.
ROLE_TITLES = frozenset(
    """prof professor general gen colonel col major maj
    captain capt lieutenant lt sergeant sgt admiral commander brigadier marshal president
    vice prime minister chancellor king queen prince princess emperor sheikh sheik emir
    pope cardinal bishop archbishop rev reverend imam ayatollah rabbi senator sen rep
    representative congressman congresswoman governor gov mayor judge justice chairman
    chairwoman chief secretary ambassador deputy foreign defence defense interior finance
    premier speaker coach""".split()
)
# Courtesy titles ("Mr.", "Dr."; ``is_honorific``): part of the person's highlight,
# never a role.
TITLE_WORDS = ROLE_TITLES | word_set(DATA / "honorifics.txt")
# Tags of words that never start a name: modals, verbs, adverbs, pronouns, determiners...
FUNCTION_TAGS = frozenset(
    "MD VB VBD VBG VBN VBP VBZ RB RBR RBS WRB WP WP$ WDT PRP PRP$ DT PDT IN CC EX UH TO".split()
)
NUMBER = re.compile(r"^[\d.,:/\-]+$")  # "64" before "Bob Estes" in a leaderboard
POSSESSIVES = frozenset({"'s", "'", "\u2019s", "\u2019"})
SPLITTERS = frozenset({"(", ")", "[", "]", ","})
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
# Places of this kind (or cities this big) may be tagged where the model saw nothing.
FIND_KINDS = frozenset({"country", "state", "region", "continent"})
FIND_CITY_POPULATION = 100_000
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def is_honorific(word: str) -> bool:
    """A courtesy title as written before a name ("Mr.", "Mrs", "MRS", "Dr."): capitalised,
    any final dot. Lower case it is an ordinary word ("miss", "lady", "sir"). This stage
    keeps these inside a person's name; the sources stage never takes them for roles."""
    word = word.rstrip(".")
    return word[:1].isupper() and word.lower() in word_set(DATA / "honorifics.txt")


@dataclass(slots=True)
class Mention:
    start: int  # token indices into the Doc
    end: int
    label: str | None  # the model's label; None when this stage found the mention
    caps: bool = False  # inside all-caps text, where the model is least reliable
    role: str | None = None  # an office just before the name ("General")
    key: str = ""
    context: str | None = None  # the label the mention's surroundings give it (a team in a results table: ORG)

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


def words(key: str) -> tuple[str, ...]:
    """A key's words: "abu bakr al-baghdadi" -> ("abu", "bakr", "al", "baghdadi")."""
    return tuple(WORD.findall(key))


def is_title(token: Token) -> bool:
    return token.text[:1].isupper() and token.lower_.rstrip(".") in TITLE_WORDS


def caps_tokens(doc: Doc) -> frozenset[int]:
    """Tokens of sentences written mostly in capitals (headlines, tables) or in title case
    ("Ava DuVernay's '13th' Explores The Evolution Of ..."): there every word looks like
    a name, so the model's labels say least."""
    tokens: set[int] = set()
    for sent in doc.sents:
        alpha = [t for t in sent if t.is_alpha and len(t) > 1]
        if alpha and sum(t.is_upper for t in alpha) / len(alpha) > 0.6 or is_title_case(alpha):
            tokens.update(range(sent.start, sent.end))
    return frozenset(tokens)


def is_title_case(words: list[Token]) -> bool:
    """A headline in title case: six or more words, and even the short function words
    ("The", "Of") capitalised."""
    small = [t for t in words if t.is_stop]
    return len(words) >= 6 and len(small) >= 2 and all(t.text[0].isupper() for t in words)


def split_parts(span: Span) -> list[Span]:
    """Cut an entity at line breaks, spaced dashes ("Lithuania - Danius Gleveckas"), brackets
    ("Quigley ( USA )") and commas ("The Oval, London")."""
    parts, start = [], span.start
    doc = span.doc
    for token in span:
        spaced_dash = token.text in DASHES and token.whitespace_ and token.i > 0 and doc[token.i - 1].whitespace_
        if token.is_space or "\n" in token.text or spaced_dash or token.text in SPLITTERS:
            parts.append(doc[start : token.i])
            start = token.i + 1
    parts.append(doc[start : span.end])
    return [p for p in parts if len(p)]


def trim(span: Span, label: str, loose: frozenset[int] = frozenset()) -> tuple[Span | None, str | None]:
    """The name inside an entity span, and the office cut from its front (if any).

    Cut: "the", a sentence's first word the article does not use as a name (``loose``:
    "Should" of "Should Mrs Clinton"), title words, trailing punctuation and possessives,
    and trailing lower-case words ("Interfax news agency"). A span with no capital letter
    left is no name.
    """
    doc, start, end = span.doc, span.start, span.end
    role_start = None
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].i in loose or NUMBER.match(doc[start].text)
    ):
        start += 1
    if label == "PERSON":
        start, role_start = after_titles(doc, start, end)
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].lower_ in POSSESSIVES or not any(c.isalpha() for c in doc[end - 1].text)
        or (end - 1 > start and (is_lower_word(doc[end - 1]) or doc[end - 1].text[0].isdigit()))
    ):
        end -= 1
    if end <= start or not any(c.isupper() for c in doc[start:end].text):
        return None, None
    return doc[start:end], office(doc[role_start:start]) if role_start is not None else None


def after_titles(doc: Doc, start: int, end: int) -> tuple[int, int | None]:
    """Where a person's name starts after title words, and where those titles start. The
    titles may follow words that are no name ("Belgian King Baudouin"), never a name
    ("Martin Luther King Jr." keeps its "King")."""
    last = max((t.i for t in doc[start : end - 1] if is_title(t)), default=None)
    if last is None:
        return start, None
    first = last
    while first > start and is_title(doc[first - 1]):
        first -= 1
    if any(t.tag_ in ("NNP", "NNPS") and not is_title(t) for t in doc[start:first]):
        return start, None
    return last + 1, first


def is_lower_word(token: Token) -> bool:
    """A lower-case word standing apart ("agency"), not a particle of a name ("al-")."""
    return token.is_lower and token.is_alpha and bool(token.doc[token.i - 1].whitespace_)


def office(titles: Span) -> str | None:
    """The office among title words: "President" of "Mr. President"; "Mrs." is none."""
    words = [t for t in titles if not (is_honorific(t.text) or t.is_punct)]
    return titles.doc[words[0].i : words[-1].i + 1].text if words else None


def title_before(doc: Doc, start: int) -> str | None:
    """The office in the title words right before a name: "Prime Minister" in "Prime Minister X"."""
    i = start
    while i > 0 and is_title(doc[i - 1]):
        i -= 1
    return office(doc[i:start]) if i < start else None


def honorific_start(doc: Doc, start: int) -> int:
    """Where a person's name starts once the courtesy titles right before it are counted in:
    "Mr. Clyburn", "Mrs Clinton" are read and highlighted as one name."""
    while start > 0 and is_honorific(doc[start - 1].text):
        start -= 1
    return start


def loose_initials(doc: Doc, common: set[str]) -> frozenset[int]:
    """Sentences' first words that are ordinary words here, not names: a function word
    ("Should", "But") or a word the article also writes in lower case, unless the
    article writes it capitalised inside a sentence too."""
    named = {t.text for t in doc if not t.is_sent_start and t.text[:1].isupper()}
    return frozenset(
        t.i
        for t in doc
        if t.is_sent_start
        and t.text not in named
        and t.tag_ not in ("NNP", "NNPS")
        and (t.lower_ in common or t.tag_ in FUNCTION_TAGS)
    )


def is_common_word(span: Span, common: set[str], caps: bool) -> bool:
    """A lone capitalised word the text also uses as a word ("Men", "Division", "SOCCER").

    Capitals in mixed-case text mark an acronym ("US"), not a word.
    """
    if len(span) != 1 or span[0].lower_ not in common or not span.text.isalpha():
        return False
    return caps or not span.text.isupper()


def model_mentions(doc: Doc, skip: Ranges, common: set[str], caps: frozenset[int]) -> list[Mention]:
    """The model's name entities, trimmed and split, outside the skipped character ranges."""
    found = []
    loose = loose_initials(doc, common)
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or overlaps(ent.start_char, ent.end_char, skip):
            continue
        for part in split_parts(ent):
            name, role = trim(part, ent.label_, loose)
            in_caps = ent.start in caps
            if name is None or is_common_word(name, common, in_caps):
                continue
            role = role or title_before(doc, name.start)
            found.append(make_mention(name, ent.label_, in_caps, role))
    return found


def make_mention(
    span: Span, label: str | None, caps: bool = False, role: str | None = None, context: str | None = None
) -> Mention:
    return Mention(span.start, span.end, label, caps, role, fold(span.text), context)


def overlaps(start: int, end: int, ranges: Ranges) -> bool:
    return ranges.overlaps(start, end)


def covered_tokens(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def is_capitalized(token: Token) -> bool:
    """A capitalised word or dotted abbreviation ("Syria", "U.S.")."""
    return token.text[:1].isupper() and (token.is_alpha or token.text.replace(".", "").isalpha())


def free_standing(doc: Doc, start: int, end: int, caps: bool) -> bool:
    """No capitalised word glued to either side (else it is part of a longer name)."""
    if caps:
        return True
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and is_capitalized(before) and not before.is_sent_start and not is_title(before):
        return False
    return not (after is not None and is_capitalized(after))


def repeat_mentions(
    doc: Doc,
    forms: dict[str, int],
    taken: set[int],
    common: set[str],
    skip: Ranges,
    caps: frozenset[int],
) -> list[Mention]:
    """Later uses of names the article already gave (folded form -> word count)."""
    by_first: dict[str, list[tuple[str, int]]] = {}
    for form, n in forms.items():
        by_first.setdefault(form.split(" ")[0], []).append((form, n))
    found: list[Mention] = []
    for token in doc:
        if token.i in taken or not is_capitalized(token):
            continue
        for form, _ in sorted(by_first.get(fold(token.text), ()), key=lambda f: -f[1]):
            span = doc.char_span(token.idx, token.idx + len(form), alignment_mode="strict")
            if span is None or fold(span.text) != form or any(i in taken for i in range(span.start, span.end)):
                continue
            in_caps = token.i in caps
            if len(span) == 1 and token.lower_ in common:
                continue
            if overlaps(span.start_char, span.end_char, skip) or not free_standing(doc, span.start, span.end, in_caps):
                continue
            found.append(make_mention(span, None, in_caps))
            taken.update(range(span.start, span.end))
            break
    return found


def place_mentions(
    doc: Doc,
    gaz: Gazetteer,
    taken: set[int],
    common: set[str],
    skip: Ranges,
    caps: frozenset[int],
) -> list[tuple[Mention, Place]]:
    """Places the model missed: capitalised runs of up to three words that the gazetteer knows."""
    found: list[tuple[Mention, Place]] = []
    # Read once: place_at asks about up to six tokens at every position.
    capital = [is_capitalized(t) for t in doc]
    i = 0
    while i < len(doc):
        hit = place_at(doc, i, gaz, taken, common, caps, capital)
        if hit is None or overlaps(doc[i].idx, doc[hit[0] - 1].idx + len(doc[hit[0] - 1]), skip):
            i += 1
            continue
        end, place = hit
        found.append((make_mention(doc[i:end], None, i in caps), place))
        taken.update(range(i, end))
        i = end
    return found


def place_at(
    doc: Doc, i: int, gaz: Gazetteer, taken: set[int], common: set[str], caps: frozenset[int], capital: list[bool]
) -> tuple[int, Place] | None:
    """The place a capitalised run at ``i`` names; ``capital[j]``: is token j capitalised."""
    if i in taken or not capital[i]:
        return None  # every run below starts with token i: most tokens end here
    for n in (3, 2, 1):
        end = i + n
        if end > len(doc) or any(j in taken or not capital[j] for j in range(i, end)):
            continue
        span = doc[i:end]
        place = gaz.lookup(span.text)
        if place is None or not findable(place) or (n == 1 and (len(span.text) < 4 or span.text.lower() in common)):
            continue
        if free_standing(doc, i, end, i in caps):
            return end, place
    return None


def findable(place: Place) -> bool:
    return place.kind in FIND_KINDS or (place.population or 0) >= FIND_CITY_POPULATION
