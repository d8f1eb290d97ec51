"""A visitor never meets English: Streamlit's frontend in German, in a real browser.

The app runs as `make run` starts it (`python -m praxisfinder_app.serve`, through
`scripts/app_server.py`), which serves a German copy of Streamlit's static folder
(`praxisfinder_app.german_frontend`). These tests look at the page as the server delivers
it (before any script runs, and with JavaScript off) and as a visitor sees it: the landing
page with its district filter and chart, a result list, an entry, the about page, the
sign-in page, a mistyped address and a lost connection. On each, no text from ENGLISH may
be visible or in an accessible name (aria-label, title, placeholder, alt, role
description), and the document's language is German.
"""

from __future__ import annotations

import contextlib
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import running_app, running_script
from playwright.sync_api import Browser, Locator, Page, expect
from test_app import small_kb
from test_browser import STARTUP_TIMEOUT, Visit, visiting

from indexer.building import build_index
from indexer.curation.accounts import UserStore
from praxisfinder_app.german_frontend import favicon_png

# English that Streamlit 1.67 shows without the German frontend, as whole words.
ENGLISH = [
    # the frame, status and dialogs
    "Streamlit",
    "Skip to main content",
    "App pages",
    "Main menu",
    "Please wait",
    "Running...",
    "Stop",
    "Rerun",
    "Connecting",
    "Connection error",
    "not responding",
    "yourscript.py",
    "streamlit run",
    "Page not found",
    "does not seem to exist",
    "main page",
    "Close",
    "You need to enable JavaScript",
    # widgets
    "Choose an option",
    "Choose options",
    "Select all",
    "No results",
    "Clear all",
    "Clear value",
    "Open",
    "Selected values",
    "options available",
    "Remove",
    "Add",
    "Decrement",
    "Increment",
    "required",
    "Drag and drop",
    "per file",
    "Upload",
    "Help",
    "Show password",
    "Hide password",
    "Link to heading",
    "Copy to clipboard",
    # charts: the toolbar, its menu, the data view, Vega's descriptions
    "Fullscreen",
    "Show data",
    "Show chart",
    "Download as PNG",
    "Copy Vega-Lite spec",
    "Show/hide columns",
    "Download as CSV",
    "Search",
    "visualization",
    "mark container",
    "axis",
    "titled",
    "scale with",
]
ENGLISH_PATTERNS = [
    (word, re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w])")) for word in ENGLISH
]
PASSWORD = "ein sicheres Passwort"
# Everything a screen reader or a tooltip says, besides the visible text.
ACCESSIBLE_TEXTS = """() => {
  const names = ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription',
                 'aria-description', 'aria-valuetext'];
  const out = [];
  for (const element of document.querySelectorAll('*'))
    for (const name of names) {
      const value = element.getAttribute(name);
      if (value) out.push(value);
    }
  return out;
}"""
ICON_NAMES = (
    "() => [...document.querySelectorAll('[data-testid=stIconMaterial]')].map(e => e.textContent)"
)


def english_in(texts: list[str]) -> list[str]:
    return sorted(
        {
            f"{word!r} in {text[:120]!r}"
            for text in texts
            for word, pattern in ENGLISH_PATTERNS
            if pattern.search(text)
        }
    )


def assert_german(page: Page) -> None:
    """The document is German, and no listed English shows or is read out."""
    assert page.evaluate("document.documentElement.lang") == "de"
    texts = [page.title(), page.inner_text("body"), *page.evaluate(ACCESSIBLE_TEXTS)]
    assert english_in(texts) == []


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("german-ui")
    with running_app(small_kb(root), root / "index", timeout=STARTUP_TIMEOUT) as base:
        yield base


@pytest.fixture
def visit(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, app_url, tmp_path) as visit:
        yield visit


