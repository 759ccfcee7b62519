"""The /demo blueprint: seed pages with the overlay script, served from configurable folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask


@pytest.fixture
def demo_app(app: Flask, tmp_path: Path) -> Flask:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plain.txt").write_text("A headline\nFirst <img src=x onerror=alert(1)> paragraph.\n\nSecond one.\n")
    (seeds / "page.html").write_text("<html><body><article><p>Page text.</p></article></body></html>")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "demo.js").write_text("/* bundle */")
    app.config.update(SOURCELIGHT_SEEDS_DIR=seeds, SOURCELIGHT_EXTENSION_DIST=dist)
    return app


def test_html_seed_is_served_whole_with_the_overlay_script(demo_app: Flask) -> None:
    response = demo_app.test_client().get("/demo/page")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<article><p>Page text.</p></article>" in body  # the page itself is not escaped
    assert body.index('<script src="/demo/dist/demo.js"></script>') < body.index("</body>")


def test_text_seed_is_rendered_as_escaped_paragraphs(demo_app: Flask) -> None:
    body = demo_app.test_client().get("/demo/plain").get_data(as_text=True)
    assert "<h1>A headline</h1>" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img src=x" not in body
    assert "<p>Second one.</p>" in body


def test_index_shows_the_first_seed_and_unknown_seeds_404(demo_app: Flask) -> None:
    client = demo_app.test_client()
    assert "Page text." in client.get("/demo/").get_data(as_text=True)
    assert client.get("/demo/nope").status_code == 404


def test_dist_serves_the_bundle_and_nothing_outside_it(demo_app: Flask) -> None:
    client = demo_app.test_client()
    assert client.get("/demo/dist/demo.js").get_data(as_text=True) == "/* bundle */"
    assert client.get("/demo/dist/../seeds/plain.txt").status_code == 404


def test_repo_seed_page_is_the_default(app: Flask) -> None:
    repo_seeds = Path(__file__).resolve().parents[2] / "seeds"
    if not any(repo_seeds.glob("*.html")) and not any(repo_seeds.glob("*.txt")):
        pytest.skip("no seeds in this checkout")
    response = app.test_client().get("/demo/")
    assert response.status_code == 200
    assert "demo.js" in response.get_data(as_text=True)
