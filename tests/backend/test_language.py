"""The language check (sourcelight.language) and the API's 422 unsupported_language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from api_helpers import validate
from sourcelight import language
from sourcelight.config import Config

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
ENGLISH = ("en",)

GERMAN = (
    "Die Bundesregierung will die Förderung für Wärmepumpen im kommenden Jahr deutlich kürzen. "
    "Das geht aus einem Entwurf des Wirtschaftsministeriums hervor, der der Redaktion vorliegt.\n"
    "Verbraucherschützer warnten am Dienstag, viele Hausbesitzer könnten sich den Umstieg dann "
    "nicht mehr leisten. Ein Sprecher des Ministeriums sagte, die Pläne seien noch nicht abgestimmt."
)
ENGLISH_TEXT = (
    "The city council voted on Tuesday to double the number of night bus routes next year, "
    "officials said, after ridership rose for a third year in a row.\n"
    "A spokeswoman for the transport department said the plan would cost about 8.5 million dollars. "
    "Drivers' unions warned that a shortage of staff could make waits longer at first."
)


class _Paragraphs(HTMLParser):
    """The text of a fixture page's <p> elements, one per line (what the extension sends)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.inside, self.lines = True, [*self.lines, ""]

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "p"

    def handle_data(self, data):
        if self.inside:
            self.lines[-1] += data


def fixture_text(slug: str) -> str:
    parser = _Paragraphs()
    parser.feed((FIXTURES / slug / "source.html").read_text(encoding="utf-8"))
    return "\n".join(line.strip() for line in parser.lines if line.strip())


def test_korean_page_is_refused_by_its_text():
    verdict = language.check(fixture_text("korean-page"), None, ENGLISH)
    assert (verdict.language, verdict.readable, verdict.by) == ("ko", False, "text")
    assert language.refusal_message(verdict, ENGLISH) == "This page is in Korean; the English model cannot read it."


def test_german_text_is_refused_even_when_the_page_says_english():
    verdict = language.check(GERMAN, "en-US", ENGLISH)
    assert (verdict.language, verdict.readable, verdict.by) == ("de", False, "text")
    assert "German" in language.refusal_message(verdict, ENGLISH)


def test_english_text_passes_even_when_the_page_says_german():
    verdict = language.check(ENGLISH_TEXT, "de", ENGLISH)
    assert (verdict.language, verdict.readable, verdict.by) == ("en", True, "text")


@pytest.mark.parametrize("fixture", ["rtl-mixed", "iframes", "open-shadow-root"])
def test_english_fixture_articles_pass(fixture):
    assert language.check(fixture_text(fixture), None, ENGLISH).readable


@pytest.mark.parametrize("text", [
    "Angela Merkel",                      # a name: no language to speak of
    "Hello",
    "Berlin (dpa) - Merkel said",
    "서울 — Reuters",
    "Photo: 김지현 / AP\nSeoul, 18 November",
])
def test_short_text_does_not_false_alarm(text):
    verdict = language.check(text, None, ENGLISH)
    assert verdict.readable and verdict.by == "none"


def test_short_text_falls_back_on_the_page_lang():
    assert not language.check("서울시 심야버스 확대", "ko-KR", ENGLISH).readable
    assert language.check("Night buses double", "en", ENGLISH).readable


def test_mixed_text_is_read_while_the_model_language_holds_a_fair_share():
    korean = fixture_text("korean-page").split("\n")
    english = ENGLISH_TEXT.split("\n")
    # An English article quoting one Korean paragraph, and one half Korean: both read.
    assert language.check("\n".join([*english, korean[1]]), "en", ENGLISH).readable
    half = "\n".join([english[0], korean[1], english[1], korean[2]])
    verdict = language.check(half, "ko", ENGLISH)
    assert verdict.readable and 0.25 <= verdict.share < 0.75, verdict


def test_a_multilingual_model_reads_everything():
    assert language.check(GERMAN, "de", ("xx",)).readable


def test_configured_languages_are_read():
    assert language.check(GERMAN, None, ("en", "de")).readable
    assert Config.from_mapping({"SOURCELIGHT_MODEL_LANGUAGES": "EN, de"}).MODEL_LANGUAGES == ("en", "de")


@pytest.mark.parametrize("tag, primary", [("pt-BR", "pt"), ("zh_Hant", "zh"), ("", None), ("12", None), (None, None)])
def test_primary_subtag(tag, primary):
    assert language.primary_subtag(tag) == primary


def test_api_refuses_korean_with_a_plain_message(client):
    response = client.post("/api/v1/annotate", json={"text": fixture_text("korean-page"), "lang": "ko"})
    assert response.status_code == 422
    body = response.get_json()
    validate(body, "Error")
    error = body["error"]
    assert error["code"] == "unsupported_language"
    assert error["message"] == "This page is in Korean; the English model cannot read it."
    assert error["language"]["detected"] == "ko" and error["language"]["model"] == ["en"]
    assert error["language"]["readable"] is False


def test_api_answers_english_with_its_language(client):
    response = client.post("/api/v1/annotate", json={"text": ENGLISH_TEXT, "lang": "de"})
    assert response.status_code == 200
    body = response.get_json()
    validate(body, "Annotation")
    assert body["language"]["detected"] == "en" and body["language"]["page"] == "de"
    assert body["language"]["readable"] is True and body["language"]["by"] == "text"
    assert body["claims"] and body["attributions"], "an English text is annotated as before"


def test_api_rejects_a_lang_that_is_not_a_string(client):
    response = client.post("/api/v1/annotate", json={"text": ENGLISH_TEXT, "lang": 7})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_field"


def test_model_languages_are_reported(client, pipeline):
    assert pipeline.languages == ENGLISH
    assert client.get("/api/v1/health").get_json()["model"]["languages"] == ["en"]


def test_configured_model_languages_reach_the_pipeline_config():
    from sourcelight.web.loader import pipeline_config

    config = Config.from_mapping({"MODEL_LANGUAGES": "en,de"})
    assert pipeline_config(config).languages == ("en", "de")
    assert re.fullmatch(r"[a-z]{2}", language.primary_subtag("DE-at") or "")
