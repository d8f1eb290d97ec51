"""Curation in a real browser: what an adviser and a visitor do, with Playwright and Chromium.

One app server for the module, with its own knowledge base (a copy of `small_kb`), index,
users file (anna: redaktion, frieda: freigabe), settings (four-eyes rule on) and
submission queue in a temporary directory. Every person is a browser context of their own
(a Streamlit session: a new one starts signed out) opened with `visiting` from
test_browser, which checks at the end that every request went to the app's own host and
that no dialog opened. The AppTest tests in tests/test_curation_app.py cover the pages one
by one; these follow a person through them.

Streamlit widgets commit on blur (text) or on choice (selects), each commit reruns the
script: after every action the tests wait for what it changes (the preview, a message),
or for the server to report the run finished, then for the app to be idle; the only fixed
pause is the one before axe-core looks at a page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_server import running_script
from axe_playwright_python.sync_playwright import Axe
from google.protobuf.message import DecodeError
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    WebSocket,
    expect,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from test_app import small_kb
from test_browser import (
    AXE_TAGS,
    BLOCKING_IMPACTS,
    STARTUP_TIMEOUT,
    STREAMLIT_INTERNAL,
    Visit,
    visiting,
)

from indexer.building import build_index
from indexer.curation.accounts import UserStore
from indexer.curation.settings import Settings, save_settings

PASSWORD = "ein sicheres Passwort"
EDITOR_BODY = "Text (Markdown)"
# The entry anna writes: one word in it exists nowhere else in the knowledge base.
UNIQUE_WORD = "Kastanienwerkstatt"
TITLE = "Erzählcafé in Nagold"
SLUG = "erzaehlcafe-in-nagold"
SUMMARY = "Ältere und Neuzugewanderte erzählen einander ihre Geschichten."
SENTENCE = f"Jeden Herbst lädt die {UNIQUE_WORD} alle Generationen ins Erzählcafé ein."
# A visitor's proposal whose description would run script if it were ever made markup.
HOSTILE_LINES = [
    "<script>window.pfPwned=1</script>",
    '<img src=x onerror="window.pfPwned=1">',
    "[x](javascript:window.pfPwned=1)",
]
DESCRIPTION = "Samstags reparieren alle gemeinsam.\n" + "\n".join(HOSTILE_LINES)


# -- the app server and the people using it ---------------------------------------------------


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("curation")
    kb = small_kb(root)
    build_index(kb, root / "index")
    users = UserStore(root / "users.yaml")
    users.add("anna", PASSWORD, "redaktion", "Anna Redakteurin")
    users.add("frieda", PASSWORD, "freigabe", "Frieda Freigabe")
    save_settings(Settings(four_eyes=True), root / "settings.yaml")
    env = {
        "PRAXISFINDER_KB": str(kb),
        "PRAXISFINDER_INDEX": str(root / "index"),
        "PRAXISFINDER_USERS": str(root / "users.yaml"),
        "PRAXISFINDER_SETTINGS": str(root / "settings.yaml"),
        "PRAXISFINDER_SUBMISSIONS": str(root / "queue"),
    }
    with running_script("app.py", env, timeout=STARTUP_TIMEOUT) as base:
        yield base


# Each page's WebSocket connection to the app (Streamlit opens one per page).
STREAMS: dict[Page, WebSocket] = {}


@pytest.fixture
def person(browser: Browser, app_url: str, tmp_path: Path) -> Iterator[Callable[[], Visit]]:
    """Opens a new person (browser context); each is checked for foreign hosts at the end."""
    pages = []

    def new_person() -> Visit:
        visit = people.enter_context(visiting(browser, app_url, tmp_path))
        visit.page.on("websocket", lambda socket: STREAMS.__setitem__(visit.page, socket))
        pages.append(visit.page)
        return visit

    with contextlib.ExitStack() as people:
        people.callback(lambda: [STREAMS.pop(page, None) for page in pages])
        yield new_person


# -- what a person does -----------------------------------------------------------------------


def nav(page: Page) -> Locator:
    return page.get_by_test_id("stTopNav")


def nav_link(page: Page, name: str) -> Locator:
    return nav(page).get_by_role("link", name=name, exact=True)


def fill_sign_in(visit: Visit, name: str, password: str = PASSWORD) -> None:
    page = visit.page
    page.get_by_label("Benutzername", exact=True).fill(name)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden", exact=True).click()


def sign_in(visit: Visit, name: str) -> None:
    """Sign in on a new session's "Anmelden" page; ends on the "Redaktion" page."""
    visit.open("/anmelden")
    fill_sign_in(visit, name)
    expect(nav_link(visit.page, "Abmelden")).to_be_visible()
    expect(visit.heading("Redaktion", level=1)).to_be_visible()
    visit.ready()


