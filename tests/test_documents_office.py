"""Text from DOCX, PPTX, HTML, Markdown and plain text: sections, labels, limits, bad files."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from document_fixtures import (
    docx_file,
    office_zip_bomb,
    pptx_file,
    text_pdf,
    truncated_copy,
)
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml as parse_slide_xml

from indexer.documents import plain
from indexer.documents.model import Extraction
from indexer.documents.office import extract_docx, extract_pptx
from indexer.documents.plain import extract_markdown, extract_text
from indexer.documents.web import extract_html

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
# A floating text box as Word writes it: DrawingML in mc:Choice and a VML copy in mc:Fallback.
TEXT_BOX = f"""<w:p {WORD_NS}><w:r><w:t>Absatz mit Textfeld</w:t></w:r><w:r>
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>
<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Textfeldhinweis</w:t></w:r></w:p>
</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>
</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>
<w:t>Textfeldhinweis</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
</mc:Fallback></mc:AlternateContent></w:r></w:p>"""
TRACKED = f"""<w:p {WORD_NS}><w:r><w:t xml:space="preserve">Wir bieten </w:t></w:r>
<w:ins w:id="1" w:author="Redaktion" w:date="2025-03-01T10:00:00Z"><w:r>
<w:t>Sprachpatenschaften</w:t></w:r></w:ins><w:del w:id="2" w:author="Redaktion"
w:date="2025-03-01T10:00:00Z"><w:r><w:delText>Bastelkurse</w:delText></w:r></w:del>
<w:r><w:t xml:space="preserve"> an.</w:t></w:r></w:p>"""
FOOTNOTE_REF = f"""<w:p {WORD_NS}><w:r><w:t>Belegt durch eine Studie</w:t></w:r>
<w:r><w:footnoteReference w:id="1"/></w:r></w:p>"""
FOOTNOTES = f"""<w:footnotes {WORD_NS}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Quelle: Evaluationsbericht 2024</w:t></w:r></w:p>
</w:footnote></w:footnotes>"""

GERMAN_WORDS = ("Datei", "Dokument", "Seite", "Abschnitt", "Folie", "Zeichen", "gelesen")


def assert_german(extraction: Extraction) -> None:
    """Every warning is a German sentence."""
    for warning in extraction.warnings:
        assert any(word in warning.message for word in GERMAN_WORDS), warning.message


def section_with(extraction: Extraction, word: str) -> list[int]:
    return [page.number for page in extraction.pages if word in page.text]


def add_footnotes(path: Path, footnotes_xml: str) -> Path:
    """Add a footnotes part to a DOCX (python-docx cannot write one)."""
    source = path.read_bytes()
    path.unlink()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            new.writestr(item, data)
        new.writestr("word/footnotes.xml", footnotes_xml)
    return path


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("docx") / "bericht.docx"
    docx_file(
        path,
        [
            ("p", "Vorbemerkung der Redaktion"),
            ("h1", "Einleitung"),
            ("p", "Das Projekt begann im Stadtteil."),
            ("h2", "Ausgangslage"),
            ("p", "Viele Familien suchten Nachbarschaftshilfe."),
            ("h3", "Einzelheiten"),
            ("p", "Eine Überschrift 3 beginnt keinen Abschnitt."),
            ("xml", FOOTNOTE_REF),
            ("h1", "Ergebnisse"),
            ("table", [["Angebot", "Teilnehmende"], ["Hausaufgabenhilfe", "42"]]),
            ("xml", TEXT_BOX),
            ("xml", TRACKED),
        ],
        header="Kopfzeile Quartiersbüro",
        footer="Fußzeile Seite 1",
        title="Jahresbericht Nachbarschaft",
        author="Stadtteilbüro Nord",
    )
    return extract_docx(add_footnotes(path, FOOTNOTES))


@pytest.mark.parametrize(
    ("word", "number", "label"),
    [
        ("Vorbemerkung", 1, ""),  # text before the first heading is section 1
        ("begann", 2, "Einleitung"),
        ("Nachbarschaftshilfe", 3, "Ausgangslage"),  # Heading 2 starts a section too
        ("Evaluationsbericht", 3, "Ausgangslage"),  # a footnote, where it is referred to
        ("Überschrift 3 beginnt keinen", 3, "Ausgangslage"),
        ("Hausaufgabenhilfe | 42", 4, "Ergebnisse"),  # a table row
        ("Textfeldhinweis", 4, "Ergebnisse"),  # a text box
        ("Sprachpatenschaften", 4, "Ergebnisse"),  # a tracked insertion
        ("Kopfzeile Quartiersbüro", 5, "Kopf- und Fußzeilen"),
        ("Fußzeile Seite 1", 5, "Kopf- und Fußzeilen"),
    ],
)
def test_docx_text_is_found_in_its_section(
    report_docx: Extraction, word: str, number: int, label: str
) -> None:
    assert section_with(report_docx, word) == [number]
    assert report_docx.pages[number - 1].label == label


def test_docx_reads_text_once_and_leaves_deletions_out(report_docx: Extraction) -> None:
    text = "\n".join(page.text for page in report_docx.pages)
    assert text.count("Textfeldhinweis") == 1  # not again from the VML fallback copy
    assert "Bastelkurse" not in text
    assert "Wir bieten Sprachpatenschaften an." in text
    assert [page.label for page in report_docx.pages] == [
        "",
        "Einleitung",
        "Ausgangslage",
        "Ergebnisse",
        "Kopf- und Fußzeilen",
    ]
    assert report_docx.pages[2].text.startswith("Ausgangslage\n")  # the heading is text too
    assert report_docx.complete and not report_docx.warnings


def test_docx_metadata(report_docx: Extraction) -> None:
    assert report_docx.kind == "docx"
    assert report_docx.metadata["title"] == "Jahresbericht Nachbarschaft"
    assert report_docx.metadata["author"] == "Stadtteilbüro Nord"
    assert len(report_docx.metadata["date"]) == 10  # YYYY-MM-DD


def test_docx_heading_levels_follow_style_inheritance(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    heading_1 = document.styles["Heading 1"]
    document.styles["Heading 3"].base_style = heading_1  # as in Word's own template
    own_style = document.styles.add_style("Zwischentitel", WD_STYLE_TYPE.PARAGRAPH)
    own_style.base_style = heading_1  # no outline level of its own: inherits level 1
    document.add_paragraph("Vorspann")
    document.add_paragraph("Eigener Titel", style="Zwischentitel")
    document.add_paragraph("Text eins")
    document.add_paragraph("Dritte Ebene", style="Heading 3")
    document.add_paragraph("Text zwei")
    path = tmp_path / "stile.docx"
    document.save(str(path))
    result = extract_docx(path)
    assert [(page.label, page.text) for page in result.pages] == [
        ("", "Vorspann"),
        ("Eigener Titel", "Eigener Titel\nText eins\nDritte Ebene\nText zwei"),
    ]


def _smartart(slide: object, text: str) -> None:
    """Add a SmartArt graphic with `text` to a slide (python-pptx cannot make one)."""
    dgm = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    data = (
        f'<dgm:dataModel xmlns:dgm="{dgm}" xmlns:a="{a}"><dgm:ptLst><dgm:pt modelId="1">'
        f"<dgm:t><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>"
        "</dgm:ptLst></dgm:dataModel>"
    )
    part = Part(
        PackURI("/ppt/diagrams/data1.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        slide.part.package,  # type: ignore[attr-defined]
        data.encode(),
    )
    rid = slide.part.relate_to(  # type: ignore[attr-defined]
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
    )
    frame = parse_slide_xml(
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="{a}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><p:nvGraphicFramePr><p:cNvPr id="90" name="Diagramm"/>'
        '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="100" cy="100"/></p:xfrm><a:graphic><a:graphicData uri="{dgm}">'
        f'<dgm:relIds xmlns:dgm="{dgm}" r:dm="{rid}" r:lo="" r:qs="" r:cs=""/>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    )
    slide.shapes._spTree.append(frame)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def talk_pptx(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    import pptx

    path = tmp_path_factory.mktemp("pptx") / "vortrag.pptx"
    pptx_file(
        path,
        [
            {"title": "Willkommen", "text": ["Fachtag Integration"]},
            {
                "title": "Unser Ansatz",
                "text": ["Lotsenprogramm für Neuzugewanderte"],
                "group": ["Gruppierter Hinweis"],
                "table": [["Jahr", "Lotsen"], ["2024", "Siebzehn"]],
                "notes": "Sprechernotiz Förderverein",
            },
            {},  # a slide without any text
            {"title": "Ausblick"},
        ],
        title="Fachtag 2025",
    )
    presentation = pptx.Presentation(str(path))
    _smartart(presentation.slides[3], "Schritt Bürgerbeteiligung")
    presentation.save(str(path))
    return extract_pptx(path)


@pytest.mark.parametrize(
    "word",
    [
        "Lotsenprogramm",  # a text box
        "Gruppierter Hinweis",  # inside a group inside a group
        "2024 | Siebzehn",  # a table row
        "Sprechernotiz Förderverein",  # speaker notes
    ],
)
def test_pptx_text_is_found_on_its_slide(talk_pptx: Extraction, word: str) -> None:
    assert section_with(talk_pptx, word) == [2]
    assert talk_pptx.pages[1].label == "Unser Ansatz"


def test_pptx_one_page_per_slide(talk_pptx: Extraction) -> None:
    assert [page.label for page in talk_pptx.pages] == [
        "Willkommen",
        "Unser Ansatz",
        "",
        "Ausblick",
    ]
    assert talk_pptx.pages[2].state == "blank"
    assert section_with(talk_pptx, "Schritt Bürgerbeteiligung") == [4]  # SmartArt
    notes_at = talk_pptx.pages[1].text.index("Sprechernotiz")
    assert notes_at > talk_pptx.pages[1].text.index("Lotsenprogramm")  # notes come last
    assert talk_pptx.metadata["title"] == "Fachtag 2025"
    assert talk_pptx.complete


PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Begegnungscafé | Stadt Beispiel</title>
<meta name="author" content="Integrationsbüro">
<script>var geheim = "Skriptwort";</script><style>.x { color: red }</style></head>
<body>
<header><a href="/">Startseite Stadtportal</a></header>
<nav><ul><li>Menüpunkt Impressum</li><li>Menüpunkt Kontakt</li></ul></nav>
<div role="navigation">Brotkrumenpfad</div>
<main>
  <article>
    <header><h1>Begegnungscafé im Quartier</h1><p>Veröffentlicht im März</p></header>
    <p>Jeden Dienstag treffen sich <b>Alt</b>eingesessene und Neuzugezogene.</p>
    <!-- Kommentarwort -->
    <h2>Ablauf</h2>
    <p>Kaffee, Kuchen<br>und Gespräche.</p>
    <table><tr><th>Tag</th><th>Uhrzeit</th></tr><tr><td>Dienstag</td><td>15 Uhr</td></tr></table>
    <div hidden>Verstecktes Wort</div>
    <script>document.write("Inlineskript")</script>
    <noscript>Nichtskript</noscript>
    <template>Vorlagenwort</template>
    <form><label>Anmeldung per Formular</label><input value="Eingabewort"></form>
  </article>
  <aside>Randspalte Veranstaltungen</aside>
</main>
<footer>Fußbereich Datenschutz</footer>
</body></html>"""


