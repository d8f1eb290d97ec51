"""The search API: query, facet filters, disjunctive facet counts, snippets, suggestions.

Plain Python, no UI: the app and the CLI both call `Index.search`.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.query import Every, NullQuery, Query
from whoosh.sorting import FieldFacet, MultiFacet, ScoreFacet

from indexer import docsets
from indexer.analysis import STOP_WORDS, normalize_query
from indexer.schema import FACETS, SEARCH_FIELDS, facet_field
from indexer.storage import read_pointer

Sort = Literal["relevance", "year"]
SORTS: tuple[str, ...] = ("relevance", "year")
SNIPPET_CHARS = 240
_WORD = re.compile(r"\b[^\W\d_]{3,}\b(?!:)")
_OPERATORS = {"and", "or", "not", "to"}


class IndexNotFoundError(Exception):
    """No index has been built in the given directory."""


class SearchError(ValueError):
    """A search request that cannot be answered (unknown filter field, bad page …)."""


@dataclass(frozen=True)
class Hit:
    """One result: `snippet` is HTML-safe text in which only `<mark>` tags are markup."""

    slug: str
    title: str
    score: float
    snippet: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    relaxed: bool = False  # no entry had all words: entries with some of them are shown

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `python -m indexer search --json`."""
        data = asdict(self)
        data["hits"] = [asdict(hit) for hit in self.hits]
        return data


@dataclass(frozen=True)
class StoredEntry:
    """An indexed entry as the entry page needs it."""

    slug: str
    fields: dict[str, Any]
    markdown: str
    path: str


@dataclass
class _FacetTable:
    """For each facet value, the set of live documents that have it (as bitmask)."""

    size: int
    live: int
    values: dict[str, dict[str, int]] = field(default_factory=dict)

    def mask(self, facet: str, wanted: Sequence[str]) -> int:
        table = self.values.get(facet, {})
        return docsets.union(table.get(value, 0) for value in wanted)


