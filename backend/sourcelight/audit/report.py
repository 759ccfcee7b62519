"""``report.html``: the aggregate as a page a person would rather look at than read.

Self-contained: styles and charts (inline SVG) are in the file, nothing is fetched, no
script runs. Every string from the archive goes through Jinja2's autoescaping. The
chart geometry is computed here; the template only draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sourcelight.audit.aggregate import UNKNOWN, Aggregate, Tally

# Fixed colours per source type, so the same type looks the same in every report.
TYPE_COLOURS = {
    "person": "#4e79a7", "politician": "#f28e2b", "government": "#e15759", "anonymous": "#79706e",
    "organisation": "#76b7b2", "media_outlet": "#59a14f", "document": "#edc948", "academic_expert": "#b07aa1",
    "military": "#9c755f", "police": "#ff9da7", "party": "#d37295", "company": "#8cd17d",
    "ngo_monitor": "#499894", "international_org": "#86bcb6", "witness": "#f1ce63",
    "militant_group": "#a0cbe8", "social_media": "#d4a6c8",
}
OTHER_COLOURS = ["#bab0ac", "#fabfd2", "#b6992d", "#9d7660", "#d7b5a6"]
LINE_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#edc948",
                "#ff9da7", "#79706e"]


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str


def colour_for(kind: str, index: int) -> str:
    return TYPE_COLOURS.get(kind, OTHER_COLOURS[index % len(OTHER_COLOURS)])


def type_bars(outlets: dict[str, Tally], types: list[str], width: float) -> list[dict[str, Any]]:
    """One 100% bar per outlet: each source type's share of that outlet's sources."""
    colours = {kind: colour_for(kind, i) for i, kind in enumerate(types)}
    bars = []
    for outlet, tally in outlets.items():
        x, segments = 0.0, []
        for kind in types:
            n = tally.source_types.get(kind, 0)
            if n and tally.sources:
                w = width * n / tally.sources
                segments.append(Segment(x, w, colours[kind], f"{outlet}: {kind} {n} of {tally.sources} "
                                                              f"({100 * n / tally.sources:.0f}%)"))
                x += w
        bars.append({"outlet": outlet, "sources": tally.sources, "segments": segments})
    return bars


def anonymous_lines(result: Aggregate, width: float, height: float) -> dict[str, Any]:
    """Anonymous share of sources per month, one line per outlet (months without sources are gaps)."""
    months = sorted({m for _, m in result.groups if m != UNKNOWN})
    outlets = sorted({o for o, _ in result.groups})
    step = width / max(1, len(months) - 1) if len(months) > 1 else 0.0
    xs = {m: (i * step if len(months) > 1 else width / 2) for i, m in enumerate(months)}
    highest = max((t.anonymous_share or 0.0 for t in result.groups.values()), default=0.0)
    top = max(0.1, min(1.0, (int(highest * 10) + 1) / 10))  # the y axis ends at the next 10%
    lines = []
    for i, outlet in enumerate(outlets):
        points = []
        for month in months:
            tally = result.groups.get((outlet, month))
            share = tally.anonymous_share if tally else None
            if share is not None:
                points.append({"x": xs[month], "y": height - height * share / top, "share": share, "month": month,
                               "sources": tally.sources})
        if points:
            lines.append({"outlet": outlet, "colour": LINE_COLOURS[i % len(LINE_COLOURS)], "points": points,
                          "path": " ".join(f"{p['x']:.1f},{p['y']:.1f}" for p in points)})
    ticks = [{"y": height - height * k / 5, "label": f"{100 * top * k / 5:.0f}%"} for k in range(6)]
    return {"months": [{"x": xs[m], "label": m} for m in months], "lines": lines, "ticks": ticks}


def context(result: Aggregate, title: str) -> dict[str, Any]:
    outlets = result.by_outlet()
    types = result.source_types()
    total = Tally()
    for tally in outlets.values():
        total.merge(tally)
    months = sorted({m for _, m in result.groups})
    return {
        "title": title,
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "total": total,
        "bad_lines": sum(result.errors.values()),
        "errors": result.errors.most_common(),
        "error_examples": result.error_examples,
        "outlets": outlets,
        "months": months,
        "groups": sorted(result.groups.items()),
        "types": [(kind, colour_for(kind, i)) for i, kind in enumerate(types)],
        "bars": type_bars(outlets, types, 520),
        "anonymous": anonymous_lines(result, 560, 220),
    }


def render(result: Aggregate, title: str) -> str:
    env = Environment(loader=PackageLoader("sourcelight.audit", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.1f}%"
    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:,.{d}f}"
    return env.get_template("report.html").render(**context(result, title))


def write(result: Aggregate, path: Path, title: str) -> Path:
    path.write_text(render(result, title), encoding="utf-8")
    return path
