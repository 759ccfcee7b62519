"""The entity card's Wikipedia summary: fetched by the extension's background only when the
reader allows it (`wikipediaSummaries`). Wikipedia is a network this machine lacks, so the
browser's request layer answers for it (see conftest); the extension's own code path runs."""

from __future__ import annotations

from harness import WIKIPEDIA_STUB, card, highlight_point, wait_card_open, wait_card_text, wait_state

SEED = "/seeds/albu-kamal.html"
SUMMARY_API = "https://en.wikipedia.org/api/rest_v1/page/summary/"


def hover_place(browser, ext, open_page, site, *, summaries: bool) -> tuple:
    """Open the seed page with summaries on or off and hover a place: (page, point, wikipedia urls)."""
    context, _ = browser
    seen: list[str] = []
    context.on("request", lambda r: "wikipedia.org" in r.url and seen.append(r.url))
    ext.set(wikipediaSummaries=summaries)
    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    point = highlight_point(page, "sourcelight-place")
    assert point, "no place painted on the seed page"
    page.mouse.move(point["x"], point["y"])
    assert wait_card_open(page)["kind"] == "entity"
    return page, point, seen


def test_entity_card_shows_the_summary_when_allowed(ext, browser, open_page, site):
    page, point, seen = hover_place(browser, ext, open_page, site, summaries=True)
    wait_card_text(page, WIKIPEDIA_STUB["extract"], timeout=15_000)
    assert seen, "the summary appeared without a request to Wikipedia"
    assert all(url.startswith(SUMMARY_API) for url in seen), seen
    # The title asked for is the hovered entity's, not something else on the page.
    assert any(point["text"].split()[0] in url.replace("_", " ").replace("%20", " ") for url in seen), seen


def test_no_request_to_wikipedia_when_the_reader_turned_it_off(ext, browser, open_page, site):
    page, _, seen = hover_place(browser, ext, open_page, site, summaries=False)
    page.wait_for_timeout(1500)  # time enough for a fetch the setting should prevent
    assert WIKIPEDIA_STUB["extract"] not in card(page)["text"]
    assert not seen, seen
