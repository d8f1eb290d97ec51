"""The app in a real browser: Playwright for Python driving Debian's Chromium.

The app runs as a subprocess (`python -m streamlit run app.py`) on a free port against a
small knowledge base in a temporary directory, one server for the whole module; a second
one, started only for the hostile-label tests, serves a knowledge base whose titles and
facet values look like Markdown. Every page records the hosts it talks to; each test ends
by checking that all requests went to the app itself. Screenshots go to each test's tmp_path.

The server and Chromium's launch options come from `scripts/app_server.py`, shared with
the screenshot script. Chromium comes from the system (`apt-get install chromium`, see
`.ci/run`); Playwright's own browser download (`playwright install`) is never used.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import streamlit
from app_server import CHROMIUM, CHROMIUM_ARGS, running_app
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    Playwright,
    Route,
    expect,
)
from test_app import HOSTILE_FUNDING, HOSTILE_THEME, HOSTILE_TITLE, hostile_kb, small_kb

from praxisfinder_app.components import SCROLL_RESTORE_JS

STARTUP_TIMEOUT = 90.0
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
TIMEOUT_MS = 20_000
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# No finite animation or transition runs (Streamlit's spinners loop forever) and every
# Vega-Lite chart has drawn its SVG.
SETTLED = """() => !document.getAnimations().some(a => a.playState === 'running'
        && a.effect?.getComputedTiming().iterations !== Infinity)
    && Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
        .every(chart => chart.querySelector('svg'))"""

# axe-core findings that Streamlit's own markup causes and the app cannot change, by rule
# id, with the reason. Only nodes matching the selector pattern are excused; the same rule
# on the app's own elements still fails the test.
STREAMLIT_INTERNAL: dict[str, tuple[re.Pattern[str], str]] = {}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The public pages fail on a finding of any impact; the editor's pages
# (test_curation_browser.py) on serious and critical ones.
ALL_IMPACTS = frozenset({"minor", "moderate", "serious", "critical"})
BLOCKING_IMPACTS = {"serious", "critical"}


# -- the app server -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    # The index is not built yet: the app builds it on its first start.
    with running_app(small_kb(root), root / "index", timeout=STARTUP_TIMEOUT) as base:
        yield base


class Visit:
    """A browser page on the app that records every host it contacts and every dialog."""

    def __init__(self, page: Page, base: str, shots: Path) -> None:
        self.page = page
        self.base = base
        self.shots = shots
        self.hosts: set[str] = set()
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda request: self._record(request.url))
        page.on("websocket", lambda socket_: self._record(socket_.url))
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)

    def _record(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            self.hosts.add(parts.netloc)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str = "/") -> None:
        """Load a page; Streamlit loads element code lazily, so also wait for the network."""
        self.page.goto(self.base + path)
        self.ready()
        self.page.wait_for_load_state("networkidle")

    def ready(self) -> None:
        """The script run is over, no element is drawn faded as stale, fonts are loaded."""
        self.page.wait_for_selector(APP_READY)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-stale=\"true\"]')"
            " && document.fonts.status === 'loaded'"
        )

    def settle(self) -> None:
        """Transitions and animations are over and every chart is drawn (before axe-core
        looks at colours): waits for that state instead of a fixed pause."""
        self.page.evaluate(NEXT_FRAMES)  # a transition started by the last change shows
        self.page.wait_for_function(SETTLED)

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def heading(self, text: str | re.Pattern[str], level: int | None = None) -> Any:
        return self.page.get_by_role("heading", name=text, level=level)

    def search(self, text: str) -> Any:
        """Type a query into the search box and send it with Enter; the box."""
        box = self.page.get_by_role("textbox", name="Suchbegriff")
        box.fill(text)
        box.press("Enter")
        return box


DESKTOP = {"width": 1280, "height": 1000}


@contextlib.contextmanager
def visiting(
    browser: Browser, base: str, shots: Path, viewport: dict[str, int] = DESKTOP
) -> Iterator[Visit]:
    """A fresh browser context on the app; afterwards, no foreign host and no dialog."""
    context = browser.new_context(viewport=viewport, locale="de-DE")
    visit = Visit(context.new_page(), base, shots)
    yield visit
    own = urlsplit(base).netloc
    context.close()
    assert visit.hosts == {own}, f"requests to other hosts: {visit.hosts - {own}}"
    assert visit.dialogs == [], "a script from content opened a dialog"


@pytest.fixture
def visit(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, app_url, tmp_path) as visit:
        yield visit


# -- the user's way through the app -------------------------------------------------------


def test_search_filter_open_entry_and_go_back(visit: Visit) -> None:
    page = visit.page
    visit.open("/")
    expect(visit.heading("Praxisfinder", level=1)).to_be_visible()
    expect(visit.heading("Themen", level=2)).to_be_visible()
    visit.shot("01-landing")

    visit.search("Ehrenamtliche")
    expect(visit.heading("3 Beispiele gefunden")).to_be_visible()
    assert visit.params() == {"q": ["Ehrenamtliche"]}
    expect(page.locator("mark").first).to_be_visible()
    visit.shot("02-results")

    # Streamlit's checkbox input is visually hidden under its label: click the label (the
    # visible one: the phone layout's copy of the filters is in the page, hidden).
    page.locator("label:visible").filter(has_text="Verwaltung (1)").click()
    expect(visit.heading("1 Beispiel gefunden")).to_be_visible()
    assert visit.params() == {"q": ["Ehrenamtliche"], "thema": ["Verwaltung"]}
    expect(page.get_by_role("button", name="Thema: Verwaltung")).to_be_visible()
    visit.shot("03-filtered")

    page.get_by_role("link", name="Leitfaden Ehrenamt in der Verwaltung").click()
    expect(visit.heading("Leitfaden Ehrenamt in der Verwaltung", level=1)).to_be_visible()
    assert visit.params() == {
        "q": ["Ehrenamtliche"],
        "thema": ["Verwaltung"],
        "eintrag": ["leitfaden-ehrenamt-tuebingen"],
    }
    expect(visit.heading("Ähnliche Beispiele")).to_be_visible()
    expect(page.get_by_role("heading", name="Vorgehen")).to_be_visible()
    assert page.title() == "Leitfaden Ehrenamt in der Verwaltung – Praxisfinder"
    visit.shot("04-entry")

    page.go_back()
    expect(visit.heading("1 Beispiel gefunden")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Verwaltung (1)")).to_be_checked()
    page.go_back()
    expect(visit.heading("3 Beispiele gefunden")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Verwaltung (1)")).not_to_be_checked()
    page.go_forward()
    expect(visit.heading("1 Beispiel gefunden")).to_be_visible()


def test_a_question_finds_what_its_topic_finds_and_stays_as_typed(visit: Visit) -> None:
    page = visit.page
    visit.open("/")
    search = visit.search("Gibt es Erfahrungen mit Ehrenamtlichen?")
    expect(visit.heading("3 Beispiele gefunden")).to_be_visible()
    assert visit.params() == {"q": ["Gibt es Erfahrungen mit Ehrenamtlichen?"]}
    expect(search).to_have_value("Gibt es Erfahrungen mit Ehrenamtlichen?")
    asked = page.locator("[class*='st-key-pf_card_'] a").all_inner_texts()
    visit.open("/?q=Ehrenamtlichen")
    expect(visit.heading("3 Beispiele gefunden")).to_be_visible()
    assert page.locator("[class*='st-key-pf_card_'] a").all_inner_texts() == asked


def test_a_copied_link_reproduces_the_view(visit: Visit, browser: Browser) -> None:
    visit.open("/?q=Ehrenamtliche&thema=Ehrenamt&sort=neueste&jahr_von=2020")
    expect(visit.heading("2 Beispiele gefunden")).to_be_visible()
    page = visit.page
    expect(page.get_by_role("textbox", name="Suchbegriff")).to_have_value("Ehrenamtliche")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Ehrenamt \("))).to_be_checked()
    expect(page.get_by_role("radio", name="Neueste zuerst")).to_be_checked()
    titles = page.locator("[class*='st-key-pf_card_'] a").all_inner_texts()
    assert titles == ["Leitfaden Ehrenamt in der Verwaltung", "Sprachpaten für Familien in Ulm"]


def test_facets_work_with_the_keyboard(visit: Visit) -> None:
    page = visit.page
    visit.open("/")
    expect(page.get_by_role("checkbox", name="Sprache (1)")).to_be_attached()
    search = page.get_by_role("textbox", name="Suchbegriff")
    search.focus()
    expect(search).to_be_focused()
    seen = []
    for _ in range(40):  # Tab through the page until the theme checkbox has the focus
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e?.getAttribute('aria-label') || e?.innerText?.trim() || e?.tagName; }"
        )
        seen.append(name)
        if name == "Sprache (1)":
            break
    else:
        pytest.fail(f"the theme checkbox 'Sprache' is not reachable with Tab; focus went {seen}")
    page.keyboard.press("Space")
    expect(visit.heading("1 Beispiel zum Thema „Sprache“")).to_be_visible()
    assert visit.params() == {"thema": ["Sprache"]}
    # The entry link is keyboard-reachable too and opens with Enter.
    visit.ready()  # a rerun still drawing the list would take the focus away again
    link = page.get_by_role("link", name="Sprachpaten für Familien in Ulm")
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(visit.heading("Sprachpaten für Familien in Ulm", level=1)).to_be_visible()


def test_no_results_and_suggestion(visit: Visit) -> None:
    page = visit.page
    visit.open("/?q=Sprachpatne&thema=Sport")
    expect(visit.heading("Keine Beispiele gefunden", level=2)).to_be_visible()
    expect(page.get_by_text("Das können Sie versuchen:")).to_be_visible()
    assert page.title() == "„Sprachpatne“: keine Beispiele – Praxisfinder"
    visit.shot("no-results")
    page.get_by_role("link", name="Filter „Thema: Sport“ entfernen und 1 Beispiel anzeigen").click()
    expect(visit.heading("1 Beispiel gefunden")).to_be_visible()
    page.get_by_role("link", name="Meinten Sie „Sprachpaten“?").click()
    expect(page.get_by_role("textbox", name="Suchbegriff")).to_have_value("Sprachpaten")
    assert visit.params() == {"q": ["Sprachpaten"]}


def test_browsing_a_theme_names_it_in_heading_and_tab(visit: Visit) -> None:
    visit.open("/?thema=Ehrenamt")
    expect(visit.heading("2 Beispiele zum Thema „Ehrenamt“", level=2)).to_be_visible()
    assert visit.page.title() == "„Ehrenamt“: 2 Beispiele – Praxisfinder"
    expect(visit.page.get_by_role("radio", name="Neueste zuerst")).to_be_checked()


def test_a_district_without_examples_can_be_chosen(visit: Visit) -> None:
    page = visit.page
    visit.open("/?thema=Sprache")
    districts = page.get_by_role("combobox", name="Stadt- oder Landkreis")
    districts.focus()
    districts.press_sequentially("Calw")
    expect(page.get_by_role("option", name="Landkreis Calw (0)")).to_be_visible()
    districts.press("Enter")
    page.keyboard.press("Escape")
    expect(visit.heading("Keine Beispiele gefunden", level=2)).to_be_visible()
    assert visit.params() == {"thema": ["Sprache"], "kreis": ["Landkreis Calw"]}
    expect(
        page.get_by_text("Für „Landkreis Calw“ gibt es noch keine Beispiele im Praxisfinder.")
    ).to_be_visible()


def test_unknown_entry(visit: Visit) -> None:
    visit.open("/?eintrag=gibt-es-nicht")
    expect(visit.heading("Eintrag nicht gefunden", level=1)).to_be_visible()
    visit.page.get_by_role("link", name="Zur Startseite").first.click()
    expect(visit.heading("Themen", level=2)).to_be_visible()


# -- security ---------------------------------------------------------------------------


def test_no_script_from_content_runs(visit: Visit) -> None:
    page = visit.page
    visit.open("/?q=Kulturfest")
    expect(page.get_by_role("link", name="Kulturfest <b>bunt</b> & offen")).to_be_visible()
    expect(
        page.get_by_text('Ein Fest mit "Begegnungscafé" <img src=x onerror=alert(1)>.')
    ).to_be_visible()

    visit.open("/?eintrag=kulturfest-xss")
    expect(visit.heading("Kulturfest <b>bunt</b> & offen", level=1)).to_be_visible()
    # The hostile markup is shown as text …
    expect(page.get_by_text("<script>window.pfPwned = 1</script>")).to_be_visible()
    expect(page.get_by_text('<img src=x onerror="window.pfPwned = 1">')).to_be_visible()
    # … and none of it became live markup or ran.
    assert page.evaluate("() => window.pfPwned") is None
    main = page.locator("[data-testid='stMain']")
    assert main.locator("img").count() == 0
    # The only script is the app's own (the reading position on going back).
    assert main.locator("script").all_text_contents() == [SCROLL_RESTORE_JS]
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.locator("[onerror], [onload], [onclick]").count() == 0
    expect(page.get_by_role("link", name="Programm")).to_have_attribute(
        "href", "https://example.org/programm"
    )
    visit.shot("hostile-entry")


def test_security_relevant_config(visit: Visit, app_url: str) -> None:
    visit.open("/")
    # XSRF protection is on: Streamlit sets its _streamlit_xsrf cookie.
    cookies = {c["name"] for c in visit.page.context.cookies(app_url)}
    assert "_streamlit_xsrf" in cookies


# -- content that looks like Markdown ---------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server: its knowledge base would change the counts the other tests check."""
    root = tmp_path_factory.mktemp("hostile")
    with running_app(hostile_kb(root), root / "index", timeout=STARTUP_TIMEOUT) as base:
        yield base


