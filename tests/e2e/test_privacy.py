"""Privacy and safety of the extension itself, in real Chromium against the real backend
(issue 11): no standing access to every site, no trace a page can read, nothing a page
(or a compromised content script) can drive, and only the page's origin and path sent."""

from __future__ import annotations

import json
import re

import pytest
from harness import (
    ENABLED_HOST,
    OTHER_HOST,
    PERF_READ_JS,
    ROOT,
    card,
    extension_of,
    highlight_point,
    highlight_sizes,
    in_content_world,
    tab_id,
    wait_card_closed,
    wait_card_open,
    wait_state,
)

SEED = "/seeds/albu-kamal.html"
ALL_SITES = {"<all_urls>", "*://*/*", "http://*/*", "https://*/*"}

# Installed before the page's own scripts: what any page could record about the extension.
SPY = """(() => {
  const spy = window.__spy = {attributes: [], added: [], globals: Object.keys(window)};
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes') spy.attributes.push([r.target.nodeName, r.attributeName]);
      for (const n of r.addedNodes) if (n.nodeType === 1) spy.added.push(n.nodeName);
    }
  }).observe(document, {attributes: true, childList: true, subtree: true});
})();"""

LIGHT_DOM_MENTIONS = """() => {
  const hits = [];
  for (const el of document.querySelectorAll('*')) {
    if (/sourcelight/i.test(el.nodeName)) hits.push(el.nodeName);
    for (const a of el.attributes) if (/sourcelight/i.test(a.name + '=' + a.value)) hits.push(a.name);
  }
  return hits;
}"""


def test_manifest_gives_no_standing_access_to_every_site():
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert "content_scripts" not in manifest, "a static content script runs on every matching page"
    assert not ALL_SITES & set(manifest.get("host_permissions", [])), manifest["host_permissions"]
    assert "activeTab" in manifest["permissions"] and "scripting" in manifest["permissions"]
    keys = {c: v["suggested_key"]["default"] for c, v in manifest["commands"].items()}
    assert keys == {"next-highlight": "Alt+Shift+N", "previous-highlight": "Alt+Shift+P"}


def test_content_script_never_touches_storage_or_the_performance_timeline(ext_root):
    """The content bundle has no storage access at all (so it cannot read the token or the
    backend URL) and writes nothing to the page's performance timeline."""
    code = (ext_root / "extension" / "dist" / "content.js").read_text(encoding="utf-8")
    for needle in ("storage.local", "storage.sync", "storage.session", "storage.onChanged",
                   "dataset.sourcelight", "apiToken", "backendUrl"):
        assert needle not in code, f"content.js uses {needle}"
    assert not re.search(r"\.(mark|measure)\??\.?\(", code), "content.js writes performance marks"


def test_only_listed_and_granted_sites_get_the_script(ext, open_page, site):
    assert ext.registered_matches() == sorted(
        [f"http://*.{ENABLED_HOST}/*", f"https://*.{ENABLED_HOST}/*"]) or \
        sorted(ext.registered_matches()) == sorted([f"http://*.{ENABLED_HOST}/*", f"https://*.{ENABLED_HOST}/*"])
    enabled = open_page(site.url(SEED))
    wait_state(enabled, "painted")
    # The extension may reach OTHER_HOST (the tests granted *.sourcelight.test), but the
    # site is not on the list: no script runs there.
    other = open_page(site.url(SEED, host=OTHER_HOST))
    other.wait_for_load_state("load")
    other.wait_for_timeout(1500)
    assert extension_of(other).probe(other) is None, "the content script runs on a site not turned on"
    # Turning the site off unregisters the script.
    ext.set(autoAnnotate=[])
    assert ext.registered_matches() == []


