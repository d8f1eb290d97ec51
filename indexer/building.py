"""Build and update the Whoosh index from the knowledge base.

A full build writes a new generation and swaps it in atomically; an incremental build
re-analyses only files whose content changed and removes deleted ones.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import multiprocessing
import os
import sys
import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import accumulate, chain, pairwise
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh import index as whoosh_index

from indexer import whoosh_writers
from indexer.documents.store import entry_documents, prefetch, stamps_changed
from indexer.file_stamps import FileStamps, load_stamps, save_stamps
from indexer.german.analysis import ANALYSIS_VERSION, hyphenated_words, word_list, words
from indexer.german.compounds import MIN_WORD
from indexer.german.elision import completed_compounds
from indexer.german.separable_verbs import particle_verbs
from indexer.limits import LIMITS
from indexer.loading import read_entry, read_entry_and_checksum
from indexer.model import Entry, Problem
from indexer.plaintext import markdown_to_text, without_contact
from indexer.schema import (
    ANALYSIS_SHORTCUTS,
    CONTACT_FIELD,
    FACETS,
    META_FIELDS,
    PAGES_INDEX,
    build_pages_schema,
    build_schema,
    facet_field,
)
from indexer.sources import ENTRIES_DIR, SourceFile, file_checksum, scan_entry_files
from indexer.storage import (
    build_lock,
    new_generation_dir,
    publish_generation,
    read_meta,
    read_pointer,
    remove_stale,
    write_meta,
)
from indexer.taxonomy import TAXONOMY_FILE, Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

# 2: the alias field; 3: attachment pages; 4: their slug column; 5: page column; 6: source
# column; 7: segments as plain files (`whoosh_writers`)
INDEX_FORMAT = 7
WRITER_TIMEOUT = 30.0
PARALLEL_PAGES_FROM = 20  # attachments from which a full build writes pages on every core


@dataclass
class BuildReport:
    """What a build did, for the CLI and the app."""

    mode: str  # "full" or "incremental"
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    total: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def build_index(
    kb_dir: Path,
    index_dir: Path,
    *,
    full: bool = False,
    progress: bool = False,
    lock_timeout: float = 60.0,
) -> BuildReport:
    """Bring the index in `index_dir` up to date with the entries in `kb_dir`.

    Falls back to a full build when there is no index yet, or when it was built with
    another analysis version or taxonomy.
    """
    kb_dir, index_dir = Path(kb_dir), Path(index_dir)
    started = time.perf_counter()
    taxonomy = load_taxonomy(kb_dir)
    meta = _meta(kb_dir)
    with build_lock(index_dir, lock_timeout):
        current = _reusable_generation(index_dir, meta)
        if full or current is None:
            report = _full_build(kb_dir, index_dir, taxonomy, meta, progress)
        else:
            report = _incremental_build(kb_dir, current, taxonomy, progress)
        remove_stale(index_dir)
    report.seconds = time.perf_counter() - started
    log.info(
        "%s build: %d added, %d updated, %d deleted, %d unchanged, %d problems in %.2fs",
        report.mode, report.added, report.updated, report.deleted, report.unchanged,
        len(report.problems), report.seconds,
    )  # fmt: skip
    return report


def update_files(
    kb_dir: Path, index_dir: Path, paths: Sequence[Path], *, lock_timeout: float = 60.0
) -> BuildReport:
    """Re-index just these files: what one save in the app changed.

    A file under `entries/` is (re-)indexed, or removed from the index when it is gone or
    invalid; other paths (the trash) are ignored. Without a current index this is a
    regular build. Saves need this: an incremental build reads every file to compare
    checksums, most of a second at 10,000 entries.
    """
    kb_dir, index_dir = Path(kb_dir), Path(index_dir)
    started = time.perf_counter()
    taxonomy = load_taxonomy(kb_dir)
    meta = _meta(kb_dir)
    with build_lock(index_dir, lock_timeout):
        current = _reusable_generation(index_dir, meta)
        if current is None:
            report = _full_build(kb_dir, index_dir, taxonomy, meta, False)
            remove_stale(index_dir)
        else:
            report = _update_files(kb_dir, current, taxonomy, paths)
    report.seconds = time.perf_counter() - started
    return report


def _update_files(
    kb_dir: Path, generation: Path, taxonomy: Taxonomy, paths: Sequence[Path]
) -> BuildReport:
    report = BuildReport("files")
    root = (kb_dir / ENTRIES_DIR).resolve()
    ix = whoosh_index.open_dir(str(generation))
    writer = whoosh_writers.writer(ix, timeout=WRITER_TIMEOUT)
    pages = PageWriter(generation, kb_dir, generation.parent)
    with _committing(writer, pages):
        for path in paths:
            if not Path(path).resolve().is_relative_to(root) or Path(path).suffix != ".md":
                continue
            slug = Path(path).stem
            writer.delete_by_term("slug", slug)
            pages.remove(slug)
            if not Path(path).is_file():
                report.deleted += 1
                continue
            rel = Path(path).resolve().relative_to(kb_dir.resolve()).as_posix()
            source = SourceFile(Path(path), rel, slug, "", kb_dir)
            entry, problems = read_entry(source, taxonomy)
            report.problems.extend(problems)
            if entry is None:
                continue
            if (doc := _document(entry, taxonomy, report, pages)) is not None:
                writer.add_document(**doc)
                report.updated += 1
    return report


@contextlib.contextmanager
def _committing(writer: Any, pages: PageWriter) -> Iterator[None]:
    """Commit the entries' and the pages' writer together, or cancel both."""
    try:
        yield
    except BaseException:
        writer.cancel()
        pages.cancel()
        raise
    writer.commit()
    pages.commit()


def _reusable_generation(index_dir: Path, meta: dict[str, Any]) -> Path | None:
    """The active generation, if it was built with this analysis, format and taxonomy."""
    current = read_pointer(index_dir)
    stored = read_meta(current) if current else {}
    if current is None or {k: stored.get(k) for k in meta} != meta:
        return None
    return current


def _meta(kb_dir: Path) -> dict[str, Any]:
    taxonomy_bytes = (kb_dir / TAXONOMY_FILE).read_bytes()
    return {
        "format": INDEX_FORMAT,
        "analysis": ANALYSIS_VERSION,
        "max_word_chars": LIMITS.max_word_chars,
        "taxonomy": file_checksum(taxonomy_bytes),
    }


def _full_build(
    kb_dir: Path, index_dir: Path, taxonomy: Taxonomy, meta: dict[str, Any], progress: bool
) -> BuildReport:
    report = BuildReport("full")
    stamps = FileStamps()
    # Unread: the files are hashed where they are parsed, on every core.
    sources, report.problems = scan_entry_files(kb_dir, stamps, read=False)
    partial, final = new_generation_dir(index_dir)
    ix = whoosh_index.create_in(str(partial), build_schema())
    cores = os.cpu_count() or 1
    processes = cores if cores > 1 and len(sources) >= PARALLEL_ENTRIES_FROM else 1
    with _worker_pool(processes, _BuildInput(str(partial), sources, taxonomy)) as pool:
        # Holds the index lock; writes the entries itself without a pool, otherwise it
        # commits the segments the pool's processes wrote.
        writer = whoosh_writers.BulkSegmentWriter(ix, ANALYSIS_SHORTCUTS)
        if pool is None:
            entries = list(_parsed(sources, taxonomy, report, progress, stamps))
        else:
            shares = _index_on_all_cores(pool, processes, sources, stamps, report, progress)
            entries = _read_entries_of(shares)
            if entries is None:  # no attachments: the shares are written
                pages = PageWriter(partial, kb_dir, index_dir, create=True)
                with _committing(writer, pages):
                    _add_shares(writer, shares, report)
        if entries is not None:
            dirs = (kb_dir, index_dir, partial)
            _write_with_pages(writer, pool, processes, entries, dirs, taxonomy, report, progress)
    write_meta(partial, {**meta, "kb": str(kb_dir.resolve())})
    save_stamps(partial, stamps)
    publish_generation(index_dir, partial, final)
    report.total = report.added
    return report


def _write_with_pages(
    writer: whoosh_writers.BulkSegmentWriter,
    pool: ProcessPoolExecutor | None,
    processes: int,
    entries: list[Entry],
    dirs: tuple[Path, Path, Path],
    taxonomy: Taxonomy,
    report: BuildReport,
    progress: bool,
) -> None:
    """Index the entries' attachment pages here, then the entries (in the pool's processes
    if any); `dirs`: the knowledge base, the index and the new generation."""
    kb_dir, index_dir, partial = dirs
    prefetch(entries, kb_dir, index_dir, progress)  # documents extracted on every core
    attached = sum(len(entry.fields.get("attachments") or []) for entry in entries)
    cores = os.cpu_count() or 1
    page_processes = cores if cores > 1 and attached >= PARALLEL_PAGES_FROM else 1
    pages = PageWriter(partial, kb_dir, index_dir, create=True, processes=page_processes)
    with _committing(writer, pages):
        jobs = [
            (entry, summaries)
            for entry in entries
            if (summaries := _summaries(entry, report, pages)) is not None
        ]
        if pool is None:
            _, report.added, problems = _write_entries(writer, jobs, taxonomy, progress)
            report.problems.extend(problems)
            _say_finishing(progress)
        else:
            pool.written.value = 0  # type: ignore[attr-defined]
            _write_segments(writer, pool, processes, partial, jobs, taxonomy, report, progress)


# Entries from which a full build parses and indexes on every core: below, starting the
# worker processes (about half a second) costs more than it saves.
PARALLEL_ENTRIES_FROM = 1000


@dataclass(frozen=True)
class _BuildInput:
    """What every worker process of a full build reads: given once, when it starts."""

    generation: str
    sources: list[SourceFile]
    taxonomy: Taxonomy


@dataclass
class _WorkerState:
    """A worker process's part of a full build, and what it shares with the others."""

    build: _BuildInput
    weights: Any  # per source: the weight of its entry's text, -1 for no entry
    attached: Any  # set when an entry has attachments: the main process writes then
    barrier: Any  # every worker has read its files