@pytest.fixture
def hostile_visit(browser: Browser, hostile_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, hostile_url, tmp_path) as visit:
        yield visit


# Markup content must never become: links, images, icons (Streamlit's are role=img spans).
MADE_FROM_CONTENT = "a, img, svg, [role=img], code, em, del, .katex"


def assert_as_written(element: Locator, text: str) -> None:
    """`element` shows `text` exactly, with nothing made from it but text."""
    expect(element).to_have_count(1)
    assert element.inner_text() == text
    assert element.locator(MADE_FROM_CONTENT).count() == 0, element.inner_html()


def assert_no_markup_from_content(page: Page) -> None:
    """No link away from the app, no image or icon from Markdown on the page.

    The app's own links carry content in their query (`?foerderung=www.example.org`).
    """
    foreign = page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        ".filter(href => new URL(href, location.href).origin !== location.origin)"
    )
    assert foreign == []
    markdown = page.locator("[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer]")
    assert markdown.locator("img, [role=img]").count() == 0


def label(box: Locator) -> Locator:
    """The Markdown a widget shows as its label (not its icon)."""
    return box.locator("[data-testid=stMarkdownContainer]")


def test_hostile_titles_and_facets_in_the_result_list(hostile_visit: Visit) -> None:
    page = hostile_visit.page
    hostile_visit.open("/?sort=neueste")
    expect(hostile_visit.heading("2 Beispiele gefunden")).to_be_visible()
    link = page.locator("[class*='st-key-pf_card_hostile-labels'] a")
    assert_as_written(link, HOSTILE_TITLE)
    assert parse_qs(urlsplit(link.get_attribute("href") or "").query)["eintrag"] == [
        "hostile-labels"
    ]
    checkboxes = page.locator("[data-testid=stCheckbox]:visible")
    by_text = {label(box).inner_text(): box for box in checkboxes.all()}
    for value in [*HOSTILE_FUNDING, HOSTILE_THEME]:
        assert_as_written(label(by_text[f"{value} (1)"]), f"{value} (1)")
    assert_no_markup_from_content(page)
    hostile_visit.shot("hostile-results")

    # A click on a hostile filter value filters by it.
    by_text[f"{HOSTILE_FUNDING[2]} (1)"].locator("label").click()
    expect(hostile_visit.heading("1 Beispiel gefunden")).to_be_visible()
    assert hostile_visit.params() == {"sort": ["neueste"], "foerderung": [HOSTILE_FUNDING[2]]}