class Index:
    """A handle on the index directory; reopens itself when a build changes the index.

    Open it once per process and share it: each search opens its own Whoosh searcher.
    """

    def __init__(self, index_dir: Path | str):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._ix: Any = None
        self._toc = -1
        self._facets: _FacetTable | None = None
        self._reopen()

    @classmethod
    def open(cls, index_dir: Path | str) -> Index:
        return cls(index_dir)

    def _reopen(self) -> None:
        generation = read_pointer(self.index_dir)
        if generation is None:
            raise IndexNotFoundError(
                f"Im Verzeichnis {self.index_dir} gibt es noch keinen Suchindex. "
                "Bitte zuerst „python -m indexer build“ ausführen."
            )
        self._ix = whoosh_index.open_dir(str(generation))
        self._generation = generation
        self._toc = self._ix.latest_generation()
        self._facets = None

    def _searcher(self) -> Any:
        """A fresh searcher on the newest committed state of the active generation."""
        with self._lock:
            if read_pointer(self.index_dir) != self._generation:
                self._reopen()
            elif self._ix.latest_generation() != self._toc:
                self._toc = self._ix.latest_generation()
                self._facets = None
            searcher = self._ix.searcher()
            if self._facets is None:
                self._facets = _build_facet_table(searcher)
            return searcher, self._facets

    # -- public API -------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        sort: Sort = "relevance",
        page: int = 1,
        page_size: int = 10,
        include_drafts: bool = False,
    ) -> SearchResult:
        """Search the published entries (and drafts if asked).

        `filters` maps a facet (front-matter key, e.g. "themes") to accepted values: values
        of one facet are OR-ed, facets are AND-ed. Facet counts are disjunctive: each facet
        is counted under all filters except its own.
        """
        filters = _clean_filters(filters)
        if sort not in SORTS:
            raise SearchError(f"Unbekannte Sortierung „{sort}“ (erlaubt: relevance, year).")
        if page < 1 or not 1 <= page_size <= 100:
            raise SearchError("Seite muss ≥ 1 und Seitengröße zwischen 1 und 100 liegen.")
        searcher, table = self._searcher()
        with searcher:
            restrictions = self._restrictions(table, filters, year_from, year_to, include_drafts)
            wanted = table.live
            for mask in restrictions.values():
                wanted &= mask

            text = query.strip()
            relaxed = False
            parsed = self._parse(searcher, text, AndGroup)
            matched = self._matching(searcher, parsed, table)
            if text and not matched & wanted:
                loose = self._parse(searcher, text, OrGroup)
                loose_matched = self._matching(searcher, loose, table)
                if loose_matched & wanted:
                    parsed, matched, relaxed = loose, loose_matched, True
            selected = matched & wanted

            facets = _facet_counts(table, matched, restrictions, filters, include_drafts)
            total = selected.bit_count()
            hits = self._page(searcher, parsed, selected, bool(text), sort, page, page_size)
            suggestion = _suggest(searcher, text) if text else None
        return SearchResult(
            query=query,
            total=total,
            page=page,
            page_size=page_size,
            hits=tuple(hits),
            facets=facets,
            suggestion=suggestion,
            relaxed=relaxed,
        )

    def get(self, slug: str) -> StoredEntry | None:
        """The stored entry with this slug, or None."""
        searcher, _ = self._searcher()
        with searcher:
            stored = searcher.document(slug=slug)
        if stored is None:
            return None
        return StoredEntry(
            slug, json.loads(stored["front_matter"]), stored["markdown"], stored["path"]
        )

    @contextlib.contextmanager
    def searcher(self) -> Iterator[Any]:
        """A Whoosh searcher on the current index, for other `indexer` modules only."""
        searcher, _ = self._searcher()
        with searcher:
            yield searcher

    def facet_values(self, facet: str) -> dict[str, int]:
        """Every value of a facet with its number of published entries."""
        return self.search(page_size=1).facets.get(facet, {})

    # -- internals --------------------------------------------------------------------

    def _parse(self, searcher: Any, text: str, group: Any) -> Query:
        if not text:
            return Every()
        parser = MultifieldParser(
            list(SEARCH_FIELDS), searcher.schema, fieldboosts=SEARCH_FIELDS, group=group
        )
        return parser.parse(normalize_query(text))

    def _matching(self, searcher: Any, query: Query, table: _FacetTable) -> int:
        if isinstance(query, Every):
            return table.live
        if query is NullQuery:
            return 0
        return docsets.from_docnums(searcher.docs_for_query(query), table.size) & table.live

    def _restrictions(
        self,
        table: _FacetTable,
        filters: dict[str, list[str]],
        year_from: int | None,
        year_to: int | None,
        include_drafts: bool,
    ) -> dict[str, int]:
        """One document mask per restricted facet (the year range counts as "year")."""
        masks = {name: table.mask(name, values) for name, values in filters.items()}
        if year_from is not None or year_to is not None:
            low = year_from if year_from is not None else -1
            high = year_to if year_to is not None else 10_000
            in_range = [y for y in table.values.get("year", {}) if low <= int(y) <= high]
            masks["year"] = masks.get("year", table.live) & table.mask("year", in_range)
        if "status" not in masks and not include_drafts:
            masks["status"] = table.mask("status", ["veröffentlicht"])
        return masks

    def _page(
        self,
        searcher: Any,
        query: Query,
        selected: int,
        scored: bool,
        sort: Sort,
        page: int,
        page_size: int,
    ) -> list[Hit]:
        end = page * page_size
        if not selected or end - page_size >= selected.bit_count():
            return []
        if not scored:
            sortedby: Any = MultiFacet([FieldFacet("year", reverse=True), FieldFacet("title_sort")])
        elif sort == "year":
            sortedby = MultiFacet([FieldFacet("year", reverse=True), ScoreFacet()])
        else:
            sortedby = None
        results = searcher.search(
            query,
            filter=set(docsets.to_docnums(selected)),
            limit=end,
            sortedby=sortedby,
            terms=scored,
        )
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
        results.formatter = MarkFormatter()
        hits = []
        for hit in results[end - page_size : end]:
            stored = hit.fields()
            fields = json.loads(stored["front_matter"])
            snippet = _snippet(hit, stored, fields) if scored else html.escape(fields["summary"])
            hits.append(
                Hit(
                    slug=stored["slug"],
                    title=fields["title"],
                    score=round(float(hit.score or 0.0), 4) if scored else 0.0,
                    snippet=snippet,
                    fields=fields,
                )
            )
        return hits