@pytest.fixture(scope="module")
def cafe_html(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("html") / "cafe.html"
    path.write_text(PAGE, encoding="utf-8")
    return extract_html(path)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Begegnungscafé im Quartier", 1),  # an article's own header stays
        ("Veröffentlicht im März", 1),
        ("Jeden Dienstag treffen sich Alteingesessene und Neuzugezogene.", 1),
        ("Kaffee, Kuchen\nund Gespräche.", 2),
        ("Tag | Uhrzeit\nDienstag | 15 Uhr", 2),
    ],
)
def test_html_main_text_by_section(cafe_html: Extraction, text: str, number: int) -> None:
    assert section_with(cafe_html, text) == [number]


@pytest.mark.parametrize(
    "word",
    [
        "Skriptwort",
        "Inlineskript",
        "color",
        "Startseite",
        "Menüpunkt",
        "Brotkrumenpfad",
        "Kommentarwort",
        "Verstecktes",
        "Nichtskript",
        "Vorlagenwort",
        "Formular",
        "Eingabewort",
        "Randspalte",
        "Fußbereich",
    ],
)
def test_html_leaves_out_what_is_not_page_text(cafe_html: Extraction, word: str) -> None:
    assert section_with(cafe_html, word) == []


def test_html_sections_and_metadata(cafe_html: Extraction) -> None:
    assert [page.label for page in cafe_html.pages] == ["Begegnungscafé im Quartier", "Ablauf"]
    assert cafe_html.metadata == {
        "title": "Begegnungscafé | Stadt Beispiel",
        "author": "Integrationsbüro",
    }
    assert cafe_html.complete and not cafe_html.warnings


