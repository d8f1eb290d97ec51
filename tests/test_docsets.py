"""Document sets as Python ints, and counting many intersections at once with NumPy."""

from __future__ import annotations

import random

import pytest

from indexer import docsets


@pytest.mark.parametrize("size", [1, 63, 64, 65, 1000, 10_007])
@pytest.mark.parametrize("density", [0.0, 0.001, 0.3, 1.0])
def test_intersections_count_what_bit_count_counts(size: int, density: float) -> None:
    rng = random.Random(size)
    sets = [
        docsets.from_docnums([d for d in range(size) if rng.random() < p], size)
        for p in (0.0, 0.01, 0.5, 0.99, 1.0)
    ]
    mask = docsets.from_docnums([d for d in range(size) if rng.random() < density], size)
    intersections = docsets.Intersections(sets, size)
    assert intersections.counts(mask).tolist() == [(mask & s).bit_count() for s in sets]
    assert intersections.counts(mask, slice(1, 3)).tolist() == [
        (mask & s).bit_count() for s in sets[1:3]
    ]


def test_intersections_of_no_sets() -> None:
    assert docsets.Intersections([], 100).counts(0b1011).tolist() == []
