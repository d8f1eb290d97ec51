"""Phones, keyboard focus and going back, in a real browser (Debian's Chromium).

- On a phone (390 × 844) the results come first: the filter column is hidden and a copy of
  the filters sits behind a "Filter (n)" expander above the results (style.css switches
  between the two at Streamlit's column breakpoint, 640 px); on the landing page the theme
  tiles are within two screen heights.
- Keyboard focus is visible on every element Tab reaches, with at least 3:1 contrast
  against the background (WCAG 2.4.7 and 1.4.11), computed from the computed styles.
- Browser back to a result list puts the reader where they were
  (`components.SCROLL_RESTORE_JS`).
- axe-core finds nothing, of any impact, at phone size either.

The app runs as in tests/browser/test_browser.py, on a knowledge base with a dozen more
entries so that a result list is long enough to scroll.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import running_app
from playwright.sync_api import Browser, Locator, expect
from test_app import small_kb, write_entry
from test_browser import DESKTOP, STARTUP_TIMEOUT, Visit, axe_violations, visiting

PHONE = {"width": 390, "height": 844}
SPORT_CLUBS = 12  # with small_kb's one: 13 entries on "Sport", two pages of results


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("phone")
    kb = small_kb(root)
    for i in range(SPORT_CLUBS):
        write_entry(
            kb,
            f"sportverein-{i:02d}",
            f"## Vorgehen\n\nDer Sportverein Nummer {i} lädt Geflüchtete zum Training ein.",
            title=f"Sportverein {i:02d}",
            summary="Ein Sportverein öffnet sich für Neuzugewanderte.",
            type="Praxisbeispiel",
            themes=["Sport"],
            municipality="Ulm",
            district="Ulm",
            year=2000 + i,
        )
    with running_app(kb, root / "index", timeout=STARTUP_TIMEOUT) as base:
        yield base


@pytest.fixture
def phone(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, app_url, tmp_path, viewport=PHONE) as visit:
        yield visit


@pytest.fixture
def desktop(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Visit]:
    with visiting(browser, app_url, tmp_path, viewport=DESKTOP) as visit:
        yield visit


def filter_button(visit: Visit) -> Locator:
    """The expander's header (a <summary>) that opens the filters on phones."""
    return visit.page.locator(".st-key-pf_filters_phone summary")


def page_top(element: Locator) -> float:
    """The element's distance from the top of the page (Streamlit scrolls `stMain`)."""
    return element.evaluate(
        "e => e.getBoundingClientRect().top"
        " + document.querySelector('[data-testid=stMain]').scrollTop"
    )


def scroll_top(visit: Visit) -> float:
    return visit.page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")


# -- phones: results first, filters behind a button --------------------------------------


