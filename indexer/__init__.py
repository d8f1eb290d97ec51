"""Praxisfinder indexer: load, validate, analyse, index and search the knowledge base."""

from indexer.model import Entry, Problem
from indexer.searching import Hit, Index, SearchResult

__all__ = ["Entry", "Hit", "Index", "Problem", "SearchResult"]
