"""PDF extraction and the sandbox: text page by page, OCR, and hostile or broken files.

Every file is made in code (`document_fixtures`). Hostile files are only read through
`extract_file`, whose worker has a time and a memory limit, so a regression fails the test
instead of hanging it or eating the machine.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path

import document_fixtures as make
import pytest

from indexer.documents import ocr, sandbox
from indexer.documents.limits import DocumentLimits
from indexer.documents.model import Extraction, Page
from indexer.documents.pdf import extract_pdf
from indexer.documents.sandbox import extract_file, kind_of

TESTS = Path(__file__).resolve().parent
LIMITS = DocumentLimits(time_seconds=30, memory_mb=1_024)
PAGES = [
    "Tätigkeitsbericht 2024\nEhrenamtliche Arbeit im Landkreis",
    "Sprachkurse und Hausaufgabenhilfe",
    "Das Begegnungscafé für Geflüchtete öffnet jeden Donnerstag.",
    "",
    "Ausblick auf 2025",
]
SCAN_TEXT = "Begegnungscafé für Geflüchtete"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture file, made once for the module."""
    folder = tmp_path_factory.mktemp("documents")
    report = make.text_pdf(
        folder / "bericht.pdf",
        PAGES,
        title="Tätigkeitsbericht 2024",
        author="Anna Beispiel",
        created="D:20250314093000+01'00'",
    )
    return {
        "report": report,
        "open": make.encrypted_pdf(
            report, folder / "offen.pdf", user_password="", owner_password="geheim"
        ),
        "locked": make.encrypted_pdf(
            report, folder / "gesperrt.pdf", user_password="geheim", owner_password="geheim"
        ),
        "corrupt": make.corrupt_pdf(folder / "kaputt.pdf"),
        "truncated": make.truncated_copy(report, folder / "abgebrochen.pdf", 0.6),
        "cut_early": make.truncated_copy(report, folder / "kurz.pdf", 0.05),
        "damaged": make.damaged_copy(report, folder / "beschaedigt.pdf", 1),
        "unmapped": make.unmapped_font_pdf(folder / "schrift.pdf"),
        "many": make.many_pages_pdf(folder / "lang.pdf", 1_200),
        "bomb": make.deflate_bomb_pdf(folder / "bombe.pdf", 2_048),
        "bombs": make.deflate_bomb_pdf(folder / "bomben.pdf", 70, pages=30),
        "zip": make.zip_file(folder / "archiv.pdf"),
        "html": make.html_file(folder / "seite.pdf"),
        "pdf_as_docx": make.text_pdf(folder / "bericht.docx", ["Text"]),
        "scan": make.scanned_pdf(folder / "scan.pdf", [SCAN_TEXT]),
        "scans": make.scanned_pdf(folder / "scans.pdf", [SCAN_TEXT, "Sprachpaten gesucht"]),
        "long_pages": make.text_pdf(
            folder / "dicht.pdf", ["\n".join(["Integration " * 10] * 25)] * 5
        ),
        "text": _text_file(folder / "notiz.txt"),
    }


def _text_file(path: Path) -> Path:
    path.write_text("Notiz zum Begegnungscafé\n", encoding="utf-8")
    return path


def texts(extraction: Extraction) -> dict[int, str]:
    return {page.number: page.text for page in extraction.pages}


def messages(extraction: Extraction) -> str:
    return "\n".join(warning.message for warning in extraction.warnings)


# --- good files ---------------------------------------------------------------------------


def test_text_is_read_page_by_page(files: dict[str, Path]) -> None:
    extraction = extract_file(files["report"], "pdf", LIMITS)
    assert extraction.kind == "pdf"
    assert extraction.complete, extraction.warnings
    assert [page.number for page in extraction.pages] == [1, 2, 3, 4, 5]
    found = [number for number, text in texts(extraction).items() if "Begegnungscafé" in text]
    assert found == [3]
    assert texts(extraction)[3] == PAGES[2]
    assert extraction.pages[0].state == "text"


def test_metadata(files: dict[str, Path]) -> None:
    extraction = extract_file(files["report"], "pdf", LIMITS)
    assert extraction.metadata == {
        "title": "Tätigkeitsbericht 2024",
        "author": "Anna Beispiel",
        "date": "2025-03-14",
    }


def test_blank_page_is_blank_not_missing(files: dict[str, Path]) -> None:
    extraction = extract_file(files["report"], "pdf", LIMITS)
    assert extraction.pages[3] == Page(4, "", state="blank")
    assert extraction.warnings == ()


def test_in_process_and_sandbox_agree(files: dict[str, Path]) -> None:
    assert extract_pdf(files["report"], LIMITS) == extract_file(files["report"], "pdf", LIMITS)


