"""Speed as the user feels it: from an action in a real browser to its result on screen.

    python bench/felt_speed.py [--kb DIR] [--index DIR] [--repeat 7] [--no-post-script-gc]

Starts the app on the 10,000-entry benchmark corpus (`--kb`, default /tmp/k10/kb; generated
with `generate_corpus.py --count 10000 --seed 1` when missing; its index is built in a
temporary directory unless `--index` names one built from it) as `make run` does
(`scripts/app_server.py`: `python -m praxisfinder_app.serve`, the repository's
`.streamlit/config.toml`), and drives it with Playwright in Debian's Chromium
(`/usr/bin/chromium`; `playwright install` is never used). Each interaction starts from a
freshly loaded view (not timed), runs once to warm up, then `--repeat` times:

- search: type a word on the start page and press Enter;
- filter: tick a theme on a result list of 6,819 entries;
- entry: click the first result's title;
- page 2: click "Seite 2" under that result list;
- back: the browser's back button from that entry to the result list.

The clock runs in the page (`performance.now()`, from an init script): it starts at the
user's keydown or pointerdown (for "back": at `history.back()`) and stops at the first
animation frame in which Streamlit reports no script running
(`data-test-script-state='notRunning'`), no element is drawn faded as stale, and the
expected text is on screen (the "… Beispiele gefunden" heading with the right count, the
entry's title, "Treffer 11–20 …"), which is checked to be absent before the action.

Where the time goes: the server runs `app.py` through a small wrapper that logs (with
`time.perf_counter`, one clock for all processes on Linux) when the rerun request arrives,
when the script run starts and ends, and when Streamlit sends its "script finished"
message. "Before the script" and "after it" are Streamlit's own work around the run
(after it: by default a full `gc.collect(2)`, `runner.postScriptGC`); "browser" is the rest
of the total: the network, and the page drawing what the server sent, partly while the
script still runs; "long tasks" is how long the page's main thread was blocked in tasks of
≥ 50 ms (`PerformanceObserver`) meanwhile. `--no-post-script-gc` runs the server with
`STREAMLIT_RUNNER_POST_SCRIPT_GC=false`.

Prints a Markdown table of medians and p95 (nearest rank; with n = 7 it is the slowest
run), the goal being ≤ 300 ms median; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_server import CHROMIUM, CHROMIUM_ARGS, running_script  # noqa: E402
from corpus_setup import add_corpus_arguments, corpus_index, load_average  # noqa: E402

from indexer.searching import Index  # noqa: E402

GOAL_MS = 300.0
TIMEOUT_MS = 60_000
SEARCH_WORD = "Sprachförderung"  # typed on the start page
LIST_WORD = "Ehrenamtliche"  # the result list the other interactions start from
THEME = "Sprache"

# The app as the server runs it, logging to $PF_FELT_RUNS (time.perf_counter, which is
# CLOCK_MONOTONIC: one clock for all processes on Linux) when a rerun request arrives, when
# the script run starts and ends, and when the "script finished" message goes out.
TIMED_APP = """\
import os, runpy, time

import streamlit.runtime.runtime as runtime
from streamlit.web.server.starlette import starlette_websocket as websocket


def log(event):
    with open(os.environ["PF_FELT_RUNS"], "a", encoding="utf-8") as runs:
        runs.write(f"{{event}} {{time.perf_counter()}}\\n")


if not getattr(runtime, "pf_felt", False):  # once per server process
    runtime.pf_felt = True
    handle = runtime.Runtime.handle_backmsg
    write = websocket.StarletteSessionClient.write_forward_msg

    def handle_backmsg(self, session_id, msg, **kwargs):
        if msg.WhichOneof("type") == "rerun_script":
            log("request")
        return handle(self, session_id, msg, **kwargs)

    def write_forward_msg(self, msg):
        write(self, msg)
        if msg.WhichOneof("type") == "script_finished":
            log("finished")

    runtime.Runtime.handle_backmsg = handle_backmsg
    websocket.StarletteSessionClient.write_forward_msg = write_forward_msg

log("start")
try:
    runpy.run_path({app!r}, run_name="__main__")
finally:
    log("end")
