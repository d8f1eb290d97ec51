"""Time the hostile queries of tests/test_hostile_queries.py on a synthetic knowledge base.

    python bench/hostile_queries.py [--count 10000] [--repeat 3] [--keep DIR]

Prints a Markdown table: each query's first run and the median of repeated runs, and the
ratio of that median to the median of ordinary one- and two-word queries measured in the
same run. The goal: every hostile query answered in at most 1 s at 10,000 entries.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from indexer.building import build_index
from indexer.loading import ENTRIES_DIR, load_kb
from indexer.searching import Index

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from generate_corpus import generate  # noqa: E402
from run_bench import PAGE_SIZE, machine_info, make_queries, progress  # noqa: E402
from test_hostile_queries import QUERIES  # noqa: E402

GOAL_SECONDS = 1.0


def timed(index: Index, query: str) -> float:
    started = time.perf_counter()
    index.search(query, page_size=PAGE_SIZE)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="entries to generate")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the first")
    parser.add_argument("--keep", type=Path, help="corpus directory to reuse (made if missing)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="praxisfinder-hostile-"))
    try:
        kb = args.keep or work / "kb"
        if not (kb / ENTRIES_DIR).is_dir():
            progress(f"generating {args.count} entries in {kb} …")
            generate(kb, args.count, 1)
        progress("building the index …")
        build_index(kb, work / "index", full=True)
        index = Index.open(work / "index", kb)
        ordinary = [q for q, _ in make_queries(load_kb(kb).entries, 100, 1)]
        for query in ordinary:
            timed(index, query)
        reference = statistics.median(timed(index, q) for q in ordinary * args.repeat)
        progress("timing the hostile queries …")
        rows = []
        for query, _ in QUERIES:
            first = timed(index, query)
            again = statistics.median(timed(index, query) for _ in range(args.repeat))
            rows.append((query, first, again))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    count = len(load_kb(kb).entries) if args.keep else args.count
    print(f"### Hostile queries: {count:,} entries\n")
    print("| Query | First run | Median of repeats | × ordinary query |")
    print("|---|--:|--:|--:|")
    for query, first, again in rows:
        shown = repr(query if len(query) <= 40 else query[:37] + "…")
        shown = shown.replace("|", "\\|")
        print(f"| `{shown}` | {first:.3f} s | {again:.3f} s | {again / reference:.1f}× |")
    slowest = max(max(first, again) for _, first, again in rows)
    print()
    print(
        f"- Ordinary queries (100 one- and two-word queries from the corpus): median "
        f"{reference * 1000:.1f} ms, measured in the same run. Slowest hostile query: "
        f"{slowest:.3f} s (goal ≤ {GOAL_SECONDS:.0f} s: "
        f"{'met' if slowest <= GOAL_SECONDS else 'NOT met'})."
    )
    print(f"- Machine: {machine_info()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
