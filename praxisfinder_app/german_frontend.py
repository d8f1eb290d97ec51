"""Streamlit's browser frontend in German: a localized copy of its static folder.

Streamlit ships its frontend as a folder of prebuilt files (`index.html`, JavaScript
bundles) with English text and no way to change it: `<html lang="en">`, the title
"Streamlit", the 404 and connection-error dialogs, the labels of its widgets and chart menu.
`build` copies that folder once per Streamlit version and per version of this module and
translates it: `index.html` gets `lang="de"`, a German title and `<noscript>` text and the
app's own favicon; in the bundles, string literals listed in `PHRASES` are replaced by
their German text. Every phrase must be found, or the build fails: after a Streamlit
upgrade a changed text stops the app from starting instead of showing English.
`use` makes Streamlit's server serve the copy (see `praxisfinder_app.serve`).

The bundles are minified JavaScript. Replacements touch only whole string literals, found
by a small tokenizer (`rewrite_js`) that knows strings, template literals, comments and
regular expressions. A bundle that changes gets a new file name (and so does every file
that names it) because Streamlit lets browsers cache bundles for a year under their name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TITLE = "Praxisfinder"
ENV_CACHE = "PRAXISFINDER_FRONTEND_CACHE"
KEEP_OLD_BUILDS = 2  # earlier builds kept: a server started before may still serve one
STALE_SECONDS = 3600  # an unfinished build this old was abandoned


class FrontendLocalizationError(RuntimeError):
    """Streamlit's frontend does not look as this module expects (after an upgrade)."""


@dataclass(frozen=True)
class Phrase:
    """One English string literal of a bundle and its German replacement.

    `chunk` is the bundle's file name before its hash (`Multiselect` for
    `static/js/Multiselect.DBsRqIhx.js`; several files may share a name). `english` is the
    literal's text as written in the bundle, between its quotes; in a template literal,
    `{0}`, `{1}` … stand for its `${…}` parts in order. `german` may use, reorder or drop
    them. `before`, if set, is a regular expression for the source right before the literal:
    it picks one use of a short word such as "axis".
    """

    chunk: str
    english: str
    german: str
    before: str = ""


# -- the translation table -------------------------------------------------------------------
# Grouped by where a visitor meets the text. After an upgrade, find where a text went with
#   grep -o '.\{60\}Show data.\{60\}' $(python -c 'import streamlit.file_util as f;
#   print(f.get_static_dir())')/static/js/*.js

_FRAME = "index"  # the app's frame: navigation, status, dialogs, connection
_MARKDOWN = "StreamlitMarkdown"
_VEGA = "embed"  # Vega's own texts for screen readers

