"""The Annotation's records as JSON-ready data."""

from __future__ import annotations

from dataclasses import asdict

from sourcelight.annotation import Claim, Group, Quantity, Source, TextSpan, as_data


def test_as_data_is_asdict_with_fresh_containers() -> None:
    span = TextSpan(0, 4, "Iraq")
    place = {"country": "IQ", "population": 40_000_000, "alt": ["Irak"]}
    records = [
        Source("s1", "officials", "official", True, anonymous_reason=span, mentions=[span], attributions=["a1"]),
        Claim("c1", 0, 4, "Iraq", 0.5, "quantity", type_cues=[span],
              quantities=[Quantity(0, 4, "four", 4.0, None, 5.0)], unattributed=True),
        Group("g1", "Iraq", "GPE", ["e1"], links={"wikipedia_search": "https://x"}, place=place),
    ]
    assert as_data(records) == [asdict(r) for r in records]
    assert list(as_data(records[1])) == list(asdict(records[1]))  # field order: the JSON's order
    data = as_data(records[2])
    data["place"]["alt"].append("x")  # offsets.convert edits answers in place: records stay as they were
    assert place["alt"] == ["Irak"]
