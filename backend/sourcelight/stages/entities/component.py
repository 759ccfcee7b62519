"""Stage sl_entities: one label per name across the article, grouped and described.

Writes ``doc._.sl_entities`` (Entity records, ids "e1"...), ``doc._.sl_groups``
(Group records, ids "g1"...) and rewrites ``doc.ents`` with the corrected spans and
labels so that later stages see them. Steps (find, then write):

1. mentions: the model's name entities, trimmed to the name (no "the", titles,
   possessives, trailing scores), outside page furniture;
2. acronyms defined in the text, and every later use of them;
3. repeats of names the article already used, and places the model missed;
4. groups of keys (acronyms, surnames, head words), each given one label by votes:
   the model's labels (longer names weigh more, all-caps text less), context
   ("the town of X", a title before a name, a team in a results table), the name's
   shape ("... Bank", "Ministry of ..."), the knowledge table, and gazetteer agreement.

People's highlights include their courtesy titles ("Mr. Clyburn"): the name is read
as one, and a source mark over the same words never meets the entity mid-name.
Offices ("President", "General") stay outside the highlight and become the role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sourcelight import deadline
from sourcelight.annotation import Entity, Group
from sourcelight.stages.entities.acronyms import (
    Definition,
    common_words,
    find_definitions,
    find_uses,
    token_positions,
)
from sourcelight.stages.entities.gazetteer import Gazetteer, Place, fold, load_gazetteer
from sourcelight.stages.entities.groups import (
    KeyUnion,
    description,
    join_short_forms,
    key_labels,
    wikipedia_link,
)
from sourcelight.stages.entities.mentions import (
    NAME_LABELS,
    Mention,
    caps_tokens,
    covered_tokens,
    make_mention,
    model_mentions,
    honorific_start,
    overlaps,
    place_mentions,
    repeat_mentions,
    words,
)
from sourcelight.stages.positions import Ranges
from sourcelight.stages.knowledge.knowledge import table as knowledge_table
from sourcelight.stages.entities.name_evidence import known_label, shape_label
from sourcelight.stages.entities.results import team_spans

PLACE_NOUNS = frozenset(
    "town city village province region district capital suburb neighbourhood neighborhood "
    "state country county governorate outskirts port island area".split()
)
# Nouns that follow a place's name ("Anbar province"); "town" does not ("Syrian town").
PLACE_SUFFIXES = frozenset("province governorate district county prefecture oblast".split())
CAPS_WEIGHT = 0.4  # a label the model gave inside all-caps text counts this much
TITLE_VOTE = 3.0  # "General X", "Mr. X": a person
PLACE_CONTEXT_VOTE = 3.0  # "the town of X", "X and other villages": a place
PLACE_VOTES = {"continent": 3.0, "country": 3.0, "state": 2.0, "region": 2.0}
CONTEXT_VOTE = 3.0  # a team in a results table: an organisation
SHAPE_VOTE = 1.0  # "... Bank", "Ministry of ...": an organisation, over the model (+ one per word)
KNOWN_VOTE = 2.0  # the knowledge table's kind of name


@dataclass(frozen=True, slots=True)
class Resolved:
    """The stage's finding: final mentions and, per group, its keys and label."""

    mentions: list[Mention]
    groups: list[tuple[list[str], str]]  # (keys, label), in order of first mention
    places: dict[str, Place]  # key -> gazetteer place


# ---- votes ---------------------------------------------------------------------


def place_context(doc: Doc, m: Mention) -> bool:
    """'the town of X', 'X and other villages', 'X province'."""
    if m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lemma_.lower() in PLACE_NOUNS:
        return True
    if m.end < len(doc) and doc[m.end].is_lower and doc[m.end].lemma_ in PLACE_SUFFIXES:
        return True
    root = doc[m.start : m.end].root
    return any(t.dep_ == "conj" and t.lemma_ in PLACE_NOUNS for t in (*root.children, root.head))


def place_vote(place: Place | None) -> tuple[str, float] | None:
    if place is None:
        return None
    label = "LOC" if place.kind in ("region", "continent") else "GPE"
    if place.kind in PLACE_VOTES:
        return label, PLACE_VOTES[place.kind]
    population = place.population or 0
    return label, 1.5 if population >= 1_000_000 else 1.0 if population >= 100_000 else 0.5


def key_votes(doc: Doc, key: str, mentions: list[Mention]) -> Counter:
    """One key's votes: the model's labels, normalised and weighted by name length, plus context."""
    votes: Counter = Counter()
    model = Counter()
    for m in mentions:
        if m.label:
            model[m.label] += CAPS_WEIGHT if m.caps else 1.0
        if m.role or honorific_start(doc, m.start) < m.start:  # "General X", "Mr. X"
            votes["PERSON"] += TITLE_VOTE
        if place_context(doc, m):
            votes["GPE"] += PLACE_CONTEXT_VOTE
        if m.context:
            votes[m.context] += CONTEXT_VOTE
    total = sum(model.values())
    for label, weight in model.items():
        votes[label] += len(words(key)) * weight / total
    return votes


