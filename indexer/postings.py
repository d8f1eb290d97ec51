"""A term's postings as NumPy arrays, read block by block from Whoosh's posting lists."""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher


def read_postings(reader: Any, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of every posting of a term, deleted documents left out
    as Whoosh's matcher leaves them out.

    Whoosh hands out postings one call at a time; its W3 matcher keeps each block's ids and
    weights in arrays, which are read here whole. A segment with deleted documents wraps
    that matcher in a filter that would hand them out one at a time again (the first
    search after an update read 70,000 postings so): its blocks are read whole too and the
    deleted documents dropped with NumPy. tests/test_documents_search.py compares this with
    the public API, so a Whoosh version that changes them fails a test.
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    btext = term.encode("utf-8")
    for leaf, base in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        matcher = leaf.postings(fieldname, btext)
        deleted = None
        if isinstance(matcher, FilterMatcher) and leaf.has_deletions():
            # The filter SegmentReader.postings puts around the posting list.
            deleted = np.fromiter(leaf.deleted_docs_set, np.int64)
            matcher = matcher.child
        leaf_ids, leaf_weights = _leaf_postings(matcher)
        if deleted is not None and len(leaf_ids):
            kept = ~np.isin(leaf_ids, deleted)
            leaf_ids, leaf_weights = leaf_ids[kept], leaf_weights[kept]
        ids.append(leaf_ids + base)
        weights.append(leaf_weights)
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def _leaf_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """(segment document numbers, weights) of one segment's matcher, block by block where
    it has blocks."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    blocks = hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")
    while matcher.is_active():
        if blocks and matcher._i == 0:
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
            matcher._next_block()
        else:  # another kind of matcher: one posting at a time
            ids.append(np.array([matcher.id()], dtype=np.int64))
            weights.append(np.array([matcher.weight()], dtype=np.float64))
            matcher.next()
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    return np.concatenate(ids), np.concatenate(weights)
