"""Searches in other processes never fail while incremental builds commit.

Whoosh readers open some files lazily and a commit merges segments and deletes files;
a search that meets a vanished file runs again on a fresh searcher, and the facet table
always belongs to the commit its searcher reads.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from indexer.building import build_index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
SEARCHERS = 2
COMMITS = 25
WORDS = ["Integration", "Arbeit", "Sprache", "Ehrenamt", "Schule", "Kinder", "Netzwerk"]

SEARCHER = textwrap.dedent(
    """
    import json, sys, traceback
    from pathlib import Path
    from indexer.searching import Index

    index_dir, kb, stop = (Path(arg) for arg in sys.argv[1:4])
    words = sys.argv[4:]
    index = Index.open(index_dir, kb)
    done, failures = 0, []
    while not stop.exists():
        word = words[done % len(words)]
        try:
            filters = {"themes": ["Arbeit"]} if done % 3 else None
            result = index.search(word, page_size=20, filters=filters)
            for hit in result.hits[:3]:  # entries "neu-…" come and go
                if hit.slug.startswith("beispiel-"):
                    assert index.get(hit.slug).slug == hit.slug
            index.search("", page=2, page_size=20)
        except Exception:
            failures.append(traceback.format_exc())
        done += 1
    print(json.dumps({"searches": done, "failures": failures}))
    """
)


def entry(number: int, round_: int) -> str:
    word = WORDS[(number + round_) % len(WORDS)]
    return "\n".join(
        [
            "---",
            f'title: "Beispiel {number}: {word} vor Ort"',
            f'summary: "Runde {round_}: {word} mit Ehrenamtlichen."',
            "type: Praxisbeispiel",
            "themes: [Arbeit, Sprache]",
            "municipality: Calw",
            "district: Landkreis Calw",
            f"year: {2010 + number % 15}",
            "---",
            "",
            f"## Ausgangslage\n\n{word} und {WORDS[number % len(WORDS)]} in Runde {round_}.",
        ]
    )


def test_searches_in_other_processes_survive_incremental_commits(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    for number in range(60):
        (kb / "entries" / f"beispiel-{number}.md").write_text(entry(number, 0), encoding="utf-8")
    index_dir = tmp_path / "index"
    build_index(kb, index_dir)
    stop = tmp_path / "stop"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", SEARCHER, str(index_dir), str(kb), str(stop), *WORDS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(SEARCHERS)
    ]
    try:
        time.sleep(1.5)  # the searchers are running
        for round_ in range(1, COMMITS + 1):
            for number in range(round_ % 4, 60, 4):  # 15 changed entries per commit
                path = kb / "entries" / f"beispiel-{number}.md"
                path.write_text(entry(number, round_), encoding="utf-8")
            (kb / "entries" / f"neu-{round_}.md").write_text(entry(round_, round_), "utf-8")
            if round_ > 2:
                (kb / "entries" / f"neu-{round_ - 2}.md").unlink()
            report = build_index(kb, index_dir)
            assert report.mode == "incremental" and not report.errors
    finally:
        stop.touch()
        outputs = [worker.communicate(timeout=60) for worker in workers]
    for (stdout, stderr), worker in zip(outputs, workers, strict=True):
        assert worker.returncode == 0, stderr
        result = json.loads(stdout)
        assert result["failures"] == [], result["failures"][0]
        assert result["searches"] > 50, result["searches"]