def test_page_sees_no_trace_of_the_extension(ext, open_page, site):
    page = open_page(init_script=SPY)
    page.goto(site.url(SEED))
    wait_state(page, "painted")
    point = highlight_point(page, "sourcelight-source", prefer="Observatory")
    page.mouse.move(point["x"], point["y"])
    assert wait_card_open(page)["kind"] == "source"  # what the reader hovers...
    spied = page.evaluate("() => window.__spy")
    # ...is not written anywhere the page can read.
    assert spied["attributes"] == [], f"attributes changed on the page: {spied['attributes']}"
    assert page.evaluate(LIGHT_DOM_MENTIONS) == []
    hosts = page.evaluate("""() => [...document.documentElement.children]
        .filter(e => !['HEAD', 'BODY'].includes(e.nodeName))
        .map(e => ({name: e.nodeName, attrs: e.getAttributeNames(), open: e.shadowRoot !== null}))""")
    assert len(hosts) == 1 and hosts[0]["attrs"] == [] and not hosts[0]["open"], hosts
    perf = page.evaluate(PERF_READ_JS)
    assert perf["page_traces"] == [], "marks or measures on the page's performance timeline"
    assert not [r for r in perf["resources"] if "/api/v1" in r], "the page's context fetched the backend"
    added_globals = page.evaluate("(before) => Object.keys(window).filter(k => !before.includes(k))",
                                  spied["globals"])
    assert [g for g in added_globals if g != "__spy"] == []
    page.mouse.move(5, 5)
    wait_card_closed(page)
    assert page.evaluate("() => window.__spy.attributes") == []


def test_only_origin_and_path_are_sent(ext, open_page, site, relay):
    before = len(relay.annotate_requests())
    page = open_page(site.url(SEED + "?session=SECRET-SESSION&utm_source=x#comment-7"))
    wait_state(page, "painted")
    sent = [json.loads(r.body) for r in relay.annotate_requests()[before:]]
    assert sent and all(b["url"] == site.url(SEED) for b in sent), [b["url"] for b in sent]
    assert not any(b"SECRET-SESSION" in r.body for r in relay.seen)


def test_a_compromised_content_script_gets_no_popup_powers(ext, open_page, site):
    """What the page's renderer could send as our content script: popup/panel messages are
    refused, prototype keys are no handlers, the tab is always the sender's, and the config
    it may ask for holds neither the backend URL nor the token."""
    ext.set(apiToken="TOKEN-MARKER-11")
    victim = open_page(site.url(SEED))
    wait_state(victim, "painted")
    victim_id = tab_id(victim)
    badge_before = ext.badge(victim.url)
    page = open_page(site.url(SEED + "?attacker"))
    wait_state(page, "painted")
    send = "(m) => chrome.runtime.sendMessage(m).then(r => r === undefined ? 'none' : r, e => 'error: ' + e.message)"
    ask = lambda m: in_content_world(page, f"({send})({json.dumps(m)})")  # noqa: E731

    for m in ({"type": "toggle-site", "tabId": victim_id, "host": "evil.example", "on": True},
              {"type": "get-summary", "tabId": victim_id},
              {"type": "get-status", "tabId": victim_id},
              {"type": "jump", "tabId": victim_id, "target": {"kind": "claim", "id": "c1"}},
              {"type": "annotate-now", "tabId": victim_id}):
        assert ask(m) == "none", f"{m['type']} answered to a content script"
    for key in ("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"):
        assert ask({"type": key}) == "none", key
    # Another tab's badge cannot be set: a status always applies to the sender's tab.
    assert ask({"type": "status", "tabId": victim_id,
                "status": {"state": "painted", "summary": {"sources": 987}}}) is True
    assert ext.badge(victim.url) == badge_before != "987"
    config = ask({"type": "config"})
    assert set(config) == {"enabled", "categories", "maxChars", "view", "firstRun"}, config
    assert set(config["view"]) == {"mode", "focus"}, config
    assert "TOKEN-MARKER-11" not in json.dumps(config)
    assert ext.get("autoAnnotate")["autoAnnotate"] == [ENABLED_HOST]


def test_fake_page_events_never_drive_the_overlay(ext, open_page, site):
    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    point = highlight_point(page, "sourcelight-source", prefer="Observatory")
    page.evaluate(
        """([x, y]) => {
             const t = document.elementFromPoint(x, y);
             const init = {bubbles: true, composed: true, clientX: x, clientY: y, view: window};
             for (const type of ['pointermove', 'mousemove', 'click'])
               t.dispatchEvent(new (type.startsWith('pointer') ? PointerEvent : MouseEvent)(type, init));
             for (const code of ['KeyN', 'KeyP'])
               document.dispatchEvent(new KeyboardEvent('keydown', {code, key: code.slice(3), altKey: true, shiftKey: true, bubbles: true}));
             window.postMessage({type: 'command', command: 'next-highlight'}, '*');
             window.postMessage({type: 'annotate-now'}, '*');
           }""", [point["x"], point["y"]])
    page.wait_for_timeout(1200)
    assert card(page) is None, "a page-made event opened a card"
    # The same place, the reader's own click: the card opens at once.
    page.mouse.click(point["x"], point["y"])
    assert wait_card_open(page)["kind"] == "source"