class MarkFormatter(highlight.Formatter):
    """Escape all text; only the matched words are wrapped in `<mark>`."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def _snippet(hit: Any, stored: dict[str, Any], fields: dict[str, Any]) -> str:
    for name in ("body", "summary"):
        fragment = hit.highlights(name, text=stored.get(name, ""), top=2)
        if fragment:
            return " ".join(fragment.split())
    summary = fields["summary"]
    if len(summary) > SNIPPET_CHARS:
        summary = summary[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(summary, quote=False)


def _clean_filters(filters: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for name, values in (filters or {}).items():
        if name not in FACETS:
            raise SearchError(
                f"Unbekanntes Filterfeld „{name}“. Erlaubt sind: {', '.join(FACETS)}."
            )
        items = [values] if isinstance(values, str | int) else list(values)
        wanted = [str(v) for v in items if str(v).strip()]
        if wanted:
            cleaned[name] = wanted
    return cleaned


def _build_facet_table(searcher: Any) -> _FacetTable:
    reader = searcher.reader()
    size = reader.doc_count_all()
    table = _FacetTable(size, docsets.from_docnums(reader.all_doc_ids(), size))
    for name in FACETS:
        fieldname = facet_field(name)
        values: dict[str, int] = {}
        if fieldname in reader.schema:
            for term in reader.lexicon(fieldname):
                value = term.decode("utf-8")
                docs = reader.postings(fieldname, term).all_ids()
                mask = docsets.from_docnums(docs, size) & table.live
                if mask:
                    values[value] = mask
        table.values[name] = values
    return table


def _facet_counts(
    table: _FacetTable,
    matched: int,
    restrictions: dict[str, int],
    filters: dict[str, list[str]],
    include_drafts: bool,
) -> dict[str, dict[str, int]]:
    """Count each facet under every restriction except its own (disjunctive facets)."""
    counts: dict[str, dict[str, int]] = {}
    for name in FACETS:
        if name == "status" and not (include_drafts or "status" in filters):
            continue
        base = matched
        for other, mask in restrictions.items():
            if other != name:
                base &= mask
        values = {}
        for value, mask in table.values.get(name, {}).items():
            count = (base & mask).bit_count()
            if count or value in filters.get(name, ()):
                values[value] = count
        if name == "year":
            counts[name] = dict(sorted(values.items(), reverse=True))
        else:
            counts[name] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
        for value in filters.get(name, ()):
            counts[name].setdefault(value, 0)
    return counts


def _suggest(searcher: Any, text: str) -> str | None:
    """ "Meinten Sie …?": replace words the index does not know by close known words."""
    reader = searcher.reader()
    corrector = None
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal corrector, changed
        word = match.group(0)
        lower = word.lower()
        if lower in _OPERATORS or lower in STOP_WORDS or ("spell", lower) in reader:
            return word
        if _known_term(searcher, lower):
            return word
        corrector = corrector or searcher.corrector("spell")
        options = corrector.suggest(lower, limit=1, maxdist=2, prefix=1)
        if not options:
            return word
        changed = True
        return options[0].capitalize() if word[:1].isupper() else options[0]

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed else None


def _known_term(searcher: Any, word: str) -> bool:
    """True when the analysed word occurs in some searched field (e.g. "Fuehrerschein")."""
    schema = searcher.schema
    for name in SEARCH_FIELDS:
        terms = list(schema[name].process_text(word, mode="query"))
        if terms and all(searcher.reader().doc_frequency(name, t) for t in terms):
            return True
    return False