def test_hostile_filter_values_as_active_filter_chips(hostile_visit: Visit) -> None:
    page = hostile_visit.page
    hostile_visit.open("/?" + urlencode({"foerderung": HOSTILE_FUNDING}, doseq=True))
    expect(hostile_visit.heading("1 Beispiel gefunden")).to_be_visible()
    chips = page.locator("button:visible").filter(has=label(page).get_by_text("Förderprogramm: "))
    expect(chips).to_have_count(len(HOSTILE_FUNDING))
    for chip, value in zip(chips.all(), HOSTILE_FUNDING, strict=True):
        assert_as_written(label(chip), f"Förderprogramm: {value}")
        expect(chip).to_have_accessible_name(re.compile(re.escape(f"Förderprogramm: {value}")))
    assert_no_markup_from_content(page)
    hostile_visit.shot("hostile-chips")
    chips.last.click()
    expect(chips).to_have_count(len(HOSTILE_FUNDING) - 1)
    assert hostile_visit.params() == {"foerderung": HOSTILE_FUNDING[:-1]}


def test_hostile_title_on_the_entry_page_and_among_similar_entries(hostile_visit: Visit) -> None:
    page = hostile_visit.page
    hostile_visit.open("/?eintrag=hostile-labels")
    assert_as_written(page.locator("h1"), HOSTILE_TITLE)
    assert page.title() == f"{HOSTILE_TITLE} – Praxisfinder"
    glance = page.locator(".st-key-pf_glance")
    funding = glance.locator("dt:text-is('Förderprogramm') + dd")
    assert funding.inner_text().split("\n") == HOSTILE_FUNDING
    expect(glance.locator("dt:text-is('Kommune') + dd")).to_have_text(":material/home: Heidelberg")
    expect(page.get_by_text("Begegnungscafé :material/home: und Musik.")).to_be_visible()
    assert_no_markup_from_content(page)
    hostile_visit.shot("hostile-entry")

    hostile_visit.open("/?eintrag=nachbarschaftsfest")
    expect(hostile_visit.heading("Ähnliche Beispiele")).to_be_visible()
    assert_as_written(page.locator("[class*='st-key-pf_card_hostile-labels'] a"), HOSTILE_TITLE)
    assert_no_markup_from_content(page)


