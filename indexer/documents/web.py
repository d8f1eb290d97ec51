"""The main text of an HTML page, one section per `h1`/`h2` heading, without menus or scripts."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from email.message import Message
from pathlib import Path

import lxml.html
from lxml import etree

from indexer.documents.model import DocumentWarning, Extraction
from indexer.documents.plain import (
    MAX_SOURCE_BYTES,
    Sections,
    bom_encoding,
    cut_source,
    decode,
    failed,
    file_type,
    read_prefix,
    unreadable,
)

# Never page text: code, styling, menus, sidebars, form controls, head elements.
# Not `head` itself: libxml2's HTML 4 parser puts HTML 5 elements (main, article, section)
# into the head when a page leaves out `<body>`, as HTML 5 allows.
DROPPED_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "button", "select",
    "textarea", "input", "iframe", "object", "embed", "svg", "math", "canvas", "dialog",
    "title", "meta", "link", "base",
)  # fmt: skip
DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# A header or footer inside these belongs to the content (an article's title and date).
CONTENT_TAGS = ("article", "main", "section")
# A form holding these wraps the whole page (ASP.NET pages do): only its controls go.
PAGE_FORM_TAGS = ("main", "article", "h1")
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr",
    "ul",
})  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
SECTION_TAGS = frozenset({"h1", "h2"})
PRESCAN_BYTES = 4096  # where a page declares its charset (HTML says the first 1024 bytes)


def _declared_charset(head: bytes) -> str | None:
    """The charset a page declares in `<meta charset>` or `<meta http-equiv>`, if any."""
    try:
        # Latin-1 maps every byte to one character, so ASCII markup parses whatever follows.
        doc = lxml.html.document_fromstring(head.decode("latin-1"))
    except (etree.ParserError, ValueError):
        return None
    for meta in doc.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset", "").strip()
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            header = Message()
            header["content-type"] = meta.get("content") or ""
            charset = header.get_content_charset()
            if charset:
                return charset
    return None


def _html_encoding(name: str) -> str | None:
    """The Python codec for a declared charset as browsers read it, or None if unknown."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # browsers read Latin-1 and ASCII pages as Windows-1252
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # without a BOM such a declaration is wrong; browsers use UTF-8
    return codec


def decode_html(data: bytes, partial: bool = False) -> tuple[str, list[DocumentWarning]]:
    """The text of an HTML file: byte-order mark, declared charset, UTF-8 or Windows-1252."""
    found = bom_encoding(data)
    if found:
        encoding, skip = found
        return decode(data[skip:], encoding, partial=partial, strict=False), []
    warnings = []
    declared = _declared_charset(data[:PRESCAN_BYTES])
    encoding = _html_encoding(declared) if declared else None
    if declared and encoding is None:
        warnings.append(
            DocumentWarning(
                f"Die Seite gibt eine unbekannte Zeichenkodierung an ({declared[:40]}); "
                "die Angabe wird übergangen."
            )
        )
    if encoding:
        try:
            return decode(data, encoding, partial=partial), warnings
        except UnicodeDecodeError:
            warnings.append(
                DocumentWarning(
                    f"Die Seite enthält Zeichen, die nicht zur angegebenen Kodierung "
                    f"({declared}) passen; sie wurden ersetzt."
                )
            )
            return decode(data, encoding, partial=partial, strict=False), warnings
    try:
        return decode(data, "utf-8", partial=partial), warnings
    except UnicodeDecodeError:
        # What a browser set to German does with such a page (WHATWG: locale default).
        warnings.append(
            DocumentWarning(
                "Die Seite gibt keine Zeichenkodierung an und ist nicht in UTF-8 kodiert; "
                "sie wurde als Windows-1252 (westeuropäisch) gelesen. Umlaute und "
                "Sonderzeichen können falsch sein."
            )
        )
        return decode(data, "cp1252", strict=False), warnings


