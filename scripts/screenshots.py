"""Take the README screenshots from the real app: docs/landing.png, results.png, entry.png.

Starts `streamlit run app.py` on a free port against the knowledge base (default `kb/`,
with a fresh index in a temporary directory) and photographs three views with Playwright
driving Debian's Chromium (`apt-get install chromium`; never `playwright install`).

    python scripts/screenshots.py [--kb kb] [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from app_server import CHROMIUM, CHROMIUM_ARGS, REPO, AppDidNotStart, running_app
from playwright.sync_api import Page, sync_playwright

WIDTH = 1280
MAX_HEIGHT = 2200
# (file name, address, how much of the page to show)
SHOTS = [
    ("landing.png", "/", MAX_HEIGHT),
    ("results.png", "/?q=Ehrenamt&thema=Verwaltung", 1500),
    (
        "entry.png",
        "/?eintrag=leitfaden-von-der-fluechtlingshilfe-zur-verankerten-integrationsarbeit",
        MAX_HEIGHT,
    ),
]


def photograph(page: Page, url: str, path: Path, max_height: int) -> None:
    """The whole view up to `max_height` pixels (Streamlit scrolls inside the page)."""
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_timeout(1500)  # charts and fonts
    height = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
        " return main ? main.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height), max_height)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=REPO / "kb", help="knowledge base directory")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="output directory")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        _photograph_all(args.kb.resolve(), args.out)
    except AppDidNotStart as error:
        sys.exit(str(error))
    return 0


def _photograph_all(kb: Path, out: Path) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(kb, Path(tmp)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="de-DE")
        for name, address, max_height in SHOTS:
            photograph(page, base + address, out / name, max_height)
            print(out / name)
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
