"""One benchmarked system in a process of its own, driven by `compare` over JSON lines.

    python -m peers.worker {praxisfinder,fts5,tantivy}   (with bench/ on PYTHONPATH)

Reads one request per line on stdin and answers one line on stdout; everything else the
process prints goes to stderr. Each operation is timed here, so pipe and JSON costs stay out
of the figures, and a system's memory is its process's own (`/proc/self/status`).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Protocol

from peers import PAGE_SIZE, Filters, Outcome

SYSTEMS = ("praxisfinder", "fts5", "tantivy")


class System(Protocol):
    def search(self, query: str, filters: Filters | None) -> Outcome: ...

    def update(self, path: Path) -> None: ...

    def close(self) -> None: ...


def memory() -> dict[str, int]:
    """Resident set size now and at its peak, in bytes."""
    found = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    peak = found.get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    return {"rss": found.get("VmRSS", peak), "peak_rss": peak}


def build(system: str, kb: Path, index_dir: Path) -> dict[str, Any]:
    """A full build from the knowledge base directory (modules imported before the clock
    starts; what they load lazily, such as Praxisfinder's word lists, counts)."""
    if system == "praxisfinder":
        from indexer.building import build_index

        started = time.perf_counter()
        report = build_index(kb, index_dir, full=True)
        if report.errors:
            raise RuntimeError(f"{len(report.errors)} entries failed to build")
        return {"seconds": time.perf_counter() - started, "docs": report.added, "load": None}
    from peers.documents import load_documents, write_layout

    peer = _peer_module(system)
    started = time.perf_counter()
    documents = load_documents(kb)
    loaded = time.perf_counter()
    index_dir.mkdir(parents=True)
    write_layout(index_dir)
    count = peer.build(index_dir, documents)
    return {"seconds": time.perf_counter() - started, "docs": count, "load": loaded - started}


def _peer_module(system: str) -> Any:
    if system == "fts5":
        from peers import fts5

        return fts5
    from peers import tantivy_peer

    return tantivy_peer


class Praxisfinder:
    """`indexer.searching.Index` as the app uses it; updates as a save in the editor does."""

    def __init__(self, kb: Path, index_dir: Path):
        from indexer.searching import Index

        self.kb, self.index_dir = kb, index_dir
        self.index = Index.open(index_dir)

    def search(self, query: str, filters: Filters | None) -> Outcome:
        result = self.index.search(query, filters=filters, page_size=PAGE_SIZE)
        facets = {
            name: {value: count for value, count in values.items() if count}
            for name, values in result.facets.items()
        }
        hits = [(hit.slug, hit.snippet) for hit in result.hits]
        return Outcome(result.total, facets, hits, result.exact_total)

    def update(self, path: Path) -> None:
        from indexer.building import update_files

        report = update_files(self.kb, self.index_dir, [path])
        if report.updated != 1:
            raise RuntimeError(f"expected one updated entry, got {report}")

    def close(self) -> None:
        pass


class Peer:
    """A peer index; an update parses the file as a save does, then replaces the document."""

    def __init__(self, system: str, kb: Path, index_dir: Path):
        self.kb = kb
        if system == "fts5":
            from peers.fts5 import Fts5Index

            self.index: Any = Fts5Index(index_dir)
        else:
            from peers.tantivy_peer import TantivyIndex

            self.index = TantivyIndex(index_dir)

    def search(self, query: str, filters: Filters | None) -> Outcome:
        return self.index.search(query, filters)

    def update(self, path: Path) -> None:
        from indexer.taxonomy import load_taxonomy
        from peers.documents import read_document

        document = read_document(self.kb, path, load_taxonomy(self.kb))  # as update_files
        if document is None:
            raise RuntimeError(f"{path} is not a valid entry")
        self.index.replace(document)

    def close(self) -> None:
        self.index.close()


def open_system(system: str, kb: Path, index_dir: Path) -> System:
    if system == "praxisfinder":
        return Praxisfinder(kb, index_dir)
    return Peer(system, kb, index_dir)


def prepare_updates() -> None:
    """Import what updates need, untimed (Praxisfinder's worker has it imported already)."""
    import indexer.taxonomy  # noqa: F401
    import peers.documents  # noqa: F401


def serve(system: str, requests: Any, replies: Any) -> None:
    opened: System | None = None
    for line in requests:
        request = json.loads(line)
        op = request["op"]
        try:
            started = time.perf_counter()
            reply: dict[str, Any]
            if op == "build":
                reply = build(system, Path(request["kb"]), Path(request["index"]))
                reply.update(memory())
            elif op == "open":
                opened = open_system(system, Path(request["kb"]), Path(request["index"]))
                reply = {"seconds": time.perf_counter() - started, **memory()}
            elif op == "search":
                opened = _required(opened)
                outcome = opened.search(request["query"], request["filters"])
                reply = {"seconds": time.perf_counter() - started, "outcome": outcome.to_json()}
            elif op == "memory":
                reply = memory()
            elif op == "prepare_updates":
                prepare_updates()
                reply = {}
            elif op == "update":  # the file has changed: index it, then search until found
                opened = _required(opened)
                opened.update(Path(request["path"]))
                outcome = opened.search(request["word"], None)
                found = request["slug"] in [slug for slug, _ in outcome.hits]
                reply = {"seconds": time.perf_counter() - started, "found": found}
            elif op == "quit":
                if opened is not None:
                    opened.close()
                replies.write("{}\n")
                replies.flush()
                return
            else:
                raise ValueError(f"unknown operation {op!r}")
        except Exception:  # noqa: BLE001 - reported to the driver, which stops the run
            reply = {"error": traceback.format_exc()}
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


def _required(opened: System | None) -> System:
    if opened is None:
        raise RuntimeError("no index open: send 'open' first")
    return opened


def main() -> int:
    system = sys.argv[1]
    if system not in SYSTEMS:
        raise SystemExit(f"unknown system {system!r}, expected one of {', '.join(SYSTEMS)}")
    # stdout carries the replies only: anything else printed, by Python or C code, to stderr.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(system, sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
