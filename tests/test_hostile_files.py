"""Hostile files in the knowledge base: each is reported with a German message naming the
file (and line), and every good entry is still validated and indexed, in full and in
incremental builds.

Every case runs the real CLI in a subprocess with a timeout and a memory cap, so a
regression shows as a failure, not as a hung or swapped-out test run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
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


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    for slug in GOOD:
        (kb / "entries" / f"{slug}.md").write_text(good_entry(slug), encoding="utf-8")
    return kb


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indexer", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=cap_memory,
        env={**os.environ, **(env or {})},
        check=False,
    )


def found(index: Path, kb: Path, query: str) -> list[str]:
    """The entries with every word of the query (not the related ones that follow)."""
    done = cli("search", query, "--json", "--kb", kb, "--index", index)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return [hit["slug"] for hit in result["hits"][: result["exact_total"]]]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_hostile_file_is_reported_and_every_good_entry_indexed(
    kb: Path, tmp_path: Path, case: Case
) -> None:
    index = tmp_path / "index"
    assert cli("build", "--kb", kb, "--index", index).returncode == 0  # before the bad file
    case.make(kb)
    expected = len(GOOD) + case.indexed

    validated = cli("validate", "--kb", kb, env=case.env)
    assert validated.returncode == (1 if case.severity == "Fehler" else 0), validated.stderr
    where = f"{case.path}:{case.line}" if case.line else case.path
    if case.message:
        assert f"{where}: {case.severity}: " in validated.stderr
        assert case.message in validated.stderr
    assert "Traceback" not in validated.stderr
    assert "\x1b" not in validated.stderr.replace("\x1b[0m", "").replace("\x1b[31m", "")

    # Incremental: the other changes are applied although the bad file is there.
    changed = kb / "entries" / "jobpaten-balingen.md"
    changed.write_text(good_entry("jobpaten-balingen", "Neu: Bewerbungstraining."), "utf-8")
    updated = cli("build", "--kb", kb, "--index", index, env=case.env)
    assert updated.returncode == 0, updated.stderr
    assert f"Aktualisierung: {expected} Einträge im Index" in updated.stdout
    assert "Traceback" not in updated.stderr
    assert found(index, kb, "Bewerbungstraining") == ["jobpaten-balingen"]

    rebuilt = cli("build", "--full", "--kb", kb, "--index", index, env=case.env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"Neuaufbau: {expected} Einträge im Index" in rebuilt.stdout
    if case.message:
        assert case.message in rebuilt.stderr
    assert set(GOOD) <= set(found(index, kb, "gutes Beispiel"))
    assert found(index, kb, "Geheimes Papier") == []  # nothing from outside the kb
