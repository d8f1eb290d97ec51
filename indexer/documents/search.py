"""Search the pages of attachments: which entries have every word on one of their pages,
and the best pages of each, with a highlighted snippet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.qparser import AndGroup, QueryParser

from indexer.german.analysis import analyze, normalize_query
from indexer.schema import PAGES_INDEX
from indexer.snippets import highlighted

PAGES_PER_HIT = 3  # "Treffer im Dokument …" lines under a hit
PAGE_LIMIT = 500  # best pages looked at per query
SNIPPET_CHARS = 200
_FIELD_SYNTAX = re.compile(r"[^\W\d_]\w*:\S")  # "district:Enzkreis": about the entry, not pages


@dataclass(frozen=True)
class PageHit:
    """A page of an attachment that has every word; `snippet` is escaped, `<mark>` only."""

    file: str
    title: str
    page: int
    score: float
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "title": self.title, "page": self.page, "snippet": self.snippet}


def open_pages(generation: Path) -> Any:
    """The pages index of a generation, or None (an index built before attachments)."""
    if whoosh_index.exists_in(str(generation), indexname=PAGES_INDEX):
        return whoosh_index.open_dir(str(generation), indexname=PAGES_INDEX)
    return None


class PageMatches:
    """The pages that have every word, by entry slug (best entry first); snippets are made
    only for the hits shown (`hits_for`). Close it when done (it holds a searcher)."""

    def __init__(self, searcher: Any, by_slug: dict[str, list[tuple[int, float]]], terms: set):
        self._searcher = searcher
        self.by_slug = by_slug
        self.terms = terms

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self.by_slug

    def __bool__(self) -> bool:
        return bool(self.by_slug)

    def hits_for(self, slug: str) -> list[PageHit]:
        found = []
        for docnum, score in self.by_slug.get(slug, []):
            stored = self._searcher.stored_fields(docnum)
            found.append(
                PageHit(
                    stored["file"],
                    stored["title"],
                    int(stored["page"]),
                    score,
                    _snippet(stored["text"], self.terms),
                )
            )
        return found

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()


NO_MATCHES = PageMatches(None, {}, set())


def search_pages(ix: Any, text: str) -> PageMatches:
    """Entries with a page that has every word, best first, and their best pages.

    Queries with field syntax are about entries' own fields and find no pages.
    """
    if ix is None or not text.strip() or _FIELD_SYNTAX.search(text):
        return NO_MATCHES
    words = analyze(text)
    if not words:
        return NO_MATCHES
    parser = QueryParser("text", ix.schema, group=AndGroup)
    try:
        query = parser.parse(normalize_query(text))
    except Exception:  # noqa: BLE001 - odd syntax: the entries' search says so already
        return NO_MATCHES
    searcher = ix.searcher()
    if searcher.doc_count() == 0:
        searcher.close()
        return NO_MATCHES
    slugs = searcher.reader().column_reader("slug")  # no stored page text is read here
    by_slug: dict[str, list[tuple[int, float]]] = {}
    for score, docnum in searcher.search(query, limit=PAGE_LIMIT).top_n:
        pages = by_slug.setdefault(slugs[docnum], [])
        if len(pages) < PAGES_PER_HIT:
            pages.append((docnum, float(score or 0.0)))
    return PageMatches(searcher, by_slug, set(words))


def page_text(ix: Any, slug: str, file: str, page: int) -> tuple[str, str] | None:
    """(label, text) of one page of an entry's attachment, or None if it is not indexed."""
    if ix is None:
        return None
    with ix.searcher() as searcher:
        for stored in searcher.documents(slug=slug):
            if stored.get("file") == file and int(stored.get("page", 0)) == page:
                return str(stored.get("label") or ""), str(stored.get("text") or "")
    return None


def _snippet(text: str, terms: set[str]) -> str:
    return highlighted(text, terms, SNIPPET_CHARS, surround=60, top=1)