def test_encrypted_with_empty_user_password_is_read(files: dict[str, Path]) -> None:
    extraction = extract_file(files["open"], "pdf", LIMITS)
    assert extraction.complete, extraction.warnings
    assert "Begegnungscafé" in texts(extraction)[3]


def test_kind_defaults_to_the_file_name(files: dict[str, Path]) -> None:
    assert extract_file(files["report"]).complete


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("bericht.pdf", "pdf"),
        ("Bericht.PDF", "pdf"),
        ("folien.pptx", "pptx"),
        ("text.docx", "docx"),
        ("seite.html", "html"),
        ("seite.htm", "html"),
        ("liesmich.md", "markdown"),
        ("liesmich.markdown", "markdown"),
        ("notiz.txt", "text"),
        ("tabelle.xlsx", None),
        ("programm.exe", None),
        ("ohne-endung", None),
        ("archiv.pdf.zip", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(Path(name)) == kind


# --- OCR ----------------------------------------------------------------------------------


def test_tesseract_with_german_is_installed() -> None:
    # scripts/system_packages.sh installs tesseract-ocr-deu (`make test` runs it).
    assert ocr.ocr_available(), "tesseract-ocr-deu fehlt: bash scripts/system_packages.sh"


def test_scanned_page_is_recognised_in_german(files: dict[str, Path]) -> None:
    extraction = extract_file(files["scan"], "pdf", LIMITS)
    (page,) = extraction.pages
    assert page.state == "ocr"
    assert "Geflüchtete" in page.text  # umlauts need the German model
    assert "Begegnungscaf" in page.text  # tesseract's "deu" model reads é as e
    assert extraction.complete, extraction.warnings


def test_scanned_page_without_ocr_is_empty_with_a_warning(files: dict[str, Path]) -> None:
    limits = dataclasses.replace(LIMITS, ocr=False)
    extraction = extract_file(files["scan"], "pdf", limits)
    assert extraction.pages == (Page(1, "", state="empty"),)
    assert [(warning.message, warning.page) for warning in extraction.warnings] == [
        ("Seite 1 ist ein Bild ohne Text; ohne Texterkennung (OCR) bleibt sie unsuchbar.", 1)
    ]
    assert not extraction.complete and not extraction.failed


def test_ocr_is_switched_off_by_the_environment(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRAXISFINDER_DOC_OCR", "0")
    assert not DocumentLimits.from_env().ocr
    extraction = extract_file(files["scan"], "pdf", DocumentLimits.from_env())
    assert extraction.pages[0].state == "empty"


def test_ocr_page_limit(files: dict[str, Path]) -> None:
    limits = dataclasses.replace(LIMITS, max_ocr_pages=1)
    extraction = extract_file(files["scans"], "pdf", limits)
    assert [page.state for page in extraction.pages] == ["ocr", "empty"]
    assert extraction.warnings[0].page == 2
    assert "auf 1 Seiten je Dokument begrenzt" in extraction.warnings[0].message


def test_reading_stops_at_the_soft_deadline(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DocumentLimits, "soft_deadline", lambda self, started=None: 0.0)
    extraction = extract_pdf(files["report"], LIMITS)
    assert extraction.truncated and extraction.pages == ()
    assert extraction.warnings[0].message == (
        "Das Zeitlimit von 30 Sekunden ist erreicht; die Seiten ab 1 wurden nicht gelesen."
    )


# --- bad and hostile files ----------------------------------------------------------------

# (file, limits changed or None, phrase the warning must contain, page it names or None, failed)
BAD = [
    ("locked", None, "verschlüsselt", None, True),
    ("corrupt", None, "beschädigt", None, True),
    ("truncated", None, "unvollständig", None, False),
    ("truncated", None, "Seite 4 ist beschädigt", 4, False),
    ("cut_early", None, "bricht vor dem Ende ab) und konnte nicht gelesen", None, True),
    ("damaged", None, "Seite 2 ist beschädigt und konnte nicht gelesen werden", 2, False),
    ("unmapped", None, "Der Text von Seite 1 ist nicht lesbar", 1, False),
    ("many", {"max_pages": 100}, "1.200 Seiten; gelesen wurden nur die ersten 100", None, False),
    ("bomb", None, "Zip-Bombe", 1, False),
    ("zip", None, "keine PDF-Datei: ihr Inhalt ist ein ZIP-Archiv", None, True),
    ("html", None, "keine PDF-Datei: ihr Inhalt ist eine HTML-Seite", None, True),
    ("pdf_as_docx", None, "keine DOCX-Datei: ihr Inhalt ist eine PDF-Datei", None, True),
    ("report", {"max_file_bytes": 1_000}, "größer als erlaubt (1.000 Bytes)", None, True),
    ("long_pages", {"max_page_chars": 1_000}, "Seite 1 ist länger als 1.000", 1, False),
    ("long_pages", {"max_chars": 10_000}, "gelesen wurde bis Seite 4", 4, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "limits", "phrase", "page", "failed"),
    BAD,
    ids=[f"{key}-{phrase[:24]}" for key, _, phrase, _, _ in BAD],
)
def test_bad_file_gives_a_german_warning(
    files: dict[str, Path],
    key: str,
    limits: dict[str, int] | None,
    phrase: str,
    page: int | None,
    failed: bool,
) -> None:
    kind = "docx" if key == "pdf_as_docx" else "pdf"
    started = time.monotonic()
    extraction = extract_file(files[key], kind, dataclasses.replace(LIMITS, **(limits or {})))
    assert time.monotonic() - started < 20
    assert extraction.failed is failed
    assert not extraction.complete
    matching = [warning for warning in extraction.warnings if phrase in warning.message]
    assert matching, messages(extraction)
    assert matching[0].page == page


def test_truncated_file_keeps_what_can_be_read(files: dict[str, Path]) -> None:
    extraction = extract_file(files["truncated"], "pdf", LIMITS)
    assert texts(extraction)[1] == PAGES[0]
    assert texts(extraction)[3] == PAGES[2]
    assert extraction.pages[3] == Page(4, "", state="failed")
    assert "sollte 5 Seiten haben, lesbar sind nur 4" in messages(extraction)


def test_damaged_page_leaves_the_others(files: dict[str, Path]) -> None:
    extraction = extract_file(files["damaged"], "pdf", LIMITS)
    assert [page.state for page in extraction.pages] == ["text", "failed", "text", "blank", "text"]
    assert texts(extraction)[3] == PAGES[2]
    assert [warning.page for warning in extraction.warnings] == [2]


def test_page_limit_keeps_the_first_pages(files: dict[str, Path]) -> None:
    extraction = extract_file(files["many"], "pdf", dataclasses.replace(LIMITS, max_pages=100))
    assert extraction.truncated and not extraction.failed
    assert len(extraction.pages) == 100
    assert extraction.pages[-1] == Page(100, "Seite 100")


def test_character_limit_of_the_document(files: dict[str, Path]) -> None:
    extraction = extract_file(
        files["long_pages"], "pdf", dataclasses.replace(LIMITS, max_chars=10_000)
    )
    assert sum(len(page.text) for page in extraction.pages) == 10_000
    assert [page.number for page in extraction.pages] == [1, 2, 3, 4]


def test_inflation_bomb_ends_within_the_limits(files: dict[str, Path]) -> None:
    # 30 pages of 70 MB each: under pypdf's limit per stream, 2 GB together.
    limits = dataclasses.replace(LIMITS, time_seconds=6, memory_mb=512)
    started = time.monotonic()
    extraction = extract_file(files["bombs"], "pdf", limits)
    assert time.monotonic() - started < limits.time_seconds + 3
    assert not extraction.complete
    assert "Zeitlimit" in messages(extraction) or "Arbeitsspeicher" in messages(extraction)
    assert len(extraction.pages) < 30


def test_bad_content_for_text_kinds(files: dict[str, Path], tmp_path: Path) -> None:
    pdf_as_text = files["report"].read_bytes()
    (tmp_path / "notiz.txt").write_bytes(pdf_as_text)
    extraction = extract_file(tmp_path / "notiz.txt", "text", LIMITS)
    assert extraction.failed
    assert messages(extraction) == "Die Datei ist keine Text-Datei: ihr Inhalt ist eine PDF-Datei."


@pytest.mark.parametrize(
    ("make_path", "phrase"),
    [
        (lambda folder: folder / "fehlt.pdf", "nicht gefunden"),
        (lambda folder: _mkdir(folder / "ordner.pdf"), "Verzeichnis"),
        (lambda folder: _fifo(folder / "pipe.pdf"), "keine gewöhnliche Datei"),
        (lambda folder: _empty(folder / "leer.pdf"), "leer"),
        (lambda folder: _empty(folder / "programm.exe"), "werden nicht gelesen"),
    ],
)
def test_files_that_are_not_read(
    tmp_path: Path, make_path: Callable[[Path], Path], phrase: str
) -> None:
    extraction = extract_file(make_path(tmp_path), limits=LIMITS)
    assert extraction.failed
    assert phrase in messages(extraction)


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _empty(path: Path) -> Path:
    path.touch()
    return path


# --- the sandbox --------------------------------------------------------------------------


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]) -> Callable[[str], Path]:
    """Points the "text" kind at one of document_fixtures' misbehaving extractors."""
    monkeypatch.setenv("PYTHONPATH", str(TESTS))

    def use(function: str) -> Path:
        monkeypatch.setitem(sandbox.EXTRACTORS, "text", f"document_fixtures:{function}")
        return files["text"]

    return use


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        ("hang", "dauerte länger als 2 Sekunden"),  # stopped at the soft deadline
        ("hang_hard", "dauerte länger als 2 Sekunden"),  # killed at the hard one
        ("eat_memory", "mehr als 300 MB Arbeitsspeicher"),
        ("crash", "abgestürzt (Signal 11)"),
        ("explode", "unerwarteten Fehlers"),
    ],
)
def test_sandbox_turns_every_failure_into_a_warning(
    misbehaving, function: str, phrase: str
) -> None:
    limits = DocumentLimits(time_seconds=2, memory_mb=300)
    started = time.monotonic()
    extraction = extract_file(misbehaving(function), "text", limits)
    assert time.monotonic() - started < limits.time_seconds + 3
    assert extraction.failed and extraction.kind == "text"
    assert phrase in messages(extraction)


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        ("hang", "dauerte länger als 2 Sekunden"),  # stopped at the soft deadline
        ("hang_hard", "dauerte länger als 2 Sekunden"),  # killed at the hard one
        ("crash", "abgestürzt (Signal 11)"),
        ("eat_memory", "mehr als 300 MB Arbeitsspeicher"),
        ("explode", "unerwarteten Fehlers"),
    ],
)
def test_a_long_lived_worker_reads_on_after_a_bad_document(
    misbehaving, files: dict[str, Path], function: str, phrase: str
) -> None:
    bad = misbehaving(function)
    limits = DocumentLimits(time_seconds=2, memory_mb=300)
    with sandbox.ExtractionWorker(limits) as worker:
        before = worker.extract(files["report"], "pdf")
        again = worker.extract(files["report"], "pdf")
        first = worker._process.pid
        failed = worker.extract(bad, "text")
        assert worker._process is None  # a worker that failed a document is not reused
        after = worker.extract(files["report"], "pdf")
        second = worker._process.pid
    assert before == again == after and after.complete and not after.failed
    assert failed.failed and phrase in messages(failed)
    assert first != second


