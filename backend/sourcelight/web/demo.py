"""The /demo blueprint: the seed articles with the extension's overlay, no install needed.

The page loads ``extension/dist/demo.js`` (the same extraction, anchoring, painting and
card modules as the extension), which calls this app's own ``/api/v1/annotate``. An
``.html`` seed is served as the whole news page, so the demo also shows that page
furniture is left out; a ``.txt`` seed is shown as plain paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    send_from_directory,
    url_for,
)
from markupsafe import Markup, escape

bp = Blueprint("demo", __name__, url_prefix="/demo", template_folder="templates")

REPO = Path(__file__).resolve().parents[3]
SCRIPT = '<p id="sourcelight-demo-status" role="status" style="{style}">Sourcelight: loading…</p><script src="{src}"></script>'
STATUS_STYLE = "position:fixed;bottom:0;right:0;margin:0;padding:4px 10px;background:#111;color:#fff;font:13px system-ui;z-index:2147483646"


def seeds_dir() -> Path:
    return Path(current_app.config.get("SOURCELIGHT_SEEDS_DIR", REPO / "seeds"))


def dist_dir() -> Path:
    return Path(current_app.config.get("SOURCELIGHT_EXTENSION_DIST", REPO / "extension" / "dist"))


def seed_slugs() -> list[str]:
    """Each seed once, by name: ``albu-kamal`` for albu-kamal.html and/or .txt."""
    folder = seeds_dir()
    return sorted({p.stem for p in folder.glob("*") if p.suffix in {".html", ".txt"}}) if folder.is_dir() else []


@bp.get("/")
def index() -> Response | str:
    slugs = seed_slugs()
    if not slugs:
        abort(404)
    return seed(slugs[0])


@bp.get("/<slug>")
def seed(slug: str) -> Response | str:
    if slug not in seed_slugs():
        abort(404)
    script = Markup(SCRIPT.format(style=STATUS_STYLE, src=escape(url_for("demo.dist", filename="demo.js"))))
    page = seeds_dir() / f"{slug}.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        # The seed page is a file in this repository, not user input.
        at = html.lower().rfind("</body>")
        tag = str(script)  # plain str: adding a Markup would escape the page itself
        html = html[:at] + tag + html[at:] if at >= 0 else html + tag
        return Response(html, mimetype="text/html")
    lines = [line.strip() for line in (seeds_dir() / f"{slug}.txt").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return render_template(
        "demo.html", title=lines[0] if lines else slug, paragraphs=lines[1:], script=script, slugs=seed_slugs()
    )


@bp.get("/dist/<path:filename>")
def dist(filename: str) -> Response:
    folder = dist_dir()
    if not (folder / "demo.js").is_file():
        abort(404, description="Build the extension first: npm run build")
    return send_from_directory(folder, filename, max_age=0)
