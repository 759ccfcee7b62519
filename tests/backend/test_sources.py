from __future__ import annotations

import pytest
from sourcelight.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def rated(data_dir):
    """The seed through a pipeline with ratings read straight from the shared data."""
    return Pipeline(PipelineConfig(ratings_dir=data_dir / "outlets"))


def source_named(annotation, word):
    found = [s for s in annotation["sources"] if word in s["name"]]
    assert found, [s["name"] for s in annotation["sources"]]
    return found[0]


def test_observatory_is_a_monitor_headed_by_rahman(seed_annotation):
    obs = source_named(seed_annotation, "Syrian Observatory")
    assert obs["type"] == "ngo_monitor" and not obs["anonymous"]
    rahman = source_named(seed_annotation, "Rami Abdel Rahman")
    # The head of a monitoring group speaks for an NGO: the organisation types the person.
    assert rahman["type"] == "ngo_representative" and rahman["role"] == "head" and rahman["affiliation"] == obs["id"]
    assert "head of the Britain-based Observatory" in rahman["descriptions"]


def test_observatory_owns_the_civilian_deaths(seed_annotation):
    obs = source_named(seed_annotation, "Syrian Observatory")
    deaths = [a for a in seed_annotation["attributions"] if "26 civilians" in a["content"]["text"]]
    assert deaths and all(a["source_id"] == obs["id"] for a in deaths)


def test_hezbollah_unit_is_militant_media_with_unnamed_sources(seed_annotation):
    unit = [s for s in seed_annotation["sources"] if "media unit" in s["name"]][0]
    assert unit["type"] == "militant_media"
    assert unit["unnamed_sources"]["text"].endswith("sources")


def test_coalition_and_commander(seed_annotation):
    coalition = [s for s in seed_annotation["sources"] if "coalition" in s["name"]][0]
    assert coalition["type"] == "military"
    yarallah = source_named(seed_annotation, "Yarallah")
    assert yarallah["type"] == "military"
    assert "The operation's commander" in yarallah["descriptions"]


def test_every_attribution_source_is_linked(seed_annotation):
    ids = {s["id"] for s in seed_annotation["sources"]}
    for a in seed_annotation["attributions"]:
        assert (a["source"] is None) == (a["source_id"] is None)
        assert a["source_id"] is None or a["source_id"] in ids


def test_cited_observatory_is_rated(rated, seed_text):
    annotation = rated.annotate(seed_text)
    obs = source_named(annotation, "Syrian Observatory")
    assert obs["outlet"]["domain"] == "syriahr.com" and obs["outlet"]["provenance"]


@pytest.mark.parametrize("text, name, anonymous", [
    ("Sources said the talks had collapsed overnight.", "Sources", True),
    ("An official, who asked not to be named, said the border would close.", "An official", True),
    ("The White House said the meeting would go ahead.", "White House", False),
])
def test_anonymous_sources(rated, text, name, anonymous):
    sources = rated.annotate(text)["sources"]
    match = [s for s in sources if name in s["name"]]
    assert match and match[0]["anonymous"] is anonymous


def test_pronoun_resolves_to_earlier_person(rated):
    text = ("Jane Smith, a lawyer for the family, said the case was strong. "
            "She said the hearing would start in May.")
    sources = rated.annotate(text)["sources"]
    smith = [s for s in sources if "Smith" in s["name"]]
    assert len(smith) == 1 and len(smith[0]["attributions"]) == 2


# Who a source is, from the article's words, the knowledge table and the name's shape:
# (text, a word of the source's name, type, anonymous). Built from the constructions the
# issue lists, not from any labelled article.
WHO_CASES = [
    ("Russian Foreign Ministry spokeswoman Maria Zakharova told reporters the sanctions were illegal.",
     "Zakharova", "official", False),
    ("A spokeswoman for the Royal Bank of Scotland said profits rose.", "spokeswoman", "company_representative", True),
    ("An analyst at the Lowy Institute, Andrew Shearer, said the move was risky.", "Shearer", "academic_expert", False),
    ("David Albright, a nuclear-weapons expert, said Iran was close to a bomb.", "Albright", "academic_expert", False),
    ("The Securities and Exchange Commission said it would investigate the trades.", "Securities", "regulator", False),
    ("RT said the report was false.", "RT", "state_media", False),
    ("The ruble fell 3 percent, according to the news agency RBK.", "RBK", "media_outlet", False),
    ("Gov. Pat McCrory said it would be improper to comment.", "McCrory", "politician", False),
    ("Clinton campaign spokesman Brian Fallon said she would return on Thursday.", "Fallon", "political_staff", False),
    ("People familiar with the talks said a deal was near.", "People familiar", "person", True),
    ("Diplomats said the vote had been delayed until Friday.", "Diplomats", "official", True),
    ("A source close to the Kremlin said the president was angry.", "source", "anonymous", True),
    ("Police said the suspect had fled the scene.", "Police", "police", False),
    ("A Bloomberg poll shows that wealthy voters favour the challenger.", "poll", "document", False),
    ("Many voters said they would stay home in November.", "voters", "person", False),
]


@pytest.mark.parametrize("text, word, kind, anonymous", WHO_CASES)
def test_who_a_source_is(pipeline, text, word, kind, anonymous):
    sources = pipeline.annotate(text)["sources"]
    match = [s for s in sources if word in s["name"]]
    assert match, [s["name"] for s in sources]
    assert (match[0]["type"], match[0]["anonymous"]) == (kind, anonymous)


def test_honorific_is_no_role(pipeline):
    annotation = pipeline.annotate("Mrs. Smith said the fire started at noon.")
    smith = [g for g in annotation["groups"] if "Smith" in g["name"]]
    assert smith and smith[0].get("role") is None
    source = [s for s in annotation["sources"] if "Smith" in s["name"]][0]
    assert source["role"] is None and source["type"] == "person"


def test_pronoun_follows_the_title_gender(pipeline):
    text = ("Mrs. Clinton spoke in Ohio on Monday. Mr. Sharpton said turnout mattered. "
            "She said the race was close.")
    sources = pipeline.annotate(text)["sources"]
    clinton = [s for s in sources if "Clinton" in s["name"]]
    assert clinton and any(m["text"] == "She" for m in clinton[0]["mentions"])


def test_observatory_is_never_a_person(seed_annotation):
    for source in seed_annotation["sources"]:
        if "Observatory" in source["name"]:
            assert source["type"] == "ngo_monitor"