def test_a_worker_is_replaced_after_its_share_of_documents(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox.ExtractionWorker, "MAX_DOCUMENTS", 2)
    pids = []
    with sandbox.ExtractionWorker(LIMITS) as worker:
        for _ in range(4):
            assert worker.extract(files["report"], "pdf").complete
            pids.append(worker._process.pid if worker._process else None)
    assert pids[0] is None or pids[1] is None  # closed after two documents
    assert len({pid for pid in pids if pid}) == 2


def test_sandbox_kills_helper_processes(misbehaving) -> None:
    path = misbehaving("hang_with_child")
    extraction = extract_file(path, "text", DocumentLimits(time_seconds=2))
    assert extraction.failed
    helper = int(path.with_suffix(".pid").read_text())
    for _ in range(50):
        if not _running(helper):
            break
        time.sleep(0.1)
    assert not _running(helper)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_missing_extractor_module(monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]) -> None:
    monkeypatch.setitem(sandbox.EXTRACTORS, "text", "indexer.documents.not_yet:extract_text")
    extraction = extract_file(files["text"], "text", LIMITS)
    assert extraction.failed
    assert messages(extraction) == "Text-Dateien können hier noch nicht gelesen werden."


def test_bounded_cleans_and_limits_any_extraction() -> None:
    pages = tuple(
        Page(number, f"Folie\x00 {number}\ud800 Sprach\u00adpaten", label="Titel\x07")
        for number in range(1, 4)
    )
    many = tuple(sandbox.DocumentWarning(f"Hinweis {index}") for index in range(150))
    raw = Extraction("pptx", pages, many, metadata={"title": "Vortrag\x0c"})
    bounded = sandbox._bounded(raw, DocumentLimits(max_pages=2))
    # a soft hyphen would split "Sprachpaten" in two for the search
    assert [page.text for page in bounded.pages] == [
        "Folie 1? Sprachpaten",
        "Folie 2? Sprachpaten",
    ]
    assert bounded.pages[0].label == "Titel"
    assert bounded.metadata == {"title": "Vortrag"}
    assert bounded.truncated
    assert len(bounded.warnings) == sandbox.MAX_WARNINGS
    assert [warning.message for warning in bounded.warnings[-2:]] == [
        "… und 52 weitere Hinweise.",
        "Das Dokument hat 3 Folien; gelesen wurden nur die ersten 2.",
    ]


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAXISFINDER_DOC_MAX_PAGES", "50")
    monkeypatch.setenv("PRAXISFINDER_DOC_TIME_SECONDS", "kaputt")  # unusable: the default
    monkeypatch.setenv("PRAXISFINDER_DOC_MEMORY_MB", "1")  # below the floor of 256
    limits = DocumentLimits.from_env()
    assert (limits.max_pages, limits.time_seconds, limits.memory_mb) == (50, 60, 256)
    for name, value in limits.as_env().items():
        monkeypatch.setenv(name, value)
    assert DocumentLimits.from_env() == limits
