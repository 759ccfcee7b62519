"""Stage sl_furniture: page furniture (newsletter boxes, share bars, copyright lines).

Runs first among Sourcelight's stages and writes ``doc._.sl_furniture`` (TextSpans);
later stages skip anything inside those spans (``is_furniture``). Furniture is found
per sentence, then widened to whole lines:

* a sentence is furniture when a Matcher pattern over lemmas fires (copyright, "read
  more", "more about X can be found here", imperative "sign up"/"subscribe"/"share"...)
  or when it both talks about the web page (newsletter, subscribe, republish, form,
  inbox...) and addresses the reader (you, please, an imperative opening);
* a short verbless line that names a web thing ("New X newsletter: ...") is furniture;
* a line where at least half the sentences are furniture is furniture as a whole (the
  outlet's self-promotion sits beside its republishing note).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from sourcelight import deadline
from sourcelight.annotation import TextSpan
from sourcelight.stages.positions import Ranges

# Lemmas that talk about the page or the outlet's services rather than the news. The
# strong ones hardly occur in reporting; the weak ones do ("police said in an email").
STRONG_WEB_LEMMAS = frozenset(
    "newsletter newsletters subscribe subscription subscriber inbox podcast republish reprint "
    "republishing paywall unsubscribe".split()
)
WEAK_WEB_LEMMAS = frozenset(
    "email e-mail app form link click tap cookie advertisement advertise sponsor donate donation "
    "login log account facebook twitter instagram whatsapp telegram linkedin youtube tiktok "
    "bookmark notification alert".split()
)
WEB_LEMMAS = STRONG_WEB_LEMMAS | WEAK_WEB_LEMMAS
IMPERATIVE_OPENERS = frozenset(
    "sign subscribe click tap share follow download register join read watch listen "
    "support donate get learn find like comment".split()
)
SHORT_LINE_TOKENS = 10

PATTERNS: dict[str, list[list[dict]]] = {
    "copyright": [
        [{"ORTH": "©"}],
        [{"LOWER": "copyright"}, {"IS_PUNCT": True, "OP": "?"}, {"LIKE_NUM": True}],
        [{"LOWER": "all"}, {"LOWER": "rights"}, {"LOWER": "reserved"}],
    ],
    "more_here": [
        # "More about MEE can be found here", "More on this story here"
        [{"LOWER": "more"}, {"LOWER": {"IN": ["about", "on", "information"]}}, {"OP": "{0,8}"},
         {"LOWER": "here"}],
        [{"LOWER": "click"}, {"LOWER": "here"}],
        [{"LEMMA": "follow"}, {"LOWER": "us"}],
    ],
    # Only where they open a sentence or line ("Sign up to...", "Read more", "Share this").
    "opener": [
        [{"LOWER": {"IN": ["read", "see", "find"]}}, {"LOWER": "more"}],
        [{"LEMMA": "share"}, {"LOWER": {"IN": ["this", "on", "via"]}}],
        [{"LEMMA": {"IN": ["sign", "subscribe", "register"]}}, {"LOWER": {"IN": ["up", "to", "for", "now", "here"]}}],
    ],
}


def build_matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for label, patterns in PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def imperative_or_please(sent: Span) -> bool:
    """'Please ...' or an opening imperative ('Sign up', 'Click', 'Download')."""
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is not None and first.lower_ in IMPERATIVE_OPENERS and first.tag_ in ("VB", "VBP", "NNP", "NN"):
        return True
    return any(t.lower_ == "please" for t in sent)


def mentions(tokens: Iterable, lemmas: frozenset[str]) -> bool:
    return any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in tokens)


def mentions_web(tokens: Iterable) -> bool:
    return mentions(tokens, WEB_LEMMAS)


def is_furniture_sentence(sent: Span, matched: bool) -> bool:
    """A pattern fired, or the sentence addresses the reader about the page itself."""
    if matched:
        return True
    if imperative_or_please(sent):
        return mentions_web(sent)
    you = any(t.lower_ in ("you", "your") for t in sent)
    return you and mentions(sent, STRONG_WEB_LEMMAS)


def is_short_web_line(tokens: list) -> bool:
    """'New MEE newsletter: Jerusalem Dispatch': short, no finite verb, names a web thing."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words)
    return 0 < len(words) <= SHORT_LINE_TOKENS and not finite and mentions_web(words)