def test_on_a_phone_the_results_come_first(phone: Visit) -> None:
    page = phone.page
    phone.open("/")
    phone.search("Ehrenamtliche")
    heading = phone.heading("3 Beispiele gefunden", level=2)
    expect(heading).to_be_visible()
    # No filter is shown; the results heading and the first result are on the first screen.
    expect(page.get_by_role("checkbox")).to_have_count(0)
    expect(page.get_by_role("heading", name="Themen")).to_have_count(0)
    expect(filter_button(phone)).to_have_accessible_name("Filter")
    first_card = page.locator("[class*='st-key-pf_card_']").first
    assert page_top(filter_button(phone)) < page_top(heading) < page_top(first_card)
    assert page_top(heading) < PHONE["height"]
    phone.shot("phone-results")

    # The button opens the filters; a ticked filter counts, and the filters stay open.
    filter_button(phone).click()
    expect(page.get_by_role("checkbox", name="Verwaltung (1)")).to_be_visible()
    phone.shot("phone-filters")
    page.locator("label:visible").filter(has_text="Verwaltung (1)").click()
    expect(phone.heading("1 Beispiel gefunden")).to_be_visible()
    assert phone.params() == {"q": ["Ehrenamtliche"], "thema": ["Verwaltung"]}
    expect(filter_button(phone)).to_have_accessible_name("Filter (1)")
    expect(page.get_by_role("checkbox", name="Verwaltung (1)")).to_be_checked()
    page.locator("label:visible").filter(has_text="Sprache (1)").click()
    expect(phone.heading("2 Beispiele gefunden")).to_be_visible()
    expect(filter_button(phone)).to_have_accessible_name("Filter (2)")
    expect(page.get_by_role("checkbox", name="Sprache (1)")).to_be_checked()

    # A new search closes them again: the results come first.
    phone.search("Sprachpaten")
    expect(phone.heading("1 Beispiel gefunden")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(0)


def test_the_filter_button_counts_active_filters(phone: Visit) -> None:
    phone.open("/?q=Ehrenamtliche&thema=Ehrenamt&thema=Verwaltung&jahr_von=2019")
    expect(filter_button(phone)).to_have_accessible_name("Filter (3)")
    expect(phone.page.get_by_role("button", name="Jahr: ab 2019")).to_be_visible()


def test_on_a_phone_the_theme_tiles_are_within_two_screens(phone: Visit) -> None:
    page = phone.page
    phone.open("/")
    themes = phone.heading("Themen", level=2)
    expect(themes).to_be_visible()
    tile = page.get_by_role("link", name="Sprache", exact=True)
    expect(tile).to_be_attached()
    assert page_top(themes) < 2 * PHONE["height"]
    assert page_top(tile) < 2 * PHONE["height"]
    expect(page.get_by_role("checkbox")).to_have_count(0)  # no filters on the way
    phone.shot("phone-landing")


def test_on_a_wide_screen_the_filters_are_a_column(desktop: Visit) -> None:
    desktop.open("/?q=Ehrenamtliche")
    expect(desktop.page.get_by_role("checkbox", name="Verwaltung (1)")).to_be_visible()
    expect(filter_button(desktop)).to_be_hidden()
    # One copy of the filters: the phone's is drawn only when its expander is opened.
    expect(
        desktop.page.locator("[data-testid=stCheckbox]:has-text('Verwaltung (1)')")
    ).to_have_count(1)
    expect(desktop.page.get_by_role("combobox", name="Stadt- oder Landkreis")).to_have_count(1)


# -- keyboard focus ------------------------------------------------------------------------

# Where the focus indicator of the focused element is drawn, its width and its contrast
# with the background behind it (WCAG relative luminance). Checkboxes and radio buttons
# keep their input invisible: the indicator is on their label; text fields and select
# boxes: on the visible box around the input.
FOCUS_INDICATOR_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = (text) => {
    const parts = (text.match(/rgba?\\(([^)]+)\\)/) || [null, ""])[1]
      .split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return parts.length >= 3 ? {r: parts[0], g: parts[1], b: parts[2], a: parts[3] ?? 1} : null;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const behind = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c.a >= 0.99) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const boxes = [
    el.closest("label"), el.closest("[data-testid=stTextInputRootElement]"),
    el.closest("[data-testid=stTextAreaRootElement]"),
    el.closest("[data-testid=stNumberInputContainer]"),
    el.closest(".react-aria-ComboBox > [role=group]"), el,
  ].filter((box) => {
    const r = box && box.getBoundingClientRect();
    return r && r.width >= 4 && r.height >= 4;  // not a visually hidden input
  });
  const label = el.closest("label");
  const name = (el.getAttribute("aria-label") || (label && label.innerText) || el.innerText
    || el.tagName).trim().slice(0, 60);
  const where = `${el.tagName} ${el.dataset.testid || ""} "${name}"`;
  for (const box of boxes) {
    const style = getComputedStyle(box);
    const width = parseFloat(style.outlineWidth);
    const color = rgba(style.outlineColor);
    if (style.outlineStyle === "none" || !width || !color || color.a < 0.99) continue;
    const [light, dark] = [luminance(color), luminance(behind(box.parentElement))]
      .sort((a, b) => b - a);
    return {where, width, contrast: (light + 0.05) / (dark + 0.05)};
  }
  return {where, width: 0, contrast: 0};
}"""


def focus_stops(visit: Visit, limit: int = 200) -> list[dict[str, Any]]:
    """Tab once round the page: the focus indicator at every stop.

    After the last stop the focus leaves the page (nothing is focused), then Tab starts
    again at the top; the round ends back at the first stop."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        visit.page.keyboard.press("Tab")
        stop = visit.page.evaluate(FOCUS_INDICATOR_JS)
        if stop is None:
            continue
        if stop["width"] < 2 or stop["contrast"] < 3:  # perhaps still fading in: look again
            visit.settle()
            stop = visit.page.evaluate(FOCUS_INDICATOR_JS) or stop
        if stops and stop["where"] == stops[0]["where"]:
            return stops
        stops.append(stop)
    pytest.fail(f"Tab did not come round in {limit} steps: {[s['where'] for s in stops]}")


def weak_indicators(stops: list[dict[str, Any]]) -> list[str]:
    return [
        f"{s['where']}: {s['width']} px, {s['contrast']:.1f}:1"
        for s in stops
        if s["width"] < 2 or s["contrast"] < 3
    ]


@pytest.mark.parametrize(
    ("path", "must_reach"),
    [
        ("/", ["stTopNavLink", "Sprache (1)", "Stadt- oder Landkreis", "Diagramm als Tabelle"]),
        ("/?q=Ehrenamtliche&kreis=Ulm", ["Suchen", "Relevanz", "Ulm (1)", "Ergebnisliste"]),
        ("/?q=Sprachpatne&thema=Sport", ["Thema: Sport", "Meinten Sie"]),
        ("/?eintrag=sprachpaten-ulm", ["Zur Startseite", "Eintrag als Markdown herunterladen"]),
        ("/ueber", ["stTopNavLink"]),
    ],
)
def test_keyboard_focus_is_visible_with_enough_contrast(
    desktop: Visit, path: str, must_reach: list[str]
) -> None:
    desktop.open(path)
    desktop.settle()
    stops = focus_stops(desktop)
    assert weak_indicators(stops) == []
    reached = " | ".join(stop["where"] for stop in stops)
    for wanted in must_reach:
        assert wanted in reached, f"Tab never reached {wanted!r}: {reached}"


