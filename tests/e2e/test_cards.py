"""Cards on real pages (issue 19): a long card opened near the top or the bottom of the
window, or on a narrow (400 px) one, stays inside the viewport with its heading visible
and only its body scrolling; the items of a long "statements attributed to it" list do
not overlap; a card follows its anchor while the page scrolls and closes once the anchor
has left the screen. Card geometry is read through the extension's own description of
its closed shadow root (card()["geometry"]), never from the page."""

from __future__ import annotations

import pytest
from harness import ENABLED_HOST, card, poll, shot, wait_card_closed, wait_card_open, wait_state, wait_view
from test_robustness import article_page

SOURCE = "the Syrian Observatory for Human Rights"

# One source quoted again and again, with long statements: a long card.
PARAGRAPHS = [
    "Fighting spread across the eastern province on Tuesday, residents and monitors said, as "
    "convoys moved along the river road toward the border crossing.",
    f"Rami Abdel Rahman, who heads {SOURCE}, said at least 40 fighters had been killed in "
    "the clashes since dawn, most of them near the old market of the town.",
] + [
    f"The {SOURCE[4:]} said that the convoy number {i} had been struck on the road "
    f"between the two towns, that {i + 3} vehicles were destroyed and that civilians who "
    "had fled the fighting were sheltering in schools and mosques on the outskirts."
    for i in range(1, 13)
] + [
    "The convoy had left Damascus on Monday with food and medicine for the eastern towns.",
]

# Scroll so the first source range sits `at` px from the top ('top') or bottom ('bottom')
# of the viewport; return a point inside it.
PLACE_JS = """([at, edge]) => {
  const hl = CSS.highlights.get('sourcelight-source');
  if (!hl) return null;
  const ranges = [...hl].filter(r => /observatory/i.test(r.toString()));
  const r = ranges[ranges.length >> 1];
  if (!r) return null;
  const b0 = r.getClientRects()[0];
  const want = edge === 'top' ? at : innerHeight - at - b0.height;
  window.scrollBy(0, b0.top - want);
  const b = r.getClientRects()[0];
  return {x: b.left + Math.min(b.width / 2, 20), y: b.top + b.height / 2, top: b.top};
}"""


def inside(box: dict, viewport: dict, slack: float = 0.5) -> bool:
    return (box["left"] >= -slack and box["top"] >= -slack
            and box["right"] <= viewport["width"] + slack and box["bottom"] <= viewport["height"] + slack)


def open_at(page, at: int, edge: str) -> dict:
    page.keyboard.press("Escape")
    page.mouse.move(1, 1)
    wait_card_closed(page)
    point = page.evaluate(PLACE_JS, [at, edge])
    assert point, "no source painted"
    page.mouse.move(point["x"], point["y"])
    info = wait_card_open(page)
    assert info["kind"] == "source", info
    info = poll(lambda: (card(page) or {}).get("geometry") and card(page)["placements"] > 0 and card(page),
                5, "the card to be placed")
    return {**info, "anchor_top": point["top"]}


def check_fits(info: dict, where: str) -> None:
    g = info["geometry"]
    assert inside(g["card"], g["viewport"]), f"{where}: card {g['card']} outside {g['viewport']}"
    assert inside(g["heading"], g["viewport"]), f"{where}: heading {g['heading']} outside the viewport"
    assert g["card"]["top"] <= g["heading"]["top"] and g["heading"]["bottom"] <= g["card"]["bottom"], g
    assert g["overlaps"] == 0, f"{where}: {g['overlaps']} list items overlap the next"


@pytest.fixture
def long_page(ext, open_page, site):
    ext.remove("viewMode", "siteModes", "focusMode")
    url = site.url(site.put("/gen/cards-long.html", article_page("Convoys struck near the border", PARAGRAPHS)))

    def _open(width: int, height: int):
        page = open_page(url)
        page.set_viewport_size({"width": width, "height": height})
        wait_state(page, "painted", timeout=120_000)
        # Room to scroll any line of the article to either edge of the window.
        page.add_style_tag(content="body { margin-top: 100vh; margin-bottom: 100vh; }"
                           # A page rule that reaches our host: its inherited values must not reach the card.
                           " html > * { white-space: nowrap; line-height: 3px; letter-spacing: 2px; }"
                           " body { white-space: normal; line-height: 1.55; letter-spacing: normal; }")
        return page
    return _open