def segments(doc: Doc) -> list[Span]:
    """Sentences, also split at line breaks (spaCy may run a heading into the next line),
    without leading or trailing whitespace tokens."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.is_space and "\n" in t.text:
                out.append(doc[start : t.i])
                start = t.i + 1
        out.append(doc[start : sent.end])
    return [trimmed for s in out if (trimmed := _trim(s)) is not None]


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def web_positions(doc: Doc) -> list[int]:
    """Indices of the tokens ``mentions_web`` counts, ascending. From the Doc's arrays: a
    sentence or line without one is never furniture unless a pattern fires, so most of the
    text needs no token-by-token reading."""
    if not len(doc):
        return []
    lemmas, lowers = doc.to_array([LEMMA, LOWER]).T
    strings = doc.vocab.strings
    web = [h for h in np.unique(np.concatenate([lemmas, lowers])) if strings[h].lower() in WEB_LEMMAS]
    return np.flatnonzero(np.isin(lemmas, web) | np.isin(lowers, web)).tolist()


class Matches:
    """Matcher hits by token position: does a pattern fire in (or open) a sentence?"""

    def __init__(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        opener = doc.vocab.strings["opener"]
        self.openers = {start for label, start, _ in matches if label == opener}
        self.anywhere = sorted(start for label, start, _ in matches if label != opener)

    def fire_in(self, sent: Span) -> bool:
        if sent.start in self.openers:
            return True
        k = bisect_left(self.anywhere, sent.start)
        return k < len(self.anywhere) and self.anywhere[k] < sent.end


def line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, whitespace trimmed."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def find_furniture(doc: Doc, matcher: Matcher) -> list[TextSpan]:
    text = doc.text  # spaCy rebuilds doc.text on every access
    sents = segments(doc)
    starts = [s.start_char for s in sents]  # in text order: a line's sentences by bisection
    matches = Matches(doc, matcher(doc))
    web = web_positions(doc)

    def has_web(first: int, end: int) -> bool:
        k = bisect_left(web, first)
        return k < len(web) and web[k] < end

    spans: list[TextSpan] = []
    for start, end in deadline.every(line_ranges(text), "sl_furniture"):
        in_line = sents[bisect_left(starts, start) : bisect_left(starts, end)]
        if not in_line:
            continue
        flags = [matches.fire_in(s) or has_web(s.start, s.end) and is_furniture_sentence(s, False) for s in in_line]
        web_line = has_web(in_line[0].start, in_line[-1].end)
        if 2 * sum(flags) >= len(flags) or web_line and is_short_web_line([t for s in in_line for t in s]):
            spans.append(TextSpan.of(text, start, end))
        else:
            spans += [TextSpan.of(text, s.start_char, s.end_char) for s, f in zip(in_line, flags) if f]
    return merge(spans, text)


def merge(spans: list[TextSpan], text: str) -> list[TextSpan]:
    """Join furniture spans separated only by whitespace (a footer block is one span)."""
    out: list[TextSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and not text[out[-1].end : span.start].strip():
            out[-1] = TextSpan.of(text, out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


def is_furniture(doc: Doc, start: int, end: int) -> bool:
    """True when [start, end) overlaps page furniture (for later stages to skip)."""
    return furniture_ranges(doc).overlaps(start, end)


_last_index: tuple[object, Ranges] = (None, Ranges())


def furniture_ranges(doc: Doc) -> Ranges:
    """The Doc's furniture as a position index, built once per furniture list."""
    global _last_index
    furniture = doc._.sl_furniture or []
    if _last_index[0] is not furniture:
        _last_index = (furniture, Ranges((f.start, f.end) for f in furniture))
    return _last_index[1]


class FurnitureStage:
    def __init__(self, nlp: Language) -> None:
        self.matcher = build_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.sl_furniture = find_furniture(doc, self.matcher)
        return doc


@Language.factory("sl_furniture", assigns=["doc._.sl_furniture"])
def make_stage(nlp: Language, name: str) -> FurnitureStage:
    return FurnitureStage(nlp)