def sign_out(visit: Visit) -> None:
    """Click "Abmelden" in the navigation, then its button; ends on the sign-in page."""
    page = visit.page
    nav_link(page, "Abmelden").click()
    expect(visit.heading("Abmelden", level=1)).to_be_visible()
    page.get_by_role("button", name="Abmelden", exact=True).click()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    visit.ready()


def finished_run(payload: str | bytes) -> bool:
    """Whether a server message says a script run finished with no other run to follow."""
    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return False
    # A run that ends in `st.rerun()` finishes "early for rerun"; the last one of a chain
    # finishes successfully.
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    )


def after_run(visit: Visit, action: Callable[[], object]) -> None:
    """Do `action`, then wait until the server has finished the script run it causes.

    For views that look the same before and after (the sign-in at two addresses). The page's
    script state is no sign here: a quick run can leave it "notRunning" throughout.
    """
    with STREAMS[visit.page].expect_event("framereceived", predicate=finished_run):
        action()
    visit.ready()


def assert_sign_in_page(visit: Visit) -> None:
    page = visit.page
    expect(visit.heading("Anmelden", level=1)).to_be_visible()
    expect(page.get_by_label("Benutzername", exact=True)).to_be_visible()
    expect(page.get_by_label("Passwort", exact=True)).to_have_attribute("type", "password")
    expect(page.get_by_label(EDITOR_BODY)).to_have_count(0)
    expect(page.get_by_role("button", name="Speichern")).to_have_count(0)
    for editor_page in ("Redaktion", "Neuer Eintrag", "Abmelden"):
        expect(nav_link(page, editor_page)).to_have_count(0)


def preview(page: Page) -> Locator:
    return page.locator(".st-key-ed_preview")


def at_a_glance(page: Page, label: str) -> Locator:
    """The value next to `label` in the preview's "Auf einen Blick"."""
    return page.locator(f".st-key-pf_glance_preview dt:text-is('{label}') + dd")


def type_text(visit: Visit, label: str, text: str) -> None:
    """Type into a text field and leave it (Tab): Streamlit commits the value on blur."""
    field = visit.page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")


def choose(visit: Visit, label: str, option: str) -> None:
    """Pick an option of a selectbox or multiselect the way a keyboard user does."""
    box = visit.page.get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option)
    expect(visit.page.get_by_role("option", name=option, exact=True)).to_be_visible()
    box.press("Enter")
    # A multiselect's list stays open for more choices: click beside it to close it (Escape
    # would clear a selectbox's choice).
    visit.page.locator("h1").click()


def new_entry_form_ready(visit: Visit) -> None:
    """The new-entry form is drawn with its defaults (this year, the template body)."""
    page = visit.page
    expect(visit.heading("Neuer Eintrag", level=1)).to_be_visible()
    visit.ready()
    expect(page.get_by_label("Jahr", exact=True)).to_have_value(str(dt.date.today().year))
    expect(page.get_by_label(EDITOR_BODY)).to_have_value(re.compile(r"^## Ausgangslage\n"))


def assert_nothing_made_from(page: Page, where: Locator) -> None:
    """No script ran, and no element, link or handler came out of the hostile text.

    Streamlit's own anchors beside headings (`href="#…"`) are the only links allowed.
    """
    assert page.evaluate("() => window.pfPwned") is None
    made = where.locator("img, script, iframe, object, embed, a:not([href^='#'])")
    assert made.count() == 0, where.inner_html()
    assert page.locator("a[href^='javascript' i], [onerror], [onload], [onclick]").count() == 0


