"""Praxisfinder beside SQLite FTS5 and tantivy on one corpus: build, update → findable,
search latency, memory, and whether the two peers agree with each other.

Each system runs in a worker process of its own (`worker`), all children of the calling
process. The driver sends the same request to the three in turn and each worker times
its own work, so a figure never includes another system's; the order of the three rotates
from query to query and round to round, so that none always goes first.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peers import Filters, Outcome
from peers.worker import SYSTEMS

LABELS = {"praxisfinder": "Praxisfinder", "fts5": "SQLite FTS5", "tantivy": "tantivy"}
BENCH_DIR = Path(__file__).resolve().parent.parent
SHOWN_DISAGREEMENTS = 10
EDIT_WORD = "Quarkbrezeltreff"  # plus letters per edit: a word no entry has

Query = tuple[str, Filters | None]
Progress = Callable[[str], None]


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct % of values ≤ it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class Worker:
    """A worker process for one system; `request` sends one operation and waits for it."""

    def __init__(self, system: str):
        self.system = system
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(BENCH_DIR), env.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "peers.worker", system],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )

    def request(self, op: str, **fields: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **fields}, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.system} worker exited ({self.process.wait()})")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"the {self.system} worker failed on {op}:\n{reply['error']}")
        return reply

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("quit")
                self.process.wait(timeout=60)
            except (OSError, RuntimeError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def workers(systems: Sequence[str]) -> Iterator[dict[str, Worker]]:
    started: dict[str, Worker] = {}
    try:
        for system in systems:
            started[system] = Worker(system)
        yield started
    finally:
        for worker in started.values():
            worker.close()


def rotated(items: Sequence[str], by: int) -> list[str]:
    by %= len(items)
    return [*items[by:], *items[:by]]


@dataclass
class Comparison:
    """Everything measured, per system."""

    count: int
    queries: list[Query]
    rounds: int
    builds: dict[str, list[float]] = field(default_factory=dict)
    loads: dict[str, list[float]] = field(default_factory=dict)  # peers: reading the kb
    build_peak_rss: dict[str, int] = field(default_factory=dict)
    index_bytes: dict[str, int] = field(default_factory=dict)
    open_seconds: dict[str, float] = field(default_factory=dict)
    open_rss: dict[str, int] = field(default_factory=dict)
    query_rss: dict[str, int] = field(default_factory=dict)
    query_peak_rss: dict[str, int] = field(default_factory=dict)
    searches: dict[str, list[list[float]]] = field(default_factory=dict)  # query → rounds
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    updates: dict[str, list[float]] = field(default_factory=dict)
    not_found: dict[str, int] = field(default_factory=dict)

    def search_medians(self, system: str) -> list[float]:
        """Each query's median over the timed rounds."""
        return [statistics.median(times) for times in self.searches[system]]


def compare_systems(
    kb: Path,
    entry_count: int,
    editable: Sequence[str],
    queries: Sequence[Query],
    work: Path,
    *,
    rounds: int,
    edits: int,
    seed: int,
    progress: Progress,
) -> Comparison:
    """Build, query and update all three systems on the corpus in `kb`.

    `entry_count` valid entries (drafts too) are expected in each index; updates edit some
    of the published entries `editable` (paths relative to `kb`) and restore the files.
    """
    result = Comparison(entry_count, list(queries), rounds)
    indexes = _builds(kb, work, rounds, result, progress)
    with workers(SYSTEMS) as pool:
        for system, worker in pool.items():
            reply = worker.request("open", kb=str(kb), index=str(indexes[system]))
            result.open_seconds[system] = reply["seconds"]
            result.open_rss[system] = reply["rss"]
        _searches(pool, queries, rounds, result, progress)
        for system, worker in pool.items():
            reply = worker.request("memory")
            result.query_rss[system], result.query_peak_rss[system] = (
                reply["rss"],
                reply["peak_rss"],
            )
            worker.request("prepare_updates")
        _updates(pool, kb, editable, edits, seed, result, progress)
    return result


