"""Words a query asks to leave out ("Sportverein aber nicht Fußball")."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.query import Not, Query

from indexer.building import build_index
from indexer.query_exclusions import exclusion_clause, without_exclusions
from indexer.query_topic import read_topic
from indexer.querying import QueryBuilder
from indexer.schema import build_schema
from indexer.searching import Index
from indexer.synonyms import SynonymTable

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
        # after a clause, "aber kein X" names what is missing: the need, not to leave out
        ("Geflüchtete haben Arbeit, aber keine Wohnung", None, ()),
        ("Wir haben viele Helfer, aber keine Koordination", None, ()),
        ("Sprachkurs ja, aber keine Kinderbetreuung", None, ()),
        ("das Kind lernt schnell, aber nicht in der Schule", None, ()),
        # an infinitive before "aber nicht" is a topic's: "Deutsch lernen" is no clause
        ("Deutsch lernen, aber nicht im Sprachkurs", "Deutsch lernen", ("Sprachkurs",)),
        # a request before it is a topic: "Ich suche", "Gibt es Beispiele für" say nothing
        ("Ich suche Sportangebote, aber nicht Fußball", "Ich suche Sportangebote", ("Fußball",)),
        ("sportverein aber kein fußball", "sportverein", ("fußball",)),
        # nothing left to search: as typed
        ("aber nicht Fußball", "aber nicht Fußball", ()),
    ],
)
def test_words_to_leave_out(typed: str, topic: str | None, excluded: tuple[str, ...]) -> None:
    assert without_exclusions(typed) == (topic or typed, excluded)


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
    ("query", "wanted"),
    [
        ("Geflüchtete haben Arbeit, aber keine Wohnung", "wohnraumvermittlung-freiburg"),
        ("Wir haben viele Helfer, aber keine Koordination", "leitfaden-koordination-ehrenamt"),
    ],
)
def test_what_a_situation_lacks_is_searched_not_left_out(
    index: Index, query: str, wanted: str
) -> None:
    """ "…, aber keine Wohnung" left every entry about housing out: the need itself."""
    result = index.search(query, page_size=10)
    assert wanted in [hit.slug for hit in result.hits]
    assert not any("ausgenommen" in notice for notice in result.notices)


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


def _slugs(index: Index, query: str) -> list[str]:
    return [hit.slug for hit in index.search(query, page_size=60).hits]


def test_minus_words_alone_leave_out_like_not(index: Index) -> None:
    """ "-Sport" alone found nothing (Whoosh's plugin left no word to search), where
    "NOT Sport" finds every entry without it; a minus before a phrase works alike."""
    assert _slugs(index, "-Sport") == _slugs(index, "NOT Sport")
    assert "fussball-fuer-alle-pforzheim" not in _slugs(index, "-Sport")
    assert len(_slugs(index, "-Sport")) > 40
    assert _slugs(index, '-Sport -"Fußball für alle"') == _slugs(
        index, 'NOT Sport NOT "Fußball für alle"'
    )
    phrase_left_out = _slugs(index, '-"Fußball für alle"')
    assert "fussball-fuer-alle-pforzheim" not in phrase_left_out and len(phrase_left_out) > 40


def test_a_dash_between_words_is_no_minus(index: Index) -> None:
    """ "Kita - Sport" left out every entry about sport, as "Kita -Sport" does."""
    assert _slugs(index, "Kita - Sport") == _slugs(index, "Kita Sport")
    assert _slugs(index, "- Sport") == _slugs(index, "Sport")
    assert _slugs(index, "Kita - Sport") != _slugs(index, "Kita -Sport")


def test_a_hyphen_after_a_number_is_no_minus() -> None:
    """ "1-Euro-Jobs" was "1 NOT Euro-Jobs" (one entry, on health guides) and "Kinder 3-6"
    "Kinder 3 NOT 6": a minus excludes only at a word's start."""
    for typed in ("1-Euro-Jobs", "Kinder 3-6", "Fahrradkurs 2-mal"):
        parsed = QueryBuilder(build_schema(), SynonymTable()).build(typed)
        assert not _has_not(parsed), typed


def _has_not(query: Query) -> bool:
    return isinstance(query, Not) or any(_has_not(child) for child in query.children())


def test_a_plus_keeps_the_other_words_required(index: Index) -> None:
    """Whoosh's "+" made the other words optional ("Kita +Tisch" was Tisch ANDMAYBE
    Kita) and listed entries twice; every word is required anyway."""
    plus = _slugs(index, "Kita +Tisch")
    assert len(plus) == len(set(plus))
    exact = index.search("Sport +Frauen", page_size=60)
    both = index.search("Sport AND Frauen", page_size=60)
    assert exact.exact_total == both.exact_total > 0
    assert {h.slug for h in exact.hits[: exact.exact_total]} == {
        h.slug for h in both.hits[: both.exact_total]
    }
    assert _slugs(index, "+Kita") == _slugs(index, "Kita")
    assert set(_slugs(index, 'Kita +"Runder Tisch"')) == set(
        _slugs(index, 'Kita AND "Runder Tisch"')
    )


@pytest.mark.parametrize("query", ["Tisch ANDMAYBE Kita", '"Runder Tisch" ANDMAYBE Kita'])
def test_no_entry_is_listed_twice(index: Index, query: str) -> None:
    """A relaxed tier ranked by Whoosh also listed the entries of the tier before it."""
    result = index.search(query, page_size=100)
    slugs = [hit.slug for hit in result.hits]
    assert len(slugs) == len(set(slugs)) == result.total
