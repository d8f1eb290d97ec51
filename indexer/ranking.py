"""BM25F ranking of a known set of documents, with NumPy.

A word searched in several fields (title, summary, tags, body, meta, compound parts) is
scored with BM25F (Robertson, Zaragoza & Taylor 2004): the field-weighted, length-
normalised term frequencies are added up *before* saturation, with one idf per word.
Scoring each field apart and adding the results (Whoosh's BM25F) lets a general word
that appears in every field of an entry ("Geflüchtete" in title, summary and body)
outweigh a specific word that appears once; BM25F caps what one word can contribute.
Single-field terms (field queries, phrases) score as plain BM25.

The set of matching documents is known from bitmasks, so scores are array operations on
cached term frequencies instead of Whoosh's document-by-document matchers. They are
computed for the candidates only (the documents a page is chosen from; for coverage,
those the query's terms reach), so a search's work grows with its matches, not with the
corpus; each candidate's arithmetic is the same as over all documents, to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import numpy as np
from whoosh.query import And, Not, NullQuery, Or, Phrase, Query, Term

from indexer.bounded_cache import BoundedCache
from indexer.postings import read_postings
from indexer.schema import CONTACT_COVERAGE, CONTACT_FIELD
from indexer.segment_cache import SegmentCache
from indexer.sparse import Candidates, Sparse, positions

B = 0.75
K1 = 1.2
DOCUMENT_COUNTS_BYTES = 2 << 20  # per index state: how many documents each word has
TERM_CACHE_BYTES = 96 << 20  # per index state; frequent terms' arrays are the large ones
COVERAGE_POWER = 1.0  # a Coordinated OR's scores × coverage ** this (see `coverage`)


class Coordinated(Or):
    """An OR of a query's words whose scores are scaled by how much of the query a
    document covers (a coordination factor, see `Ranker.coverage`): with some words
    missing, entries matching the specific words rank above entries matching a frequent
    one strongly."""


class Emphasised(Or):
    """Its first query scores; each further one that a document matches multiplies that
    score by (1 + its boost)."""


class Word(Or):
    """One word of a query with its alternatives (forms, synonyms, parts, spellings).

    `weight` scales its score within a `Coordinated` query (see
    `indexer.german.specificity`); elsewhere it is an ordinary Or.
    """

    def __init__(self, subqueries: list[Query], boost: float = 1.0, weight: float = 1.0):
        super().__init__(subqueries, boost=boost)
        self.weight = weight

    def apply(self, fn: Callable[[Query], Query]) -> Word:
        return Word([fn(q) for q in self.subqueries], boost=self.boost, weight=self.weight)


class UnsupportedQuery(Exception):
    """The query has parts (wildcards, ranges, …) only Whoosh itself can score."""


class Ranker:
    """Per index generation: field lengths, term frequencies and word document counts,
    computed once and cached.

    Every operation of a score is per document, so scoring only some candidates gives
    each of them the value it has over the whole corpus. What does count over the corpus
    (a word's number of documents, for its idf) is counted from its postings once.
    """

    def __init__(self, size: int, segments: SegmentCache | None = None):
        self.size = size
        self._segments = segments or SegmentCache()
        self.count = max(size, 1)
        self._lengths: dict[str, np.ndarray] = {}
        self._average: dict[str, float] = {}
        self._terms: BoundedCache[tuple[np.ndarray, np.ndarray]] = BoundedCache(
            TERM_CACHE_BYTES, lambda arrays: arrays[0].nbytes + arrays[1].nbytes + 200
        )
        # (field, term) pairs of a word → its number of documents, for its idf
        self._counts: BoundedCache[int] = BoundedCache(DOCUMENT_COUNTS_BYTES, _count_size)
        # The last coverages and scores computed, with their queries: a search asks for
        # the coverage of its words to choose the results, then again inside their scores,
        # and scores its weak matches to choose the strongest, then again for its page.
        self._last_coverage: tuple[tuple[Query, Sparse], ...] = ()
        self._last_scores: tuple[tuple[Query, np.ndarray, np.ndarray], ...] = ()

    def scores(
        self,
        reader: Any,
        query: Query,
        match: Callable[[Query], np.ndarray],
        candidates: np.ndarray | None = None,
    ) -> np.ndarray:
        """The score of each of `candidates` (sorted document numbers; default: every
        document) for `query`, 0 where it does not match.

        A word's field group scores with BM25F; above that, scores add up: an AND counts
        only where all its parts match, an OR sums the parts that match (a `Coordinated`
        OR scaled by the share matched). `match` gives the documents of a phrase or NOT
        (a boolean array over all documents). The last results are kept, as for
        `coverage`: a search with weak matches scores them to choose the strongest, then
        again to rank its page.
        """
        docs = np.arange(self.size) if candidates is None else candidates
        for kept_query, kept_docs, kept_scores in self._last_scores:
            if kept_query is query:
                where = positions(kept_docs, docs)
                if where is not None:
                    return kept_scores if len(where) == len(kept_docs) else kept_scores[where]
        result = self._evaluate(reader, query, 1.0, _Scope(docs, match, self.size))[0]
        result.setflags(write=False)
        self._last_scores = ((query, docs, result), *self._last_scores[:1])
        return result

    def coverage(self, reader: Any, query: Query, match: Callable[[Query], np.ndarray]) -> Sparse:
        """How much of a `Coordinated` query each document covers, 0…1.

        Each word counts with its idf (a rare, specific word more than a frequent one),
        times its `Word.weight` (an everyday verb of a question, "helfen", less), and
        with the weight of the best form it matches in (the word itself 1, a synonym 0.7, a
        single part of a compound 0.2, …): Σ idf × weight over the words a document
        matches, divided by Σ idf × word weight over all words. Any other query: 1 where it
        matches.
        Computed for the documents the query can reach (`_support`), 0 for all others.
        """
        for kept_query, kept in self._last_coverage:
            if kept_query is query:
                return kept
        docs = self._support(reader, query, match)
        scope = _Scope(docs, match, self.size)
        fast = _nonnegative(query)
        if not isinstance(query, Coordinated) or not query.subqueries:
            result = Sparse(docs, self._strength(reader, query, 1.0, scope, fast))
        else:
            covered = np.zeros(len(docs))
            total = 0.0
            for sub in query.subqueries:
                strength = np.minimum(self._strength(reader, sub, 1.0, scope, fast), 1.0)
                # Outside `docs` every strength is 0: this counts over all documents.
                idf = math.log(self.count / (int(np.count_nonzero(strength)) + 1)) + 1
                if isinstance(sub, Word):  # an everyday word says less of what is asked
                    idf *= sub.weight
                covered += idf * strength
                total += idf
            result = Sparse(docs, covered / total if total else covered)
        result.values.setflags(write=False)
        self._last_coverage = ((query, result), *self._last_coverage[:1])
        return result

    def _support(
        self, reader: Any, query: Query, match: Callable[[Query], np.ndarray]
    ) -> np.ndarray:
        """The documents outside which `query` neither matches nor scores, sorted (a
        superset: every document of its terms and phrases); all documents when a NOT
        on its own could match any."""
        marks = np.zeros(self.size, dtype=bool)
        if not self._mark(reader, query, match, marks):
            return np.arange(self.size)
        return np.flatnonzero(marks)

    def _mark(
        self, reader: Any, query: Query, match: Callable[[Query], np.ndarray], marks: np.ndarray
    ) -> bool:
        """Mark the documents `query` can reach (see `_support`); False: any document."""
        if isinstance(query, Term):
            marks[self._frequencies(reader, query.fieldname, query.text)[0]] = True
            return True
        if query is NullQuery:
            return True
        if isinstance(query, Phrase):
            marks |= match(query)
            return True
        if isinstance(query, And):  # within what any of its positive parts reaches
            positive = [sub for sub in query.subqueries if not isinstance(sub, Not)]
            return any([self._mark(reader, sub, match, marks) for sub in positive])
        if isinstance(query, Or):
            return all([self._mark(reader, sub, match, marks) for sub in query.subqueries])
        return False

    def _strength(
        self, reader: Any, query: Query, boost: float, scope: _Scope, fast: bool
    ) -> np.ndarray:
        """The weight of the strongest alternative of a word each document matches.

        `fast` (no negative boosts): an OR marks its terms' documents one term at a time
        instead of comparing a full array per alternative; the maxima are the same.
        """
        boost *= query.boost
        if isinstance(query, Or) and _is_field_group(query) or isinstance(query, Term):
            fields = _fields(query)
            main = [field for field in fields if field[0] != CONTACT_FIELD]
            if len(main) == len(fields):
                return np.where(self._has(reader, fields, scope), boost, 0.0)
            contact = [field for field in fields if field[0] == CONTACT_FIELD]
            only = np.where(self._has(reader, contact, scope), boost * CONTACT_COVERAGE, 0.0)
            return np.where(self._has(reader, main, scope), boost, only) if main else only
        if isinstance(query, And):
            parts = [
                self._strength(reader, sub, 1.0, scope, fast)
                for sub in query.subqueries
                if not isinstance(sub, Not)
            ]
            matched = self._matches(reader, query, scope)
            weakest = np.ones(len(scope)) if not parts else parts[0].copy()
            for part in parts[1:]:
                np.minimum(weakest, part, out=weakest)
            return np.where(matched, weakest * boost, 0.0)
        if isinstance(query, Or) and fast:
            strongest = np.zeros(len(scope))
            for sub in query.subqueries:
                if isinstance(sub, Or) and _is_field_group(sub) or isinstance(sub, Term):
                    for field in _fields(sub):
                        weight = sub.boost * (CONTACT_COVERAGE if field[0] == CONTACT_FIELD else 1)
                        for where, _, _, _ in self._placed(reader, [field], scope):
                            # by place, not a full array: most terms are rare
                            strongest[where] = np.maximum(strongest[where], weight)
                else:
                    part = self._strength(reader, sub, 1.0, scope, fast)
                    np.maximum(strongest, part, out=strongest)
            return strongest * boost
        if isinstance(query, Or):
            parts = [self._strength(reader, sub, 1.0, scope, fast) for sub in query.subqueries]
            return np.max(parts, axis=0) * boost if parts else np.zeros(len(scope))
        return np.where(self._matches(reader, query, scope), boost, 0.0)

    def _matches(self, reader: Any, query: Query, scope: _Scope) -> np.ndarray:
        """Which documents of `scope` `query` matches: `_evaluate`'s second half, without
        computing scores."""
        if isinstance(query, Term) or isinstance(query, Or) and _is_field_group(query):
            return self._has(reader, _fields(query), scope)
        if query is NullQuery:
            return np.zeros(len(scope), dtype=bool)
        if isinstance(query, Phrase):
            return scope.matched(query)
        if isinstance(query, Not):
            return ~scope.matched(query.query)
        if isinstance(query, And):
            matched = np.ones(len(scope), dtype=bool)
            for sub in query.subqueries:
                if isinstance(sub, Not):
                    matched &= ~scope.matched(sub.query)
                else:
                    matched &= self._matches(reader, sub, scope)
            return matched
        if isinstance(query, Emphasised) and query.subqueries:
            return self._matches(reader, query.subqueries[0], scope)
        if isinstance(query, Or) and not query.minmatch:
            matched = np.zeros(len(scope), dtype=bool)
            for sub in query.subqueries:
                matched |= self._matches(reader, sub, scope)
            return matched
        raise UnsupportedQuery(type(query).__name__)

    def _has(self, reader: Any, fields: list[tuple[str, str, float]], scope: _Scope) -> np.ndarray:
        """Which documents of `scope` have a term or field group (kept for the scope: a
        word's alternatives are looked at for its strength and for what it matches)."""
        key = tuple((fieldname, text) for fieldname, text, _ in fields)
        found = scope.found.get(key)
        if found is None:
            found = np.zeros(len(scope), dtype=bool)
            for where, _, _, _ in self._placed(reader, fields, scope):
                found[where] = True
            scope.found[key] = found
        return found

    def _placed(
        self, reader: Any, fields: list[tuple[str, str, float]], scope: _Scope
    ) -> Iterator[tuple[np.ndarray, Any, np.ndarray, float]]:
        """For each term of `fields` that has documents: (the places of those in `scope`,
        which of the term's postings they are, its normalised frequencies, field weight)."""
        for fieldname, text, weight in fields:
            docs, frequencies = self._frequencies(reader, fieldname, text)
            if len(docs):
                where, which = scope.place(docs)
                yield where, which, frequencies, weight

    def _evaluate(
        self, reader: Any, query: Query, boost: float, scope: _Scope
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matched) of the documents of `scope`."""
        boost *= query.boost
        count = len(scope)
        scores = np.zeros(count)
        if isinstance(query, Term):  # one field: its boost (in `boost`) weighs the score
            return self._bm25f(reader, _fields(query), boost, scope)
        if query is NullQuery:
            return scores, np.zeros(count, dtype=bool)
        if isinstance(query, Phrase):
            matched = scope.matched(query)
            for word in query.words:
                scores += self._bm25f(reader, [(query.fieldname, word, 1.0)], boost, scope)[0]
            return np.where(matched, scores, 0.0), matched
        if isinstance(query, Not):
            return scores, ~scope.matched(query.query)
        if isinstance(query, And):
            matched = np.ones(count, dtype=bool)
            for sub in query.subqueries:
                if isinstance(sub, Not):
                    matched &= ~scope.matched(sub.query)
                    continue
                sub_scores, sub_matched = self._evaluate(reader, sub, boost, scope)
                scores += sub_scores
                matched &= sub_matched
            return np.where(matched, scores, 0.0), matched
        if isinstance(query, Emphasised) and query.subqueries:
            base, matched = self._evaluate(reader, query.subqueries[0], boost, scope)
            factor = np.ones(count)
            for sub in query.subqueries[1:]:
                factor += sub.boost * self._evaluate(reader, sub, 1.0, scope)[1]
            return base * factor, matched
        if isinstance(query, Or) and _is_field_group(query):
            return self._bm25f(reader, _fields(query), boost, scope)
        if isinstance(query, Or) and not query.minmatch:
            matched = np.zeros(count, dtype=bool)
            coordinated = isinstance(query, Coordinated)
            for sub in query.subqueries:
                sub_scores, sub_matched = self._evaluate(reader, sub, boost, scope)
                if coordinated and isinstance(sub, Word):
                    sub_scores = sub_scores * sub.weight
                scores += sub_scores
                matched |= sub_matched
            if coordinated and query.subqueries:
                coverage = scope.spread(self.coverage(reader, query, scope.match))[0]
                scores *= coverage**COVERAGE_POWER
            return scores, matched
        raise UnsupportedQuery(type(query).__name__)

    def _bm25f(
        self, reader: Any, fields: list[tuple[str, str, float]], boost: float, scope: _Scope
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matched) of one word, as (field, term, field weight) triples, scored
        with BM25F for the documents of `scope`."""
        weighted, matched = self._weigh(reader, fields, scope)
        idf = math.log(self.count / (self._documents(reader, fields) + 1)) + 1
        return boost * idf * weighted * (K1 + 1) / (K1 + weighted), matched

    def _weigh(
        self, reader: Any, fields: list[tuple[str, str, float]], scope: _Scope
    ) -> tuple[np.ndarray, np.ndarray]:
        """(Σ field weight × normalised term frequency, matched) for the documents of
        `scope`; each document's fields are added from 0 in the order of `fields`."""
        weighted = np.zeros(len(scope))
        matched = np.zeros(len(scope), dtype=bool)
        for where, which, frequencies, weight in self._placed(reader, fields, scope):
            weighted[where] += weight * frequencies[which]
            matched[where] = True
        return weighted, matched

    def _documents(self, reader: Any, fields: list[tuple[str, str, float]]) -> int:
        """How many documents have a word in any of its fields (deleted ones included)."""

        def count() -> int:
            postings = [self._frequencies(reader, name, text)[0] for name, text, _ in fields]
            if len(postings) == 1:
                return len(postings[0])
            marks = np.zeros(self.size, dtype=bool)
            for docs in postings:
                marks[docs] = True
            return int(np.count_nonzero(marks))

        return self._counts.get(tuple((fieldname, text) for fieldname, text, _ in fields), count)

    def _frequencies(self, reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, term frequency normalised by field length) of one term, cached."""
        return self._terms.get((fieldname, text), partial(self._read, reader, fieldname, text))

    def _read(self, reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        docs, weights = read_postings(reader, fieldname, text)
        if len(docs) > 1 and not bool(np.all(docs[1:] > docs[:-1])):  # segments out of order
            order = np.argsort(docs)
            docs, weights = docs[order], weights[order]
        lengths = self._field_lengths(reader, fieldname)[docs]
        norm = (1 - B) + B * lengths / self._average[fieldname]
        return docs, weights / norm

    def _field_lengths(self, reader: Any, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            parts = [
                self._segments.get(leaf, ("lengths", fieldname), partial(_lengths, leaf, fieldname))
                for leaf, _ in reader.leaf_readers()
            ]
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
            average = reader.field_length(fieldname) / self.count
            self._average[fieldname] = average or 1.0
        return self._lengths[fieldname]


def _fields(query: Query) -> list[tuple[str, str, float]]:
    """A term or field group (see `_is_field_group`) as (field, term, field weight)."""
    if isinstance(query, Term):
        return [(query.fieldname, query.text, 1.0)]
    return [(term.fieldname, term.text, term.boost) for term in query.subqueries]


def _count_size(_: int) -> int:
    return 400  # the key (a few field and term names), the count


def _lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """The field length of every document of one segment."""
    count = leaf.doc_count_all()
    return np.fromiter(
        (leaf.doc_field_length(d, fieldname, 0) for d in range(count)), np.float64, count
    )


class _Scope(Candidates):
    """The documents a query is evaluated for, and the matcher of phrases and NOTs (a
    boolean array over all documents)."""

    def __init__(self, docs: np.ndarray, match: Callable[[Query], np.ndarray], size: int):
        super().__init__(docs, size)
        self.match = match
        self.found: dict[tuple[tuple[str, str], ...], np.ndarray] = {}  # see `Ranker._has`

    def matched(self, query: Query) -> np.ndarray:
        found = self.match(query)
        return found if self.everything else found[self.docs]


def _nonnegative(query: Query) -> bool:
    """Whether no boost in `query` is negative (then a word's strongest alternative is
    also the strongest of 0 and its alternatives)."""
    return query.boost >= 0 and all(_nonnegative(sub) for sub in _children(query))


def _children(query: Query) -> list[Query]:
    if isinstance(query, Not):
        return [query.query]
    return list(getattr(query, "subqueries", ()))


def _is_field_group(query: Or) -> bool:
    """An OR of one word's terms, each in another field (what the query parser makes)."""
    subs = query.subqueries
    return (
        len(subs) > 1
        and all(isinstance(s, Term) for s in subs)
        and len({s.fieldname for s in subs}) == len(subs)
    )


def top(candidates: np.ndarray, keys: list[np.ndarray], start: int, end: int) -> list[int]:
    """Documents `start:end` of `candidates` ordered by `keys` (first key most significant,
    each ascending); ties keep document order."""
    if not len(candidates) or start >= end:
        return []
    if end < len(candidates):
        # Only candidates whose first key is at most the end-th smallest can be among the
        # first `end`: sort just those (all ties at that value included).
        first = keys[0][candidates]
        bound = np.partition(first, end - 1)[end - 1]
        candidates = candidates[first <= bound]
    order = np.lexsort([candidates, *[key[candidates] for key in reversed(keys)]])
    return [int(d) for d in candidates[order[start:end]]]


def bool_array(mask: int, size: int) -> np.ndarray:
    """A bitmask as a boolean array of `size` documents."""
    data = np.frombuffer(mask.to_bytes((size >> 3) + 1, "little"), dtype=np.uint8)
    return np.unpackbits(data, bitorder="little")[:size].astype(bool)
