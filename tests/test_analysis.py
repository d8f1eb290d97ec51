"""German analysis: inflection, umlauts, gender spellings, feminine forms, stop words."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.german.analysis import (
    _CODE,
    _GENDER_INFIX,
    _GENDER_SUFFIX,
    GERMAN,
    TOKEN_PATTERN,
    analyze,
    normalize_query,
    stem,
    umlaut_stem,
)
from indexer.searching import Index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"

# (written form, other form): both must give the same index term.
SAME_TERM = [
    # a noun in -er kept apart from its stem-mates keeps its own forms together
    ("Lehrerinnen", "Lehrer"),
    ("Lehrern", "Lehrer"),
    ("Lehrende", "Lehrer"),
    ("Bürgerinnen", "Bürger"),
    ("Helfende", "Helfer"),
    ("Teilnehmende", "Teilnehmer"),
    ("Heidelberger", "Heidelberg"),
    ("Hausern", "Häusern"),
    ("Bäuerinnen", "Bauer"),
    ("Photo", "Foto"),  # "ph" as "f" where German also writes it so
    ("Biographien", "Biografie"),
    ("Graphik", "Grafik"),
    ("Biographiearbeit", "Biografiearbeit"),  # also a compound's part
    ("drei", "3"),  # number words as digits; a single digit is kept
    ("zwölf", "12"),
    ("zwoelf", "12"),  # typed without umlaut keys: no word for a typo correction
    ("fuenf", "5"),
    ("Lebende", "leben"),  # "Leber" names no persons: a participle stays with its verb
    # inflection
    ("Schulen", "Schule"),
    ("arbeiten", "Arbeit"),
    ("Frauen", "Frau"),
    # umlauts typed without umlaut keys, and ß
    ("Buerger", "Bürger"),
    ("Burger", "Bürger"),
    ("Fuehrerschein", "Führerschein"),
    ("Strasse", "Straße"),
    # gender spellings
    ("Teilnehmer*innen", "Teilnehmer"),
    ("Teilnehmer:innen", "Teilnehmer"),
    ("TeilnehmerInnen", "Teilnehmer"),
    ("Teilnehmer_innen", "Teilnehmer"),
    ("Teilnehmer/-innen", "Teilnehmer"),
    ("Teilnehmer/innen", "Teilnehmer"),
    ("Teilnehmer(innen)", "Teilnehmer"),
    ("Teilnehmerinnen", "Teilnehmer"),
    ("Teilnehmerin", "Teilnehmer"),
    # feminine forms that do not end in -erin
    ("Migrantinnen", "Migrant"),
    ("Migrant*innen", "Migranten"),
    ("Kolleginnen", "Kollege"),
    ("Lotsin", "Lotse"),
    ("Ärztin", "Arzt"),
    ("Ärztinnen", "Arzt"),
    # Unicode: a decomposed "u" + combining diaeresis is the same letter as "ü"
    ("Bu\u0308rger", "Bürger"),
    ("Fu\u0308hrerschein", "Fuehrerschein"),
]


@pytest.mark.parametrize(("written", "other"), SAME_TERM)
def test_forms_share_one_index_term(written: str, other: str) -> None:
    terms = analyze(written)
    assert len(terms) == 1, terms
    assert terms == analyze(other)


# Nouns in -er that Snowball stems like another word: a teacher is no apprenticeship, a
# citizen no castle, a farmer no building.
@pytest.mark.parametrize(
    ("agent", "other"),
    [("Lehrer", "Lehre"), ("Lehrer", "lehren"), ("Bürger", "Burg"), ("Bauer", "Bau"),
     ("Schüler", "Schule"), ("Helfer", "helfen")],
)  # fmt: skip
def test_a_noun_in_er_is_kept_apart_from_its_stem_mate(agent: str, other: str) -> None:
    assert stem(agent.lower()) == stem(other.lower())  # Snowball alone would merge them
    assert analyze(agent) != analyze(other)
    assert umlaut_stem(agent.lower()) != umlaut_stem(other.lower())  # compound parts too


def test_ph_stays_where_german_writes_no_f() -> None:
    assert analyze("Phase") == ["phas"] and analyze("Philosophie") == ["philosophi"]
    assert analyze("Philosophiekurs") == ["philosophiekur"]


# Words ending in -in/-innen that are not feminine forms: only Snowball stemming applies.
@pytest.mark.parametrize("word", ["Termin", "Verein", "beginnen", "Medizin", "gewinnen", "Benzin"])
def test_words_that_only_look_feminine_are_not_folded(word: str) -> None:
    assert analyze(word) == [stem(word.lower())]


@pytest.mark.parametrize(("word", "not_same_as"), [("Termin", "Term"), ("Verein", "Vere")])
def test_not_feminine_words_keep_their_meaning(word: str, not_same_as: str) -> None:
    assert analyze(word) != analyze(not_same_as)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("und", []),
        ("für", []),
        ("fuer", []),
        ("Hilfe für Frauen und Kinder", analyze("Hilfe Frauen Kinder")),
        ("Sprachkurs fuer Muetter", analyze("Sprachkurs Mütter")),
        # sentence adverbs: "Kinder sprechen kaum Deutsch" ranked entries that say "kaum"
        ("Kinder sprechen kaum Deutsch", analyze("Kinder sprechen Deutsch")),
        ("leider nie wirklich ganz", []),
    ],
)
def test_stop_words_are_dropped(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


def test_numbers_are_kept_and_text_is_split_on_punctuation() -> None:
    assert analyze("Konferenz 2018, Gundelsheim.") == ["konferenz", "2018", "gundelsheim"]


def test_token_pattern_matches_what_its_plain_form_matches() -> None:
    """The token pattern is written for speed; it finds the tokens of its plain form (a
    letter, then any letters and combining marks) in texts of every troublesome kind."""
    letters = r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*"
    plain = re.compile(rf"{_CODE}|{letters}(?:{_GENDER_INFIX}{letters})*(?:{_GENDER_SUFFIX})?|\d+")
    fast = re.compile(TOKEN_PATTERN)
    rng = random.Random(5)
    alphabet = "aäBZß\u0300\u0308\u036f*:_·•(/-)Iinne 12é"  # digits: codes such as "B2"
    texts = [
        "Teilnehmer*innen Helfer:innen LotsInnen Bürger(in) x/-in Lehrer/innen2",
        "Bürger*innenbeteiligung Lehrer:innen-zimmer Helfer_innen_kreis x*innen*innenb",
        "u\u0308ber Mu\u0308ller a\u0301\u0301b \u0300abc é\u0300\u0300 ab12cd _abc",
        *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(20_000)),
    ]
    for text in texts:
        expected = [(m.group(), m.span()) for m in plain.finditer(text)]
        assert [(m.group(), m.span()) for m in fast.finditer(text)] == expected, text


def test_nfc_keeps_highlight_offsets_of_the_original_text() -> None:
    text = "Bu\u0308rger und Arbeit"
    tokens = [(t.text, t.startchar, t.endchar) for t in GERMAN(text, chars=True)]
    assert tokens == [("burger", 0, 7), ("arbeit", 12, 18)]  # "Bürger", no "Burg"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Teilnehmer*innen", "Teilnehmerinnen"),
        ("Teilnehmer:innen", "Teilnehmerinnen"),
        ("Teilnehmer/-innen", "Teilnehmerinnen"),
        ("Migrant*in Arbeit", "Migrantin Arbeit"),
        # inside a compound: its generic form, as documents are indexed
        ("Bürger*innenbeteiligung", "Bürgerbeteiligung"),
        ("BürgerInnenbeteiligung", "Bürgerbeteiligung"),
        ("Lehrer:innenzimmer", "Lehrerzimmer"),
        ("Migrant*innenbeirat", "Migrantenbeirat"),
        # in capitals too, and unmarked when the generic compound is a word
        ("HELFER*INNENKREIS", "HELFERKREIS"),
        ("Helferinnenkreis", "Helferkreis"),
        ("Migrantinnenvereine", "Migrantenvereine"),
        ("Kolleginnenkreis Freundinnenkreis", "Kollegenkreis Freundeskreis"),
        ("Gewinnentwicklung Spinnennetz", "Gewinnentwicklung Spinnennetz"),
        # endings and function words joined by a mark
        ("Ehrenamtliche*r gesucht", "Ehrenamtlicher gesucht"),
        ("Geflüchtete(r)", "Geflüchteter"),
        ("der*die Ehrenamtliche", "der die Ehrenamtliche"),
        ("ein*e Dolmetscher*in", "eine Dolmetscherin"),
        ("Innenstadt Binnenmarkt", "Innenstadt Binnenmarkt"),
        # abbreviations of single letters with full stops are read as their letters
        ("z.B. Sprachcafé", "zB  Sprachcafé"),
        ("Sprachcafé z. B.", "Sprachcafé zB "),
        ("V.H.S.", "VHS "),
        ("Bu\u0308rger", "Bürger"),
        # query syntax that is not a gender mark stays as it is
        ("district:Enzkreis", "district:Enzkreis"),
        ("Arbeit*", "Arbeit*"),
        ('"Haupt- und Ehrenamt"', '"Haupt- und Ehrenamt"'),
    ],
)
def test_normalize_query_removes_gender_marks_that_read_as_syntax(
    query: str, expected: str
) -> None:
    assert normalize_query(query) == expected


# -- end to end through the index -------------------------------------------------------

ENTRY = """---
title: {title}
summary: {summary}
type: Praxisbeispiel
themes: [Teilhabe]
municipality: Ulm
district: Ulm
year: 2020
---

