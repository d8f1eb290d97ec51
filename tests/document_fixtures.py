"""Makers of document files for the tests, generated in code (no binary files in the repo).

Each function writes one file and returns its path. Append new makers at the end.
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import subprocess
import time
import zipfile
import zlib
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

# Bitstream Vera ships with reportlab and has ä, ö, ü, ß and é (Pillow's own font has not).
VERA_TTF = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def text_pdf(
    path: Path,
    pages: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    created: str | None = None,
) -> Path:
    """A PDF with one text page per item of `pages` ("" gives a blank page).

    `created` is a PDF date such as "D:20250314093000+01'00'".
    """
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    for text in pages:
        y = 780
        for line in text.splitlines():
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    if title or author or created:
        writer = PdfWriter(clone_from=PdfReader(path))
        info = {"/Title": title, "/Author": author, "/CreationDate": created}
        writer.add_metadata({key: value for key, value in info.items() if value})
        writer.write(path)
    return path


def many_pages_pdf(path: Path, count: int) -> Path:
    """A PDF of `count` short text pages ("Seite 1", "Seite 2", …)."""
    return text_pdf(path, [f"Seite {number}" for number in range(1, count + 1)])


def encrypted_pdf(source: Path, path: Path, *, user_password: str, owner_password: str) -> Path:
    """`source` encrypted with AES-256 (an empty user password opens it without asking)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password, owner_password, algorithm="AES-256")
    writer.write(path)
    return path


def truncated_copy(source: Path, path: Path, fraction: float) -> Path:
    """The first `fraction` of `source`'s bytes, as a download that broke off."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def corrupt_pdf(path: Path) -> Path:
    """The first and the last line of a PDF with bytes between them that are no PDF at all."""
    junk = bytes((index * 37 + 11) % 256 for index in range(20_000))
    path.write_bytes(b"%PDF-1.7\n" + junk + b"\n%%EOF\n")
    return path


def zeros_deflated(megabytes: int) -> bytes:
    """A zlib stream that inflates to `megabytes` MiB of zero bytes, made in milliseconds.

    After a full flush deflate starts afresh, so one compressed MiB can be repeated; the
    Adler-32 of n zero bytes is (n mod 65521) << 16 | 1.
    """
    mib = bytes(1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, block = first[:2], first[2:]
    checksum = ((megabytes << 20) % 65521) << 16 | 1
    return header + block * megabytes + b"\x03\x00" + struct.pack(">I", checksum)


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF written object by object with a correct cross-reference table.

    Object 1 must be the catalog; objects are numbered from 1 in list order.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def deflate_bomb_pdf(path: Path, megabytes: int, *, pages: int = 1) -> Path:
    """`pages` pages, each with its own content stream of `megabytes` MiB of zeros.

    Deflate shrinks zeros about 1,000 times: 2,048 MiB fit in 2 MB of file.
    """
    data = zeros_deflated(megabytes)
    stream = f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        font,
    ]
    for index in range(pages):
        contents = f"{5 + 2 * index} 0 R".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
            + contents
            + b" /Resources << /Font << /F1 3 0 R >> >> >>"
        )
        objects.append(stream + b"\nendstream")
    return raw_pdf(path, objects)


def text_image(text: str, *, width: int = 2480, font_size: int = 64) -> Image.Image:
    """A white page strip with black text, as a scanner at 300 dpi would give it."""
    font = ImageFont.truetype(str(VERA_TTF), font_size)
    lines = text.splitlines()
    image = Image.new("L", (width, 200 + len(lines) * font_size * 2), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((150, 100 + index * font_size * 2), line, font=font, fill=0)
    return image


def scanned_pdf(path: Path, texts: list[str]) -> Path:
    """An image-only PDF (no text layer): one scanned page per item of `texts`."""
    images = [text_image(text) for text in texts]
    images[0].save(path, "PDF", resolution=300.0, save_all=True, append_images=images[1:])
    return path


def zip_file(path: Path) -> Path:
    """A ZIP archive (as a DOCX or PPTX is) under whatever name `path` has."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    path.write_bytes(buffer.getvalue())
    return path


def html_file(path: Path) -> Path:
    """An HTML page under whatever name `path` has."""
    path.write_text(
        "<!DOCTYPE html>\n<html lang='de'><body><p>Begegnungscafé</p></body></html>\n",
        encoding="utf-8",
    )
    return path