# -- 1, 2: the sign-in ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/redaktion",
        "/neu",
        "/bearbeiten?eintrag=sprachpaten-ulm",
        "/bearbeiten?eintrag=entwurf-geheim",
    ],
)
def test_a_visitor_gets_the_sign_in_at_every_editor_address(
    person: Callable[[], Visit], path: str
) -> None:
    visit = person()
    visit.open(path)
    assert_sign_in_page(visit)
    expect(visit.page).to_have_title("Anmelden – Praxisfinder")
    # Nothing of the entry leaks, not even a draft's title.
    expect(visit.page.get_by_text("Geheimer Entwurf")).to_have_count(0)
    expect(visit.page.get_by_text("Sprachpaten für Familien in Ulm")).to_have_count(0)


def test_sign_in_refuses_a_wrong_password_and_accepts_the_right_one(
    person: Callable[[], Visit],
) -> None:
    visit = person()
    page = visit.page
    visit.open("/")
    nav_link(page, "Anmelden").click()
    expect(visit.heading("Anmelden", level=1)).to_be_visible()
    visit.ready()
    fill_sign_in(visit, "anna", "falsches Passwort 123")
    expect(page.get_by_text("Benutzername oder Passwort ist falsch.")).to_be_visible()
    visit.ready()
    assert_sign_in_page(visit)
    visit.shot("sign-in-refused")

    fill_sign_in(visit, "anna")
    for editor_page in ("Redaktion", "Neuer Eintrag", "Abmelden"):
        expect(nav_link(page, editor_page)).to_be_visible()
    expect(nav_link(page, "Anmelden")).to_have_count(0)
    expect(visit.heading("Redaktion", level=1)).to_be_visible()
    expect(page.get_by_text("Angemeldet als Anna Redakteurin (redaktion)")).to_be_visible()


# -- 3: write, submit for review, publish -----------------------------------------------------


