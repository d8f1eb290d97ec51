"""Whoosh searchers kept open between searches, each used by one search at a time.

Opening a searcher copies the term dictionary and the stored-fields column out of the
index's compound file (several milliseconds at 10,000 entries, a third of a search), so
searches reuse idle searchers of the newest commit. A Whoosh searcher reads through shared
file objects (seek, then read) and is not safe for two threads at once: a search takes one
out of the pool and gives it back; concurrent searches open more.
"""

from __future__ import annotations

import threading
from typing import Any

MAX_IDLE = 4  # searchers kept beyond that are closed: each holds its own copies


class SearcherPool:
    """Idle searchers of one Whoosh index, all of its newest commit."""

    def __init__(self, ix: Any, max_idle: int = MAX_IDLE):
        self._ix = ix
        self._max_idle = max_idle
        self._lock = threading.Lock()
        self._idle: list[Any] = []
        self._commit: int | None = None
        self._closed = False

    def take(self) -> Any:
        """A searcher on the newest commit (a commit is seen by listing the directory)."""
        latest = self._ix.latest_generation()
        with self._lock:
            if latest != self._commit:
                self._close_idle()
                self._commit = latest
            if self._idle:
                return self._idle.pop()
        return self._ix.searcher()

    def give_back(self, searcher: Any) -> None:
        """Keep `searcher` for the next search, or close it when it is outdated or surplus."""
        with self._lock:
            current = searcher.reader().generation() == self._commit
            if not self._closed and current and len(self._idle) < self._max_idle:
                self._idle.append(searcher)
                return
        searcher.close()

    def close(self) -> None:
        """Close the idle searchers; searchers in use are closed when given back."""
        with self._lock:
            self._closed = True
            self._close_idle()

    def _close_idle(self) -> None:
        for searcher in self._idle:
            searcher.close()
        self._idle = []
