"""Words a query asks to leave out ("Sportverein aber nicht Fußball")."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.query_exclusions import exclusion_clause, without_exclusions
from indexer.query_topic import read_topic
from indexer.searching import Index

RELEVANCE_KB = Path(__file__).parent / "relevance" / "kb"


@pytest.mark.parametrize(
    ("typed", "topic", "excluded"),
    [
        ("Sportverein aber nicht Fußball", "Sportverein", ("Fußball",)),
        ("Frauenangebote aber kein Sport", "Frauenangebote", ("Sport",)),
        ("Ehrenamt aber nicht in der Flüchtlingshilfe", "Ehrenamt", ("Flüchtlingshilfe",)),
        ("Vereine außer Sportvereinen", "Vereine", ("Sportvereinen",)),
        ("Kultur, ausgenommen Theater", "Kultur", ("Theater",)),
        (
            "Sprachkurs nicht für Geflüchtete sondern für Pflegekräfte",
            "Sprachkurs für Pflegekräfte",
            ("Geflüchtete",),
        ),
        ("wir haben keine Kita, sondern eine Spielgruppe", "wir haben eine Spielgruppe", ("Kita",)),
        # the situation an entry is about, not a word to leave out
        ("Kinder ohne Kitaplatz", "Kinder ohne Kitaplatz", ()),
        (
            "wie kommen Geflüchtete ohne Auto zur Arbeit",
            "wie kommen Geflüchtete ohne Auto zur Arbeit",
            (),
        ),
        ("Eltern kennen das Schulsystem nicht", "Eltern kennen das Schulsystem nicht", ()),
        ("nicht nur Sport sondern auch Kultur", "nicht nur Sport sondern auch Kultur", ()),
        # nothing left to search: as typed
        ("aber nicht Fußball", "aber nicht Fußball", ()),
    ],
)
def test_words_to_leave_out(typed: str, topic: str, excluded: tuple[str, ...]) -> None:
    assert without_exclusions(typed) == (topic, excluded)


def test_the_topic_keeps_the_words_apart_and_says_so() -> None:
    read = read_topic("Gibt es Beispiele für Sportvereine, aber nicht Fußball?")
    assert read.text == read_topic("Gibt es Beispiele für Sportvereine?").text
    assert read.excluded == ("Fußball",)
    assert any("„Fußball“" in notice and "ausgenommen" in notice for notice in read.notices)


def test_the_clause_names_the_fields_an_entry_is_about() -> None:
    assert exclusion_clause(["Theater"]) == "NOT (title:Theater OR summary:Theater OR tags:Theater)"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    index_dir = tmp_path_factory.mktemp("exclusions") / "index"
    build_index(RELEVANCE_KB, index_dir)
    return Index.open(index_dir, RELEVANCE_KB)


@pytest.mark.parametrize(
    ("query", "left_out", "first"),
    [
        # before, the entry about exactly the excluded word came first
        (
            "Sportverein aber nicht Fußball",
            "fussball-fuer-alle-pforzheim",
            "leitfaden-integration-im-sportverein-kuenzelsau",
        ),
        ("Kultur aber nicht Theater", "theaterprojekt-jugendliche-tuebingen", None),
    ],
)
def test_entries_about_an_excluded_word_are_left_out(
    index: Index, query: str, left_out: str, first: str | None
) -> None:
    result = index.search(query, page_size=50)
    slugs = [hit.slug for hit in result.hits]
    assert slugs and left_out not in slugs
    assert first is None or slugs[0] == first
    assert left_out in [hit.slug for hit in index.search(query.split()[0], page_size=50).hits]
    assert result.total == len(slugs)  # the count leaves it out too


@pytest.mark.parametrize(
    ("query", "left_out"),
    [("Sport -Fußball", "fussball-fuer-alle-pforzheim"),
     ("Flüchtlingshilfe -Ukraine", "ankunft-ukraine-bad-mergentheim")],
)  # fmt: skip
def test_a_word_after_a_minus_is_left_out_like_after_not(
    index: Index, query: str, left_out: str
) -> None:
    """ "-Fußball" searched for Fußball (Whoosh's parser reads "-" as NOT only with its
    plus-minus plugin): the football project came first for "Sport -Fußball"."""
    minus = [hit.slug for hit in index.search(query, page_size=60).hits]
    word = query.split("-")[1]
    with_not = index.search(query.replace(f"-{word}", f"NOT {word}"), page_size=60)
    assert minus and left_out not in minus
    assert set(minus) <= {hit.slug for hit in with_not.hits}
    # a hyphen inside a word is no minus: "Job-Center" is the word "Jobcenter"
    hyphenated = index.search("Job-Center", page_size=60)
    assert [h.slug for h in hyphenated.hits] == [
        h.slug for h in index.search("Jobcenter", page_size=60).hits
    ]
