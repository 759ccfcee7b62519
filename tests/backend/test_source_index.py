"""The sources stage's indexes (source_index.py) give what a scan of every source or
name gives, ties included: each index is checked against the scan it replaced, on
random names and sources."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sourcelight.annotation import Source, TextSpan
from sourcelight.stages.sources.source_index import Draft, Drafts, Mention, Names
from sourcelight.stages.sources.source_types import PERSON_TYPES

LABELS = ["PERSON", "ORG", "GPE", "NORP", "DATE"]
GROUPS = [None, "g1", "g2", "g3"]
WORDS = ["bank", "unit", "ministry", "health", "smith", "the"]
GENDERS = {"g1": "m", "g2": "f"}


@st.composite
def names(draw) -> list[Mention]:
    found = []
    start = 0
    for _ in range(draw(st.integers(0, 12))):
        start += draw(st.integers(0, 6))  # equal starts and overlaps happen
        end = start + draw(st.integers(1, 12))
        text = draw(st.sampled_from(["Ann Smith", "Smith", "Bob Smith's", "Bank", "Health Unit"]))
        found.append(Mention(start, end, draw(st.sampled_from(LABELS)), draw(st.sampled_from(GROUPS)), text))
    return found


@settings(max_examples=200, deadline=None)
@given(names(), st.integers(-2, 90))
def test_names_answer_what_a_scan_answers(mentions: list[Mention], char: int) -> None:
    index = Names(mentions, GENDERS)
    assert index.at(char) is next((m for m in mentions if m.start <= char < m.end), None)
    assert index.starting_in(char, char + 10) == [m for m in mentions if char <= m.start < char + 10]
    assert index.ending_near(char, 2) is next((m for m in mentions if 0 <= char - m.end <= 2), None)
    assert index.person_ending("Smith") is next(
        (m for m in mentions if m.label == "PERSON" and m.text.removesuffix("'s").endswith(" Smith")), None)
    for m in mentions:
        same = [o for o in mentions if o.label == m.label and (o.group == m.group if m.group else o.text == m.text)]
        assert index.same_entity(m) == same
    for label, want_label in [("PERSON", lambda lab: lab == "PERSON"),
                              ("NAMED", lambda lab: lab in {"ORG", "GPE", "NORP"})]:
        for fits in [None, "m", "f"]:
            scan = next((m for m in sorted(mentions, key=lambda m: -m.start) if m.end <= char and want_label(m.label)
                         and (fits is None or GENDERS.get(m.group or "", fits) == fits)), None)
            assert index.latest(char, label=label, fits=fits) is scan
    for gender in ["m", "f"]:
        known = [(m.start, m) for m in mentions if m.end <= char and GENDERS.get(m.group or "") == gender]
        assert index.latest(char, gender=gender) is (max(known, key=lambda p: p[0])[1] if known else None)


@st.composite
def drafts(draw) -> tuple[list[Draft], Drafts, list[tuple[Draft, int]]]:
    """Drafts built in random order, with mentions, heads and late anonymity as the
    stage adds them."""
    index = Drafts(GENDERS)
    made: list[Draft] = []
    for order in range(draw(st.integers(0, 8))):
        unnamed = draw(st.booleans())
        words = set(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
        source = Source(id=f"s{order + 1}", name=" ".join(sorted(words)), type=draw(st.sampled_from(
            ["official", "person", "government", "company", "anonymous"])), anonymous=draw(st.booleans()),
            group=draw(st.sampled_from(GROUPS)))
        label = None if unnamed else draw(st.sampled_from(["PERSON", "ORG", None]))
        key = ("phrase:" if unnamed else "") + draw(st.sampled_from(["a", "b", "c"]))
        draft = Draft(source, label, key, words, {draw(st.sampled_from(WORDS))}, draw(st.integers(0, 60)), order)
        index.add(draft)
        made.append(draft)
    for _ in range(draw(st.integers(0, 16))) if made else []:
        draft = draw(st.sampled_from(made))
        if draw(st.booleans()):
            start = draw(st.integers(0, 60))
            draft.source.mentions.append(TextSpan(start, start + 3, "x"))
            index.add_mention(draft, start)
        else:
            index.add_head(draft, draw(st.sampled_from(WORDS)))
    for draft in draw(st.lists(st.sampled_from(made), max_size=2)) if made else []:
        draft.source.anonymous = True  # as mark_unnamed_sources does after the mentions
    return made, index


def last_before(draft: Draft, at: int) -> int:
    return max((m.start for m in draft.source.mentions if m.start < at), default=-1)


@settings(max_examples=300, deadline=None)
@given(drafts(), st.integers(0, 64), st.sets(st.sampled_from(WORDS), max_size=2))
def test_drafts_answer_what_a_scan_answers(built, at: int, words: set[str]) -> None:
    made, index = built
    assert index.with_key("a") is next((d for d in made if d.key == "a"), None)
    for label in [None, "PERSON", "ORG"]:
        assert index.named_with(words, label) is next(
            (d for d in made if not d.key.startswith("phrase:") and words and words <= d.words
             and (label is None or d.label in {None, label})), None)
    assert index.org_with(words) is next((d for d in made if words and words <= d.words and d.label != "PERSON"), None)
    for head in WORDS:
        assert index.described_by(head, at) is next(
            (d for d in sorted(made, key=lambda d: -d.first) if d.first < at
             and head in (d.heads if d.key.startswith("phrase:") else d.words | d.heads)), None)
    for gender in ["m", "f"]:
        known = [(last_before(d, at), d) for d in made if GENDERS.get(d.source.group or "") == gender]
        known = [(pos, d) for pos, d in known if pos >= 0]
        found = index.latest_of_gender(at, gender)
        assert (found[1] if found else None) is (max(known, key=lambda p: p[0])[1] if known else None)
    for person in [True, False]:
        for fits in [None, "m", "f"]:
            scan = next((d for d in sorted(made, key=lambda d: -last_before(d, at))
                         if last_before(d, at) >= 0 and not d.source.anonymous
                         and (fits is None or GENDERS.get(d.source.group or "", fits) == fits)
                         and (d.source.type in PERSON_TYPES or d.label == "PERSON") == person), None)
            found = index.latest_source(at, person, fits)
            assert (found[1] if found else None) is scan
            assert found is None or found[0] == last_before(scan, at)
