"""The search API: query, facet filters, disjunctive facet counts, snippets, suggestions.

Plain Python, no UI: the app and the CLI both call `Index.search`.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh.qparser import OrGroup
from whoosh.query import And, Every, Not, NullQuery, Or, Phrase, Query, Term
from whoosh.sorting import FieldFacet, MultiFacet, ScoreFacet

from indexer import docsets, feedback
from indexer.area_names import elsewhere_notice
from indexer.commit_state import CommitState, build_commit_state
from indexer.documents.search import (
    NO_MATCHES,
    PageTables,
    open_pages,
    page_text,
    search_pages,
)
from indexer.filter_values import has_words, resolved_filters
from indexer.german import load_word_tables, thesaurus
from indexer.german.analysis import analyze, fold_umlauts
from indexer.german.request_words import uses_syntax
from indexer.german.thesaurus import broader_terms
from indexer.german.wording import relaxed_notice
from indexer.model import STATUS_PUBLISHED
from indexer.municipalities import place_spellings, spelled_otherwise
from indexer.query_exclusions import exclusion_clause
from indexer.query_sizes import no_size_notice, size_notice
from indexer.query_topic import (
    Places,
    QueryTopic,
    broader_notice,
    common_words_notice,
    read_topic,
    shown_topic,
    typed_word,
    unfound_notice,
    without_words,
)
from indexer.query_truncations import (
    COMPLETIONS_SCANNED,
    best_completion,
    completed,
    is_stub,
    truncated_words,
)
from indexer.query_years import no_year_notice, year_emphases, year_notice
from indexer.querying import QueryBuilder, limit_query
from indexer.ranking import Coordinated, Emphasised, UnsupportedQuery, bool_array, top
from indexer.schema import CONTACT_FIELD, FACETS, facet_field
from indexer.searcher_pool import SearcherPool
from indexer.segment_cache import SegmentCache
from indexer.snippets import snippet, terms_by_field
from indexer.sparse import Sparse
from indexer.spelling import (
    SPELLING_FIELD,
    Corrections,
    Spellings,
    close_spellings,
    known_term,
    suggest,
    word_terms,
)
from indexer.storage import POINTER_FILE, read_meta, read_pointer
from indexer.synonyms import SynonymSource
from indexer.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

Sort = Literal["relevance", "year"]
SORTS: tuple[str, ...] = ("relevance", "year")
FEEDBACK_DOCS = 3
FEEDBACK_TERMS = 8
FEEDBACK_BOOST = 0.3  # weight of the strongest feedback word
RELAX_BELOW = 10  # fewer good hits than a page: weaker ones follow
PLACE_FACTOR = 99.0  # a result's score × (1 + this) when it lies in a place the query names
# A query that finds nothing is searched without the words no entry has: each word is
# tried alone (a search each), in queries of up to this many words.
UNFOUND_CHECKED = 12
BROADER_TRIED = 4  # broader terms searched for a word no entry has, the most specific first
# "Well enough" for a query of several words: its idf-weighted coverage (`Ranker.coverage`);
# an entry missing only a frequent or incidental word is a result, one with only a frequent
# word is not. Weak matches (shown only when fewer than a page of good ones exist) need some.
GOOD_COVERAGE = 0.75
WEAK_COVERAGE = 0.15
# Weak matches are related examples, not the rest of the knowledge base: the strongest
# page of them, and beyond it those that score at least this share of the strongest one.
WEAK_LIMIT = 10
WEAK_SHARE = 0.25
# A result's score × (1 + this) for each two neighbouring query words its title has as a
# phrase: what an entry is about outweighs words scattered through its text.
TITLE_PHRASE_FACTOR = 4.0
YEAR_RANGE = "year range"  # the restriction of `year_from`, `year_to` (no facet's name)
READ_RETRIES = 2  # a read that fails during a concurrent commit runs again on a fresh searcher

log = logging.getLogger(__name__)
T = TypeVar("T")


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
    # Pages of its attachments that have every word: {file, title, page, snippet}, best first.
    attachments: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    # Few entries had all words: entries with some of them follow, after `exact_total` hits.
    relaxed: bool = False
    exact_total: int = 0
    # German notes on how the query was read: cut to the maximum length, syntax ignored …
    notices: tuple[str, ...] = ()
    # What was searched for: the query without request words, years, the region's names
    topic: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def relaxed_notice(self) -> str:
        """German: what the results after the first `exact_total` are ("" if all are good)."""
        return relaxed_notice(self.exact_total, self.topic) if self.relaxed else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `python -m indexer search --json`."""
        data = asdict(self)
        data["hits"] = [asdict(hit) for hit in self.hits]
        data["relaxed_notice"] = self.relaxed_notice  # the line the CLI and the app show
        return data


@dataclass(frozen=True)
class StoredEntry:
    """An indexed entry as the entry page needs it."""

    slug: str
    fields: dict[str, Any]
    markdown: str
    path: str
    documents: tuple[dict[str, Any], ...] = ()  # attachments with completeness (store.Document)

    @property
    def text_incomplete(self) -> bool:
        """Some text of an attachment could not be read (the page says "Text unvollständig")."""
        return any(not document.get("complete", True) for document in self.documents)