@contextlib.contextmanager
def _worker_pool(processes: int, build: _BuildInput) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a full build, or None for one process.

    Forked (quick to start, nothing imported again) unless this process runs other
    threads, as the app does: a fork copies locks those threads may hold, so then they
    are spawned, which imports the main module again (the app's is guarded). Each worker
    counts the files it read and the entries it wrote in a shared counter, for the
    progress bar.
    """
    if processes <= 1:
        yield None
        return
    context = multiprocessing.get_context(_start_method())
    counter = context.Value("q", 0)
    shared = (
        context.RawArray("q", len(build.sources)),
        context.RawValue("b", 0),
        context.Barrier(processes),
    )
    pool = ProcessPoolExecutor(
        processes, mp_context=context, initializer=_init_worker, initargs=(build, counter, *shared)
    )
    pool.written = counter  # type: ignore[attr-defined]
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    return "fork" if threading.active_count() == 1 else "spawn"


_written: Any = None  # the worker's shared counter of files read and entries written
_state: _WorkerState | None = None  # the worker's part of a full build


def _init_worker(
    build: _BuildInput, counter: Any, weights: Any, attached: Any, barrier: Any
) -> None:
    global _written, _state
    _written = counter
    _state = _WorkerState(build, weights, attached, barrier)
    # A worker lives for one build and its data is not cyclic garbage: the collector
    # only walked the growing caches and postings, some 0.3 s per worker at 10,000
    # entries.
    gc.disable()


def _count_one() -> None:
    if _written is not None:
        with _written.get_lock():
            _written.value += 1


@dataclass
class _Share:
    """What a worker did: read its part of the files, then wrote its share of entries
    into a segment, or returned the entries read (when some have attachments)."""

    problems: list[Problem]  # of the files read, in their order
    checksums: list[tuple[int, str]]  # (source number, checksum) of each file read
    entries: list[Entry] | None = None
    segment: Any = None
    added: int = 0
    write_problems: list[Problem] = field(default_factory=list)


def _index_on_all_cores(
    pool: ProcessPoolExecutor,
    processes: int,
    sources: list[SourceFile],
    stamps: FileStamps,
    report: BuildReport,
    progress: bool,
) -> list[_Share]:
    """Read, hash, parse and index the files in the pool's processes (`_index_share`);
    records the reading problems and the checksums."""
    futures = [pool.submit(_index_share, share, processes) for share in range(processes)]
    total = len(sources)
    with tqdm(
        total=total, desc="Indexiere", unit=" Einträge", disable=not progress, leave=False
    ) as bar:
        while bar.n < total and wait(futures, timeout=0.25).not_done:
            # Two steps an entry: its file read, then the entry written (or skipped).
            done = pool.written.value // 2  # type: ignore[attr-defined]
            bar.update(min(total, done) - bar.n)
    _say_finishing(progress)  # the workers write their segments' postings now
    shares = _results(futures)
    for share in shares:
        report.problems.extend(share.problems)
        for number, checksum in share.checksums:
            stamps.remember_read(sources[number].rel, checksum)
    return shares


def _results(futures: list[Any]) -> list[_Share]:
    """The futures' results; raises the first failure other than a broken barrier (a
    worker that waited for a failed one)."""
    wait(futures)
    errors = [error for future in futures if (error := future.exception()) is not None]
    if errors:
        raise min(errors, key=lambda error: isinstance(error, threading.BrokenBarrierError))
    return [future.result() for future in futures]


def _read_entries_of(shares: list[_Share]) -> list[Entry] | None:
    """The entries the shares returned (all valid entries, in order), or None if they
    wrote them."""
    if shares[0].entries is None:
        return None
    return [entry for share in shares for entry in share.entries or []]


def _add_shares(
    writer: whoosh_writers.BulkSegmentWriter, shares: list[_Share], report: BuildReport
) -> None:
    for share in shares:
        _add_segment(writer, report, share.segment, share.added, share.write_problems)


def _add_segment(
    writer: whoosh_writers.BulkSegmentWriter,
    report: BuildReport,
    segment: Any,
    added: int,
    problems: list[Problem],
) -> None:
    """Count what a worker wrote, and add its segment (if any) to the build's commit."""
    report.problems.extend(problems)
    report.added += added
    if segment is not None:
        writer.add_segment(segment)