def test_anna_writes_an_entry_frieda_publishes_it_and_then_it_is_found(
    person: Callable[[], Visit],
) -> None:
    anna = person()
    page = anna.page
    sign_in(anna, "anna")
    nav_link(page, "Neuer Eintrag").click()
    new_entry_form_ready(anna)

    type_text(anna, "Titel", TITLE)
    expect(preview(page).get_by_role("heading", name=TITLE)).to_be_visible()
    anna.ready()
    type_text(anna, "Kurzbeschreibung", SUMMARY)
    expect(preview(page).get_by_text(SUMMARY)).to_be_visible()
    anna.ready()
    choose(anna, "Themen (1 bis 3)", "Teilhabe")
    expect(at_a_glance(page, "Themen")).to_have_text("Teilhabe")
    anna.ready()
    type_text(anna, "Kommune", "Nagold")
    expect(at_a_glance(page, "Kommune")).to_have_text("Nagold")
    anna.ready()
    choose(anna, "Kreis", "Landkreis Calw")
    expect(at_a_glance(page, "Kreis")).to_have_text("Landkreis Calw")
    anna.ready()

    # Keep the template and write the sentence under its first heading, "Ausgangslage".
    body = page.get_by_label(EDITOR_BODY)
    body.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.type(SENTENCE)
    expect(body).to_have_value(
        re.compile(rf"^## Ausgangslage\n\n{re.escape(SENTENCE)}\n\n## Vorgehen\n.*## Kontakt", re.S)
    )
    body.press("Tab")
    expect(preview(page).get_by_text(SENTENCE)).to_be_visible()
    expect(preview(page).get_by_role("heading", name="Übertragbarkeit")).to_be_visible()
    anna.ready()
    expect(page.get_by_label("Jahr", exact=True)).to_have_value(str(dt.date.today().year))
    anna.shot("01-anna-new-entry")

    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert.", exact=True)).to_be_visible()
    expect(anna.heading("Eintrag bearbeiten", level=1)).to_be_visible()
    anna.ready()
    assert anna.params() == {"eintrag": [SLUG]}
    expect(page.get_by_text("Status: Entwurf")).to_be_visible()
    expect(page.get_by_label("Titel", exact=True)).to_have_value(TITLE)
    # anna's role writes and submits; publishing is for "freigabe".
    expect(page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("Zur Prüfung einreichen: erledigt.")).to_be_visible()
    expect(page.get_by_text("Status: In Prüfung")).to_be_visible()
    anna.ready()
    anna.shot("02-anna-submitted")

    # In review, the entry is not public: no hit for its unique word.
    public = person()
    public.open(f"/?q={UNIQUE_WORD}")
    expect(public.heading("Keine Beispiele gefunden")).to_be_visible()

    frieda = person()
    sign_in(frieda, "frieda")
    fpage = frieda.page
    expect(fpage.get_by_role("heading", name="In Prüfung (1)")).to_be_visible()
    fpage.get_by_role("link", name=re.compile(rf"^{re.escape(TITLE)}")).click()
    expect(frieda.heading("Eintrag bearbeiten", level=1)).to_be_visible()
    frieda.ready()
    assert frieda.params() == {"eintrag": [SLUG]}
    expect(fpage.get_by_label("Titel", exact=True)).to_have_value(TITLE)
    expect(preview(fpage).get_by_text(SENTENCE)).to_be_visible()
    fpage.get_by_role("button", name="Veröffentlichen").click()
    expect(fpage.get_by_text("Veröffentlichen: erledigt.")).to_be_visible()
    expect(fpage.get_by_text("Status: Veröffentlicht")).to_be_visible()
    expect(fpage.get_by_role("link", name="Öffentliche Seite ansehen")).to_be_visible()
    frieda.ready()
    frieda.shot("03-frieda-published")

    # The same search again, in the same session: now it is the one hit with the word
    # (similar entries may follow it).
    public.page.get_by_role("button", name="Suchen").click()
    has_the_word = f"1 Beispiel passt zu „{UNIQUE_WORD}“"
    expect(public.page.get_by_text(has_the_word)).to_be_visible()
    first_hit = public.page.locator("[class*='st-key-pf_card_'] a").first
    expect(first_hit).to_have_text(TITLE)
    first_hit.click()
    expect(public.heading(TITLE, level=1)).to_be_visible()
    public.ready()
    expect(public.page.get_by_text(SENTENCE)).to_be_visible()
    expect(public.page.get_by_text(SUMMARY)).to_be_visible()
    expect(public.page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    public.shot("04-public-entry")


# -- 4: sign-out ------------------------------------------------------------------------------


def test_abmelden_signs_out_and_the_back_button_shows_the_sign_in(
    person: Callable[[], Visit],
) -> None:
    visit = person()
    page = visit.page
    sign_in(visit, "anna")
    after_run(visit, nav_link(page, "Redaktion").click)
    expect(page).to_have_url(re.compile(r"/redaktion$"))
    expect(visit.heading("Redaktion", level=1)).to_be_visible()
    nav_link(page, "Neuer Eintrag").click()
    new_entry_form_ready(visit)
    nav_link(page, "Abmelden").click()
    expect(visit.heading("Abmelden", level=1)).to_be_visible()
    expect(page.get_by_text("Angemeldet als Anna Redakteurin.")).to_be_visible()
    page.get_by_role("button", name="Abmelden", exact=True).click()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    visit.ready()
    # At once, the navigation offers "Anmelden" and none of the editor pages.
    assert_sign_in_page(visit)
    expect(nav_link(page, "Anmelden")).to_be_visible()

    # Back, in the same session (Back does not reload the page): the editor pages show the
    # sign-in, and the navigation offers "Anmelden" instead of them.
    after_run(visit, page.go_back)
    expect(page).to_have_url(re.compile(r"/neu$"))
    assert_sign_in_page(visit)
    expect(nav_link(page, "Anmelden")).to_be_visible()
    after_run(visit, page.go_back)
    expect(page).to_have_url(re.compile(r"/redaktion$"))
    assert_sign_in_page(visit)
    expect(visit.heading("Redaktion")).to_have_count(0)


def test_signing_in_again_where_abmelden_left_one_keeps_one_signed_in(
    person: Callable[[], Visit],
) -> None:
    """Sign-in reruns its address, /abmelden here: that must not sign one out again."""
    visit = person()
    page = visit.page
    sign_in(visit, "anna")
    sign_out(visit)
    expect(page).to_have_url(re.compile(r"/abmelden$"))
    after_run(visit, lambda: fill_sign_in(visit, "anna"))
    expect(nav_link(page, "Redaktion")).to_be_visible()
    expect(nav_link(page, "Abmelden")).to_be_visible()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_have_count(0)
    expect(page.get_by_text("Angemeldet als Anna Redakteurin.")).to_be_visible()


# -- 5: a hostile proposal, from the queue to a draft ------------------------------------------


def test_a_hostile_proposal_is_shown_as_text_and_becomes_a_draft(
    person: Callable[[], Visit],
) -> None:
    visitor = person()
    page = visitor.page
    visitor.open("/")
    nav_link(page, "Beispiel vorschlagen").click()
    expect(visitor.heading("Beispiel vorschlagen", level=1)).to_be_visible()
    visitor.ready()
    # The honeypot for bots is out of sight and out of reach: whoever fills it in is
    # thanked and ignored.
    expect(page.get_by_label("Bitte dieses Feld leer lassen")).to_be_hidden()
    page.get_by_label("Titel des Beispiels", exact=True).fill("Repair-Café Horb")
    page.get_by_label("Kommune", exact=True).fill("Horb am Neckar")
    choose(visitor, "Kreis", "Landkreis Freudenstadt")
    choose(visitor, "Themen (bis zu 3)", "Teilhabe")
    page.get_by_label("Kurzbeschreibung (1–3 Sätze)", exact=True).fill(
        "Geflüchtete und Einheimische reparieren gemeinsam."
    )
    description = page.get_by_label("Beschreibung: Ausgangslage, Vorgehen, Ergebnisse")
    description.fill(DESCRIPTION)
    description.press("Tab")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_text("Vielen Dank!")).to_be_visible()
    visitor.ready()
    assert page.evaluate("() => window.pfPwned") is None

    frieda = person()
    sign_in(frieda, "frieda")
    fpage = frieda.page
    fpage.get_by_role("tab", name="Vorschläge (1)").click()
    proposal = fpage.locator("[class*='st-key-pf_submission_']")
    expect(proposal).to_have_count(1)
    expect(proposal.get_by_text("Neues Beispiel: Repair-Café Horb")).to_be_visible()
    for value in ("Horb am Neckar", "Landkreis Freudenstadt", "Teilhabe"):
        expect(proposal.get_by_test_id("stText").get_by_text(value, exact=True)).to_be_visible()
    shown = proposal.get_by_test_id("stText").filter(has_text="pfPwned")
    expect(shown).to_be_visible()
    assert shown.inner_text() == DESCRIPTION  # literally, line by line
    for line in HOSTILE_LINES:
        expect(proposal.get_by_text(line)).to_be_visible()
    assert_nothing_made_from(fpage, proposal)
    frieda.shot("05-proposal-in-queue")

    proposal.get_by_role("button", name="Als Entwurf übernehmen").click()
    expect(frieda.heading("Eintrag bearbeiten", level=1)).to_be_visible()
    expect(fpage.get_by_text("Als Entwurf übernommen;")).to_be_visible()
    frieda.ready()
    assert frieda.params() == {"eintrag": ["repair-cafe-horb"]}
    expect(fpage.get_by_text("Status: Entwurf")).to_be_visible()
    expect(fpage.get_by_label("Titel", exact=True)).to_have_value("Repair-Café Horb")
    expect(fpage.get_by_label(EDITOR_BODY)).to_have_value(
        re.compile(r"^## Ausgangslage\n\n" + re.escape(DESCRIPTION) + r"\n\n## Vorgehen")
    )
    # The preview draws the description as the public page would: as text again.
    for line in HOSTILE_LINES:
        expect(preview(fpage).get_by_text(line)).to_be_visible()
    assert_nothing_made_from(fpage, preview(fpage))
    frieda.shot("06-proposal-as-draft")

    nav_link(fpage, "Redaktion").click()
    expect(fpage.get_by_role("tab", name="Vorschläge (0)")).to_be_visible()


