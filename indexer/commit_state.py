"""The state of one commit of the index that searches share: facet values as document
sets, caches of terms, spellings and stored fields, the ranker. Built once per commit
(`build_commit_state`); a search of a newer commit builds a new one."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from indexer import docsets, feedback
from indexer.bounded_cache import BoundedCache
from indexer.entry_places import EntryPlaces
from indexer.postings import read_postings
from indexer.querying import ParsedQueries
from indexer.ranking import Ranker, bool_array
from indexer.schema import FACETS, facet_field
from indexer.segment_cache import SegmentCache
from indexer.spelling import Spellings

TERM_MASK_BYTES = 32 << 20  # per index state: a mask is up to a bit per entry
KNOWN_WORDS_BYTES = 2 << 20  # per index state: whether query words are index terms
CLOSE_SPELLINGS_BYTES = 1 << 20  # per index state: close spellings of unknown query words
# Per index state: the stored fields a hit shows, of recent hits (about 5 kB an entry).
HIT_FIELDS_BYTES = 16 << 20
HIT_FIELDS = ("slug", "front_matter", "body", "summary")


@dataclass
class CommitState:
    """What searches read of one commit of the index, computed once and kept: each facet
    value's live documents (as bitmasks), term masks, the ranker's statistics, the places
    the entries come from, and caches of stored fields, spellings and words."""

    size: int
    live: int
    generation: int = -1  # the Whoosh generation (commit) its document numbers belong to
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    # term or query → documents; at most TERM_MASK_BYTES of bitmasks
    terms: BoundedCache[int] = field(
        default_factory=lambda: BoundedCache(
            TERM_MASK_BYTES, lambda mask: mask.bit_length() // 8 + 64
        )
    )
    _years: np.ndarray | None = None
    _titles: np.ndarray | None = None
    _ranker: Ranker | None = None
    _places: EntryPlaces | None = None
    _slugs: dict[str, int] | None = None
    _counting: tuple[docsets.Intersections, dict[str, tuple[slice, list[str]]]] | None = None
    segments: SegmentCache = field(default_factory=SegmentCache)  # outlives the commit
    parsed: ParsedQueries | None = None  # query texts parsed with this commit's schema
    # (check, query word) → whether the index has it (`spelling.known_term`)
    known: BoundedCache[bool] = field(
        default_factory=lambda: BoundedCache(KNOWN_WORDS_BYTES, _known_size)
    )
    # query word → the index's close spellings (`spelling.close_spellings`)
    close: BoundedCache[Spellings] = field(
        default_factory=lambda: BoundedCache(CLOSE_SPELLINGS_BYTES, _close_size)
    )
    hit_fields: BoundedCache[dict[str, str]] = field(
        default_factory=lambda: BoundedCache(HIT_FIELDS_BYTES, _stored_size)
    )
    # For relevance feedback: (field, word) → its collection frequency; document → words
    frequencies: BoundedCache[float | None] = field(default_factory=feedback.frequency_cache)
    body_words: BoundedCache[feedback.Words] = field(default_factory=feedback.words_cache)

    def places(self) -> EntryPlaces:
        """The places the entries come from (`entry_places`)."""
        if self._places is None:
            self._places = EntryPlaces.of(
                self.values.get("municipality", {}), self.values.get("district", {})
            )
        return self._places

    def mask(self, facet: str, wanted: Sequence[str]) -> int:
        table = self.values.get(facet, {})
        return docsets.union(table.get(value, 0) for value in wanted)

    def counting(self) -> tuple[docsets.Intersections, dict[str, tuple[slice, list[str]]]]:
        """Every facet value's documents as one matrix, and for each facet its rows and
        values: in the order the counts show ties (years newest first, others by name)."""
        if self._counting is None:
            masks: list[int] = []
            rows: dict[str, tuple[slice, list[str]]] = {}
            for name, table in self.values.items():
                names = sorted(table, reverse=name == "year")
                rows[name] = (slice(len(masks), len(masks) + len(names)), names)
                masks += [table[value] for value in names]
            groups = [where for where, _ in rows.values()]
            self._counting = (docsets.Intersections(masks, self.size, groups), rows)
        return self._counting

    def years(self) -> np.ndarray:
        """The year of every document (0 for deleted ones), for sorting."""
        if self._years is None:
            self._years = np.zeros(self.size, dtype=np.int64)
            for year, mask in self.values.get("year", {}).items():
                self._years[bool_array(mask, self.size)] = int(year)
        return self._years

    def title_ranks(self, reader: Any) -> np.ndarray:
        """Each document's place in alphabetical title order, for browsing."""
        if self._titles is None:
            column = reader.column_reader("title_sort")
            titles = [column[doc] for doc in range(self.size)]
            self._titles = np.empty(self.size, dtype=np.int64)
            order = sorted(range(self.size), key=titles.__getitem__)
            self._titles[order] = np.arange(self.size)
        return self._titles

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            self._ranker = Ranker(self.size, self.segments)
        return self._ranker

    def slug_docnums(self, reader: Any) -> dict[str, int]:
        """The live document of each slug, to map page hits to entries."""
        if self._slugs is None:
            live = bool_array(self.live, self.size)
            self._slugs = {}
            for term in reader.lexicon("slug"):
                for doc in reader.postings("slug", term).all_ids():
                    if live[doc]:
                        self._slugs[term.decode("utf-8")] = doc
        return self._slugs

    def stored(self, searcher: Any, docnum: int) -> dict[str, str]:
        """The stored fields a hit shows (`HIT_FIELDS`), kept a while: the hits of a query
        come again for its next page, filter or sort, and frequent entries for many."""

        def read() -> dict[str, str]:
            stored = searcher.stored_fields(docnum)
            return {name: stored[name] for name in HIT_FIELDS if name in stored}

        return self.hit_fields.get(docnum, read)

    def words(self, searcher: Any, docnum: int) -> feedback.Words:
        """The analysed words of a document's body, for relevance feedback, kept a while:
        the best entries of a query come again for its next page, filter or sort."""

        def analyse() -> feedback.Words:
            body = self.stored(searcher, docnum).get("body", "")
            return feedback.document_words(searcher.reader(), "body", body)

        return self.body_words.get(docnum, analyse)

    def term_mask(self, reader: Any, fieldname: str, text: str) -> int:
        """Documents containing a term, cached: query words repeat across searches."""

        def read() -> int:
            docs, _ = read_postings(reader, fieldname, text)
            return docsets.from_array(docs, self.size) & self.live

        return self.terms.get((fieldname, text), read)


