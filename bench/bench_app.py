"""Benchmark the app's server side: each user interaction, timed with Streamlit's AppTest.

    python bench/bench_app.py [--count 10000] [--repeat 7] [--seed 1] [--keep DIR] [--quick]

Generates a synthetic knowledge base (bench/generate_corpus.py), builds its index, then
runs the app headless with `streamlit.testing.v1.AppTest` and times each interaction from
the widget change to the finished script run: the search calls, facet counts, rendering
of every element and Streamlit's own bookkeeping. Network and the browser's drawing are
not included. Prints a Markdown table of medians and p95 (with n) for README; the goal is
under 300 ms per interaction at 10,000 entries. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate  # noqa: E402

from indexer.building import build_index  # noqa: E402
from indexer.searching import Index  # noqa: E402

APP = str(REPO / "app.py")
GOAL_MS = 300.0
TIMEOUT = 120.0

Params = dict[str, str | list[str]]
# An interaction: (name, query parameters to start from, action on the loaded app or None
# to time the page load with those parameters itself).
Interaction = tuple[str, Params, Callable[[AppTest], AppTest] | None]


def progress(message: str) -> None:
    print(f"[bench_app] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


def loaded(params: Params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def checked(at: AppTest, where: str) -> AppTest:
    if at.exception:
        raise RuntimeError(f"{where}: the app raised {[e.value for e in at.exception]}")
    return at


def search(query: str) -> Callable[[AppTest], AppTest]:
    def act(at: AppTest) -> AppTest:
        at.text_input(key="pf_q").input(query)
        return at.button(key="FormSubmitter:pf_search-Suchen").click().run()

    return act


def check(facet: str, value: str) -> Callable[[AppTest], AppTest]:
    return lambda at: at.checkbox(key=f"pf_facet:{facet}:{value}").check().run()


def pick_entry(index: Index, query: str) -> str:
    hits = index.search(query, page_size=1).hits
    if not hits:
        raise RuntimeError(f"no entry for {query!r}")
    return hits[0].slug


def interactions(index: Index) -> list[Interaction]:
    overview = index.search(page_size=1)
    district = next(iter(overview.facets["district"]))
    years = sorted(int(y) for y in overview.facets["year"])
    entry = pick_entry(index, "Sprachcafé")
    return [
        ("Landing page (themes, newest, chart)", {}, None),
        ("Search: one word, Enter", {}, search("Sprachförderung")),
        ("Search: two words, Enter", {}, search("Sportverein Jugendliche")),
        ("Search: typo with suggestion", {}, search("Sprachfördrung")),
        ("Facet: tick a theme", {"q": "Ehrenamtliche"}, check("themes", "Sprache")),
        ("Facet: tick a type", {"q": "Ehrenamtliche"}, check("type", "Leitfaden")),
        (
            "Facet: choose a district",
            {"q": "Ehrenamtliche"},
            lambda at: at.multiselect(key="pf_multi:district").select(district).run(),
        ),
        (
            "Facet: year from",
            {"q": "Ehrenamtliche"},
            lambda at: at.selectbox(key="pf_year_from").select(years[len(years) // 2]).run(),
        ),
        ("All entries, no query", {"sort": "neueste"}, None),
        (
            "Sort by newest",
            {"q": "Ehrenamtliche"},
            lambda at: at.radio(key="pf_sort").set_value("year").run(),
        ),
        ("Result page 5 (link)", {"q": "Ehrenamtliche", "seite": "5"}, None),
        (
            "Remove a filter chip",
            {"q": "Ehrenamtliche", "thema": ["Sprache", "Sport"], "typ": "Projekt"},
            lambda at: (
                next(b for b in at.button if (b.key or "").startswith("pf_remove:")).click().run()
            ),
        ),
        (
            "No results, with filter advice",
            {"q": "Ehrenamtliche", "thema": "Sport", "typ": "Leitfaden", "kreis": district},
            None,
        ),
        ("Entry page (Markdown, related entries)", {"q": "Sprachcafé", "eintrag": entry}, None),
        ("Unknown entry", {"eintrag": "gibt-es-nicht"}, None),
    ]


def time_interaction(item: Interaction, repeat: int) -> list[float]:
    """Seconds per run; a link (action None) is a rerun of an open session with its params."""
    name, params, action = item
    samples = []
    for run in range(repeat + 1):  # the first run warms up and is not counted
        if action is None:
            at = checked(loaded({}).run(), name)
            for key, value in params.items():
                at.query_params[key] = value
            started = time.perf_counter()
            checked(at.run(), name)
        else:
            at = checked(loaded(params).run(), name)
            started = time.perf_counter()
            checked(action(at), name)
        if run:
            samples.append(time.perf_counter() - started)
    return samples


# For comparison: the search API alone, without the app (query, sort).
API_CASES = [
    ("Sprachförderung", "relevance"),
    ("Ehrenamtliche", "relevance"),
    ("Ehrenamtliche", "year"),
]


def time_api(index: Index, repeat: int) -> list[tuple[str, int, list[float]]]:
    rows = []
    for query, sort in API_CASES:
        total = index.search(query, sort=sort).total  # warm-up
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            index.search(query, sort=sort)  # type: ignore[arg-type]
            samples.append(time.perf_counter() - started)
        rows.append((f"`Index.search({query!r}, sort={sort!r})`", total, samples))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="entries (default 10000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per interaction")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate the corpus here (or reuse it)")
    parser.add_argument("--quick", action="store_true", help="500 entries, 3 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.repeat = 500, 3
    set_log_level("error")
    # AppTest used outside a script run warns about a missing ScriptRunContext: harmless.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        kb = args.keep or Path(tmp) / "kb"
        if not (kb / "entries").is_dir() or not any((kb / "entries").iterdir()):
            progress(f"generating {args.count} entries in {kb}")
            generate(kb, args.count, args.seed)
        index_dir = Path(tmp) / "index"
        progress("building the index")
        started = time.perf_counter()
        report = build_index(kb, index_dir)
        progress(f"{report.total} entries indexed in {time.perf_counter() - started:.1f} s")
        os.environ["PRAXISFINDER_KB"] = str(kb)
        os.environ["PRAXISFINDER_INDEX"] = str(index_dir)

        started = time.perf_counter()
        checked(loaded({}).run(), "first load")
        first_load = time.perf_counter() - started

        index = Index.open(index_dir)
        rows = []
        for item in interactions(index):
            progress(item[0])
            samples = time_interaction(item, args.repeat)
            rows.append((item[0], samples))
        api_rows = time_api(index, args.repeat)

    print(f"App interactions, server side (AppTest), {report.total:,} entries; {machine()}")
    print()
    print("| Interaction | median | p95 | n |")
    print("|---|---:|---:|---:|")
    print(
        f"| First page load in a new process (opens the index) | {first_load * 1000:.0f} ms | | 1 |"
    )
    slowest = 0.0
    for name, samples in rows:
        median = statistics.median(samples) * 1000
        slowest = max(slowest, median)
        p95 = percentile(samples, 95) * 1000
        print(f"| {name} | {median:.0f} ms | {p95:.0f} ms | {len(samples)} |")
    print()
    print("For comparison, the search API alone (no app):")
    print()
    print("| Call | entries found | median | p95 | n |")
    print("|---|---:|---:|---:|---:|")
    for name, total, samples in api_rows:
        median = statistics.median(samples) * 1000
        p95 = percentile(samples, 95) * 1000
        print(f"| {name} | {total:,} | {median:.0f} ms | {p95:.0f} ms | {len(samples)} |")
    print()
    verdict = "met" if slowest < GOAL_MS else "NOT met"
    print(f"Slowest median: {slowest:.0f} ms; goal of {GOAL_MS:.0f} ms per interaction {verdict}.")
    return 0 if slowest < GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
