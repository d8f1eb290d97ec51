"""Search the pages of attachments: which entries have every word on one of their pages,
and the best pages of each, with a highlighted snippet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh.qparser import AndGroup, QueryParser

from indexer.german.analysis import GERMAN, analyze, normalize_query
from indexer.schema import PAGES_INDEX
from indexer.snippets import MarkFormatter

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


def search_pages(ix: Any, text: str) -> dict[str, list[PageHit]]:
    """Entries (by slug, best first) with a page that has every word, and their best pages.

    Queries with field syntax are about entries' own fields and find no pages.
    """
    if ix is None or not text.strip() or _FIELD_SYNTAX.search(text):
        return {}
    words = analyze(text)
    if not words:
        return {}
    parser = QueryParser("text", ix.schema, group=AndGroup)
    try:
        query = parser.parse(normalize_query(text))
    except Exception:  # noqa: BLE001 - odd syntax: the entries' search says so already
        return {}
    found: dict[str, list[PageHit]] = {}
    with ix.searcher() as searcher:
        if searcher.doc_count() == 0:
            return {}
        for hit in searcher.search(query, limit=PAGE_LIMIT):
            pages = found.setdefault(hit["slug"], [])
            if len(pages) < PAGES_PER_HIT:
                pages.append(
                    PageHit(
                        hit["file"],
                        hit["title"],
                        int(hit["page"]),
                        float(hit.score or 0.0),
                        _snippet(hit["text"], set(words)),
                    )
                )
    return found


def _snippet(text: str, terms: set[str]) -> str:
    fragment = highlight.highlight(
        text,
        frozenset(terms),
        GERMAN,
        highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
        MarkFormatter(),
        top=1,
    )
    return " ".join((fragment or "").split())
