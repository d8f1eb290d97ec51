"""Text from Word (DOCX) and PowerPoint (PPTX) files.

A DOCX becomes one section per Heading 1 or 2; a PPTX one page per slide. python-docx and
python-pptx open the files; the text is taken from their XML trees, because python-docx
misses text boxes (#868) and tracked insertions (#803).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pptx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml as parse_word_xml
from lxml import etree
from pptx.oxml import parse_xml as parse_slide_xml
from pptx.shapes.group import GroupShape

from indexer.documents.model import Extraction
from indexer.documents.plain import (
    MAX_LABEL_CHARS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MB,
    SLIDE,
    Sections,
    failed,
    file_type,
    german_number,
    unreadable,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, TBL, TR, TC, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
TEXT_BOX = _w("txbxContent")
FOOTNOTE_REF, ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
SECTION_PROPERTIES = _w("sectPr")
HEADER_REF, FOOTER_REF = _w("headerReference"), _w("footerReference")
R_ID = f"{{{R_NS}}}id"
# Subtrees without current text: deletions (tracked), properties, and the fallback copy of
# a drawing (Word stores a text box twice: DrawingML in mc:Choice, VML in mc:Fallback).
SKIPPED = frozenset({_w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"), f"{{{MC_NS}}}Fallback"})
LINE_BREAKS = frozenset({_w("br"), _w("cr")})
HEADING_NAMES = {"heading 1": 1, "heading 2": 2, "überschrift 1": 1, "überschrift 2": 2}
HEADING_PREFIXES = ("heading ", "überschrift ")
HEADERS_LABEL = "Kopf- und Fußzeilen"
RATIO_MIN_BYTES = 1_000_000  # small members may compress well for honest reasons

FORMATS = {
    "docx": ("Word-Datei (DOCX)", "word/"),
    "pptx": ("PowerPoint-Datei (PPTX)", "ppt/"),
}
OTHER_PACKAGES = (
    ("word/", "eine Word-Datei (DOCX)"),
    ("ppt/", "eine PowerPoint-Datei (PPTX)"),
    ("xl/", "eine Excel-Datei (XLSX)"),
)


def _label(text: str) -> str:
    return " ".join(text.split())[:MAX_LABEL_CHARS]


def check_package(path: Path, kind: str) -> str | None:
    """Why an Office file (a zip archive) must not be opened, in German; None if it may.

    Checked before any part is unpacked: the wrong format, a damaged archive, and zip
    bombs (too large unpacked, or compressed too densely). Python's zipfile never inflates
    a member beyond the size the archive declares, so checking declared sizes is enough.
    """
    expected, prefix = FORMATS[kind]
    with path.open("rb") as file:
        head = file.read(16)
    if not head:
        return "Die Datei ist leer."
    if not head.startswith(b"PK"):
        other = file_type(head)
        return f"Die Datei ist keine {expected}" + (f", sondern {other}." if other else ".")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return (
            "Die Datei ist beschädigt oder unvollständig (das ZIP-Archiv ist nicht lesbar, "
            "vielleicht wurde sie nicht vollständig übertragen)."
        )
    if len(members) > MAX_ZIP_MEMBERS:
        return (
            f"Die Datei besteht aus über {german_number(MAX_ZIP_MEMBERS)} Teilen; "
            "sie wird nicht gelesen."
        )
    if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        return (
            f"Die Datei entpackt sich auf über {MAX_UNZIPPED_BYTES // MB} MB; "
            "sie wird nicht gelesen."
        )
    for member in members:
        if member.file_size > max(RATIO_MIN_BYTES, MAX_ZIP_RATIO * member.compress_size):
            return (
                f"Ein Teil der Datei ist über {MAX_ZIP_RATIO}-fach komprimiert, wie bei einer "
                "ZIP-Bombe; sie wird nicht gelesen."
            )
        if member.flag_bits & 0x1:
            return "Die Datei ist mit einem Passwort geschützt und kann nicht gelesen werden."
    names = [member.filename for member in members]
    if "[Content_Types].xml" not in names:
        return f"Die Datei ist keine {expected}, sondern ein anderes ZIP-Archiv."
    if not any(name.startswith(prefix) for name in names):
        other = next(
            (
                description
                for other_prefix, description in OTHER_PACKAGES
                if any(name.startswith(other_prefix) for name in names)
            ),
            "eine andere Office-Datei",
        )
        return f"Die Datei ist keine {expected}, sondern {other}."
    return None


def _core_metadata(properties: Any) -> dict[str, str]:
    """Title, author and creation date (YYYY-MM-DD) from a document's core properties."""
    metadata = {"title": _label(properties.title or ""), "author": _label(properties.author or "")}
    created = properties.created
    if isinstance(created, datetime):
        metadata["date"] = created.date().isoformat()
    return metadata


# DOCX


def _flat(parent: Any) -> Iterator[Any]:
    """Children of a Word element, with content controls and custom XML unwrapped."""
    for child in parent:
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _flat(content)
        elif child.tag == CUSTOM_XML:
            yield from _flat(child)
        else:
            yield child


