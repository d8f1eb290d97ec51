"""Text from plain-text and Markdown files, and what all text formats share.

The shared part: the limits (pages or sections and characters per document), `Sections`
(which cuts a document at those limits), reading a bounded prefix of a file, decoding text
and naming what a file really is when it is not what its extension says. `office` and `web`
use them, so the limits live in one place.
"""

from __future__ import annotations

import codecs
import os
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from indexer.documents.model import DocumentWarning, Extraction, Page
from indexer.safe_yaml import parse_yaml


def _env_int(name: str, default: int) -> int:
    """A positive integer from the environment; an unset or unusable value keeps the default."""
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


MAX_PAGES = _env_int("PRAXISFINDER_DOC_MAX_PAGES", 2_000)  # pages, slides or sections
MAX_CHARS = _env_int("PRAXISFINDER_DOC_MAX_CHARS", 2_000_000)  # characters of text
# Characters of one page: a longer section goes on in a next one with the same label (so
# the sandbox, which cuts longer pages, loses nothing); a longer slide or page is cut.
MAX_PAGE_CHARS = _env_int("PRAXISFINDER_DOC_MAX_PAGE_CHARS", 100_000)
MAX_LABEL_CHARS = 200
# Bytes read from an HTML, Markdown or text file (markup can be far larger than its text).
MAX_SOURCE_BYTES = _env_int("PRAXISFINDER_DOC_MAX_SOURCE_BYTES", 50_000_000)
# What a DOCX or PPTX (a zip archive) may unpack to, and how densely a large member may be
# compressed: real Office XML compresses about 5–30:1, a zip bomb 1000:1.
MAX_UNZIPPED_BYTES = _env_int("PRAXISFINDER_DOC_MAX_UNZIPPED_BYTES", 200_000_000)
MAX_ZIP_RATIO = 200
MAX_ZIP_MEMBERS = 10_000

MB = 1_000_000
SECTION = ("Abschnitt", "Abschnitte")
SLIDE = ("Folie", "Folien")
PAGE = ("Seite", "Seiten")


def german_number(value: int) -> str:
    """An integer the German way: 2.000.000."""
    return f"{value:,}".replace(",", ".")


def _split(text: str, size: int) -> tuple[str, str]:
    """The first at most `size` characters of `text`, ended at a space if one is near."""
    cut = text.rfind(" ", 0, size + 1)
    if cut < size // 2:
        cut = size
    return text[:cut].rstrip(), text[cut:].lstrip()


class Sections:
    """Pages of one document in reading order, within the page and character limits.

    `start` opens a page (a heading's section, a slide, a page), `add` appends a line of
    text to it. Sections are free to split: a long one goes on in a next section with the
    same label. `fixed` pages (slides, pages) keep their numbers, also when blank, and a
    long one is cut. Once the document is full, further text is ignored, so callers can
    stop walking it.
    """

    def __init__(self, unit: tuple[str, str] = SECTION, *, fixed: bool = False) -> None:
        self.unit, self.units = unit  # German singular and plural for warnings
        self.fixed = fixed
        self.max_pages = MAX_PAGES
        self.max_chars = MAX_CHARS
        self.max_page_chars = MAX_PAGE_CHARS
        self.full = False
        self.warnings: list[DocumentWarning] = []
        self._sections: list[tuple[str, list[str]]] = []
        self._chars = 0
        self._page_chars = 0
        self._page_cut = False  # the current fixed page reached its limit

    def start(self, label: str = "") -> bool:
        """Open a new page; False when the page limit stops the document here."""
        if self.full:
            return False
        label = " ".join(label.split())[:MAX_LABEL_CHARS]
        self._page_chars = 0
        self._page_cut = False
        if self._sections and not self.fixed:
            last_label, last_lines = self._sections[-1]
            if not last_label and not last_lines:
                self._sections[-1] = (label, last_lines)  # an empty untitled section vanishes
                return True
        if len(self._sections) >= self.max_pages:
            self.cut(
                f"Das Dokument hat mehr als {german_number(self.max_pages)} {self.units}; "
                f"nur die ersten {german_number(self.max_pages)} werden gelesen."
            )
            return False
        self._sections.append((label, []))
        return True

    def add(self, text: str) -> None:
        """Append one line or block of text to the current page."""
        text = text.strip()
        while text and not self.full and not self._page_cut:
            if not self._sections and not self.start():
                return
            room = self.max_page_chars - self._page_chars - 1  # 1 for the line break
            if len(text) <= room:
                self._append(text)
                return
            if self.fixed:
                self._append(text[: max(room, 0)])
                self._page_cut = True
                number = len(self._sections)
                self.warnings.append(
                    DocumentWarning(
                        f"{self.unit} {number} ist länger als "
                        f"{german_number(self.max_page_chars)} Zeichen; der Rest wird nicht "
                        "gelesen.",
                        number,
                    )
                )
            elif self._page_chars:
                self.start(self._sections[-1][0])  # the section goes on in the next one
            else:
                piece, text = _split(text, max(room, 1))
                self._append(piece)

    def _append(self, text: str) -> None:
        """Append a line that fits the page, cut at the document's character limit."""
        remaining = self.max_chars - self._chars
        if len(text) > remaining:
            text = text[:remaining].rstrip()
            self.cut(
                f"Das Dokument hat mehr als {german_number(self.max_chars)} Zeichen Text; "
                "der Rest wird nicht gelesen."
            )
        if text:
            self._sections[-1][1].append(text)
            self._chars += len(text) + 1
            self._page_chars += len(text) + 1

    def cut(self, message: str) -> None:
        """Stop reading the document, with a German warning saying why."""
        if not self.full:
            self.full = True
            self.warnings.append(DocumentWarning(message))

    def drop_trailing_blank(self) -> None:
        """Forget a last page without text (after a final form feed)."""
        if self._sections and not self._sections[-1][1] and not self._sections[-1][0]:
            self._sections.pop()

    def pages(self) -> tuple[Page, ...]:
        """The sections as pages numbered from 1."""
        pages = []
        for label, lines in self._sections:
            text = "\n".join(lines)
            pages.append(Page(len(pages) + 1, text, label=label, state="text" if text else "blank"))
        return tuple(pages)

    def extraction(
        self,
        kind: str,
        warnings: list[DocumentWarning] | None = None,
        metadata: dict[str, str] | None = None,
    ) -> Extraction:
        """The result: pages, the caller's warnings then the limit warnings, metadata."""
        pages = self.pages()
        found = list(warnings or []) + self.warnings
        if not any(page.text for page in pages):
            found.append(DocumentWarning("Das Dokument enthält keinen Text."))
        return Extraction(
            kind=kind,
            pages=pages,
            warnings=tuple(found),
            truncated=self.full or any(w.page is not None for w in self.warnings),
            metadata={key: value for key, value in (metadata or {}).items() if value},
        )


