"""Sparse document values and candidate sets: what a dense array over all documents gives."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.sparse import Candidates, Sparse, positions


@pytest.mark.parametrize("seed", range(12))
def test_candidates_see_the_values_of_the_dense_array(seed: int) -> None:
    """Looked up by bisection, through the table of places, or all documents at once."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 300))
    docs = np.flatnonzero(rng.random(size) < rng.random())
    default = [0.0, -1.5, 0.75][seed % 3]
    values = Sparse(docs, rng.random(len(docs)), default)
    dense = np.full(size, default)
    dense[docs] = values.values
    listed = np.zeros(size, dtype=bool)
    listed[docs] = True
    for share in (0.01, 0.1, 0.5, 1.0):
        asked = np.flatnonzero(rng.random(size) < share)
        found, where = Candidates(asked, size).spread(values)
        assert found.tobytes() == dense[asked].tobytes()
        assert (where == listed[asked]).all()
        places, which = Candidates(asked, size).place(docs)
        assert (asked[places] == docs[which]).all()
        assert len(places) == np.isin(asked, docs).sum()
        # Candidates that include all of the documents (a coverage's scope): placed whole.
        around = np.union1d(asked, docs)
        places, which = Candidates(around, size).place(docs)
        assert (around[places] == docs[which]).all() and len(places) == len(docs)
    for threshold in (0.0, 0.5, 0.8, 2.0):
        expected = np.flatnonzero(dense >= threshold).tolist()
        assert values.at_least(threshold, size).tolist() == expected


@pytest.mark.parametrize(
    ("within", "docs", "expected"),
    [
        ([1, 4, 7, 9], [4, 9], [1, 3]),
        ([1, 4, 7, 9], [1, 4, 7, 9], [0, 1, 2, 3]),
        ([1, 4, 7, 9], [], []),
        ([1, 4, 7, 9], [5], None),
        ([1, 4, 7, 9], [10], None),
        ([1, 4], [1, 4, 7], None),
        ([], [3], None),
    ],
)
def test_positions_of_documents_within_others(
    within: list[int], docs: list[int], expected: list[int] | None
) -> None:
    found = positions(np.array(within, dtype=np.int64), np.array(docs, dtype=np.int64))
    assert (found if found is None else found.tolist()) == expected
