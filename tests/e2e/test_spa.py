"""Single-page news sites (issue 11): after history.pushState / popstate the extension
re-extracts and re-annotates (a new request), and the page, side panel and badge describe
the new story, never the old one; a page that is no article at first is tried again once
its content grows into one."""

from __future__ import annotations

import html
import json
import re

import pytest
from harness import (
    PAGES,
    ROOT,
    extension_of,
    extension_page,
    highlights,
    poll,
    probe,
    replay,
    wait_state,
)

A = "/spa/story-a"
B = "/spa/story-b"


def seed_story() -> dict:
    lines = (ROOT / "seeds" / "albu-kamal.txt").read_text(encoding="utf-8").splitlines()
    return {"title": lines[0], "paragraphs": [p for p in lines[1:-3] if p.strip()]}


def harbour_story() -> dict:
    page = (PAGES / "hostile.html").read_text(encoding="utf-8")
    body = page[page.index('id="body"'):page.index("</div>", page.index('id="body"'))]
    paragraphs = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
                  for p in re.findall(r"<p[^>]*>(.*?)</p>", body, flags=re.S)]
    return {"title": "Dock workers extend strike at Rotterdam port",
            "paragraphs": [p for p in paragraphs if "placard" not in p]}


def spa_page(stories: dict) -> str:
    """A client-rendered news site: one document, stories swapped by pushState."""
    data = json.dumps(stories).replace("</", "<\\/")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SPA News</title>
<style>body{{font:17px/1.55 Georgia,serif;max-width:760px;margin:30px auto;padding:0 20px}}</style>
</head><body><header><a href="/">SPA News</a></header><main id="app"></main>
<script>
const STORIES = {data};
function render(path) {{
  const s = STORIES[path];
  document.title = s.title + ' | SPA News';
  const article = document.createElement('article');
  const h1 = document.createElement('h1');
  h1.textContent = s.title;
  article.append(h1, ...s.paragraphs.map(t => {{ const p = document.createElement('p'); p.textContent = t; return p; }}));
  document.getElementById('app').replaceChildren(article);
}}
window.go = (path) => {{ history.pushState({{}}, '', path); render(path); }};
window.addEventListener('popstate', () => render(location.pathname));
render(location.pathname);
</script></body></html>"""


@pytest.fixture
def spa(site):
    stories = {A: seed_story(), B: harbour_story()}
    page = spa_page(stories)
    site.put(A, page)
    site.put(B, page)
    return stories


def painted_text(page) -> str:
    return " | ".join(t for v in highlights(page).values() for t in v["texts"])


def wait_request_with(relay, since: int, needle: str) -> dict:
    def found():
        for r in relay.annotate_requests()[since:]:
            body = json.loads(r.body)
            if needle in body["text"]:
                return r
        return None
    return poll(found, 60, f"an annotate request with {needle!r}")


def test_pushstate_to_a_new_story_reannotates_and_forgets_the_old(ext, open_page, site, relay, backend, spa):
    before = len(relay.annotate_requests())
    page = open_page(site.url(A))
    wait_state(page, "painted")
    assert "Albu Kamal" in painted_text(page)
    first = len(relay.annotate_requests())
    assert first == before + 1

    page.evaluate("(path) => go(path)", B)
    # At once: nothing of the old story stays painted or reported.
    now = probe(page)
    assert now["url"].endswith(B), now["url"]
    assert now["state"] == "annotating" or (now["state"] == "painted" and "Rotterdam" in painted_text(page))
    assert "Albu Kamal" not in painted_text(page)

    request = wait_request_with(relay, first, "Rotterdam")
    body = json.loads(request.body)
    assert body["url"] == site.url(B) and "Albu Kamal" not in body["text"]
    wait_state(page, "painted")
    painted = painted_text(page)
    assert "Rotterdam" in painted and "Albu Kamal" not in painted, painted

    # The side panel and the badge describe the new story.
    answer = replay(backend.base, request)
    panel = extension_page(page, "panel.html")
    panel.wait_for_function("() => document.getElementById('story').textContent.includes('Rotterdam')",
                            timeout=15_000)
    assert "Albu Kamal" not in panel.inner_text("body")
    assert panel.errors == []
    assert extension_of(page).badge(page.url) == str(answer["summary"]["sources"])
    popup = extension_page(page, "popup.html")
    popup.wait_for_function("() => document.getElementById('status').textContent === 'Annotated.'",
                            timeout=15_000)
    assert popup.errors == []


def test_back_button_returns_to_the_first_story(ext, open_page, site, relay, spa):
    page = open_page(site.url(A))
    wait_state(page, "painted")
    page.evaluate("(path) => go(path)", B)
    since = len(relay.annotate_requests())
    wait_request_with(relay, since - 1, "Rotterdam")
    wait_state(page, "painted")
    since = len(relay.annotate_requests())
    page.go_back()  # popstate
    request = wait_request_with(relay, since, "Albu Kamal")
    assert json.loads(request.body)["url"] == site.url(A)
    poll(lambda: "Albu Kamal" in painted_text(page) and probe(page)["state"] == "painted", 60,
         "the first story painted again")
    assert "Rotterdam" not in painted_text(page)


def test_a_fake_popstate_changes_nothing(ext, open_page, site, relay, spa):
    page = open_page(site.url(A))
    wait_state(page, "painted")
    since = len(relay.annotate_requests())
    page.evaluate("() => { window.dispatchEvent(new PopStateEvent('popstate')); }")
    page.wait_for_timeout(2000)
    assert len(relay.annotate_requests()) == since
    assert probe(page)["state"] == "painted"


def test_not_article_is_retried_when_the_page_grows_into_one(ext, open_page, site, relay):
    story = seed_story()
    paragraphs = json.dumps(story["paragraphs"]).replace("</", "<\\/")
    site.put("/grow/late.html", f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Loading | Late News</title></head><body><header><a href="/">Late News</a></header>
<main id="app"><p>Loading…</p></main>
<script>
window.grow = () => {{
  const article = document.createElement('article');
  const h1 = document.createElement('h1');
  h1.textContent = {json.dumps(story["title"])};
  article.append(h1, ...{paragraphs}.map(t => {{ const p = document.createElement('p'); p.textContent = t; return p; }}));
  document.getElementById('app').replaceChildren(article);
}};
</script></body></html>""")
    page = open_page(site.url("/grow/late.html"))
    assert wait_state(page, "error") == "error:not-article"
    since = len(relay.annotate_requests())
    page.evaluate("() => grow()")
    wait_state(page, "painted")
    assert any("Albu Kamal" in json.loads(r.body)["text"] for r in relay.annotate_requests()[since:])
    assert "Albu Kamal" in painted_text(page)
