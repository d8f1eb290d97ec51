"""A small knowledge base written in a test: entries of one theme and place, each with a
title, a status and a body, indexed with the relevance corpus's taxonomy."""

from __future__ import annotations

from pathlib import Path

from indexer.building import build_index
from indexer.searching import Index

RELEVANCE = Path(__file__).resolve().parent / "relevance"

ENTRY = """---
title: {title}
summary: Ein Beispiel.
type: Praxisbeispiel
themes: [Sprache]
municipality: Aalen
district: Ostalbkreis
year: 2021
status: {status}
---
{body}
"""


def index_of(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> Index:
    """An index of entries (slug, title, status, body) with the relevance taxonomy."""
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    taxonomy = (RELEVANCE / "kb" / "taxonomy.yaml").read_text(encoding="utf-8")
    (kb / "taxonomy.yaml").write_text(taxonomy, encoding="utf-8")
    for slug, title, status, body in entries:
        text = ENTRY.format(title=title, status=status, body=body)
        (kb / "entries" / f"{slug}.md").write_text(text, encoding="utf-8")
    build_index(kb, tmp_path / "index")
    return Index.open(tmp_path / "index", kb)
