"""Offsets are exact in the unit the browser uses, for any text (hypothesis properties)."""

from __future__ import annotations

import pytest
from api_helpers import spans, utf16_slice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sourcelight.offsets import OffsetMap
from sourcelight.web.app import create_app

# Pieces news text is made of, plus the characters that break naive offset code.
PIECES = [
    "Angela Merkel", "said", "on Tuesday", "that", "the Syrian Observatory", "reported",
    "26 civilians", "were killed", "according to", "Reuters", ".", ",", '"', "“quoted”",
    "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇺🇦", "𝐁old", "𠜎𠜱", "é", "e\u0301", "n\u0303o",
    "Zoë\u0308", "قال الرئيس", "שלום עולם", "\u200f", "\u202e", "日本語", "\t", "\u00a0",
]
SEPARATORS = [" ", " ", " ", "\r\n", "\n", "\r\n\r\n", ""]

news_like = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))


@pytest.fixture(scope="module")
def client(pipeline, tmp_path_factory):
    config = {"RATE_LIMIT": "", "LOAD_SYNC": True, "CACHE_DIR": tmp_path_factory.mktemp("cache")}
    return create_app(config, pipeline=pipeline).test_client()


@given(text=st.text(min_size=0, max_size=300))
@settings(max_examples=200, deadline=None)
def test_offset_map_round_trips(text):
    offset_map = OffsetMap(text)
    for i in range(len(text) + 1):
        unit = offset_map.to_utf16(i)
        assert offset_map.to_codepoint(unit) == i
        assert utf16_slice(text, 0, unit) == text[:i]


@given(text=news_like)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_span_is_the_utf16_slice_of_the_request(client, text):
    response = client.post("/api/v1/annotate", json={"text": text, "url": "https://example.com/x"})
    if not text.strip():
        assert response.status_code == 400
        return
    assert response.status_code == 200, response.get_json()
    for span in spans(response.get_json()):
        assert utf16_slice(text, span["start"], span["end"]) == span["text"]


@given(text=st.text(min_size=1, max_size=2000))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_annotate_never_fails_on_arbitrary_unicode(client, text):
    response = client.post("/api/v1/annotate", json={"text": text, "offsets": "codepoints"})
    if not text.strip():
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "empty_text"
        return
    assert response.status_code == 200, response.get_json()
    for span in spans(response.get_json()):
        assert text[span["start"]:span["end"]] == span["text"]