def _builds(
    kb: Path, work: Path, rounds: int, result: Comparison, progress: Progress
) -> dict[str, Path]:
    """Full builds, each in a fresh worker; the last round's indexes are kept."""
    indexes: dict[str, Path] = {}
    for system in SYSTEMS:
        result.builds[system], result.loads[system] = [], []
        result.build_peak_rss[system] = 0
    for round_ in range(rounds):
        for system in rotated(SYSTEMS, round_):
            index_dir = work / f"{system}-{round_}"
            progress(f"peers: full build {round_ + 1}/{rounds} of {LABELS[system]} …")
            with workers([system]) as pool:
                reply = pool[system].request("build", kb=str(kb), index=str(index_dir))
            if reply["docs"] != result.count:
                raise RuntimeError(
                    f"{LABELS[system]} indexed {reply['docs']} of {result.count} entries"
                )
            result.builds[system].append(reply["seconds"])
            if reply["load"] is not None:
                result.loads[system].append(reply["load"])
            result.build_peak_rss[system] = max(result.build_peak_rss[system], reply["peak_rss"])
            progress(f"peers: {LABELS[system]} built in {reply['seconds']:.1f} s")
            if system in indexes:
                shutil.rmtree(indexes[system])
            indexes[system] = index_dir
    for system, index_dir in indexes.items():
        result.index_bytes[system] = sum(
            p.stat().st_size for p in index_dir.rglob("*") if p.is_file()
        )
    return indexes


def _searches(
    pool: dict[str, Worker],
    queries: Sequence[Query],
    rounds: int,
    result: Comparison,
    progress: Progress,
) -> None:
    """One untimed round (whose answers are compared), then `rounds` timed ones."""
    for system in SYSTEMS:
        result.searches[system] = [[] for _ in queries]
        result.outcomes[system] = []
    for round_ in range(-1, rounds):
        label = "warm-up round" if round_ < 0 else f"round {round_ + 1}/{rounds}"
        progress(f"peers: {label}, {len(queries)} queries × {len(SYSTEMS)} systems …")
        for number, (query, filters) in enumerate(queries):
            for system in rotated(SYSTEMS, number + round_):
                reply = pool[system].request("search", query=query, filters=filters)
                if round_ < 0:
                    result.outcomes[system].append(Outcome.from_json(reply["outcome"]))
                else:
                    result.searches[system][number].append(reply["seconds"])


def _updates(
    pool: dict[str, Worker],
    kb: Path,
    editable: Sequence[str],
    edits: int,
    seed: int,
    result: Comparison,
    progress: Progress,
) -> None:
    """Edit one entry file, then let each system index it and search for the new word."""
    chosen = random.Random(seed).sample(list(editable), edits)
    originals = {path: (kb / path).read_bytes() for path in chosen}
    for system in SYSTEMS:
        result.updates[system], result.not_found[system] = [], 0
    try:
        for number, path in enumerate(chosen):
            word = EDIT_WORD + "".join(chr(ord("a") + int(digit)) for digit in str(number))
            text = originals[path].decode("utf-8").rstrip("\n")
            (kb / path).write_text(
                f"{text}\n\nNachtrag: Seit Kurzem gibt es den {word} im Stadtteil.\n",
                encoding="utf-8",
            )
            slug = Path(path).stem
            for system in rotated(SYSTEMS, number):
                reply = pool[system].request("update", path=str(kb / path), word=word, slug=slug)
                result.updates[system].append(reply["seconds"])
                result.not_found[system] += not reply["found"]
            progress(
                f"peers: update {number + 1}/{edits}: "
                + ", ".join(f"{LABELS[s]} {result.updates[s][-1] * 1000:.0f} ms" for s in SYSTEMS)
            )
    finally:
        for path, data in originals.items():
            (kb / path).write_bytes(data)


# -- agreement --------------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    query: str
    filters: Filters | None
    totals: tuple[int, int]
    facets: dict[str, tuple[dict[str, int], dict[str, int]]]  # facet → (FTS5, tantivy)