def test_html_without_main_uses_body_and_drops_page_header(tmp_path: Path) -> None:
    page = (
        "<html><body><header><h1>Stadtportal</h1></header><div id='inhalt'>"
        "<h1>Tafel</h1><p>Lebensmittel für alle</p></div><footer>Impressum</footer></body></html>"
    )
    path = tmp_path / "seite.htm"
    path.write_text(page, encoding="utf-8")
    result = extract_html(path)
    assert [(page.label, page.text) for page in result.pages] == [
        ("Tafel", "Tafel\nLebensmittel für alle")
    ]


@pytest.mark.parametrize(
    "page",
    [
        "<title>Kurz</title><main><h1>Hallo</h1><p>Welt</p></main>",
        "<title>Kurz</title><nav>Menü</nav><article><h1>Hallo</h1><p>Welt</p></article>",
        "<title>Kurz</title><header>Kopf</header><section><h1>Hallo</h1><p>Welt</p></section>",
        "<title>Kurz</title><h1>Hallo</h1>Welt",
    ],
)
def test_html_without_body_tag(tmp_path: Path, page: str) -> None:
    path = tmp_path / "kurz.html"
    path.write_text(page, encoding="utf-8")
    result = extract_html(path)
    assert [(page.label, page.text) for page in result.pages] == [("Hallo", "Hallo\nWelt")]
    assert result.metadata == {"title": "Kurz"}