def group_label(doc: Doc, keys: list[str], by_key: dict[str, list[Mention]], places: dict[str, Place]) -> str:
    votes: Counter = Counter()
    for key in keys:
        votes.update(key_votes(doc, key, by_key[key]))
    canonical = max(keys, key=lambda k: len(words(k)))
    vote = place_vote(places.get(canonical))
    if vote is not None:
        votes[vote[0]] += vote[1]
    votes.update(name_votes(doc, keys, by_key, places))
    return votes.most_common(1)[0][0] if votes else "ORG"


def name_votes(doc: Doc, keys: list[str], by_key: dict[str, list[Mention]], places: dict[str, Place]) -> Counter:
    """What the group's names say about themselves: their shape, and the knowledge table.
    Neither speaks for a name the gazetteer knows as a place ("West Bank" is no bank,
    "Georgia" no party); the table does not speak for names the model reads as a
    nationality or group of people ("Iraqis" is also a party's name)."""
    votes: Counter = Counter()
    for key in keys:
        if key in places:
            continue
        if shape_label(words(key)):
            votes["ORG"] += SHAPE_VOTE + len(words(key))
        if all(m.label != "NORP" for m in by_key[key]):
            label = known_label(by_key[key][0].span(doc).text)
            if label:
                votes[label] += KNOWN_VOTE
    return votes


# ---- finding -------------------------------------------------------------------


def acronym_mentions(
    doc: Doc, mentions: list[Mention], definitions: list[Definition], common: set[str], skip: Ranges
) -> tuple[list[Mention], list[tuple[str, str]]]:
    """Mentions of defined short forms (and of long forms the model missed), and key links.

    A model entity covering a short-form use ("IS leader" tagged whole) gives way to the
    short form; ``mentions`` is edited in place for that. Mentions are indexed by token
    and each short form's uses are found once, so a definition repeated a thousand
    times costs a thousand lookups, not a thousand scans of the text.
    """
    model, extra = Owners(mentions), Owners([])
    positions = token_positions(doc)
    uses_of: dict[str, int] = {}  # short form -> its uses outside furniture
    links: list[tuple[str, str]] = []
    for d in deadline.every(definitions, "sl_entities"):
        long = long_form_mention(d, model, extra)
        if long is None:
            continue
        short = d.short.text
        if short not in uses_of:  # a repeated definition finds the same uses: they are in place
            uses = [u for u in find_uses(doc, short, common, positions) if not skip.overlaps(u.start_char, u.end_char)]
            uses_of[short] = len(uses)
            for use in uses:
                model.clear(use.start, use.end, keep=long)
                extra.clear(use.start, use.end, keep=long)
                extra.add(make_mention(use, None))
        if uses_of[short]:
            links.append((fold(short), long.key))
    mentions[:] = model.kept()
    return extra.kept(), links


class Owners:
    """Mentions with a token -> mention index, so clashes are found and removed by position."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.order: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.removed: set[int] = set()
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        self.order.append(m)
        for i in range(m.start, m.end):
            self.by_token[i] = m

    def at(self, start: int, end: int) -> list[Mention]:
        """Live mentions with a token in [start, end), without repeats."""
        found = {id(m): m for i in range(start, end) if (m := self.by_token.get(i)) is not None}
        return list(found.values())

    def clear(self, start: int, end: int, keep: Mention) -> None:
        """Remove every mention clashing with [start, end), except ``keep``."""
        for m in self.at(start, end):
            if m is not keep:
                self.removed.add(id(m))
                for i in range(m.start, m.end):
                    if self.by_token.get(i) is m:
                        del self.by_token[i]

    def kept(self) -> list[Mention]:
        return [m for m in self.order if id(m) not in self.removed]


def long_form_mention(d: Definition, model: Owners, extra: Owners) -> Mention | None:
    """The model's entity for a definition's long form, else a new ORG-less mention of it."""
    covering = [m for m in model.at(d.long.start, d.long.end) if m.start <= d.long.start and m.end >= d.long.end]
    if covering:
        return covering[0]
    names = [t for t in d.long if t.is_alpha and not t.is_stop]
    if not names or not all(t.text[:1].isupper() for t in names):
        return None  # "a new drug (ND)": not a name
    if model.at(d.long.start, d.long.end):
        return None
    long = make_mention(d.long, None)
    extra.add(long)
    return long


def find(doc: Doc, gaz: Gazetteer) -> Resolved:
    skip = Ranges((f.start, f.end) for f in doc._.sl_furniture or [])
    common = common_words(doc)
    caps = caps_tokens(doc)
    mentions = model_mentions(doc, skip, common, caps)
    mentions += team_mentions(doc, gaz, mentions, skip, caps)
    added, links = acronym_mentions(doc, mentions, find_definitions(doc), common, skip)
    mentions += added
    forms = {m.key: len(words(m.key)) for m in mentions}
    labels = key_labels(mentions)
    forms.update(surnames(labels))
    taken = covered_tokens(mentions)
    mentions += repeat_mentions(doc, forms, taken, common, skip, caps)
    places: dict[str, Place] = {}
    for mention, place in place_mentions(doc, gaz, taken, common, skip, caps):
        mentions.append(mention)
        places[mention.key] = place
    return resolve(doc, gaz, mentions, links, places)


def team_mentions(
    doc: Doc, gaz: Gazetteer, mentions: list[Mention], skip: Ranges, caps: frozenset[int]
) -> list[Mention]:
    """Teams in results tables; a model entity across a team's name ("Watford 2 Walsall 1")
    gives way to it (``mentions`` is edited in place)."""
    teams = [
        t for t in team_spans(doc, lambda text: gaz.lookup(text) is not None) if not overlaps(t.start_char, t.end_char, skip)
    ]
    in_team = {i for t in teams for i in range(t.start, t.end)}  # by token, not team by team
    mentions[:] = [m for m in mentions if in_team.isdisjoint(range(m.start, m.end))]
    return [make_mention(t, None, t.start in caps, context="ORG") for t in teams]


def surnames(labels: dict[str, str | None]) -> dict[str, int]:
    """Last words of people's full names, so that later bare surnames are found too."""
    out = {}
    for key, label in labels.items():
        parts = key.split(" ")
        if label == "PERSON" and len(parts) > 1 and len(parts[-1]) > 2:
            out[parts[-1]] = 1
    return out