{body}
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    kb = tmp_path_factory.mktemp("kb")
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb / "taxonomy.yaml")
    entries = kb / "entries"
    entries.mkdir()
    texts = {
        "werkstatt": ("Werkstatt", "Reparieren im Quartier.", "Die Teilnehmer*innen reparieren."),
        "buergertreff": ("Treffpunkt", "Ein Ort im Quartier.", "Bürger treffen sich im Rathaus."),
        "chorprojekt": ("Chor", "Singen im Quartier.", "Ein Chor für alle Generationen."),
        "spielplatz": ("Spielplatz", "Planen im Quartier.", "Die Schüler*innenvertretung plant."),
    }  # fmt: skip
    for slug, (title, summary, body) in texts.items():
        (entries / f"{slug}.md").write_text(
            ENTRY.format(title=json.dumps(title), summary=json.dumps(summary), body=body),
            encoding="utf-8",
        )
    index_dir = tmp_path_factory.mktemp("index")
    report = build_index(kb, index_dir)
    assert (report.total, report.problems) == (4, [])
    return Index(index_dir)


@pytest.mark.parametrize(
    "query",
    ["Teilnehmer", "Teilnehmerinnen", "TeilnehmerInnen", "Teilnehmer:innen", "Teilnehmer*innen"],
)
def test_gender_spellings_find_the_entry(index: Index, query: str) -> None:
    result = index.search(query)
    assert [hit.slug for hit in result.hits] == ["werkstatt"]
    assert result.suggestion is None  # no "Meinten Sie „Teilnehmer*ideen“?"
    assert "<mark>Teilnehmer*innen</mark>" in result.hits[0].snippet


@pytest.mark.parametrize(
    "query",
    [
        "Schülervertretung",
        "Schüler*innenvertretung",
        "SchülerInnenvertretung",
        "Schüler:innenvertretung",
        "Schüler_innenvertretung",
    ],
)
def test_gender_marks_inside_compounds_find_the_entry(index: Index, query: str) -> None:
    """A document's "Schüler*innenvertretung" is the word "Schülervertretung" (not
    "Schüler" and a word "innenvertretung"), and so is a query's: Whoosh read its "*" as a
    wildcard and found nothing."""
    result = index.search(query)
    assert [hit.slug for hit in result.hits] == ["spielplatz"]
    assert result.suggestion is None
    assert "<mark>Schüler*innenvertretung</mark>" in result.hits[0].snippet


@pytest.mark.parametrize("query", ["Buerger", "Bürger", "Bu\u0308rger"])
def test_umlaut_spellings_find_the_entry(index: Index, query: str) -> None:
    result = index.search(query)
    assert [hit.slug for hit in result.hits] == ["buergertreff"]
    assert result.suggestion is None