def test_hostile_theme_and_title_on_the_landing_page(hostile_visit: Visit) -> None:
    page = hostile_visit.page
    hostile_visit.open("/")
    assert_as_written(page.locator("[class*='st-key-pf_card_hostile-labels'] a"), HOSTILE_TITLE)
    tile = page.get_by_role("link", name=HOSTILE_THEME, exact=True)
    assert_as_written(tile, HOSTILE_THEME)
    caption = page.get_by_text("&lt;b&gt; :tada: http://example.org/feste", exact=True)
    assert_as_written(caption, "&lt;b&gt; :tada: http://example.org/feste")
    assert_no_markup_from_content(page)
    tile.hover()
    tooltip = page.get_by_test_id("stTooltipContent")
    expect(tooltip).to_have_text(f"Beispiele zum Thema {HOSTILE_THEME} anzeigen")
    assert tooltip.locator(MADE_FROM_CONTENT).count() == 0


def test_hostile_query_in_the_page_title(hostile_visit: Visit) -> None:
    query = ":material/home: &lt;b&gt; http://example.org"
    hostile_visit.open("/?" + urlencode({"q": query}))
    page = hostile_visit.page
    expect(page.get_by_role("textbox", name="Suchbegriff")).to_have_value(query)
    assert re.fullmatch(rf"„{re.escape(query)}“: \d+ Beispiele? – Praxisfinder", page.title())
    assert_no_markup_from_content(page)


