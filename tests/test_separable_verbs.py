"""Separable verbs split in a question, joined again ("Wie bauen wir … auf?")."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.german.separable_verbs import join_separable_verbs, particle_verbs
from indexer.searching import Index

RELEVANCE_KB = Path(__file__).parent / "relevance" / "kb"


@pytest.mark.parametrize(
    ("typed", "joined"),
    [
        ("Wie bauen wir einen Helferkreis auf?", "Wie aufbauen wir einen Helferkreis?"),
        ("unser Asylkreis löst sich auf, wie weiter", "unser Asylkreis auflösen sich, wie weiter"),
        ("Wie melden wir Kinder an?", "Wie anmelden wir Kinder?"),
        ("Geflüchtete kommen an", "Geflüchtete ankommen"),
        ("Wie setzen wir das um", "Wie umsetzen wir das"),
        (
            "Wie führen wir eine Bürgerbeteiligung durch?",
            "Wie durchführen wir eine Bürgerbeteiligung?",
        ),
        # regular verb forms, particles that are words of their own, a clause ending at "und"
        ("Wer macht mit?", "Wer mitmachen?"),
        ("Wo bringen wir Geflüchtete unter?", "Wo unterbringen wir Geflüchtete?"),
        ("Wie arbeiten wir zusammen?", "Wie zusammenarbeiten wir?"),
        ("Wer holt die Kinder ab und bringt sie", "Wer abholen die Kinder und bringt sie"),
        # an "und" between nouns ends no clause
        (
            "Wie bereiten wir Kinder und Eltern auf die Schule vor?",
            "Wie vorbereiten wir Kinder und Eltern auf die Schule?",
        ),
        # no particle at a clause's end, or no such verb: as typed
        ("Wie kommen wir an Fördergeld?", "Wie kommen wir an Fördergeld?"),
        ("Kinder und Eltern mit", "Kinder und Eltern mit"),
        ("Helfer fest an die Gemeinde binden", "Helfer fest an die Gemeinde binden"),
        ("Sprachkurs für Mütter mit", "Sprachkurs für Mütter mit"),
        ("Projekte ab 2020", "Projekte ab 2020"),
        ("an", "an"),
        ("Kita, an", "Kita, an"),  # the clause has no verb
    ],
)
def test_a_particle_at_the_end_of_a_clause_joins_its_verb(typed: str, joined: str) -> None:
    assert join_separable_verbs(typed) == joined


def test_every_clause_of_a_long_text_is_read() -> None:
    text = ", ".join(["wir melden Kinder an"] * 200)
    assert join_separable_verbs(text) == ", ".join(["wir anmelden Kinder"] * 200)
    assert join_separable_verbs(" ".join(["melden", "an"] * 3)) == "melden an melden an anmelden"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    index_dir = tmp_path_factory.mktemp("separable") / "index"
    build_index(RELEVANCE_KB, index_dir, full=True)
    return Index.open(index_dir, RELEVANCE_KB)


def test_a_question_with_a_separable_verb_finds_what_its_topic_finds(index: Index) -> None:
    """ "bauen" was searched ("aufbauen" is a word people ask with, like "organisieren"): a
    citizens' bus about building came first, 11 entries instead of the 20 of "Helferkreis"."""
    asked = index.search("Wie bauen wir einen Helferkreis auf?", page_size=30)
    plain = index.search("Helferkreis", page_size=30)
    assert [h.slug for h in asked.hits] == [h.slug for h in plain.hits]
    assert asked.topic == "Helferkreis"


def test_the_verb_of_a_split_particle_verb_is_searched_whole(index: Index) -> None:
    result = index.search("unser Asylkreis löst sich auf, wie weiter")
    assert result.topic == "Asylkreis auflösen"


def test_an_entry_s_long_sentence_gives_its_particle_verbs() -> None:
    """An entry's sentence may put more words between the verb and its particle than a
    query ("Sie bereiten … des Kindergartens vor": nine)."""
    text = (
        "Für Kinder ohne Kindergartenplatz wurden Spielgruppen eingerichtet. Sie bereiten "
        "Kinder und Eltern auf den Besuch des Kindergartens vor. Die Treffen finden statt."
    )
    assert particle_verbs(text) == ["vorbereiten", "stattfinden"]
    assert particle_verbs("Wir kommen an Fördergeld. Kinder und Eltern mit.") == []
