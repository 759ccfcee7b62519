"""Word-level source typing (source_types.py): roles, source nouns, name shape."""

from __future__ import annotations

import pytest
from sourcelight.stages.sources.source_types import (
    ORG_TYPES,
    PERSON_TYPES,
    name_head_first,
    noun_type,
    organisation_type,
    person_type,
    role_word,
)
from sourcelight.stages.entities.mentions import is_honorific


@pytest.mark.parametrize("word", ["Mr.", "Mrs.", "Ms", "Dr.", "Rev."])
def test_honorifics_are_no_roles(word):
    assert is_honorific(word) and role_word(word) is None


@pytest.mark.parametrize(
    "role, org_type, expected",
    [
        ("spokeswoman", "government", "official"),  # "a spokeswoman for the Foreign Ministry"
        ("spokeswoman", "company", "company_representative"),
        ("spokeswoman", None, "official"),  # no organisation named: the role's default
        ("analyst", "think_tank", "academic_expert"),
        ("chairman", "regulator", "official"),  # "the agency's chairman"
        ("chairman", "party", "political_staff"),
        ("head", "ngo_monitor", "ngo_representative"),
        ("leader", "party", "politician"),  # a politician's role stays politician in a party
        ("president", "government", "politician"),
        ("president", "regulator", "official"),  # "CPUC President X": a regulator's head is appointed
        ("president", "international_org", "official"),
        ("leader", "militant_group", "militant_group"),
        ("senator", "company", "politician"),  # a fixed role ignores the organisation
        ("expert", None, "academic_expert"),
        ("writer", "media_outlet", "journalist"),
        ("lawyer", "media_outlet", "person"),  # a lawyer for the news outlets is no journalist
    ],
)
def test_person_type_from_role_and_organisation(role, org_type, expected):
    word = role_word(role)
    assert word is not None and person_type(word, org_type) == expected


def test_two_word_roles():
    assert role_word("attorney general").type == "politician"


@pytest.mark.parametrize(
    "words, proper, expected",
    [
        (["poll"], False, "document"),
        (["agency"], False, "government"),
        (["voters"], False, "person"),  # the public: a person type, never anonymous
        (["group", "monitoring"], False, "ngo_monitor"),  # a strong word beats a weak head
        (["coalition"], False, "military"),  # "the US-led coalition"
        (["Coalition", "European"], True, "ngo_monitor"),  # "the Central and East European Coalition"
        (["Department", "Police", "Chicago"], True, "police"),  # a specific word beats the head
        (["nothing", "here"], False, None),
    ],
)
def test_noun_type(words, proper, expected):
    assert noun_type(words, proper=proper) == expected


@pytest.mark.parametrize(
    "name, head",
    [
        ("Royal Bank of Scotland", "Bank"),
        ("Syrian Observatory for Human Rights", "Observatory"),
        ("The New York Times", "Times"),
    ],
)
def test_name_head_first(name, head):
    assert name_head_first(name)[0] == head


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Securities and Exchange Commission", "regulator"),  # knowledge table
        ("RT", "state_media"),  # knowledge table
        ("Royal Bank of Scotland", "company"),  # name shape: Bank
        ("Syrian Observatory for Human Rights", "ngo_monitor"),  # name shape: Observatory
        ("Lowy Institute", "think_tank"),
        ("Ministry of Foreign Affairs", "government"),
        ("Democratic National Committee", "party"),  # led by a known party's adjective
        ("Al-Aqsa Martyrs Brigade", "militant_group"),
        ("Zzyzx Qwerty", None),
        ("Iraq and Afghanistan Veterans of America", "ngo_monitor"),  # headed by its members
        ("Americans for Prosperity", "ngo_monitor"),
        ("National Institute on Drug Abuse", "government"),  # a national institute: an agency
        ("National Institutes of Health", "government"),
        ("Hoover Institute", "think_tank"),
        # A body of a known organisation is that organisation's, though "United" alone names a party.
        ("United Nations High Commissioner for Human Rights", "international_org"),
    ],
)
def test_organisation_type(name, expected):
    assert organisation_type(name, "ORG") == expected


def test_person_and_organisation_types_do_not_overlap():
    assert not (PERSON_TYPES & ORG_TYPES)


@pytest.mark.parametrize("name, expected", [
    ("Federal Reserve", "government"),  # not the "Federal Party" of some country
    ("Democratic National Committee", "party"),
    ("National Republican Congressional Committee", "party"),
])
def test_a_party_adjective_leads_a_party_name_but_national_or_federal_alone_does_not(name, expected):
    assert organisation_type(name, "ORG") == expected


def test_national_or_federal_alone_is_no_party():
    assert organisation_type("National Weather Service", "ORG") != "party"