def test_html_nested_too_deep_is_cut_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "tief.html"
    path.write_text("<p>Davor</p>" + "<div>" * 3000 + "Tief" + "</div>" * 3000)
    result = extract_html(path)
    assert result.pages[0].text == "Davor"
    assert result.truncated
    assert result.warnings[0].message == (
        "Die Seite ist zu tief verschachtelt; der Text dahinter fehlt."
    )


def test_html_full_of_scripts_yields_no_script_text(tmp_path: Path) -> None:
    scripts = "".join(f"<script>var wort{n} = 'Skripttext';</script>" for n in range(500))
    path = tmp_path / "skripte.html"
    path.write_text(f"<html><head>{scripts}</head><body>{scripts}</body></html>")
    result = extract_html(path)
    assert not any("Skripttext" in page.text for page in result.pages)
    assert not result.failed
    assert [w.message for w in result.warnings] == ["Das Dokument enthält keinen Text."]


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        ('<meta charset="windows-1252"><p>Grüße aus Köln</p>'.encode("cp1252"), False),
        (
            (
                '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
                "<p>Grüße aus Köln</p>"
            ).encode("cp1252"),
            False,
        ),
        ("\ufeff<p>Grüße aus Köln</p>".encode(), False),  # a UTF-8 byte-order mark
        ("<p>Grüße aus Köln</p>".encode(), False),  # undeclared UTF-8
        ("<p>Grüße aus Köln</p>".encode("cp1252"), True),  # undeclared, not UTF-8
    ],
)
def test_html_charset(tmp_path: Path, data: bytes, warned: bool) -> None:
    path = tmp_path / "seite.html"
    path.write_bytes(data)
    result = extract_html(path)
    assert result.pages[0].text == "Grüße aus Köln"
    assert bool(result.warnings) == warned
    assert_german(result)


