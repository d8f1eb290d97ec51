"""Attachments end to end: validated in the front matter, extracted page by page, found
through search with the page named, kept in step by incremental builds, imported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from document_fixtures import text_pdf

from indexer import building
from indexer.building import build_index
from indexer.cli import cli
from indexer.loading import load_kb
from indexer.searching import Index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
ENTRY = """---
title: "{title}"
summary: "{summary}"
type: Konferenzdokumentation
themes: [Arbeit]
municipality: Gundelsheim
district: Landkreis Heilbronn
year: 2018
{extra}
---

## Ausgangslage

{body}
"""


def write_entry(
    kb: Path, slug: str, *, title: str, summary: str, body: str, extra: str = ""
) -> Path:
    path = kb / "entries" / f"{slug}.md"
    path.write_text(ENTRY.format(title=title, summary=summary, body=body, extra=extra), "utf-8")
    return path


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    (kb / "files" / "tagungen").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    text_pdf(
        kb / "files" / "tagungen" / "gundelsheim-2018.pdf",
        ["Programm der Tagung", "Grußworte", "Workshop: Die Zauberflöte als Sprachkurs", "Ende"],
        title="Dokumentation der Regionalkonferenz",
    )
    write_entry(
        kb,
        "regionalkonferenz-gundelsheim",
        title="Regionalkonferenz Gundelsheim",
        summary="Integration durch Arbeit im ländlichen Raum.",
        body="Eine Tagung über Arbeit und Ehrenamt.",
        extra="attachments:\n  - file: tagungen/gundelsheim-2018.pdf\n"
        '    title: "Dokumentation der Regionalkonferenz"',
    )
    write_entry(
        kb,
        "zauberfloete-musikprojekt",
        title="Die Zauberflöte mit Geflüchteten",
        summary="Ein Musikprojekt: die Zauberflöte mit Laien aus zwölf Ländern.",
        body="Proben jeden Samstag.",
    )
    return kb


def search(index: Path, kb: Path, query: str) -> dict:
    result = CliRunner().invoke(
        cli, ["search", query, "--json", "--kb", str(kb), "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_attachments_in_a_build_on_two_cores(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With attachments the workers hand the entries back and the pages are indexed
    first: the same search results as a build in one process."""
    build_index(kb, tmp_path / "one")
    monkeypatch.setattr(building, "PARALLEL_ENTRIES_FROM", 1)
    monkeypatch.setattr(building.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(building, "_start_method", lambda: "fork")
    report = build_index(kb, tmp_path / "two")
    assert (report.added, report.errors) == (2, [])
    for query in ("Zauberflöte", "Grußworte", "Ehrenamt"):
        assert search(tmp_path / "two", kb, query) == search(tmp_path / "one", kb, query)
    assert search(tmp_path / "two", kb, "Grußworte")["hits"][0]["attachments"][0]["page"] == 2


def test_a_word_only_on_page_3_finds_the_entry_with_the_page_named(
    kb: Path, tmp_path: Path
) -> None:
    report = build_index(kb, tmp_path / "index")
    assert not report.errors
    data = search(tmp_path / "index", kb, "Zauberflöte")
    slugs = [hit["slug"] for hit in data["hits"]]
    # The entry whose own title and summary match ranks above the one with the page.
    assert slugs[:2] == ["zauberfloete-musikprojekt", "regionalkonferenz-gundelsheim"]
    own, through_document = data["hits"][0], data["hits"][1]
    assert own["attachments"] == []
    [found] = through_document["attachments"]
    assert found["file"] == "tagungen/gundelsheim-2018.pdf"
    assert found["title"] == "Dokumentation der Regionalkonferenz"
    assert found["page"] == 3
    assert "<mark>Zauberflöte</mark>" in found["snippet"]
    assert data["total"] == 2 and data["exact_total"] == 2
    assert data["facets"]["themes"]["Arbeit"] == 2  # each entry counted once


def test_facet_counts_predict_filtered_results_with_document_hits(kb: Path, tmp_path: Path) -> None:
    build_index(kb, tmp_path / "index")
    index = Index(tmp_path / "index")
    result = index.search("Zauberflöte")
    for facet, values in result.facets.items():
        for value, count in values.items():
            filtered = index.search("Zauberflöte", filters={facet: [value]})
            assert filtered.total == count, (facet, value)


def test_an_unchanged_document_is_not_extracted_again(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(kb, tmp_path / "index")
    import indexer.documents.sandbox as sandbox

    extractions: list[tuple] = []
    real = sandbox.extract_file

    def counting(*args: object, **kwargs: object) -> object:
        extractions.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(sandbox, "extract_file", counting)
    build_index(kb, tmp_path / "index", full=True)
    assert extractions == []  # the cache by content hash answered


def test_a_changed_document_is_extracted_again_and_a_removed_one_leaves(
    kb: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    build_index(kb, index_dir)
    pdf = kb / "files" / "tagungen" / "gundelsheim-2018.pdf"
    text_pdf(pdf, ["Neu: Kletterwand"], title="Dokumentation der Regionalkonferenz")
    report = build_index(kb, index_dir)
    assert report.updated == 1
    assert search(index_dir, kb, "Kletterwand")["hits"][0]["attachments"][0]["page"] == 1
    assert search(index_dir, kb, "Zauberflöte")["total"] == 1
    pdf.unlink()
    report = build_index(kb, index_dir)
    assert any("fehlt unter kb/files/" in p.message for p in report.problems)
    assert search(index_dir, kb, "Kletterwand")["total"] == 0


@pytest.mark.parametrize(
    ("attachments", "message"),
    [
        ("  - file: gibt-es-nicht.pdf", "Der Anhang „gibt-es-nicht.pdf“ fehlt unter kb/files/"),
        ("  - file: bild.exe", "Der Dateityp von „bild.exe“ wird nicht unterstützt"),
        ("  - file: ../../geheim.pdf", "Ungültiger Dateiname „../../geheim.pdf“"),
        ("  - file: /etc/passwd.txt", "Ungültiger Dateiname „/etc/passwd.txt“"),
        (
            "  - file: tagungen/gundelsheim-2018.pdf\n  - file: tagungen/gundelsheim-2018.pdf",
            "steht doppelt",
        ),
        ("  - titel: ohne Datei", "Jeder Anhang braucht „file: name.pdf“"),
    ],
)
def test_bad_attachments_are_warnings_with_the_line(
    kb: Path, attachments: str, message: str
) -> None:
    path = write_entry(
        kb,
        "mit-anhang",
        title="Mit Anhang",
        summary="Kurz.",
        body="Text.",
        extra=f"attachments:\n{attachments}",
    )
    result = load_kb(kb)
    assert "mit-anhang" in {e.slug for e in result.entries}  # the entry itself stays valid
    [problem] = [p for p in result.problems if p.path == "entries/mit-anhang.md"]
    assert problem.severity == "warning" and message in problem.message
    line = path.read_text(encoding="utf-8").split("\n").index("attachments:") + 1
    assert problem.line == line


def test_stats_documents_reports_completeness(kb: Path, tmp_path: Path) -> None:
    build_index(kb, tmp_path / "index")
    result = CliRunner().invoke(
        cli, ["stats", "--documents", "--kb", str(kb), "--index", str(tmp_path / "index")]
    )
    assert result.exit_code == 0, result.output
    assert "1 Anhänge, davon 0 unvollständig." in result.output
    assert "tagungen/gundelsheim-2018.pdf: vollständig; 4 Seiten: 4 mit Text" in result.output


def test_import_attaches_to_an_entry_and_creates_a_draft(kb: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(kb, index_dir)
    new = text_pdf(
        tmp_path / "Bericht Ehrenamt 2019.pdf",
        ["Der Bericht über Wanderpaten"],
        title="Bericht Ehrenamt",
        created="D:20190314093000+01'00'",
    )
    runner = CliRunner()
    base = ["--kb", str(kb), "--index", str(index_dir)]
    attached = runner.invoke(
        cli, ["import", str(new), "--entry", "zauberfloete-musikprojekt", *base]
    )
    assert attached.exit_code == 0, attached.output
    assert "An „zauberfloete-musikprojekt“ angehängt: bericht-ehrenamt-2019.pdf" in attached.output
    assert (kb / "files" / "bericht-ehrenamt-2019.pdf").is_file()
    hits = search(index_dir, kb, "Wanderpaten")["hits"]
    assert hits[0]["slug"] == "zauberfloete-musikprojekt" and hits[0]["attachments"][0]["page"] == 1
    created = runner.invoke(cli, ["import", str(new), *base])
    assert created.exit_code == 0, created.output
    assert "Entwurf angelegt: entries/bericht-ehrenamt.md" in created.output
    draft = (kb / "entries" / "bericht-ehrenamt.md").read_text(encoding="utf-8")
    assert "type: Konferenzdokumentation" in draft and "year: 2019" in draft
    assert "status: entwurf" in draft and "file: bericht-ehrenamt-2019.pdf" in draft


def test_block_postings_equal_whooshs_public_api(tmp_path: Path) -> None:
    """`read_postings` reads Whoosh's posting blocks directly; it must give what the public
    matcher API gives, over several segments and with deleted pages (one in the middle, a
    segment's first 150)."""
    from whoosh import index as whoosh_index

    from indexer.postings import read_postings
    from indexer.schema import build_pages_schema

    ix = whoosh_index.create_in(str(tmp_path), build_pages_schema(), indexname="pages")
    for batch in range(3):  # three commits: three segments
        writer = ix.writer()
        for number in range(400):
            words = " ".join(["Ehrenamt"] * (number % 5 + 1) + [f"Wort{number % 7}"])
            writer.add_document(
                slug=f"e{batch}-{number}",
                file="a.pdf",
                title="A",
                page=number + 1,
                label="",
                text=words,
            )
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("slug", "e1-3")
    for number in range(150):  # a segment's first postings, more than a block of them
        writer.delete_by_term("slug", f"e2-{number}")
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 3
        for term in ("ehrenamt", "wort3", "fehlt"):
            ids, weights = read_postings(reader, "text", term)
            expected_ids, expected_weights = [], []
            if ("text", term.encode()) in reader:
                matcher = reader.postings("text", term)
                while matcher.is_active():
                    expected_ids.append(matcher.id())
                    expected_weights.append(matcher.weight())
                    matcher.next()
            assert ids.tolist() == expected_ids
            assert weights.tolist() == expected_weights


def test_page_search_finds_every_matching_entry_beyond_whooshs_limit(tmp_path: Path) -> None:
    """All entries with a matching page count, however many there are."""
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    (kb / "files").mkdir()
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    for number in range(30):
        text_pdf(kb / "files" / f"d{number}.pdf", ["Vorwort"] + ["Lerninsel im Rathaus"] * 20)
        write_entry(
            kb,
            f"eintrag-{number}",
            title=f"Beispiel {number}",
            summary="Ein Beispiel.",
            body="Text.",
            extra=f"attachments:\n  - d{number}.pdf",
        )
    build_index(kb, tmp_path / "index")
    data = search(tmp_path / "index", kb, "Lerninsel Rathaus")
    assert data["total"] == 30
    for hit in data["hits"]:
        assert [found["page"] for found in hit["attachments"]] == [2, 3, 4]  # equal: in order


def test_pages_match_curated_synonyms(kb: Path, tmp_path: Path) -> None:
    """ "Flüchtlinge" finds a page that says "Geflüchtete" (a curated group), marked there."""
    text_pdf(kb / "files" / "bericht.pdf", ["Inhalt", "Wohnungen für Geflüchtete am Ort"])
    write_entry(
        kb,
        "wohnraum-bericht",
        title="Ein Bericht",
        summary="Über das Wohnen.",
        body="Kurz.",
        extra="attachments:\n  - bericht.pdf",
    )
    build_index(kb, tmp_path / "index")
    data = search(tmp_path / "index", kb, "Flüchtlinge Wohnungen")
    [hit] = [hit for hit in data["hits"] if hit["slug"] == "wohnraum-bericht"]
    [found] = hit["attachments"]
    assert found["page"] == 2 and "<mark>Geflüchtete</mark>" in found["snippet"]