def failed(kind: str, message: str) -> Extraction:
    """A document of which nothing could be read, with a German message saying why."""
    return Extraction(kind=kind, failed=True, warnings=(DocumentWarning(message),))


def unreadable(kind: str, error: BaseException) -> Extraction:
    """The result for an unexpected error while reading a document."""
    if isinstance(error, OSError):
        return failed(kind, "Die Datei konnte nicht geöffnet werden.")
    if isinstance(error, MemoryError):
        return failed(kind, "Die Datei ist zu groß, um gelesen zu werden.")
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
        return failed(kind, "Die Datei ist beschädigt: ein Teil des ZIP-Archivs ist fehlerhaft.")
    return failed(kind, "Die Datei konnte nicht gelesen werden; sie ist vermutlich beschädigt.")


# Magic numbers of formats that are often sent under a wrong extension.
_SIGNATURES = (
    (b"%PDF", "eine PDF-Datei"),
    (b"PK\x03\x04", "ein ZIP-Archiv"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "eine ältere Office-Datei (DOC, PPT, XLS) oder eine verschlüsselte Office-Datei",
    ),
    (b"{\\rtf", "eine RTF-Datei"),
    (b"\x89PNG", "ein PNG-Bild"),
    (b"\xff\xd8\xff", "ein JPEG-Bild"),
    (b"GIF8", "ein GIF-Bild"),
    (b"\x1f\x8b", "ein gzip-Archiv"),
    (b"7z\xbc\xaf", "ein 7-Zip-Archiv"),
    (b"Rar!", "ein RAR-Archiv"),
)


def file_type(head: bytes) -> str | None:
    """What the first bytes of a file say it is, in German ("eine PDF-Datei"), if known."""
    if not head:
        return "eine leere Datei"
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    return None


