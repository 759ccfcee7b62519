"""The add-on in Debian's firefox-esr (issue 11): installed from the repository root as a
temporary add-on, it annotates the seed page against the real backend and opens a source
card on hover.

Firefox is driven over WebDriver BiDi by puppeteer-core (tests/e2e/firefox/run.mjs); the
add-on's state is read through its own pages and content-script world
(tests/e2e/firefox/extension.mjs), never through page-visible hooks. This test starts the
backend and the site, runs that driver, and checks what it saw against the backend's answer.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from harness import ARTIFACTS, ROOT, norm, replay

FIREFOX = shutil.which("firefox-esr")
SEED = "/seeds/albu-kamal.html"

pytestmark = pytest.mark.skipif(
    FIREFOX is None, reason="firefox-esr is not installed (apt-get install firefox-esr); the Firefox run is skipped")


@pytest.fixture(scope="module")
def firefox_visit(ext_root, backend, relay, site) -> tuple[dict, list]:
    """One visit to the seed page in Firefox: the driver's observations and the annotate
    requests it caused."""
    if shutil.which("node") is None:
        pytest.fail("node is needed to drive Firefox")
    ARTIFACTS.mkdir(exist_ok=True)
    before = len(relay.annotate_requests())
    config = {"firefox": FIREFOX, "extRoot": str(ext_root), "pageUrl": site.url(SEED),
              "backendUrl": relay.url, "prefer": "Observatory", "deadlineMs": 200_000,
              "screenshot": str(ARTIFACTS / "firefox-source-card.png")}
    # The driver closes Firefox itself at its deadline; the timeout here is the backstop.
    run = subprocess.run(["node", str(ROOT / "tests" / "e2e" / "firefox" / "run.mjs"), json.dumps(config)],
                         capture_output=True, text=True, timeout=280, cwd=ROOT)
    lines = run.stdout.strip().splitlines()
    assert lines, f"driver failed ({run.returncode}): {run.stderr[-3000:]}"
    seen = json.loads(lines[-1])
    (ARTIFACTS / "firefox-visit.json").write_text(json.dumps(seen, indent=2, ensure_ascii=False))
    assert "error" not in seen, f"at step {seen.get('step')!r}: {seen['error']}"
    return seen, relay.annotate_requests()[before:]


def test_firefox_annotates_the_seed_page(firefox_visit):
    seen, sent = firefox_visit
    assert seen["extensionId"] == json.loads((ROOT / "manifest.json").read_text())[
        "browser_specific_settings"]["gecko"]["id"]
    assert seen["granted"], "Firefox did not grant the site's host permission"
    assert seen["highlightApi"], "this Firefox has no CSS Custom Highlight API"
    status = seen["status"]
    assert status["state"] == "painted", status
    assert len(sent) == 1, f"{len(sent)} annotate requests reached the backend"
    body = json.loads(sent[0].body)
    assert "Albu Kamal" in body["text"] and "New MEE newsletter" not in body["text"]
    counts = status["counts"]
    for name in ("sourcelight-source", "sourcelight-claim-high", "sourcelight-place"):
        assert counts.get(name, 0) > 0, f"nothing painted as {name}: {counts}"
    assert seen["badge"] == str(status["summary"]["sources"]), (seen["badge"], status["summary"])
    assert seen["pageErrors"] == []


def test_firefox_hovering_a_source_opens_its_card(firefox_visit, backend):
    seen, sent = firefox_visit
    answer = replay(backend.base, sent[-1])
    assert seen["point"], "no visible source highlight to hover"
    hovered = norm(seen["point"]["text"])
    source = next(s for s in answer["sources"] if any(norm(m["text"]) == hovered for m in s["mentions"]))
    card = seen.get("card")
    assert card and card["open"], f"no card opened on hovering {hovered!r}: {card}"
    assert norm(card["heading"]) == norm(source["name"]), card["heading"]
    text = norm(card["text"])
    for word in source["type"].replace("_", " ").replace("-", " ").lower().split():
        assert word in text.lower(), f"type {source['type']!r} not in card: {text!r}"
    attributions = {a["id"]: a for a in answer["attributions"]}
    statements = [attributions[i]["content"]["text"] for i in source["attributions"] if i in attributions]
    assert statements, f"the answer attributes nothing to {source['name']!r}"
    for statement in statements:
        assert norm(statement)[:40] in text, f"statement missing from card: {statement[:60]!r}"
    spotlight = card["spotlight"]
    assert spotlight["veiled"] and spotlight["holes"] > 0 and spotlight["clipped"], spotlight
    assert not (seen["cardAfterEscape"] or {}).get("open"), "Escape did not close the card"
    assert not seen["cardAfterEscape"]["spotlight"]["veiled"], "Escape did not lift the veil"