# -- the page as the server delivers it ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/?q=Sprachpaten", "/ueber", "/gibt-es-nicht"])
def test_the_delivered_html_is_german(app_url: str, path: str) -> None:
    html = fetch(app_url + path).decode()
    assert re.search(r"<html\b[^>]*\blang=\"de\"", html)
    assert re.search(r"<title>(.*?)</title>", html)[1] == "Praxisfinder"
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.DOTALL)[1]
    assert "JavaScript" in noscript
    assert english_in([noscript]) == []
    # the bundles it loads are the German ones
    entry = re.search(r'<script type="module"[^>]*src="\./([^"]+)"', html)[1]
    script = fetch(f"{app_url}/{entry}").decode()
    assert "Zum Inhalt springen" in script and "Skip to main content" not in script


def test_the_favicon_is_the_apps_own(app_url: str) -> None:
    assert fetch(app_url + "/favicon.png") == favicon_png()


def test_without_javascript_the_page_says_so_in_german(browser: Browser, app_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(app_url + "/")
        assert page.title() == "Praxisfinder"
        assert "JavaScript" in page.inner_text("body")
        assert_german(page)
    finally:
        context.close()


# -- pages as a visitor sees them ----------------------------------------------------------------


def open_list(select: Locator, listbox: Locator) -> None:
    """Open a multiselect's list with one click, as a visitor does once it is in view.

    The list closes when its sidebar scrolls (BaseWeb's popover does so), and the scroll
    event of Playwright's own scrolling arrives a frame after its click: so scroll first
    and let two frames pass, then click."""
    select.scroll_into_view_if_needed()
    select.page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    select.click()
    expect(listbox).to_be_visible()


def test_landing_page_with_the_district_filter(visit: Visit) -> None:
    visit.open("/")
    assert_german(visit.page)
    expect(visit.page.locator("[aria-label='Liste öffnen']").first).to_be_attached()
    districts = visit.page.get_by_role("combobox", name="Stadt- oder Landkreis")
    listbox = visit.page.get_by_role("listbox")
    open_list(districts, listbox)
    expect(listbox.get_by_role("option", name="Alle auswählen")).to_be_visible()
    districts.press_sequentially("Ulm")  # 45 districts: the list draws only those in view
    expect(listbox.get_by_role("option", name="Ulm (1)")).to_be_visible()
    assert_german(visit.page)
    districts.press_sequentially("zzz")
    expect(visit.page.get_by_text("Keine Treffer")).to_be_visible()
    assert_german(visit.page)


def test_a_chosen_district_and_the_clear_button(visit: Visit) -> None:
    visit.open("/")
    districts = visit.page.get_by_role("combobox", name="Stadt- oder Landkreis")
    districts.focus()
    visit.page.keyboard.press("ArrowDown")
    districts.press_sequentially("Ulm")  # 45 districts: the list draws only those in view
    visit.page.get_by_role("listbox").get_by_role("option", name="Ulm (1)").click()
    visit.page.keyboard.press("Escape")
    visit.ready()
    expect(visit.page.locator("[aria-label='Alle entfernen']")).to_be_visible()
    assert_german(visit.page)


def test_the_chart_menu_and_its_data_view(visit: Visit) -> None:
    visit.open("/")
    chart = visit.page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    toolbar = visit.page.get_by_test_id("stElementToolbar").first
    for name in ["Daten anzeigen", "Als PNG-Bild herunterladen", "Diagrammdefinition kopieren"]:
        expect(toolbar.get_by_role("button", name=re.compile("^" + name))).to_be_attached()
    assert_german(visit.page)
    toolbar.get_by_role("button", name=re.compile("^Daten anzeigen")).click()
    expect(visit.page.get_by_test_id("stDataFrame").first).to_be_visible()
    visit.page.get_by_test_id("stDataFrame").first.hover()
    expect(
        visit.page.get_by_role("button", name=re.compile("^Als CSV-Datei herunterladen"))
    ).to_be_attached()
    assert_german(visit.page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/?q=Sprachpaten", "Praxisfinder"),
        ("/ueber", "Über den Praxisfinder"),
        ("/vorschlagen", "Beispiel vorschlagen"),
        ("/anmelden", "Anmelden"),
    ],
)
def test_more_pages(visit: Visit, path: str, heading: str) -> None:
    visit.open(path)
    expect(visit.heading(heading, level=1)).to_be_visible()
    assert_german(visit.page)


