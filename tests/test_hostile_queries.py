"""Hostile queries: every input the API and the CLI accept is answered, without a
traceback, with a German notice where the query was cut or read differently; and nothing
from drafts shows without drafts being asked for (results, facets, suggestions, get)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.building import build_index
from indexer.cli import cli
from indexer.export import all_hits, results_csv
from indexer.searching import Index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"
SECRET = "Zauberwortgeheimnis"  # a word only a draft has
DRAFT = f"""---
title: "Unveröffentlichter Entwurf"
summary: "Noch nicht freigegeben: {SECRET} im Entwurf."
type: Praxisbeispiel
themes: [Arbeit]
municipality: Entwurfshausen
district: Enzkreis
year: 2024
funding: [Geheimprogramm]
status: entwurf
---

## Ausgangslage

Das {SECRET} steht nur hier.
"""


@pytest.fixture(scope="module")
def kb_and_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile-queries")
    kb = root / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    (kb / "entries" / "entwurf.md").write_text(DRAFT, encoding="utf-8")
    build_index(kb, root / "index")
    return kb, root / "index"


@pytest.fixture(scope="module")
def index(kb_and_index: tuple[Path, Path]) -> Index:
    kb, index_dir = kb_and_index
    return Index.open(index_dir, kb)


LENGTH = "Die Suchanfrage war länger als 500 Zeichen"
WORDS = "Berücksichtigt wurden die ersten 32 Wörter"
SYNTAX = "Die Suchsyntax (AND, OR, NOT, Klammern, Anführungszeichen …) wurde nicht verstanden"
PATTERN = "Ein Suchmuster mit * oder ? passt auf sehr viele Wörter"

# (query, a notice the result must carry, or None for none)
QUERIES = [
    ("markdown:Ausgangslage", None),
    ("front_matter:geheim", None),
    ("checksum:abc", None),
    ("facet_status:entwurf", None),
    (f"spell:{SECRET.lower()}", None),
    ("NOT NOT NOT Arbeit", SYNTAX),
    ("NOT", None),
    ("((((Arbeit", None),
    ('"Integration durch', None),
    ("Arbeit^1000000000", None),
    ("title:", None),
    (":::", None),
    ("\x00\x1b[2J", None),
    ("🙂 年 \u202e", None),
    ("Sprachkurs" * 1000, LENGTH),
    ("x" * 10_000, LENGTH),
    (" ".join(f"unbekanntwort{i}" for i in range(1000)), LENGTH),
    (" ".join(f"wort{i}" for i in range(40)), WORDS),
    ("*", None),
    ("a*", None),
    ("*a*", None),
    ("?????", None),
    ("[a TO z]", None),
    (" ".join(f"{chr(97 + i % 26)}{chr(97 + i // 26)}*" for i in range(32)), None),
    ("Kita oder " * 60 + "Schule", LENGTH),  # "oder" read as OR, 60 times
    ("Kita, " * 100 + "oder Schule", LENGTH),
    (" oder ".join(["Kita"] * 16), None),
    ("oder " * 40, WORDS),
    # words cut short with a full stop: each completed from the entries, none from a draft
    (" ".join(f"{chr(97 + i % 26)}{chr(97 + i // 26)}e." for i in range(40)), WORDS),
    ("Zauberwortgeh. Arbeit", None),
]


@pytest.mark.parametrize(("query", "notice"), QUERIES, ids=[q[:40] for q, _ in QUERIES])
def test_a_hostile_query_is_answered(index: Index, query: str, notice: str | None) -> None:
    result = index.search(query)
    notices = " ".join(result.notices)
    if notice is None:
        assert not [n for n in result.notices if n.startswith((LENGTH, WORDS, SYNTAX))], notices
    else:
        assert notice in notices
    assert "Unveröffentlichter Entwurf" not in {hit.title for hit in result.hits}
    assert "entwurf" not in {hit.slug for hit in result.hits}
    assert SECRET not in notices


@pytest.mark.parametrize("query", ["NOT NOT NOT Arbeit", "*e* Arbeit"])
def test_a_query_searched_again_gives_the_same_result_and_notices(index: Index, query: str) -> None:
    # The second search reuses the first one's parse (`querying.ParsedQueries`).
    first = index.search(query)
    assert first.notices
    for options in ({}, {"page": 2}, {"filters": {"themes": ["Arbeit"]}}, {}):
        again = index.search(query, **options)
        assert again.notices == first.notices
    assert index.search(query).to_dict() == first.to_dict()


@pytest.mark.parametrize(("query", "notice"), QUERIES, ids=[q[:40] for q, _ in QUERIES])
def test_a_hostile_query_on_the_command_line(
    kb_and_index: tuple[Path, Path], query: str, notice: str | None
) -> None:
    kb, index_dir = kb_and_index
    if "\x00" in query:
        query = query.replace("\x00", "")  # no program argument can hold NUL
    result = CliRunner().invoke(cli, ["search", query, "--kb", str(kb), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output  # the query is echoed with escapes made visible
    if notice:
        assert f"Hinweis: {notice}" in result.output


@pytest.mark.parametrize("query", ["-_" * 28 + " b", "-a" * 24 + " b"])
def test_a_query_of_minus_words_is_read_in_linear_time(index: Index, query: str) -> None:
    """Whether a query is only "-word"s was asked with a pattern that tried every way to
    split a failing match: 7 s for 54 characters, twice as long for each 2 more."""
    started = time.perf_counter()
    index.search(query)
    assert time.perf_counter() - started < 5


def test_a_query_may_start_with_a_minus(kb_and_index: tuple[Path, Path]) -> None:
    kb, index_dir = kb_and_index
    result = CliRunner().invoke(
        cli, ["search", "-Arbeit", "--kb", str(kb), "--index", str(index_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "gefunden für „-Arbeit“" in result.output


def test_stored_fields_cannot_be_queried(index: Index) -> None:
    # The body as written is stored, not indexed under "markdown": the words are searched.
    assert (
        index.search("markdown:Ausgangslage").total == index.search("markdown Ausgangslage").total
    )


def test_a_pattern_matching_many_words_is_cut_to_the_most_frequent(index: Index) -> None:
    result = index.search("*e*")
    assert PATTERN in " ".join(result.notices)
    assert result.total > 0


# -- drafts stay invisible ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typo", [SECRET[:-2] + "sn", SECRET[:-2] + "si", SECRET[1:], "K" + SECRET[1:]]
)
def test_a_near_miss_of_a_draft_word_gets_no_suggestion(index: Index, typo: str) -> None:
    # "Zauberwortgeheimnsn" (two edits), "Zauberwortgeheimnsi" (one: the word list's
    # corrections of compounds must not offer it either), "auberwortgeheimnis" and
    # "Kauberwortgeheimnis" (the first letter's edits are looked up apart)
    assert index.search(typo).suggestion is None
    with_drafts = index.search(typo, include_drafts=True)
    assert with_drafts.suggestion is not None
    assert with_drafts.suggestion.lower() == SECRET.lower()  # in the case typed


def test_a_status_filter_never_shows_drafts_without_asking(index: Index) -> None:
    result = index.search("", filters={"status": ["entwurf"]})
    assert result.total == 0
    assert "status" not in result.facets
    assert index.search("", filters={"status": ["entwurf"]}, include_drafts=True).total == 1


def test_facet_values_of_drafts_are_not_shown(index: Index) -> None:
    facets = index.search("").facets
    assert "Entwurfshausen" not in facets["municipality"]
    assert "Geheimprogramm" not in facets["funding"]
    assert index.search("", filters={"funding": ["Geheimprogramm"]}).total == 0


def test_drafts_are_not_found_by_their_words_nor_fetched(index: Index) -> None:
    assert index.search(SECRET).total == 0
    assert index.get("entwurf") is None
    assert index.get("entwurf", include_drafts=True) is not None


def test_exports_have_no_drafts(index: Index) -> None:
    exported = results_csv(all_hits(index, "Arbeit")).decode("utf-8-sig")
    assert "Arbeit" in exported
    assert "Unveröffentlichter Entwurf" not in exported


def test_the_command_line_shows_drafts_only_with_drafts(kb_and_index: tuple[Path, Path]) -> None:
    kb, index_dir = kb_and_index
    base = ["search", "--kb", str(kb), "--index", str(index_dir), "--json"]
    hidden = CliRunner().invoke(cli, [*base, "--filter", "status=entwurf"])
    assert hidden.exit_code == 0, hidden.output
    assert json.loads(hidden.stdout)["total"] == 0
    shown = CliRunner().invoke(cli, [*base, "--filter", "status=entwurf", "--drafts"])
    assert json.loads(shown.stdout)["total"] == 1