class _WordReader:
    """Reads a python-docx document's XML in reading order, text boxes and insertions too."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.heading_levels = self._heading_levels()
        self.notes = {
            **self._notes(RT.FOOTNOTES, "footnote"),
            **self._notes(RT.ENDNOTES, "endnote"),
        }
        self.pending_notes: list[str] = []  # notes referenced in the current section

    def _heading_levels(self) -> dict[str, int]:
        """Style id → heading level (1, 2), by built-in name or outline level, inherited."""
        styles = {}
        for style in self.document.styles.element.iter(_w("style")):
            name = style.find(_w("name"))
            based_on = style.find(_w("basedOn"))
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            styles[style.get(_w("styleId"))] = (
                (name.get(_w("val")) or "").lower() if name is not None else "",
                based_on.get(_w("val")) if based_on is not None else None,
                outline.get(_w("val")) if outline is not None else None,
            )
        levels = {}
        for style_id in styles:
            current, seen = style_id, set()
            while current in styles and current not in seen:  # bounded: styles may loop
                seen.add(current)
                name, based_on, outline = styles[current]
                # A style's own heading name or outline level decides ("heading 3" is
                # based on "heading 1" but is level 3); only without them is it inherited.
                if name.startswith(HEADING_PREFIXES) or outline is not None:
                    level = HEADING_NAMES.get(name) or _outline_level(outline)
                    if level:
                        levels[style_id] = level
                    break
                current = based_on
        return levels

    def _notes(self, reltype: str, kind: str) -> dict[tuple[str, str], str]:
        """Footnote or endnote id → its text."""
        try:
            part = self.document.part.part_related_by(reltype)
        except (KeyError, ValueError):
            return {}
        root = parse_word_xml(part.blob)  # python-docx has no notes part: parse it safely
        notes = {}
        for note in root.iter(_w(kind)):
            if note.get(_w("type")) in (None, "normal"):
                text = " ".join(self.block_lines(note, collect_notes=False))
                notes[(kind, note.get(_w("id")))] = text
        return notes

    def heading_level(self, paragraph: Any) -> int | None:
        """1 or 2 for a Heading 1 or 2 paragraph, else None."""
        properties = paragraph.find(_w("pPr"))
        if properties is None:
            return None
        outline = properties.find(_w("outlineLvl"))
        if outline is not None:
            return _outline_level(outline.get(_w("val")))
        style = properties.find(_w("pStyle"))
        return self.heading_levels.get(style.get(_w("val"))) if style is not None else None

    def paragraph(self, paragraph: Any, collect_notes: bool = True) -> tuple[str, list[str]]:
        """A paragraph's own text, and the lines of the text boxes anchored in it."""
        parts: list[str] = []
        boxes: list[Any] = []
        stack = [iter(paragraph)]  # iterative: no recursion limit for deep markup
        while stack:
            element = next(stack[-1], None)
            if element is None:
                stack.pop()
                continue
            tag = element.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == T:
                parts.append(element.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in LINE_BREAKS:
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == TEXT_BOX:
                boxes.append(element)
            elif tag in (FOOTNOTE_REF, ENDNOTE_REF):
                if collect_notes:
                    kind = "footnote" if tag == FOOTNOTE_REF else "endnote"
                    note = self.notes.get((kind, element.get(_w("id"))))
                    if note:
                        self.pending_notes.append(note)
            else:
                stack.append(iter(element))
        box_lines = [line for box in boxes for line in self.block_lines(box, collect_notes)]
        return "".join(parts), box_lines

    def block_lines(self, parent: Any, collect_notes: bool = True) -> Iterator[str]:
        """Lines of block content (a cell, a text box, a header): paragraphs and tables."""
        for child in _flat(parent):
            if child.tag == P:
                text, box_lines = self.paragraph(child, collect_notes)
                yield text
                yield from box_lines
            elif child.tag == TBL:
                yield from self.table_lines(child, collect_notes)

    def table_lines(self, table: Any, collect_notes: bool = True) -> Iterator[str]:
        """One line per table row, cells separated by " | " (merged cells only once)."""
        for row in _flat(table):
            if row.tag != TR:
                continue
            cells = []
            for cell in _flat(row):
                if cell.tag == TC:
                    lines = self.block_lines(cell, collect_notes)
                    cells.append(" ".join(" ".join(lines).split()))
            yield " | ".join(cell for cell in cells if cell)

    def read_body(self, sections: Sections) -> None:
        """The body into sections: each Heading 1 or 2 starts one, labelled with its text."""
        for block in _flat(self.document.element.body):
            if sections.full:
                return
            if block.tag == P:
                text, box_lines = self.paragraph(block)
                if self.heading_level(block) and text.strip():
                    self.flush_notes(sections)
                    sections.start(_label(text))
                sections.add(text)
                for line in box_lines:
                    sections.add(line)
            elif block.tag == TBL:
                for line in self.table_lines(block):
                    sections.add(line)
        self.flush_notes(sections)

    def flush_notes(self, sections: Sections) -> None:
        """Footnotes and endnotes go at the end of the section that refers to them."""
        for note in self.pending_notes:
            sections.add(note)
        self.pending_notes = []

    def header_footer_lines(self) -> list[str]:
        """The distinct lines of all headers, then of all footers."""
        body = self.document.element.body
        parts = self.document.part.related_parts
        lines: list[str] = []
        for reference_tag in (HEADER_REF, FOOTER_REF):
            for properties in body.iter(SECTION_PROPERTIES):
                for reference in properties.iter(reference_tag):
                    part = parts.get(reference.get(R_ID))
                    element = getattr(part, "element", None)
                    if element is not None:
                        lines.extend(self.block_lines(element, collect_notes=False))
        distinct = dict.fromkeys(" ".join(line.split()) for line in lines)
        return [line for line in distinct if line]


def _outline_level(value: str | None) -> int | None:
    """Heading level from Word's outline level (0 is level 1; 9 is body text)."""
    return {"0": 1, "1": 2}.get(value or "")


def extract_docx(path: Path) -> Extraction:
    """The text of a Word file, one section per Heading 1 or Heading 2.

    Text before the first heading is section 1. Tables are read row by row, text boxes
    where they are anchored, tracked insertions as accepted (deletions left out),
    footnotes and endnotes at the end of the section that refers to them, and headers and
    footers once each in a final section "Kopf- und Fußzeilen".
    """
    try:
        path = Path(path)
        problem = check_package(path, "docx")
        if problem:
            return failed("docx", problem)
        try:
            document = docx.Document(str(path))
        except (KeyError, ValueError, etree.XMLSyntaxError):
            return failed("docx", "Die Datei ist keine gültige Word-Datei (DOCX).")
        reader = _WordReader(document)
        sections = Sections()
        reader.read_body(sections)
        lines = reader.header_footer_lines()
        if lines and sections.start(HEADERS_LABEL):
            for line in lines:
                sections.add(line)
        return sections.extraction("docx", metadata=_core_metadata(document.core_properties))
    except Exception as error:  # a bad file must never stop the caller
        return unreadable("docx", error)


# PPTX


def _shapes(shapes: Any) -> Iterator[Any]:
    """Every shape of a slide in order, the members of groups (at any depth) included."""
    stack = [iter(shapes)]
    while stack:
        shape = next(stack[-1], None)
        if shape is None:
            stack.pop()
        elif isinstance(shape, GroupShape):
            stack.append(iter(shape.shapes))
        else:
            yield shape


def _text_frame_lines(frame: Any) -> list[str]:
    # python-pptx writes a line break inside a paragraph as a vertical tab.
    return [paragraph.text.replace("\v", "\n") for paragraph in frame.paragraphs]


def _smartart_lines(slide: Any, shape: Any) -> list[str]:
    """The text of a SmartArt graphic (from its data part; python-pptx does not read it)."""
    lines = []
    for ids in shape.element.iter(f"{{{DGM_NS}}}relIds"):
        part = slide.part.related_part(ids.get(f"{{{R_NS}}}dm"))
        root = parse_slide_xml(part.blob)
        for paragraph in root.iter(f"{{{A_NS}}}p"):
            lines.append("".join(text.text or "" for text in paragraph.iter(f"{{{A_NS}}}t")))
    return lines


def _slide_lines(slide: Any) -> tuple[str, list[str]]:
    """A slide's title and its lines: title, other text, tables, SmartArt, speaker notes."""
    title_shape = slide.shapes.title
    title = ""
    if title_shape is not None and title_shape.has_text_frame:
        title = _label(title_shape.text_frame.text)
    lines = [title]
    for shape in _shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if shape.has_text_frame:
            lines.extend(_text_frame_lines(shape.text_frame))
        elif getattr(shape, "has_table", False):
            for row in shape.table.rows:
                cells = (" ".join(cell.text.split()) for cell in row.cells)
                lines.append(" | ".join(cell for cell in cells if cell))
        elif shape.element.find(f".//{{{DGM_NS}}}relIds") is not None:
            lines.extend(_smartart_lines(slide, shape))
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            lines.extend(_text_frame_lines(frame))
    return title, lines


def extract_pptx(path: Path) -> Extraction:
    """The text of a PowerPoint file, one page per slide, labelled with the slide title.

    Text frames (inside groups too), tables, SmartArt and the speaker notes (after the
    slide's own text) are read; a slide without text is a blank page.
    """
    try:
        path = Path(path)
        problem = check_package(path, "pptx")
        if problem:
            return failed("pptx", problem)
        try:
            presentation = pptx.Presentation(str(path))
        except (KeyError, ValueError, etree.XMLSyntaxError):
            return failed("pptx", "Die Datei ist keine gültige PowerPoint-Datei (PPTX).")
        sections = Sections(SLIDE, fixed=True)
        for slide in presentation.slides:
            title, lines = _slide_lines(slide)
            if not sections.start(title):
                break
            for line in lines:
                sections.add(line)
        metadata = _core_metadata(presentation.core_properties)
        return sections.extraction("pptx", metadata=metadata)
    except Exception as error:  # a bad file must never stop the caller
        return unreadable("pptx", error)
