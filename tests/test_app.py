"""The Streamlit app's logic, run headless with AppTest (no browser, no JavaScript).

Each test points the app at a small knowledge base in a temporary directory through
PRAXISFINDER_KB / PRAXISFINDER_INDEX; the app builds the index itself on first use.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from praxisfinder_app.components import (
    SCROLL_RESTORE_JS,
    label_escape,
    markdown_html,
    md_escape,
    page_title,
    result_heading,
    years_label,
)
from praxisfinder_app.state import SearchState, parse_mapping, to_params

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
TIMEOUT = 60


# -- knowledge bases --------------------------------------------------------------------


def write_entry(kb: Path, slug: str, body: str, **fields: Any) -> None:
    import yaml

    front_matter = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    (kb / "entries").mkdir(parents=True, exist_ok=True)
    (kb / "entries" / f"{slug}.md").write_text(
        f"---\n{front_matter}---\n\n{body}\n", encoding="utf-8"
    )


def make_kb(root: Path) -> Path:
    kb = root / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(REPO / "kb" / "taxonomy.yaml", kb / "taxonomy.yaml")
    return kb


XSS_BODY = """## Ausgangslage

Ein Kulturfest mit Begegnungscafé für alle Generationen.

<script>window.pfPwned = 1</script>

<img src=x onerror="window.pfPwned = 1">