# -- 6: accessibility -------------------------------------------------------------------------

# axe-core findings that Streamlit's markup causes, by rule id, as in test_browser: only
# nodes matching the pattern are excused.
STREAMLIT_INTERNAL_HERE: dict[str, tuple[re.Pattern[str], str]] = {
    **STREAMLIT_INTERNAL,
    "target-size": (
        re.compile(r'^<input aria-label="[^"]*" type="text" aria-autocomplete="list"'),
        "Streamlit's multiselect shrinks its text input beside the chosen values to a few "
        "pixels; the whole field around it takes the click",
    ),
}


def serious_violations(visit: Visit, excused: dict[str, tuple[re.Pattern[str], str]]) -> list[str]:
    """axe-core's serious and critical findings, except the nodes `excused` by rule id."""
    results = Axe().run(visit.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        excuse = excused.get(violation["id"])
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = node.get("failureSummary", "")
            if excuse and excuse[0].search(f"{node['html']} {target} {summary}"):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {target} {summary}")
    return found


def settled(visit: Visit) -> None:
    visit.ready()
    visit.page.wait_for_load_state("networkidle")
    visit.settle()  # transitions (tabs, fading) are over


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/anmelden", "Anmelden"), ("/vorschlagen", "Beispiel vorschlagen")],
)
def test_axe_finds_no_serious_violations_on_the_visitors_curation_pages(
    person: Callable[[], Visit], path: str, heading: str
) -> None:
    visit = person()
    visit.open(path)
    expect(visit.heading(heading, level=1)).to_be_visible()
    settled(visit)
    assert serious_violations(visit, STREAMLIT_INTERNAL_HERE) == []


