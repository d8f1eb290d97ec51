"""PDF: text page by page with pypdf, German OCR for pages that are only an image.

Run it through `sandbox.extract_file`: a hostile PDF can still take time and memory that
only a separate process with limits can bound.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import time
from pathlib import Path

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, LimitReachedError

from indexer.documents import ocr
from indexer.documents.limits import (
    DOCUMENT_LIMITS,
    DeadlineExceeded,
    DocumentLimits,
    german_number,
)
from indexer.documents.model import DocumentWarning, Extraction, Page

log = logging.getLogger(__name__)

MAX_METADATA_CHARS = 1_000
CUT_OFF = "Die PDF-Datei ist unvollständig (sie bricht vor dem Ende ab)"
_OBJECT_NUMBER = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+[0-9]{1,5}\s+obj\b")


class _Unreadable(Exception):
    """The file cannot be read as a PDF at all; the message is German."""


class _Collector:
    """Pages and warnings of one document while it is read, with its limits."""

    def __init__(self, limits: DocumentLimits) -> None:
        self.limits = limits
        self.pages: dict[int, Page] = {}
        self.warnings: list[DocumentWarning] = []
        self.truncated = False
        self.chars = 0
        self.full = False  # the character limit of the document is reached

    def warn(self, message: str, page: int | None = None) -> None:
        self.warnings.append(DocumentWarning(message, page))

    def add(self, number: int, text: str, state: str) -> None:
        """Adds a page with text, cut at the page's and the document's character limits."""
        text = text.strip()
        if len(text) > self.limits.max_page_chars:
            text = text[: self.limits.max_page_chars]
            self.truncated = True
            limit = german_number(self.limits.max_page_chars)
            self.warn(
                f"Seite {number} ist länger als {limit} Zeichen; der Rest wurde abgeschnitten.",
                number,
            )
        room = self.limits.max_chars - self.chars
        if len(text) > room:
            text = text[:room]
            self.truncated = self.full = True
            self.warn(
                f"Das Dokument ist länger als {german_number(self.limits.max_chars)} Zeichen; "
                f"gelesen wurde bis Seite {number}.",
                number,
            )
        self.chars += len(text)
        self.pages[number] = Page(number, text, state=state)

    def extraction(self, metadata: dict[str, str]) -> Extraction:
        pages = tuple(self.pages[number] for number in sorted(self.pages))
        return Extraction("pdf", pages, tuple(self.warnings), self.truncated, metadata=metadata)


def extract_pdf(path: Path, limits: DocumentLimits | None = None) -> Extraction:
    """The text of each page of a PDF, its metadata and German warnings about problems."""
    limits = limits or DOCUMENT_LIMITS
    deadline = limits.soft_deadline()
    found = _Collector(limits)
    complete = _ends_properly(path)
    try:
        reader = _open(path, complete)
        count = _page_count(reader, found)
    except _Unreadable as exc:
        message = str(exc) if complete else CUT_OFF + " und konnte nicht gelesen werden."
        return Extraction("pdf", warnings=(DocumentWarning(message),), failed=True)
    if not complete:
        found.warnings.insert(0, DocumentWarning(CUT_OFF + "; gelesen wurde, was sich lesen ließ."))
    metadata = _metadata(reader)
    if count > limits.max_pages:
        found.truncated = True
        found.warn(
            f"Das Dokument hat {german_number(count)} Seiten; gelesen wurden nur die ersten "
            f"{german_number(limits.max_pages)}."
        )
    images = _read_text(reader, min(count, limits.max_pages), deadline, found)
    _recognise(reader, images, deadline, found)
    return found.extraction(metadata)


def _ends_properly(path: Path) -> bool:
    """Whether the file ends with %%EOF, as a PDF that was not cut off does."""
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - 2048))
            return b"%%EOF" in file.read()
    except OSError:
        return True  # opening it again will report the problem


def _open(path: Path, complete: bool) -> PdfReader:
    """A reader for the file, decrypted; a file that breaks off is repaired as far as can be."""
    try:
        reader = PdfReader(path) if complete else _repaired(path.read_bytes())
    except (MemoryError, DeadlineExceeded):
        raise
    except Exception as exc:
        log.info("pypdf cannot open %s: %r", path, exc)
        raise _Unreadable("Die PDF-Datei ist beschädigt und konnte nicht gelesen werden.") from exc
    if reader.is_encrypted:
        _decrypt(reader)
    return reader


def _repaired(data: bytes) -> PdfReader:
    """A reader for a PDF that lost its end: cross-reference table, trailer and %%EOF.

    pypdf rebuilds a lost cross-reference table when told "startxref 0", and looks for the
    catalog among objects 1 … /Size: a trailer with that size is all it needs.
    """
    numbers = (int(match.group(1)) for match in _OBJECT_NUMBER.finditer(data))
    size = max(numbers, default=0) + 1
    tail = b"\ntrailer\n<< /Size %d >>\nstartxref\n0\n%%%%EOF\n" % size
    return PdfReader(io.BytesIO(data + tail))


def _decrypt(reader: PdfReader) -> None:
    """Opens an encrypted PDF with the empty user password, as PDF viewers do."""
    message = (
        "Die PDF-Datei ist verschlüsselt (mit einem Kennwort geschützt) und kann ohne "
        "Kennwort nicht gelesen werden."
    )
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError) as exc:
        log.warning("unsupported PDF encryption: %s", exc)
        raise _Unreadable(
            "Die PDF-Datei ist mit einem Verfahren verschlüsselt, das hier nicht gelesen "
            "werden kann."
        ) from exc
    except Exception as exc:
        raise _Unreadable(message) from exc
    if opened == PasswordType.NOT_DECRYPTED:
        raise _Unreadable(message)


def _page_count(reader: PdfReader, found: _Collector) -> int:
    """The number of pages that can be found, with a warning when the file promised more."""
    try:
        count = len(reader.pages)
    except (MemoryError, DeadlineExceeded):
        raise
    except Exception as exc:
        log.info("pypdf cannot list pages: %r", exc)
        raise _Unreadable(
            "Die PDF-Datei ist beschädigt; ihre Seiten sind nicht zu finden."
        ) from exc
    if count == 0:
        raise _Unreadable("Die PDF-Datei enthält keine Seiten.")
    try:
        promised = reader.root_object["/Pages"].get_object().get("/Count")
    except Exception:  # a damaged page tree: the pages found are what there is
        promised = None
    if isinstance(promised, int) and promised > count:
        found.warn(
            f"Die PDF-Datei ist beschädigt: sie sollte {german_number(promised)} Seiten "
            f"haben, lesbar sind nur {german_number(count)}."
        )
    return count


def _metadata(reader: PdfReader) -> dict[str, str]:
    """Title, author and creation date (ISO date), where the file has them."""
    metadata: dict[str, str] = {}
    try:
        info = reader.metadata
        if info is None:
            return metadata
        for key, value in (("title", info.title), ("author", info.author)):
            if isinstance(value, str) and value.strip():
                metadata[key] = " ".join(value.split())[:MAX_METADATA_CHARS]
        created = info.creation_date
        if created is not None:
            metadata["date"] = created.date().isoformat()
    except (MemoryError, DeadlineExceeded):
        raise
    except Exception as exc:  # damaged or odd metadata does not matter for the text
        log.info("PDF metadata unreadable: %r", exc)
    return metadata


def _read_text(reader: PdfReader, count: int, deadline: float, found: _Collector) -> list[int]:
    """Reads the text of pages 1 … count; returns the numbers of image pages without text."""
    images: list[int] = []
    for number in range(1, count + 1):
        if found.full:
            break
        try:
            if time.monotonic() > deadline:
                raise DeadlineExceeded
            page = reader.pages[number - 1]
            text = page.extract_text()
            if _undecodable(text):
                found.pages[number] = Page(number, "", state="failed")
                found.warn(
                    f"Der Text von Seite {number} ist nicht lesbar: ihre Schrift fehlt in der "
                    "Datei oder ist beschädigt.",
                    number,
                )
            elif text.strip():
                found.add(number, text, "text")
            elif _content_missing(page):
                found.pages[number] = Page(number, "", state="failed")
                found.warn(f"Seite {number} ist beschädigt: ihr Inhalt fehlt.", number)
            elif len(page.images) > 0:
                images.append(number)
            else:
                found.pages[number] = Page(number, "", state="blank")
        except LimitReachedError:
            found.pages[number] = Page(number, "", state="failed")
            found.warn(
                f"Seite {number} enthält entpackt mehr Daten, als erlaubt sind (womöglich "
                "eine „Zip-Bombe“); sie wurde nicht gelesen.",
                number,
            )
        except DeadlineExceeded:
            found.truncated = True
            found.warn(
                f"Das Zeitlimit von {found.limits.time_seconds} Sekunden ist erreicht; "
                f"die Seiten ab {number} wurden nicht gelesen.",
                number,
            )
            break
        except MemoryError:
            found.truncated = True
            found.warn(
                f"Das Lesen brauchte mehr als {german_number(found.limits.memory_mb)} MB "
                f"Arbeitsspeicher; die Seiten ab {number} wurden nicht gelesen.",
                number,
            )
            break
        except Exception as exc:  # pypdf raises many kinds of errors on damaged pages
            log.info("page %d unreadable: %r", number, exc)
            found.pages[number] = Page(number, "", state="failed")
            found.warn(f"Seite {number} ist beschädigt und konnte nicht gelesen werden.", number)
    return images


def _undecodable(text: str) -> bool:
    """Whether most characters are U+FFFD: pypdf could not map the font's codes to text."""
    visible = len(text) - sum(char.isspace() for char in text)
    return visible > 0 and text.count("\ufffd") > visible / 2


