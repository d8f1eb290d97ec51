"""Search the pages of attachments: which entries have every word on one of their pages,
and the best pages of each, with a highlighted snippet."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.qparser import AndGroup, QueryParser
from whoosh.query import And, NullQuery, Or, Term

from indexer.german.analysis import analyze, normalize_query
from indexer.postings import read_postings
from indexer.schema import PAGES_INDEX
from indexer.snippets import highlighted
from indexer.synonyms import SynonymTable

PAGES_PER_HIT = 3  # "Treffer im Dokument …" lines under a hit
PAGE_LIMIT = 500  # best pages looked at when Whoosh itself searches (phrases)
POSTINGS_CACHE_TERMS = 5_000  # terms whose postings stay in memory
SNIPPET_CHARS = 200
WINDOW_CHARS = 400  # text either side of a page's first match that its snippet is cut from
_FOLD = str.maketrans("äöüßÄÖÜ", "aousAOU")  # as Snowball folds; one letter for one
FIELD = "text"
K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, as for the entries
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


class PageTable:
    """What page search needs of one commit of the pages index, as arrays: which pages are
    live, their entry, their length; and, filled as queries use them, the postings of
    terms. Built once per commit (`PageTables`); safe to share between threads.

    Whoosh's scorer walks postings in Python for every query (tens of milliseconds for a
    common word on 10,000 pages); cached NumPy postings make a query a few array operations.
    """

    def __init__(self, ix: Any) -> None:
        self._searcher = ix.searcher()
        self._lock = threading.Lock()  # Whoosh readers share file positions
        self._postings: OrderedDict[str, tuple[np.ndarray, np.ndarray, float]] = OrderedDict()
        reader = self._searcher.reader()
        self.schema = self._searcher.schema
        self.generation = reader.generation()
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        column = reader.column_reader("slug")
        self.slug_code: dict[str, int] = {}
        codes = [
            self.slug_code.setdefault(column[doc], len(self.slug_code)) for doc in range(self.size)
        ]
        self.slug_codes = np.array(codes, dtype=np.int64)
        self.slug_names = list(self.slug_code)
        numbers = reader.column_reader("page")
        self.page_numbers = np.fromiter(
            (numbers[doc] for doc in range(self.size)), dtype=np.int64, count=self.size
        )
        self.lengths = np.fromiter(
            (reader.doc_field_length(doc, FIELD, 0) for doc in range(self.size)),
            dtype=np.float64,
            count=self.size,
        )
        self.doc_count = int(self.live.sum())
        self.mean_length = float(self.lengths[self.live].mean()) if self.doc_count else 1.0

    def stored(self, docnum: int) -> dict[str, Any]:
        with self._lock:
            return self._searcher.stored_fields(docnum)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray, float]:
        """(live pages in order, the term's frequency on each, its idf) of a term."""
        with self._lock:
            cached = self._postings.get(term)
            if cached is not None:
                self._postings.move_to_end(term)
                return cached
            ids, weights = read_postings(self._searcher.reader(), FIELD, term)
            keep = self.live[ids]
            # Whoosh's idf counts deleted pages too: log(all pages / (frequency + 1)) + 1.
            idf = math.log(self.size / (len(ids) + 1)) + 1.0
            cached = (ids[keep], weights[keep], idf)
            self._postings[term] = cached
            if len(self._postings) > POSTINGS_CACHE_TERMS:
                self._postings.popitem(last=False)
            return cached

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(pages, BM25 score of the term on each), with Whoosh's formula and defaults."""
        ids, tf, idf = self.postings(term)
        if not len(ids):
            return ids, tf
        norm = K1 * ((1.0 - B) + B * self.lengths[ids] / self.mean_length)
        return ids, idf * tf * (K1 + 1.0) / (tf + norm)

    def whoosh_search(self, query: Any) -> tuple[np.ndarray, np.ndarray]:
        """(pages, scores) by Whoosh's own search: for phrases and other rare queries."""
        with self._lock:
            top = self._searcher.search(query, limit=PAGE_LIMIT).top_n
            found = [(docnum, float(score or 0.0)) for score, docnum in top]
        ids = np.array([docnum for docnum, _ in found], dtype=np.int64)
        return ids, np.array([score for _, score in found], dtype=np.float64)


class PageTables:
    """The `PageTable` of the newest commit of a pages index, replaced when it changes."""

    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._lock = threading.Lock()
        self._table: PageTable | None = None
        self._empty: tuple[int, bool] = (-2, True)  # (commit, whether it holds no page)

    def current(self) -> PageTable | None:
        """The table of the newest commit; None when the index holds no page."""
        commit = self._ix.latest_generation()
        with self._lock:
            if self._empty[0] != commit:
                self._empty = (commit, self._ix.is_empty())
            if self._empty[1]:
                return None
            if self._table is None or self._table.generation != commit:
                # The old table stays open for a search still reading it; GC closes it.
                self._table = PageTable(self._ix)
            return self._table


class PageMatches:
    """The pages that have every word (best first) and their entries (in the order of
    their best page); best pages and snippets are made only for the hits shown."""

    def __init__(
        self,
        table: PageTable | None,
        docnums: np.ndarray,
        scores: np.ndarray,
        slugs: list[str],
        terms: set[str],
    ):
        self._table = table
        self._docnums = docnums
        self._scores = scores
        self.slugs = slugs
        self._slug_set = frozenset(slugs)
        self.terms = terms

    def __iter__(self) -> Iterator[str]:
        return iter(self.slugs)

    def __contains__(self, slug: object) -> bool:
        return slug in self._slug_set

    def __bool__(self) -> bool:
        return bool(self.slugs)

    def hits_for(self, slug: str) -> list[PageHit]:
        """The best pages (up to `PAGES_PER_HIT`) of one entry, with snippets."""
        table = self._table
        if table is None or slug not in self._slug_set:
            return []
        mine = np.flatnonzero(table.slug_codes[self._docnums] == table.slug_code[slug])
        pages = table.page_numbers[self._docnums[mine]]
        mine = mine[np.lexsort((pages, -self._scores[mine]))]  # best first, ties by page
        found = []
        for position in mine[:PAGES_PER_HIT]:
            stored = table.stored(int(self._docnums[position]))
            found.append(
                PageHit(
                    stored["file"],
                    stored["title"],
                    int(stored["page"]),
                    float(self._scores[position]),
                    _snippet(stored["text"], self.terms),
                )
            )
        return found


NO_MATCHES = PageMatches(None, np.empty(0, np.int64), np.empty(0), [], set())


def search_pages(
    tables: PageTables | None, text: str, synonyms: SynonymTable | None = None
) -> PageMatches:
    """Entries with a page that has every word, best first, and their best pages.

    A word also matches its curated synonyms (single words, at their group's weight).
    Queries with field syntax are about entries' own fields and find no pages.
    """
    if tables is None or not text.strip() or _FIELD_SYNTAX.search(text):
        return NO_MATCHES
    words = analyze(text)
    if not words:
        return NO_MATCHES
    table = tables.current()
    if table is None:
        return NO_MATCHES
    parser = QueryParser(FIELD, table.schema, group=AndGroup)
    try:
        query = parser.parse(normalize_query(text))
    except Exception:  # noqa: BLE001 - odd syntax: the entries' search says so already
        return NO_MATCHES
    if synonyms is not None:
        query = _with_synonyms(query, synonyms)
    found = _evaluate(table, query)
    docnums, scores = found if found is not None else table.whoosh_search(query)
    if not len(docnums):
        return NO_MATCHES
    # Entries by their best page: a maximum per entry, then a sort of entries, not pages.
    codes = table.slug_codes[docnums]
    best = np.full(len(table.slug_names), -np.inf)
    np.maximum.at(best, codes, scores)
    entries = np.flatnonzero(best > -np.inf)
    entries = entries[np.argsort(-best[entries], kind="stable")]
    slugs = [table.slug_names[code] for code in entries]
    searched = {text for field, text in query.iter_all_terms() if field == FIELD}
    return PageMatches(table, docnums, scores, slugs, set(words) | searched)


def _with_synonyms(query: Any, synonyms: SynonymTable) -> Any:
    """The query with each term widened by its curated one-word synonyms."""
    if isinstance(query, Term) and query.fieldname == FIELD:
        alternatives = [
            Term(FIELD, alternative.terms[0], boost=alternative.weight)
            for alternative in synonyms.lookup((query.text,))
            if len(alternative.terms) == 1 and alternative.terms[0] != query.text
        ]
        return Or([query, *alternatives]) if alternatives else query
    if isinstance(query, And | Or):
        return type(query)([_with_synonyms(sub, synonyms) for sub in query.subqueries])
    return query


def _evaluate(table: PageTable, query: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(pages, scores) of a query of terms, AND and OR; None for anything else."""
    if query is NullQuery:
        return np.empty(0, np.int64), np.empty(0)
    if isinstance(query, Term) and query.fieldname == FIELD:
        ids, scores = table.term_scores(query.text)
        return ids, scores * query.boost
    if not isinstance(query, And | Or) or not query.subqueries:
        return None
    parts = [_evaluate(table, sub) for sub in query.subqueries]
    if any(part is None for part in parts):
        return None
    ids, scores = parts[0]  # type: ignore[misc]
    for other_ids, other_scores in parts[1:]:  # type: ignore[misc]
        if isinstance(query, And):
            ids, mine, theirs = np.intersect1d(
                ids, other_ids, assume_unique=True, return_indices=True
            )
            scores = scores[mine] + other_scores[theirs]
        else:
            union = np.union1d(ids, other_ids)
            total = np.zeros(len(union))
            total[np.searchsorted(union, ids)] += scores
            total[np.searchsorted(union, other_ids)] += other_scores
            ids, scores = union, total
    return ids, scores


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
    """The page's best passage with `terms` marked. A long page is first narrowed to the
    text around the first place a term's beginning occurs: the highlighter analyses all the
    text it gets, and a page holds thousands of words."""
    window = _window(text, terms)
    found = highlighted(window, terms, SNIPPET_CHARS, surround=60, top=1) if window else ""
    return found or highlighted(text, terms, SNIPPET_CHARS, surround=60, top=1)


def _window(text: str, terms: set[str]) -> str | None:
    """Up to `WINDOW_CHARS` either side of the first occurrence of a term's first letters
    (umlauts folded as the stems fold them), or None to use the whole page."""
    if len(text) <= 3 * WINDOW_CHARS:
        return None
    folded = text.translate(_FOLD).lower()
    prefixes = sorted({term[:5] for term in terms if len(term) >= 3}, key=len, reverse=True)
    if len(folded) != len(text) or not prefixes:
        return None
    first = re.search("|".join(map(re.escape, prefixes)), folded)
    if first is None:
        return None
    start = max(0, first.start() - WINDOW_CHARS)
    end = min(len(text), first.end() + WINDOW_CHARS)
    start = text.rfind(" ", 0, start) + 1 if start else 0  # whole words at the edges
    end = text.find(" ", end) if text.find(" ", end) >= 0 else len(text)
    return text[start:end]
