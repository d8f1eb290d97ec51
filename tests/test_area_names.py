"""Parts of the state a query names ("am Bodensee", "Region Stuttgart") rank the entries of
their districts higher; before, they were words that few texts say."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.area_names import area_notice, without_areas
from indexer.searching import Index
from indexer.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

REPO = Path(__file__).resolve().parents[1]
AREAS = dict(load_taxonomy(REPO / "kb").areas)


def test_the_shipped_taxonomy_names_the_planning_regions_and_their_districts() -> None:
    districts = set(load_taxonomy(REPO / "kb").districts)
    assert len(AREAS) >= 12
    assert all(set(found) <= districts for found in AREAS.values())
    assert AREAS["Bodensee"] == ("Bodenseekreis", "Landkreis Konstanz")
    relevance = load_taxonomy(REPO / "tests" / "relevance" / "kb")
    assert dict(relevance.areas) == AREAS  # the relevance corpus's copy


@pytest.mark.parametrize(
    ("typed", "rest", "first_district"),
    [
        ("Ehrenamt am Bodensee", "Ehrenamt am", "Bodenseekreis"),
        ("Bürgerbus auf der Schwäbischen Alb", "Bürgerbus auf der", "Landkreis Reutlingen"),
        ("Sprachcafé Region Stuttgart", "Sprachcafé", "Stuttgart"),
        ("Kita am Hochrhein", "Kita am", "Landkreis Lörrach"),
        ("Ehrenamt des Bodensees", "Ehrenamt des", "Bodenseekreis"),
    ],
)
def test_an_area_is_taken_out_with_its_districts(
    typed: str, rest: str, first_district: str
) -> None:
    found = without_areas(typed, AREAS)
    assert found[0] == rest and found[1][0] == first_district


def test_a_district_name_is_no_area() -> None:
    assert without_areas("Sport im Rhein-Neckar-Kreis", AREAS) == (
        "Sport im Rhein-Neckar-Kreis",
        (),
        (),
    )


def test_an_area_alone_finds_its_districts() -> None:
    rest, districts, names = without_areas("Bodensee", AREAS)
    assert rest == '"Bodenseekreis" OR "Landkreis Konstanz"' and names == ("Bodensee",)


def test_the_notice_names_the_districts() -> None:
    assert area_notice(["Bodensee"], ["Bodenseekreis", "Landkreis Konstanz"]) == (
        "„Bodensee“ ordnet die Treffer: Beispiele aus Bodenseekreis und Landkreis Konstanz "
        "stehen weiter oben."
    )


def test_an_unknown_district_of_an_area_is_an_error() -> None:
    data = {"districts": ["Ulm"], "areas": {"Donau": ["Ulm", "Neu-Ulm"]}}
    with pytest.raises(TaxonomyError, match="unbekannter Kreis „Neu-Ulm“"):
        parse_taxonomy(data)


def test_the_entries_of_a_named_area_come_first(relevance_index: Index) -> None:
    """The relevance corpus says "Bodensee" in two entries; Friedrichshafen's entry
    (Bodenseekreis) does not say it."""
    alone = [hit.fields["district"] for hit in relevance_index.search("Bodensee").hits]
    assert set(alone[:2]) == {"Bodenseekreis", "Landkreis Konstanz"}
    result = relevance_index.search("Leihgroßeltern am Bodensee")
    assert result.hits[0].slug == "leihgrosseltern-friedrichshafen"
    assert any(notice.startswith("„Bodensee“ ordnet") for notice in result.notices)


@pytest.mark.parametrize(
    ("typed", "districts"),
    [
        ("Kurpfalz", {"Heidelberg", "Mannheim", "Rhein-Neckar-Kreis"}),
        ("Nordbaden", {"Karlsruhe", "Landkreis Karlsruhe", "Pforzheim", "Heidelberg"}),
        ("Schwarzwald", {"Landkreis Freudenstadt", "Landkreis Calw", "Schwarzwald-Baar-Kreis"}),
    ],
)
def test_landscapes_people_name_are_areas(
    relevance_index: Index, typed: str, districts: set[str]
) -> None:
    """A probe of places said in words: "Nordbaden Sport" put Konstanz first, "Integration
    im Schwarzwald" missed Freudenstadt and Calw, "Kurpfalz" was a word no entry has.
    Alone, an area's entries come before texts that name one of its districts: the
    Mosbach entry (Neckar-Odenwald-Kreis, whose name shares "Neckar" with the
    Rhein-Neckar-Kreis) came first for "Kurpfalz"."""
    alone = relevance_index.search(typed, page_size=50)
    assert alone.total and alone.notices[0].startswith(f"Zu „{typed}“ gezeigt")
    inside = [hit.fields["district"] in AREAS[typed] for hit in alone.hits]
    assert inside[0] and inside == sorted(inside, reverse=True)
    assert districts <= set(AREAS[typed])
