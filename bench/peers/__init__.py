"""Peer search engines for the benchmark: SQLite FTS5 and tantivy on Praxisfinder's fields.

Each peer indexes the same text fields (title, summary, tags, body, meta, with the weights
of `indexer.schema.SEARCH_FIELDS`) and the same facet values (`indexer.building.facet_values`)
as Praxisfinder, matches all query words (each in any field), ranks by BM25, and answers one
page with snippets and disjunctive facet counts, like `Index.search`. `compare` runs them
side by side with Praxisfinder, each system in its own worker process (`worker`).

The query side of a peer imports neither `indexer` nor Whoosh, so that the memory of a
query process is the peer's own: the index layout (fields, weights, facets) is written
next to the index at build time (`documents.write_layout`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_SIZE = 10
SNIPPET_CHARS = 240
STATUS_PUBLISHED = "veröffentlicht"  # indexer.model.STATUS_PUBLISHED, without importing it
LAYOUT_FILE = "layout.json"

Filters = dict[str, list[str]]


@dataclass(frozen=True)
class PeerDocument:
    """One entry as the peers index it (made by `documents.peer_document`)."""

    slug: str
    status: str
    texts: dict[str, str]  # field → text, as `indexer.building.document_for` has it
    facets: dict[str, list[str]]  # facet → values, as `indexer.building.facet_values`


@dataclass(frozen=True)
class Outcome:
    """What one search returned: the figures the peers are compared on, and the page."""

    total: int
    facets: dict[str, dict[str, int]]  # facet → value → count, zero counts left out
    hits: list[tuple[str, str]] = field(default_factory=list)  # (slug, snippet HTML)
    exact_total: int | None = None  # Praxisfinder only: the total before relaxation

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "facets": self.facets,
            "hits": [list(hit) for hit in self.hits],
            "exact_total": self.exact_total,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(
            data["total"],
            data["facets"],
            [(slug, text) for slug, text in data["hits"]],
            data.get("exact_total"),
        )


def read_layout(index_dir: Path) -> dict[str, Any]:
    """The fields, weights and facets that `documents.write_layout` stored with an index."""
    return json.loads((index_dir / LAYOUT_FILE).read_text(encoding="utf-8"))
