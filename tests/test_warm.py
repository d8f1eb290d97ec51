"""`Index.warm` loads what a process's first search would otherwise wait for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from indexer.building import build_index

ROOT = Path(__file__).resolve().parents[1]
# In a fresh interpreter: which lazily read tables are loaded before and after warm().
PROBE = """
import json, sys
from indexer.german import compounds, lemmas, thesaurus
from indexer.searching import Index
tables = {
    "lexicon": compounds.lexicon, "part stems": compounds._part_stems,
    "lemmas": lemmas._tables, "thesaurus": thesaurus._by_word,
    "thesaurus by term": thesaurus._by_bucket,
}
def loaded():
    return {name: f.cache_info().currsize > 0 for name, f in tables.items()}
index = Index.open(sys.argv[1], sys.argv[2])
before = loaded()
index.warm()
synonyms = index._synonyms._stamp is not None
print(json.dumps({"before": before, "after": loaded(), "synonyms": synonyms}))
"""


def test_warm_loads_the_word_tables_of_the_first_search(tmp_path: Path) -> None:
    build_index(ROOT / "kb", tmp_path / "index")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "index"), str(ROOT / "kb")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    state = json.loads(done.stdout)
    assert not any(state["before"].values()), state["before"]
    assert all(state["after"].values()), state["after"]
    assert state["synonyms"]
