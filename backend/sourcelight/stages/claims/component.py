"""Stage sl_claims: check-worthy sentences, their type, hedges, quantities and source.

One Claim per sentence of the article outside page furniture and headings, scored by
the check-worthiness model (``scorers.py`` picks the token model or the fine-tuned
encoder; loaded once per worker) from the sentence's own text, so ``/claims`` gives a
sentence the same score as ``/annotate``. Type cues, hedges and quantities come from spaCy
Matcher patterns and the dependency parse; the words that decided each are kept as spans.
Which types apply is decided by the encoder's type head (``type_head.py``) from the
sentence's vectors and those cues where the claim model has one, else by the cues alone;
either way the type shown is the first that applies in ``TYPE_ORDER``. The claim is
linked to the attribution (``doc._.sl_attributions``, written earlier) whose content
overlaps it most; a check-worthy claim with none is marked ``unattributed``.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sourcelight import chunking
from sourcelight.annotation import Attribution, Claim, TextSpan
from sourcelight.stages.claims import quantities as qty
from sourcelight.stages.claims import scorers
from sourcelight.stages.furniture import is_furniture, segments

CHECKWORTHY = 0.5
HEADING_MAX_TOKENS = 12
CUES_PATH = Path(__file__).parent / "data" / "claims_cues.txt"

# Claim types in priority order: the first whose cues fire decides. Opinion comes right
# after quantity: "X said it was a disgrace", "the plan would be a disaster" are not
# checkable whatever else they assert, while a number in an opinion still is.
TYPE_ORDER = ("quantity", "opinion", "causal", "prediction", "rule", "personal", "attributed", "event")
OPINION_VERBS = frozenset("think believe feel hope want wish guess suppose love hate".split())
REPORTING_LEMMAS = frozenset(
    "say tell report claim state announce add confirm deny accuse allege insist warn declare "
    "explain note argue write suggest".split()
)
# Cues the phrase list cannot express (they need tags or punctuation between words), as
# spaCy Matcher patterns with the reason for each.
PATTERNS_PATH = Path(__file__).parent / "data" / "claims_patterns.json"


@dataclass(frozen=True)
class Cue:
    label: str
    tags: tuple[str, ...]  # tag prefixes the first token must have; empty = any


def read_patterns(path: Path = PATTERNS_PATH) -> dict[str, list[list[dict]]]:
    """Label -> Matcher patterns, from the patterns file."""
    patterns: dict[str, list[list[dict]]] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        patterns.setdefault(entry["label"], []).append(entry["pattern"])
    return patterns


def read_cues(path: Path = CUES_PATH) -> dict[str, Cue]:
    """Phrase -> Cue from the cue list; 'a|b c' lines expand to every combination."""
    cues: dict[str, Cue] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, phrase, *tags = line.split("\t")
        options = [part.split("|") for part in phrase.split(" ")]
        for words in product(*options):
            cues[" ".join(words)] = Cue(label, tuple(tags[0].split("|")) if tags else ())
    return cues


class CueFinder:
    """Type cues and hedges in a Doc: a PhraseMatcher for the word list (cheap per token)
    and a small Matcher for the few patterns that need tags."""

    def __init__(self, nlp: Language, cues: dict[str, Cue]) -> None:
        self.cues = cues
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, cue in cues.items():
            self.phrases.add(cue.label, [nlp.make_doc(phrase)])
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in read_patterns().items():
            self.matcher.add(label, patterns)

    def __call__(self, doc: Doc) -> list[tuple[str, Span]]:
        found: list[tuple[str, Span]] = []
        strings = doc.vocab.strings
        for match_id, start, end in self.phrases(doc):
            span = doc[start:end]
            cue = self.cues.get(span.text.lower())
            if cue is not None and (not cue.tags or span[0].tag_.startswith(cue.tags)):
                found.append((strings[match_id], span))
        for match_id, start, end in self.matcher(doc):
            if start > 0 and doc[start - 1].lemma_ == "be" and strings[match_id] == "hedge":
                start -= 1  # "was reported to have been"
            found.append((strings[match_id], doc[start:end]))
        return found


@dataclass
class SentenceFacts:
    """What the matchers and the parse found in one sentence."""

    cues: dict[str, list[Span]]
    hedges: list[Span]
    quantities: list[qty.Found]


def is_heading(sent: Span, text: str) -> bool:
    """A whole line, unpunctuated at its end, and verbless or very short ('IS in Iraq')."""
    start, end = sent.start_char, sent.end_char
    alone = (start == 0 or text[start - 1] == "\n") and (end >= len(text) or text[end] == "\n")
    if not alone or text[end - 1] in ".!?\"'”’:;":
        return False
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    verbless = not any(t.pos_ == "VERB" for t in words)
    return len(words) <= 4 or (verbless and len(words) <= HEADING_MAX_TOKENS)


def claim_sentences(doc: Doc, text: str) -> list[Span]:
    return [s for s in segments(doc)
            if not is_heading(s, text) and not is_furniture(doc, s.start_char, s.end_char)]


def matches_inside(sent: Span, ordered: list[tuple[int, str, Span]], starts: list[int]) -> list[tuple[str, Span]]:
    """The cue matches inside the sentence, in the order they were found. ``ordered`` holds
    (found order, label, span) sorted by start and ``starts`` their starts: a bisect, so a
    long article costs sentences + matches, not sentences x matches."""
    window = ordered[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
    return [(label, span) for _, label, span in sorted(window) if span.end <= sent.end]


def sentence_facts(sent: Span, inside: list[tuple[str, Span]]) -> SentenceFacts:
    cues: dict[str, list[Span]] = {}
    for label, span in inside:
        if label != "hedge":
            cues.setdefault(label, []).append(span)
    found = qty.find_quantities(sent)
    if found:
        cues["quantity"] = [f.span for f in found]
    if (event := event_cue(sent)) is not None:
        cues["event"] = [event]
    if (personal := personal_cue(sent)) is not None:
        cues.setdefault("personal", []).append(personal)
    if (quote := quotation_cue(sent)) is not None:
        cues.setdefault("attributed", []).append(quote)
    hedges = filter_spans([span for label, span in inside if label == "hedge"])
    return SentenceFacts(cues, hedges, found)


EVENT_DEPS = ("ROOT", "conj", "ccomp", "relcl", "advcl")
EVENT_ENTITY_LABELS = frozenset(("GPE", "LOC", "FAC", "ORG", "NORP", "PERSON", "DATE"))


def event_cue(sent: Span) -> Span | None:
    """A finite past-tense action verb in a sentence that names who/where/when: an event."""
    # Token by token: Span.ents scans the whole Doc's entities, quadratic over an article.
    if not any(t.ent_type_ in EVENT_ENTITY_LABELS for t in sent):
        return None
    # Headlines (no closing punctuation) report past events in the present: "IS retakes town".
    tags = ("VBD",) if sent[-1].is_punct else ("VBD", "VBZ")
    for t in sent:
        if t.pos_ == "VERB" and t.tag_ in tags and t.dep_ in EVENT_DEPS and t.lemma_ not in REPORTING_LEMMAS:
            return sent.doc[t.i : t.i + 1]
    return None


def quotation_cue(sent: Span) -> Span | None:
    """A sentence that opens or closes a quotation: someone's words, even where the
    attribution ('..., she said') sits in another sentence of the quotation."""
    words = [t for t in sent if not t.is_space]
    if not words:
        return None
    if words[0].is_quote:
        return sent.doc[words[0].i : words[0].i + 1]
    closing = words[-1] if words[-1].is_quote else words[-2] if len(words) > 1 and words[-2].is_quote else None
    return sent.doc[closing.i : closing.i + 1] if closing is not None else None


def personal_cue(sent: Span) -> Span | None:
    """'I was there', 'we have seen': the speaker's own experience (not 'I think')."""
    for t in sent:
        if t.lower_ not in ("i", "we"):
            continue  # before reading the head: most words are neither
        head = t.head
        if t.dep_ == "nsubj" and head.lemma_ not in OPINION_VERBS \
                and (head.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBN" for c in head.children)):
            return sent.doc[min(t.i, head.i) : max(t.i, head.i) + 1]
    return None


def choose_type(cues: dict[str, list[Span]], attributed: bool,
                applies: frozenset[str] | None = None) -> tuple[str, list[Span]]:
    """The single type shown and the words that cue it: the first type in ``TYPE_ORDER``
    that applies. ``applies`` is what the type head (``type_head.py``) decided from the
    sentence's vector and these same cues; without a head, a type applies where its cues fired."""
    if attributed and "attributed" not in cues:
        cues = {**cues, "attributed": []}
    for label in TYPE_ORDER:
        if label in (cues if applies is None else applies):
            return label, cues.get(label, [])
    return "other", []


def head_types(model, typed: np.ndarray | None, facts: SentenceFacts, attributed: bool) -> frozenset[str] | None:
    """The types the claim model's type head says apply, or None where there is no head
    (the token model) or no vector for the sentence."""
    head = getattr(model, "head", None)
    if head is None or typed is None:
        return None
    return head.applies(typed, set(facts.cues) | ({"attributed"} if attributed else set()), bool(facts.hedges))


def score_and_type(model, sents: list[Span]) -> tuple[list[float], list[np.ndarray | None]]:
    """Check-worthiness and, from the same encoder run, the type head's vector logits."""
    if getattr(model, "head", None) is not None:
        return model.score_and_type(sents)
    return model.score(sents), [None] * len(sents)


class AttributionLinks:
    """Links each claim to the attribution whose content overlaps it the most (the first
    listed on a tie). Claims come in text order, so one sweep keeps only the contents still
    open at the current sentence: linear in the article, not claims × attributions."""

    def __init__(self, attributions: list[Attribution]) -> None:
        self.pending = sorted(enumerate(attributions), key=lambda item: item[1].content.start)
        self.taken = 0
        self.open: list[tuple[int, Attribution]] = []
        self.last_start = 0

    def link(self, start: int, end: int) -> Attribution | None:
        if start < self.last_start:
            raise ValueError("claims must be linked in text order")
        self.last_start = start
        while self.taken < len(self.pending) and self.pending[self.taken][1].content.start < end:
            self.open.append(self.pending[self.taken])
            self.taken += 1
        self.open = [item for item in self.open if item[1].content.end > start]
        best, best_key = None, (0, 0)
        for order, attr in self.open:
            key = (min(end, attr.content.end) - max(start, attr.content.start), -order)
            if key[0] > 0 and key > best_key:
                best, best_key = attr, key
        return best


def make_claim(index: int, sent: Span, score: float, facts: SentenceFacts,
               links: AttributionLinks, text: str, applies: Callable[[bool], frozenset[str] | None]) -> Claim:
    """The Claim record; ``text`` is doc.text, passed in because spaCy rebuilds it per call;
    ``applies(attributed)`` gives the type head's types (None: the cues decide)."""
    def _span(span: Span) -> TextSpan:
        return TextSpan.of(text, span.start_char, span.end_char)

    start, end = sent.start_char, sent.end_char
    attr = links.link(start, end)
    label, cues = choose_type(dict(facts.cues), attr is not None, applies(attr is not None))
    return Claim(
        id=f"c{index}", start=start, end=end, text=text[start:end],
        checkworthiness=score, type=label, type_cues=[_span(c) for c in cues],
        hedges=[_span(h) for h in facts.hedges],
        quantities=[f.to_record(text) for f in facts.quantities],
        attribution=attr.id if attr else None,
        unattributed=attr is None and score >= CHECKWORTHY,
    )


class ClaimStage:
    def __init__(self, nlp: Language, model_path: str | None, min_score: float) -> None:
        # Checked against its metadata (and the token model against the pipeline's spaCy
        # model): a mismatch stops the worker at startup.
        self.model = scorers.load(model_path, spacy_model=nlp.meta)
        self.find_cues = CueFinder(nlp, read_cues())
        self.min_score = min_score

    def facts(self, doc: Doc, sents: list[Span]) -> list[SentenceFacts]:
        ordered = sorted(((i, label, span) for i, (label, span) in enumerate(self.find_cues(doc))),
                         key=lambda m: m[2].start)
        starts = [span.start for _, _, span in ordered]
        return [sentence_facts(s, matches_inside(s, ordered, starts)) for s in sents]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        sents = claim_sentences(doc, text)
        scores, typed = score_and_type(self.model, sents)
        links = AttributionLinks(list(doc._.sl_attributions or []))
        claims = [make_claim(i, s, score, f, links, text,
                             lambda attributed, t=t, f=f: head_types(self.model, t, f, attributed))
                  for i, (s, score, t, f) in enumerate(zip(sents, scores, typed, self.facts(doc, sents)))]
        doc._.sl_claims = [c for c in claims if c.checkworthiness >= self.min_score]
        return doc


@Language.factory("sl_claims", assigns=["doc._.sl_claims"], default_config={"model_path": None, "min_score": 0.0})
def make_stage(nlp: Language, name: str, model_path: str | None, min_score: float) -> ClaimStage:
    return ClaimStage(nlp, model_path, min_score)


def score_sentences(nlp: Language, sentences: list[str],
                    check: Callable[[], None] = lambda: None) -> tuple[list[float], list[str]]:
    """Check-worthiness and type for standalone sentences (POST /claims).

    Bounded like annotate (see chunking.py): at most ``chunking.MAX_TOKENS`` in all, and
    ``check`` (the caller's deadline; it may raise) runs before each batch of ~4,000 tokens.
    """
    stage: ClaimStage = nlp.get_pipe("sl_claims")
    skip = [name for name in nlp.pipe_names if name.startswith("sl_")]
    tokenized = [chunking.make_doc(nlp, sentence, check, max_tokens=None) for sentence in sentences]
    if sum(map(len, tokenized)) > chunking.MAX_TOKENS:
        raise chunking.TooManyTokens(chunking.MAX_TOKENS)
    docs: list[Doc] = []
    for batch in _token_batches(tokenized, 4000):
        check()
        docs.extend(nlp.pipe(batch, disable=skip))
    scores, typed = score_and_type(stage.model, [doc[:] for doc in docs])
    types = []
    for doc, t in zip(docs, typed):
        facts = stage.facts(doc, [doc[:]])[0]
        types.append(choose_type(facts.cues, False, head_types(stage.model, t, facts, False))[0])
    return scores, types


def _token_batches(docs: list[Doc], tokens: int) -> Iterator[list[Doc]]:
    batch: list[Doc] = []
    for doc in docs:
        batch.append(doc)
        if sum(map(len, batch)) >= tokens:
            yield batch
            batch = []
    if batch:
        yield batch