def test_keyboard_focus_on_a_phone_with_the_filters_open(phone: Visit) -> None:
    phone.open("/?q=Ehrenamtliche")
    filter_button(phone).focus()
    phone.page.keyboard.press("Enter")
    expect(phone.page.get_by_role("checkbox", name="Verwaltung (1)")).to_be_visible()
    stops = focus_stops(phone)
    assert weak_indicators(stops) == []
    reached = " | ".join(stop["where"] for stop in stops)
    assert "Filter" in reached and "Verwaltung (1)" in reached
    phone.page.get_by_role("checkbox", name="Verwaltung (1)").focus()
    phone.page.keyboard.press("Tab")  # :focus-visible needs a keyboard move
    phone.shot("phone-focus")


# -- going back ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_going_back_restores_the_reading_position(
    request: pytest.FixtureRequest, size: str
) -> None:
    visit: Visit = request.getfixturevalue(size)
    page = visit.page
    visit.open("/?thema=Sport&sort=neueste")
    link = page.get_by_role("link", name="Sportverein 03")
    link.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the position is kept on scroll events
    position = scroll_top(visit)
    assert position > 300

    link.click()
    expect(visit.heading("Sportverein 03", level=1)).to_be_visible()
    assert scroll_top(visit) < position, "an entry starts at its top"

    page.go_back()
    expect(visit.heading(re.compile("Beispiele zum Thema „Sport“"), level=2)).to_be_visible()
    page.wait_for_function(
        "y => Math.abs(document.querySelector('[data-testid=stMain]').scrollTop - y) <= 2",
        arg=position,
    )
    expect(link).to_be_in_viewport()
    visit.shot(f"back-{size}")

    # Forward to the entry and back once more.
    page.go_forward()
    expect(visit.heading("Sportverein 03", level=1)).to_be_visible()
    page.go_back()
    page.wait_for_function(
        "y => Math.abs(document.querySelector('[data-testid=stMain]').scrollTop - y) <= 2",
        arg=position,
    )

    # The entry's own "Zurück zur Ergebnisliste" link goes back in the same way.
    visit.ready()
    link.click()
    expect(visit.heading("Sportverein 03", level=1)).to_be_visible()
    visit.ready()
    page.get_by_role("link", name="Zurück zur Ergebnisliste").click()
    expect(visit.heading(re.compile("Beispiele zum Thema „Sport“"), level=2)).to_be_visible()
    page.wait_for_function(
        "y => Math.abs(document.querySelector('[data-testid=stMain]').scrollTop - y) <= 2",
        arg=position,
    )
    expect(link).to_be_in_viewport()


def test_a_link_to_another_view_opens_it_at_the_top(desktop: Visit) -> None:
    """Only going back restores a position: a page link opens the next page at its top.

    Streamlit alone keeps the old position now and then (about 1 in 6 between two pages of
    a list): several rounds, so that a regression shows."""
    page = desktop.page
    desktop.open("/?thema=Sport&sort=neueste")
    for target, arrived in [("Seite 2", "Sportverein 00"), ("Seite 1", "Sportverein 03")] * 3:
        page.mouse.wheel(0, 10)  # the reader scrolls: the script stops holding the top
        page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                      " m.scrollTop = m.scrollHeight; }")  # fmt: skip
        page.wait_for_timeout(100)
        assert scroll_top(desktop) > 300
        page.get_by_role("link", name=target, exact=True).click()
        expect(page.get_by_role("link", name=arrived)).to_be_attached()
        desktop.ready()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stMain]').scrollTop === 0"
        )
        page.wait_for_timeout(200)
        assert scroll_top(desktop) == 0, target


# -- axe-core at phone size ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=Ehrenamtliche&thema=Ehrenamt",
        "/?thema=Sport",
        "/?q=Sprachpatne&thema=Sport",
        "/?eintrag=sprachpaten-ulm",
        "/?eintrag=gibt-es-nicht",
        "/ueber",
        "/gibt-es-nicht",
    ],
)
def test_axe_finds_no_violations_on_a_phone(phone: Visit, path: str) -> None:
    phone.open(path)
    phone.settle()
    assert axe_violations(phone) == []


def test_axe_finds_no_violations_in_the_open_filters(phone: Visit) -> None:
    phone.open("/?q=Ehrenamtliche&kreis=Ulm")
    filter_button(phone).click()
    expect(phone.page.get_by_role("checkbox", name="Sprache (1)")).to_be_visible()
    phone.settle()  # the filters' opening transition is over
    assert axe_violations(phone) == []