def _index_share(share: int, processes: int) -> _Share:
    """Read share `share` of `processes` of the files, then index share `share` of the
    entries (in a worker process).

    The entries' shares are cut by their text (`_share_bounds`), as one process holding
    all entries would cut them: every worker writes the weights of the entries it read
    into a shared array, waits for the others, and reads the few files of its share that
    another worker read again.
    """
    state = _state
    assert state is not None
    count = len(state.build.sources)
    first, stop = count * share // processes, count * (share + 1) // processes
    try:
        entries, result = _read_part(state, first, stop)
    except BaseException:
        state.barrier.abort()  # the other workers must not wait for this one
        raise
    state.barrier.wait()
    if state.attached.value:
        result.entries = list(entries.values())
        return result
    weights = state.weights[:]
    valid = [number for number, weight in enumerate(weights) if weight >= 0]
    bounds = _share_bounds([weights[number] for number in valid], processes)
    jobs = []
    for number in valid[bounds[share] : bounds[share + 1]]:
        entry = entries[number] if number in entries else _read_again(state.build, number)
        if entry is not None:
            jobs.append((entry, []))
    ix = whoosh_index.open_dir(state.build.generation)
    writer = whoosh_writers.BulkSegmentWriter(ix, ANALYSIS_SHORTCUTS, locked=False)
    taxonomy = state.build.taxonomy
    result.segment, result.added, result.write_problems = _write_entries(
        writer, jobs, taxonomy, False
    )
    return result


