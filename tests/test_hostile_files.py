"""Hostile files in the knowledge base: each is reported with a German message naming the
file (and line), and every good entry is still validated and indexed, in full and in
incremental builds.

Every case runs the real CLI in a subprocess with a timeout and a memory cap, so a
regression shows as a failure, not as a hung or swapped-out test run. The index of the
good entries (the build before the bad file) is built once and copied into each case;
cases run side by side, one per core, and each test checks its own case's output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
TIMEOUT = 60  # seconds per command; good input takes about one
MEMORY_CAP = 3 * 1024**3  # bytes of address space per command

GOOD = {
    "sprachcafe-calw": ("Sprachcafé in Calw", "Calw", "Landkreis Calw", ["Sprache"]),
    "jobpaten-balingen": ("Jobpaten in Balingen", "Balingen", "Zollernalbkreis", ["Arbeit"]),
    "lerninsel-tiefenbronn": ("Lerninsel Tiefenbronn", "Tiefenbronn", "Enzkreis", ["Bildung"]),
}


def entry(
    title: str = "Begegnungscafé Nagold",
    *,
    front: str = "",
    body: str = "## Ausgangslage\n\nEin Treffpunkt für alle.\n",
    municipality: str = "Nagold",
    district: str = "Landkreis Calw",
    themes: tuple[str, ...] = ("Teilhabe",),
) -> str:
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        'summary: "Ehrenamtliche laden jede Woche ein."',
        "type: Praxisbeispiel",
        f"themes: {json.dumps(list(themes), ensure_ascii=False)}",
        f"municipality: {municipality}",
        f"district: {district}",
        "year: 2019",
    ]
    return "\n".join([*lines, *([front] if front else []), "---", "", body])


def nested_laughs(levels: int = 9) -> str:
    """Nested anchors &a … &i, each a list of ten references to the one before."""
    names = "abcdefghi"[:levels]
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for before, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]")
    return "\n".join(lines)


@dataclass
class Case:
    """One hostile file: how to make it, and what validate and build must say."""

    make: Callable[[Path], None]
    message: str  # part of the German message
    line: int | None = None  # the reported line, where the file has one
    severity: str = "Fehler"
    indexed: bool = False  # whether the hostile entry itself is indexed after all
    env: dict[str, str] = field(default_factory=dict)
    path: str = "entries/boese.md"


def write(text: str | bytes, rel: str = "entries/boese.md") -> Callable[[Path], None]:
    def make(kb: Path) -> None:
        path = kb / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")

    return make


def symlink(target: str | Callable[[Path], Path], rel: str = "entries/boese.md") -> Callable:
    def make(kb: Path) -> None:
        link = kb / rel
        link.symlink_to(target(kb) if callable(target) else target)

    return make


def fifo(kb: Path) -> None:
    os.mkfifo(kb / "entries" / "boese.md")


def directory(kb: Path) -> None:
    (kb / "entries" / "boese.md").mkdir()


def outside_file(kb: Path) -> Path:
    secret = kb.parent / "geheim.md"
    secret.write_text(entry("Geheimes Papier"), encoding="utf-8")
    return secret


LAUGHS = "\n".join(f"  {line}" for line in nested_laughs().split("\n"))
HUGE_WORD = "Sprachkurs" * 500_000  # one word of 5 MB
REFUSED = "Die Kopfdaten werden nicht gelesen"

CASES = {
    "billion laughs under an unknown key": Case(
        write(entry(front="lachen:\n" + LAUGHS)), f"{REFUSED}: Verweise mit „*“", line=11
    ),
    "billion laughs under a known key": Case(
        write(entry(front="tags:\n  - x\n" + "partners: &p [a, b]\ncontact: *p")),
        f"{REFUSED}: Verweise mit „*“",
        line=12,
    ),
    "10,000 brackets": Case(
        write(entry(front="tags: " + "[" * 10_000)), "mehr als 16 Ebenen", line=9
    ),
    "3,000 nested mappings": Case(
        write(entry(front="deep: " + "{a: " * 3000 + "1" + "}" * 3000)),
        "mehr als 16 Ebenen",
        line=9,
    ),
    "500 nested lists under an unknown key": Case(
        write(entry(front="deep:\n" + "".join(f"{'  ' * i}- \n" for i in range(500)))),
        "mehr als 16 Ebenen",
        line=25,  # where the 17th level begins
    ),
    "impossible month and day": Case(
        write(entry(front="updated: 2026-13-45")), "Ungültiges Datum „2026-13-45“", line=9
    ),
    "year zero": Case(
        write(entry(front="updated: 0000-01-01")), "Ungültiges Datum „0000-01-01“", line=9
    ),
    "an integer of 5,000 digits": Case(
        write(entry(front="population: " + "9" * 5000)), "ein Wert ist nicht lesbar", line=9
    ),
    "a binary value": Case(
        write(entry(front="population: !!binary aGFsbG8=")), "Einwohnerzahl", line=9
    ),
    "a Python tag": Case(
        write(entry(front="tags: !!python/object:os.system ls")),
        "ein unbekannter YAML-Typ",
        line=9,
    ),
    "a lone surrogate in the title": Case(
        write(entry(title="\ud800")), "ungültiges Unicode-Zeichen", line=2
    ),
    "a 5 MB word in the body (file limit raised)": Case(
        write(entry(body=HUGE_WORD)),
        "",
        severity="",
        indexed=True,
        env={"PRAXISFINDER_MAX_FILE_BYTES": "8000000"},
    ),
    "a file over the size limit": Case(
        write(entry(body=HUGE_WORD)), "größer als erlaubt (2.000.000 Bytes)"
    ),
    "a word of 1,500 compound parts": Case(
        write(entry(body="Die " + "Sprachkurs" * 1500 + "leitung")), "", severity="", indexed=True
    ),
    # gender marks in a hyphenated word of 17,000 characters: a recursion per mark
    # (RecursionError stopped the whole build), a pass over the word per "innen"
    "a hyphenated word of 1,000 gender marks": Case(
        write(entry(body="Die " + "Bürger" + ":innenbeteiligung" * 1000 + "-Kreis")),
        "",
        severity="",
        indexed=True,
    ),
    "a hyphen before a word of 100,000 letters": Case(
        write(entry(body="Haupt- und E" + "ä" * 100_000)), "", severity="", indexed=True
    ),
    "a symlink to /dev/zero": Case(symlink("/dev/zero"), "außerhalb der Wissensbasis"),
    "a FIFO": Case(fifo, "Keine gewöhnliche Datei"),
    "a dangling symlink": Case(symlink("gibt-es-nicht.md"), "zeigt auf keine Datei"),
    "a symlink loop": Case(symlink("boese.md"), "lässt sich nicht auflösen"),
    "a symlink to a file outside the kb": Case(symlink(outside_file), "außerhalb der Wissensbasis"),
    "a directory named like an entry": Case(directory, "", severity=""),
    "a duplicate slug in a sub-folder": Case(
        write(entry("Doppelgänger"), "entries/alt/sprachcafe-calw.md"),
        "Doppelter Slug „sprachcafe-calw“",
        line=1,
        path="entries/alt/sprachcafe-calw.md",
    ),
    "an unreadable file": Case(write(entry()), "", severity=""),  # replaced below if root
    "terminal escapes in a value shown in a message": Case(
        write(entry(title="\x1b[2J", district='"\\e]0;pwned\\a"')),
        "Der Kreis „\\x1b]0;pwned\\x07“",
        line=7,
        severity="Warnung",
        indexed=True,
    ),
}
if os.geteuid() != 0:  # root reads every file: the case only exists for other users
    CASES["an unreadable file"] = Case(
        lambda kb: (write(entry())(kb), (kb / "entries/boese.md").chmod(0)),
        "fehlende Leserechte",
    )
else:
    del CASES["an unreadable file"]


def good_entry(slug: str, extra: str = "") -> str:
    title, municipality, district, themes = GOOD[slug]
    body = f"## Ausgangslage\n\n{title}: ein gutes Beispiel. {extra}\n"
    return entry(title, body=body, municipality=municipality, district=district, themes=themes)


def good_kb(kb: Path) -> Path:
    (kb / "entries").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    for slug in GOOD:
        (kb / "entries" / f"{slug}.md").write_text(good_entry(slug), encoding="utf-8")
    return kb


@pytest.fixture(scope="module")
def built_before(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The good kb and its index as the CLI builds it before any bad file arrives: built
    once, copied into each case (the incremental build compares checksums, not paths)."""
    root = tmp_path_factory.mktemp("before")
    kb, index = good_kb(root / "kb"), root / "index"
    built = cli("build", "--kb", kb, "--index", index)
    assert built.returncode == 0, built.stderr
    return kb, index


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m indexer ARGS` with a timeout and a memory cap. The cap is set by
    util-linux's prlimit, not a preexec_fn, which is unsafe with threads (`Runs`)."""
    return subprocess.run(
        ["prlimit", f"--as={MEMORY_CAP}", "--", sys.executable, "-m", "indexer", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def found(done: subprocess.CompletedProcess) -> list[str]:
    """The entries with every word of the query (not the related ones that follow)."""
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return [hit["slug"] for hit in result["hits"][: result["exact_total"]]]


def search(index: Path, kb: Path, query: str) -> subprocess.CompletedProcess:
    return cli("search", query, "--json", "--kb", kb, "--index", index)


@dataclass
class Run:
    """What the CLI said at each step of one case, for the test to check in order."""

    validated: subprocess.CompletedProcess
    updated: subprocess.CompletedProcess
    updated_search: subprocess.CompletedProcess
    rebuilt: subprocess.CompletedProcess
    good_search: subprocess.CompletedProcess
    secret_search: subprocess.CompletedProcess


def run_case(case: Case, root: Path, before: tuple[Path, Path]) -> Run:
    kb, index = root / "kb", root / "index"
    shutil.copytree(before[0], kb, symlinks=True)
    shutil.copytree(before[1], index, symlinks=True)
    case.make(kb)
    validated = cli("validate", "--kb", kb, env=case.env)
    # Incremental: the other changes are applied although the bad file is there.
    changed = kb / "entries" / "jobpaten-balingen.md"
    changed.write_text(good_entry("jobpaten-balingen", "Neu: Bewerbungstraining."), "utf-8")
    updated = cli("build", "--kb", kb, "--index", index, env=case.env)
    updated_search = search(index, kb, "Bewerbungstraining")
    rebuilt = cli("build", "--full", "--kb", kb, "--index", index, env=case.env)
    return Run(
        validated,
        updated,
        updated_search,
        rebuilt,
        search(index, kb, "gutes Beispiel"),
        search(index, kb, "Geheimes Papier"),
    )


class Runs:
    """The selected cases, run in the background a few at a time: each case's commands
    run one after another, but cases are independent, and each command spends most of
    its time starting Python on one core."""

    def __init__(self, names: list[str], root: Path, before: tuple[Path, Path]) -> None:
        workers = max(1, min(4, os.cpu_count() or 1))
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.runs = {
            name: self.pool.submit(run_case, CASES[name], root / f"case{n}", before)
            for n, name in enumerate(names)
        }

    def result(self, name: str) -> Run:
        return self.runs[name].result()


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    built_before: tuple[Path, Path],
) -> Iterator[Runs]:
    test = test_a_hostile_file_is_reported_and_every_good_entry_indexed.__name__
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", None) == test and item.module is request.module
    ]
    runs = Runs(names, tmp_path_factory.mktemp("cases"), built_before)
    yield runs
    runs.pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("name", CASES.keys())
def test_a_hostile_file_is_reported_and_every_good_entry_indexed(runs: Runs, name: str) -> None:
    case, run = CASES[name], runs.result(name)
    expected = len(GOOD) + case.indexed

    validated = run.validated
    assert validated.returncode == (1 if case.severity == "Fehler" else 0), validated.stderr
    where = f"{case.path}:{case.line}" if case.line else case.path
    if case.message:
        assert f"{where}: {case.severity}: " in validated.stderr
        assert case.message in validated.stderr
    assert "Traceback" not in validated.stderr
    assert "\x1b" not in validated.stderr.replace("\x1b[0m", "").replace("\x1b[31m", "")

    updated = run.updated
    assert updated.returncode == 0, updated.stderr
    assert f"Aktualisierung: {expected} Einträge im Index" in updated.stdout
    assert "Traceback" not in updated.stderr
    assert found(run.updated_search) == ["jobpaten-balingen"]

    rebuilt = run.rebuilt
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"Neuaufbau: {expected} Einträge im Index" in rebuilt.stdout
    if case.message:
        assert case.message in rebuilt.stderr
    assert set(GOOD) <= set(found(run.good_search))
    assert found(run.secret_search) == []  # nothing from outside the kb