def read_prefix(path: Path, limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes of a file, and whether the file is longer."""
    with path.open("rb") as file:
        data = file.read(limit + 1)
    return data[:limit], len(data) > limit


_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark names, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def decode(data: bytes, encoding: str, *, partial: bool = False, strict: bool = True) -> str:
    """Bytes as text; `partial` allows a character cut off at the end (a bounded read)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict" if strict else "replace")
    return decoder.decode(data, final=not partial)


NOT_UTF8 = (
    "Die Datei ist nicht in UTF-8 kodiert; sie wurde als Windows-1252 (westeuropäisch) "
    "gelesen. Umlaute und Sonderzeichen können falsch sein."
)


def decode_text(data: bytes, partial: bool = False) -> tuple[str, list[DocumentWarning]]:
    """Text from bytes: a byte-order mark, else UTF-8, else Windows-1252 with a warning."""
    found = bom_encoding(data)
    if found:
        encoding, skip = found
        return decode(data[skip:], encoding, partial=partial, strict=False), []
    try:
        return decode(data, "utf-8", partial=partial), []
    except UnicodeDecodeError:
        text = decode(data, "cp1252", strict=False)
        return text, [DocumentWarning(NOT_UTF8)]


def _read_text(path: Path, kind: str) -> tuple[str, list[DocumentWarning], bool] | Extraction:
    """The decoded text of a text file and whether it was cut, or a failed extraction."""
    data, cut = read_prefix(path, text_source_limit())
    if not data:
        return "", [], False
    if bom_encoding(data) is None and (other := file_type(data[:16])):
        return failed(kind, f"Die Datei ist keine Textdatei, sondern {other}.")
    if b"\x00" in data[:65_536] and bom_encoding(data) is None:
        return failed(kind, "Die Datei enthält Binärdaten und ist keine Textdatei.")
    text, warnings = decode_text(data, partial=cut)
    return text, warnings, cut


def text_source_limit() -> int:
    """Bytes read from a text or Markdown file: enough for the character limit."""
    return min(MAX_SOURCE_BYTES, 4 * MAX_CHARS + 4)  # UTF-8 needs at most 4 bytes a character


def cut_source(sections: Sections, limit: int) -> None:
    """Say that only the first `limit` bytes of the file were read (unless already cut)."""
    sections.cut(f"Die Datei ist größer als {limit / MB:.0f} MB; nur der Anfang wird gelesen.")


def extract_text(path: Path) -> Extraction:
    """The text of a plain-text file: one section, or one per page where form feeds split it."""
    try:
        read = _read_text(Path(path), "text")
        if isinstance(read, Extraction):
            return read
        text, warnings, cut = read
        paged = "\f" in text  # form feeds split pages, as pdftotext writes them
        sections = Sections(PAGE if paged else SECTION, fixed=paged)
        for page in text.split("\f"):
            if not sections.start():
                break
            for line in page.splitlines():
                sections.add(line)
        sections.drop_trailing_blank()
        if cut:
            cut_source(sections, text_source_limit())
        return sections.extraction("text", warnings)
    except Exception as error:  # a bad file must never stop the caller
        return unreadable("text", error)


def _markdown_parser() -> MarkdownIt:
    # Raw HTML stays recognisable as HTML tokens, so its tags and scripts can be dropped.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


def _inline_text(token: Token) -> str:
    """The plain text of an inline token: words, code and image descriptions, no markup."""
    parts = []
    hidden = False  # inside an inline <script> or <style>
    for child in token.children or []:
        if child.type == "html_inline":
            tag = child.content.lower()
            if tag.startswith(("<script", "<style")):
                hidden = True
            elif tag.startswith(("</script", "</style")):
                hidden = False
        elif hidden:
            continue
        elif child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _front_matter(content: str) -> dict[str, str]:
    """Title, author and date from YAML front matter, if it is a mapping."""
    try:
        _, data = parse_yaml(content)
    except Exception:  # front matter that is not YAML is simply ignored
        return {}
    if not isinstance(data, dict):
        return {}
    metadata = {}
    for key, names in (
        ("title", ("title", "titel")),
        ("author", ("author", "autor")),
        ("date", ("date", "datum")),
    ):
        for name in names:
            value = data.get(name)
            if isinstance(value, str | int | float) and str(value).strip():
                metadata[key] = str(value).strip()
                break
    return metadata


def _walk_markdown(tokens: list[Token], sections: Sections, html_text: Callable[[str], str]) -> str:
    """Feed Markdown tokens into sections; return the first level-1 heading."""
    first_h1 = ""
    heading: str | None = None  # tag of the heading being read
    row: list[str] | None = None  # cells of the table row being read
    for token in tokens:
        if sections.full:
            break
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            sections.add(" | ".join(cell for cell in row or [] if cell))
            row = None
        elif token.type == "inline":
            text = " ".join(_inline_text(token).split())
            if row is not None:
                row.append(text)
                continue
            if heading in ("h1", "h2") and text:
                sections.start(text)
                if heading == "h1" and not first_h1:
                    first_h1 = text
            sections.add(text)
        elif token.type in ("code_block", "fence"):
            for line in token.content.splitlines():
                sections.add(line)
        elif token.type == "html_block":
            for line in html_text(token.content).splitlines():
                sections.add(line)
    return first_h1


def extract_markdown(path: Path) -> Extraction:
    """The text of a Markdown file without markup, one section per `#` or `##` heading.

    Text before the first heading is section 1; front matter gives title, author and date.
    """
    from indexer.documents.web import html_text  # web imports this module: import late

    try:
        read = _read_text(Path(path), "markdown")
        if isinstance(read, Extraction):
            return read
        text, warnings, cut = read
        sections = Sections()
        tokens = _markdown_parser().parse(text)
        metadata: dict[str, str] = {}
        if tokens and tokens[0].type == "front_matter":
            metadata = _front_matter(tokens[0].content)
        first_h1 = _walk_markdown(tokens, sections, html_text)
        metadata.setdefault("title", first_h1)
        if cut:
            cut_source(sections, text_source_limit())
        return sections.extraction("markdown", warnings, metadata)
    except Exception as error:  # a bad file must never stop the caller
        return unreadable("markdown", error)