def _parse(text: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The document tree without comments (None if empty), and whether it was cut short.

    libxml2 stops at a nesting depth of 2,048 elements (256 without `huge_tree`) and drops
    the rest of the page; the flag says so.
    """
    # Parsed as UTF-8 bytes with the encoding forced, so declarations in the page cannot
    # change how the already decoded text is read.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except etree.ParserError:  # "Document is empty"
        root = None
    limited = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    return root, limited


def _drop_furniture(root: lxml.html.HtmlElement) -> None:
    """Remove everything that is not page text: scripts, menus, forms, hidden parts."""
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        role = (element.get("role") or "").strip().lower()
        if (
            element.tag in DROPPED_TAGS
            or role in DROPPED_ROLES
            or element.get("hidden") is not None
            or (element.get("aria-hidden") or "").strip().lower() == "true"
        ):
            doomed.append(element)
        elif element.tag in ("header", "footer"):
            if next(element.iterancestors(*CONTENT_TAGS), None) is None:
                doomed.append(element)
        elif element.tag == "form" and next(element.iter(*PAGE_FORM_TAGS), None) is None:
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _content_roots(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The page's main text: `<main>`, else its `<article>`s, else the whole page."""
    main = root.find(".//main")
    if main is not None and main.text_content().strip():
        return [main]
    articles = [article for article in root.iter("article") if not _inside_article(article)]
    return articles or [root]


def _inside_article(element: lxml.html.HtmlElement) -> bool:
    return next(element.iterancestors("article"), None) is not None


class _TextWalker:
    """Turns an element tree into lines of text, starting a section at each h1/h2."""

    def __init__(self, add_line: Callable[[str], None], start: Callable[[str], bool] | None):
        self.add_line = add_line
        self.start = start
        self.line: list[str] = []

    def flush(self) -> None:
        text = " ".join("".join(self.line).split())
        self.line = []
        if text:
            self.add_line(text)

    def walk(self, root: lxml.html.HtmlElement, stop: Callable[[], bool]) -> None:
        # iterwalk instead of recursion: a page may nest thousands of elements deep.
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            if stop():
                return
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                if tag in BLOCK_TAGS:
                    self.flush()
                if tag in SECTION_TAGS and self.start is not None:
                    label = " ".join(element.text_content().split())
                    if label:
                        self.start(label)
                if tag in CELL_TAGS and "".join(self.line).strip():
                    self.line.append(" | ")
                if tag == "br":
                    self.flush()
                if element.text and tag:
                    self.line.append(element.text)
            else:
                if tag in BLOCK_TAGS:
                    self.flush()
                if element.tail and element is not root:
                    self.line.append(element.tail)
        self.flush()


def html_text(markup: str) -> str:
    """The text of an HTML fragment (as embedded in Markdown), one block per line."""
    root, _ = _parse(markup)
    if root is None:
        return ""
    _drop_furniture(root)
    lines: list[str] = []
    _TextWalker(lines.append, None).walk(root, lambda: False)
    return "\n".join(lines)


def _metadata(root: lxml.html.HtmlElement) -> dict[str, str]:
    """Title from `<title>`, author and date from the usual `<meta>` names."""
    metadata: dict[str, str] = {}
    title = root.find(".//head/title")
    if title is None:
        title = root.find(".//title")
    if title is not None:
        metadata["title"] = " ".join(title.text_content().split())
    names = {
        "author": "author",
        "dc.creator": "author",
        "date": "date",
        "dc.date": "date",
        "dcterms.date": "date",
        "article:published_time": "date",
    }
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = names.get(name)
        content = " ".join((meta.get("content") or "").split())
        if key and content and key not in metadata:
            metadata[key] = content[:10] if key == "date" else content
    return metadata


def extract_html(path: Path) -> Extraction:
    """The main text of an HTML page, one section per `h1` or `h2` heading.

    Scripts, styles, menus, page headers and footers, sidebars, forms and comments are left
    out; `<main>` or `<article>` is preferred when the page has one.
    """
    try:
        data, cut = read_prefix(Path(path), MAX_SOURCE_BYTES)
        other = file_type(data[:16]) if bom_encoding(data) is None else None
        if data and other:
            return failed("html", f"Die Datei ist keine HTML-Seite, sondern {other}.")
        if b"\x00" in data[:65_536] and bom_encoding(data) is None:
            return failed("html", "Die Datei enthält Binärdaten und ist keine HTML-Seite.")
        text, warnings = decode_html(data, partial=cut)
        sections = Sections()
        root, limited = _parse(text)
        metadata: dict[str, str] = {}
        if root is not None:
            metadata = _metadata(root)
            _drop_furniture(root)
            walker = _TextWalker(sections.add, sections.start)
            for content in _content_roots(root):
                walker.walk(content, lambda: sections.full)
        if limited:
            sections.cut("Die Seite ist zu tief verschachtelt; der Text dahinter fehlt.")
        if cut:
            cut_source(sections, MAX_SOURCE_BYTES)
        return sections.extraction("html", warnings, metadata)
    except Exception as error:  # a bad file must never stop the caller
        return unreadable("html", error)
