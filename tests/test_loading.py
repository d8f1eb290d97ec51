"""Validation of entry files: every problem has file, line and a German message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from indexer.building import build_index
from indexer.loading import load_kb, parse_entry, scan_entry_files
from indexer.model import REQUIRED_FIELDS, STATUS_PUBLISHED, Entry, Problem
from indexer.searching import Index
from indexer.taxonomy import load_taxonomy

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
DROP = object()  # field value meaning "leave this key out"

VALID_FIELDS: dict[str, Any] = {
    "title": "Sprachcafé in der Stadtbibliothek",
    "summary": "Ehrenamtliche treffen sich jede Woche mit Zugewanderten zum Gespräch.",
    "type": "Praxisbeispiel",
    "themes": ["Sprache", "Ehrenamt"],
    "municipality": "Tauberbischofsheim",
    "district": "Main-Tauber-Kreis",
    "year": 2019,
}
BODY = "## Ausgangslage\n\nViele Zugewanderte wünschten sich Gesprächspartner im Alltag.\n"


def entry_text(body: str = BODY, extra_lines: str = "", **changes: Any) -> str:
    """An entry file with one front-matter key per line (JSON values are valid YAML)."""
    fields = {**VALID_FIELDS, **changes}
    lines = ["---"]
    lines += [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in fields.items()
        if value is not DROP
    ]
    lines += [extra_lines.rstrip("\n")] if extra_lines else []
    lines += ["---", "", body]
    return "\n".join(lines)


def line_of(text: str, prefix: str) -> int:
    """1-based number of the first line starting with `prefix`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(prefix))