def disagreements(result: Comparison) -> list[Disagreement]:
    """Queries on which FTS5 and tantivy differ in total or in any facet count."""
    found = []
    for (query, filters), a, b in zip(
        result.queries, result.outcomes["fts5"], result.outcomes["tantivy"], strict=True
    ):
        facets = {
            name: (a.facets.get(name, {}), b.facets.get(name, {}))
            for name in sorted(set(a.facets) | set(b.facets))
            if a.facets.get(name, {}) != b.facets.get(name, {})
        }
        if a.total != b.total or facets:
            found.append(Disagreement(query, filters, (a.total, b.total), facets))
    return found


# -- report -----------------------------------------------------------------------------


def _duration(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"


def _megabytes(value: float) -> str:
    return f"{value / 1e6:,.0f} MB" if value >= 10e6 else f"{value / 1e6:.1f} MB"


def _ratio(ours: float, theirs: float) -> str:
    if not theirs:
        return "–"
    ratio = ours / theirs
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"


def report(result: Comparison) -> str:
    """The comparison as Markdown: one table, then notes on agreement and setup."""
    n = len(result.queries)
    rows: list[tuple[str, dict[str, float], Callable[[float], str]]] = [
        (
            f"Full build from the kb directory (median of {result.rounds})",
            {s: statistics.median(result.builds[s]) for s in SYSTEMS},
            _duration,
        ),
        ("Build process, peak RSS", dict(result.build_peak_rss), _megabytes),
        ("Index size on disk", dict(result.index_bytes), _megabytes),
        (
            f"Update → findable, 1 changed entry (median of {len(result.updates['fts5'])})",
            {s: statistics.median(result.updates[s]) for s in SYSTEMS},
            _duration,
        ),
        (
            "Update → findable, slowest",
            {s: max(result.updates[s]) for s in SYSTEMS},
            _duration,
        ),
        (
            "Search p50 (page of 10, snippets, facet counts)",
            {s: statistics.median(result.search_medians(s)) for s in SYSTEMS},
            _duration,
        ),
        (
            "Search p95",
            {s: percentile(result.search_medians(s), 95) for s in SYSTEMS},
            _duration,
        ),
        ("Query process RSS, index open", dict(result.open_rss), _megabytes),
        (
            f"Query process peak RSS after {result.rounds + 1} × {n} queries",
            dict(result.query_peak_rss),
            _megabytes,
        ),
    ]
    lines = [
        f"### Praxisfinder, SQLite FTS5 and tantivy: {result.count:,} entries",
        "",
        "| Measurement | Praxisfinder | SQLite FTS5 | tantivy "
        "| Praxisfinder / FTS5 | Praxisfinder / tantivy |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for name, values, shown in rows:
        ours = values["praxisfinder"]
        lines.append(
            f"| {name} | {shown(ours)} | {shown(values['fts5'])} | {shown(values['tantivy'])} "
            f"| {_ratio(ours, values['fts5'])} | {_ratio(ours, values['tantivy'])} |"
        )
    lines.append("")
    lines += _agreement_notes(result)
    lines += _setup_notes(result)
    return "\n".join(lines)


def _agreement_notes(result: Comparison) -> list[str]:
    n = len(result.queries)
    differing = disagreements(result)
    same_total = n - sum(1 for d in differing if d.totals[0] != d.totals[1])
    same_facets = n - sum(1 for d in differing if d.facets)
    lines = [
        f"- Equal work: FTS5 and tantivy agree on the total for {same_total} of {n} queries "
        f"and on every facet count for {same_facets} of {n}"
        + (" (all)." if not differing else "; the disagreements:")
    ]
    for d in differing[:SHOWN_DISAGREEMENTS]:
        facets = "; ".join(
            f"{name}: " + _facet_difference(a, b) for name, (a, b) in d.facets.items()
        )
        lines.append(
            f"  - `{d.query}`{_filters_text(d.filters)}: totals {d.totals[0]} / {d.totals[1]}"
            + (f"; {facets}" if facets else "")
        )
    if len(differing) > SHOWN_DISAGREEMENTS:
        lines.append(f"  - … and {len(differing) - SHOWN_DISAGREEMENTS} more")
    exact_same = sum(
        1
        for ours, theirs in zip(
            result.outcomes["praxisfinder"], result.outcomes["fts5"], strict=True
        )
        if ours.exact_total == theirs.total
    )
    totals = {s: statistics.median(o.total for o in result.outcomes[s]) for s in SYSTEMS}
    missed = {LABELS[s]: k for s, k in result.not_found.items() if k}
    lines.append(
        "- Praxisfinder finds more by design (compound parts, feminine forms, synonyms; "
        "entries with some of the words when fewer than 10 have all): its total before that "
        f"relaxation equals the peers' for {exact_same} of {n} queries; median totals "
        + " / ".join(f"{totals[s]:,.0f}" for s in SYSTEMS)
        + " (Praxisfinder / FTS5 / tantivy)."
    )
    if missed:
        lines.append(f"- Not findable right after an update: {missed}.")
    return lines


def _facet_difference(a: dict[str, int], b: dict[str, int]) -> str:
    values = sorted(v for v in set(a) | set(b) if a.get(v) != b.get(v))
    shown = ", ".join(f"{v} {a.get(v, 0)}/{b.get(v, 0)}" for v in values[:3])
    return shown + (f" (+{len(values) - 3})" if len(values) > 3 else "")


def _filters_text(filters: Filters | None) -> str:
    if not filters:
        return ""
    return " with " + "; ".join(f"{k} = {' or '.join(v)}" for k, v in filters.items())


def _setup_notes(result: Comparison) -> list[str]:
    n = len(result.queries)
    filtered = sum(1 for _, f in result.queries if f)
    two_values = sum(1 for _, f in result.queries if f and any(len(v) > 1 for v in f.values()))
    load = statistics.median(result.loads["fts5"] + result.loads["tantivy"])
    return [
        f"- Queries: the {n} of the table above ({filtered} with a theme filter, "
        f"{two_values} of them with two themes), page 1 of 10 hits with snippets and "
        "disjunctive facet counts (themes, type, district, municipality, year, funding, size; "
        "drafts excluded). Each system runs in its own worker process; the three take turns "
        "query by query, in rotating order; one untimed round, then "
        f"{result.rounds} timed: p50/p95 over the queries of each query's median.",
        f"- Builds start from the kb directory in a fresh process: Praxisfinder's "
        "`build_index(full=True)`; the peers' `load_kb` plus text extraction "
        f"({_duration(load)} of their build, the same reading Praxisfinder's build does), "
        "then inserting. FTS5 stems in Python (PyStemmer) and ends with `optimize`; tantivy "
        "uses its own German stemmer and its default writer threads (one per core) and "
        "waits for merges. Update → findable: parse the changed file, replace the document, "
        "commit, search for the new word until the entry is on page 1 (Praxisfinder: "
        "`update_files`, as a save in the editor). Durability differs: tantivy's commit "
        "fsyncs, FTS5 in WAL mode with `synchronous = NORMAL` syncs only at checkpoints, "
        "Whoosh never fsyncs.",
        "- RSS is each worker's own (VmRSS / VmHWM); opening took "
        + ", ".join(f"{LABELS[s]} {_duration(result.open_seconds[s])}" for s in SYSTEMS)
        + f". Versions: SQLite {sqlite3.sqlite_version}, tantivy "
        f"{importlib.metadata.version('tantivy')}, PyStemmer "
        f"{importlib.metadata.version('PyStemmer')}.",
    ]


def run_comparison(
    kb: Path,
    entry_count: int,
    editable: Sequence[str],
    queries: Sequence[Query],
    work: Path,
    *,
    rounds: int,
    edits: int,
    seed: int,
    progress: Progress,
) -> str:
    """Run the comparison and return its Markdown report."""
    started = time.perf_counter()
    result = compare_systems(
        kb,
        entry_count,
        editable,
        queries,
        work,
        rounds=rounds,
        edits=edits,
        seed=seed,
        progress=progress,
    )
    progress(f"peers: done in {time.perf_counter() - started:.0f} s")
    return report(result)