def test_axe_finds_no_serious_violations_on_the_editor_pages(
    person: Callable[[], Visit],
) -> None:
    """Axe on "Redaktion" (both tabs), a new entry, a published one and "Abmelden", as frieda.

    One session walks through them: loading an address anew would sign out.
    """
    visit = person()
    page = visit.page
    found: dict[str, list[str]] = {}
    sign_in(visit, "frieda")
    settled(visit)
    found["Redaktion"] = serious_violations(visit, STREAMLIT_INTERNAL_HERE)
    page.get_by_role("tab", name=re.compile(r"^Vorschläge")).click()
    expect(page.get_by_role("tab", name=re.compile(r"^Vorschläge"))).to_have_attribute(
        "aria-selected", "true"
    )
    settled(visit)
    found["Redaktion, Vorschläge"] = serious_violations(visit, STREAMLIT_INTERNAL_HERE)
    nav_link(page, "Neuer Eintrag").click()
    new_entry_form_ready(visit)
    settled(visit)
    found["Neuer Eintrag"] = serious_violations(visit, STREAMLIT_INTERNAL_HERE)
    nav_link(page, "Redaktion").click()
    page.get_by_role("link", name=re.compile(r"^Sprachpaten für Familien in Ulm")).click()
    expect(visit.heading("Eintrag bearbeiten", level=1)).to_be_visible()
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Sprachpaten für Familien in Ulm")
    settled(visit)
    found["Eintrag bearbeiten"] = serious_violations(visit, STREAMLIT_INTERNAL_HERE)
    nav_link(page, "Abmelden").click()
    expect(visit.heading("Abmelden", level=1)).to_be_visible()
    settled(visit)
    found["Abmelden"] = serious_violations(visit, STREAMLIT_INTERNAL_HERE)
    assert found == dict.fromkeys(found, [])
