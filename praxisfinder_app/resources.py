"""Process-wide resources: the knowledge-base and index directories, the Index, the taxonomy."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from indexer.building import build_index
from indexer.searching import Index, IndexNotFoundError, SearchResult
from indexer.storage import read_pointer
from indexer.taxonomy import Taxonomy, load_taxonomy

ENV_KB = "PRAXISFINDER_KB"
ENV_INDEX = "PRAXISFINDER_INDEX"
DEFAULT_KB = "kb"
DEFAULT_INDEX = ".index"


@dataclass(frozen=True)
class Paths:
    kb: Path
    index: Path


def paths() -> Paths:
    """KB and index directories from the environment (defaults: `kb`, `.index`)."""
    return Paths(
        Path(os.environ.get(ENV_KB) or DEFAULT_KB),
        Path(os.environ.get(ENV_INDEX) or DEFAULT_INDEX),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _open_index(index_dir: str) -> Index:
    # One Index per process and directory, shared by all sessions: it reopens itself when
    # a build swaps in a new generation, and opens a fresh searcher for every query.
    # Synonyms come from PRAXISFINDER_KB (re-read when the file changes).
    index = Index.open(index_dir, paths().kb)
    # The word lists load while the first visitor reads the start page, not on the first
    # search.
    threading.Thread(target=index.warm, name="praxisfinder-warm", daemon=True).start()
    return index


def get_index() -> Index:
    """The shared Index; builds it first (with a spinner) when none exists yet."""
    where = paths()
    try:
        return _open_index(str(where.index))
    except IndexNotFoundError:
        with st.spinner("Der Suchindex wird aufgebaut. Das dauert nur beim ersten Start …"):
            build_index(where.kb, where.index)
        return _open_index(str(where.index))


def index_version(index_dir: Path) -> tuple[str, int]:
    """Changes whenever a build changes the index: (active generation, its directory mtime).

    A full build swaps in a new generation; an incremental one adds segment and TOC files
    to the active generation's directory, which updates its mtime.
    """
    generation = read_pointer(index_dir)
    if generation is None:
        return ("", 0)
    try:
        return (generation.name, generation.stat().st_mtime_ns)
    except OSError:
        return (generation.name, 0)


OVERVIEW_HITS = 4


@st.cache_data(show_spinner=False, max_entries=16)
def _overview(index_dir: str, version: tuple[str, int]) -> SearchResult:
    return _open_index(index_dir).search("", sort="year", page_size=OVERVIEW_HITS)


def get_overview() -> SearchResult:
    """All published entries: facet values with counts, and the newest entries.

    Every view needs it (valid filter values, years, theme counts), so it is computed once
    per index version and shared by all sessions.
    """
    index_dir = paths().index
    return _overview(str(index_dir), index_version(index_dir))


@st.cache_resource(show_spinner=False, max_entries=8)
def _taxonomy(kb_dir: str, mtime_ns: int) -> Taxonomy:
    return load_taxonomy(Path(kb_dir))


def get_taxonomy() -> Taxonomy:
    """The taxonomy of the knowledge base, re-read when `taxonomy.yaml` changes."""
    kb = paths().kb
    try:
        mtime = (kb / "taxonomy.yaml").stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _taxonomy(str(kb), mtime)
