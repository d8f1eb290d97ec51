"""The document view: a hit's "S. 3" opens the attachment at page 3, with the page drawn
(PDF) and its text; pages are drawn in a worker within limits and cached."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from document_fixtures import corrupt_pdf, encrypted_pdf, text_pdf
from streamlit.testing.v1 import AppTest

from indexer.building import build_index
from indexer.documents.preview import PNG_SIGNATURE, page_picture

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PDF = "tagungen/gundelsheim-2018.pdf"
DOC_TITLE = "Dokumentation der Regionalkonferenz"
ENTRY = """---
title: "{title}"
summary: "{summary}"
type: Konferenzdokumentation
themes: [Arbeit]
municipality: Gundelsheim
district: Landkreis Heilbronn
year: 2018
status: {status}
{extra}
---

## Ausgangslage

Eine Tagung über Arbeit und Ehrenamt.
"""
PAGES = ["Programm der Tagung", "Grußworte", "Workshop: Die Zauberflöte als Sprachkurs", "Ende"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docview")
    kb = root / "kb"
    (kb / "entries").mkdir(parents=True)
    (kb / "files" / "tagungen").mkdir(parents=True)
    shutil.copy(ROOT / "kb" / "taxonomy.yaml", kb / "taxonomy.yaml")
    text_pdf(kb / "files" / PDF, PAGES, title=DOC_TITLE)
    attachment = f'attachments:\n  - file: {PDF}\n    title: "{DOC_TITLE}"'
    for slug, title, status in (
        ("regionalkonferenz-gundelsheim", "Regionalkonferenz Gundelsheim", "veröffentlicht"),
        ("entwurf-mit-dokument", "Noch nicht freigegeben", "entwurf"),
    ):
        (kb / "entries" / f"{slug}.md").write_text(
            ENTRY.format(
                title=title, summary="Integration durch Arbeit.", status=status, extra=attachment
            ),
            encoding="utf-8",
        )
    report = build_index(kb, root / "index")
    assert not report.errors
    return root


@pytest.fixture
def app_env(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRAXISFINDER_KB", str(site / "kb"))
    monkeypatch.setenv("PRAXISFINDER_INDEX", str(site / "index"))
    return site


def run_app(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_links(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """Label as shown (Markdown escapes removed) → query parameters."""
    return {
        re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", link.value): parse_qs(link.proto.query_string)
        for link in at.page_link
    }


def text_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_document_hit_links_to_its_page(app_env: Path) -> None:
    at = run_app({"q": "Zauberflöte"})
    [(label, query)] = [(k, v) for k, v in page_links(at).items() if "dokument" in v]
    assert "Treffer im Dokument" in label and "S. 3" in label
    assert query["eintrag"] == ["regionalkonferenz-gundelsheim"]
    assert query["dokument"] == [PDF] and query["dokseite"] == ["3"]
    assert query["q"] == ["Zauberflöte"]  # the way back keeps the search


def test_the_view_opens_at_the_page_with_picture_and_text(app_env: Path) -> None:
    at = run_app({"eintrag": "regionalkonferenz-gundelsheim", "dokument": PDF, "dokseite": "3"})
    assert at.title[0].value == DOC_TITLE
    assert at.number_input(key="pf_document_page").value == 3
    assert "Zauberflöte als Sprachkurs" in text_of(at)
    assert "Programm der Tagung" not in text_of(at)  # page 1's text is not shown
    [image] = at.get("image")
    assert image.captions == ["Seite 3 von 4"]
    links = page_links(at)
    assert links["Vorherige Seite"]["dokseite"] == ["2"]
    assert links["Nächste Seite"]["dokseite"] == ["4"]
    assert "dokument" not in links["Zurück zum Beispiel"]


def test_choosing_a_page_number_goes_there(app_env: Path) -> None:
    at = run_app({"eintrag": "regionalkonferenz-gundelsheim", "dokument": PDF, "dokseite": "3"})
    at.number_input(key="pf_document_page").set_value(4).run()
    assert at.query_params["dokseite"] == ["4"] or at.query_params["dokseite"] == "4"
    assert "Ende" in text_of(at)


def test_the_entry_page_offers_the_view_at_page_1(app_env: Path) -> None:
    at = run_app({"eintrag": "regionalkonferenz-gundelsheim"})
    view = page_links(at)["Ansehen"]
    assert view["dokument"] == [PDF] and "dokseite" not in view


@pytest.mark.parametrize(
    "document", ["../../../etc/passwd", "tagungen/andere.pdf", "/etc/passwd", "x" * 400]
)
def test_a_document_not_attached_shows_the_entry(app_env: Path, document: str) -> None:
    at = run_app({"eintrag": "regionalkonferenz-gundelsheim", "dokument": document})
    assert at.title[0].value == "Regionalkonferenz Gundelsheim"
    assert not at.get("image")


def test_a_page_past_the_end_shows_the_last_page(app_env: Path) -> None:
    at = run_app({"eintrag": "regionalkonferenz-gundelsheim", "dokument": PDF, "dokseite": "99"})
    assert at.number_input(key="pf_document_page").value == 4


def test_a_drafts_document_is_not_shown(app_env: Path) -> None:
    at = run_app({"eintrag": "entwurf-mit-dokument", "dokument": PDF, "dokseite": "3"})
    assert at.title[0].value == "Eintrag nicht gefunden"
    assert "Zauberflöte" not in text_of(at)


# -- drawing pages --------------------------------------------------------------------


def test_a_page_is_drawn_once_and_then_read_from_the_cache(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", ["eins", "zwei"])
    picture = page_picture(pdf, 2, tmp_path / "index")
    assert picture is not None and picture.startswith(PNG_SIGNATURE)
    [cached] = (tmp_path / "index").rglob("*.png")
    assert cached.read_bytes() == picture
    cached.write_bytes(PNG_SIGNATURE + b"from the cache")
    assert page_picture(pdf, 2, tmp_path / "index") == PNG_SIGNATURE + b"from the cache"


def test_a_changed_file_is_drawn_again(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", ["eins"])
    first = page_picture(pdf, 1, tmp_path / "index")
    text_pdf(tmp_path / "a.pdf", ["ganz anderer Text auf dieser Seite"])
    second = page_picture(pdf, 1, tmp_path / "index")
    assert first and second and first != second


def test_bad_files_and_pages_give_no_picture(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", ["eins"])
    index = tmp_path / "index"
    assert page_picture(pdf, 0, index) is None
    assert page_picture(pdf, 2, index) is None
    assert page_picture(tmp_path / "missing.pdf", 1, index) is None
    assert page_picture(corrupt_pdf(tmp_path / "corrupt.pdf"), 1, index) is None
    locked = encrypted_pdf(pdf, tmp_path / "locked.pdf", user_password="geheim", owner_password="x")
    assert page_picture(locked, 1, index) is None


def test_an_empty_user_password_is_opened(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", ["eins"])
    locked = encrypted_pdf(pdf, tmp_path / "locked.pdf", user_password="", owner_password="x")
    picture = page_picture(locked, 1, tmp_path / "index")
    assert picture is not None and picture.startswith(PNG_SIGNATURE)
