"""A hostile page (issue 7, item 5): scripts that clear CSS.highlights, squat the
extension's highlight names, replace paragraphs, dispatch fake events and show text that
looks like markup. No script runs, nothing breaks, the extension recovers."""

from __future__ import annotations

import json

import pytest
from harness import (
    ARTIFACTS,
    card,
    highlight_point,
    highlights,
    save_json,
    state,
    wait_card_open,
    wait_state,
)

PAGE = "/pages/hostile.html"
OWN = ("sourcelight-person", "sourcelight-org", "sourcelight-place", "sourcelight-entity",
       "sourcelight-claim-high", "sourcelight-claim-medium", "sourcelight-claim-low",
       "sourcelight-source", "sourcelight-hedge")

REPAINTED_IN_BODY = """() => {
  const body = document.getElementById('body');
  let n = 0;
  for (const [name, hl] of CSS.highlights) {
    if (!name.startsWith('sourcelight-')) continue;
    for (const r of hl) if (body.contains(r.startContainer) && r.toString().trim()) n++;
  }
  return n;
}"""


def painted_count(page) -> int:
    return page.evaluate(REPAINTED_IN_BODY)


@pytest.fixture
def hostile_page(ext, open_page, site, relay):
    before = len(relay.annotate_requests())
    page = open_page(site.url(PAGE))
    wait_state(page, "painted")
    assert len(relay.annotate_requests()) == before + 1
    assert painted_count(page) > 0
    return page


def assert_unharmed(page, site) -> None:
    assert page.dialogs == [], f"a script ran: {page.dialogs}"
    assert not any(p.split("?")[0].endswith("/x") for p in site.requested), \
        "markup-looking text became an <img>"
    assert page.errors == [], f"the page's own scripts broke: {page.errors}"


def test_markup_looking_text_is_sent_and_shown_as_text(hostile_page, relay, site):
    body = json.loads(relay.annotate_requests()[-1].body)["text"]
    assert "<img src=x onerror=" in body and "Subscribe to The Harbour Ledger" not in body
    assert_unharmed(hostile_page, site)


def test_recovers_when_the_page_clears_highlights(hostile_page, relay, site):
    n = painted_count(hostile_page)
    requests = len(relay.annotate_requests())
    hostile_page.evaluate("hostile.clearHighlights()")
    hostile_page.wait_for_function(f"() => ({REPAINTED_IN_BODY})() >= {n}", timeout=10_000)
    assert len(relay.annotate_requests()) == requests, "recovery made a new backend call"
    assert_unharmed(hostile_page, site)


def test_recovers_when_the_page_squats_its_highlight_names(hostile_page, site):
    hostile_page.evaluate("hostile.squatHighlights()")
    hostile_page.wait_for_function(
        """() => { const f = document.querySelector('footer');
          for (const [name, hl] of CSS.highlights)
            if (name.startsWith('sourcelight-')) for (const r of hl) if (r.intersectsNode(f)) return false;
          return true; }""", timeout=10_000)
    assert painted_count(hostile_page) > 0
    assert_unharmed(hostile_page, site)


def test_recovers_when_the_page_replaces_every_paragraph(hostile_page, relay, site):
    n = painted_count(hostile_page)
    requests = len(relay.annotate_requests())
    hostile_page.evaluate("hostile.replaceParagraphs()")
    hostile_page.wait_for_function(f"() => ({REPAINTED_IN_BODY})() >= {n}", timeout=15_000)
    assert len(relay.annotate_requests()) == requests
    assert_unharmed(hostile_page, site)


def test_fake_events_and_messages_do_nothing(hostile_page, relay, site):
    n = painted_count(hostile_page)
    hostile_page.evaluate("hostile.fakeEvents()")
    hostile_page.wait_for_timeout(1500)
    leaked = [s for s in relay.seen if b"HOSTILE-INJECTED" in s.body or b"evil.example" in s.body]
    assert leaked == [], "a page message made the extension send text the reader never saw"
    assert state(hostile_page) == "painted"
    assert painted_count(hostile_page) >= n
    info = card(hostile_page)
    assert info is None or info["open"] == "false", f"a fake event opened a card: {info}"
    assert_unharmed(hostile_page, site)


def test_fake_events_open_no_card(hostile_page, relay, site):
    """Synthetic pointer, click and keyboard events over a painted source (or name) open
    nothing; the reader's own pointer at the same place does, so the check can fail."""
    point = highlight_point(hostile_page, "sourcelight-source") or \
        highlight_point(hostile_page, "sourcelight-person")
    assert point, f"nothing to hover: {highlights(hostile_page)}"
    requests = len(relay.annotate_requests())
    hostile_page.evaluate("([x, y]) => hostile.fakeHover(x, y)", [point["x"], point["y"]])
    hostile_page.wait_for_timeout(1500)  # longer than the hover-intent delay
    info = card(hostile_page)
    assert info is None or info["open"] == "false", f"a page-made event opened a card: {info}"
    assert len(relay.annotate_requests()) == requests
    # Control: the reader's real pointer there opens it.
    hostile_page.mouse.move(point["x"], point["y"])
    assert wait_card_open(hostile_page)["open"] == "true"
    assert_unharmed(hostile_page, site)


def test_late_markup_text_runs_nothing(hostile_page, site):
    hostile_page.evaluate("hostile.injectMarkupText()")
    hostile_page.wait_for_timeout(2000)
    assert painted_count(hostile_page) > 0
    assert_unharmed(hostile_page, site)


def test_chaos_then_recovery(ext, open_page, site, relay):
    page = open_page(site.url(PAGE + "?chaos"))
    page.wait_for_timeout(6000)  # four hostile acts every 400 ms while the extension works
    # The page stops; the extension must come back to a painted, correct state.
    page.evaluate("for (const k of Object.keys(hostile)) hostile[k] = () => {}")
    wait_state(page, "painted", timeout=20_000)
    page.wait_for_function(f"() => ({REPAINTED_IN_BODY})() > 0", timeout=15_000)
    page.wait_for_function(
        """() => { const f = document.querySelector('footer');
          for (const [name, hl] of CSS.highlights)
            if (name.startsWith('sourcelight-')) for (const r of hl) if (r.intersectsNode(f)) return false;
          return true; }""", timeout=10_000)
    assert_unharmed(page, site)
    save_json(ARTIFACTS / "hostile-chaos.json",
              {"annotate_requests": len(relay.annotate_requests()),
               "highlights": {k: v["size"] for k, v in highlights(page).items()}})