def test_keyboard_commands_come_from_the_browser(ext, open_page, site):
    """next/previous-highlight arrive as browser commands relayed by the background (the
    page's key events are ignored, and keys typed in the page's inputs reach the page)."""
    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    # Typed inside the page's own input, the default keys reach the page untouched.
    page.evaluate("""() => {
        const input = document.createElement('input');
        input.id = 'page-input';
        document.querySelector('article, main, body').prepend(input);
        window.__keys = [];
        input.addEventListener('keydown', e => window.__keys.push([e.code, e.defaultPrevented]));
      }""")
    page.focus("#page-input")
    page.keyboard.press("Alt+Shift+N")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__keys").count(["KeyN", False]) == 1
    assert card(page) is None
    registry = highlight_sizes(page)
    assert ext.command(page, "next-highlight") is True
    info = wait_card_open(page)
    assert info["focused"], f"the card opened by the command has no focus: {info}"
    # The jump is flashed in our closed shadow root; the page's highlight registry,
    # which any script can read, is exactly what it was.
    assert info["spotlight"]["flashes"] >= 1, info
    assert highlight_sizes(page) == registry
    first = info["label"]
    ext.command(page, "next-highlight")
    ext.command(page, "previous-highlight")
    assert wait_card_open(page)["label"] == first
    for bogus in ("no-such-command", "constructor", "__proto__", "toString"):
        assert ext.command(page, bogus) is False, bogus


def test_a_prerendering_page_is_not_annotated_until_shown(ext, open_page, site, relay):
    target = SEED + "?prerendered"
    site.put("/gen/prerender-start.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Start</title><script type="speculationrules">
{{"prerender": [{{"source": "list", "urls": ["{target}"]}}]}}
</script></head><body><a id="go" href="{target}">Read the story</a></body></html>""")
    before = len(relay.annotate_requests())
    page = open_page(site.url("/gen/prerender-start.html"))
    page.wait_for_timeout(4000)  # time for the browser to prerender the story
    assert len(relay.annotate_requests()) == before, "a page nobody opened was annotated"
    page.click("#go")
    wait_state(page, "painted")
    activation = page.evaluate("() => performance.getEntriesByType('navigation')[0].activationStart")
    if not activation:
        pytest.skip("this Chromium did not prerender the story (activationStart is 0)")
    assert len(relay.annotate_requests()) == before + 1


def test_enter_with_the_caret_in_a_highlight_opens_its_card(ext, open_page, site):
    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    placed = page.evaluate("""() => {
        const hl = CSS.highlights.get('sourcelight-source');
        const r = [...hl].find(r => r.toString().includes('Observatory'));
        if (!r) return false;
        getSelection().collapse(r.startContainer, r.startOffset + 2);
        // A page-made Enter there opens nothing.
        document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
        return true;
      }""")
    assert placed
    page.wait_for_timeout(500)
    assert card(page) is None
    page.keyboard.press("Enter")  # the reader's own key
    info = wait_card_open(page)
    assert info["kind"] == "source" and info["focused"], info


def test_sites_are_registered_again_after_a_browser_restart(playwright_instance, ext_root, relay, site):
    """Registrations are per browser session: on start the background registers the
    listed sites whose access is still granted (here: the same profile, restarted)."""
    import tempfile

    from harness import CHROMIUM, default_settings
    from harness import Extension, chromium_args

    profile = tempfile.mkdtemp(prefix="sourcelight-restart-")

    def launch():
        context = playwright_instance.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=chromium_args(ext_root))
        return context, Extension(context)

    context, extension = launch()
    try:
        extension.grant_sites()
        extension.set(**default_settings(relay.url))
        assert extension.registered_matches()
    finally:
        context.close()
    context, extension = launch()
    try:
        extension.wait_registered()
        assert sorted(extension.registered_matches()) == sorted(
            [f"http://*.{ENABLED_HOST}/*", f"https://*.{ENABLED_HOST}/*"])
        page = context.new_page()
        page.goto(site.url(SEED))
        wait_state(page, "painted")
    finally:
        context.close()