def test_html_wrong_declared_charset_is_replaced_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "seite.html"
    path.write_bytes('<meta charset="utf-8"><p>Grüße</p>'.encode("cp1252"))
    result = extract_html(path)
    assert result.pages[0].text == "Gr\ufffd\ufffde"
    assert "Kodierung" in result.warnings[0].message


MARKDOWN = """---
title: Leitfaden Ehrenamt
author: Freiwilligenagentur
date: 2025-02-01
---
Einleitende Worte ohne Überschrift.

# Gewinnung

Freiwillige finden über **Aushänge** und [Vereinsseiten](https://example.org/verein).

### Unterpunkt

Ein Unterpunkt bleibt im selben Abschnitt.

Anerkennung
-----------

| Form | Wirkung |
|------|---------|
| Urkunde | Dank |

<div><script>alert("Skriptwort")</script><p>Eingebettetes HTML</p></div>

```
Codezeile bleibt lesbar
```
"""


@pytest.fixture(scope="module")
def guide_md(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("md") / "leitfaden.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return extract_markdown(path)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Einleitende Worte ohne Überschrift.", 1),
        ("Freiwillige finden über Aushänge und Vereinsseiten.", 2),
        ("Ein Unterpunkt bleibt im selben Abschnitt.", 2),  # ### starts no section
        ("Urkunde | Dank", 3),
        ("Eingebettetes HTML", 3),
        ("Codezeile bleibt lesbar", 3),
    ],
)
def test_markdown_text_by_section(guide_md: Extraction, text: str, number: int) -> None:
    assert section_with(guide_md, text) == [number]


@pytest.mark.parametrize("markup", ["**", "](", "https://", "---", "Skriptwort", "title:"])
def test_markdown_text_has_no_markup(guide_md: Extraction, markup: str) -> None:
    assert section_with(guide_md, markup) == []


def test_markdown_sections_and_metadata(guide_md: Extraction) -> None:
    assert [page.label for page in guide_md.pages] == ["", "Gewinnung", "Anerkennung"]
    assert guide_md.metadata == {
        "title": "Leitfaden Ehrenamt",
        "author": "Freiwilligenagentur",
        "date": "2025-02-01",
    }
    assert guide_md.complete and not guide_md.warnings


def test_markdown_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "notiz.md"
    path.write_text("# Protokoll Runder Tisch\n\nText.\n", encoding="utf-8")
    assert extract_markdown(path).metadata == {"title": "Protokoll Runder Tisch"}


@pytest.mark.parametrize(
    ("data", "texts", "warned"),
    [
        ("Grüße\nzweite Zeile".encode(), ["Grüße\nzweite Zeile"], False),
        ("\ufeffGrüße".encode(), ["Grüße"], False),
        ("Grüße".encode("utf-16"), ["Grüße"], False),
        ("Grüße".encode("cp1252"), ["Grüße"], True),
        (b"Seite eins\fSeite zwei\f\fSeite vier\f", ["Seite eins", "Seite zwei", "", "Seite vier"],
         False),
    ],
)  # fmt: skip
def test_plain_text_encodings_and_pages(
    tmp_path: Path, data: bytes, texts: list[str], warned: bool
) -> None:
    path = tmp_path / "notiz.txt"
    path.write_bytes(data)
    result = extract_text(path)
    assert [page.text for page in result.pages] == texts
    assert [page.number for page in result.pages] == list(range(1, len(texts) + 1))
    assert bool(result.warnings) == warned
    assert_german(result)


# Files that must fail, quickly and with a German warning naming the problem.


def _good_docx(tmp_path: Path) -> Path:
    return docx_file(tmp_path / "gut.docx", [("h1", "Titel"), ("p", "Text " * 2000)])


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("liesmich.txt", "Kein Office")
    return path