[Anmeldung](javascript:window.pfPwned=1) und [Programm](https://example.org/programm)

![Plakat](https://tracker.example/pixel.png)
"""


def small_kb(root: Path) -> Path:
    """Five published entries, one with hostile content, and one draft."""
    kb = make_kb(root)
    write_entry(
        kb,
        "sprachpaten-ulm",
        "## Ausgangslage\n\nEhrenamtliche Sprachpaten begleiten Familien beim Deutschlernen "
        "in Ulm. Die Sprachpaten treffen sich wöchentlich im Stadtteilzentrum.\n\n"
        "## Ergebnisse\n\nÜber 40 Tandems entstanden; die Sprachförderung wirkt.",
        title="Sprachpaten für Familien in Ulm",
        summary="Ehrenamtliche Sprachpaten begleiten zugewanderte Familien beim Deutschlernen.",
        type="Praxisbeispiel",
        themes=["Sprache", "Ehrenamt"],
        municipality="Ulm",
        district="Ulm",
        year=2021,
        population=126000,
        funding=["Gemeinsam in Vielfalt"],
        partners=["Volkshochschule Ulm"],
        contact="Integrationsbüro Ulm",
        links=["https://example.org/sprachpaten", "javascript:alert(1)"],
        updated="2024-03-01",
    )
    write_entry(
        kb,
        "fussball-fuer-alle-pforzheim",
        "## Vorgehen\n\nDer Sportverein öffnet sein Fußballtraining für geflüchtete "
        "Jugendliche. Trainer und Eltern organisieren Fahrgemeinschaften.",
        title="Fußball für alle in Pforzheim",
        summary="Ein Sportverein öffnet sein Training für geflüchtete Jugendliche.",
        type="Projekt",
        themes=["Sport", "Kinder und Jugend"],
        municipality="Pforzheim",
        district="Pforzheim",
        year=2019,
        population=125000,
    )
    write_entry(
        kb,
        "leitfaden-ehrenamt-tuebingen",
        "## Vorgehen\n\nDer Leitfaden beschreibt, wie die Verwaltung Ehrenamtliche "
        "gewinnt, begleitet und die Zusammenarbeit von Haupt- und Ehrenamt regelt.",
        title="Leitfaden Ehrenamt in der Verwaltung",
        summary="Wie eine Stadtverwaltung die Zusammenarbeit mit Ehrenamtlichen organisiert.",
        type="Leitfaden",
        themes=["Ehrenamt", "Verwaltung"],
        municipality="Tübingen",
        district="Landkreis Tübingen",
        year=2023,
        population=91000,
        funding=["Pakt für Integration mit den Kommunen"],
    )
    write_entry(
        kb,
        "wohnraum-dornstadt",
        "## Vorgehen\n\nLeerstehende Wohnungen werden an geflüchtete Familien vermittelt; "
        "Ehrenamtliche begleiten die Mietverhältnisse.",
        title="Wohnraum aus Leerstand in Dornstadt",
        summary="Die Gemeinde vermittelt leerstehenden Wohnraum an geflüchtete Familien.",
        type="Praxisbeispiel",
        themes=["Wohnen", "Flüchtlingshilfe"],
        municipality="Dornstadt",
        district="Alb-Donau-Kreis",
        year=2018,
        population=4200,
    )
    write_entry(
        kb,
        "kulturfest-xss",
        XSS_BODY,
        title="Kulturfest <b>bunt</b> & offen",
        summary='Ein Fest mit "Begegnungscafé" <img src=x onerror=alert(1)>.',
        type="Praxisbeispiel",
        themes=["Kultur"],
        municipality="Heidelberg",
        district="Heidelberg",
        year=2022,
        links=["javascript:window.pfPwned=1"],
    )
    write_entry(
        kb,
        "entwurf-geheim",
        "## Ausgangslage\n\nNoch nicht veröffentlichter Entwurf über Sprachpaten.",
        title="Geheimer Entwurf",
        summary="Ein Entwurf.",
        type="Praxisbeispiel",
        themes=["Sprache"],
        municipality="Ulm",
        district="Ulm",
        year=2024,
        status="entwurf",
    )
    return kb


# Content that Streamlit's Markdown would turn into markup, links, icons or characters.
HOSTILE_FUNDING = [
    "&lt;img src=x&gt;",
    "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "http://example.org",
    "www.example.org",
    '=HYPERLINK("http://example.org")',
    ":material/home:",
]
HOSTILE_TITLE = "Fest " + " ".join(HOSTILE_FUNDING)
HOSTILE_THEME = "Feste :material/celebration: www.example.org"


def hostile_kb(root: Path) -> Path:
    """A theme, an entry's title, funding and place that look like Markdown, and a neighbour."""
    import yaml

    kb = make_kb(root)
    taxonomy = yaml.safe_load((kb / "taxonomy.yaml").read_text(encoding="utf-8"))
    taxonomy["themes"].append(
        {"name": HOSTILE_THEME, "description": "&lt;b&gt; :tada: http://example.org/feste"}
    )
    (kb / "taxonomy.yaml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True), "utf-8")
    common = {"type": "Praxisbeispiel", "district": "Heidelberg", "year": 2022}
    write_entry(
        kb,
        "hostile-labels",
        "## Ausgangslage\n\nEin Nachbarschaftsfest mit Begegnungscafé :material/home: und Musik.",
        title=HOSTILE_TITLE,
        summary="Ein Nachbarschaftsfest :material/home: mit Musik.",
        themes=[HOSTILE_THEME, "Kultur"],
        municipality=":material/home: Heidelberg",
        funding=HOSTILE_FUNDING,
        **common,
    )
    write_entry(
        kb,
        "nachbarschaftsfest",
        "## Ausgangslage\n\nEin Nachbarschaftsfest mit Begegnungscafé und Musik.",
        title="Nachbarschaftsfest in Heidelberg",
        summary="Ein Nachbarschaftsfest mit Musik.",
        themes=["Kultur"],
        municipality="Heidelberg",
        **common,
    )
    return kb


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("app")
    small_kb(root)
    return root


@pytest.fixture
def app_env(kb_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRAXISFINDER_KB", str(kb_root / "kb"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(kb_root / "index"))
    return kb_root


@pytest.fixture
def page_titles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page title the app sets (the last one is the tab's); AppTest does not keep them."""
    import streamlit

    titles: list[str] = []
    original = streamlit.set_page_config

    def record(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("page_title"):
            titles.append(kwargs["page_title"])
        return original(*args, **kwargs)

    monkeypatch.setattr(streamlit, "set_page_config", record)
    return titles


def run_app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- helpers to read the rendered app ---------------------------------------------------


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def headings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#")]


def found_heading(at: AppTest) -> str:
    return next(h for h in headings(at) if "gefunden" in h)


def result_heading_shown(at: AppTest) -> str:
    """The h2 above the results: after the filter headings ("## Filter", twice)."""
    return [h for h in headings(at) if h.startswith("## ") and h != "## Filter"][0]


def shown(markdown: str) -> str:
    """The text Streamlit shows for our escaped Markdown: splits and escapes removed.

    A model for fast tests; tests/browser/test_escaping.py checks it against Chromium.
    """
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace(":small[]", ""))


def links(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """Page links: label (as shown, without the bold markers) → query parameters."""
    result = {}
    for link in at.page_link:
        label = link.value.removeprefix("**").removesuffix("**")
        result[shown(label)] = parse_qs(link.proto.query_string)
    return result


def result_titles(at: AppTest) -> list[str]:
    return [label for label, query in links(at).items() if "eintrag" in query]


def checkbox(at: AppTest, facet: str, value: str) -> Any:
    return at.checkbox(key=f"pf_facet:{facet}:{value}")


def params(at: AppTest) -> dict[str, list[str]]:
    """The URL's query parameters after the last run, every value as a list."""
    result = {}
    for key in at.query_params:
        value = at.query_params[key]
        result[key] = [value] if isinstance(value, str) else list(value)
    return result


# -- escaping helpers ---------------------------------------------------------------------


# (content, the text a reader sees). tests/browser/test_escaping.py renders each through
# `label_escape` and `md_escape` in Chromium and compares what is on the screen.
ESCAPING_CASES: list[tuple[str, str]] = [
    (
        "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
        "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    ),
    ("<https://example.org>", "<https://example.org>"),
    ("<info@example.org>", "<info@example.org>"),
    ('=HYPERLINK("http://example.org")', '=HYPERLINK("http://example.org")'),
    ("http://example.org", "http://example.org"),
    ("HTTPS://example.org/a?b=c", "HTTPS://example.org/a?b=c"),
    ("www.example.org", "www.example.org"),
    ("info@example.org", "info@example.org"),
    ("&lt;img src=x&gt;", "&lt;img src=x&gt;"),
    ("&#60;b&#62;", "&#60;b&#62;"),
    ("&#x3C;i&#x3E;", "&#x3C;i&#x3E;"),
    ("&amp;", "&amp;"),
    ("&nbsp;", "&nbsp;"),
    ("<b>fett</b>", "<b>fett</b>"),
    (":material/home:", ":material/home:"),
    (":material_home:", ":material_home:"),
    (":streamlit:", ":streamlit:"),
    (":tada:", ":tada:"),
    (":+1: und :-1:", ":+1: und :-1:"),
    (":tada: um 10:30:45", ":tada: um 10:30:45"),
    (":red[rot]", ":red[rot]"),
    ("Farbe:red, :small[klein], :help[Hilfe]", "Farbe:red, :small[klein], :help[Hilfe]"),
    ("$x^2$", "$x^2$"),
    ("$$x$$", "$$x$$"),
    ("**fett**", "**fett**"),
    ("__fett__", "__fett__"),
    ("*kursiv* und _kursiv_", "*kursiv* und _kursiv_"),
    ("Lehrer*innen und Schüler*innen", "Lehrer*innen und Schüler*innen"),
    ("[a](http://x)", "[a](http://x)"),
    ("![b](http://x/y.png)", "![b](http://x/y.png)"),
    ("Fußnote[^1]", "Fußnote[^1]"),
    ("`code`", "`code`"),
    ("~~durch~~", "~~durch~~"),
    ("~durch~", "~durch~"),
    ("A -- B -> C <- D <-> E >= F <= G ~= H", "A -- B -> C <- D <-> E >= F <= G ~= H"),
    ("---", "---"),
    ("1. Teil", "1. Teil"),
    ("- Punkt", "- Punkt"),
    ("# Titel", "# Titel"),
    ("> Zitat", "> Zitat"),
    ("C:\\Daten\\neu\\", "C:\\Daten\\neu\\"),
    ("\\*kein Stern\\*", "\\*kein Stern\\*"),
    ("5.000 Einwohner (2018): Leitfaden – Teil 1", "5.000 Einwohner (2018): Leitfaden – Teil 1"),
    ("Haupt- & Ehrenamt; 100 % sicher!", "Haupt- & Ehrenamt; 100 % sicher!"),
    ("Zeile\nzwei", "Zeile zwei"),
]


@pytest.mark.parametrize(("text", "visible"), ESCAPING_CASES)
def test_escaped_content_reads_as_written(text: str, visible: str) -> None:
    assert shown(label_escape(text)) == visible
    assert shown(md_escape(text)) == visible


@pytest.mark.parametrize(
    "text",
    [
        "5.000 Einwohner (2018): Leitfaden – Teil 1",
        "über 100.000",
        "Haupt- & Ehrenamt",
        "Teilnehmer*innen",
        "Treffen um 10:30 Uhr",
        "Integration/Migration",
        "Förderprogramm „Gemeinsam in Vielfalt“",
        "100 % sicher!",
        "1. Regionalkonferenz",
        "Thema: Sprache",
    ],
)
def test_label_escaping_leaves_ordinary_text_alone(text: str) -> None:
    """A checkbox's aria-label is its label verbatim: no backslashes for screen readers."""
    assert label_escape(text) == text


def test_style_and_script_survive_the_html_sanitiser() -> None:
    """`st.html` runs DOMPurify, which drops a whole <style> or <script> if its text has "<"
    before a letter, "/" or "!" (as a comment mentioning an element would): none at all."""
    css = (REPO / "praxisfinder_app" / "style.css").read_text(encoding="utf-8")
    assert "<" not in css
    assert "<" not in SCROLL_RESTORE_JS


def test_the_search_views_bring_the_scroll_script(app_env: Path) -> None:
    """Browser back restores the reading position (tests/browser/test_phone_layout.py)."""
    for query in ({}, {"q": "Ehrenamtliche"}, {"eintrag": "sprachpaten-ulm"}):
        bodies = [element.proto.body for element in run_app(query).get("html")]
        assert f"<script>{SCROLL_RESTORE_JS}</script>" in bodies


def test_html_keeps_material_shortcodes_as_text() -> None:
    html = markdown_html("<p>:material/home: und :material/home:</p>")
    assert ":material/" not in html
    assert html.count("&#58;material/home:") == 2


# -- landing ----------------------------------------------------------------------------


def test_landing_shows_themes_newest_and_chart(app_env: Path) -> None:
    at = run_app()
    assert at.title[0].value == "Praxisfinder"
    labels = links(at)
    # Theme tiles link to the theme filter; themes without entries are not links.
    assert labels["Sprache"] == {"thema": ["Sprache"]}
    assert "Arbeit" not in labels
    assert "noch keine Beispiele" in markdown_text(at)
    # Newest entries first; drafts never appear.
    newest = result_titles(at)
    assert newest[0] == "Leitfaden Ehrenamt in der Verwaltung"
    assert "Geheimer Entwurf" not in markdown_text(at) and "Geheimer Entwurf" not in newest
    assert "## Beispiele nach Jahr" in headings(at)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert at.table, "the chart has a table as text alternative"
    assert labels["Alle 5 Beispiele anzeigen, neueste zuerst"] == {"sort": ["neueste"]}


def test_landing_counts_per_theme(app_env: Path) -> None:
    at = run_app()
    assert checkbox(at, "themes", "Ehrenamt").label == "Ehrenamt (2)"
    assert checkbox(at, "themes", "Arbeit").label == "Arbeit (0)"
    assert checkbox(at, "themes", "Arbeit").disabled
    assert not checkbox(at, "themes", "Sprache").disabled


# -- search -----------------------------------------------------------------------------


def test_search_on_submit_puts_query_in_url(app_env: Path) -> None:
    at = run_app()
    at.text_input(key="pf_q").input("Sprachpaten")
    at.button(key="FormSubmitter:pf_search-Suchen").click().run()
    assert not at.exception
    assert params(at) == {"q": ["Sprachpaten"]}
    assert found_heading(at) == "## 1 Beispiel gefunden"
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm"]
    card = markdown_text(at)
    assert "<mark>Sprachpaten</mark>" in card
    assert "Praxisbeispiel · Ulm · 2021" in card


def test_plural_total_and_entry_links_keep_the_search(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche"})
    assert found_heading(at) == "## 3 Beispiele gefunden"
    query = links(at)["Sprachpaten für Familien in Ulm"]
    assert query == {"q": ["Ehrenamtliche"], "eintrag": ["sprachpaten-ulm"]}


def test_drafts_are_not_found(app_env: Path) -> None:
    at = run_app({"q": "Geheimer Entwurf"})
    assert "Geheimer Entwurf" not in result_titles(at)


@pytest.mark.parametrize(
    ("facet", "value", "param", "titles"),
    [
        ("themes", "Ehrenamt", "thema", {"Sprachpaten", "Leitfaden"}),
        ("type", "Projekt", "typ", {"Fußball"}),
        ("size", "über 100.000", "groesse", {"Sprachpaten", "Fußball"}),
        ("size", "unter 5.000", "groesse", {"Wohnraum"}),
        ("funding", "Pakt für Integration mit den Kommunen", "foerderung", {"Leitfaden"}),
    ],
)
def test_checkbox_facets_filter_and_go_to_url(
    app_env: Path, facet: str, value: str, param: str, titles: set[str]
) -> None:
    at = run_app({"sort": "relevanz"})
    checkbox(at, facet, value).check().run()
    assert not at.exception
    assert params(at)[param] == [value]
    assert {t.split()[0] for t in result_titles(at)} == titles
    # Unchecking removes the filter again.
    checkbox(at, facet, value).uncheck().run()
    assert param not in params(at)


# Baden-Württemberg's 9 Stadtkreise and 35 Landkreise, written as kb/taxonomy.yaml says
# (Landkreise named after a place as "Landkreis X", the Stadtkreis as the city's name).
STADTKREISE = [
    "Baden-Baden", "Freiburg im Breisgau", "Heidelberg", "Heilbronn", "Karlsruhe",
    "Mannheim", "Pforzheim", "Stuttgart", "Ulm",
]  # fmt: skip
LANDKREISE = [
    "Alb-Donau-Kreis", "Bodenseekreis", "Breisgau-Hochschwarzwald", "Enzkreis",
    "Hohenlohekreis", "Landkreis Biberach", "Landkreis Böblingen", "Landkreis Calw",
    "Landkreis Emmendingen", "Landkreis Esslingen", "Landkreis Freudenstadt",
    "Landkreis Göppingen", "Landkreis Heidenheim", "Landkreis Heilbronn",
    "Landkreis Karlsruhe", "Landkreis Konstanz", "Landkreis Lörrach", "Landkreis Ludwigsburg",
    "Landkreis Rastatt", "Landkreis Ravensburg", "Landkreis Reutlingen", "Landkreis Rottweil",
    "Landkreis Schwäbisch Hall", "Landkreis Sigmaringen", "Landkreis Tübingen",
    "Landkreis Tuttlingen", "Landkreis Waldshut", "Main-Tauber-Kreis", "Neckar-Odenwald-Kreis",
    "Ortenaukreis", "Ostalbkreis", "Rems-Murr-Kreis", "Rhein-Neckar-Kreis",
    "Schwarzwald-Baar-Kreis", "Zollernalbkreis",
]  # fmt: skip


def test_the_taxonomy_has_all_44_districts() -> None:
    from indexer.taxonomy import load_taxonomy

    assert (len(STADTKREISE), len(LANDKREISE)) == (9, 35)
    assert sorted(load_taxonomy(REPO / "kb").districts) == sorted(STADTKREISE + LANDKREISE)


def test_every_district_is_offered_with_its_count(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche"})
    select = at.multiselect(key="pf_multi:district")
    # All 44 districts, then the state-wide value; those without hits with 0, not left out.
    assert len(select.options) == 45
    assert select.options[-1] == "Baden-Württemberg (landesweit) (0)"
    assert {"Ulm (1)", "Landkreis Tübingen (1)", "Alb-Donau-Kreis (1)"} <= set(select.options)
    assert {"Landkreis Calw (0)", "Pforzheim (0)", "Zollernalbkreis (0)"} <= set(select.options)
    select.select("Ulm").run()
    assert params(at)["kreis"] == ["Ulm"]
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm"]
    # Disjunctive: the other districts stay selectable with their own counts.
    assert "Landkreis Tübingen (1)" in at.multiselect(key="pf_multi:district").options


def test_a_district_without_examples_says_so(app_env: Path) -> None:
    at = run_app({"thema": "Sprache"})
    select = at.multiselect(key="pf_multi:district")
    assert "Landkreis Calw (0)" in select.options
    select.select("Landkreis Calw").run()
    assert params(at) == {"thema": ["Sprache"], "kreis": ["Landkreis Calw"]}
    assert result_heading_shown(at) == "## Keine Beispiele gefunden"
    assert at.multiselect(key="pf_multi:district").value == ["Landkreis Calw"]
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Für „Landkreis Calw“ gibt es noch keine Beispiele im Praxisfinder." in text
    labels = links(at)
    assert "Sie kennen eines? Beispiel vorschlagen" in labels
    assert labels["Filter „Kreis: Landkreis Calw“ entfernen und 1 Beispiel anzeigen"] == {
        "thema": ["Sprache"]
    }


def test_year_range(app_env: Path) -> None:
    at = run_app({"sort": "neueste"})
    at.selectbox(key="pf_year_from").select(2019).run()
    at.selectbox(key="pf_year_to").select(2021).run()
    assert params(at)["jahr_von"] == ["2019"] and params(at)["jahr_bis"] == ["2021"]
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm", "Fußball für alle in Pforzheim"]
    at.selectbox(key="pf_year_from").select(0).run()  # "beliebig"
    assert "jahr_von" not in params(at)


def test_counts_follow_filters_and_are_disjunctive(app_env: Path) -> None:
    at = run_app({"thema": "Ehrenamt"})
    # Within the themes facet, counts ignore the theme filter itself …
    assert checkbox(at, "themes", "Sport").label == "Sport (1)"
    assert checkbox(at, "themes", "Ehrenamt").value is True
    # … while other facets count under it.
    assert checkbox(at, "type", "Leitfaden").label == "Leitfaden (1)"
    assert checkbox(at, "type", "Projekt").label == "Projekt (0)"
    assert checkbox(at, "type", "Projekt").disabled
    checkbox(at, "type", "Leitfaden").check().run()
    assert checkbox(at, "themes", "Sprache").label == "Sprache (0)"
    assert result_heading_shown(at) == "## 1 Beispiel zum Thema „Ehrenamt“"


def test_active_filters_are_removable_chips(app_env: Path) -> None:
    at = run_app({"thema": ["Ehrenamt", "Sport"], "typ": "Projekt", "jahr_von": "2019"})
    chips = [b.label for b in at.button if b.key and b.key.startswith("pf_remove:")]
    assert chips == ["Thema: Ehrenamt", "Thema: Sport", "Art: Projekt", "Jahr: ab 2019"]
    next(b for b in at.button if b.label == "Thema: Sport").click().run()
    assert params(at) == {"thema": ["Ehrenamt"], "typ": ["Projekt"], "jahr_von": ["2019"]}
    at.button(key="pf_reset").click().run()
    assert params(at) == {}
    assert "## Themen" in headings(at), "no query and no filter: back on the landing page"


@pytest.mark.parametrize(
    ("years", "chip"),
    [
        ({"jahr_von": "2018"}, "Jahr: ab 2018"),
        ({"jahr_bis": "2020"}, "Jahr: bis 2020"),
        ({"jahr_von": "2018", "jahr_bis": "2020"}, "Jahr: 2018–2020"),
        ({"jahr_von": "2020", "jahr_bis": "2018"}, "Jahr: 2018–2020"),
        ({"jahr_von": "2019", "jahr_bis": "2019"}, "Jahr: 2019"),
    ],
)
def test_the_year_chip_reads_as_german(app_env: Path, years: dict[str, str], chip: str) -> None:
    at = run_app(years)
    assert [b.label for b in at.button if b.key and b.key.startswith("pf_remove:")] == [chip]


def test_years_label() -> None:
    assert years_label(2018, None) == "ab 2018"
    assert years_label(None, 2020) == "bis 2020"
    assert years_label(2018, 2020) == "2018–2020"
    assert years_label(None, None) == ""


def test_browsing_a_theme_names_it(app_env: Path, page_titles: list[str]) -> None:
    at = run_app({"thema": "Ehrenamt"})
    assert result_heading_shown(at) == "## 2 Beispiele zum Thema „Ehrenamt“"
    assert page_titles[-1] == "„Ehrenamt“: 2 Beispiele – Praxisfinder"
    description = "Bürgerschaftliches Engagement, Freiwilligenarbeit und Zusammenarbeit von "
    assert md_escape(description + "Haupt- und Ehrenamt") in [c.value for c in at.caption]
    at = run_app({"thema": "Sprache"})
    assert result_heading_shown(at) == "## 1 Beispiel zum Thema „Sprache“"
    assert page_titles[-1] == "„Sprache“: 1 Beispiel – Praxisfinder"


@pytest.mark.parametrize(
    ("query", "total", "heading", "title"),
    [
        ({"thema": "Arbeit"}, 12, "12 Beispiele zum Thema „Arbeit“", "„Arbeit“: 12 Beispiele"),
        ({"thema": "Arbeit", "typ": "Projekt"}, 1, "1 Beispiel zum Thema „Arbeit“",
         "„Arbeit“: 1 Beispiel"),
        ({"thema": ["Arbeit", "Sport"]}, 3, "3 Beispiele gefunden", "3 Beispiele"),
        ({"q": "Sprachpaten", "thema": "Arbeit"}, 2, "2 Beispiele gefunden",
         "„Sprachpaten“: 2 Beispiele"),
        ({"thema": "Arbeit"}, 0, "Keine Beispiele gefunden", "„Arbeit“: keine Beispiele"),
        ({"kreis": "Ulm"}, 0, "Keine Beispiele gefunden", "Keine Beispiele"),
        ({"q": "Xylofon"}, 0, "Keine Beispiele gefunden", "„Xylofon“: keine Beispiele"),
    ],
)  # fmt: skip
def test_result_heading_and_page_title(
    query: dict[str, str | list[str]], total: int, heading: str, title: str
) -> None:
    state = parse_mapping(query)
    assert result_heading(state, total) == heading
    assert page_title(state, total) == f"{title} – Praxisfinder"


def test_page_title_of_a_query(app_env: Path, page_titles: list[str]) -> None:
    run_app({"q": "Ehrenamtliche", "thema": "Ehrenamt"})
    assert page_titles[-1] == "„Ehrenamtliche“: 2 Beispiele – Praxisfinder"


def test_without_a_query_the_newest_come_first(app_env: Path) -> None:
    at = run_app({"thema": "Ehrenamt"})
    assert at.radio(key="pf_sort").value == "year"
    assert result_titles(at) == [
        "Leitfaden Ehrenamt in der Verwaltung",
        "Sprachpaten für Familien in Ulm",
    ]
    assert "sort" not in params(at), "the default is not written into links"
    # Relevance can still be chosen; with a query it is the default.
    at.radio(key="pf_sort").set_value("relevance").run()
    assert params(at) == {"thema": ["Ehrenamt"], "sort": ["relevanz"]}
    assert run_app({"q": "Ehrenamtliche"}).radio(key="pf_sort").value == "relevance"
    assert SearchState().sort_or_default == "year"
    assert SearchState(query="Sport").sort_or_default == "relevance"


def test_filters_for_phones_are_a_second_copy_behind_a_counted_expander(app_env: Path) -> None:
    """style.css shows the expander only on phones, the filter column only on wider screens
    (tests/browser/test_phone_layout.py); the expander's copy is drawn only while open."""
    query = {"thema": ["Ehrenamt", "Sprache"], "jahr_von": "2019"}
    at = run_app(query)
    assert [e.label for e in at.expander] == ["Filter (3)"]
    assert not [c for c in at.checkbox if c.key.startswith("pf_phone_")], "closed: not drawn"
    # Opened (AppTest cannot click an expander: the app's record of it is set instead).
    at.session_state["pf_filters_phone_open"] = parse_mapping(query)
    at.run()
    phone = at.checkbox(key="pf_phone_facet:themes:Ehrenamt")
    assert phone.value is True and phone.label == checkbox(at, "themes", "Ehrenamt").label
    at.checkbox(key="pf_phone_facet:themes:Sprache").uncheck().run()
    assert params(at) == {"thema": ["Ehrenamt"], "jahr_von": ["2019"]}
    assert [e.label for e in at.expander] == ["Filter (2)"]
    assert checkbox(at, "themes", "Sprache").value is False  # the other copy follows
    # Still open after the change made from it.
    at.multiselect(key="pf_phone_multi:district").select("Ulm").run()
    assert params(at)["kreis"] == ["Ulm"]
    at.selectbox(key="pf_phone_year_to").select(2021).run()
    assert params(at)["jahr_bis"] == ["2021"]
    assert [e.label for e in at.expander] == ["Filter (3)"]  # the year range counts once
    # A new search closes them: the results come first.
    at.text_input(key="pf_q").input("Sprachpaten")
    at.button(key="FormSubmitter:pf_search-Suchen").click().run()
    assert not [c for c in at.checkbox if c.key.startswith("pf_phone_")]
    assert [e.label for e in run_app().expander][0] == "Filter"


def test_sort_newest(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche"})
    at.radio(key="pf_sort").set_value("year").run()
    assert params(at) == {"q": ["Ehrenamtliche"], "sort": ["neueste"]}
    years = [t for t in result_titles(at)]
    assert years == [
        "Leitfaden Ehrenamt in der Verwaltung",
        "Sprachpaten für Familien in Ulm",
        "Wohnraum aus Leerstand in Dornstadt",
    ]


def test_export_button_is_offered(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche"})
    assert [b.label for b in at.download_button] == ["Ergebnisliste als CSV herunterladen"]


# -- no results -------------------------------------------------------------------------


def test_no_results_suggests_spelling_and_a_click_runs_it(app_env: Path) -> None:
    at = run_app({"q": "Sprachpatne", "thema": "Sport"})
    assert found_heading(at) == "## Keine Beispiele gefunden"
    assert "0 Beispiele" not in markdown_text(at)
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Zur Suche nach „Sprachpatne“ mit den gewählten Filtern passt kein Beispiel." in text
    labels = links(at)
    suggestion = labels["Meinten Sie „Sprachpaten“?"]
    assert suggestion == {"q": ["Sprachpaten"], "thema": ["Sport"]}
    assert labels["Filter „Thema: Sport“ entfernen und 1 Beispiel anzeigen"] == {
        "q": ["Sprachpatne"]
    }
    assert labels["Ohne Suchbegriff nur mit den Filtern suchen: 1 Beispiel"] == {"thema": ["Sport"]}
    at = run_app(dict(suggestion))
    assert at.text_input(key="pf_q").value == "Sprachpaten"


def test_typo_still_finds_and_suggests(app_env: Path) -> None:
    at = run_app({"q": "Sprachpatne"})
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm"]
    assert links(at)["Meinten Sie „Sprachpaten“?"] == {"q": ["Sprachpaten"]}


def test_relaxed_results_are_announced(app_env: Path) -> None:
    at = run_app({"q": "Sprachpaten Fußball"})  # each in another entry
    assert "Sprachpaten für Familien in Ulm" in result_titles(at)
    assert "Kein Beispiel passt zu allen Suchwörtern" in at.info[0].value


def test_a_word_no_entry_has_is_named(app_env: Path) -> None:
    at = run_app({"q": "Sprachpaten Xylofon"})
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm"]
    assert at.info[0].value == md_escape(
        "„Xylofon“ kommt in keinem Beispiel vor: Gezeigt werden die Treffer ohne dieses Wort."
    )


CUT_NOTICE = "Die Suchanfrage war länger als 500 Zeichen; gesucht wurde mit ihrem Anfang."


@pytest.mark.parametrize("length", [501, 999, 5000])
def test_a_cut_query_says_so(app_env: Path, length: int) -> None:
    query = ("Sprachpaten " + "Familie " * 700)[:length]
    at = run_app({"q": query})
    assert [i.value for i in at.info][0] == md_escape(CUT_NOTICE)
    assert result_titles(at)[0] == "Sprachpaten für Familien in Ulm"
    # The notice stands right below the result heading, before any result.
    kinds = [(e.type, e.value if e.type == "markdown" else "") for e in at.main]
    heading = kinds.index(("markdown", found_heading(at)))
    assert kinds[heading + 1] == ("info", "")


def test_a_typed_query_cut_to_the_limit_says_so_even_without_results(app_env: Path) -> None:
    at = run_app()
    at.text_input(key="pf_q").input("Xylofon " * 80)
    at.button(key="FormSubmitter:pf_search-Suchen").click().run()
    assert found_heading(at) == "## Keine Beispiele gefunden"
    assert md_escape(CUT_NOTICE) in [i.value for i in at.info]


def test_a_query_at_the_limit_is_not_cut(app_env: Path) -> None:
    at = run_app({"q": ("Sprachpaten " + "Familie " * 100)[:500]})
    assert not [i.value for i in at.info if "Zeichen" in i.value]


def test_broken_syntax_is_searched_as_words_and_says_so(app_env: Path) -> None:
    at = run_app({"q": "NOT NOT NOT Sprachpaten"})
    assert "Die Suchsyntax" in at.info[0].value
    assert not at.exception


def test_no_results_offers_to_drop_the_most_restrictive_filter(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche", "kreis": "Pforzheim", "typ": "Praxisbeispiel"})
    assert found_heading(at) == "## Keine Beispiele gefunden"
    labels = links(at)
    # Without the district filter: 2 hits; without the type filter: 0 (Pforzheim's is a Projekt).
    assert labels["Filter „Kreis: Pforzheim“ entfernen und 2 Beispiele anzeigen"] == {
        "q": ["Ehrenamtliche"],
        "typ": ["Praxisbeispiel"],
    }
    # The filters alone find nothing either: not offered.
    assert not [label for label in labels if label.startswith("Ohne Suchbegriff")]


def test_an_empty_result_says_what_to_try(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche Xylofon", "typ": "Projekt"})
    assert found_heading(at) == "## Keine Beispiele gefunden"
    assert not [h for h in headings(at) if "0 Beispiele" in h]
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Das können Sie versuchen:" in text
    assert "Prüfen Sie die Schreibweise der Suchwörter." in text
    assert "Verwenden Sie weniger Suchwörter" in text
    assert "Entfernen Sie Filter" in text
    # Without the type filter, examples with some of the words are found.
    assert "Filter „Art: Projekt“ entfernen und 3 Beispiele anzeigen" in links(at)
    # No column of greyed-out options: only the chosen ones and those with hits are shown
    # (here other types, which count for the query without the type filter).
    assert [c.label for c in at.checkbox if c.disabled] == []
    shown_options = [c.label for c in at.checkbox if c.key.startswith("pf_facet:")]
    assert shown_options == ["Praxisbeispiel (2)", "Projekt (0)", "Leitfaden (1)"]
    assert checkbox(at, "type", "Projekt").value is True


def test_an_empty_result_of_filters_only_offers_the_list_of_all(app_env: Path) -> None:
    at = run_app({"thema": "Arbeit"})  # a theme without examples
    assert found_heading(at) == "## Keine Beispiele gefunden"
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Für „Arbeit“ gibt es noch keine Beispiele im Praxisfinder." in text
    assert "Schreibweise" not in text  # no query, no spelling to check
    # Dropping the only filter lists every entry (not the landing page).
    assert links(at)["Filter „Thema: Arbeit“ entfernen und 5 Beispiele anzeigen"] == {
        "sort": ["neueste"]
    }


# -- URL state --------------------------------------------------------------------------


FULL_STATE = {
    "q": ["Ehrenamtliche"],
    "thema": ["Ehrenamt", "Sprache"],
    "typ": ["Praxisbeispiel"],
    "kreis": ["Ulm"],
    "groesse": ["über 100.000"],
    "foerderung": ["Gemeinsam in Vielfalt"],
    "jahr_von": ["2020"],
    "jahr_bis": ["2022"],
    "sort": ["neueste"],
}


def test_url_state_round_trip(app_env: Path) -> None:
    at = run_app(dict(FULL_STATE))
    assert at.text_input(key="pf_q").value == "Ehrenamtliche"
    assert checkbox(at, "themes", "Ehrenamt").value and checkbox(at, "themes", "Sprache").value
    assert checkbox(at, "type", "Praxisbeispiel").value
    assert checkbox(at, "size", "über 100.000").value
    assert checkbox(at, "funding", "Gemeinsam in Vielfalt").value
    assert at.multiselect(key="pf_multi:district").value == ["Ulm"]
    assert at.selectbox(key="pf_year_from").value == 2020
    assert at.selectbox(key="pf_year_to").value == 2022
    assert at.radio(key="pf_sort").value == "year"
    assert result_titles(at) == ["Sprachpaten für Familien in Ulm"]
    # The entry link carries the whole state plus the entry.
    assert links(at)["Sprachpaten für Familien in Ulm"] == {
        **FULL_STATE,
        "eintrag": ["sprachpaten-ulm"],
    }
    # An interaction rewrites the URL from the same state (plus the change).
    checkbox(at, "themes", "Sprache").uncheck().run()
    assert params(at) == {**FULL_STATE, "thema": ["Ehrenamt"]}


def test_state_parsing_round_trip_without_streamlit() -> None:
    state = parse_mapping({**FULL_STATE, "seite": "3", "eintrag": "sprachpaten-ulm"})
    assert to_params(state) == {**FULL_STATE, "seite": ["3"], "eintrag": ["sprachpaten-ulm"]}


@pytest.mark.parametrize(
    "bad",
    [
        {"seite": "abc"},
        {"seite": "-1"},
        {"seite": "99999999999999999999"},
        {"jahr_von": "zwanzig", "jahr_bis": "1"},
        {"sort": "beliebig"},
        {"sort": ["neueste", "relevanz"]},
        {"thema": "Gibt es nicht"},
        {"kreis": "<script>alert(1)</script>"},
        {"eintrag": "<script>alert(1)</script>"},
        {"eintrag": "../../etc/passwd"},
        {"q": "x" * 5000},
        {"q": "\x00\x1b[31m"},
        {"unbekannt": "1", "utm_source": "newsletter"},
        {"q": "title:(", "thema": "Sport"},
    ],
)
def test_malformed_params_are_ignored(app_env: Path, bad: dict[str, Any]) -> None:
    at = run_app(bad)  # asserts no exception
    assert not at.error
    assert at.title[0].value == "Praxisfinder"


def test_page_beyond_the_end_shows_the_last_page(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche", "seite": "7"})
    assert found_heading(at) == "## 3 Beispiele gefunden"
    assert len(result_titles(at)) == 3


def test_year_range_given_backwards_is_swapped(app_env: Path) -> None:
    at = run_app({"jahr_von": "2021", "jahr_bis": "2019"})
    assert set(result_titles(at)) == {
        "Sprachpaten für Familien in Ulm",
        "Fußball für alle in Pforzheim",
    }


# -- entry page -------------------------------------------------------------------------


def test_entry_page(app_env: Path) -> None:
    at = run_app({"q": "Ehrenamtliche", "eintrag": "sprachpaten-ulm"})
    assert at.title[0].value == "Sprachpaten für Familien in Ulm"
    text = markdown_text(at)
    assert "<h2>Ausgangslage</h2>" in text
    assert "Über 40 Tandems entstanden" in text
    for label in ("Kommune", "Kreis", "Jahr", "Förderprogramm", "Partner", "Kontakt", "Links"):
        assert f"<dt>{label}</dt>" in text
    assert "<dd>über 100.000 Einwohner</dd>" in text
    assert "<dd>01.03.2024</dd>" in text
    assert '<a href="https://example.org/sprachpaten"' in text
    assert 'href="javascript' not in text, "a javascript: link in `links` is shown as text"
    labels = links(at)
    assert labels["Zurück zur Ergebnisliste"] == {"q": ["Ehrenamtliche"]}
    assert "## Ähnliche Beispiele" in headings(at)
    assert labels["Änderung vorschlagen"] == {"eintrag": ["sprachpaten-ulm"]}
    assert "Bearbeiten" not in labels  # only for a signed-in editor
    related = [label for label, query in labels.items() if "eintrag" in query and "q" in query]
    assert related and "Sprachpaten für Familien in Ulm" not in related
    assert "Geheimer Entwurf" not in related
    # Both share wording ("Ehrenamtliche begleiten", "Familien"); the guide also a theme.
    assert set(related[:2]) == {
        "Leitfaden Ehrenamt in der Verwaltung",
        "Wohnraum aus Leerstand in Dornstadt",
    }
    assert [b.label for b in at.download_button] == ["Eintrag als Markdown herunterladen"]


@pytest.mark.parametrize("slug", ["gibt-es-nicht", "entwurf-geheim"])
def test_unknown_or_draft_entry_is_not_found(app_env: Path, slug: str) -> None:
    at = run_app({"eintrag": slug})
    assert at.title[0].value == "Eintrag nicht gefunden"
    assert links(at)["Zur Startseite"] == {}
    assert "Noch nicht veröffentlicht" not in markdown_text(at)


def test_hostile_entry_is_rendered_inert(app_env: Path) -> None:
    at = run_app({"eintrag": "kulturfest-xss"})
    assert shown(at.title[0].value) == "Kulturfest <b>bunt</b> & offen"
    html_blocks = [m.value for m in at.markdown if m.proto.allow_html]
    assert html_blocks
    for block in html_blocks:
        lowered = block.lower()
        assert "<script" not in lowered
        assert "<img" not in lowered
        assert not re.search(r"<[^>]+\son\w+\s*=", lowered), block
        assert 'href="javascript' not in lowered
        assert "\n" not in block, "one raw HTML block for Streamlit's Markdown pass"
    body = "\n".join(html_blocks)
    assert "&lt;script&gt;window.pfPwned = 1&lt;/script&gt;" in body  # shown as text
    assert '<a href="https://example.org/programm"' in body
    assert "Bild: Plakat" in body and "tracker.example/pixel.png" in body


def test_hostile_entry_in_result_list_is_escaped(app_env: Path) -> None:
    at = run_app({"q": "Kulturfest"})
    assert result_titles(at) == ["Kulturfest <b>bunt</b> & offen"]
    text = markdown_text(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img" not in text


# -- content that looks like Markdown (widget labels, titles, tooltips) ------------------


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile_kb(root)
    return root


@pytest.fixture
def hostile_env(hostile_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRAXISFINDER_KB", str(hostile_root / "kb"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(hostile_root / "index"))
    return hostile_root


def html_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if m.proto.allow_html)


def test_hostile_facet_values_are_escaped_labels(hostile_env: Path) -> None:
    at = run_app({"sort": "neueste"})
    for value in HOSTILE_FUNDING:
        assert checkbox(at, "funding", value).label == f"{label_escape(value)} (1)"
    assert checkbox(at, "themes", HOSTILE_THEME).label == f"{label_escape(HOSTILE_THEME)} (1)"
    labels = [link.value for link in at.page_link]
    assert f"**{md_escape(HOSTILE_TITLE)}**" in labels
    assert HOSTILE_TITLE in result_titles(at)
    assert ":material/" not in html_text(at), "Streamlit would rewrite it to :material_"


def test_hostile_active_filters_are_escaped_chips(hostile_env: Path) -> None:
    at = run_app({"foerderung": HOSTILE_FUNDING})
    chips = [b.label for b in at.button if b.key and b.key.startswith("pf_remove:")]
    assert chips == [label_escape(f"Förderprogramm: {value}") for value in HOSTILE_FUNDING]
    assert [shown(chip) for chip in chips] == [f"Förderprogramm: {v}" for v in HOSTILE_FUNDING]
    next(b for b in at.button if b.label == chips[-1]).click().run()
    assert params(at) == {"foerderung": HOSTILE_FUNDING[:-1]}


def test_hostile_title_on_entry_page_and_among_similar_entries(hostile_env: Path) -> None:
    at = run_app({"eintrag": "hostile-labels"})
    assert at.title[0].value == md_escape(HOSTILE_TITLE)
    assert shown(at.title[0].value) == HOSTILE_TITLE
    assert ":material/" not in html_text(at)
    assert "&#58;material/home: Heidelberg" in html_text(at)
    at = run_app({"eintrag": "nachbarschaftsfest"})
    assert links(at)[HOSTILE_TITLE] == {"eintrag": ["hostile-labels"]}


def test_hostile_theme_tile_link_help_and_caption(hostile_env: Path) -> None:
    at = run_app()
    tile = next(link for link in at.page_link if shown(link.value) == f"**{HOSTILE_THEME}**")
    assert tile.value == f"**{md_escape(HOSTILE_THEME)}**"
    assert tile.proto.help == f"Beispiele zum Thema {md_escape(HOSTILE_THEME)} anzeigen"
    captions = [c.value for c in at.caption]
    assert md_escape("&lt;b&gt; :tada: http://example.org/feste") in captions
    assert HOSTILE_TITLE in result_titles(at), "among the newest entries"


# -- empty and broken knowledge bases -----------------------------------------------------


def test_empty_knowledge_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = make_kb(tmp_path)
    monkeypatch.setenv("PRAXISFINDER_KB", str(kb))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(tmp_path / "index"))
    at = run_app()
    assert "noch keine veröffentlichten Beispiele" in at.info[0].value
    at = run_app({"q": "Sprache", "thema": "Sprache"})
    assert "noch keine veröffentlichten Beispiele" in at.info[0].value
    at = run_app({"eintrag": "irgendwas"})
    assert at.title[0].value == "Eintrag nicht gefunden"


def test_views_follow_a_rebuilt_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.building import build_index

    kb = make_kb(tmp_path)
    monkeypatch.setenv("PRAXISFINDER_KB", str(kb))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(tmp_path / "index"))
    assert "noch keine veröffentlichten Beispiele" in run_app().info[0].value
    write_entry(
        kb,
        "neu",
        "## Ausgangslage\n\nEin neues Beispiel zum Sport.",
        title="Neues Sportbeispiel",
        summary="Neu.",
        type="Projekt",
        themes=["Sport"],
        municipality="Ulm",
        district="Ulm",
        year=2024,
    )
    build_index(kb, tmp_path / "index")  # incremental: same generation, new segment
    at = run_app()
    assert result_titles(at) == ["Neues Sportbeispiel"]
    assert checkbox(at, "themes", "Sport").label == "Sport (1)"


def test_missing_taxonomy_is_reported_kindly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRAXISFINDER_KB", str(tmp_path / "nirgends"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(tmp_path / "index"))
    at = run_app()
    assert "konnte nicht geladen werden" in at.error[0].value


def _about_script() -> None:
    from praxisfinder_app import about_page

    about_page.render()


def test_about_page() -> None:
    at = AppTest.from_function(_about_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.title[0].value == "Über den Praxisfinder"
    assert "keine externen Schriften" in markdown_text(at)


# -- pagination (a knowledge base with 23 entries) ------------------------------------------


@pytest.fixture(scope="module")
def many_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    kb = make_kb(root)
    for i in range(23):
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
    return root


@pytest.fixture
def many_env(many_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRAXISFINDER_KB", str(many_root / "kb"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(many_root / "index"))
    return many_root


def test_pagination(many_env: Path) -> None:
    at = run_app({"thema": "Sport", "sort": "neueste"})
    assert result_heading_shown(at) == "## 23 Beispiele zum Thema „Sport“"
    assert result_titles(at)[0] == "Sportverein 22"
    assert len(result_titles(at)) == 10
    labels = links(at)
    assert labels["Seite 2"] == {"thema": ["Sport"], "sort": ["neueste"], "seite": ["2"]}
    assert labels["Nächste Seite"] == labels["Seite 2"]
    assert "Vorherige Seite" not in labels
    at = run_app({"thema": "Sport", "sort": "neueste", "seite": "3"})
    assert result_titles(at) == ["Sportverein 02", "Sportverein 01", "Sportverein 00"]
    assert "Treffer 21–23 von 23" in [c.value for c in at.caption]
    assert links(at)["Vorherige Seite"]["seite"] == ["2"]
    # A filter change goes back to page 1.
    checkbox(at, "themes", "Sport").uncheck().run()
    assert "seite" not in params(at)


def test_words_no_entry_has_are_left_out_and_the_page_says_so(app_env: Path) -> None:
    at = run_app({"q": "Sprachpaten Xylofrumpel Qwartzibu Plonkterix Zwurbelmix"})
    assert "Sprachpaten für Familien in Ulm" in result_titles(at)
    notice = (
        "„Xylofrumpel“, „Qwartzibu“, „Plonkterix“ und „Zwurbelmix“ kommen in keinem "
        "Beispiel vor: Gezeigt werden die Treffer ohne diese Wörter."
    )
    assert md_escape(notice) in [i.value for i in at.info]