def resolve(
    doc: Doc, gaz: Gazetteer, mentions: list[Mention], links: list[tuple[str, str]], places: dict[str, Place]
) -> Resolved:
    mentions = dedupe(mentions)
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    union = KeyUnion(list(by_key))
    for a, b in links:
        if a in by_key and b in by_key:
            union.join(a, b)
    join_short_forms(union, key_labels(mentions))
    for key in by_key:
        if key not in places:
            place = gaz.lookup(key)
            if place is not None:
                places[key] = place
    first = {key: min(m.start for m in ms) for key, ms in by_key.items()}
    grouped = sorted(union.groups().values(), key=lambda ks: min(first[k] for k in ks))
    groups = [(keys, group_label(doc, keys, by_key, places)) for keys in grouped]
    return Resolved(sorted(mentions, key=lambda m: m.start), groups, places)


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """Drop overlapping mentions, keeping the longer (then the earlier found)."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: -(m.end - m.start)):
        if not any(i in taken for i in range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return kept


# ---- writing -------------------------------------------------------------------


def write(doc: Doc, found: Resolved) -> None:
    label_of = {key: label for keys, label in found.groups for key in keys}
    group_index = {key: i for i, (keys, _) in enumerate(found.groups) for key in keys}
    entities: list[Entity] = []
    members: list[list[tuple[Entity, Mention]]] = [[] for _ in found.groups]
    for n, m in enumerate(found.mentions, 1):
        label = label_of[m.key]
        span = doc[honorific_start(doc, m.start) if label == "PERSON" else m.start : m.end]
        entity = Entity(f"e{n}", span.start_char, span.end_char, span.text, label, f"g{group_index[m.key] + 1}")
        entities.append(entity)
        members[group_index[m.key]].append((entity, m))
    doc._.sl_entities = entities
    doc._.sl_groups = [
        make_group(doc, f"g{i + 1}", label, ms, found.places) for i, ((_, label), ms) in enumerate(zip(found.groups, members))
    ]
    doc.ents = rewrite_ents(doc, entities)


def make_group(doc: Doc, gid: str, label: str, members: list[tuple[Entity, Mention]], places: dict[str, Place]) -> Group:
    # names without courtesy titles: "Clyburn", not "Mr. Clyburn"
    texts = [(m.span(doc).text, m.caps) for _, m in members]
    forms = Counter(t for t, caps in texts if not caps) or Counter(t for t, _ in texts)
    name = max(forms, key=lambda f: (len(words(f.casefold())), forms[f], len(f)))
    group = Group(gid, name, label, mentions=[e.id for e, _ in members])
    group.aliases = sorted({t for t, _ in texts} - {name})
    group.role = next((m.role for _, m in members if m.role), None)
    group.description = next((d for _, m in members if (d := description(doc, m.span(doc)))), None)
    group.links = wikipedia_link(name)
    if label in ("GPE", "LOC", "FAC"):
        place = next((places[m.key] for _, m in members if m.key in places), None)
        group.place = place.facts() if place else None
    return group


def rewrite_ents(doc: Doc, entities: list[Entity]) -> tuple[Span, ...]:
    names = [doc.char_span(e.start, e.end, label=e.label) for e in entities]
    others = [e for e in doc.ents if e.label_ not in NAME_LABELS]
    return tuple(filter_spans([s for s in names if s is not None] + others))


class EntityStage:
    """Find, then write. The gazetteer is shared by every pipeline in the process."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        write(doc, find(doc, self.gazetteer))
        return doc


@Language.factory("sl_entities", assigns=["doc.ents", "doc._.sl_entities", "doc._.sl_groups"])
def make_stage(nlp: Language, name: str) -> EntityStage:
    knowledge_table()  # read once, up front: the first article pays no load time
    return EntityStage(load_gazetteer())
