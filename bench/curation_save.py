"""Time a save from the editor until the public search finds it, on a synthetic corpus.

    python bench/curation_save.py [--count 10000] [--edits 10] [--keep DIR]

Each edit goes through `Curator.update` (validate, atomic write, git commit, incremental
index update) and is then searched for by a word only that edit added. Prints medians with
their parts, and, measured in the same run, the plain incremental build (`build_index`
after writing the file by hand) as the reference. The goal: findable within 1 s at
10,000 entries.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from indexer.building import build_index
from indexer.curation import history
from indexer.curation.accounts import User
from indexer.curation.curator import Curator
from indexer.curation.settings import Settings
from indexer.loading import ENTRIES_DIR
from indexer.searching import Index

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402
from run_bench import machine_info, progress  # noqa: E402

GOAL_SECONDS = 1.0
EDITOR = User("bench", "Bench", "admin")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="entries to generate")
    parser.add_argument("--edits", type=int, default=10, help="timed saves")
    parser.add_argument("--keep", type=Path, help="corpus directory to copy (made if missing)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="praxisfinder-save-"))
    try:
        kb = work / "kb"
        if args.keep and (args.keep / ENTRIES_DIR).is_dir():
            shutil.copytree(args.keep, kb)
        else:
            progress(f"generating {args.count} entries …")
            generate(kb, args.count, 1)
        count = len(list((kb / ENTRIES_DIR).rglob("*.md")))
        progress("building the index and the git repository …")
        build_index(kb, work / "index", full=True)
        history.ensure_repository(kb)
        curator = Curator(kb, work / "index", Settings())
        index = Index.open(work / "index", kb)
        every = (p.stem for p in sorted((kb / ENTRIES_DIR).glob("*.md")))
        published = (s for s in every if curator.open(s).status == "veröffentlicht")
        slugs = list(itertools.islice(published, args.edits * 2))
        saves, findable, plain = [], [], []
        for number in range(args.edits):
            state = curator.open(slugs[number])
            word = "Speicherprobe" + "".join(chr(ord("a") + int(d)) for d in str(number))
            started = time.perf_counter()
            curator.update(
                EDITOR, state.slug, state.fields, f"{state.body}\n\n{word}", state.checksum
            )
            saved = time.perf_counter()
            hits = index.search(word).hits
            found = time.perf_counter()
            assert hits and hits[0].slug == state.slug, word
            saves.append(saved - started)
            findable.append(found - started)
            # The reference: the same kind of change written by hand, then an incremental build.
            other = kb / ENTRIES_DIR / f"{slugs[args.edits + number]}.md"
            other.write_text(other.read_text(encoding="utf-8") + "\nHandprobe\n", "utf-8")
            started = time.perf_counter()
            build_index(kb, work / "index")
            plain.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"### Save → findable: {count:,} entries\n")
    print("| Measurement | n | Median | Max |")
    print("|---|--:|--:|--:|")
    for name, values in (
        ("Save (`Curator.update`: validate, write, commit, index)", saves),
        ("Save until the public search finds it", findable),
        ("Reference: incremental `build_index` after a hand edit", plain),
    ):
        row = f"| {name} | {len(values)} | {statistics.median(values):.2f} s |"
        print(f"{row} {max(values):.2f} s |")
    worst = max(findable)
    print()
    print(
        f"- Save/plain build: {statistics.median(saves) / statistics.median(plain):.2f}× "
        f"(median). Goal: findable within {GOAL_SECONDS:.0f} s — "
        f"{'met' if worst <= GOAL_SECONDS else 'NOT met'} (max {worst:.2f} s)."
    )
    print(f"- Machine: {machine_info()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