# -- accessibility ----------------------------------------------------------------------


def axe_violations(visit: Visit, impacts: frozenset[str] | set[str] = ALL_IMPACTS) -> list[str]:
    """axe-core's findings of these impacts, except what `STREAMLIT_INTERNAL` excuses.

    A finding must hold twice, the second time after the page has settled again: a script
    run that starts after the page looked settled fades its elements for a moment, and axe
    reads the faded text's colour (once seen: #828180 for the result list's text).
    """
    found = _axe_findings(visit, impacts)
    if found:
        visit.ready()
        visit.page.wait_for_load_state("networkidle")
        visit.settle()
        again = set(_axe_findings(visit, impacts))
        found = [finding for finding in found if finding in again]
    return found


def _axe_findings(visit: Visit, impacts: frozenset[str] | set[str]) -> list[str]:
    results = Axe().run(visit.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in impacts:
            continue
        excused = STREAMLIT_INTERNAL.get(violation["id"])
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if excused and excused[0].search(node["html"] + " " + target):
                continue
            summary = node.get("failureSummary", "")
            found.append(f"{violation['id']} ({violation['impact']}): {target} {summary}")
    return found


def blocking_violations(visit: Visit) -> list[str]:
    """Serious and critical findings only (the check other test modules use)."""
    return axe_violations(visit, BLOCKING_IMPACTS)


# The public views: landing, result lists (found, theme, none, a district without examples),
# entries (found, unknown), the "Über" page and an address that is no page (Streamlit's 404).
PUBLIC_VIEWS = [
    "/",
    "/?q=Ehrenamtliche&thema=Ehrenamt",
    "/?thema=Ehrenamt",
    "/?q=Ehrenamtliche&kreis=Ulm&jahr_von=2019",
    "/?q=Sprachpatne&thema=Sport",
    "/?kreis=Landkreis+Calw",
    "/?eintrag=sprachpaten-ulm",
    "/?eintrag=gibt-es-nicht",
    "/ueber",
    "/gibt-es-nicht",
]


@pytest.mark.parametrize("path", PUBLIC_VIEWS)
def test_axe_finds_no_violations(visit: Visit, path: str) -> None:
    visit.open(path)
    visit.settle()
    assert axe_violations(visit) == []


def test_accessible_names_are_clean(visit: Visit) -> None:
    """No Markdown escapes in announced names, no English heading-anchor links."""
    page = visit.page
    visit.open("/?q=Ehrenamtliche&kreis=Ulm")
    expect(page.get_by_role("checkbox", name="über 100.000 (1)")).to_be_visible()
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('[aria-label]'),"
        " e => e.getAttribute('aria-label'))"
    )
    assert not [n for n in names if "\\" in n]
    assert "Link to heading" not in names
    assert page.locator("html").get_attribute("lang") == "de"  # praxisfinder_app.serve