"""
# Runs in every document before Streamlit's scripts: the clock's marks.
INSTRUMENT = """
(() => {
  const pf = (window.__pf = { armed: false, t0: null, t1: null });
  const start = () => {
    if (pf.armed) {
      pf.armed = false;
      pf.t0 = performance.now();
    }
  };
  window.addEventListener("pointerdown", start, true);
  window.addEventListener("keydown", start, true);
  pf.longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pf.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask" });
  } catch (error) {
    pf.longtasks = null;  // not supported: no "browser busy" figure
  }
})();
"""
ARM = "() => { const pf = window.__pf; pf.armed = true; pf.t0 = pf.t1 = null; }"
BACK = "() => { const pf = window.__pf; pf.t0 = performance.now(); pf.t1 = null; history.back(); }"
# True (and the stop mark set) once the action's script run is over and `spec` holds:
# every [selector, text] of `present` shown, none of `absent`.
SHOWN = """
(spec) => {
  const pf = window.__pf;
  if (pf.t0 === null) return false;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-stale='true']")) return false;
  const shown = (selector, text) => Array.from(
    document.querySelectorAll(selector), (e) => e.textContent.trim()
  ).includes(text);
  if (!spec.present.every(([s, t]) => shown(s, t))) return false;
  if (spec.absent.some(([s, t]) => shown(s, t))) return false;
  pf.t1 = performance.now();
  return true;
}
"""
# Whether the expected texts are there already (they must not be before the action).
ALREADY = """
(spec) => spec.present.every(([selector, text]) => Array.from(
  document.querySelectorAll(selector), (e) => e.textContent.trim()
).includes(text))
"""
SEEN = """
() => ({
  state: document.querySelector("[data-testid='stApp']")?.getAttribute("data-test-script-state"),
  stale: document.querySelectorAll("[data-stale='true']").length,
  headings: Array.from(document.querySelectorAll("h1, h2, h3"), (e) => e.textContent.trim()),
  captions: Array.from(document.querySelectorAll("p"), (e) => e.textContent.trim()).slice(0, 30),
  url: location.href,
  t0: window.__pf.t0,
})
"""
MARKS = """
() => {
  const pf = window.__pf;
  const busy = (pf.longtasks || [])
    .map(([start, duration]) => Math.min(start + duration, pf.t1) - Math.max(start, pf.t0))
    .filter((d) => d > 0);
  return { t0: pf.t0, t1: pf.t1, busy: busy.reduce((a, b) => a + b, 0) };
}
"""


def progress(message: str) -> None:
    print(f"[felt_speed] {message}", file=sys.stderr, flush=True)


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def found(total: int) -> str:
    return (
        f"{number(total)} Beispiel gefunden"
        if total == 1
        else f"{number(total)} Beispiele gefunden"
    )


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


@dataclass
class Sample:
    """One interaction, in ms."""

    total: float  # action → shown (page clock)
    before: float  # server: rerun request arrived → script run starts
    script: float  # server: the script run (search, facets, elements)
    after: float  # server: script run ends → "script finished" message sent
    busy: float  # the page's main thread in long tasks (≥ 50 ms each) meanwhile

    @property
    def browser(self) -> float:
        """All but the server's part: the page before sending and after receiving, the
        network, and the page drawing elements while the script runs (the overlap)."""
        return max(0.0, self.total - self.before - self.script - self.after)


@dataclass
class Interaction:
    name: str
    setup: Callable[[Page], None]  # loads the starting view (not timed)
    act: Callable[[Page], None]  # the user's action (arms or sets the start mark)
    present: list[tuple[str, str]]
    absent: list[tuple[str, str]] = field(default_factory=list)


class Felt:
    def __init__(self, page: Page, base: str, runs: Path) -> None:
        self.page = page
        self.base = base
        self.runs = runs  # the timed app's log

    def server_times(self, since: float) -> tuple[float, float, float]:
        """ms of the server's part of the first rerun requested after `since`: request →
        script start, the script run, script end → "script finished" sent."""
        events = []
        for line in self.runs.read_text(encoding="utf-8").splitlines():
            event, at = line.split()
            events.append((event, float(at)))

        def first(event: str, after: float) -> float:
            return next(at for name, at in events if name == event and at > after)

        try:
            request = first("request", since)
            start = first("start", request)
            end = first("end", start)
            finished = first("finished", end)
        except StopIteration:
            raise RuntimeError("the server logged no complete script run") from None
        return (start - request) * 1000, (end - start) * 1000, (finished - end) * 1000

    def open(self, path: str) -> None:
        """Load a view and wait until it is drawn and the network is quiet."""
        self.page.goto(self.base + path)
        self.page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
        self.page.wait_for_function(
            "() => !document.querySelector('[data-stale=\"true\"]')"
            " && document.fonts.status === 'loaded'"
        )
        self.page.wait_for_load_state("networkidle")

    def measure(self, item: Interaction) -> Sample:
        item.setup(self.page)
        spec = {"present": item.present, "absent": item.absent}
        if self.page.evaluate(ALREADY, spec):
            raise SystemExit(f"{item.name}: {item.present} is shown before the action")
        since = time.perf_counter()
        item.act(self.page)
        try:
            self.page.wait_for_function(SHOWN, arg=spec, polling="raf", timeout=TIMEOUT_MS)
        except PlaywrightTimeoutError:
            seen = self.page.evaluate(SEEN)
            raise SystemExit(f"{item.name}: expected {spec}, the page shows {seen}") from None
        marks: dict[str, Any] = self.page.evaluate(MARKS)
        return Sample(marks["t1"] - marks["t0"], *self.server_times(since), marks["busy"])


def click(locate: Callable[[Page], Any]) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        target = locate(page)
        target.wait_for()
        page.evaluate(ARM)
        target.click()

    return act


def interactions(felt: Felt, index: Index) -> list[Interaction]:
    listing = index.search(LIST_WORD)
    first = listing.hits[0]
    theme_count = listing.facets["themes"][THEME]
    filtered = index.search(LIST_WORD, filters={"themes": [THEME]}).total
    list_path = f"/suche?q={LIST_WORD}"
    heading = "h1, h2, h3"

    def search(page: Page) -> None:
        box = page.get_by_role("textbox", name="Suchbegriff")
        box.fill(SEARCH_WORD)
        page.evaluate(ARM)
        box.press("Enter")

    def to_entry(page: Page) -> None:
        felt.open(list_path)
        page.get_by_role("link", name=first.title, exact=True).first.click()
        page.wait_for_function(SHOWN_ENTRY, arg=first.title, timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")

    return [
        Interaction(
            "Search: type a word, Enter",
            lambda page: felt.open("/"),
            search,
            [(heading, found(index.search(SEARCH_WORD).total))],
        ),
        Interaction(
            f"Filter: tick a theme ({number(listing.total)} → {number(filtered)} results)",
            lambda page: felt.open(list_path),
            click(
                lambda page: (
                    page.locator("label")
                    .filter(has_text=re.compile(rf"^{THEME} \({number(theme_count)}\)$"))
                    .first
                )
            ),
            [(heading, found(filtered))],
        ),
        Interaction(
            "Open an entry (first result)",
            lambda page: felt.open(list_path),
            click(lambda page: page.get_by_role("link", name=first.title, exact=True).first),
            [("h1", first.title), (heading, "Auf einen Blick")],
        ),
        Interaction(
            "Result page 2",
            lambda page: felt.open(list_path),
            click(lambda page: page.get_by_role("link", name="Seite 2", exact=True)),
            [("p", f"Treffer 11–20 von {number(listing.total)}")],
        ),
        Interaction(
            "Back from the entry to the list",
            to_entry,
            lambda page: page.evaluate(BACK),
            [(heading, found(listing.total)), ("p", f"Treffer 1–10 von {number(listing.total)}")],
            [("h1", first.title)],
        ),
    ]


SHOWN_ENTRY = """
(title) => {
  const app = document.querySelector("[data-testid='stApp']");
  return app && app.getAttribute("data-test-script-state") === "notRunning"
    && !document.querySelector("[data-stale='true']")
    && Array.from(document.querySelectorAll("h1"), (e) => e.textContent.trim()).includes(title);
}
"""


def ms(value: float) -> str:
    return f"{value:.0f} ms"


def table(results: list[tuple[str, list[Sample]]], repeat: int) -> str:
    lines = [
        f"| Interaction (n = {repeat}) | median | p95 | server: before the script "
        "| script run | after it | browser | browser: long tasks |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, samples in results:
        totals = [s.total for s in samples]
        parts = [
            statistics.median(getattr(s, part) for s in samples)
            for part in ("before", "script", "after", "browser", "busy")
        ]
        lines.append(
            f"| {name} | {ms(statistics.median(totals))} | {ms(percentile(totals, 95))} | "
            + " | ".join(ms(p) for p in parts)
            + " |"
        )
    return "\n".join(lines)


def run(
    kb: Path, index_dir: Path, repeat: int, tmp: Path, options: dict[str, str]
) -> list[tuple[str, list[Sample]]]:
    index = Index.open(index_dir)
    app = tmp / "timed_app.py"
    app.write_text(TIMED_APP.format(app=str(REPO / "app.py")), encoding="utf-8")
    runs = tmp / "runs.txt"
    runs.touch()
    env = {"PRAXISFINDER_KB": str(kb), "PRAXISFINDER_INDEX": str(index_dir), **options}
    results = []
    with (
        running_script(app, {**env, "PF_FELT_RUNS": str(runs)}, timeout=180) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
        context.add_init_script(INSTRUMENT)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        felt = Felt(page, base, runs)
        felt.open("/")  # the app opens the index on its first page
        for item in interactions(felt, index):
            felt.measure(item)  # warm-up, not counted
            samples = [felt.measure(item) for _ in range(repeat)]
            results.append((item.name, samples))
            totals = ", ".join(f"{s.total:.0f}" for s in samples)
            progress(f"{item.name}: {totals} ms")
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per interaction")
    parser.add_argument(
        "--no-post-script-gc",
        action="store_true",
        help="run the server with Streamlit's runner.postScriptGC off (a full garbage "
        "collection after every script run), to see what it costs",
    )
    args = parser.parse_args(argv)
    options = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"} if args.no_post_script_gc else {}
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")

    with tempfile.TemporaryDirectory(prefix="felt-speed-") as tmp:
        index_dir = corpus_index(args, Path(tmp), progress)
        load_before = load_average()
        results = run(args.kb, index_dir, args.repeat, Path(tmp), options)
    load_after = load_average()
    print(
        f"Felt speed, {args.kb} in Chromium (headless, 1280×1000); {platform.system()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Streamlit "
        f"{streamlit.__version__}; load average (1/5/15 min) {load_before} before, "
        f"{load_after} after. Goal: ≤ {GOAL_MS:.0f} ms median."
        + (" Server with runner.postScriptGC off." if args.no_post_script_gc else "")
        + "\n"
    )
    print(table(results, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