def _read_part(state: _WorkerState, first: int, stop: int) -> tuple[dict[int, Entry], _Share]:
    """Read, hash and parse sources `first` to `stop`; publishes each entry's weight."""
    entries: dict[int, Entry] = {}
    result = _Share([], [])
    for number in range(first, stop):
        source = state.build.sources[number]
        entry, problems, checksum = read_entry_and_checksum(source, state.build.taxonomy)
        result.problems += problems
        if checksum is not None:
            result.checksums.append((number, checksum))
        state.weights[number] = -1 if entry is None else _weight(entry)
        if entry is not None:
            entries[number] = entry
            if entry.fields.get("attachments"):
                state.attached.value = 1
        else:
            _count_one()  # no entry to write: its second step is done
        _count_one()
    return entries, result


def _read_again(build: _BuildInput, number: int) -> Entry | None:
    """An entry another worker read (and reported on)."""
    entry, _ = read_entry(build.sources[number], build.taxonomy)
    return entry


def _weight(entry: Entry) -> int:
    """An entry's share of the indexing work: its text, mostly."""
    return len(entry.body) + 500


def _share_bounds(weights: list[int], processes: int) -> list[int]:
    """Where each of `processes` shares of about equal weight starts, and the end."""
    done = list(accumulate(weights)) or [0]
    cuts = [bisect_left(done, done[-1] * k / processes) for k in range(1, processes)]
    return [0, *cuts, len(weights)]


