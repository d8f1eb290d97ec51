"""BM25F ranking of a known set of documents, with NumPy.

A word searched in several fields (title, summary, tags, body, meta, compound parts) is
scored with BM25F (Robertson, Zaragoza & Taylor 2004): the field-weighted, length-
normalised term frequencies are added up *before* saturation, with one idf per word.
Scoring each field apart and adding the results (Whoosh's BM25F) lets a general word
that appears in every field of an entry ("Geflüchtete" in title, summary and body)
outweigh a specific word that appears once; BM25F caps what one word can contribute.
Single-field terms (field queries, phrases) score as plain BM25.

The set of matching documents is known from bitmasks, so scores are whole-array
operations on cached term frequencies instead of Whoosh's document-by-document matchers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from whoosh.query import And, Not, NullQuery, Or, Phrase, Query, Term

from indexer.bounded_cache import BoundedCache
from indexer.postings import read_postings
from indexer.segment_cache import SegmentCache

B = 0.75
K1 = 1.2
GROUP_CACHE_BYTES = 24 << 20  # a word's BM25F scores over all documents, recently used
TERM_CACHE_BYTES = 96 << 20  # per index state; frequent terms' arrays are the large ones
COVERAGE_POWER = 2.0  # a Coordinated OR's scores × coverage ** this (see `coverage`)


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
    """Per index generation: field lengths and term scores, computed once and cached."""

    def __init__(self, size: int, segments: SegmentCache | None = None):
        self.size = size
        self._segments = segments or SegmentCache()
        self.count = max(size, 1)
        self._lengths: dict[str, np.ndarray] = {}
        self._average: dict[str, float] = {}
        self._terms: BoundedCache[tuple[np.ndarray, np.ndarray]] = BoundedCache(
            TERM_CACHE_BYTES, lambda arrays: arrays[0].nbytes + arrays[1].nbytes + 200
        )
        self._groups: BoundedCache[tuple[np.ndarray, np.ndarray]] = BoundedCache(
            GROUP_CACHE_BYTES, lambda arrays: arrays[0].nbytes + arrays[1].nbytes + 200
        )
        # The last coverage computed, with its query: a search asks for the coverage of
        # its words to choose the results, then again inside their scores.
        self._last_coverage: tuple[Query, np.ndarray] | None = None
        self._last_scores: tuple[Query, np.ndarray] | None = None

    def scores(self, reader: Any, query: Query, match: Callable[[Query], np.ndarray]) -> np.ndarray:
        """The score of every document for `query` (0 where it does not match).

        A word's field group scores with BM25F; above that, scores add up: an AND counts
        only where all its parts match, an OR sums the parts that match (a `Coordinated`
        OR scaled by the share matched). `match` gives the documents of a phrase or NOT.
        The last result is kept, as for `coverage`: a search with weak matches scores
        them to choose the strongest, then again to rank its page.
        """
        last = self._last_scores
        if last is not None and last[0] is query:
            return last[1]
        result = self._evaluate(reader, query, 1.0, match)[0]
        result.setflags(write=False)
        self._last_scores = (query, result)
        return result

    def coverage(
        self, reader: Any, query: Query, match: Callable[[Query], np.ndarray]
    ) -> np.ndarray:
        """How much of a `Coordinated` query each document covers, 0…1.

        Each word counts with its idf (a rare, specific word more than a frequent one) and
        with the weight of the best form it matches in (the word itself 1, a synonym 0.7, a
        single part of a compound 0.2, …): Σ idf × weight over the words a document
        matches, divided by Σ idf over all words. Any other query: 1 where it matches.
        """
        if not isinstance(query, Coordinated) or not query.subqueries:
            return self._strength(reader, query, 1.0, match)
        last = self._last_coverage
        if last is not None and last[0] is query:
            return last[1]
        covered = np.zeros(self.size)
        total = 0.0
        for sub in query.subqueries:
            strength = np.minimum(self._strength(reader, sub, 1.0, match), 1.0)
            idf = math.log(self.count / (int(np.count_nonzero(strength)) + 1)) + 1
            covered += idf * strength
            total += idf
        result = covered / total if total else covered
        result.setflags(write=False)
        self._last_coverage = (query, result)
        return result

    def _strength(
        self, reader: Any, query: Query, boost: float, match: Callable[[Query], np.ndarray]
    ) -> np.ndarray:
        """The weight of the strongest alternative of a word each document matches."""
        boost *= query.boost
        if isinstance(query, Or) and _is_field_group(query) or isinstance(query, Term):
            return np.where(self._evaluate(reader, query, 1.0, match)[1], boost, 0.0)
        if isinstance(query, And):
            parts = [
                self._strength(reader, sub, 1.0, match)
                for sub in query.subqueries
                if not isinstance(sub, Not)
            ]
            matched = self._evaluate(reader, query, 1.0, match)[1]
            weakest = np.min(parts, axis=0) if parts else np.ones(self.size)
            return np.where(matched, weakest * boost, 0.0)
        if isinstance(query, Or):
            parts = [self._strength(reader, sub, 1.0, match) for sub in query.subqueries]
            return np.max(parts, axis=0) * boost if parts else np.zeros(self.size)
        return np.where(self._evaluate(reader, query, 1.0, match)[1], boost, 0.0)

    def _evaluate(
        self, reader: Any, query: Query, boost: float, match: Callable[[Query], np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        boost *= query.boost
        scores = np.zeros(self.size)
        if isinstance(query, Term):  # one field: its boost (in `boost`) weighs the score
            return self._bm25f(reader, [(query.fieldname, query.text, 1.0)], boost)
        if query is NullQuery:
            return scores, np.zeros(self.size, dtype=bool)
        if isinstance(query, Phrase):
            matched = match(query)
            for word in query.words:
                scores += self._bm25f(reader, [(query.fieldname, word, 1.0)], boost)[0]
            return np.where(matched, scores, 0.0), matched
        if isinstance(query, Not):
            return scores, ~match(query.query)
        if isinstance(query, And):
            matched = np.ones(self.size, dtype=bool)
            for sub in query.subqueries:
                if isinstance(sub, Not):
                    matched &= ~match(sub.query)
                    continue
                sub_scores, sub_matched = self._evaluate(reader, sub, boost, match)
                scores += sub_scores
                matched &= sub_matched
            return np.where(matched, scores, 0.0), matched
        if isinstance(query, Emphasised) and query.subqueries:
            base, matched = self._evaluate(reader, query.subqueries[0], boost, match)
            factor = np.ones(self.size)
            for sub in query.subqueries[1:]:
                factor += sub.boost * self._evaluate(reader, sub, 1.0, match)[1]
            return base * factor, matched
        if isinstance(query, Or) and _is_field_group(query):
            fields = [(term.fieldname, term.text, term.boost) for term in query.subqueries]
            return self._bm25f(reader, fields, boost)
        if isinstance(query, Or) and not query.minmatch:
            matched = np.zeros(self.size, dtype=bool)
            coordinated = isinstance(query, Coordinated)
            for sub in query.subqueries:
                sub_scores, sub_matched = self._evaluate(reader, sub, boost, match)
                if coordinated and isinstance(sub, Word):
                    sub_scores = sub_scores * sub.weight
                scores += sub_scores
                matched |= sub_matched
            if coordinated and query.subqueries:
                scores *= self.coverage(reader, query, match) ** COVERAGE_POWER
            return scores, matched
        raise UnsupportedQuery(type(query).__name__)

    def _bm25f(
        self, reader: Any, fields: list[tuple[str, str, float]], boost: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """One word as (field, term, field weight) triples, scored with BM25F; kept a while
        (read-only), as one search needs a word's scores for coverage and for ranking."""
        return self._groups.get(
            (tuple(fields), boost), partial(self._compute_bm25f, reader, fields, boost)
        )

    def _compute_bm25f(
        self, reader: Any, fields: list[tuple[str, str, float]], boost: float
    ) -> tuple[np.ndarray, np.ndarray]:
        postings = [self._frequencies(reader, fieldname, text) for fieldname, text, _ in fields]
        docs = np.concatenate([d for d, _ in postings]) if postings else np.empty(0, np.int64)
        # Added up field by field, in the order of `fields`, as a loop would.
        parts = [weight * f for (_, _, weight), (_, f) in zip(fields, postings, strict=True)]
        weighted = np.bincount(
            docs, np.concatenate(parts) if parts else None, minlength=self.size
        ).astype(np.float64)
        matched = np.bincount(docs, minlength=self.size) > 0
        idf = math.log(self.count / (int(np.count_nonzero(matched)) + 1)) + 1
        scores = boost * idf * weighted * (K1 + 1) / (K1 + weighted)
        scores.setflags(write=False)
        matched.setflags(write=False)
        return scores, matched

    def _frequencies(self, reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, term frequency normalised by field length) of one term, cached."""
        return self._terms.get((fieldname, text), partial(self._read, reader, fieldname, text))

    def _read(self, reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        docs, weights = read_postings(reader, fieldname, text)
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


def _lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """The field length of every document of one segment."""
    count = leaf.doc_count_all()
    return np.fromiter(
        (leaf.doc_field_length(d, fieldname, 0) for d in range(count)), np.float64, count
    )


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