PHRASES: tuple[Phrase, ...] = (
    # Frame and navigation
    Phrase(_FRAME, "Skip to main content", "Zum Inhalt springen"),
    Phrase(_FRAME, "Please wait...", "Bitte warten …"),
    Phrase(_FRAME, "App pages", "Seiten"),
    Phrase(_FRAME, "(opens in new tab)", "(öffnet in neuem Tab)"),
    Phrase(_FRAME, "View {0} more", "{0} weitere anzeigen"),
    Phrase(_FRAME, "View less", "Weniger anzeigen"),
    Phrase(_FRAME, "Sidebar", "Seitenleiste", before='"aria-label":'),
    Phrase(_FRAME, "Expand sidebar", "Seitenleiste öffnen"),
    Phrase(_FRAME, "Collapse sidebar", "Seitenleiste schließen"),
    Phrase(_FRAME, "Main menu", "Hauptmenü"),
    Phrase(_FRAME, "Notifications", "Benachrichtigungen"),
    Phrase(_FRAME, "view more", "mehr anzeigen"),
    Phrase(_FRAME, "view less", "weniger anzeigen"),
    Phrase(_FRAME, "Close", "Schließen", before='"aria-label":'),
    Phrase(_FRAME, "Close", "Schließen", before="children:"),
    Phrase(_FRAME, "Scroll tabs left", "Reiter nach links blättern"),
    Phrase(_FRAME, "Scroll tabs right", "Reiter nach rechts blättern"),
    # Placeholders of select boxes and multiselects without one of their own
    Phrase("utils", "Choose an option", "Bitte wählen"),
    Phrase("utils", "Choose options", "Bitte wählen"),
    Phrase("utils", "Choose or add an option", "Wählen oder eingeben"),
    Phrase("utils", "Choose or add options", "Wählen oder eingeben"),
    Phrase("utils", "Add an option", "Eintrag hinzufügen"),
    Phrase("utils", "Add options", "Einträge hinzufügen"),
    Phrase("utils", "No options to select", "Keine Auswahl vorhanden"),
    # Status while a page is computed or the connection is lost
    Phrase(_FRAME, "Running...", "Wird geladen …"),
    Phrase(_FRAME, "Stopping...", "Wird angehalten …"),
    Phrase(_FRAME, "Stop", "Anhalten"),
    Phrase(_FRAME, "File change.", "Die Anwendung wurde geändert."),
    Phrase(_FRAME, "Rerun", "Neu laden"),
    Phrase(_FRAME, "Always rerun", "Immer neu laden"),
    Phrase(_FRAME, "Connecting", "Verbinden"),
    Phrase(_FRAME, "Connecting to Streamlit server", "Verbindung zum Server wird hergestellt"),
    Phrase(_FRAME, "Connecting to static app", "Verbindung wird hergestellt"),
    Phrase(_FRAME, "Error", "Fehler", before=r"`Connecting to static app`,\w+="),
    Phrase(_FRAME, "Unable to connect to Streamlit server", "Keine Verbindung zum Server"),
    # Dialogs: a mistyped address, a lost connection
    Phrase(_FRAME, "Page not found", "Seite nicht gefunden"),
    Phrase(
        _FRAME,
        "You have requested page /{0}, but no corresponding file was found in the app's pages/"
        " directory",
        "Die Seite „/{0}“ gibt es nicht",
    ),
    Phrase(
        _FRAME,
        "The page that you have requested does not seem to exist",
        "Die aufgerufene Seite gibt es nicht",
    ),
    Phrase(
        _FRAME, "{0}. Running the app's main page.", "{0}. Sie sehen stattdessen die Startseite."
    ),
    Phrase(_FRAME, "Connection error", "Keine Verbindung"),
    Phrase(
        _FRAME,
        "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in"
        " your terminal:",
        "Der Praxisfinder ist gerade nicht erreichbar. Die Seite verbindet sich von selbst"
        " wieder, sobald er wieder läuft.",
    ),
    # The command shown under that message: empty, so no code block is drawn.
    Phrase(_FRAME, "streamlit run yourscript.py", ""),
    Phrase(
        _FRAME,
        "Streamlit server is not responding. Are you connected to the internet?",
        "Der Server antwortet nicht. Bitte prüfen Sie Ihre Internetverbindung.",
    ),
    Phrase(
        _FRAME,
        "Cannot connect to Streamlit (HTTP status: 403).\n\nIf you are trying to access a"
        " Streamlit app running on another server, this could be due to the app's [CORS]({0})"
        " settings.",
        "Keine Verbindung zum Server (HTTP-Status 403).",
    ),
    Phrase(_FRAME, "Connection timed out.", "Die Verbindung hat zu lange gedauert."),
    Phrase(
        _FRAME, "Connection failed with status {0}{1}", "Verbindung fehlgeschlagen, Status {0}{1}"
    ),
    Phrase(_FRAME, ", and response:", ", Antwort:"),
    Phrase(
        _FRAME,
        "Connection lost. Please wait for the app to reconnect, then try again.",
        "Die Verbindung ist unterbrochen. Bitte warten Sie, bis sie wieder besteht, und"
        " versuchen Sie es dann noch einmal.",
    ),
    Phrase(_FRAME, "Bad message format", "Fehlerhafte Nachricht vom Server"),
    # A part of the page that cannot be loaded (after an update of the server)
    Phrase(_MARKDOWN, "Network issue", "Netzwerkproblem"),
    Phrase(
        _MARKDOWN,
        "Cannot load Streamlit frontend code. This can happen when you update Streamlit while a"
        " Streamlit app is running.",
        "Ein Teil der Seite konnte nicht geladen werden. Das kann nach einer Aktualisierung"
        " des Praxisfinders vorkommen.",
    ),
    Phrase(
        _MARKDOWN, "To fix this, simply reload this app by pressing", "Laden Sie die Seite neu:"
    ),
    Phrase(_MARKDOWN, "Ctrl+R", "Strg+R", before="children:"),
    Phrase(_MARKDOWN, ", or", " oder", before=r"children:`Ctrl\+R`\}\),"),
    Phrase(
        _MARKDOWN,
        "If the error persists, try force-clearing your browser's cache as described",
        "Hilft das nicht, leeren Sie den Zwischenspeicher (Cache) Ihres Browsers, wie",
    ),
    Phrase(
        _MARKDOWN,
        "https://en.wikipedia.org/wiki/Wikipedia:Bypass_your_cache#Cache_clearing_and_disabling",
        "https://de.wikipedia.org/wiki/Hilfe:Cache",
    ),
    Phrase(_MARKDOWN, "here", "hier beschrieben", before=r"target:`_blank`,children:"),
    # Text elements
    Phrase(_MARKDOWN, "Link to heading", "Link zu dieser Überschrift"),
    Phrase(_MARKDOWN, "Help", "Hilfe", before=r"\?"),
    Phrase(_MARKDOWN, "Help for {0}", "Hilfe zu {0}"),
    Phrase("useCopyToClipboard", "Copy to clipboard", "In die Zwischenablage kopieren"),
    Phrase("useCopyToClipboard", "Copied", "Kopiert"),
    Phrase("Table", "Scrollable table", "Tabelle mit Bildlauf"),
    # Multiselect (district filter, themes)
    Phrase("Multiselect", "en-US", "de-DE", before="locale:"),  # react-aria's own texts
    Phrase("Multiselect", "Select all", "Alle auswählen"),
    Phrase("Multiselect", "Select {0} matches", "{0} Treffer auswählen"),
    Phrase("Multiselect", "Add: {0}", "Hinzufügen: {0}"),
    Phrase("Multiselect", "Remove {0}", "{0} entfernen"),
    Phrase("Multiselect", "No results", "Keine Treffer"),
    Phrase("Multiselect", "option", "Eintrag", before=r"===1\?"),
    Phrase("Multiselect", "options", "Einträge", before="`option`:"),
    Phrase(
        "Multiselect",
        "You can only select up to {0} {1}. Remove an option first.",
        "Sie können höchstens {0} {1} wählen. Entfernen Sie zuerst einen.",
    ),
    Phrase("Multiselect", "Selected values", "Ausgewählt"),
    Phrase("Multiselect", "Clear all", "Alle entfernen"),
    Phrase("Multiselect", "Open", "Liste öffnen", before='"aria-label":'),
    Phrase("Multiselect", "Multiselect options", "Auswahlmöglichkeiten"),
    # Selectbox
    Phrase("Selectbox", "en-US", "de-DE", before="locale:"),
    Phrase("Selectbox", "Add: {0}", "Hinzufügen: {0}"),
    Phrase("Selectbox", "No results", "Keine Treffer"),
    Phrase("Selectbox", "Clear value", "Auswahl entfernen"),
    Phrase("Selectbox", "Open", "Liste öffnen", before='"aria-label":'),
    Phrase("Selectbox", "Selectbox options", "Auswahlmöglichkeiten"),
    # Text and number fields, radio buttons
    Phrase("TextInput", "Clear entry", "Eingabe löschen"),
    Phrase("TextInput", "Show password", "Passwort anzeigen"),
    Phrase("TextInput", "Hide password", "Passwort verbergen"),
    Phrase("TextInput", "Invalid input.", "Ungültige Eingabe."),
    Phrase("TextInput", "{0} Must match pattern: {1}", "{0} Erwartet wird das Muster {1}"),
    # the hint under a field ("Press Enter to apply"; the app's CSS hides it)
    Phrase("InputInstructions", "Press Enter to {0}", "Mit Enter {0}"),
    Phrase("InputInstructions", "Press {0}+Enter to {1}", "Mit {0}+Enter {1}"),
    Phrase("InputInstructions", "Ctrl", "Strg", before=r"`⌘`:"),
    Phrase("InputInstructions", "submit form", "absenden"),
    Phrase("InputInstructions", "apply", "übernehmen", before=r"`submit form`:"),
    Phrase("WidgetLabel", "(required)", "(Pflichtfeld)"),
    Phrase("NumberInput", "Decrement", "Verringern"),
    Phrase("NumberInput", "Increment", "Erhöhen"),
    Phrase("NumberInput", "Error: {0}", "Fehler: {0}"),
    Phrase("NumberInput", "**Error**: {0}", "**Fehler**: {0}"),
    Phrase("NumberInput", "Clear value", "Wert löschen"),
    Phrase(
        "NumberInput",
        "Number is outside the allowed range. Please enter a value between {0} and {1}.",
        "Die Zahl liegt außerhalb des erlaubten Bereichs. Bitte geben Sie eine Zahl von {0}"
        " bis {1} ein.",
    ),
    Phrase(
        "NumberInput",
        "Number is below the allowed range. Please enter a value greater than or equal to {0}.",
        "Die Zahl ist zu klein. Bitte geben Sie eine Zahl ab {0} ein.",
    ),
    Phrase("NumberInput", "Number is below the allowed range.", "Die Zahl ist zu klein."),
    Phrase(
        "NumberInput",
        "Number is above the allowed range. Please enter a value less than or equal to {0}.",
        "Die Zahl ist zu groß. Bitte geben Sie eine Zahl bis {0} ein.",
    ),
    Phrase("NumberInput", "Number is above the allowed range.", "Die Zahl ist zu groß."),
    Phrase("Radio", "No options to select.", "Keine Auswahl vorhanden."),
    # File upload (editor pages) and download
    Phrase("FileUploader", "Drag and drop a file here", "Datei hierher ziehen"),
    Phrase("FileUploader", "Drag and drop files here", "Dateien hierher ziehen"),
    Phrase("FileUploader", "Drag and drop directories here", "Ordner hierher ziehen"),
    Phrase("FileUploader", "{0} per file", "höchstens {0} je Datei"),
    Phrase("FileUploader", "Upload", "Hochladen", before="`Upload directories`:"),
    Phrase("FileUploader", "Upload directories", "Ordner hochladen"),
    Phrase("FileUploader", "Add files", "Dateien hinzufügen"),
    Phrase("FileUploader", "{0} files are not allowed.", "Dateien vom Typ {0} sind nicht erlaubt."),
    Phrase("DownloadButton", "Download failed", "Herunterladen fehlgeschlagen"),
    # Charts: the toolbar above a chart and its menu
    Phrase("Toolbar", "Fullscreen", "Vollbild", before="label:"),
    Phrase("Toolbar", "Close fullscreen", "Vollbild beenden"),
    Phrase("ArrowVegaLiteChart", "Show data", "Daten anzeigen"),
    Phrase("ArrowVegaLiteChart", "Show chart", "Diagramm anzeigen"),
    Phrase("ArrowVegaLiteChart", "Download as PNG", "Als PNG-Bild herunterladen"),
    Phrase("ArrowVegaLiteChart", "Copy Vega-Lite spec", "Diagrammdefinition kopieren"),
    Phrase("ArrowVegaLiteChart", "Copied!", "Kopiert!"),
    # "Daten anzeigen" shows the chart's data as a table (Streamlit's dataframe)
    Phrase("DataFrame", "Show/hide columns", "Spalten ein- und ausblenden"),
    Phrase("DataFrame", "Download as CSV", "Als CSV-Datei herunterladen"),
    Phrase("DataFrame", "Search", "Suchen", before="label:"),
    Phrase("DataFrame", "Clear selection", "Auswahl aufheben"),
    Phrase("DataFrame", "Type to search", "Suchbegriff eingeben"),
    Phrase("DataFrame", "Previous Result", "Vorheriger Treffer"),
    Phrase("DataFrame", "Next Result", "Nächster Treffer"),
    Phrase("DataFrame", "Close Search", "Suche schließen"),
    Phrase("DataFrame", "Dataframe column menu", "Spaltenmenü"),
    Phrase("DataFrame", "Copy column name", "Spaltennamen kopieren"),
    Phrase("DataFrame", "Sort ascending", "Aufsteigend sortieren"),
    Phrase("DataFrame", "Sort descending", "Absteigend sortieren"),
    Phrase("DataFrame", "Statistics", "Statistik", before=r":material/bar_chart:`\}\),"),
    Phrase("DataFrame", "Autosize", "Breite anpassen"),
    Phrase("DataFrame", "Pin column", "Spalte fixieren"),
    Phrase("DataFrame", "Unpin column", "Spalte lösen"),
    Phrase("DataFrame", "Hide column", "Spalte ausblenden"),
    Phrase("DataFrame", "Automatic", "Automatisch", before="label:"),
    Phrase("DataFrame", "Localized", "Landesüblich", before="label:"),
    Phrase("DataFrame", "Plain", "Ohne Formatierung", before="label:"),
    Phrase("DataFrame", "Compact", "Kompakt", before="label:"),
    Phrase("DataFrame", "Percent", "Prozent", before="label:"),
    Phrase("DataFrame", "Scientific", "Wissenschaftlich", before="label:"),
    Phrase("DataFrame", "Accounting", "Buchhaltung", before="label:"),
    Phrase("DataFrame", "Duration", "Dauer", before="label:"),
    Phrase("DataFrame", "Distance", "Abstand", before="label:"),
    Phrase("DataFrame", "Calendar", "Kalender", before="label:"),
    Phrase("DataFrame", "Values", "Werte", before="label:"),
    Phrase("DataFrame", "Empty", "Leer", before="label:"),
    Phrase("DataFrame", "Distinct", "Verschieden", before="label:"),
    Phrase("DataFrame", "Average", "Mittelwert", before="label:"),
    Phrase("DataFrame", "Standard deviation", "Standardabweichung", before="label:"),
    Phrase("DataFrame", "25th percentile", "25. Perzentil", before="label:"),
    Phrase("DataFrame", "75th percentile", "75. Perzentil", before="label:"),
    Phrase("DataFrame", "Sum", "Summe", before="label:"),
    Phrase("DataFrame", "Range", "Spanne", before="label:"),
    Phrase("DataFrame", "Minimum length", "Minimale Länge", before="label:"),
    Phrase("DataFrame", "Maximum length", "Maximale Länge", before="label:"),
    Phrase("DataFrame", "Average length", "Mittlere Länge", before="label:"),
    Phrase("DataFrame", "No data", "Keine Daten"),
    Phrase("DataFrame", "Based on sample", "Aus einer Stichprobe"),
    Phrase("DataFrame", "Distribution histogram", "Histogramm der Verteilung"),
    Phrase("DataFrame", "Top values frequency chart", "Häufigste Werte"),
    Phrase("DataFrame", "Range", "Bereich", before="title:"),
    Phrase("DataFrame", "Count", "Anzahl", before="title:"),
    # Vega's descriptions of a chart for screen readers ("X-axis titled 'Jahr' for a discrete
    # scale with 5 values: …"); scale and mark types (English words) are left out.
    Phrase(_VEGA, "visualization", "Diagramm", before="`aria-roleDescription`,"),
    Phrase(_VEGA, "{0} mark container", "Gruppe von Diagrammelementen"),
    Phrase(_VEGA, "{0} mark", "Diagrammelement"),
    Phrase(_VEGA, "axis", "Achse", before="desc:"),
    Phrase(_VEGA, "legend", "Legende", before="desc:"),
    Phrase(_VEGA, "title", "Titel", before="desc:"),
    Phrase(_VEGA, "subtitle", "Untertitel", before="desc:"),
    Phrase(_VEGA, "Title text '{0}'", "Titel „{0}“"),
    Phrase(_VEGA, "Subtitle text '{0}'", "Untertitel „{0}“"),
    Phrase(_VEGA, "{0}-axis", "{0}-Achse"),
    Phrase(_VEGA, " titled '{0}'", " „{0}“"),
    Phrase(_VEGA, " for a {0} scale with {1}", ", {1}"),
    Phrase(_VEGA, "{0} legend", "Legende"),
    Phrase(_VEGA, " for {0} with {1}", ", {1}"),
    Phrase(_VEGA, "{0} boundar{1}: {2}", "Grenzen ({0}): {2}"),
    Phrase(_VEGA, "{0} value{1}: {2}", "Werte ({0}): {2}"),
    Phrase(_VEGA, ", ending with ", ", zuletzt "),
    Phrase(_VEGA, "values from {0} to {1}", "Werte von {0} bis {1}"),
)

