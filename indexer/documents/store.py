"""Extracted text of attachments, cached by content hash, and what it means for an entry.

The cache lives beside the index generations (`<index>/documents/<sha256>.json`), so a
full rebuild or an unchanged document never runs an extractor again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.documents.attachments import attachment_path
from indexer.documents.model import DocumentWarning, Extraction, Page
from indexer.model import Entry, Problem
from indexer.storage import atomic_write_text

log = logging.getLogger(__name__)

CACHE_DIR = "documents"
CACHE_VERSION = 1  # bump when extraction changes: every document is extracted again


@dataclass(frozen=True)
class Document:
    """One attachment of an entry with its extracted text."""

    file: str
    title: str
    size: int
    mtime_ns: int
    extraction: Extraction

    def summary(self) -> dict[str, Any]:
        """What the index keeps about the document (completeness report, change check)."""
        states = [page.state for page in self.extraction.pages]
        return {
            "file": self.file,
            "title": self.title,
            "kind": self.extraction.kind,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "pages": len(states),
            "text": states.count("text"),
            "ocr": states.count("ocr"),
            "blank": states.count("blank"),
            "empty": states.count("empty"),
            "failed_pages": states.count("failed"),
            "truncated": self.extraction.truncated,
            "failed": self.extraction.failed,
            "complete": self.extraction.complete,
        }


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def _to_json(extraction: Extraction) -> str:
    return json.dumps({"v": CACHE_VERSION, **dataclasses.asdict(extraction)}, ensure_ascii=False)


def _from_json(text: str) -> Extraction | None:
    data = json.loads(text)
    if data.pop("v", None) != CACHE_VERSION:
        return None
    data["pages"] = tuple(Page(**page) for page in data["pages"])
    data["warnings"] = tuple(DocumentWarning(**w) for w in data["warnings"])
    return Extraction(**data)


def extract_cached(
    path: Path, cache: Path, extract: Callable[[Path, str], Extraction] | None = None
) -> Extraction:
    """The extraction of a file, from the cache when its content was extracted before;
    `extract` reads it otherwise (default: `sandbox.extract_file`, one worker process)."""
    from indexer.documents.sandbox import extract_file, kind_of

    key = _digest(path)
    cached = cache / f"{key}.json"
    try:
        found = _from_json(cached.read_text(encoding="utf-8"))
        if found is not None:
            return found
    except (OSError, ValueError, TypeError, KeyError):
        pass
    kind = kind_of(path)
    if kind is None:
        return Extraction(
            "unknown",
            failed=True,
            warnings=(DocumentWarning("Dieser Dateityp wird nicht unterstützt."),),
        )
    extraction = (extract or extract_file)(path, kind)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cached, _to_json(extraction))
    except OSError:
        log.warning("cannot cache the extraction of %s", path, exc_info=True)
    return extraction


def entry_documents(
    entry: Entry, kb_dir: Path, index_dir: Path
) -> tuple[list[Document], list[Problem]]:
    """The entry's attachments, extracted, and a German warning for each problem."""
    documents, problems = [], []
    for attachment in entry.fields.get("attachments") or []:
        path = attachment_path(kb_dir, attachment["file"])
        try:
            info = path.stat()
        except OSError:
            continue  # reported by loading
        extraction = extract_cached(path, Path(index_dir) / CACHE_DIR)
        documents.append(
            Document(
                attachment["file"], attachment["title"], info.st_size, info.st_mtime_ns, extraction
            )
        )
        for warning in extraction.warnings:
            where = f", S. {warning.page}" if warning.page else ""
            problems.append(
                Problem(
                    entry.path,
                    None,
                    f"Anhang „{attachment['file']}“{where}: {warning.message}",
                    "warning",
                    "document",
                    "attachments",
                )
            )
    return documents, problems


def stamps_changed(summaries: list[dict[str, Any]], kb_dir: Path) -> bool:
    """Whether an attachment file changed since it was indexed (size or mtime)."""
    for summary in summaries:
        try:
            info = attachment_path(kb_dir, summary["file"]).stat()
        except OSError:
            return True
        if (info.st_size, info.st_mtime_ns) != (summary.get("size"), summary.get("mtime_ns")):
            return True
    return False


def prefetch(entries: list[Entry], kb_dir: Path, index_dir: Path, progress: bool = False) -> None:
    """Extract every attachment not yet in the cache, with one long-lived worker per core.

    Threads only wait for the worker processes, so the cores do the work in parallel.
    """
    import os
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    from indexer.documents.sandbox import ExtractionWorker

    cache = Path(index_dir) / CACHE_DIR
    paths = sorted(
        {
            attachment_path(kb_dir, attachment["file"])
            for entry in entries
            for attachment in entry.fields.get("attachments") or []
        }
    )
    if not paths:
        return
    workers: list[ExtractionWorker] = []
    local = threading.local()

    def extract(path: Path, kind: str) -> Extraction:
        if not hasattr(local, "worker"):
            local.worker = ExtractionWorker()
            workers.append(local.worker)  # list.append is atomic
        return local.worker.extract(path, kind)

    try:
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            done = pool.map(lambda path: extract_cached(path, cache, extract), paths)
            for _ in tqdm(
                done,
                total=len(paths),
                desc="Dokumente",
                unit=" Dateien",
                disable=not progress,
                leave=False,
            ):
                pass
    finally:
        for worker in workers:
            worker.close()
