"""What is read from a Whoosh segment once, kept for as long as the segment lives.

A commit writes new small segments and leaves the others as they are (deleted documents
are kept apart, and the live-documents mask takes care of them), so field lengths and
facet values read from a segment stay valid across commits. The first search after an
update then reads only the new segments instead of every document again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class SegmentCache:
    """Values per (segment, kind), for the segments of one index generation."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple[str, Any], Any] = {}

    def get(self, leaf: Any, kind: Any, compute: Callable[[], T]) -> T:
        """The value of `kind` for the segment `leaf` (a Whoosh segment reader) reads."""
        segment = leaf.segment()
        if segment is None:  # an empty index: no segment to keep anything for
            return compute()
        key = (segment.segment_id(), kind)
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
        return value

    def keep_only(self, reader: Any) -> None:
        """Forget the segments `reader` (the newest commit) no longer has: merged away."""
        segments = (leaf.segment() for leaf, _ in reader.leaf_readers())
        alive = {segment.segment_id() for segment in segments if segment is not None}
        with self._lock:
            self._values = {key: v for key, v in self._values.items() if key[0] in alive}
