"""Time conference documents at scale: extraction and indexing, a rebuild with nothing
changed, and searches with and without documents.

    python bench/documents_bench.py [--count 10000] [--documents 2000] [--keep DIR]

Generates the entry corpus (or copies `--keep`), attaches `--documents` generated text PDFs
of 5–60 pages (German sentences from the entries' own words) to the first entries, then
measures, in one run: the full build without documents (the baseline), the full build with
documents (extraction through the sandbox plus indexing), an incremental build with
nothing changed, and the median of 200 searches on both indexes. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.building import build_index
from indexer.loading import ENTRIES_DIR, load_kb
from indexer.searching import Index

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402
from run_bench import PAGE_SIZE, machine_info, make_queries, progress  # noqa: E402

GOALS = "extraction and indexing ≤ 300 s, unchanged rebuild ≤ 10 s, search ≤ 1.5× baseline"


def write_pdf(path: Path, words: list[str], pages: int, rng: random.Random) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    for _ in range(pages):
        y = 780
        for _ in range(40):
            pdf.drawString(60, y, " ".join(rng.choice(words) for _ in range(12)))
            y -= 18
        pdf.showPage()
    pdf.save()


def attach(kb: Path, documents: int, seed: int) -> int:
    """Attach one generated PDF to each of the first `documents` entries; returns pages."""
    rng = random.Random(seed)
    entries = sorted((kb / ENTRIES_DIR).glob("*.md"))[:documents]
    (kb / "files").mkdir(exist_ok=True)
    total = 0
    for path in entries:
        text = path.read_text(encoding="utf-8")
        words = [w for w in text.split() if w.isalpha() and len(w) > 3] or ["Integration"]
        pages = rng.randint(5, 60)
        write_pdf(kb / "files" / f"{path.stem}.pdf", words, pages, rng)
        front = f"\nattachments:\n- file: {path.stem}.pdf\n---\n"
        path.write_text(text.replace("\n---\n", front, 1), encoding="utf-8")
        total += pages
    return total


def timed_searches(index: Index, queries: list[tuple[str, dict | None]]) -> float:
    for query, filters in queries:  # warm-up
        index.search(query, filters=filters, page_size=PAGE_SIZE)
    samples = []
    for query, filters in queries:
        started = time.perf_counter()
        index.search(query, filters=filters, page_size=PAGE_SIZE)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="entry corpus to copy (made if missing)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="praxisfinder-docs-"))
    try:
        kb = work / "kb"
        if args.keep and (args.keep / ENTRIES_DIR).is_dir():
            shutil.copytree(args.keep, kb)
        else:
            generate(kb, args.count, 1)
        queries = make_queries(load_kb(kb).entries, 200, 1)
        progress("baseline: full build without documents …")
        started = time.perf_counter()
        build_index(kb, work / "plain", full=True)
        plain_build = time.perf_counter() - started
        plain_search = timed_searches(Index.open(work / "plain", kb), queries)
        progress(f"generating {args.documents} PDFs …")
        pages = attach(kb, args.documents, 1)
        progress(f"full build with {args.documents} documents ({pages:,} pages) …")
        started = time.perf_counter()
        build_index(kb, work / "docs", full=True, progress=True)
        docs_build = time.perf_counter() - started
        started = time.perf_counter()
        build_index(kb, work / "docs")
        unchanged = time.perf_counter() - started
        docs_search = timed_searches(Index.open(work / "docs", kb), queries)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"### Documents: {args.count:,} entries, {args.documents:,} PDFs, {pages:,} pages\n")
    print("| Measurement | Value | Baseline in the same run |")
    print("|---|--:|--:|")
    print(f"| Full build with documents | {docs_build:.0f} s | {plain_build:.0f} s without |")
    print(f"| Documents' part (extraction and indexing) | {docs_build - plain_build:.0f} s | – |")
    print(f"| Incremental build, nothing changed | {unchanged:.1f} s | – |")
    print(
        f"| Search p50 (200 queries) | {docs_search * 1000:.1f} ms | "
        f"{plain_search * 1000:.1f} ms without ({docs_search / plain_search:.2f}×) |"
    )
    print(f"\n- Goals: {GOALS}.")
    print(f"- Machine: {machine_info()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