def test_entry_page_and_what_is_copied_from_it(visit: Visit) -> None:
    visit.open("/?eintrag=sprachpaten-ulm")
    expect(visit.heading("Sprachpaten für Familien in Ulm", level=1)).to_be_visible()
    assert_german(visit.page)
    icons = set(visit.page.evaluate(ICON_NAMES))
    assert {"arrow_back", "download"} <= icons
    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.page.get_by_text("Auf einen Blick").click()
    visit.page.keyboard.press("Control+A")
    visit.page.keyboard.press("Control+C")
    copied = visit.page.evaluate("navigator.clipboard.readText()")
    assert "Sprachpaten für Familien in Ulm" in copied
    assert [name for name in icons if re.search(rf"\b{name}\b", copied)] == []


def test_a_mistyped_address(visit: Visit) -> None:
    visit.open("/gibt-es-nicht")
    dialog = visit.page.get_by_role("dialog")
    expect(dialog).to_contain_text("Seite nicht gefunden")
    expect(dialog).to_contain_text("Die aufgerufene Seite gibt es nicht")
    expect(dialog.get_by_role("button", name="Schließen")).to_be_visible()
    assert_german(visit.page)


def test_a_lost_connection(browser: Browser, tmp_path: Path) -> None:
    with contextlib.ExitStack() as stack:
        server = contextlib.ExitStack()
        stack.callback(server.close)
        base = server.enter_context(
            running_app(small_kb(tmp_path), tmp_path / "index", timeout=STARTUP_TIMEOUT)
        )
        visit = stack.enter_context(visiting(browser, base, tmp_path))
        visit.open("/")
        server.close()  # the server stops; the open page notices and says so
        dialog = visit.page.get_by_role("dialog")
        expect(dialog).to_contain_text("Keine Verbindung", timeout=60_000)
        expect(dialog).to_contain_text("Der Server antwortet nicht")
        assert_german(visit.page)


def test_the_editor_pages(browser: Browser, tmp_path: Path) -> None:
    """What an adviser meets after signing in: the overview's tabs, the entry form."""
    kb = small_kb(tmp_path)
    build_index(kb, tmp_path / "index")
    UserStore(tmp_path / "users.yaml").add("anna", PASSWORD, "redaktion", "Anna Redakteurin")
    env = {
        "PRAXISFINDER_KB": str(kb),
        "PRAXISFINDER_INDEX": str(tmp_path / "index"),
        "PRAXISFINDER_USERS": str(tmp_path / "users.yaml"),
        "PRAXISFINDER_SETTINGS": str(tmp_path / "settings.yaml"),
        "PRAXISFINDER_SUBMISSIONS": str(tmp_path / "queue"),
    }
    with (
        running_script("app.py", env, timeout=STARTUP_TIMEOUT) as base,
        visiting(browser, base, tmp_path) as visit,
    ):
        page = visit.page
        visit.open("/anmelden")
        page.get_by_label("Benutzername").fill("anna")
        page.get_by_label("Passwort", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Anmelden", exact=True).click()
        expect(visit.heading("Redaktion", level=1)).to_be_visible()
        visit.ready()
        assert_german(page)
        for tab in page.get_by_role("tab").all():
            tab.click()
            visit.ready()
            assert_german(page)
        page.get_by_test_id("stTopNav").get_by_role("link", name="Neuer Eintrag").click()
        expect(visit.heading("Neuer Eintrag", level=1)).to_be_visible()
        visit.ready()
        page.wait_for_load_state("networkidle")
        assert_german(page)