# Extractors that misbehave, for the sandbox tests: the worker imports them by name, so the
# tests put this folder on the worker's PYTHONPATH.


def hang(path: Path) -> None:
    """Never returns (a parser caught in a loop)."""
    while True:
        time.sleep(1)


def eat_memory(path: Path) -> None:
    """Allocates until the memory limit stops it."""
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def crash(path: Path) -> None:
    """Dies of a segmentation fault, as a broken C extension would."""
    os.kill(os.getpid(), signal.SIGSEGV)


def explode(path: Path) -> None:
    """Raises an exception nobody expected."""
    raise ValueError("unexpected")


# Office, web and text documents (tests/test_documents_office.py).


def docx_file(
    path: Path,
    blocks: list[tuple[str, object]],
    *,
    header: str = "",
    footer: str = "",
    title: str = "",
    author: str = "",
) -> Path:
    """A Word file made of `blocks`: ("h1" | "h2" | "h3" | "p", text), ("table", rows) or
    ("xml", a `w:p` element written out, for text boxes and tracked changes)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    for kind, content in blocks:
        if kind in ("h1", "h2", "h3"):
            document.add_heading(str(content), level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(str(content))
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        elif kind == "xml":
            document.element.body.insert(-1, parse_xml(str(content)))  # before w:sectPr
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.core_properties.title = title
    document.core_properties.author = author
    document.save(str(path))
    return path


def pptx_file(path: Path, slides: list[dict[str, object]], *, title: str = "") -> Path:
    """A PowerPoint file, one slide per dict: "title", "text" (lines in the body), "group"
    (lines in text boxes nested two groups deep), "table" (rows of cells), "notes"."""
    import pptx
    from pptx.util import Inches

    presentation = pptx.Presentation()
    for spec in slides:
        layout = presentation.slide_layouts[5 if spec.get("title") else 6]  # title only, blank
        slide = presentation.slides.add_slide(layout)
        if spec.get("title"):
            slide.shapes.title.text = str(spec["title"])
        for line in spec.get("text", []):  # type: ignore[attr-defined]
            box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1))
            box.text_frame.text = line
        if spec.get("group"):
            inner = slide.shapes.add_group_shape().shapes.add_group_shape()
            for line in spec["group"]:  # type: ignore[attr-defined]
                box = inner.shapes.add_textbox(Inches(1), Inches(3), Inches(3), Inches(1))
                box.text_frame.text = line
        if spec.get("table"):
            rows = list(spec["table"])  # type: ignore[call-overload]
            shape = slide.shapes.add_table(
                len(rows), len(rows[0]), Inches(1), Inches(4), Inches(6), Inches(1)
            )
            for row_number, cells in enumerate(rows):
                for column, text in enumerate(cells):
                    shape.table.cell(row_number, column).text = text
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = str(spec["notes"])
    presentation.core_properties.title = title
    presentation.save(str(path))
    return path


def office_zip_bomb(path: Path, megabytes: int, member: str = "word/document.xml") -> Path:
    """A DOCX-shaped zip whose `member` inflates to `megabytes` MiB of zeros (~1/1000 packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as stream:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                stream.write(chunk)
    return path


def hang_hard(path: Path) -> None:
    """Never returns and ignores the soft deadline (a parser stuck inside C code)."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        time.sleep(1)


def hang_with_child(path: Path) -> None:
    """Starts a helper process (as OCR does), writes its id next to `path`, then hangs."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    helper = subprocess.Popen(["sleep", "600"])
    path.with_suffix(".pid").write_text(str(helper.pid))
    while True:
        time.sleep(1)


def damaged_copy(source: Path, path: Path, stream: int) -> Path:
    """`source` with bytes of its `stream`-th stream (counted from 0) overwritten by junk."""
    data = source.read_bytes()
    start = [match.end() for match in re.finditer(rb"(?<!end)stream\r?\n", data)][stream]
    path.write_bytes(data[: start + 5] + b"\x00\xff" * 10 + data[start + 25 :])
    return path


def unmapped_font_pdf(path: Path) -> Path:
    """One page of text in a font that is missing from the file (its text cannot be decoded)."""
    content = b"BT /F1 12 Tf 72 700 Td (Hallo Welt) Tj ET"
    return raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 9 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ],
    )
