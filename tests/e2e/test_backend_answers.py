"""What the extension does with a backend that is down, and with a hostile one.

The hostile backend is a peer, not a stand-in for ours: it forwards the page's request to
the real backend and rewrites the real answer, putting markup and `javascript:` URLs in
its string fields."""

from __future__ import annotations

import json

import pytest
from harness import (
    ARTIFACTS,
    Relay,
    card,
    closed_shadow_nodes,
    extension_of,
    highlight_point,
    highlights,
    save_json,
    wait_card_open,
    wait_settled,
    wait_state,
)
from sourcelight.measure.processes import free_port

SEED = "/seeds/albu-kamal.html"
MARK = "slxss"
PAYLOADS = [
    f"<img src=x onerror=\"alert('{MARK}-img')\">",
    f"<script>alert('{MARK}-script')</script>",
    f"<svg onload=\"alert('{MARK}-svg')\"></svg>",
]
JS_URL = f"javascript:alert('{MARK}-url')"

# Keys whose values the extension needs to find its way (ids, offsets, categories):
# the "display" variant keeps them so that hostile strings reach the cards.
STRUCTURAL = {"id", "group", "attribution", "source_id", "offsets", "schema", "text_sha256",
              "label", "kind", "anonymous", "attributions", "mentions"}


def poison(value, key: str = "", keep_structure: bool = True, n: list | None = None):
    n = n if n is not None else [0]
    if isinstance(value, dict):
        span = {"start", "end", "text"} <= value.keys()
        def plain(v) -> bool:
            return not isinstance(v, dict) and not (
                isinstance(v, list) and any(isinstance(x, dict) for x in v))

        return {k: (v if keep_structure and plain(v) and (k in STRUCTURAL or (span and k == "text"))
                    else poison(v, k, keep_structure, n))
                for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key, keep_structure, n) for v in value]
    if isinstance(value, str):
        n[0] += 1
        if "url" in key.lower() or "href" in key.lower() or "link" in key.lower() \
                or value.startswith("http"):
            return JS_URL
        return f"{value} {PAYLOADS[n[0] % len(PAYLOADS)]}"
    return value


def test_backend_down_shows_the_error(ext, open_page, site):
    dead = f"http://127.0.0.1:{free_port()}"
    ext.set(backendUrl=dead)
    page = open_page(site.url(SEED))
    state = wait_state(page, "error", timeout=30_000)
    assert state.startswith("error:") and len(state) > len("error:"), state
    badge = ext.badge(page.url)
    assert badge.strip(), "no badge for a backend that is down"
    assert page.errors == [], f"the page saw errors: {page.errors}"
    assert highlights(page) == {} or all(v["size"] == 0 for v in highlights(page).values())
    save_json(ARTIFACTS / "backend-down.json", {"state": state, "badge": badge})


def no_script_ran(page, site, since: int) -> None:
    assert page.dialogs == [], f"a script ran: dialogs {page.dialogs}"
    assert page.evaluate("document.title").find(MARK) < 0
    fetched = [p for p in site.requested[since:] if p.split("?")[0].endswith("/x")]
    assert fetched == [], "an <img src=x> was created and fetched"
    bad = []
    for node in closed_shadow_nodes(page):
        tag, attrs = node["tag"], node["attrs"]
        if tag in ("script", "img", "svg", "iframe", "object", "embed"):
            bad.append(node)
        for k, v in attrs.items():
            if k.startswith("on") or v.strip().lower().startswith("javascript:"):
                bad.append(node)
    assert bad == [], f"markup from the answer became elements in the card: {bad}"
    injected = page.evaluate(
        """(mark) => [...document.querySelectorAll('img, script, svg')]
                       .filter(e => (e.outerHTML || '').includes(mark)).length""", MARK)
    assert injected == 0


@pytest.mark.parametrize("keep_structure", [True, False], ids=["display-fields", "every-field"])
def test_hostile_backend_answer_runs_no_script(ext, open_page, site, backend, keep_structure):
    hostile = Relay(backend.base,
                    transform=lambda a: poison(a, keep_structure=keep_structure)).start()
    try:
        ext.set(backendUrl=hostile.url)
        since = len(site.requested)
        page = open_page(site.url(SEED))
        state = wait_settled(page)
        painted_before = None
        assert hostile.annotate_requests(), "the extension never asked the hostile backend"
        if keep_structure:
            assert state == "painted", state
            # Open a card on a source if one is painted, else on a claim or a person: each
            # card shows strings of the answer (names, types, descriptions, groups).
            point = next(filter(None, (highlight_point(page, n) for n in (
                "sourcelight-source", "sourcelight-claim-high", "sourcelight-person"))), None)
            assert point, f"nothing painted from the hostile answer: {highlights(page)}"
            painted_before = {k: v["size"] for k, v in highlights(page).items()}
            page.mouse.move(point["x"], point["y"])
            info = wait_card_open(page)
            # The markup is shown to the reader as text, not run.
            assert MARK in info["text"] or "javascript:" in info["text"], info
            page.screenshot(path=str(ARTIFACTS / "hostile-answer-card.png"))
            # Keyboard: open a card with focus (the next-highlight command, Alt+Shift+N by
            # default) and activate each control in it; none may be a javascript: link or
            # run anything.
            page.mouse.move(5, 5)
            url = page.url
            extension_of(page).command(page, "next-highlight")
            wait_card_open(page)
            for _ in range(4):
                page.keyboard.press("Tab")
                page.keyboard.press("Enter")
                page.wait_for_timeout(200)
                if (card(page) or {}).get("open") != "true":
                    break
            assert page.url.split("#")[0] == url.split("#")[0], "a card control navigated away"
        no_script_ran(page, site, since)
        assert page.errors == [], page.errors
        save_json(ARTIFACTS / f"hostile-answer-{'display' if keep_structure else 'all'}.json",
                  {"state": state, "url": page.url,
                   "painted_before_keys": painted_before if keep_structure else None,
                   "highlights": {k: v["size"] for k, v in highlights(page).items()}})
    finally:
        hostile.stop()


def test_poison_rewrites_every_string():
    answer = {"entities": [{"id": "e1", "start": 0, "end": 3, "text": "Bob", "label": "PERSON"}],
              "sources": [{"id": "s1", "name": "Bob", "type": "person", "descriptions": ["a man"],
                           "mentions": [{"start": 0, "end": 3, "text": "Bob"}],
                           "outlet": {"url": "https://x.example"}}]}
    shown = poison(answer, keep_structure=True)
    assert shown["entities"][0]["text"] == "Bob"
    assert MARK in shown["sources"][0]["name"] and MARK in shown["sources"][0]["descriptions"][0]
    assert shown["sources"][0]["outlet"]["url"] == JS_URL
    everything = json.dumps(poison(answer, keep_structure=False))
    assert '"Bob"' not in everything