class Index:
    """A handle on the index directory; reopens itself when a build changes the index.

    Open it once per process and share it: searches reuse Whoosh searchers of the newest
    commit (`searcher_pool`), one per concurrent search.
    """

    def __init__(self, index_dir: Path | str, kb_dir: Path | str | None = None):
        self.index_dir = Path(index_dir)
        self.kb_dir = Path(kb_dir) if kb_dir is not None else None
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._pointer: tuple[int, ...] | None = None  # the pointer file as last seen (`_stamp`)
        self._ix: Any = None
        self._facets: CommitState | None = None
        self._pool: SearcherPool | None = None
        self._reopen()

    @classmethod
    def open(cls, index_dir: Path | str, kb_dir: Path | str | None = None) -> Index:
        """Open an index; synonyms come from `kb_dir` (default: the kb it was built from)."""
        return cls(index_dir, kb_dir)

    def _reopen(self) -> None:
        generation = read_pointer(self.index_dir)
        if generation is None:
            raise IndexNotFoundError(
                f"Im Verzeichnis {self.index_dir} gibt es noch keinen Suchindex. "
                "Bitte zuerst „python -m indexer build“ ausführen."
            )
        if self._pool is not None:
            self._pool.close()
        self._ix = whoosh_index.open_dir(str(generation))
        self._pool = SearcherPool(self._ix)
        self._segments = SegmentCache()  # segment ids are only unique within a generation
        self._pages = open_pages(generation)
        self._page_tables = PageTables(self._pages) if self._pages is not None else None
        self._generation = generation
        self._facets = None
        kb_dir = self.kb_dir or read_meta(generation).get("kb")
        self._synonyms = SynonymSource(Path(kb_dir) if kb_dir else None)
        taxonomy = _taxonomy(Path(kb_dir)) if kb_dir else None
        self._places = (
            Places(
                taxonomy.region,
                dict(taxonomy.areas),
                sizes=tuple((c.name, c.low, c.high) for c in taxonomy.size_classes),
            )
            if taxonomy
            else Places()
        )

    def _current(self) -> tuple[SearcherPool, Any]:
        """The searcher pool and the pages index of the active generation (reopened after
        a build swapped it), read together."""
        with self._lock:
            # The pointer file is replaced (a new file) when a build swaps generations: its
            # stat tells whether to read it. Stamped before reading, so a swap in between
            # only costs a read at the next search.
            stamp = _stamp(self.index_dir / POINTER_FILE)
            if stamp is None or stamp != self._pointer:
                if read_pointer(self.index_dir) != self._generation:
                    self._reopen()
                self._pointer = stamp
            return self._pool, self._pages

    @contextlib.contextmanager
    def _checkout(self) -> Iterator[tuple[Any, CommitState]]:
        """A searcher on the newest committed state of the active generation, and the
        facet table of exactly the commit that searcher reads (an incremental build may
        commit between any two lines here: document numbers of two commits differ).

        The searcher goes back to the pool afterwards; after a failed read it is closed."""
        pool, _ = self._current()
        searcher = pool.take()
        try:
            commit = searcher.reader().generation()
            with self._lock:
                if self._facets is None or self._facets.generation != commit:
                    self._facets = build_commit_state(searcher, commit, self._segments)
                table = self._facets
            yield searcher, table
        except BaseException:
            searcher.close()
            raise
        pool.give_back(searcher)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Run a read; when a concurrent commit removed files under it, run it once more on
        a fresh searcher (Whoosh readers open some files lazily)."""
        for tries_left in range(READ_RETRIES, -1, -1):
            try:
                return attempt()
            except SearchError:
                raise
            except Exception:  # noqa: BLE001 - Whoosh fails with OSError, IndexError, …
                if tries_left == 0:
                    raise
                log.warning("read failed, probably during a commit; retrying", exc_info=True)
                with self._lock:
                    self._facets = None
                    self._reopen()
        raise AssertionError("unreachable")

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
        relax: bool = True,
        snippets: bool = True,
    ) -> SearchResult:
        """Search the published entries (and drafts if asked).

        With `relax` (the default), when fewer than a page of entries has all the words,
        entries with some of them, or related to the best hits, follow (`relaxed`).

        `filters` maps a facet (front-matter key, e.g. "themes") to accepted values: values
        of one facet are OR-ed, facets are AND-ed. Facet counts are disjunctive: each facet
        is counted under all filters except its own.

        Without `snippets` (exports) hits have an empty snippet, and a page may be larger
        than 100: the limit is there for the cost of the snippets.
        """
        wanted_filters = _clean_filters(filters)
        if sort not in SORTS:
            raise SearchError(f"Unbekannte Sortierung „{sort}“ (erlaubt: relevance, year).")
        if page < 1 or page_size < 1 or (snippets and page_size > 100):
            raise SearchError("Seite muss ≥ 1 und Seitengröße zwischen 1 und 100 liegen.")
        text, notices = limit_query(query.strip())
        if year_from is not None and year_to is not None and year_from > year_to:
            # "2022 bis 2018" found nothing and said nothing: the range meant is the other way
            year_from, year_to = year_to, year_from
            notices = (*notices, f"Zeitraum gelesen als {year_from} bis {year_to}.")

        request = _Request(
            query, text, notices, wanted_filters, year_from, year_to,
            sort, page, page_size, include_drafts, relax, snippets,
        )  # fmt: skip
        return self._retrying(lambda: self._search_once(request))

    def _search_once(self, request: _Request) -> SearchResult:
        """One try of `search` on the current index commit."""
        with self._checkout() as (searcher, table):
            filters, unknown = resolved_filters(table.values, request.filters, self._synonym_texts)
            restrictions = self._restrictions(
                table, filters, request.year_from, request.year_to, request.include_drafts
            )
            wanted = table.live
            for mask in restrictions.values():
                wanted &= mask
            # Whether weak matches join is decided without the facet and year filters,
            # so that every count predicts what ticking its value gives.
            shown = restrictions.get("status", table.live)
            corrections = _corrections(searcher, table, shown, self._synonym_word)
            text, truncations = self._completed(searcher, table, shown, corrections, request.text)
            # "Gibt es Erfahrungen mit …?", "Ehrenamt 2022 in BW": what it is about
            places = replace(
                self._places,
                has_entries=table.places().has,
                abbreviation=self._synonym_word,
                spelled=table.places().spelled,
                one_word=corrections.visible,
            )
            search = _TopicSearch(searcher, table, wanted, shown, request.relax, corrections)
            read, found, topic = self._read_and_find(search, places, text)
            tiers = found.tiers
            documents_tier = len(tiers) > 1 and tiers[1][0] is None
            exact = tiers[0][1] | (tiers[1][1] if documents_tier else 0)
            selected = found.matched & wanted
            facets = _facet_counts(
                table, found.matched, restrictions, filters, request.include_drafts
            )
            hits = self._page(
                searcher,
                table,
                tiers,
                found.scored,
                request.sort,
                request.page,
                request.page_size,
                found.order,
                request.snippets,
            )
            hits = [
                replace(hit, attachments=tuple(p.to_dict() for p in found.pages.hits_for(hit.slug)))
                if hit.slug in found.pages
                else hit
                for hit in hits
            ]
            # places as their names write them ("VillingenSchwenningen") are no typos
            spelled = place_spellings(text, [*places.region, *places.areas])
            suggestion = suggest(spelled, corrections, not selected) if found.scored else None
            read_notices = self._place_notices(searcher, table, read, selected, wanted)
            read_notices = _year_notices(table, read, read_notices, selected)
            read_notices = _size_notices(table, read, read_notices, selected)
            if not selected and (common := common_words_notice(text)):
                read_notices = (*read_notices, common)
        return SearchResult(
            query=request.query,
            total=selected.bit_count(),
            page=request.page,
            page_size=request.page_size,
            hits=tuple(hits),
            facets=facets,
            suggestion=suggestion,
            relaxed=len(tiers) > 1,
            exact_total=exact.bit_count(),
            notices=(*request.notices, *unknown, *truncations, *read_notices, *found.notices),
            topic=read.place_alone or shown_topic(topic),
        )

    def _completed(
        self, searcher: Any, table: CommitState, shown: int, corrections: Corrections, text: str
    ) -> tuple[str, tuple[str, ...]]:
        """`text` with words cut short with a full stop read as the word of the `shown`
        entries they begin most often (`query_truncations`), and the notices saying so."""
        if not truncated_words(text):
            return text, ()
        reader = searcher.reader()

        def entries(word: str) -> int:
            return (table.term_mask(reader, SPELLING_FIELD, word) & shown).bit_count()

        # Cut short: no entry that may be shown has the word in any form, it is no curated
        # synonym, and it is rare enough in the word list (`is_stub`).
        def cut_short(word: str, last: bool) -> bool:
            if corrections.visible_part(word) or self._synonym_word(word):
                return False
            return is_stub(word, last)

        @cache  # "int. int. …": each stub is looked up once
        def complete(word: str) -> str | None:
            scanned = reader.expand_prefix(SPELLING_FIELD, word.lower())
            words = (_decoded(raw) for raw in itertools.islice(scanned, COMPLETIONS_SCANNED))
            return best_completion(word, words, entries)

        return completed(text, cut_short, complete)

    def _read_and_find(
        self, search: _TopicSearch, places: Places, text: str
    ) -> tuple[QueryTopic, _Found, str]:
        """How a query reads, what it finds and the topic searched. Words no entry has, in
        any form, synonym or close spelling, are left out: they would leave nothing, or
        count against every entry alike."""
        read = self._read(search, places, text)
        found = self._find_topic(search, read, read.text)
        named_place = bool(read.located or read.ordering)
        unfound = self._unfound_words(_for_reading(search, read), read.text, named_place)
        alone = read.text.split()
        plain = search.relax and not uses_syntax(read.text)  # not '"Geige"': that word
        lone = not unfound and found.nothing and len(alone) == 1 and plain
        if lone:
            unfound = tuple(alone)  # a word alone that no entry has: its broader term, if any
        if not unfound:
            return read, found, read.text
        # "Geige lernen": no entry has "Geige"; one has "Instrument", its broader term
        broader = self._broader(_for_reading(search, read), unfound)
        if lone and not broader:
            return read, found, read.text
        rest = without_words(read.text, unfound, broader)
        retry_read = read
        if not analyze(rest):  # only a place is left: read as the place alone
            retry_read = self._read(search, places, without_words(text, unfound))
            rest = retry_read.text
        retry = self._find_topic(search, retry_read, rest)
        if retry.nothing:
            return retry_read, found, read.text
        notices = [broader_notice(word, term) for word, term in broader.items()]
        if left_out := [word for word in unfound if word not in broader]:
            notices.append(unfound_notice(left_out))
        return retry_read, replace(retry, notices=(*retry.notices, *notices)), rest

    def _broader(self, search: _TopicSearch, words: Sequence[str]) -> dict[str, str]:
        """For words no entry has, the first of their broader terms (most specific first)
        that finds an entry, trying at most BROADER_TRIED each (`thesaurus.broader_terms`)."""
        if not thesaurus.enabled():
            return {}
        found = {}
        strict = replace(search, relax=False)  # the term itself, not one of its parts
        for word in words:
            for term in broader_terms(typed_word(word))[:BROADER_TRIED]:
                if not self._find(strict, term, ()).nothing:
                    found[word] = term
                    break
        return found

    def _read(self, search: _TopicSearch, places: Places, text: str) -> QueryTopic:
        return read_topic(text, places, tuple(search.table.values.get("year", {})))

    def _find_topic(self, search: _TopicSearch, read: QueryTopic, topic: str) -> _Found:
        """`_find` for a topic as read."""
        return self._find(
            _for_reading(search, read),
            topic,
            read.years,
            read.districts,
            read.excluded,
            read.located,
            names_places=not read.place_alone,
            sizes=read.sizes,
        )

    def _place_notices(
        self, searcher: Any, table: CommitState, read: QueryTopic, shown: int, wanted: int
    ) -> tuple[str, ...]:
        """How the query was read; "… ordnet die Treffer" becomes "Keiner der Treffer
        stammt aus …" when no result (`shown`: under the filters) comes from the places
        named, with how many entries there are about other topics (of those the filters
        let through, `wanted`), and goes when there is none to order."""
        if not read.ordering:
            return read.notices
        ordering = {notice for notice, _, _ in read.ordering}
        kept = [notice for notice in read.notices if notice not in ordering]
        if not shown:  # "Sprachkurs Ulm" filtered to Ulm: nothing is shown from elsewhere
            return tuple(kept)
        emphases = _place_emphases(table, " ".join(read.located), read.districts)
        there = self._matching(searcher, emphases[0], table) if emphases else 0
        if shown & there:
            return read.notices
        names = tuple(dict.fromkeys(name for _, named, _ in read.ordering for name in named))
        places = tuple(dict.fromkeys(place for _, _, raised in read.ordering for place in raised))
        others = (there & wanted).bit_count()
        return (*kept, elsewhere_notice(names, places, others))

    def warm(self) -> None:
        """Load what a process's first search would wait for (word lists, the synonyms):
        the app calls it in the background when it opens the index."""
        load_word_tables()
        self._synonyms.table()

    def get(self, slug: str, *, include_drafts: bool = False) -> StoredEntry | None:
        """The stored entry with this slug or earlier slug, or None (also for a draft,
        unless asked for)."""

        def attempt() -> dict[str, Any] | None:
            with self._checkout() as (searcher, _):
                # An earlier address of a renamed entry leads to it (its own slug wins).
                return searcher.document(slug=slug) or searcher.document(alias=slug)

        stored = self._retrying(attempt)
        if stored is None:
            return None
        fields = json.loads(stored["front_matter"])
        if not include_drafts and fields.get("status", STATUS_PUBLISHED) != STATUS_PUBLISHED:
            return None
        documents = tuple(json.loads(stored.get("documents") or "[]"))
        return StoredEntry(stored["slug"], fields, stored["markdown"], stored["path"], documents)

    def documents(self, *, include_drafts: bool = True) -> list[dict[str, Any]]:
        """Every indexed attachment with its completeness (`documents.store.Document.summary`)
        and the slug of its entry, for the completeness report."""

        def attempt() -> list[dict[str, Any]]:
            with self._checkout() as (searcher, _):
                found = []
                for stored in searcher.all_stored_fields():
                    status = json.loads(stored["front_matter"]).get("status", STATUS_PUBLISHED)
                    if include_drafts or status == STATUS_PUBLISHED:
                        summaries = json.loads(stored.get("documents") or "[]")
                        found += [{"slug": stored["slug"], **s} for s in summaries]
                return sorted(found, key=lambda d: (d["slug"], d["file"]))

        return self._retrying(attempt)

    def document_page(self, slug: str, file: str, page: int) -> tuple[str, str] | None:
        """(label, text) of page `page` (from 1) of an attachment of a published entry, as
        indexed; None for a draft, an unknown file or page."""
        entry = self.get(slug)
        if entry is None or not any(d.get("file") == file for d in entry.documents):
            return None
        _, pages = self._current()
        return self._retrying(lambda: page_text(pages, entry.slug, file, page))

    @contextlib.contextmanager
    def searcher(self) -> Iterator[Any]:
        """A Whoosh searcher on the current index, for other `indexer` modules only."""
        with self._checkout() as (searcher, _):
            yield searcher

    # -- internals --------------------------------------------------------------------

    def _find(
        self,
        search: _TopicSearch,
        topic: str,
        years: tuple[str, ...],
        districts: tuple[str, ...] = (),
        excluded: tuple[str, ...] = (),
        located: tuple[str, ...] = (),
        names_places: bool = True,
        sizes: tuple[str, ...] = (),
    ) -> _Found:
        """The tiers of entries a topic finds, entries found through their documents
        included, with the entries of the named `years`, of the places it (unless not
        `names_places`: the query of a place alone, its districts' names) or `located`
        names and of `districts` raised, and those about the `excluded` words left out."""
        searcher, table = search.searcher, search.table
        builder = self._builder(search)
        tiers, matched = self._tiers(
            searcher,
            builder,
            f"{topic} {exclusion_clause(excluded)}" if topic and excluded else topic,
            table,
            search.wanted,
            search.shown,
            search.relax,
            search.corrections,
        )
        # "Rhein-Neckar-Kreis", searched for "Kurpfalz", names no "Neckar-Odenwald-Kreis"
        named = " ".join([topic if names_places else "", *located])
        emphases = [
            *year_emphases(years),
            *_place_emphases(table, named, districts),
            *_programme_emphases(table, topic),
            *_size_emphases(sizes),
        ]
        if emphases and not isinstance(tiers[0][0], Every):
            tiers = [
                (Emphasised([query, *emphases]), selected, tier_matched)
                for query, selected, tier_matched in tiers
            ]
        scored = bool(topic) and not isinstance(tiers[0][0], Every)
        pages = search_pages(self._page_tables, topic, self._synonyms.table()) if scored else None
        order: list[int] = []
        if pages:
            tiers, matched, order = _with_documents(
                table, searcher.reader(), tiers, matched, search.wanted, pages
            )
        return _Found(
            tiers,
            matched,
            pages or NO_MATCHES,
            order,
            tuple(builder.notices),
            scored,
            nothing=not matched & search.shown,
        )

    def _synonym_texts(self, text: str) -> list[str]:
        """The other members of a text's curated synonym group ("PiK": "Pakt für …")."""
        return [a.text for a in self._synonyms.table().lookup(tuple(analyze(text)))]

    def _synonym_word(self, word: str) -> bool:
        """Whether a word is a member of a curated synonym group (so no typo)."""
        terms = tuple(analyze(word))
        return bool(terms) and bool(self._synonyms.table().lookup(terms))

    def _builder(self, search: _TopicSearch) -> QueryBuilder:
        searcher, table = search.searcher, search.table
        return QueryBuilder(
            searcher.schema,
            self._synonyms.table(),
            table.places().long_words,
            searcher.reader(),
            table.parsed,
            _visible_terms(searcher, table, search.shown),
        )

    def _unfound_words(
        self, search: _TopicSearch, topic: str, named_place: bool = False
    ) -> tuple[str, ...]:
        """The words of a topic that no entry that may be shown has, in any form, synonym
        or close spelling, when some other word or a place the query names (`named_place`)
        is left; () for a query with syntax. Only
        words in no visible entry are searched alone (a draft's words count as missing:
        the public search tells nothing of drafts), and a compound typed apart is one
        word ("Fuss Ball" is "Fußball", not two missing words)."""
        if not search.relax or uses_syntax(topic):
            return ()
        words = [word for word in dict.fromkeys(topic.split()) if analyze(word)]
        if not (1 if named_place else 2) <= len(words) <= UNFOUND_CHECKED:
            return ()
        lacking = [word for word in words if not search.corrections.visible_part(word)]
        if not lacking:  # the usual case: no need to join compounds typed apart
            return ()
        builder = self._builder(search)
        searched = set(builder.words_as_searched(topic)) - builder.in_synonym_phrases(topic)
        lacking = [word for word in lacking if word in searched]
        unfound = tuple(word for word in lacking if self._find(search, word, ()).nothing)
        return unfound if len(unfound) < len(words) or named_place else ()

    def _tiers(
        self,
        searcher: Any,
        builder: QueryBuilder,
        text: str,
        table: CommitState,
        wanted: int,
        shown: int,
        relax: bool,
        corrections: Corrections,
    ) -> tuple[list[Tier], int]:
        """([(query, selected docs, docs the query matches)] for exact and relaxed hits,
        all matched docs).

        A word the index does not know (and that is no word of the word list) also matches
        its close spellings; entries with only some of the words follow when fewer than
        a page of the `shown` entries (all that may be shown, before facet filters) has
        all of them, and so do entries sharing the key words of the best exact hits
        (relevance feedback). `wanted` (the filters) only selects from the tiers.
        """
        exact_query = builder.build(text, corrections=corrections)
        matched = self._matching(searcher, exact_query, table)
        # An entry that has a word only where it says whom to contact ("Amt für …
        # Soziales") matches it, but is no good match: it follows as a related one.
        contact_only = 0
        if relax and matched and _in_contacts(searcher.reader(), exact_query):
            contact_only = matched & ~self._matching(searcher, _contact_free(exact_query), table)
            matched &= ~contact_only
        tiers: list[Tier] = [(exact_query, matched & wanted, matched)]
        if not (relax and text):
            return tiers, matched
        plain = builder.has_plain_words  # no feedback for pure field or phrase queries
        words = _words(exact_query)
        coverage = self._coverage(searcher, table, words) if words is not None else None
        if words is not None and coverage is not None:
            # One ranking for every entry that matches the query well enough: all its
            # words, or enough of its specific ones (see `GOOD_COVERAGE`).
            close = docsets.from_array(coverage.at_least(GOOD_COVERAGE, table.size), table.size)
            phrases = _title_phrases(text)
            for phrase in phrases:  # two query words as a phrase in a title: a result too
                close |= self._matching(searcher, phrase, table)
            matched |= close & table.live
            ranking = Emphasised([words, *phrases]) if phrases else words
            tiers = [(ranking, matched & wanted, matched)]
        elif plain and not uses_syntax(text) and (phrases := _title_phrases(text)):
            # Words read as one (the synonym phrase "Integration durch Arbeit"): a title
            # that says them still ranks first.
            tiers = [(Emphasised([exact_query, *phrases]), matched & wanted, matched)]
        good = tiers[0][1]
        if contact_only and (matched & shown).bit_count() >= RELAX_BELOW:
            # enough good matches: of the related ones only those, the strongest as ever
            extra = self._strongest(searcher, table, exact_query, contact_only & shown)
            matched |= extra
            if extra & wanted:
                tiers.append((exact_query, extra & wanted, extra))
        elif (matched & shown).bit_count() < RELAX_BELOW:
            loose_query = builder.build(text, OrGroup, corrections, relaxed=True)
            loose_coverage = self._coverage(searcher, table, loose_query)
            feedback = (
                self._feedback(searcher, table, tiers[0][0], matched & shown) if plain else None
            )
            if feedback is not None:
                excluded = [q for q in getattr(exact_query, "subqueries", ()) if isinstance(q, Not)]
                loose_query = Or([loose_query, And([feedback, *excluded])])
            loose_matched = self._matching(searcher, loose_query, table)
            if loose_coverage is not None:  # weak matches, but not of a frequent word only
                some = loose_coverage.at_least(WEAK_COVERAGE, table.size)
                loose_matched &= docsets.from_array(some, table.size)
            loose_matched = self._strongest(
                searcher, table, loose_query, loose_matched & ~matched & shown
            )
            matched |= loose_matched  # counted whatever the filters select
            if loose_matched & wanted & ~good:
                tiers.append((loose_query, loose_matched & wanted, loose_matched))
        return tiers, matched

    def _strongest(self, searcher: Any, table: CommitState, query: Query, candidates: int) -> int:
        """The WEAK_LIMIT candidates that score highest for `query` and the others that
        score at least WEAK_SHARE of the best (all of them when only Whoosh can score it).
        Decided before facet filters, like the rest of the tiers."""
        if not candidates:
            return candidates
        docs = np.flatnonzero(bool_array(candidates, table.size))
        try:
            scores = table.ranker.scores(
                searcher.reader(), query, self._matcher(searcher, table), docs
            )
        except UnsupportedQuery:
            return candidates
        best = docs[top(np.arange(len(docs)), [-scores], 0, WEAK_LIMIT)]
        strong = docs[scores >= WEAK_SHARE * scores.max()]
        return docsets.from_array(np.union1d(best, strong), table.size)

    def _matcher(self, searcher: Any, table: CommitState) -> Callable[[Query], np.ndarray]:
        """The documents a query matches, as the ranking asks for them (phrases, NOT)."""
        return lambda query: bool_array(self._matching(searcher, query, table), table.size)

    def _coverage(self, searcher: Any, table: CommitState, query: Query) -> Sparse | None:
        """How much of a query of several plain words each entry covers (`Ranker.coverage`);
        None for other queries."""
        if not isinstance(query, Coordinated) or len(query.subqueries) < 2:
            return None
        try:
            return table.ranker.coverage(searcher.reader(), query, self._matcher(searcher, table))
        except UnsupportedQuery:
            return None

    def _feedback(
        self, searcher: Any, table: CommitState, query: Query, exact: int
    ) -> Query | None:
        """Key words of the best exact hits, to find related entries (relevance feedback)."""
        if not exact:
            return None
        try:
            best = [
                doc
                for doc, _ in self._rank(
                    searcher, table, query, exact, True, "relevance", 0, FEEDBACK_DOCS
                )
            ]
        except UnsupportedQuery:
            return None
        documents = [table.words(searcher, doc) for doc in best]
        words = feedback.key_terms(
            searcher.reader(), "body", documents, FEEDBACK_TERMS, table.frequencies
        )
        if not words:
            return None
        top_weight = max(weight for _, weight in words) or 1.0
        return Or(
            [
                Term("body", word, boost=FEEDBACK_BOOST * weight / top_weight)
                for word, weight in words
            ]
        )

    def _matching(self, searcher: Any, query: Query, table: CommitState) -> int:
        """The documents matching a query, from cached term bitmasks where possible."""
        if isinstance(query, Every):
            return table.live
        if query is NullQuery:
            return 0
        if isinstance(query, Term):
            return table.term_mask(searcher.reader(), query.fieldname, query.text)
        if isinstance(query, And):
            result = table.live
            for sub in query.subqueries:
                if isinstance(sub, Not):
                    result &= ~self._matching(searcher, sub.query, table)
                else:
                    result &= self._matching(searcher, sub, table)
                if not result:
                    break
            return result
        if isinstance(query, Or) and not query.minmatch:
            return docsets.union(self._matching(searcher, sub, table) for sub in query.subqueries)
        if isinstance(query, Not):
            return table.live & ~self._matching(searcher, query.query, table)
        # Phrases, wildcards, ranges: Whoosh decides, cached.
        return table.terms.get(
            ("query", repr(query)),
            lambda: docsets.from_docnums(searcher.docs_for_query(query), table.size) & table.live,
        )

    def _restrictions(
        self,
        table: CommitState,
        filters: dict[str, list[str]],
        year_from: int | None,
        year_to: int | None,
        include_drafts: bool,
    ) -> dict[str, int]:
        """One document mask per restricted facet, and the year range's (`YEAR_RANGE`),
        which restricts the year facet's counts too: a year outside the range was listed
        with its count, and ticking it gave nothing."""
        masks = {name: table.mask(name, values) for name, values in filters.items()}
        if year_from is not None or year_to is not None:
            low = year_from if year_from is not None else -1
            high = year_to if year_to is not None else 10_000
            in_range = [y for y in table.values.get("year", {}) if low <= int(y) <= high]
            masks[YEAR_RANGE] = table.mask("year", in_range)
        if not include_drafts:  # a filter "status=entwurf" alone never shows drafts
            published = table.mask("status", [STATUS_PUBLISHED])
            masks["status"] = masks.get("status", table.live) & published
        return masks

    def _page(
        self,
        searcher: Any,
        table: CommitState,
        tiers: list[Tier],
        scored: bool,
        sort: Sort,
        page: int,
        page_size: int,
        document_order: list[int] | None = None,
        snippets: bool = True,
    ) -> list[Hit]:
        """One page of hits: the exact tier first, then entries found through their
        documents (best page first), then the relaxed one (relevance sort)."""
        start, end = (page - 1) * page_size, page * page_size
        if sort == "year" or not scored:
            everything = docsets.union(selected for _, selected, _ in tiers)
            last = next(query for query, _, _ in reversed(tiers) if query is not None)
            tiers = [(last, everything, docsets.union(m for _, _, m in tiers))]
        hits: list[Hit] = []
        for query, selected, _ in tiers:
            size = selected.bit_count()
            if start < size and len(hits) < page_size and query is None:
                chosen = [doc for doc in document_order or [] if selected >> doc & 1]
                ranked = [(doc, 0.0) for doc in chosen[start:end]]
                hits += self._hits(searcher, table, Every(), ranked, False, snippets)
            elif start < size and len(hits) < page_size:
                try:
                    ranked = self._rank(searcher, table, query, selected, scored, sort, start, end)
                except UnsupportedQuery:
                    ranked = self._rank_with_whoosh(
                        searcher, query, selected, table.live, scored, sort, start, end
                    )
                hits += self._hits(searcher, table, query, ranked, scored, snippets)
            start, end = max(0, start - size), max(0, end - size)
        return hits[:page_size]

    def _rank(
        self,
        searcher: Any,
        table: CommitState,
        query: Query,
        selected: int,
        scored: bool,
        sort: Sort,
        start: int,
        end: int,
    ) -> list[tuple[int, float]]:
        """(document, score) for places start:end, ranked with NumPy (see `ranking`)."""
        reader = searcher.reader()
        candidates = np.flatnonzero(bool_array(selected, table.size))
        years = table.years()
        if not scored:
            docs = top(candidates, [-years, table.title_ranks(reader)], start, end)
            return [(doc, 0.0) for doc in docs]
        scores = table.ranker.scores(reader, query, self._matcher(searcher, table), candidates)
        # Keys per candidate: places in `candidates` sort ties in document order too.
        keys = [-years[candidates], -scores] if sort == "year" else [-scores]
        places = top(np.arange(len(candidates)), keys, start, end)
        return [(int(candidates[p]), float(scores[p])) for p in places]

    def _rank_with_whoosh(
        self,
        searcher: Any,
        query: Query,
        selected: int,
        live: int,
        scored: bool,
        sort: Sort,
        start: int,
        end: int,
    ) -> list[tuple[int, float]]:
        """The same ranking by Whoosh itself, for wildcard, range and fuzzy queries, of the
        `selected` documents among the `live` ones."""
        if not scored:
            order: Any = MultiFacet([FieldFacet("year", reverse=True), FieldFacet("title_sort")])
        elif sort == "year":
            order = MultiFacet([FieldFacet("year", reverse=True), ScoreFacet()])
        else:
            order = None
        # Whoosh takes either the allowed or the excluded documents: pass the smaller set.
        # Excluded are all others, not only the others the query matches: a relaxed tier's
        # query also matches the entries of the tier before it ("Tisch ANDMAYBE Kita"
        # listed them twice).
        excluded = live & ~selected
        if excluded.bit_count() < selected.bit_count():
            limits: dict[str, Any] = {"mask": set(docsets.to_docnums(excluded)) or None}
        else:
            limits = {"filter": set(docsets.to_docnums(selected))}
        results = searcher.search(query, limit=end, sortedby=order, **limits)
        ranked = []
        for hit in results[start:end]:
            score = (hit.score or 0.0) if scored else 0.0
            if isinstance(score, tuple):  # sorted by (year, ScoreFacet): the key is -score
                score = -score[-1]
            ranked.append((hit.docnum, float(score)))
        return ranked

    def _hits(
        self,
        searcher: Any,
        table: CommitState,
        query: Query,
        ranked: list[tuple[int, float]],
        scored: bool,
        snippets: bool = True,
    ) -> list[Hit]:
        terms = terms_by_field(query) if scored and snippets else {}
        hits = []
        for docnum, score in ranked:
            # Exports (no snippets) ask for thousands of hits once: they are not kept.
            stored = table.stored(searcher, docnum) if snippets else searcher.stored_fields(docnum)
            fields = json.loads(stored["front_matter"])
            if not snippets:
                text = ""
            else:
                text = snippet(terms, stored, fields) if scored else html.escape(fields["summary"])
            hits.append(
                Hit(
                    slug=stored["slug"],
                    title=fields["title"],
                    score=round(score, 4),
                    snippet=text,
                    fields=fields,
                )
            )
        return hits


@dataclass(frozen=True)
class _TopicSearch:
    """What one search's topics are searched with: the searcher and facet table of one
    index commit, the filtered (`wanted`) and the visible (`shown`) entries."""

    searcher: Any
    table: CommitState
    wanted: int
    shown: int
    relax: bool
    corrections: Corrections


@dataclass(frozen=True)
class _Request:
    """What `Index.search` was asked, checked: the query as typed and as searched."""

    query: str
    text: str  # the query shortened to the limits (`limit_query`)
    notices: tuple[str, ...]  # what checking the request changed, for the user
    filters: dict[str, list[str]]
    year_from: int | None
    year_to: int | None
    sort: Sort
    page: int
    page_size: int
    include_drafts: bool
    relax: bool
    snippets: bool


def _for_reading(search: _TopicSearch, read: QueryTopic) -> _TopicSearch:
    """A place alone ranks its districts' entries, not every entry naming one: no weak
    matches join."""
    return replace(search, relax=False) if read.place_alone else search


def _corrections(
    searcher: Any, table: CommitState, shown: int, synonym_word: Callable[[str], bool]
) -> Corrections:
    """The spelling corrections of one search, from the words of the `shown` entries."""
    return Corrections(
        searcher,
        _visible_words(searcher, table, shown),
        _known_words(searcher, table, known_term),
        _visible_terms(searcher, table, shown),
        partial(_close_spellings, searcher, table),
        synonym_word,
    )


@dataclass(frozen=True)
class _Found:
    tiers: list[Tier]
    matched: int  # every entry found, before the filters
    pages: Any  # the documents' pages found (`documents.search`)
    order: list[int]  # entries found through documents, in their order
    notices: tuple[str, ...]  # the query builder's notices
    scored: bool  # the topic ranks its results (not everything, as for an empty query)
    nothing: bool  # no entry that may be shown was found, whatever the filters


Tier = tuple[Query | None, int, int]  # (query, documents to show, documents it matches);
# query None: entries found through the pages of their attachments


def _with_documents(
    table: CommitState,
    reader: Any,
    tiers: list[Tier],
    matched: int,
    wanted: int,
    pages: Iterable[str],
) -> tuple[list[Tier], int, list[int]]:
    """Insert the entries found through their documents after the exact tier.

    An entry whose own fields match stays where it is: its documents never push it down,
    and a document never lifts an entry above one whose title and summary match. Facet
    counts see each entry once, however many of its pages match.
    """
    docnums = table.slug_docnums(reader)
    order = [doc for slug in pages if (doc := docnums.get(slug)) is not None]
    found = docsets.from_docnums(order, table.size)
    _, exact, _ = tiers[0]
    documents_only = found & wanted & ~exact
    result: list[Tier] = [tiers[0]]
    if documents_only:
        result.append((None, documents_only, found))
    for query, selected, tier_matched in tiers[1:]:
        if selected & ~documents_only:
            result.append((query, selected & ~documents_only, tier_matched))
    return result, matched | found, order


def _year_notices(
    table: CommitState, read: QueryTopic, notices: tuple[str, ...], shown: int
) -> tuple[str, ...]:
    """`notices` with "Die Jahreszahl 2015 ordnet die Treffer" replaced when no result
    (`shown`) is of the years the query named ("Ukraine 2015" promised entries of 2015
    further up and showed none), and a notice for a year alone that finds nothing
    ("Projekte aus 2026" found nothing and said nothing)."""
    if not read.years or uses_syntax(read.text):
        return notices
    of_years = docsets.union(table.values.get("year", {}).get(year, 0) for year in read.years)
    if shown & of_years:
        return notices
    if read.text.split() == list(read.years):  # the years alone
        return notices if shown else (*notices, no_year_notice(read.years, alone=True))
    named = year_notice(read.years)
    if named not in notices or not shown:
        return notices
    return tuple(no_year_notice(read.years, alone=False) if n == named else n for n in notices)


def _size_emphases(sizes: Sequence[str]) -> list[Query]:
    """The entries of the size classes a query names, raised as a named place's."""
    named = [Term(facet_field("size"), size) for size in sizes]
    return [Or(named, boost=PLACE_FACTOR)] if named else []


def _size_notices(
    table: CommitState, read: QueryTopic, notices: tuple[str, ...], shown: int
) -> tuple[str, ...]:
    """`notices` with the size notice replaced when no result (`shown`) is of the sizes
    the query named ("Großstadt Sportverein": none of the sports clubs is in a city)."""
    if not read.sizes or not shown:
        return notices
    of_sizes = docsets.union(table.values.get("size", {}).get(size, 0) for size in read.sizes)
    if shown & of_sizes:
        return notices
    named = size_notice(read.sizes_said, read.sizes)
    return tuple(no_size_notice(read.sizes_said) if n == named else n for n in notices)


def _in_contacts(reader: Any, query: Query) -> bool:
    """Whether some term of the query in the contact field is in an entry's contact."""
    if isinstance(query, Term):
        in_field = query.fieldname == CONTACT_FIELD
        return in_field and reader.doc_frequency(CONTACT_FIELD, query.text) > 0
    return not query.is_leaf() and any(_in_contacts(reader, sub) for sub in query.children())


def _contact_free(query: Query) -> Query:
    """The query with its terms in the contact field matching nothing."""
    if isinstance(query, Term):
        if query.fieldname == CONTACT_FIELD:
            return Term(CONTACT_FIELD, _NO_TERM, boost=query.boost)
        return query
    return query if query.is_leaf() else query.apply(_contact_free)


_NO_TERM = "\u0000"  # no analysed word is this


def _title_phrases(text: str) -> list[Query]:
    """Each two neighbouring words of the query as a phrase in titles (a stop word may
    stand between them): a title that says "Integration durch Arbeit" is about it."""
    terms = analyze(text)
    return [
        Phrase("title", [first, second], slop=2, boost=TITLE_PHRASE_FACTOR)
        for first, second in zip(terms, terms[1:], strict=False)
        if first != second
    ]


def _words(query: Query) -> Coordinated | None:
    """The words of a query of several plain words (an AND of them, no NOT), as one
    `Coordinated` query that entries with only some of them match too; else None."""
    if not isinstance(query, And) or len(query.subqueries) < 2:
        return None
    if any(isinstance(sub, Not) for sub in query.subqueries):
        return None
    return Coordinated(list(query.subqueries), boost=query.boost)


def _taxonomy(kb_dir: Path) -> Taxonomy | None:
    """The knowledge base's taxonomy, for the names of its region and of the region's
    parts (None if it is unreadable: the build reports that)."""
    try:
        return load_taxonomy(kb_dir)
    except TaxonomyError:
        return None


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


def _place_emphases(table: CommitState, topic: str, districts: Sequence[str] = ()) -> list[Query]:
    """The entries located in a place the query names ("Sprachkurs in Ulm") or in
    `districts` (of a part of the state it names), as `ranking.Emphasised` raises them:
    a place's name also occurs in other entries' partners and contacts ("IHK Ulm"),
    which came first."""
    typed = {word.lower() for word in re.findall(r"[^\W\d_]+", topic)}
    spelled = table.places().words
    words = {fold_umlauts(word) for word in typed if not spelled_otherwise(word, spelled)}
    located = [Term(facet_field("district"), district) for district in districts]
    located += [Term(name, value) for name, value, named in table.places().values if words & named]
    # one emphasis: an entry whose municipality and district both have the name counts once
    return [Or(located, boost=PLACE_FACTOR)] if located else []


def _programme_emphases(table: CommitState, topic: str) -> list[Query]:
    """The entries of a funding programme whose name of two words or more the query says
    ("Gemeinsam in Vielfalt"), first as a named place's: other entries saying "Vielfalt"
    and "gemeinsam" came first."""
    said = analyze(topic)
    named = [
        Term(facet_field("funding"), value)
        for value in table.values.get("funding", {})
        if len(terms := analyze(value)) >= 2 and has_words(said, terms)
    ]
    return [Or(named, boost=PLACE_FACTOR)] if named else []


def _decoded(raw: bytes | str) -> str:
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def _visible_words(searcher: Any, table: CommitState, visible: int) -> Callable[[str], bool]:
    """Whether a spelling word occurs in a visible entry: drafts never lend a suggestion."""

    def check(word: str) -> bool:
        return bool(table.term_mask(searcher.reader(), SPELLING_FIELD, word) & visible)

    return check


def _visible_terms(searcher: Any, table: CommitState, visible: int) -> Callable[[str], bool]:
    """Whether a word's index terms occur in a visible entry (a part of a corrected
    compound: drafts never lend a suggestion)."""
    reader = searcher.reader()

    def check(word: str) -> bool:
        return any(
            all(table.term_mask(reader, name, term) & visible for term in terms)
            for name, terms in word_terms(searcher.schema, word)
        )

    return check


def _count_first(pair: tuple[str, int]) -> int:
    return -pair[1]


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What tells one version of a file from another (None: no file)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)


