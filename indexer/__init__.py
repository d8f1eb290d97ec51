"""Praxisfinder indexer: load, validate, analyse, index and search the knowledge base."""

from __future__ import annotations

from typing import Any

__all__ = ["Entry", "Hit", "Index", "Problem", "SearchResult"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the document worker starts a process per file and needs none
    # of the search machinery (Whoosh, NumPy).
    if name in ("Entry", "Problem"):
        from indexer import model

        return getattr(model, name)
    if name in ("Hit", "Index", "SearchResult"):
        from indexer import searching

        return getattr(searching, name)
    raise AttributeError(name)
