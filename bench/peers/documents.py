"""The peers' view of an entry: Praxisfinder's text fields and facet values, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.building import facet_values, text_fields
from indexer.loading import load_kb, read_entry
from indexer.model import Entry
from indexer.schema import FACETS, SEARCH_FIELDS
from indexer.sources import SourceFile
from indexer.taxonomy import Taxonomy, load_taxonomy
from peers import LAYOUT_FILE, PeerDocument

# Praxisfinder's facets but "status": drafts are filtered out, never counted.
PEER_FACETS = tuple(name for name in FACETS if name != "status")


def peer_document(entry: Entry, taxonomy: Taxonomy) -> PeerDocument:
    texts = text_fields(entry)
    values = facet_values(entry, taxonomy)
    return PeerDocument(
        entry.slug,
        entry.status,
        {name: texts[name] for name in SEARCH_FIELDS},
        {name: values[name] for name in PEER_FACETS},
    )


def load_documents(kb_dir: Path) -> list[PeerDocument]:
    """Every valid entry of the knowledge base (drafts too: the peers filter them out)."""
    taxonomy = load_taxonomy(kb_dir)
    return [peer_document(entry, taxonomy) for entry in load_kb(kb_dir, taxonomy).entries]


def read_document(kb_dir: Path, path: Path, taxonomy: Taxonomy) -> PeerDocument | None:
    """One entry file parsed and validated as a save does (`indexer.building.update_files`)."""
    rel = path.resolve().relative_to(kb_dir.resolve()).as_posix()
    entry, _ = read_entry(SourceFile(path, rel, path.stem, "", kb_dir), taxonomy)
    return None if entry is None else peer_document(entry, taxonomy)


def write_layout(index_dir: Path) -> None:
    """Fields, weights and facets beside the index, for the query side."""
    layout = {"weights": SEARCH_FIELDS, "facets": list(PEER_FACETS)}
    (index_dir / LAYOUT_FILE).write_text(json.dumps(layout), encoding="utf-8")