def _known_words(
    searcher: Any, table: CommitState, check: Callable[[Any, str], bool]
) -> Callable[[str], bool]:
    """`check` (`spelling.known_term`) on the searcher, kept per word for
    the commit it reads."""

    def known(word: str) -> bool:
        return table.known.get((check.__name__, word), partial(check, searcher, word))

    return known


def _close_spellings(searcher: Any, table: CommitState, word: str) -> Spellings:
    """`spelling.close_spellings`, kept per word for the commit it reads: the app runs the
    same query for every page, filter and sort."""
    return table.close.get(word, partial(close_spellings, searcher, word))


def _facet_counts(
    table: CommitState,
    matched: int,
    restrictions: dict[str, int],
    filters: dict[str, list[str]],
    include_drafts: bool,
) -> dict[str, dict[str, int]]:
    """Count each facet under every restriction except its own (disjunctive facets).

    A facet's values are listed by count, then name (years: newest first), those of its
    filter even when none is left."""
    intersections, rows = table.counting()
    everything = matched  # the documents counted for facets without a filter of their own
    for mask in restrictions.values():
        everything &= mask
    shown = [name for name in FACETS if include_drafts or name != "status"]
    all_counts: list[int] | None = None
    counts: dict[str, dict[str, int]] = {}
    for name in shown:
        wanted = filters.get(name, ())
        where, names = rows.get(name, (slice(0, 0), []))
        if name in restrictions:
            base = matched
            for other, mask in restrictions.items():
                if other != name:
                    base &= mask
            found = intersections.counts(base, where).tolist()
        else:
            if all_counts is None:
                all_counts = intersections.counts(everything).tolist()
            found = all_counts[where]
        pairs = [(value, n) for value, n in zip(names, found, strict=True) if n or value in wanted]
        if name != "year":
            pairs.sort(key=_count_first)  # stable: ties stay in name order
        values = dict(pairs)
        for value in wanted:
            values.setdefault(value, 0)
        counts[name] = values
    return counts