@pytest.mark.parametrize("width,height", [(1280, 720), (400, 700)])
def test_long_card_fits_near_top_and_bottom(long_page, width, height):
    page = long_page(width, height)
    suffix = "" if width > 500 else "-narrow"

    top = open_at(page, 4, "top")
    check_fits(top, f"near the top ({width}px)")
    assert top["geometry"]["card"]["right"] - top["geometry"]["card"]["left"] <= 417, top["geometry"]
    assert top["geometry"]["items"] >= 8, top["geometry"]  # a long list of statements
    assert top["geometry"]["scrolls"], "a long card near the top should scroll inside, not overflow"
    shot(page, f"card-top{suffix}.png")

    # Less room than the card needs on either side: it shrinks (flip picks a side, size fits it).
    middle = open_at(page, int(height * 0.45), "top")
    check_fits(middle, f"mid-window ({width}px)")

    bottom = open_at(page, 4, "bottom")
    check_fits(bottom, f"near the bottom ({width}px)")
    # Flipped above its anchor: there is no room below.
    g = bottom["geometry"]
    assert g["card"]["bottom"] <= bottom["anchor_top"], (g, bottom["anchor_top"])
    shot(page, f"card-bottom{suffix}.png")


def test_card_follows_then_closes_when_anchor_scrolls_away(long_page):
    page = long_page(1280, 720)
    info = open_at(page, 200, "top")
    g = info["geometry"]
    # Rest the pointer on the card itself, so only scrolling can move or close it.
    page.mouse.move((g["card"]["left"] + g["card"]["right"]) / 2, (g["card"]["top"] + g["card"]["bottom"]) / 2)
    before = g["card"]["top"]
    page.evaluate("window.scrollBy(0, 60)")
    moved = poll(lambda: (lambda c: c if c["open"] == "true" and abs(c["geometry"]["card"]["top"] - (before - 60)) < 2
                          else None)(card(page)), 5, "the card to follow its anchor up by 60 px")
    check_fits(moved, "after a short scroll")
    page.evaluate("window.scrollBy(0, innerHeight * 2)")
    wait_card_closed(page, timeout=5_000)


# A point on the first occurrence of `needle` after `after` in the article, scrolled into
# view, with the highlights (ours) that cover it.
TEXT_POINT_JS = """([after, needle]) => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const a = n.data.indexOf(after);
    const i = a < 0 ? -1 : n.data.indexOf(needle, a);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + needle.length);
    n.parentElement.scrollIntoView({block: 'center'});
    const b = r.getClientRects()[0];
    const covered = [...CSS.highlights].filter(([name, hl]) => [...hl].some(h =>
      h.compareBoundaryPoints(Range.START_TO_END, r) > 0 && h.compareBoundaryPoints(Range.END_TO_START, r) < 0)).map(([name]) => name);
    return {x: b.left + Math.min(b.width / 2, 20), y: b.top + b.height / 2, covered};
  }
  return null;
}"""


def hover_text(page, after: str, needle: str) -> dict:
    page.keyboard.press("Escape")
    page.mouse.move(1, 1)
    wait_card_closed(page)
    point = page.evaluate(TEXT_POINT_JS, [after, needle])
    assert point, needle
    assert point["covered"] == [], f"{needle!r} is painted ({point['covered']}): not the case under test"
    page.mouse.move(point["x"], point["y"])
    return wait_card_open(page)


def test_names_the_view_leaves_unpainted_open_their_card(long_page, ext):
    page = long_page(1280, 720)
    # Calm view: the cap leaves every quiet name out on this page (sources and claims fill it).
    info = hover_text(page, "who heads", "Syrian Observatory")
    assert info["kind"] == "entity" and "Syrian Observatory" in info["label"], info
    # Sources view: no names, no claims painted; a name in a claim still opens its card.
    ext.set(siteModes={ENABLED_HOST: "sources"})
    wait_view(ext, page, "sources")
    info = hover_text(page, "had left", "Damascus")
    assert info["kind"] == "entity" and "Damascus" in info["label"], info
