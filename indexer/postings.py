"""A term's postings as NumPy arrays, read block by block from Whoosh's posting lists."""

from __future__ import annotations

from typing import Any

import numpy as np


def read_postings(reader: Any, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of every posting of a term, deleted ones included.

    Whoosh hands out postings one call at a time; its W3 matcher keeps each block's ids and
    weights in arrays, which are read here whole. tests/test_documents_search.py compares
    this with the public API, so a Whoosh version that changes them fails a test.
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    btext = term.encode("utf-8")
    for leaf, base in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        matcher = leaf.postings(fieldname, btext)
        blocks = hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")
        while matcher.is_active():
            if blocks and matcher._i == 0:
                matcher._read_ids()
                matcher._read_weights()
                ids.append(np.asarray(matcher._ids, dtype=np.int64) + base)
                weights.append(np.asarray(matcher._weights, dtype=np.float64))
                matcher._next_block()
            else:  # another kind of matcher: one posting at a time
                ids.append(np.array([matcher.id() + base], dtype=np.int64))
                weights.append(np.array([matcher.weight()], dtype=np.float64))
                matcher.next()
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    return np.concatenate(ids), np.concatenate(weights)
