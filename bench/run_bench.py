"""Benchmark build, incremental update and search on a synthetic knowledge base.

    python bench/run_bench.py [--count 10000] [--repeat 3] [--queries 200] [--keep DIR]
                              [--no-peers | --peers-only]

Prints a Markdown table of medians (with n) for README, plus machine information, then
the same corpus and queries in Praxisfinder, SQLite FTS5 and tantivy side by side
(`bench/peers/`). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import whoosh

from indexer.building import build_index
from indexer.german.analysis import STOP_WORDS
from indexer.loading import ENTRIES_DIR, load_kb
from indexer.model import Entry
from indexer.plaintext import markdown_to_text
from indexer.searching import Index

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate  # noqa: E402
from peers.compare import percentile, run_comparison  # noqa: E402

PAGE_SIZE = 10
MIN_EDITS = 5
BASELINE_FACETS = ("themes", "type", "district", "year", "funding")
_QUERY_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
_NOT_QUERY_WORDS = frozenset({"innen"})  # the tail of "Helfer*innen" after splitting

Query = tuple[str, dict[str, list[str]] | None]


@dataclass
class Timings:
    """Seconds per run of one measured operation."""

    samples: list[float]

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- queries ----------------------------------------------------------------------------


def make_queries(entries: Sequence[Entry], count: int, seed: int) -> list[Query]:
    """A fixed mix of one- and two-word queries drawn from the entries' own words.

    Words are picked by token frequency, so frequent words are queried often and the hit
    counts follow the corpus; every fourth query also filters by a theme of its entry, and
    every eighth accepts a second theme too (values of one facet are OR-ed).
    """
    rng = random.Random(seed)
    # The second themes come from a stream of their own: the words and first themes stay
    # what they were before there were second themes.
    second_rng = random.Random(seed + 1)
    published = [e for e in entries if e.is_published]
    themes = sorted({theme for e in published for theme in e.fields["themes"]})
    queries: list[Query] = []
    while len(queries) < count:
        entry = rng.choice(published)
        text = " ".join(
            (entry.fields["title"], entry.fields["summary"], markdown_to_text(entry.body))
        )
        words = [
            w
            for w in _QUERY_WORD.findall(text)
            if w.lower() not in STOP_WORDS and w.lower() not in _NOT_QUERY_WORDS
        ]
        first = rng.choice(words)
        chosen = [first]
        if len(queries) % 2 == 1:
            others = [w for w in words if w.lower() != first.lower()]
            chosen.append(rng.choice(others))
        filters = None
        if len(queries) % 4 == 3:
            theme = rng.choice(entry.fields["themes"])
            filters = {"themes": [theme]}
            if len(queries) % 8 == 7 and len(themes) > 1:
                filters["themes"].append(second_rng.choice([t for t in themes if t != theme]))
        queries.append((" ".join(chosen), filters))
    return queries


# -- brute-force baseline ---------------------------------------------------------------


def _values(entry: Entry, facet: str) -> list[str]:
    value = entry.fields.get(facet)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def brute_force_search(
    entries: Sequence[Entry],
    query: str,
    filters: dict[str, list[str]] | None,
    texts: Sequence[str] | None = None,
) -> tuple[int, list[Entry], dict[str, Counter[str]]]:
    """Substring scan: (total, first page, disjunctive facet counts) like `Index.search`.

    Lower-cases title, summary and body of every entry per query, unless `texts` holds
    them already lower-cased. Drafts are skipped, as `Index.search` does by default.
    """
    words = query.lower().split()
    wanted = {facet: set(values) for facet, values in (filters or {}).items()}
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in BASELINE_FACETS}
    selected: list[Entry] = []
    for i, entry in enumerate(entries):
        if not entry.is_published:
            continue
        if texts is None:
            f = entry.fields
            text = f"{f['title']}\n{f['summary']}\n{entry.body}".lower()
        else:
            text = texts[i]
        if not all(word in text for word in words):
            continue
        failed = [
            facet for facet, values in wanted.items() if values.isdisjoint(_values(entry, facet))
        ]
        if not failed:
            selected.append(entry)
        for facet in BASELINE_FACETS:
            if not failed or failed == [facet]:
                counts[facet].update(_values(entry, facet))
    return len(selected), selected[:PAGE_SIZE], counts


# -- phases -----------------------------------------------------------------------------


def bench_full_build(kb: Path, work: Path, repeat: int, expected: int) -> tuple[Timings, Path]:
    samples = []
    index_dir = work
    for run in range(repeat):
        index_dir = work / f"index-{run}"
        progress(f"full build {run + 1}/{repeat} …")
        started = time.perf_counter()
        report = build_index(kb, index_dir, full=True)
        samples.append(time.perf_counter() - started)
        if report.errors or report.added != expected:
            raise SystemExit(f"full build indexed {report.added} of {expected} entries")
        progress(f"full build {run + 1}/{repeat}: {samples[-1]:.1f} s")
        if run < repeat - 1:
            shutil.rmtree(index_dir)
    return Timings(samples), index_dir


def bench_queries(
    search: Callable[[str, dict[str, list[str]] | None], int],
    queries: Sequence[Query],
    rounds: int,
    warmup: int,
) -> tuple[Timings, list[int]]:
    """Time each query once per round after `warmup` untimed queries; returns hit counts too."""
    for query, filters in queries[:warmup]:
        search(query, filters)
    samples, totals = [], []
    for _ in range(rounds):
        for query, filters in queries:
            started = time.perf_counter()
            total = search(query, filters)
            samples.append(time.perf_counter() - started)
            totals.append(total)
    return Timings(samples), totals[: len(queries)]


def bench_incremental(
    kb: Path, index_dir: Path, index: Index, edits: int, seed: int
) -> tuple[Timings, Timings]:
    """Edit one entry's body, update the index; also time the first search afterwards.

    The edited files are restored afterwards (the index is a scratch copy).
    """
    paths = sorted((kb / ENTRIES_DIR).glob("*.md"))
    chosen = random.Random(seed).sample(paths, edits)
    originals = {path: path.read_bytes() for path in chosen}
    updates, first_queries = [], []
    try:
        for number, path in enumerate(chosen, 1):
            text = originals[path].decode("utf-8").rstrip("\n")
            path.write_text(
                f"{text}\n\nNachtrag {number}: Inzwischen engagieren sich weitere "
                "Helfer*innen im Sprachcafé.\n",
                encoding="utf-8",
            )
            started = time.perf_counter()
            report = build_index(kb, index_dir)
            updates.append(time.perf_counter() - started)
            if report.mode != "incremental" or report.updated != 1 or report.errors:
                raise SystemExit(f"expected one incremental update, got {report}")
            started = time.perf_counter()
            index.search("Sprachcafé", page_size=PAGE_SIZE)
            first_queries.append(time.perf_counter() - started)
            progress(f"incremental update {number}/{edits}: {updates[-1]:.2f} s")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    return Timings(updates), Timings(first_queries)


# -- report -----------------------------------------------------------------------------


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"


def machine_info() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"Whoosh {whoosh.versionstring()}, {os.cpu_count()} CPUs ({cpu}), "
        f"{platform.system()} {platform.release()}, load average "
        + " / ".join(f"{load:.1f}" for load in os.getloadavg())
    )


def code_version() -> str:
    """The commit benchmarked, and whether `indexer/` had uncommitted changes."""
    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "indexer"],
            cwd=repo,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{commit or 'unknown'}{' with uncommitted changes in indexer/' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="entries to generate")
    parser.add_argument("--repeat", type=int, default=3, help="full builds and query rounds")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed")
    parser.add_argument("--keep", type=Path, help="corpus directory to reuse (made if missing)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 500 entries, 1 run")
    peers = parser.add_mutually_exclusive_group()
    peers.add_argument(
        "--no-peers", dest="peers", action="store_false", help="skip SQLite FTS5 and tantivy"
    )
    peers.add_argument(
        "--peers-only", action="store_true", help="only Praxisfinder beside FTS5 and tantivy"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.repeat, args.queries = 500, 1, 50
    if args.repeat < 1 or args.queries < 1 or args.count < MIN_EDITS:
        parser.error("--repeat and --queries must be ≥ 1, --count ≥ 5")

    work = Path(tempfile.mkdtemp(prefix="praxisfinder-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    kb = args.keep or work / "kb"
    if (kb / ENTRIES_DIR).is_dir():
        progress(f"reusing corpus in {kb}")
        generated = "reused"
    else:
        progress(f"generating {args.count} entries in {kb} …")
        started = time.perf_counter()
        generate(kb, args.count, args.seed)
        generated = f"generated in {time.perf_counter() - started:.1f} s"

    progress("loading entries for the baseline …")
    started = time.perf_counter()
    loaded = load_kb(kb)
    load_seconds = time.perf_counter() - started
    entries = loaded.entries
    if loaded.errors:
        raise SystemExit(f"{len(loaded.errors)} invalid entries, e.g. {loaded.errors[0].format()}")
    count = len(entries)
    if count != args.count:
        progress(f"note: the corpus has {count} entries, not {args.count}")
    queries = make_queries(entries, args.queries, args.seed)
    if not args.peers_only:
        bench_praxisfinder(
            args, kb, work, entries, queries, f"{generated}; `load_kb` {load_seconds:.1f} s"
        )
    if args.peers:  # --peers-only leaves it on
        if not args.peers_only:
            print()
        published = [entry.path for entry in entries if entry.is_published]
        print(
            run_comparison(
                kb,
                count,
                published,
                queries,
                work / "peers",
                rounds=args.repeat,
                edits=max(MIN_EDITS, args.repeat),
                seed=args.seed,
                progress=progress,
            )
        )
        print(f"- Machine: {machine_info()}; code: {code_version()}.")
    return 0


def bench_praxisfinder(
    args: argparse.Namespace,
    kb: Path,
    work: Path,
    entries: Sequence[Entry],
    queries: Sequence[Query],
    corpus_note: str,
) -> None:
    """Praxisfinder's own table: builds, updates, searches and the brute-force baseline."""
    count = len(entries)
    builds, index_dir = bench_full_build(kb, work, args.repeat, count)

    progress(f"opening the index, warming up with {len(queries)} queries …")
    started = time.perf_counter()
    index = Index.open(index_dir)
    index.search(queries[0][0], filters=queries[0][1], page_size=PAGE_SIZE)
    cold = time.perf_counter() - started

    def index_search(query: str, filters: dict[str, list[str]] | None) -> int:
        return index.search(query, filters=filters, page_size=PAGE_SIZE).total

    progress(f"timing Index.search, first time per query, {len(queries)} queries …")
    first_time, _ = bench_queries(index_search, queries, 1, 0)
    progress(f"timing Index.search, {args.repeat} × {len(queries)} queries …")
    searched, index_totals = bench_queries(index_search, queries, args.repeat, len(queries))

    def scan(query: str, filters: dict[str, list[str]] | None) -> int:
        return brute_force_search(entries, query, filters)[0]

    lowered = [f"{e.fields['title']}\n{e.fields['summary']}\n{e.body}".lower() for e in entries]

    def scan_lowered(query: str, filters: dict[str, list[str]] | None) -> int:
        return brute_force_search(entries, query, filters, lowered)[0]

    progress(f"timing the brute-force scan, {args.repeat} × {len(queries)} queries …")
    scanned, scan_totals = bench_queries(scan, queries, args.repeat, 5)
    scanned_lowered, _ = bench_queries(scan_lowered, queries, args.repeat, 5)

    edits = max(MIN_EDITS, args.repeat)
    progress(f"timing {edits} incremental updates …")
    updates, after_update = bench_incremental(kb, index_dir, index, edits, args.seed)

    rows = [
        (
            "Full build (`build_index(full=True)`)",
            builds.n,
            _seconds(builds.median),
            "–",
            f"{count / builds.median:,.0f} docs/s",
        ),
        (
            "Incremental update, 1 changed entry",
            updates.n,
            _seconds(updates.median),
            _seconds(max(updates.samples)) + " (max)",
            "`build_index(kb, index)`",
        ),
        (
            "First search after an update",
            after_update.n,
            _seconds(after_update.median),
            _seconds(max(after_update.samples)) + " (max)",
            "reopens the index, rebuilds the facet table",
        ),
        (
            "Search, `Index.search` (facets + snippets)",
            searched.n,
            _seconds(searched.median),
            _seconds(searched.p95),
            f"median {statistics.median(index_totals):,.0f} hits",
        ),
        (
            "Search, `Index.search`, each query's first run",
            first_time.n,
            _seconds(first_time.median),
            _seconds(first_time.p95),
            "term postings not yet cached",
        ),
        (
            "Search, brute-force scan (lower-cases per query)",
            scanned.n,
            _seconds(scanned.median),
            _seconds(scanned.p95),
            f"median {statistics.median(scan_totals):,.0f} hits; scan/index: "
            f"{scanned.median / searched.median:.1f}× (p50), "
            f"{scanned.p95 / searched.p95:.1f}× (p95)",
        ),
        (
            "Search, brute-force scan (text lower-cased once)",
            scanned_lowered.n,
            _seconds(scanned_lowered.median),
            _seconds(scanned_lowered.p95),
            f"scan/index: {scanned_lowered.median / searched.median:.1f}× (p50), "
            f"{scanned_lowered.p95 / searched.p95:.1f}× (p95)",
        ),
    ]
    one_word = sum(1 for q, _ in queries if " " not in q)
    filtered = sum(1 for _, f in queries if f)
    print(f"### Praxisfinder benchmark: {count:,} entries\n")
    print("| Measurement | n | Median (p50) | p95 | Notes |")
    print("|---|--:|--:|--:|---|")
    for name, n, median, p95, note in rows:
        print(f"| {name} | {n} | {median} | {p95} | {note} |")
    print()
    print(
        f"- Corpus: `bench/generate_corpus.py --count {count} --seed {args.seed}` ({corpus_note})."
    )
    print(
        f"- Queries: {len(queries)} distinct ({one_word} one-word, {len(queries) - one_word} "
        f"two-word, {filtered} with a theme filter), page size {PAGE_SIZE}, each timed "
        f"{args.repeat}× after a warm-up round; opening the index and the first query took "
        f"{_seconds(cold)}."
    )
    print(f"- Machine: {machine_info()}; code: {code_version()}.")


if __name__ == "__main__":
    sys.exit(main())