# Texts the server sends (Python constants), checked and replaced by `use`.
SERVER_TEXTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "streamlit.elements.exception",
        "_GENERIC_UNCAUGHT_EXCEPTION_TEXT",
        "This app has encountered an error. The original error message is redacted to prevent"
        " data leaks. Full error details have been recorded in the logs (if you're on"
        " Streamlit Cloud, click on 'Manage app' in the lower right of your app).",
        "Im Praxisfinder ist ein Fehler aufgetreten. Bitte laden Sie die Seite neu oder"
        " versuchen Sie es später noch einmal.",
    ),
)

NOSCRIPT = (
    "<noscript>\n"
    "      <p>Der Praxisfinder braucht JavaScript. Bitte schalten Sie JavaScript in Ihrem"
    " Browser ein und laden Sie die Seite neu.</p>\n"
    "    </noscript>"
)

# -- JavaScript string literals --------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<unterminated>["'])
  | (?P<template>`)
  | (?P<slash>/)
  | (?P<word>[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)
  | (?P<number>\.?\d(?:[\w.]|(?<=[eE])[-+])*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<end>[)\]])
  | (?P<arrow>=>)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_QUASI = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*", re.DOTALL)
_REGEX_BODY = re.compile(r"(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])*/[A-Za-z]*")
# After these words an expression starts: a `/` begins a regular expression, a `{` an object.
_EXPRESSION_KEYWORDS = frozenset(
    ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case"]
    + ["yield", "await"]
)


class JsLiteral:
    """A string or template literal: its source, and its parts for matching."""

    def __init__(self, quote: str, quasis: list[str], expressions: list[str]) -> None:
        self.quote = quote
        self.quasis = quasis  # raw text between the quotes; a template's text around ${…}
        self.expressions = expressions  # the source of a template's ${…} parts

    @property
    def pattern(self) -> str:
        """The literal's text with `{0}`, `{1}` … in place of its `${…}` parts."""
        parts = [self.quasis[0]]
        for number, quasi in enumerate(self.quasis[1:]):
            parts += [f"{{{number}}}", quasi]
        return "".join(parts)

    @property
    def source(self) -> str:
        if self.quote != "`":
            return self.quote + self.quasis[0] + self.quote
        body = self.quasis[0] + "".join(
            "${" + code + "}" + quasi
            for code, quasi in zip(self.expressions, self.quasis[1:], strict=True)
        )
        return "`" + body + "`"


# By hand: JavaScript parsers for Python (esprima, slimit) are unmaintained or lose the
# minified source's exact bytes, and only string-literal boundaries are needed here.
def rewrite_js(source: str, replace: Callable[[JsLiteral, str], str | None]) -> str:
    """`source` with each string literal passed to `replace(literal, text_before)`.

    `replace` returns new source for the literal, or None to keep it. Literals inside a
    template's `${…}` are passed first, so the outer template sees them already replaced.
    Raises FrontendLocalizationError on source it cannot read (an unterminated literal).
    """
    out, end = _rewrite_code(source, 0, replace, inside_template=False)
    if end != len(source):
        raise FrontendLocalizationError(f"unbalanced '}}' at offset {end}")
    return out


def _rewrite_code(
    source: str,
    start: int,
    replace: Callable[[JsLiteral, str], str | None],
    *,
    inside_template: bool,
) -> tuple[str, int]:
    """Code from `start` to the end (or to the `}` that closes a template's `${`)."""
    out: list[str] = []
    position = start
    previous = ";"  # the last token's kind or punctuation: tells `/` (divide) from `/…/`
    previous_word = ""
    braces: list[bool] = []  # per open `{`: True if it opened a block (not an object)
    while position < len(source):
        match = _TOKEN.match(source, position)
        assert match is not None  # the last alternative matches any character
        kind, text = match.lastgroup, match.group()
        if kind == "unterminated":
            raise FrontendLocalizationError(f"unterminated string at offset {position}")
        if kind == "string":
            literal = JsLiteral(text[0], [text[1:-1]], [])
            out.append(_replaced(literal, source, position, replace))
            position = match.end()
            previous = "value"
            continue
        if kind == "template":
            literal, position = _read_template(source, position, replace)
            out.append(_replaced(literal, source, match.start(), replace))
            previous = "value"
            continue
        if kind == "slash" and _starts_expression(previous, previous_word):
            regex = _REGEX_BODY.match(source, match.end())
            if regex is None:
                raise FrontendLocalizationError(f"unreadable regex at offset {position}")
            out.append(source[position : regex.end()])
            position = regex.end()
            previous = "value"
            continue
        if kind == "open":
            braces.append(_opens_block(previous, previous_word))
        elif kind == "close":
            if not braces:
                if inside_template:
                    return "".join(out), position
                raise FrontendLocalizationError(f"unbalanced '}}' at offset {position}")
            previous = "block_end" if braces.pop() else "value"
            out.append(text)
            position = match.end()
            continue
        out.append(text)
        position = match.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "word":
            previous, previous_word = "word", text
        elif kind in ("number", "end"):
            previous = "value"
        else:  # `{`, `=>`, `/` as division, other punctuation
            previous = text
    if inside_template:
        raise FrontendLocalizationError("unterminated template literal")
    return "".join(out), position


def _starts_expression(previous: str, previous_word: str) -> bool:
    if previous == "word":
        return previous_word in _EXPRESSION_KEYWORDS
    return previous != "value"


def _opens_block(previous: str, previous_word: str) -> bool:
    if previous == "word":
        return previous_word not in _EXPRESSION_KEYWORDS
    # `){` (function body, if, for), `=>{`, `;{`, `{{`, `}{`, start: blocks; `({`, `,{` …: objects
    return previous in ("value", "block_end", "=>", ";", "{")


def _read_template(
    source: str, start: int, replace: Callable[[JsLiteral, str], str | None]
) -> tuple[JsLiteral, int]:
    quasis: list[str] = []
    expressions: list[str] = []
    position = start + 1
    while True:
        quasi = _QUASI.match(source, position)
        assert quasi is not None  # it may match the empty string
        quasis.append(quasi.group())
        position = quasi.end()
        if position >= len(source):
            raise FrontendLocalizationError(f"unterminated template literal at offset {start}")
        if source[position] == "`":
            return JsLiteral("`", quasis, expressions), position + 1
        # `${`: code up to its closing brace
        code, position = _rewrite_code(source, position + 2, replace, inside_template=True)
        expressions.append(code)
        position += 1  # the closing brace


def _replaced(
    literal: JsLiteral, source: str, position: int, replace: Callable[[JsLiteral, str], str | None]
) -> str:
    new = replace(literal, source[max(0, position - 80) : position])
    return literal.source if new is None else new


def translate_bundle(source: str, phrases: Iterable[Phrase]) -> tuple[str, dict[Phrase, int]]:
    """`source` with the phrases replaced, and how often each phrase was found."""
    by_text: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        by_text.setdefault(phrase.english, []).append(phrase)
    for candidates in by_text.values():
        candidates.sort(key=lambda phrase: -len(phrase.before))
    found = dict.fromkeys((p for group in by_text.values() for p in group), 0)
    before = {p: re.compile(f"(?:{p.before})\\Z") for p in found}

    def replace(literal: JsLiteral, text_before: str) -> str | None:
        for phrase in by_text.get(literal.pattern, ()):
            if before[phrase].search(text_before):
                found[phrase] += 1
                return _js_literal(phrase, literal)
        return None

    return rewrite_js(source, replace), found


_PLACEHOLDER = re.compile(r"\{(\d+)\}")


def _js_literal(phrase: Phrase, literal: JsLiteral) -> str:
    """The German text as a literal of the same kind, with the `${…}` parts it names."""
    pieces = _PLACEHOLDER.split(phrase.german)
    if len(pieces) > 1 and literal.quote != "`":
        raise FrontendLocalizationError(f"{phrase}: placeholders in a plain string")
    out = [literal.quote]
    for index, piece in enumerate(pieces):
        if index % 2:
            number = int(piece)
            if number >= len(literal.expressions):
                raise FrontendLocalizationError(f"{phrase}: no placeholder {{{number}}}")
            out.append("${" + literal.expressions[number] + "}")
        else:
            out.append(_js_escape(piece, literal.quote))
    out.append(literal.quote)
    return "".join(out)


def _js_escape(text: str, quote: str) -> str:
    """`text` for a JavaScript literal in `quote`s; non-ASCII as \\u{…}, as in the bundles."""
    text = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    if quote == "`":
        text = text.replace("${", "\\${")
    return "".join(c if ord(c) < 128 else f"\\u{{{ord(c):X}}}" for c in text)


# -- index.html and the favicon ----------------------------------------------------------------


def localize_index_html(html: str) -> str:
    """Streamlit's index.html with lang="de", a German title and <noscript> text."""
    edits = [
        (re.compile(r'<html lang="en">'), '<html lang="de">'),
        (re.compile(r"<title>Streamlit</title>"), f"<title>{TITLE}</title>"),
        (re.compile(r"<noscript>.*?</noscript>", re.DOTALL), NOSCRIPT),
    ]
    for pattern, new in edits:
        html, count = pattern.subn(lambda _match, new=new: new, html)
        if count != 1:
            raise FrontendLocalizationError(
                f"index.html: expected {pattern.pattern!r} once, found it {count} times"
            )
    return html


def favicon_png(size: int = 64) -> bytes:
    """The app's icon: a white magnifying glass on the app's blue, as a PNG."""
    blue = (0x1F, 0x5C, 0x99)
    samples = 4  # per pixel and axis, for smooth edges

    def ink(x: float, y: float) -> tuple[int, int, int, int]:
        # coordinates from 0 to 1; a rounded square, in it a ring and a handle
        corner = 0.18
        dx, dy = max(corner - x, x - 1 + corner, 0), max(corner - y, y - 1 + corner, 0)
        if dx * dx + dy * dy > corner * corner:
            return (0, 0, 0, 0)
        ring = ((x - 0.43) ** 2 + (y - 0.43) ** 2) ** 0.5
        on_handle = 0.55 <= (x + y) / 2 <= 0.8 and abs(x - y) <= 0.11
        if 0.17 <= ring <= 0.27 or on_handle:
            return (255, 255, 255, 255)
        return (*blue, 255)

    rows = []
    for row in range(size):
        line = bytearray([0])  # PNG filter type: none
        for column in range(size):
            covered = [0.0, 0.0, 0.0]  # colour weighted by opacity, summed over samples
            opacity = 0.0
            for i in range(samples):
                for j in range(samples):
                    *colour, alpha = ink(
                        (column + (j + 0.5) / samples) / size, (row + (i + 0.5) / samples) / size
                    )
                    opacity += alpha / 255
                    for channel in range(3):
                        covered[channel] += colour[channel] * alpha / 255
            pixel = [round(c / opacity) if opacity else 0 for c in covered]
            pixel.append(round(opacity / samples**2 * 255))
            line += bytes(pixel)
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


# -- building the localized folder --------------------------------------------------------------

_BUNDLE_NAME = re.compile(r"^(?P<chunk>.+)\.[^.]+\.js$")


def streamlit_static_dir() -> Path:
    """Streamlit's own static folder (also after `use` has redirected Streamlit)."""
    from streamlit import file_util

    get_static_dir = getattr(file_util.get_static_dir, "streamlit_original", None)
    return Path((get_static_dir or file_util.get_static_dir)())


def build_key(source: Path) -> str:
    """Changes with Streamlit's frontend and with this module (its table and its code)."""
    from streamlit.version import STREAMLIT_VERSION_STRING

    digest = hashlib.sha256()
    digest.update(STREAMLIT_VERSION_STRING.encode())
    digest.update((source / "index.html").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    """PRAXISFINDER_FRONTEND_CACHE, else inside the virtual environment, else ~/.cache."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    if sys.prefix != sys.base_prefix:  # a virtual environment: its lifetime is Streamlit's
        return Path(sys.prefix) / "var" / "praxisfinder-frontend"
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "praxisfinder" / "frontend"


def localized_static_dir(cache_dir: Path | None = None, source: Path | None = None) -> Path:
    """The localized static folder for the installed Streamlit, built if not there yet."""
    source = source or streamlit_static_dir()
    cache_dir = cache_dir or default_cache_dir()
    key = build_key(source)
    target = cache_dir / key
    if not (target / "static" / "index.html").is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=cache_dir))
        work.chmod(0o755)  # mkdtemp makes it private; the server may run as another user
        try:
            build(source, work / "static", key)
            (work / "build.json").write_text(
                json.dumps({"key": key, "source": str(source)}, indent=1) + "\n", "utf-8"
            )
            try:
                os.replace(work, target)
            except OSError:  # another process got there first: use its build
                if not (target / "static" / "index.html").is_file():
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        _prune(cache_dir, keep=target)
    return target / "static"


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove all but the newest few builds, and builds abandoned half-way."""
    now = time.time()
    builds, unfinished = [], []
    for path in cache_dir.iterdir():
        if path.is_dir() and path != keep:
            (unfinished if path.name.startswith(".build-") else builds).append(path)
    builds.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    stale = [path for path in unfinished if now - path.stat().st_mtime > STALE_SECONDS]
    for old in builds[KEEP_OLD_BUILDS:] + stale:
        shutil.rmtree(old, ignore_errors=True)


def build(source: Path, target: Path, key: str, phrases: Iterable[Phrase] = PHRASES) -> None:
    """Write the localized copy of Streamlit's static folder `source` to `target`.

    Raises FrontendLocalizationError naming every phrase not found and every expected
    piece of index.html that is missing.
    """
    phrases = tuple(phrases)
    _copy_tree(source, target)
    js_dir = target / "static" / "js"
    bundles = {path.name: path for path in js_dir.glob("*.js")}
    found: dict[Phrase, int] = dict.fromkeys(phrases, 0)
    changed: dict[str, str] = {}  # bundle name -> new text
    for name, path in sorted(bundles.items()):
        match = _BUNDLE_NAME.match(name)
        wanted = [p for p in phrases if match and p.chunk == match["chunk"]]
        if not wanted:
            continue
        text = path.read_text(encoding="utf-8")
        new, counts = translate_bundle(text, wanted)
        for phrase, count in counts.items():
            found[phrase] += count
        if new != text:
            changed[name] = new
    missing = [phrase for phrase, count in found.items() if count == 0]
    if missing:
        listing = "\n".join(f"  {p.chunk}: {p.english!r}" for p in missing)
        raise FrontendLocalizationError(
            "Streamlit's frontend has changed: these texts were not found, so they would show"
            f" in English. Update PHRASES in {__name__}:\n{listing}"
        )
    index = target / "index.html"
    _replace_file(index, localize_index_html(index.read_text(encoding="utf-8")).encode())
    _replace_file(target / "favicon.png", favicon_png())
    _rename_changed(target, bundles, changed, suffix=f"-de{key[:8]}")


def _rename_changed(
    target: Path, bundles: dict[str, Path], changed: dict[str, str], suffix: str
) -> None:
    """Give every changed bundle, and every bundle that names one, a new name.

    Browsers keep a bundle for a year under its name; a new name makes them load the German
    one. The English originals stay, unused, for pages opened before the switch.
    """
    texts = {
        name: changed.get(name) or path.read_text(encoding="utf-8")
        for name, path in bundles.items()
    }
    names_in = {name: {m[2] for m in _bundle_names(text, bundles)} for name, text in texts.items()}
    renamed = set(changed)
    while True:
        more = {name for name in bundles if name not in renamed and names_in[name] & renamed}
        if not more:
            break
        renamed |= more
    new_names = {name: name[: -len(".js")] + suffix + ".js" for name in renamed}

    def rename_all(text: str) -> str:
        out, position = [], 0
        for start, end, name in _bundle_names(text, renamed):
            out += [text[position:start], new_names[name]]
            position = end
        return "".join(out) + text[position:]

    for name in sorted(renamed):
        _write_new(bundles[name].with_name(new_names[name]), rename_all(texts[name]).encode())
    for other in (target / "index.html", target / "manifest.json"):
        text = other.read_text(encoding="utf-8")
        if rename_all(text) != text:
            _replace_file(other, rename_all(text).encode())


_NAME_END = re.compile(r"\.js(?![\w$])")
_NAME_BODY = re.compile(r"[\w$.-]{1,200}\Z")


def _bundle_names(text: str, names: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """Where `text` names one of the bundles `names` (file names such as "x.Ab12.js")."""
    for end in _NAME_END.finditer(text):
        body = _NAME_BODY.search(text, max(0, end.start() - 200), end.start())
        if body is None:
            continue
        # the longest name that ends here, starts after a separator and is a bundle's
        for start in range(body.start(), end.start()):
            if start > 0 and text[start - 1] not in "/\"'`":
                continue
            if text[start : end.end()] in names:
                yield start, end.end(), text[start : end.end()]
                break


def _copy_tree(source: Path, target: Path) -> None:
    """Copy `source`; hard links where possible (the files are never changed in place)."""
    link_failed = False

    def link_or_copy(src: str, dst: str) -> None:
        nonlocal link_failed
        if not link_failed:
            try:
                os.link(src, dst)
                return
            except OSError:
                link_failed = True
        shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


def _write_new(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)


def _replace_file(path: Path, data: bytes) -> None:
    """Write `path` as a new file: it may be a hard link to Streamlit's original."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _write_new(path, data)


# -- serving it ---------------------------------------------------------------------------------


def use(static_dir: Path) -> None:
    """Make Streamlit's server, started later in this process, serve `static_dir`.

    Also replaces the English texts that the server itself sends (SERVER_TEXTS). Fails if
    Streamlit no longer takes its static folder from `file_util.get_static_dir`.
    """
    import importlib

    from streamlit import file_util
    from streamlit.web.server.starlette import starlette_static_routes

    original = getattr(file_util.get_static_dir, "streamlit_original", file_util.get_static_dir)

    def get_static_dir() -> str:
        return str(static_dir)

    get_static_dir.streamlit_original = original  # type: ignore[attr-defined]
    file_util.get_static_dir = get_static_dir
    served = [
        getattr(route.app, "directory", None)
        for route in starlette_static_routes.create_streamlit_static_assets_routes(None)
    ]
    if served != [str(static_dir)]:
        raise FrontendLocalizationError(
            f"Streamlit would serve {served}, not {static_dir}: its server no longer takes"
            " the static folder from streamlit.file_util.get_static_dir"
        )
    for module_name, attribute, english, german in SERVER_TEXTS:
        module = importlib.import_module(module_name)
        if getattr(module, attribute, None) not in (english, german):
            raise FrontendLocalizationError(f"{module_name}.{attribute} has changed")
        setattr(module, attribute, german)