def _content_missing(page: PageObject) -> bool:
    """Whether the page refers to content that is not in the file (cut off or damaged)."""
    contents = page.get("/Contents")
    return contents is not None and contents.get_object() is None


def _recognise(reader: PdfReader, numbers: list[int], deadline: float, found: _Collector) -> None:
    """Adds the image pages: recognised (OCR) where possible, otherwise empty with a warning."""
    limits = found.limits
    unsearchable = "Seite {number} ist ein Bild ohne Text; {reason} bleibt sie unsuchbar."
    reason = "ohne Texterkennung (OCR)"
    if limits.ocr and numbers and not ocr.ocr_available():
        found.warn("Die Texterkennung (tesseract mit deutschem Sprachpaket) ist nicht installiert.")
        limits = dataclasses.replace(limits, ocr=False)
    done = 0
    for number in numbers:
        if found.full:
            reason = "wegen der Längenbegrenzung des Dokuments"
        elif limits.ocr and done >= limits.max_ocr_pages:
            reason = (
                f"weil die Texterkennung auf {limits.max_ocr_pages} Seiten je Dokument "
                "begrenzt ist,"
            )
        elif limits.ocr and time.monotonic() > deadline:
            reason = "weil die Zeit für die Texterkennung nicht reichte,"
        elif limits.ocr:
            done += 1
            try:
                text = ocr.recognise_page(reader.pages[number - 1], deadline=deadline)
            except DeadlineExceeded:
                reason = "weil die Zeit für die Texterkennung nicht reichte,"
            except (ocr.OcrError, MemoryError) as exc:
                log.info("OCR failed on page %d: %r", number, exc)
                found.pages[number] = Page(number, "", state="empty")
                found.warn(
                    f"Die Texterkennung ist auf Seite {number} gescheitert; die Seite bleibt "
                    "unsuchbar.",
                    number,
                )
                continue
            except Exception as exc:  # a damaged image
                log.info("OCR impossible on page %d: %r", number, exc)
                reason = "weil ihr Bild beschädigt ist,"
            else:
                found.add(number, text, "ocr")
                if not text:
                    found.warn(f"Auf Seite {number} fand die Texterkennung keinen Text.", number)
                continue
        found.pages[number] = Page(number, "", state="empty")
        found.warn(unsearchable.format(number=number, reason=reason), number)