def write(kb: Path, rel: str, content: str | bytes) -> Path:
    path = kb / "entries" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A knowledge base with the real taxonomy and two valid entries."""
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    write(kb, "sprachcafe-tauberbischofsheim.md", entry_text())
    write(
        kb,
        "jobpaten-balingen.md",
        entry_text(
            title="Jobpaten in Balingen",
            summary="Paten begleiten Geflüchtete bei der Suche nach Arbeit.",
            themes=["Arbeit"],
            municipality="Balingen",
            district="Zollernalbkreis",
            year=2017,
            body="Ehrenamtliche Jobpaten üben Vorstellungsgespräche mit Bewerbern.",
        ),
    )
    return kb


GOOD_SLUGS = {"sprachcafe-tauberbischofsheim", "jobpaten-balingen"}


def load_broken(
    kb: Path, content: str | bytes, name: str = "kaputt.md"
) -> tuple[Entry | None, list[Problem]]:
    """Add one file to the kb, load it; assert the good entries still load.

    Returns (the entry loaded from the file or None, the problems of that file).
    """
    write(kb, name, content)
    result = load_kb(kb)
    slugs = {entry.slug for entry in result.entries}
    assert slugs >= GOOD_SLUGS
    rel = f"entries/{name}"
    assert all(p.path == rel for p in result.problems), result.problems
    entry = next((e for e in result.entries if e.path == rel), None)
    return entry, [p for p in result.problems if p.path == rel]


def only_error(problems: list[Problem]) -> Problem:
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, problems
    return errors[0]


def test_valid_entries_load_without_problems(kb_dir: Path) -> None:
    result = load_kb(kb_dir)
    assert result.problems == []
    entry = next(e for e in result.entries if e.slug == "sprachcafe-tauberbischofsheim")
    assert entry.path == "entries/sprachcafe-tauberbischofsheim.md"
    assert entry.fields["themes"] == ["Sprache", "Ehrenamt"]
    assert entry.fields["year"] == 2019
    assert entry.body.startswith("## Ausgangslage")
    assert len(entry.checksum) == 64


@pytest.mark.parametrize(
    ("extra_lines", "bad_key"),
    [
        ("partners: Stadt: Bibliothek", "partners:"),  # colon in an unquoted value
        ('tags: [Sprache, "Café\nfunding: []', "tags:"),  # unclosed quote
        ("funding: []\ntags: [Sprache, Café", "tags:"),  # unclosed bracket at the end
        ("tags:\n  - Sprache\n - Café", " - Café"),  # bad indentation
    ],
)
def test_malformed_yaml_reports_line_of_the_error(
    kb_dir: Path, extra_lines: str, bad_key: str
) -> None:
    text = entry_text(extra_lines=extra_lines)
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.code == "yaml"
    assert error.line == line_of(text, bad_key)
    assert "kein gültiges YAML" in error.message


def test_missing_front_matter(kb_dir: Path) -> None:
    entry, problems = load_broken(kb_dir, "# Nur Text\n\nKeine Kopfdaten hier.\n")
    assert entry is None
    error = only_error(problems)
    assert (error.line, error.code) == (1, "no-front-matter")
    assert "Keine Kopfdaten" in error.message


def test_unclosed_front_matter(kb_dir: Path) -> None:
    text = entry_text().replace("\n---\n", "\n", 1)  # drop the closing line
    assert text.count("---") == 1
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.code == "no-front-matter"
    assert "nicht abgeschlossen" in error.message


@pytest.mark.parametrize("key", REQUIRED_FIELDS)
def test_missing_required_field(kb_dir: Path, key: str) -> None:
    entry, problems = load_broken(kb_dir, entry_text(**{key: DROP}))
    assert entry is None
    error = only_error(problems)
    assert error.code == "missing-field"
    assert f"Pflichtfeld „{key}“" in error.message
    assert error.line == 2  # no line of its own: the start of the front matter


@pytest.mark.parametrize("key", REQUIRED_FIELDS)
def test_empty_required_field_reports_its_line(kb_dir: Path, key: str) -> None:
    text = entry_text(**{key: None})
    _, problems = load_broken(kb_dir, text)
    error = only_error(problems)
    assert f"Pflichtfeld „{key}“" in error.message
    assert error.line == line_of(text, f"{key}:")


def test_unknown_theme_suggests_the_closest(kb_dir: Path) -> None:
    text = entry_text(themes=["Sprache", "Arbiet"])
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.code == "unknown-theme"
    assert error.line == line_of(text, "themes:")
    assert "„Arbiet“" in error.message
    assert "Meinten Sie „Arbeit“?" in error.message


def test_unknown_type_suggests_the_closest(kb_dir: Path) -> None:
    text = entry_text(type="Konferenzdoku")
    _, problems = load_broken(kb_dir, text)
    error = only_error(problems)
    assert error.code == "unknown-type"
    assert error.line == line_of(text, "type:")
    assert "Meinten Sie „Konferenzdokumentation“?" in error.message


def test_theme_and_type_match_ignoring_case(kb_dir: Path) -> None:
    entry, problems = load_broken(kb_dir, entry_text(themes=["arbeit"], type="leitfaden"))
    assert problems == []
    assert entry.fields["themes"] == ["Arbeit"]
    assert entry.fields["type"] == "Leitfaden"


def test_year_as_text_is_an_error_on_the_year_line(kb_dir: Path) -> None:
    text = entry_text(year="2018")
    assert 'year: "2018"' in text
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.line == line_of(text, "year:")
    assert "„2018“" in error.message
    assert "Zahl ohne Anführungszeichen" in error.message


def test_year_out_of_range(kb_dir: Path) -> None:
    text = entry_text(year=1850)
    _, problems = load_broken(kb_dir, text)
    error = only_error(problems)
    assert error.line == line_of(text, "year:")
    assert "1850" in error.message


@pytest.mark.parametrize("population", ["5.400", "fünftausend", -3, 12.5])
def test_population_must_be_a_whole_number(kb_dir: Path, population: Any) -> None:
    text = entry_text(population=population)
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.line == line_of(text, "population:")
    assert "Einwohnerzahl" in error.message


def test_empty_body(kb_dir: Path) -> None:
    text = entry_text(body="\n\n")
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.code == "empty-body"
    assert "Textteil" in error.message
    closing = [n for n, line in enumerate(text.split("\n"), 1) if line == "---"][1]
    assert error.line == closing + 1  # where the body should start


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("foo.md", "sub/foo.md"),
        ("a/foo.md", "b/Foo.md"),
        ("a/Foo.md", "b/foo.md"),
    ],
)
def test_duplicate_slugs_ignoring_case(kb_dir: Path, first: str, second: str) -> None:
    write(kb_dir, first, entry_text(title="Erster"))
    write(kb_dir, second, entry_text(title="Zweiter"))
    result = load_kb(kb_dir)
    loaded = [e for e in result.entries if e.slug.lower() == "foo"]
    assert len(loaded) == 1
    assert loaded[0].slug == "foo"  # the valid name wins whichever sorts first
    problem = only_error(result.problems)
    other = ({f"entries/{first}", f"entries/{second}"} - {loaded[0].path}).pop()
    assert problem.path == other
    assert problem.code in ("duplicate-slug", "invalid-slug")
    if problem.code == "duplicate-slug":
        assert loaded[0].path in problem.message
        assert "Doppelter Slug" in problem.message


def test_invalid_slug_file_name_is_reported_with_a_hint(kb_dir: Path) -> None:
    write(kb_dir, "Sprach Café.md", entry_text())
    files, problems = scan_entry_files(kb_dir)
    assert {f.slug for f in files} == GOOD_SLUGS
    problem = only_error(problems)
    assert problem.path == "entries/Sprach Café.md"
    assert problem.code == "invalid-slug"
    assert "„sprach-cafe.md“" in problem.message
    assert "Ungültiger Dateiname" in problem.message


def test_non_utf8_file_reports_line_of_the_bad_byte(kb_dir: Path) -> None:
    text = entry_text(title="Treffpunkt", summary="Ein Treffpunkt an der Hauptstraße.")
    entry, problems = load_broken(kb_dir, text.encode("latin-1"))
    assert entry is None
    error = only_error(problems)
    assert error.code == "encoding"
    assert error.line == line_of(text, "summary:")
    assert "UTF-8" in error.message
    assert "0xdf" in error.message  # the "ß"


def test_non_utf8_file_bad_byte_in_the_body(kb_dir: Path) -> None:
    text = entry_text(title="Treffpunkt", summary="Ein Treffpunkt.", body="Zeile 1\nZeile 2 mit ä")
    _, problems = load_broken(kb_dir, text.encode("latin-1"))
    assert only_error(problems).line == len(text.split("\n"))


def test_unknown_extra_field_is_a_warning_and_kept(kb_dir: Path) -> None:
    text = entry_text(extra_lines="ansprechperson: Frau Maier\nbudget: 1200")
    entry, problems = load_broken(kb_dir, text)
    assert entry is not None
    assert entry.extra == {"ansprechperson": "Frau Maier", "budget": 1200}
    assert "ansprechperson" not in entry.fields
    assert {(p.severity, p.code, p.line) for p in problems} == {
        ("warning", "unknown-field", line_of(text, "ansprechperson:")),
        ("warning", "unknown-field", line_of(text, "budget:")),
    }
    assert all("Unbekanntes Feld" in p.message for p in problems)
    assert entry.front_matter()["budget"] == 1200


def test_misspelt_optional_field_warning_suggests_the_name(kb_dir: Path) -> None:
    _, problems = load_broken(kb_dir, entry_text(extra_lines="partner: [Stadtbibliothek]"))
    assert "Meinten Sie „partners“?" in problems[0].message


def test_district_outside_the_list_is_a_warning(kb_dir: Path) -> None:
    text = entry_text(district="Landkreis Tauberbischofsheim")
    entry, problems = load_broken(kb_dir, text)
    assert entry is not None
    assert entry.fields["district"] == "Landkreis Tauberbischofsheim"
    (warning,) = problems
    assert warning.severity == "warning"
    assert warning.line == line_of(text, "district:")
    assert "Kreis" in warning.message


def test_statewide_district_is_accepted(kb_dir: Path) -> None:
    _, problems = load_broken(kb_dir, entry_text(district="Baden-Württemberg (landesweit)"))
    assert problems == []


def test_more_than_three_themes_is_an_error(kb_dir: Path) -> None:
    text = entry_text(themes=["Arbeit", "Bildung", "Sprache", "Kultur"])
    entry, problems = load_broken(kb_dir, text)
    assert entry is None
    error = only_error(problems)
    assert error.line == line_of(text, "themes:")
    assert "Höchstens 3 Themen" in error.message


def test_theme_as_plain_string_is_a_one_element_list(kb_dir: Path) -> None:
    entry, problems = load_broken(kb_dir, entry_text(themes="Arbeit"))
    assert problems == []
    assert entry.fields["themes"] == ["Arbeit"]


def test_status_defaults_to_published(kb_dir: Path) -> None:
    entry, _ = load_broken(kb_dir, entry_text())
    assert entry.fields["status"] == STATUS_PUBLISHED == "veröffentlicht"
    assert entry.is_published


def test_draft_status_is_kept(kb_dir: Path) -> None:
    entry, problems = load_broken(kb_dir, entry_text(status="entwurf"))
    assert problems == []
    assert entry.status == "entwurf"
    assert not entry.is_published


def test_unknown_status_is_an_error(kb_dir: Path) -> None:
    text = entry_text(status="fertig")
    _, problems = load_broken(kb_dir, text)
    assert only_error(problems).line == line_of(text, "status:")


@pytest.mark.parametrize("written", ["updated: 2024-03-01", 'updated: "2024-03-01"'])
def test_updated_date_is_parsed(kb_dir: Path, written: str) -> None:
    entry, problems = load_broken(kb_dir, entry_text(extra_lines=written))
    assert problems == []
    assert entry.fields["updated"] == "2024-03-01"


def test_invalid_updated_date_is_an_error(kb_dir: Path) -> None:
    text = entry_text(extra_lines="updated: 1.3.2024")
    _, problems = load_broken(kb_dir, text)
    error = only_error(problems)
    assert error.line == line_of(text, "updated:")
    assert "JJJJ-MM-TT" in error.message


def test_several_problems_in_one_file_are_all_reported(kb_dir: Path) -> None:
    text = entry_text(year="2018", type="Projektchen", title=DROP)
    _, problems = load_broken(kb_dir, text)
    assert sorted(p.line for p in problems) == sorted(
        [2, line_of(text, "type:"), line_of(text, "year:")]
    )


def test_problem_format_names_file_and_line(kb_dir: Path) -> None:
    text = entry_text(year="2018")
    _, problems = load_broken(kb_dir, text)
    formatted = problems[0].format()
    assert formatted.startswith(f"entries/kaputt.md:{line_of(text, 'year:')}: Fehler: ")


def test_parse_entry_normalises_bom_crlf_and_nfc() -> None:
    taxonomy = load_taxonomy(SHIPPED_KB)
    text = entry_text(title="Bu\u0308rgertreff").replace("\n", "\r\n")
    entry, problems = parse_entry(("\ufeff" + text).encode(), "entries/x.md", "x", taxonomy)
    assert problems == []
    assert entry.fields["title"] == "Bürgertreff"
    assert "\r" not in entry.body


def test_parse_entry_drops_soft_hyphens() -> None:
    """A soft hyphen pasted from a document split the word for the search: an entry on
    "Sprach\u00adpaten" was not found by "Sprachpaten"."""
    taxonomy = load_taxonomy(SHIPPED_KB)
    text = entry_text(title="Sprach\u00adpaten") + "\nWir suchen Sprach\u00adpaten.\n"
    entry, problems = parse_entry(text.encode(), "entries/x.md", "x", taxonomy)
    assert problems == []
    assert entry.fields["title"] == "Sprachpaten" and "Sprachpaten." in entry.body


def test_one_broken_file_among_good_ones_still_loads_and_indexes_the_rest(
    kb_dir: Path, tmp_path: Path
) -> None:
    write(kb_dir, "kaputt.md", entry_text(year="2018", title="Kaputter Eintrag"))
    result = load_kb(kb_dir)
    assert {e.slug for e in result.entries} == GOOD_SLUGS
    assert [p.path for p in result.errors] == ["entries/kaputt.md"]

    report = build_index(kb_dir, tmp_path / "index")
    assert report.total == 2
    assert [p.path for p in report.errors] == ["entries/kaputt.md"]
    index = Index(tmp_path / "index")
    assert {h.slug for h in index.search().hits} == GOOD_SLUGS
    assert index.search("Jobpaten").hits[0].slug == "jobpaten-balingen"
    assert index.search("Kaputter").total == 0
    assert index.get("kaputt") is None


def test_an_unexpected_failure_skips_the_file_and_says_whom_to_tell(
    kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indexer import loading

    def broken(data: bytes, rel: str, *args: object) -> object:
        if rel.endswith("jobpaten-balingen.md"):
            raise RuntimeError("kaputt")
        return original(data, rel, *args)

    original = loading.parse_entry
    monkeypatch.setattr(loading, "parse_entry", broken)
    result = load_kb(kb_dir)
    [problem] = [p for p in result.problems if p.code == "internal"]
    assert problem.path == "entries/jobpaten-balingen.md"
    assert "technischen Betrieb" in problem.message
    assert "unexpected failure while reading entries/jobpaten-balingen.md" in problem.message
    assert "jobpaten-balingen" not in {entry.slug for entry in result.entries}
    assert len(result.entries) >= 1
