"""Build and update the Whoosh index from the knowledge base.

A full build writes a new generation and swaps it in atomically; an incremental build
re-analyses only files whose content changed and removes deleted ones.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh import index as whoosh_index

from indexer import whoosh_writers
from indexer.documents.store import entry_documents, prefetch, stamps_changed
from indexer.file_stamps import FileStamps, load_stamps, save_stamps
from indexer.german.analysis import ANALYSIS_VERSION, hyphenated_words, words
from indexer.german.compounds import MIN_WORD
from indexer.limits import LIMITS
from indexer.loading import read_entry
from indexer.model import Entry, Problem
from indexer.plaintext import markdown_to_text
from indexer.schema import (
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
    sources, report.problems = scan_entry_files(kb_dir, stamps)
    partial, final = new_generation_dir(index_dir)
    ix = whoosh_index.create_in(str(partial), build_schema())
    writer = whoosh_writers.writer(ix, limitmb=512)
    entries = list(_parsed(sources, taxonomy, report, progress))
    prefetch(entries, kb_dir, index_dir, progress)  # documents extracted on every core
    attached = sum(len(entry.fields.get("attachments") or []) for entry in entries)
    cores = os.cpu_count() or 1
    processes = cores if cores > 1 and attached >= PARALLEL_PAGES_FROM else 1
    pages = PageWriter(partial, kb_dir, index_dir, create=True, processes=processes)
    with _committing(writer, pages):
        for entry in tqdm(
            entries, desc="Schreibe Index", unit=" Einträge", disable=not progress, leave=False
        ):
            if (doc := _document(entry, taxonomy, report, pages)) is not None:
                writer.add_document(**doc)
                report.added += 1
        if progress:
            tqdm.write("Index wird abgeschlossen …", file=sys.stderr)
    write_meta(partial, {**meta, "kb": str(kb_dir.resolve())})
    save_stamps(partial, stamps)
    publish_generation(index_dir, partial, final)
    report.total = report.added
    return report


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
    sources: list[SourceFile], taxonomy: Taxonomy, report: BuildReport, progress: bool
) -> Iterator[Entry]:
    """Parse and validate files, collecting problems; yields the valid entries."""
    bar: Iterable[SourceFile] = tqdm(
        sources, desc="Indexiere", unit=" Einträge", disable=not progress, leave=False
    )
    for source in bar:
        entry, problems = read_entry(source, taxonomy)
        report.problems.extend(problems)
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


def _document(
    entry: Entry, taxonomy: Taxonomy, report: BuildReport, pages: PageWriter | None = None
) -> dict[str, Any] | None:
    """The entry's document, or None with a problem reported: one entry never stops a build."""
    try:
        summaries = pages.replace(entry, report) if pages is not None else []
        return document_for(entry, taxonomy, summaries)
    except (Exception, RecursionError):  # noqa: BLE001
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
        return None


def document_for(
    entry: Entry, taxonomy: Taxonomy, documents: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The Whoosh document of one entry."""
    f = entry.fields
    body_text = markdown_to_text(entry.body)
    texts = {name: _joined(f.get(name)) for name in ("title", "summary", "tags")}
    texts["meta"] = "\n".join(_joined(f.get(name)) for name in META_FIELDS)
    # Spelling and compound parts need each distinct word once, not the running text.
    full_text = "\n".join((f["title"], f["summary"], body_text, texts["tags"]))
    distinct = list(dict.fromkeys(words(full_text)))
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
        "body": body_text,
        "spell": " ".join(distinct),
        "parts": " ".join(
            [w for w in distinct if len(w) >= MIN_WORD and w[:1].isupper()]
            + list(dict.fromkeys(hyphenated_words(full_text)))
        ),
        **{name: text for name, text in texts.items() if text},
    }
    for name in FACETS:
        if name != "year" and facets[name]:
            doc[facet_field(name)] = facets[name]
    if f.get("aliases"):
        doc["alias"] = f["aliases"]
    return doc


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