Job = tuple[Entry, list[dict[str, Any]]]  # an entry and the summaries of its attachments


def _write_segments(
    writer: whoosh_writers.BulkSegmentWriter,
    pool: ProcessPoolExecutor,
    processes: int,
    generation: Path,
    jobs: list[Job],
    taxonomy: Taxonomy,
    report: BuildReport,
    progress: bool,
) -> None:
    """Index the entries in the pool's processes, one segment each, in the entries' order
    (so document numbers are those of a build in one process); `writer` commits them."""
    # Shares of about equal text (most of the work), so the workers finish together.
    bounds = _share_bounds([_weight(entry) for entry, _ in jobs], processes)
    futures = [
        pool.submit(_write_segment, str(generation), jobs[start:stop], taxonomy)
        for start, stop in pairwise(bounds)
        if stop > start
    ]
    with tqdm(
        total=len(jobs), desc="Schreibe Index", unit=" Einträge", disable=not progress, leave=False
    ) as bar:
        while bar.n < len(jobs) and wait(futures, timeout=0.25).not_done:
            bar.update(pool.written.value - bar.n)  # type: ignore[attr-defined]
    _say_finishing(progress)  # the workers write their segments' postings now
    wait(futures)
    for future in futures:
        _add_segment(writer, report, *future.result())


def _say_finishing(progress: bool) -> None:
    if progress:
        tqdm.write("Index wird abgeschlossen …", file=sys.stderr)


def _write_segment(
    generation: str, jobs: list[Job], taxonomy: Taxonomy
) -> tuple[Any, int, list[Problem]]:
    """Index entries as a segment of its own (in a worker process); the segment is not
    part of the index until the build's writer commits it."""
    ix = whoosh_index.open_dir(generation)
    writer = whoosh_writers.BulkSegmentWriter(ix, ANALYSIS_SHORTCUTS, locked=False)
    return _write_entries(writer, jobs, taxonomy, False)


