"""Content in Streamlit's Markdown, checked in Chromium: every escaping case shows as written.

`test_app.ESCAPING_CASES` pairs content with the text a reader must see. The probe page
(`escaping_probe.py`, its own server) renders each case in every kind of place the app
uses: checkbox and button labels, link labels, bold Markdown, titles, captions and raw HTML.
What Chromium shows there must be that text, with no link, image, icon, formula, code,
emphasis, list or colour made from it.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from app_server import CHROMIUM, CHROMIUM_ARGS, running_script
from playwright.sync_api import sync_playwright
from test_app import ESCAPING_CASES

PROBE = Path(__file__).with_name("escaping_probe.py")
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PLACES = ("checkbox", "button", "link", "markdown", "title", "caption", "html")
BOLD = {"link", "markdown"}  # the places whose Markdown wraps the text in **…**
# Markup that content must never become; `strong` is counted separately.
MARKUP = (
    "a, img, svg, video, audio, iframe, [role=img], .katex, math, code, pre, em, del, s,"
    " ul, ol, li, hr, h1, h2, h3, h4, h5, h6, blockquote, table, input,"
    " .stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge,"
    " [data-testid=stTooltipHoverTarget]"
)
# For each case and place: the shown text, the markup found, the number of bold elements.
COLLECT = """([count, places, markup]) => Array.from({length: count}, (_, i) =>
  Object.fromEntries(places.map(place => {
    const box = document.querySelector(`.st-key-${place}-${i}`);
    const root = place === 'title' ? box.querySelector('h1')
      : box.querySelector('[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer]');
    return [place, {
      text: root.innerText,
      markup: Array.from(root.querySelectorAll(markup), e => e.outerHTML),
      bold: root.querySelectorAll('strong').length,
    }];
  })))"""


def running_probe(cases: Path, timeout: float = 90.0) -> contextlib.AbstractContextManager[str]:
    """`streamlit run escaping_probe.py` on a free port; yields its URL once it is healthy."""
    return running_script(PROBE, {"PRAXISFINDER_PROBE_CASES": str(cases)}, timeout)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every case as Chromium shows it, by content and place."""
    texts = [text for text, _ in ESCAPING_CASES]
    cases = tmp_path_factory.mktemp("probe") / "cases.json"
    cases.write_text(json.dumps(texts), encoding="utf-8")
    dialogs: list[str] = []
    with running_probe(cases) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base + "/", timeout=30_000)
            page.wait_for_selector(APP_READY, timeout=30_000)
            page.wait_for_load_state("networkidle")
            # Lazily loaded Markdown plugins (KaTeX, emoji) show a skeleton until they are in.
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=stSkeleton]')"
                " && document.fonts.status === 'loaded'"
            )
            found = page.evaluate(COLLECT, [len(texts), list(PLACES), MARKUP])
        finally:
            browser.close()
    assert dialogs == [], "a script from content opened a dialog"
    return dict(zip(texts, found, strict=True))


@pytest.mark.parametrize(("text", "visible"), ESCAPING_CASES)
def test_content_shows_as_written_in_chromium(
    rendered: dict[str, dict[str, Any]], text: str, visible: str
) -> None:
    for place, seen in rendered[text].items():
        expected = f"{visible} (3)" if place == "checkbox" else visible
        assert seen["text"] == expected, place
        assert seen["markup"] == [], place
        assert seen["bold"] == (1 if place in BOLD else 0), place
