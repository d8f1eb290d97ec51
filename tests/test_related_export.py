"""Related entries (more-like-this + shared themes) and the CSV / Markdown exports."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from document_fixtures import text_pdf
from streamlit.testing.v1 import AppTest
from test_app import APP, TIMEOUT, make_kb, small_kb, write_entry

from indexer.building import build_index
from indexer.export import (
    CSV_COLUMNS,
    all_hits,
    entry_filename,
    entry_markdown,
    results_csv,
)
from indexer.loading import parse_entry
from indexer.related import related_entries
from indexer.searching import Hit, Index, SearchError
from indexer.taxonomy import load_taxonomy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    root = tmp_path_factory.mktemp("related")
    kb = small_kb(root)
    write_entry(
        kb,
        "sprachcafe-ulm",
        "## Vorgehen\n\nIm Sprachcafé üben Sprachpaten mit Familien Deutsch; Sprachpaten "
        "bereiten die Treffen vor und begleiten Familien zu Terminen.",
        title="Sprachcafé im Stadtteil",
        summary="Ein offenes Sprachcafé mit ehrenamtlichen Sprachpaten.",
        type="Praxisbeispiel",
        themes=["Kultur"],
        municipality="Ulm",
        district="Ulm",
        year=2020,
    )
    build_index(kb, root / "index")
    return Index.open(root / "index")


def slugs(index: Index, slug: str, **kwargs: object) -> list[str]:
    return [r.slug for r in related_entries(index, slug, **kwargs)]  # type: ignore[arg-type]


def test_similar_wording_ranks_first(index: Index) -> None:
    # "sprachcafe-ulm" shares no theme with "sprachpaten-ulm" but its words.
    assert slugs(index, "sprachpaten-ulm")[0] in {"sprachcafe-ulm", "leitfaden-ehrenamt-tuebingen"}
    assert "sprachcafe-ulm" in slugs(index, "sprachpaten-ulm", limit=3)


def test_shared_themes_count(index: Index) -> None:
    related = {r.slug: r for r in related_entries(index, "sprachpaten-ulm", limit=10)}
    assert related["leitfaden-ehrenamt-tuebingen"].shared_themes == ("Ehrenamt",)
    assert related["sprachcafe-ulm"].shared_themes == ()


def test_theme_weight_decides_between_text_and_themes(index: Index) -> None:
    assert slugs(index, "sprachpaten-ulm", theme_weight=0.0)[0] == "sprachcafe-ulm"
    assert slugs(index, "sprachpaten-ulm", theme_weight=10.0)[0] == "leitfaden-ehrenamt-tuebingen"


def test_never_itself_nor_drafts(index: Index) -> None:
    for slug in ("sprachpaten-ulm", "kulturfest-xss", "wohnraum-dornstadt"):
        found = slugs(index, slug, limit=10)
        assert slug not in found
        assert "entwurf-geheim" not in found
        assert len(found) == len(set(found))


def test_limit_and_unknown(index: Index) -> None:
    assert len(slugs(index, "sprachpaten-ulm", limit=2)) == 2
    assert slugs(index, "sprachpaten-ulm", limit=0) == []
    assert slugs(index, "gibt-es-nicht") == []


def test_single_entry_has_no_related(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    write_entry(
        kb,
        "allein",
        "## Ausgangslage\n\nEin einzelnes Beispiel.",
        title="Allein",
        summary="Einzeln.",
        type="Projekt",
        themes=["Sport"],
        municipality="Ulm",
        district="Ulm",
        year=2020,
    )
    build_index(kb, tmp_path / "index")
    assert slugs(Index.open(tmp_path / "index"), "allein") == []


# -- CSV ----------------------------------------------------------------------------------


def hit(**fields: object) -> Hit:
    base = {
        "title": "Titel",
        "type": "Projekt",
        "themes": ["Sport", "Kultur"],
        "municipality": "Ulm",
        "district": "Ulm",
        "year": 2020,
        "summary": "Kurz.",
    }
    base.update(fields)
    return Hit(slug="slug-1", title=str(base["title"]), score=1.0, snippet="", fields=base)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_bom_semicolons_and_umlauts() -> None:
    rows = read_csv(results_csv([hit(title="Bürgerbüro „Straße“; Teil 2", funding=["Pakt"])]))
    assert rows[0] == [heading for heading, _ in CSV_COLUMNS]
    assert rows[1][0] == "Bürgerbüro „Straße“; Teil 2"
    assert rows[1][2] == "Sport, Kultur"
    assert rows[1][6] == "Pakt"


def test_csv_link_column() -> None:
    rows = read_csv(
        results_csv([hit()], entry_url=lambda slug: f"https://pf.example/?eintrag={slug}")
    )
    assert rows[0][-1] == "Link"
    assert rows[1][-1] == "https://pf.example/?eintrag=slug-1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 711", "'+49 711"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Zeile 1\nZeile 2", "Zeile 1 Zeile 2"),
        ("normal", "normal"),
    ],
)
def test_csv_cells_are_not_formulas(value: str, expected: str) -> None:
    assert read_csv(results_csv([hit(summary=value)]))[1][7] == expected


def test_all_hits_pages_through_every_result(tmp_path: Path) -> None:
    kb = make_kb(tmp_path)
    for i in range(205):
        write_entry(
            kb,
            f"eintrag-{i:03d}",
            "## Vorgehen\n\nText.",
            title=f"Eintrag {i:03d}",
            summary="Kurz.",
            type="Projekt",
            themes=["Sport"],
            municipality="Ulm",
            district="Ulm",
            year=2000 + i % 20,
        )
    build_index(kb, tmp_path / "index")
    index = Index.open(tmp_path / "index")
    found = [h.slug for h in all_hits(index, sort="year")]
    assert len(found) == 205 == len(set(found))
    rows = read_csv(results_csv(all_hits(index, filters={"year": ["2019"]})))
    assert len(rows) == 1 + 10


# -- exports of whole result lists: as before, but without snippets ----------------------


def paged_with_snippets(index: Index, query: str, **kwargs: Any) -> Iterator[Hit]:
    """How exports fetched their hits before: pages of 100 with snippets (the reference)."""
    page = 1
    while True:
        result = index.search(query, page=page, page_size=100, **kwargs)
        yield from result.hits
        if page >= result.pages or not result.hits:
            return
        page += 1


def link(slug: str) -> str:
    return f"https://pf.example/?eintrag={slug}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Index, set[str]]:
    """230 synthetic entries (some drafts) and one whose PDF holds a rare word; the drafts."""
    root = tmp_path_factory.mktemp("export")
    kb = root / "kb"
    generate(kb, 230, 5)
    (kb / "files").mkdir()
    text_pdf(kb / "files" / "tagung.pdf", ["Programm", "Workshop: Die Zauberflöte als Sprachkurs"])
    write_entry(
        kb,
        "tagung-mit-dokument",
        "## Ausgangslage\n\nEine Tagung über Arbeit und Ehrenamt.",
        title="Tagung mit Dokument",
        summary="=Tagung für Ehrenamtliche",
        type="Konferenzdokumentation",
        themes=["Arbeit"],
        municipality="Ulm",
        district="Ulm",
        year=2019,
        attachments=[{"file": "tagung.pdf", "title": "Tagungsband"}],
    )
    write_entry(
        kb,
        "zauberfloete",
        "## Ausgangslage\n\nEin Musikprojekt mit Laien.",
        title="Die Zauberflöte mit Geflüchteten",
        summary="Die Zauberflöte mit Laien aus zwölf Ländern.",
        type="Projekt",
        themes=["Kultur"],
        municipality="Ulm",
        district="Ulm",
        year=2020,
    )
    drafts = {
        path.stem
        for path in (kb / "entries").glob("*.md")
        if "\nstatus: entwurf\n" in path.read_text(encoding="utf-8")
    }
    assert drafts, "the generated corpus has drafts"
    build_index(kb, root / "index")
    return Index.open(root / "index"), drafts


EXPORT_CASES: list[tuple[str, dict[str, Any]]] = [
    ("", {}),
    ("", {"sort": "year"}),
    ("Ehrenamtliche", {}),
    ("Ehrenamtliche", {"sort": "year"}),
    ("Ehrenamtliche", {"filters": {"themes": ["Sprache", "Sport"]}, "year_from": 2015}),
    ("Sprachförderung Jugendliche", {}),
    ("Sprachfördrung", {}),  # a typo: its close spellings
    ("Sprach*", {}),  # ranked by Whoosh itself
    ('"Begleitung von"', {"sort": "year"}),
    ("Zauberflöte", {}),  # an entry through its document, after the one naming it
    ("Zauberflöte Sprachkurs", {}),  # few good hits: related ones follow
    ("Geflüchteten Musikprojekt", {"sort": "year"}),
    ("Xylophonkonzert", {}),  # nothing
]


@pytest.mark.parametrize(("query", "kwargs"), EXPORT_CASES)
def test_export_equals_the_paged_search_with_snippets(
    corpus: tuple[Index, set[str]], query: str, kwargs: dict[str, Any]
) -> None:
    index, _ = corpus
    before = results_csv(paged_with_snippets(index, query, **kwargs), entry_url=link)
    for page_size in (5_000, 7):  # one page, and many
        now = results_csv(all_hits(index, query, page_size=page_size, **kwargs), entry_url=link)
        assert read_csv(now) == read_csv(before)  # row by row
        assert now == before  # and byte for byte


def test_exports_never_contain_drafts(corpus: tuple[Index, set[str]]) -> None:
    index, drafts = corpus
    everything = [hit.slug for hit in all_hits(index, page_size=50)]
    total = index.search(include_drafts=True, page_size=1).total
    assert len(everything) == len(set(everything)) == total - len(drafts)
    assert not drafts & set(everything)
    draft_title = index.get(min(drafts), include_drafts=True).fields["title"]  # type: ignore[union-attr]
    titles = [row[0] for row in read_csv(results_csv(all_hits(index, draft_title)))]
    assert draft_title not in titles


def test_small_kb_export_has_no_draft(index: Index) -> None:
    rows = read_csv(results_csv(all_hits(index, "Sprachpaten")))
    assert "Sprachpaten für Familien in Ulm" in [row[0] for row in rows]
    assert "Geheimer Entwurf" not in [row[0] for row in rows]
    assert "Geheimer Entwurf" not in str(read_csv(results_csv(all_hits(index))))


def test_search_without_snippets(corpus: tuple[Index, set[str]]) -> None:
    index, _ = corpus
    with_snippets = index.search("Ehrenamtliche", page_size=100)
    without = index.search("Ehrenamtliche", page_size=100, snippets=False)
    assert [h.slug for h in without.hits] == [h.slug for h in with_snippets.hits]
    assert [h.fields for h in without.hits] == [h.fields for h in with_snippets.hits]
    assert all(h.snippet for h in with_snippets.hits)
    assert not any(h.snippet for h in without.hits)
    assert without.total == with_snippets.total and without.facets == with_snippets.facets
    # Pages beyond 100 only without snippets (the limit guards the cost of snippets).
    everything = index.search(page_size=1_000, snippets=False)
    assert len(everything.hits) == everything.total > 100 and everything.pages == 1
    with pytest.raises(SearchError):
        index.search(page_size=101)
    with pytest.raises(SearchError):
        index.search(page_size=0, snippets=False)


def test_export_progress_reaches_the_total(corpus: tuple[Index, set[str]]) -> None:
    index, _ = corpus
    steps: list[tuple[int, int]] = []
    hits = list(all_hits(index, "Ehrenamtliche", page_size=20, progress=lambda *s: steps.append(s)))
    total = index.search("Ehrenamtliche").total
    assert len(hits) == total > 40
    assert steps[-1] == (total, total)
    assert [done for done, _ in steps] == sorted({done for done, _ in steps})
    assert len(steps) == -(-total // 20)


# -- the export in the app ----------------------------------------------------------------


@pytest.fixture
def app_kb(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path_factory.mktemp("export-app")
    monkeypatch.setenv("PRAXISFINDER_KB", str(small_kb(root)))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(root / "index"))


def test_app_exports_at_one_click(app_kb: None) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["q"] = "Ehrenamtliche"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.label for b in at.download_button] == ["Ergebnisliste als CSV herunterladen"]
    assert not [b for b in at.button if b.key == "pf_export_prepare"]


def test_app_prepares_a_large_export_with_progress(
    app_kb: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from praxisfinder_app import search_page

    monkeypatch.setattr(search_page, "EXPORT_AT_ONCE", 2)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["q"] = "Ehrenamtliche"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.download_button
    prepare = at.button(key="pf_export_prepare")
    assert prepare.label == "Ergebnisliste als CSV vorbereiten (3 Treffer)"
    prepare.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.label for b in at.download_button] == ["Ergebnisliste als CSV herunterladen"]
    assert not [b for b in at.button if b.key == "pf_export_prepare"]


def test_app_csv_is_the_export_of_the_search(index: Index) -> None:
    from praxisfinder_app.search_page import _csv_maker
    from praxisfinder_app.state import parse_mapping

    state = parse_mapping({"q": ["Ehrenamtliche"], "sort": ["neueste"]})
    steps: list[tuple[int, int]] = []
    data = _csv_maker(index, state, lambda *s: steps.append(s))()
    expected = results_csv(paged_with_snippets(index, "Ehrenamtliche", sort="year"))
    assert data == expected
    hits = len(read_csv(data)) - 1
    assert hits > 2 and steps == [(hits, hits)]


# -- Markdown -----------------------------------------------------------------------------


def test_entry_markdown_round_trips_through_the_loader(index: Index, tmp_path: Path) -> None:
    entry = index.get("sprachpaten-ulm")
    assert entry is not None
    text = entry_markdown(entry)
    assert text.startswith("---\ntitle: Sprachpaten für Familien in Ulm\n")
    assert entry_filename(entry) == "sprachpaten-ulm.md"
    taxonomy = load_taxonomy(Path(__file__).resolve().parent.parent / "kb")
    parsed, problems = parse_entry(text.encode("utf-8"), "x.md", entry.slug, taxonomy)
    assert parsed is not None, [p.format() for p in problems]
    assert parsed.fields == entry.fields
    assert parsed.body.strip() == entry.markdown.strip()