def _write_entries(
    writer: whoosh_writers.BulkSegmentWriter, jobs: list[Job], taxonomy: Taxonomy, progress: bool
) -> tuple[Any, int, list[Problem]]:
    """Add the entries' documents; returns the finished segment (a writer without a lock
    only), the number of entries added and the problems."""
    report = BuildReport("full")
    bar = tqdm(jobs, desc="Schreibe Index", unit=" Einträge", disable=not progress, leave=False)
    for entry, summaries in bar:
        if (doc := _document(entry, taxonomy, report, summaries=summaries)) is not None:
            writer.add_document(**doc)
            report.added += 1
        _count_one()
    if writer.writelock is not None:
        return None, report.added, report.problems
    return writer.finish_segment(), report.added, report.problems


def _incremental_build(
    kb_dir: Path, generation: Path, taxonomy: Taxonomy, progress: bool
) -> BuildReport:
    report = BuildReport("incremental")
    stamps = load_stamps(generation)
    sources, report.problems = scan_entry_files(kb_dir, stamps)
    ix = whoosh_index.open_dir(str(generation))
    indexed: dict[str, tuple[str, str]] = {}
    documents: dict[str, list[dict[str, Any]]] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        empty = reader.doc_count_all() == 0  # an empty index's reader has no columns
        column = None if empty else reader.column_reader("source")
        for doc in () if column is None else reader.all_doc_ids():
            slug, path, checksum, attached = json.loads(column[doc])
            indexed[slug] = (path, checksum)
            documents[slug] = attached
    on_disk = {source.slug for source in sources}
    changed = [
        s
        for s in sources
        if indexed.get(s.slug) != (s.rel, s.checksum)
        or stamps_changed(documents.get(s.slug, []), kb_dir)  # an attachment changed
    ]
    report.unchanged = len(sources) - len(changed)
    removed = [slug for slug in indexed if slug not in on_disk]
    if not changed and not removed:
        save_stamps(generation, stamps)
        report.total = len(indexed)
        return report
    writer = whoosh_writers.writer(ix, timeout=WRITER_TIMEOUT)
    pages = PageWriter(generation, kb_dir, generation.parent)
    with _committing(writer, pages):
        for slug in removed:
            writer.delete_by_term("slug", slug)
            pages.remove(slug)
            report.deleted += 1
        valid = set()
        for entry in _parsed(changed, taxonomy, report, progress):
            if (doc := _document(entry, taxonomy, report, pages)) is None:
                continue
            writer.update_document(**doc)
            valid.add(entry.slug)
            if entry.slug in indexed:
                report.updated += 1
            else:
                report.added += 1
        for source in changed:  # an entry that became invalid leaves the index
            if source.slug not in valid and source.slug in indexed:
                writer.delete_by_term("slug", source.slug)
                pages.remove(source.slug)
                report.deleted += 1
    save_stamps(generation, stamps)
    report.total = len(indexed) + report.added - report.deleted
    return report


def _parsed(
    sources: list[SourceFile],
    taxonomy: Taxonomy,
    report: BuildReport,
    progress: bool,
    stamps: FileStamps | None = None,
) -> Iterator[Entry]:
    """Parse and validate files, collecting problems; yields the valid entries. With
    `stamps`, the checksums of files the scan left unread are recorded there."""
    bar: Iterable[SourceFile] = tqdm(
        sources, desc="Indexiere", unit=" Einträge", disable=not progress, leave=False
    )
    for source in bar:
        entry, problems, checksum = read_entry_and_checksum(source, taxonomy)
        report.problems.extend(problems)
        if stamps is not None and checksum is not None:
            stamps.remember_read(source.rel, checksum)
        if entry is not None:
            yield entry


