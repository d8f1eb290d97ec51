"""Benchmark the CSV export of whole result lists: before (pages with snippets) and now.

    python bench/export_bench.py [--kb DIR] [--index DIR] [--repeat 7] [--baseline-repeat 3]

Uses the 10,000-entry benchmark corpus in `--kb` (default /tmp/k10/kb; generated with
`generate_corpus.py --count 10000 --seed 1` when missing) and builds its index in a
temporary directory, unless `--index` names one already built from it. Then, on one open
`Index`, it times the CSV export (hits + `results_csv`, with the link column as in the
app) of a few searches of 6,800–9,700 hits, two ways in the same run:

- before: the export as it was, `Index.search` page by page (100 per page, the largest
  page it serves with snippets), each page with snippets;
- now: `indexer.export.all_hits` (pages of 5,000 without snippets) into `results_csv`.

Both must produce the same bytes. Prints a Markdown table of medians (and the slowest
run of "now") with n, the machine and the load average; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_setup import add_corpus_arguments, corpus_index, load_average  # noqa: E402

from indexer.export import all_hits, results_csv  # noqa: E402
from indexer.searching import Hit, Index  # noqa: E402

GOAL_S = 2.0
# (row label, query, search options): the search and everything, in both orders.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("Every entry, no query", "", {}),
    ("„Ehrenamtliche“ (the issue's search)", "Ehrenamtliche", {}),
    ("„Ehrenamtliche“, newest first", "Ehrenamtliche", {"sort": "year"}),
]


def progress(message: str) -> None:
    print(f"[export_bench] {message}", file=sys.stderr, flush=True)


def link(slug: str) -> str:
    return f"https://praxisfinder.example/?eintrag={slug}"


def paged_with_snippets(index: Index, query: str, **options: Any) -> Iterator[Hit]:
    """The export's hits as they were fetched before: pages of 100, with snippets."""
    page = 1
    while True:
        result = index.search(query, page=page, page_size=100, **options)
        yield from result.hits
        if page >= result.pages or not result.hits:
            return
        page += 1


def timed(
    hits: Callable[..., Iterator[Hit]],
    index: Index,
    query: str,
    options: dict[str, Any],
    repeat: int,
) -> tuple[list[float], bytes]:
    """Wall times of `repeat` exports (hits → CSV bytes, with links), and the bytes."""
    times, data = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        data = results_csv(hits(index, query, **options), entry_url=link)
        times.append(time.perf_counter() - start)
    return times, data


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def run(index: Index, repeat: int, baseline_repeat: int) -> list[str]:
    index.search("Ehrenamtliche")  # open the index and build its tables, as in the app
    rows = []
    for label, query, options in CASES:
        total = index.search(query, **options).total
        progress(f"{label}: {total} hits, before ×{baseline_repeat} …")
        before, old = timed(paged_with_snippets, index, query, options, baseline_repeat)
        progress(f"{label}: now ×{repeat} …")
        now, new = timed(all_hits, index, query, options, repeat)
        if new != old:
            raise SystemExit(f"{label}: the export differs from before")
        median = statistics.median(now)
        rows.append(
            f"| {label} | {total:,} | {seconds(statistics.median(before))} "
            f"| {seconds(median)} | {seconds(max(now))} "
            f"| {statistics.median(before) / median:.0f}× | {len(new) / 1e6:.1f} MB |"
        )
        progress(rows[-1])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--repeat", type=int, default=7, help="runs of the new export")
    parser.add_argument("--baseline-repeat", type=int, default=3, help="runs of the old one")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        index_dir = corpus_index(args, Path(tmp), progress)
        load_before = load_average()
        rows = run(Index.open(index_dir), args.repeat, args.baseline_repeat)
    print(
        f"CSV export, {args.kb}; {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average (1/5/15 min) "
        f"{load_before} before, {load_average()} after. Goal: ≤ {GOAL_S:.0f} s for 10,000 hits.\n"
    )
    print(
        f"| Export | hits | before, median (n = {args.baseline_repeat}) "
        f"| now, median (n = {args.repeat}) | now, slowest | speed-up | CSV size |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