def test_chart_has_a_text_alternative(visit: Visit) -> None:
    visit.open("/")
    chart = visit.page.locator("[data-testid='stVegaLiteChart']")
    expect(chart).to_have_attribute(
        "aria-label", re.compile(r"^Balkendiagramm: Anzahl der Beispiele je Jahr\. 2018: 1")
    )
    visit.page.get_by_text("Diagramm als Tabelle").click()
    expect(visit.page.get_by_role("table")).to_be_visible()


# -- a Content-Security-Policy for the reverse proxy (README) -----------------------------


def streamlit_inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts in Streamlit's index.html (they change by version)."""
    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    return [script_hash(script) for script in scripts]


def script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def recommended_csp() -> str:
    # The app's own inline script: the reading position on going back (st.html runs it).
    scripts = [*streamlit_inline_script_hashes(), script_hash(SCROLL_RESTORE_JS)]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(scripts),
            "style-src 'self' 'unsafe-inline'",  # Streamlit's CSS-in-JS inserts <style>
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


# protobuf.js (in Streamlit's bundle) tries to compile a tiny WebAssembly module for 64-bit
# integer maths (long.js) and falls back to plain JavaScript when the policy refuses it.
TOLERATED_CSP_REPORTS = {"script-src wasm-eval"}


def test_app_works_under_the_recommended_csp(
    playwright: Playwright, app_url: str, tmp_path: Path
) -> None:
    """The policy README recommends for the reverse proxy does not break the app."""
    policy = recommended_csp()
    # Documents answered by route.fulfill lose their local address space, so Chromium's
    # local-network checks would block the app's WebSocket to 127.0.0.1: off for this test.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
    )
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

        def add_policy(route: Route) -> None:
            response = route.fetch()
            headers = dict(response.headers)
            if "text/html" in headers.get("content-type", ""):
                headers["content-security-policy"] = policy
            route.fulfill(response=response, headers=headers)

        page.route("**/*", add_policy)
        visit = Visit(page, app_url, tmp_path)
        for path, heading in [
            ("/", "Praxisfinder"),
            ("/?q=Ehrenamtliche&thema=Ehrenamt", "Praxisfinder"),
            ("/?eintrag=kulturfest-xss", "Kulturfest <b>bunt</b> & offen"),
        ]:
            visit.open(path)
            expect(visit.heading(heading, level=1)).to_be_visible()
            reports = set(page.evaluate("() => window.__csp"))
            assert reports <= TOLERATED_CSP_REPORTS, path
            assert page.evaluate("() => window.pfScrollRestore") is True, "the app's script ran"
        visit.open("/")
        expect(page.locator("[data-testid='stVegaLiteChart'] svg")).to_be_visible()
        visit.shot("csp-landing")
        # Control: the policy is in force, an injected inline script does not run.
        injected = page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.pfInline = 1'; document.head.append(s);"
            " return window.pfInline; }"
        )
        assert injected is None
    finally:
        browser.close()