class PageWriter:
    """Writes the pages of attachments to the generation's second index (`PAGES_INDEX`).

    Opened only when a page is written or removed; an entry's pages are always replaced
    together with the entry.
    """

    def __init__(
        self,
        generation: Path,
        kb_dir: Path,
        index_dir: Path,
        create: bool = False,
        processes: int = 1,
    ):
        self.generation, self.kb_dir, self.index_dir = generation, kb_dir, index_dir
        self.processes = processes  # > 1: pages are analysed and written on that many cores
        self._added = 0
        self._writer: Any = None
        self._slugs: set[str] | None = None  # entries with pages, read when first needed
        self.fresh = create
        if create or not whoosh_index.exists_in(str(generation), indexname=PAGES_INDEX):
            whoosh_index.create_in(str(generation), build_pages_schema(), indexname=PAGES_INDEX)

    def _open(self) -> Any:
        if self._writer is None:
            ix = whoosh_index.open_dir(str(self.generation), indexname=PAGES_INDEX)
            if self.processes > 1:
                # Whoosh's MpWriter: each process writes a segment of its own (no merge).
                self._writer = whoosh_writers.writer(
                    ix, procs=self.processes, multisegment=True, batchsize=50, limitmb=128
                )
            else:
                self._writer = whoosh_writers.writer(ix, timeout=WRITER_TIMEOUT, limitmb=256)
        return self._writer

    def _has_pages(self, slug: str) -> bool:
        """Whether the index holds pages of this entry (a writer and commit cost much more
        than this look-up: most entries have no documents)."""
        if self.fresh:
            return False
        if self._slugs is None:
            ix = whoosh_index.open_dir(str(self.generation), indexname=PAGES_INDEX)
            with ix.reader() as reader:
                self._slugs = {term.decode() for term in reader.lexicon("slug")}
        return slug in self._slugs

    def remove(self, slug: str) -> None:
        if self._has_pages(slug):
            self._open().delete_by_term("slug", slug)

    def replace(self, entry: Entry, report: BuildReport) -> list[dict[str, Any]]:
        """Extract the entry's attachments and index their pages; returns their summaries."""
        documents, problems = entry_documents(entry, self.kb_dir, self.index_dir)
        report.problems.extend(problems)
        if not documents and not self._has_pages(entry.slug):
            return []
        writer = self._open()
        writer.delete_by_term("slug", entry.slug)
        for document in documents:
            for page in document.extraction.pages:
                if page.text.strip():
                    writer.add_document(
                        slug=entry.slug,
                        file=document.file,
                        title=document.title,
                        page=page.number,
                        label=page.label,
                        text=page.text,
                    )
                    self._added += 1
        return [document.summary() for document in documents]

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
            if self.processes > 1:
                self._check_complete()

    def _check_complete(self) -> None:
        """Whoosh's MpWriter drops the segment of a process that died without a word: a
        fresh index must hold every page written, or the build fails (and is not used)."""
        ix = whoosh_index.open_dir(str(self.generation), indexname=PAGES_INDEX)
        if ix.doc_count() != self._added:
            raise RuntimeError(
                f"pages index holds {ix.doc_count()} of {self._added} pages after the commit"
            )

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


def _summaries(entry: Entry, report: BuildReport, pages: PageWriter) -> list[dict[str, Any]] | None:
    """Index the entry's attachment pages; their summaries, or None with a problem reported."""
    try:
        return pages.replace(entry, report)
    except (Exception, RecursionError):  # noqa: BLE001
        _report_failure(entry, report)
        return None


