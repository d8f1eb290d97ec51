"""Related entries (more-like-this + shared themes) and the CSV / Markdown exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_app import make_kb, small_kb, write_entry

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
from indexer.searching import Hit, Index
from indexer.taxonomy import load_taxonomy


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
