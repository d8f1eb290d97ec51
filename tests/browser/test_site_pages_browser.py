"""The operator's pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit,
Kontakt) and the footer in a real browser: axe-core, titles, language, the footer's links.

One app server for the module (`python -m praxisfinder_app.serve`, as in test_browser)
against `small_kb` with the shipped templates in `kb/seiten/`. The app reads those files
on every run, so the hostile-page test rewrites one of them while the server runs and puts
it back afterwards. `playwright` and `browser` come from conftest.py; `Visit`, `visiting`
(no foreign host, no dialog) and the axe check from test_browser.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import running_app
from playwright.sync_api import Browser, expect
from test_app import small_kb
from test_browser import STARTUP_TIMEOUT, Visit, blocking_violations, visiting

from indexer.site_pages import SITE_PAGES, SITE_PAGES_DIR, SitePage

REPO = Path(__file__).resolve().parents[2]
FOOTER_LABELS = [page.label for page in SITE_PAGES]
NAMES = [page.name for page in SITE_PAGES]


@pytest.fixture(scope="module")
def site_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site_pages_browser")
    kb = small_kb(root)
    shutil.copytree(REPO / "kb" / SITE_PAGES_DIR, kb / SITE_PAGES_DIR)
    return kb


@pytest.fixture(scope="module")
def app_url(site_kb: Path) -> Iterator[str]:
    with running_app(site_kb, site_kb.parent / "index", timeout=STARTUP_TIMEOUT) as base:
        yield base


@pytest.fixture
def visit(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, app_url, tmp_path) as visit:
        yield visit


def expect_footer(visit: Visit) -> None:
    """The footer's links, in order; retried, as the footer is drawn after the page's body."""
    expect(visit.page.locator(".st-key-pf_footer a")).to_have_text(FOOTER_LABELS)


@pytest.mark.parametrize("page", SITE_PAGES, ids=NAMES)
def test_legal_page_is_accessible(visit: Visit, page: SitePage) -> None:
    visit.open(f"/{page.name}")
    expect(visit.heading(page.title, level=1)).to_be_visible()
    assert visit.page.locator("h1").count() == 1
    assert visit.page.title() == f"{page.title} – Praxisfinder"
    assert visit.page.locator("html").get_attribute("lang") == "de"
    # The template's text, with its marked gaps, is on the page.
    expect(visit.page.locator(".pf-site-page")).to_contain_text("[Bitte ergänzen:")
    expect_footer(visit)
    visit.settle()  # transitions are over, as in test_browser
    assert blocking_violations(visit) == []
    visit.shot(page.name)


@pytest.mark.parametrize(
    "path",
    ["/", "/?q=Ehrenamtliche", "/?eintrag=sprachpaten-ulm", "/ueber", "/vorschlagen", "/anmelden"],
)
def test_every_page_has_the_footer(visit: Visit, path: str) -> None:
    visit.open(path)
    expect_footer(visit)


@pytest.mark.parametrize("site_page", SITE_PAGES, ids=NAMES)
def test_a_footer_link_leads_to_its_page_without_a_reload_and_back(
    visit: Visit, site_page: SitePage
) -> None:
    """From a freshly loaded result list (a click on a view still being drawn can be
    lost in Streamlit when the machine is busy; each link gets its own list)."""
    page = visit.page
    visit.open("/?q=Ehrenamtliche")
    page.evaluate("() => { window.pfSamePage = true }")  # gone if the page loads anew
    page.locator(".st-key-pf_footer").get_by_role("link", name=site_page.label).click()
    expect(visit.heading(site_page.title, level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/{site_page.name}$"))
    expect(page).to_have_title(f"{site_page.title} – Praxisfinder")
    assert page.evaluate("() => window.pfSamePage") is True
    visit.ready()
    page.go_back()  # the browser's back button leads to the result list
    expect(page).to_have_url(re.compile(r"\?q=Ehrenamtliche$"))
    expect(visit.heading(re.compile("Beispiele? gefunden"))).to_be_visible()


def test_the_footer_is_reachable_with_the_keyboard(visit: Visit) -> None:
    page = visit.page
    visit.open("/ueber")
    page.locator(".st-key-pf_footer").get_by_role("link", name="Kontakt").focus()
    page.keyboard.press("Enter")
    expect(visit.heading("Kontakt", level=1)).to_be_visible()


HOSTILE = """Kontakt mit Fallen.

<script>window.pfPwned = 1</script>

<img src=x onerror="window.pfPwned = 1">

[Anmeldung](javascript:window.pfPwned=1) und [Redaktion](mailto:redaktion@example.org)

![Pixel](https://tracker.example/pixel.png)
"""


def test_a_hostile_page_runs_no_script(visit: Visit, site_kb: Path) -> None:
    path = site_kb / SITE_PAGES_DIR / "kontakt.md"
    original = path.read_bytes()
    path.write_text(HOSTILE, encoding="utf-8")
    try:
        page = visit.page
        visit.open("/kontakt")
        expect(page.get_by_text("<script>window.pfPwned = 1</script>")).to_be_visible()
        expect(page.get_by_text('<img src=x onerror="window.pfPwned = 1">')).to_be_visible()
        assert page.evaluate("() => window.pfPwned") is None
        main = page.locator("[data-testid='stMain']")
        assert main.locator("img").count() == 0
        assert main.locator("script").count() == 0
        assert page.locator("a[href^='javascript' i]").count() == 0
        assert page.locator("[onerror], [onload], [onclick]").count() == 0
        expect(page.get_by_role("link", name="Redaktion")).to_have_attribute(
            "href", "mailto:redaktion@example.org"
        )
        visit.shot("hostile-kontakt")
    finally:
        path.write_bytes(original)