def _document(
    entry: Entry,
    taxonomy: Taxonomy,
    report: BuildReport,
    pages: PageWriter | None = None,
    summaries: list[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """The entry's document, or None with a problem reported: one entry never stops a build.

    Indexes the attachments' pages with `pages`, or takes their `summaries`.
    """
    try:
        if pages is not None:
            summaries = pages.replace(entry, report)
        return document_for(entry, taxonomy, summaries)
    except (Exception, RecursionError):  # noqa: BLE001
        _report_failure(entry, report)
        return None


def _report_failure(entry: Entry, report: BuildReport) -> None:
    log.exception("cannot build the index document of %s", entry.path)
    report.problems.append(
        Problem(
            entry.path,
            None,
            "Der Eintrag konnte wegen eines unerwarteten Fehlers nicht indexiert werden; "
            "alle anderen Einträge sind im Index.",
            code="internal",
        )
    )


def text_fields(entry: Entry) -> dict[str, str]:
    """The entry's searched text fields (`schema.SEARCH_FIELDS`): the front matter's, the
    body as plain text without its sections on whom to contact, and those sections with
    the `contact` field."""
    return _text_fields(entry)[0]


def _text_fields(entry: Entry) -> tuple[dict[str, str], str]:
    """(`text_fields`, the whole body as plain text, as stored and shown)."""
    f = entry.fields
    rest, contact = without_contact(entry.body)
    texts = {name: _joined(f.get(name)) for name in ("title", "summary", "tags")}
    texts["meta"] = "\n".join(_joined(f.get(name)) for name in META_FIELDS)
    texts["body"] = markdown_to_text(rest)
    texts[CONTACT_FIELD] = "\n".join(
        text for text in (_joined(f.get("contact")), markdown_to_text(contact)) if text
    )
    return texts, markdown_to_text(entry.body) if contact else texts["body"]


def document_for(
    entry: Entry, taxonomy: Taxonomy, documents: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The Whoosh document of one entry."""
    f = entry.fields
    texts, body_text = _text_fields(entry)
    searched = texts.pop("body")
    indexed = _body_indexed(texts["title"], texts["summary"], searched)
    # Spelling and compound parts need each distinct word once, not the running text;
    # the words of each text, as the words of the texts joined by line breaks.
    parts = (texts["title"], texts["summary"], body_text, texts["tags"])
    distinct = list(dict.fromkeys(chain.from_iterable(map(words, parts))))
    facets = facet_values(entry, taxonomy)
    source = [entry.slug, entry.path, entry.checksum, documents or []]
    doc: dict[str, Any] = {
        "slug": entry.slug,
        "path": entry.path,
        "checksum": entry.checksum,
        "front_matter": json.dumps(entry.front_matter(), ensure_ascii=False),
        "markdown": entry.body,
        "documents": json.dumps(documents or [], ensure_ascii=False),
        "source": json.dumps(source, ensure_ascii=False).encode("utf-8"),
        "year": str(f["year"]),
        "title_sort": f["title"].casefold(),
        "body": indexed,
        **({"_stored_body": body_text} if indexed != body_text else {}),
        "spell": word_list(distinct),
        "parts": " ".join(
            [w for w in distinct if len(w) >= MIN_WORD and w[:1].isupper()]
            + list(dict.fromkeys(chain.from_iterable(map(hyphenated_words, parts))))
        ),
        **{name: text for name, text in texts.items() if text},
    }
    for name in FACETS:
        if name != "year" and facets[name]:
            doc[facet_field(name)] = facets[name]
    if f.get("aliases"):
        doc["alias"] = f["aliases"]
    return doc


def _body_indexed(title: str, summary: str, body: str) -> str:
    """The body as indexed: with the particle verbs its sentences say split appended
    ("Wir bereiten die Kinder vor." → "vorbereiten") and the compounds a hyphen leaves to
    be completed ("Haupt- und Ehrenamt" → "Hauptamt"), so that a search for those finds
    the entry; what is stored, and shown, stays the body as written."""
    text = f"{title}\n{summary}\n{body}"
    added = [*particle_verbs(f"{summary}\n{body}"), *completed_compounds(text)]
    return f"{body}\n{' '.join(added)}" if added else body


def facet_values(entry: Entry, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The exact values an entry has for every facet (what filters and counts see)."""
    f = entry.fields
    size = taxonomy.size_class(f.get("population"))
    return {
        "themes": f["themes"],
        "type": [f["type"]],
        "district": [f["district"]],
        "municipality": [f["municipality"]],
        "year": [str(f["year"])],
        "funding": f.get("funding", []),
        "size": [size] if size else [],
        "status": [entry.status],
    }


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)