def _damaged_docx(path: Path) -> Path:
    data = bytearray(_good_docx(path.parent).read_bytes())
    start = data.index(b"word/document.xml") + 40  # inside the member's compressed data
    data[start : start + 200] = bytes(200)
    return _written(path, bytes(data))


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "bombe.docx": lambda path: office_zip_bomb(path, 210),
    "dicht.docx": lambda path: office_zip_bomb(path, 20),  # under 200 MB, but packed 1000:1
    "abgebrochen.docx": lambda path: truncated_copy(_good_docx(path.parent), path, 0.6),
    "kaputt.docx": _damaged_docx,
    "bericht.pdf.docx": lambda path: text_pdf(path, ["Ein PDF"]),
    "folien.docx": lambda path: pptx_file(path, [{"title": "Folie"}]),
    "bericht.pptx": lambda path: docx_file(path, [("p", "Ein Word-Dokument")]),
    "archiv.docx": _plain_zip,
    "leer.docx": lambda path: _written(path, b""),
    "leer.pptx": lambda path: _written(path, b""),
    "alt.docx": lambda path: _written(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
}


@pytest.mark.parametrize(
    ("name", "extract", "expected"),
    [
        ("bombe.docx", extract_docx, "entpackt sich auf über 200 MB; sie wird nicht gelesen"),
        ("dicht.docx", extract_docx, "über 200-fach komprimiert, wie bei einer ZIP-Bombe"),
        ("abgebrochen.docx", extract_docx, "beschädigt oder unvollständig"),
        ("kaputt.docx", extract_docx, "ein Teil des ZIP-Archivs ist fehlerhaft"),
        ("bericht.pdf.docx", extract_docx, "ist keine Word-Datei (DOCX), sondern eine PDF-Datei"),
        ("folien.docx", extract_docx, "sondern eine PowerPoint-Datei (PPTX)"),
        ("bericht.pptx", extract_pptx, "sondern eine Word-Datei (DOCX)"),
        ("archiv.docx", extract_docx, "sondern ein anderes ZIP-Archiv"),
        ("leer.docx", extract_docx, "Die Datei ist leer."),
        ("leer.pptx", extract_pptx, "Die Datei ist leer."),
        ("alt.docx", extract_docx, "ältere Office-Datei (DOC, PPT, XLS) oder eine verschlüs"),
    ],
)
def test_bad_office_files_fail_with_a_german_warning(
    tmp_path: Path, name: str, extract: Callable[[Path], Extraction], expected: str
) -> None:
    path = BAD_FILES[name](tmp_path / name)
    started = time.perf_counter()
    result = extract(path)
    assert time.perf_counter() - started < 5
    assert result.failed and not result.pages and not result.complete
    assert expected in result.warnings[0].message, result.warnings
    assert_german(result)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("leer", b""),
        ("pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4),
        ("zip", b"PK\x03\x04" + bytes(300)),
        ("binär", bytes(range(256)) * 40),
        ("html", b"<html><body><p>Hallo</p></body></html>"),
        ("tief", b"<div>" * 50_000 + b"Tief" + b"</div>" * 50_000),
        ("utf16", "<p>Grüße</p>".encode("utf-16")),
    ],
)
@pytest.mark.parametrize(
    "extract", [extract_docx, extract_pptx, extract_html, extract_markdown, extract_text]
)
def test_hostile_bytes_never_raise(
    tmp_path: Path, name: str, data: bytes, extract: Callable[[Path], Extraction]
) -> None:
    path = tmp_path / f"datei.{name}"
    path.write_bytes(data)
    result = extract(path)
    assert isinstance(result, Extraction)
    assert result.failed or result.pages or result.warnings
    assert_german(result)


def test_missing_file_fails_with_german_warning(tmp_path: Path) -> None:
    for extract in (extract_docx, extract_pptx, extract_html, extract_markdown, extract_text):
        result = extract(tmp_path / "fehlt.docx")
        assert result.failed
        assert_german(result)


# Limits: pages or sections and characters per document.


def test_too_many_sections_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "lang.md"
    path.write_text("".join(f"# Abschnitt {n}\n\nText {n}\n\n" for n in range(1, 2051)))
    result = extract_markdown(path)
    assert len(result.pages) == 2000
    assert result.pages[-1].label == "Abschnitt 2000"
    assert result.truncated and not result.complete
    assert result.warnings[0].message == (
        "Das Dokument hat mehr als 2.000 Abschnitte; nur die ersten 2.000 werden gelesen."
    )