def build_commit_state(searcher: Any, generation: int, segments: SegmentCache) -> CommitState:
    reader = searcher.reader()
    size = reader.doc_count_all()
    live = docsets.from_docnums(reader.all_doc_ids(), size)
    table = CommitState(
        size, live, generation, segments=segments, parsed=ParsedQueries(searcher.schema)
    )
    segments.keep_only(reader)
    for name in FACETS:
        fieldname = facet_field(name)
        values: dict[str, int] = {}
        for leaf, offset in reader.leaf_readers():
            local = segments.get(leaf, ("facet", fieldname), partial(_values, leaf, fieldname))
            for value, mask in local.items():
                values[value] = values.get(value, 0) | mask << offset
        table.values[name] = {value: mask & live for value, mask in values.items() if mask & live}
    return table


def _values(leaf: Any, fieldname: str) -> dict[str, int]:
    """Each value of a facet field in one segment, with its documents (segment numbers)."""
    if fieldname not in leaf.schema:
        return {}
    size = leaf.doc_count_all()
    return {
        term.decode("utf-8"): docsets.from_docnums(leaf.postings(fieldname, term).all_ids(), size)
        for term in leaf.lexicon(fieldname)
    }


def _close_size(spellings: Spellings) -> int:
    return 200 + sum(100 + 2 * len(option) for option, _ in spellings)


def _known_size(_: bool) -> int:
    return 250  # the key (a check's name and a word of at most 64 letters), the entry


def _stored_size(stored: dict[str, str]) -> int:
    return 400 + sum(sys.getsizeof(value) for value in stored.values())
