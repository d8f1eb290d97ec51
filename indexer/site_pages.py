"""The operator's pages beside the knowledge base: Impressum, Datenschutz, Barrierefreiheit,
Kontakt (plain Python, no UI).

Their text is Markdown in `<kb>/seiten/<name>.md`, written by whoever runs the site; the
project ships templates whose operator-specific parts read „[Bitte ergänzen: …]“. The app
renders a page like an entry body (`indexer.rendering`), and `python -m indexer validate`
warns while a page is missing, unreadable or still has such a marker. Files are read like
entries (`sources.read_source`): regular files inside the knowledge base, size-limited.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.model import Problem
from indexer.sources import SourceError, printable_path, read_source

SITE_PAGES_DIR = "seiten"
# What the templates put where the operator has to fill something in.
TODO_MARKER = "[Bitte ergänzen"
_TODO = re.compile(r"\[\s*bitte\s+ergänzen", re.IGNORECASE)


@dataclass(frozen=True)
class SitePage:
    """One of the operator's pages; `name` is its file's stem and its address."""

    name: str
    title: str  # the page's h1 and, with " – Praxisfinder", its browser title
    label: str  # the link text in the footer

    @property
    def file_name(self) -> str:
        return f"{self.name}.md"


IMPRESSUM = SitePage("impressum", "Impressum", "Impressum")
DATENSCHUTZ = SitePage("datenschutz", "Datenschutzerklärung", "Datenschutz")
BARRIEREFREIHEIT = SitePage(
    "barrierefreiheit", "Erklärung zur Barrierefreiheit", "Barrierefreiheit"
)
KONTAKT = SitePage("kontakt", "Kontakt", "Kontakt")
SITE_PAGES = (IMPRESSUM, DATENSCHUTZ, BARRIEREFREIHEIT, KONTAKT)


@dataclass(frozen=True)
class SitePageText:
    """A page's Markdown, or why there is none (`reason`, German)."""

    page: SitePage
    path: str  # for messages: relative to the knowledge base's parent ("kb/seiten/…")
    text: str | None
    reason: str | None = None
    missing: bool = False

    @property
    def notice(self) -> str:
        """The German notice the app shows instead of the text; names the file."""
        if self.missing:
            return (
                f"Diese Seite ist noch nicht eingerichtet: Die Datei „{self.path}“ fehlt in "
                "der Wissensbasis."
            )
        return (
            f"Diese Seite kann zurzeit nicht angezeigt werden: Die Datei „{self.path}“ ist "
            f"nicht lesbar. {self.reason}"
        )


def site_page_path(kb_dir: Path, page: SitePage) -> Path:
    return Path(kb_dir) / SITE_PAGES_DIR / page.file_name


def read_site_page(kb_dir: Path, page: SitePage) -> SitePageText:
    """The page's Markdown; never raises for a missing or broken file."""
    path = site_page_path(kb_dir, page)
    # "kb/seiten/…" as for entries, but the file is not resolved: a symlink's target stays
    # unnamed, and no absolute path reaches a visitor.
    shown = printable_path(f"{Path(kb_dir).resolve().name}/{SITE_PAGES_DIR}/{page.file_name}")
    try:
        os.lstat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return SitePageText(page, shown, None, "Die Datei fehlt.", missing=True)
        # Anything else (no permission on the folder …): read_source words it.
    try:
        data = read_source(path, Path(kb_dir))
    except SourceError as exc:
        return SitePageText(page, shown, None, str(exc))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return SitePageText(
            page, shown, None, "Sie ist nicht in UTF-8 gespeichert; bitte als UTF-8 speichern."
        )
    return SitePageText(page, shown, text.removeprefix("\ufeff"))


def todo_lines(text: str) -> list[int]:
    """Line numbers (from 1) of every „[Bitte ergänzen“ marker, once per marker."""
    return [text.count("\n", 0, match.start()) + 1 for match in _TODO.finditer(text)]


def check_site_pages(kb_dir: Path) -> list[Problem]:
    """Warnings for `validate`: each page that is missing, unreadable or not filled in."""
    problems = []
    for page in SITE_PAGES:
        loaded = read_site_page(kb_dir, page)
        if loaded.text is None:
            if loaded.missing:
                message = (
                    f"Die Seite „{page.title}“ fehlt; die App zeigt dort nur einen Hinweis. "
                    f"Bitte die Datei anlegen (eine Vorlage liegt im Projekt unter "
                    f"kb/{SITE_PAGES_DIR}/{page.file_name})."
                )
            else:
                message = (
                    f"Die Seite „{page.title}“ kann nicht gelesen werden: {loaded.reason} "
                    "Die App zeigt dort nur einen Hinweis."
                )
            problems.append(
                Problem(loaded.path, None, message, severity="warning", code="site-page")
            )
            continue
        lines = todo_lines(loaded.text)
        if lines:
            count = "eine Stelle" if len(lines) == 1 else f"{len(lines)} Stellen"
            distinct = list(dict.fromkeys(lines))
            where = "Zeile" if len(distinct) == 1 else "Zeilen"
            message = (
                f"Die Seite „{page.title}“ ist noch nicht fertig: {count} mit "
                f"„{TODO_MARKER}: …]“ ({where} {', '.join(map(str, distinct))}). Bitte "
                "ausfüllen und die Markierung entfernen."
            )
            problems.append(
                Problem(loaded.path, lines[0], message, severity="warning", code="site-page")
            )
    return problems