@pytest.mark.parametrize("kind", ["docx", "pptx", "html", "text"])
def test_too_many_sections_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(plain, "MAX_PAGES", 3)
    words = [f"Punkt{n}" for n in range(1, 7)]
    if kind == "docx":
        blocks = [(level, word) for word in words for level in ("h1", "p")]
        result = extract_docx(docx_file(tmp_path / "a.docx", blocks, header="Kopf"))
    elif kind == "pptx":
        result = extract_pptx(pptx_file(tmp_path / "a.pptx", [{"title": w} for w in words]))
    elif kind == "html":
        (tmp_path / "a.html").write_text("".join(f"<h2>{w}</h2><p>x</p>" for w in words))
        result = extract_html(tmp_path / "a.html")
    else:
        (tmp_path / "a.txt").write_text("\f".join(words))
        result = extract_text(tmp_path / "a.txt")
    assert [page.text.split("\n")[0] for page in result.pages] == words[:3]
    assert result.truncated and not result.failed
    assert "mehr als 3" in result.warnings[0].message
    assert_german(result)


@pytest.mark.parametrize("kind", ["docx", "pptx", "html", "markdown", "text"])
def test_too_much_text_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(plain, "MAX_CHARS", 1000)
    lines = [f"Zeile {n} mit etwas Text" for n in range(200)]
    if kind == "docx":
        result = extract_docx(docx_file(tmp_path / "a.docx", [("p", line) for line in lines]))
    elif kind == "pptx":
        result = extract_pptx(pptx_file(tmp_path / "a.pptx", [{"text": lines}]))
    else:
        path = tmp_path / f"a.{kind}"
        path.write_text("\n\n".join(f"<p>{line}</p>" if kind == "html" else line for line in lines))
        extract = {"html": extract_html, "markdown": extract_markdown, "text": extract_text}[kind]
        result = extract(path)
    text = "\n".join(page.text for page in result.pages)
    assert 900 < len(text) <= 1000
    assert result.truncated
    assert result.warnings[0].message == (
        "Das Dokument hat mehr als 1.000 Zeichen Text; der Rest wird nicht gelesen."
    )


def test_long_sections_go_on_under_the_same_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plain, "MAX_PAGE_CHARS", 100)
    lines = [f"Absatz {n} über Patenschaften" for n in range(12)]
    path = docx_file(tmp_path / "lang.docx", [("h1", "Lang")] + [("p", x) for x in lines])
    result = extract_docx(path)
    assert {page.label for page in result.pages} == {"Lang"}
    assert len(result.pages) > 3
    assert all(len(page.text) <= 100 for page in result.pages)
    assert "\n".join(page.text for page in result.pages) == "\n".join(["Lang", *lines])
    assert result.complete and not result.warnings


def test_one_long_line_is_split_at_spaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain, "MAX_PAGE_CHARS", 50)
    words = [f"Wort{n}" for n in range(100)]
    (tmp_path / "zeile.txt").write_text(" ".join(words))
    result = extract_text(tmp_path / "zeile.txt")
    assert all(len(page.text) <= 50 for page in result.pages)
    assert " ".join(page.text for page in result.pages).split() == words
    assert result.complete


def test_a_long_slide_is_cut_and_the_next_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plain, "MAX_PAGE_CHARS", 100)
    slides = [{"title": "Voll", "text": ["x" * 80, "y" * 80]}, {"title": "Danach"}]
    result = extract_pptx(pptx_file(tmp_path / "a.pptx", slides))
    assert [page.label for page in result.pages] == ["Voll", "Danach"]
    assert len(result.pages[0].text) <= 100
    assert result.pages[1].text == "Danach"
    assert result.truncated
    assert [(w.message, w.page) for w in result.warnings] == [
        ("Folie 1 ist länger als 100 Zeichen; der Rest wird nicht gelesen.", 1)
    ]


def test_limits_come_from_the_environment() -> None:
    env = {
        **os.environ,
        "PRAXISFINDER_DOC_MAX_PAGES": "12",
        "PRAXISFINDER_DOC_MAX_CHARS": "nonsense",
    }
    code = "from indexer.documents import plain; print(plain.MAX_PAGES, plain.MAX_CHARS)"
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["12", "2000000"]
