"""A PNG of a report.html, as Chromium shows it (for the README).

    python -m sourcelight.audit.screenshot DIR/report.html docs/audit-report.png

Needs Playwright (the ``dev`` extra) and Debian's ``/usr/bin/chromium``; the page loads
nothing from the network, so neither does this.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def screenshot(report: Path, png: Path, width: int = 1100, height: int = 1500) -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
            page.goto(report.resolve().as_uri())
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png), full_page=False)
        finally:
            browser.close()
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args(argv)
    print(screenshot(args.report, args.png, height=args.height))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
