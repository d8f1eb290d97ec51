"""Words typed cut short with a full stop ("interkult.", "Integr.", "soz."): read as the word
of the entries they begin most often, said in a notice; a sentence's last word keeps its
stop, and drafts lend no completion."""

from __future__ import annotations

from pathlib import Path

import pytest
from small_kb import index_of

from indexer.query_truncations import best_completion, completed, is_stub, truncated_words
from indexer.searching import Index


def _found(index: Index, query: str) -> list[str]:
    return [hit.slug for hit in index.search(query, page_size=20, snippets=False).hits]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("interkult. Garten", "interkultureller Garten"),
        ("Integr. durch Arbeit", "Integration durch Arbeit"),
        ("soz. Betreuung", "soziales Betreuung"),
        ("päd. Fachkräfte", "pädagogische Fachkräfte"),
    ],
)
def test_a_word_cut_short_finds_what_the_whole_word_finds(
    relevance_index: Index, typed: str, written: str
) -> None:
    result = relevance_index.search(typed, page_size=20, snippets=False)
    notice = f"„{typed.split()[0]}“ gelesen als „{written.split()[0]}“."
    assert notice in result.notices
    assert not any("keinem Beispiel" in n for n in result.notices)
    assert [hit.slug for hit in result.hits] == _found(relevance_index, written)
    assert result.query == typed  # shown as typed


@pytest.mark.parametrize(
    ("typed", "without"),
    [
        # entries have the word: a sentence's end
        ("Wir suchen Sprachpaten.", "Wir suchen Sprachpaten"),
        # an abbreviation that begins no word of the entries
        ("Sprachcafé usw.", "Sprachcafé usw"),
        # a dotted abbreviation
        ("Sprachcafé z.B. in der Bibliothek", "Sprachcafé zB in der Bibliothek"),
        # a common word last, which no entry has: its stop ends the sentence
        ("Begegnung im Café der Kirche.", "Begegnung im Café der Kirche"),
        # a frequent word before a sentence's stop ("voraus" begins "Voraussetzung")
        ("Infos zu Führerschein, danke im Voraus. LG", "Infos zu Führerschein, danke im Voraus LG"),
    ],
)
def test_a_full_stop_after_a_word_alone_changes_nothing(
    relevance_index: Index, typed: str, without: str
) -> None:
    result = relevance_index.search(typed, page_size=20, snippets=False)
    assert not any("gelesen als" in notice for notice in result.notices)
    assert [hit.slug for hit in result.hits] == _found(relevance_index, without)


def test_a_draft_lends_no_completion(tmp_path: Path) -> None:
    index = index_of(
        tmp_path,
        [
            ("sprachpaten-aalen", "Sprachpaten in Aalen", "veröffentlicht", "Zwiebelkuchen."),
            ("entwurf-zwiebel", "Zwiebelmarkt im Entwurf", "entwurf", "Zwiebelmärkte."),
        ],
    )
    public = index.search("Zwiebelm. Sprachpaten")
    assert not any("Zwiebelm" in notice and "gelesen" in notice for notice in public.notices)
    assert [hit.slug for hit in public.hits] == ["sprachpaten-aalen"]
    curators = index.search("Zwiebelm. Sprachpaten", include_drafts=True)
    assert "„Zwiebelm.“ gelesen als „Zwiebelmarkt“." in curators.notices
    # only the published entry's word, however few entries have it
    public = index.search("Zwieb. Sprachpaten")
    assert "„Zwieb.“ gelesen als „Zwiebelkuchen“." in public.notices


def test_a_stub_the_word_list_has_is_completed_inside_the_text(tmp_path: Path) -> None:
    index = index_of(
        tmp_path,
        [
            ("cafe-aalen", "Café in Aalen", "veröffentlicht", "Die katholische Kirchengemeinde."),
            ("turnen-aalen", "Turnen in Aalen", "veröffentlicht", "Die Kirchengemeinde turnt."),
        ],
    )
    result = index.search("kath. Kirchengemeinde")
    assert "„kath.“ gelesen als „katholische“." in result.notices
    assert [hit.slug for hit in result.hits][:1] == ["cafe-aalen"]
    # last, its stop may end a sentence: "kath" is in the word list (without its stop)
    assert not any("gelesen" in n for n in index.search("Kirchengemeinde kath.").notices)


@pytest.mark.parametrize(
    ("word", "last", "stub"),
    [
        ("kath", False, True),  # in the word list as a stub, rarely
        ("kath", True, False),
        ("interkult", True, True),  # in no word list
        ("Voraus", False, False),  # a word before a sentence's stop
        ("bzw", False, False),
    ],
)
def test_a_stub_is_told_by_its_frequency(word: str, last: bool, stub: bool) -> None:
    assert is_stub(word, last) is stub


def test_the_forms_of_a_word_count_together() -> None:
    entries = {"interkulturelle": 1, "interkulturellen": 1, "interkultureller": 1, "interne": 2}
    words = sorted(entries)
    assert best_completion("inter", words, entries.__getitem__) == "interkulturelle"
    assert best_completion("Inter", words, entries.__getitem__) == "Interkulturelle"
    assert best_completion("interne", words, entries.__getitem__) is None  # two letters more


def test_only_words_with_a_stop_outside_dotted_abbreviations_are_candidates() -> None:
    assert truncated_words("kath. Kirche, ev. Gemeinde z.B. e.V. 3. Platz Straßen-Nr. Ende.") == [
        "kath",
        "Ende",
    ]


def test_the_text_s_last_word_is_told_apart() -> None:
    calls: list[tuple[str, bool]] = []

    def cut_short(word: str, last: bool) -> bool:
        calls.append((word, last))
        return True

    text, notices = completed("kath. Kirche und Ende. ", cut_short, lambda w: w + "olisch")
    assert calls == [("kath", False), ("Ende", True)]
    assert text == "katholisch Kirche und Endeolisch "
    assert notices == ("„kath.“ gelesen als „katholisch“.", "„Ende.“ gelesen als „Endeolisch“.")
