"""The benchmark corpus and its index, as the browser and export benchmarks set them up:
`--kb` (generated when it has no entries yet) and `--index` (built when not given)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from generate_corpus import generate

from indexer.building import build_index

DEFAULT_KB = Path("/tmp/k10/kb")


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help="corpus (generated if missing)")
    parser.add_argument("--index", type=Path, help="an index already built from --kb")
    parser.add_argument("--count", type=int, default=10_000, help="entries, when generating")
    parser.add_argument("--seed", type=int, default=1, help="seed, when generating")


def corpus_index(args: argparse.Namespace, work: Path, progress: Callable[[str], None]) -> Path:
    """The index of `args.kb`: `args.index`, or one built into `work` (the corpus is
    generated first when `args.kb` has no entries)."""
    if not (args.kb / "entries").is_dir():
        progress(f"generating {args.count} entries into {args.kb} …")
        generate(args.kb, args.count, args.seed)
    if args.index is not None:
        return args.index
    index_dir = work / "index"
    progress(f"building the index of {args.kb} (about a minute) …")
    build_index(args.kb, index_dir, full=True)
    return index_dir


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())
