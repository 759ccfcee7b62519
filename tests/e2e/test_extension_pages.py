"""The popup, side panel and options pages, opened as the extension's own pages about a
tab (their `?tab=` parameter), driving the real background and content script (issue 11):
turning a site on asks for access and registers the script, turning it off removes it;
"Annotate this page" injects the script on a site that is not on; the side panel shows the
outlet's rating, survives an empty page, and keeps keyboard focus across refreshes; the
options page warns before a token goes over plain http to another machine."""

from __future__ import annotations

from harness import (
    ENABLED_HOST,
    OTHER_HOST,
    extension_of,
    extension_page,
    highlights,
    poll,
    probe,
    shot,
    wait_state,
)

SEED = "/seeds/albu-kamal.html"


def test_popup_turns_a_site_on_and_off(ext, open_page, site, relay):
    page = open_page(site.url(SEED, host=OTHER_HOST))
    page.wait_for_load_state("load")
    assert extension_of(page).probe(page) is None
    popup = extension_page(page, "popup.html")
    popup.wait_for_function("() => document.getElementById('host').textContent === %r" % OTHER_HOST)
    assert not popup.is_checked("#site-on")
    before = len(relay.annotate_requests())
    popup.click("#site-on")  # asks permissions.request for the site (granted in this profile)
    poll(lambda: OTHER_HOST in (ext.get("autoAnnotate")["autoAnnotate"] or []), 10, "the site on the list")
    # The background registers the script once the list has changed: wait for it.
    poll(lambda: f"http://*.{OTHER_HOST}/*" in ext.registered_matches(), 10, "the script registered")
    # The open tab is annotated at once, without a reload.
    wait_state(page, "painted")
    assert len(relay.annotate_requests()) > before
    assert popup.errors == []

    popup.click("#site-on")
    poll(lambda: OTHER_HOST not in ext.get("autoAnnotate")["autoAnnotate"], 10, "the site off the list")
    poll(lambda: not any(OTHER_HOST in m for m in ext.registered_matches()), 10, "the script unregistered")
    poll(lambda: probe(page).get("state") == "idle", 10, "the page cleared")
    assert all(v["size"] == 0 for v in highlights(page).values())
    # Reloaded, the page gets no script at all.
    page.reload()
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert extension_of(page).probe(page) is None


def test_annotate_this_page_injects_the_script_on_a_site_not_on(ext, open_page, site, relay):
    page = open_page(site.url(SEED, host=OTHER_HOST))
    page.wait_for_load_state("load")
    assert extension_of(page).probe(page) is None
    popup = extension_page(page, "popup.html")
    popup.wait_for_function("() => document.getElementById('status').textContent !== '…'")
    before = len(relay.annotate_requests())
    popup.click("#annotate-now")
    wait_state(page, "painted")
    assert len(relay.annotate_requests()) == before + 1
    assert ext.get("autoAnnotate")["autoAnnotate"] == [ENABLED_HOST], "a click must not turn the site on"
    popup.wait_for_function("() => document.getElementById('status').textContent === 'Annotated.'",
                            timeout=10_000)


def test_side_panel_rating_empty_page_and_focus(ext, open_page, site):
    empty = open_page(site.url(SEED, host=OTHER_HOST))
    empty.wait_for_load_state("load")
    panel = extension_page(empty, "panel.html")
    panel.wait_for_function("() => document.getElementById('status').textContent.includes('not been annotated')")
    assert panel.errors == [], panel.errors

    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    panel = extension_page(page, "panel.html")
    panel.wait_for_function("() => document.querySelectorAll('#claims button').length > 0", timeout=15_000)
    outlet = panel.inner_text("#outlet")
    assert "Not rated" in outlet or "Rating:" in outlet, outlet
    # Keyboard focus on the second claim survives several refreshes.
    panel.focus("#claims li:nth-child(2) button")
    key = panel.evaluate("() => document.activeElement.dataset.key")
    assert key
    panel.wait_for_timeout(4500)  # two refresh periods of the panel
    assert panel.evaluate("() => document.activeElement.dataset.key") == key
    panel.keyboard.press("Enter")  # jumps to the claim in the page
    assert panel.errors == []


def test_popup_and_side_panel_describe_the_painted_article(ext, open_page, site):
    """What the README shows: the popup and the side panel beside the seed article."""
    ext.set(viewMode="calm")  # the reader's default view (the other tests paint everything)
    page = open_page(site.url(SEED))
    wait_state(page, "painted")
    popup = extension_page(page, "popup.html")
    popup.set_viewport_size({"width": 380, "height": 720})
    popup.wait_for_function("() => document.getElementById('status').textContent === 'Annotated.'"
                            " && /\\d/.test(document.getElementById('legend').textContent)", timeout=15_000)
    assert ENABLED_HOST in popup.inner_text("#host") and popup.is_checked("#site-on")
    assert popup.inner_text("#threshold").strip(), "the popup explains which claims are shaded"
    shot(popup, "popup.png")
    panel = extension_page(page, "panel.html")
    panel.set_viewport_size({"width": 420, "height": 900})
    panel.wait_for_function("() => document.querySelectorAll('#claims button').length > 0", timeout=15_000)
    assert "Syrian Observatory" in panel.inner_text("#sources")
    shot(panel, "side-panel.png")
    assert popup.errors == [] and panel.errors == []


def test_options_warn_before_a_token_travels_over_plain_http(ext, browser):
    context, _ = browser
    options = context.new_page()
    options.goto(ext.page_url("extension/options.html"))
    options.fill("#backendUrl", "http://annotate.example.org:8765")
    options.fill("#apiToken", "secret-token")
    assert options.is_visible("#http-warning")
    assert "plain http" in options.inner_text("#http-warning")
    options.fill("#backendUrl", "https://annotate.example.org")
    assert not options.is_visible("#http-warning")
    options.fill("#backendUrl", "http://127.0.0.1:8765")
    assert not options.is_visible("#http-warning")
    options.fill("#backendUrl", "http://annotate.example.org:8765")
    options.fill("#apiToken", "")
    assert not options.is_visible("#http-warning")
    options.close()
