"""German lexical data: lemmas Snowball misses, compound splitting by class (ß, three-letter
parts, diminutives, verb stems, non-compounds), and the shipped data's provenance."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml

from indexer.german import compounds
from indexer.german.analysis import ANALYSIS_VERSION, analyze, normalize_term, umlaut_stem
from indexer.german.compounds import LEXICON_FILE, is_common_word, lexicon, split_compound
from indexer.german.derivation import related_words
from indexer.german.lemmas import (
    LEMMAS_FILE,
    agent_noun,
    agent_relatives,
    noun_lemma,
    participle_verb,
    verb_lemma,
    word_class,
    word_classes,
)
from indexer.municipalities import MUNICIPALITIES_FILE, municipalities, municipality_words

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "indexer" / "data"

# (form, other form): irregular, foreign and -s plurals meet at index and query time.
SAME_LEMMA = [
    ("Praktika", "Praktikum"),
    ("Museen", "Museum"),
    ("Zentren", "Zentrum"),
    ("Themen", "Thema"),
    ("Firmen", "Firma"),
    ("Visa", "Visum"),
    ("Kaufleute", "Kaufmann"),
    ("Gremien", "Gremium"),
    ("Kriterien", "Kriterium"),
    ("Risiken", "Risiko"),
    ("Kurse", "Kurs"),  # Snowball: "kurs" but "kur"
    ("Kitas", "Kita"),
    ("Fotos", "Foto"),
    # compounds the table lacks reach the lemma through their head
    ("Pflichtpraktika", "Pflichtpraktikum"),
    ("Jugendzentren", "Jugendzentrum"),
    ("Partnerfirmen", "Partnerfirma"),
    # feminine forms still meet the base noun ("Studentin" once stuck on "-dentin")
    ("Studentinnen", "Student"),
    ("Studentin", "Student"),
]


@pytest.mark.parametrize(("form", "other"), SAME_LEMMA)
def test_inflected_forms_meet(form: str, other: str) -> None:
    assert analyze(form) == analyze(other)
    assert umlaut_stem(form.lower()) == umlaut_stem(other.lower())  # the parts field too


# Forms with another reading keep Snowball's stem; different words stay apart.
@pytest.mark.parametrize(
    ("form", "other"),
    [
        ("Daten", "Datum"),  # also the verb "daten"
        ("Wundsalben", "Wundalbum"),  # ends in "salben", not in "alben" (Album)
        ("Niederlanden", "Nierderlande"),  # a typo in the source is no lemma
    ],
)
def test_forms_with_other_readings_stay_apart(form: str, other: str) -> None:
    assert analyze(form) != analyze(other)


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("museen", "museum"),
        ("saele", "saal"),
        ("schulen", "schulen"),
        ("gingen", "gingen"),
        # typed without ß or umlaut keys, the lemma of the spelling with them
        ("füße", "fuß"),
        ("füsse", "fuß"),
        ("fuesse", "fuß"),
    ],
)
def test_noun_lemma(form: str, lemma: str) -> None:
    assert noun_lemma(form) == lemma


# Present-tense verb forms Snowball stems apart from their infinitive and its nouns.
@pytest.mark.parametrize(
    ("form", "other"),
    [
        ("heizt", "Heizen"),
        ("trennt", "trennen"),
        ("hilft", "helfen"),
        ("spricht", "sprechen"),
        ("lernt", "Lernen"),
        ("fördert", "fördern"),
        ("gewinnt", "gewinnen"),
        ("spielt", "Spielen"),
        ("wohnt", "wohnen"),
        # where the present form is the participle, its inflected forms too
        ("übersetzte", "Übersetzung"),
        ("übersetzt", "übersetzten"),
    ],
)
def test_verb_forms_meet_their_infinitive(form: str, other: str) -> None:
    assert analyze(form) == analyze(other)


# Forms with another reading, and participles (also adjectives with inflected forms of
# their own), are left to Snowball.
@pytest.mark.parametrize(
    "form", ["sucht", "macht", "getrennt", "organisiert", "erzählt", "anerkannt", "bestimmt"]
)
def test_verb_forms_with_other_readings_are_kept(form: str) -> None:
    assert verb_lemma(form) == form


@pytest.mark.parametrize(
    ("participle", "verb"),
    [
        ("aufgenommen", "aufnehmen"),
        ("geholfen", "helfen"),
        ("teilgenommen", "teilnehmen"),
        ("gesprochen", "sprechen"),
        ("verboten", "verbieten"),  # no "ge-"; "Verboten" is also a form of "Verbot"
        ("angeboten", "anbieten"),
    ],
)
def test_strong_participles_derive_their_verb(participle: str, verb: str) -> None:
    """A vowel-changing participle led to nothing: derivation only knew weak ones
    ("geschult" → "schulen")."""
    assert participle_verb(participle) == verb
    assert related_words(participle)[0] == verb
    assert analyze(participle) != analyze(verb)  # the index terms stay as they were


@pytest.mark.parametrize("word", ["verschieden", "gefangen", "erfahren", "Angebot"])
def test_adjectives_and_infinitives_are_no_strong_participles(word: str) -> None:
    assert participle_verb(word.lower()) is None


@pytest.mark.parametrize(
    ("participle", "verb", "noun"),
    [
        ("untergebracht", "unterbringen", "unterbringung"),
        ("genannt", "nennen", "nennung"),
        ("erkannt", "erkennen", "erkennung"),
        ("gebracht", "bringen", None),
    ],
)
def test_mixed_participles_derive_their_verb(participle: str, verb: str, noun: str | None) -> None:
    """ "Wo werden Geflüchtete untergebracht" met no "Unterbringung": only participles in
    -en were in the table."""
    assert participle_verb(participle) == verb
    assert related_words(participle)[0] == verb
    assert noun is None or noun in related_words(participle)


@pytest.mark.parametrize(
    "word",
    ["abgeholzt", "zusammengearbeitet", "ausgehärtet", "betritt", "betrat", "beläuft", "bekannt"],
)
def test_weak_participles_and_present_forms_are_no_mixed_participles(word: str) -> None:
    """A weak participle keeps its vowel (derivation makes those), and present or past
    forms with an unstressed prefix are no participle."""
    assert participle_verb(word) is None


@pytest.mark.parametrize(
    ("word", "related"),
    [
        # a participle declined as an adjective, as the plain one ("vernetzte Vereine" said
        # that no entry has "vernetzte", while "vernetzt" found "vernetzen", "Vernetzung")
        ("vernetzte", "vernetzung"),
        ("engagierte", "engagieren"),
        # an adjective in -alisch its noun ("musikalische Förderung" lacked "Musik")
        ("musikalische", "musik"),
        # a foreign verb's two nouns, both ways ("Koordinierung" missed "Koordination")
        ("koordinierung", "koordination"),
        ("koordination", "koordinierung"),
        ("qualifizierung", "qualifikation"),
        # a compound's head's, with its first parts ("Wohnungsvermittler" ranked third
        # where "Wohnungsvermittlung" found the entry first)
        ("wohnungsvermittler", "wohnungsvermittlung"),
        ("elternbegleiter", "elternbegleitung"),
    ],
)
def test_derived_words_of_the_same_family(word: str, related: str) -> None:
    assert related in related_words(word)


@pytest.mark.parametrize("word", ["geflüchtete", "gesamte", "verwandte", "geplante"])
def test_a_declined_participle_listed_as_a_noun_derives_nothing(word: str) -> None:
    """ "Geflüchtete" is a noun of its own ("fliehen" cost queries on refugees); "gesamte"
    is no form of "samen", "verwandte" none of "verwenden"."""
    assert related_words(word) == ()


@pytest.mark.parametrize(
    ("typed", "verb"),
    [
        ("einzustellen", "einstellen"),
        ("teilzunehmen", "teilnehmen"),
        ("kennenzulernen", "kennenlernen"),
        ("auszufüllen", "ausfüllen"),
    ],
)
def test_a_particle_verb_with_zu_inside_is_its_infinitive(typed: str, verb: str) -> None:
    """ "Firmen helfen, Geflüchtete einzustellen" said that no entry has „einzustellen“;
    an entry says "einstellen"."""
    assert analyze(typed) == analyze(verb)


@pytest.mark.parametrize(
    ("form", "verb"),
    [
        ("fand", "finden"),  # strong past forms: entries tell what happened
        ("trafen", "treffen"),
        ("stattfand", "stattfinden"),
        ("beschloss", "beschließen"),  # with "ß", which the word list spells "ss"
        ("beschließt", "beschließen"),
        ("ließ", "lassen"),
        ("liess", "lassen"),  # typed without the ß key
    ],
)
def test_strong_past_forms_and_forms_with_sharp_s_meet_their_infinitive(
    form: str, verb: str
) -> None:
    assert verb_lemma(form) == verb
    assert analyze(form) == analyze(verb)


def test_a_weak_past_form_stays_with_its_adjective() -> None:
    """ "traumatisierten" is the past of "traumatisieren" and the adjective of the
    entries' "traumatisierte": folded onto the verb, it lost them."""
    assert analyze("traumatisierten") == analyze("traumatisierte")


@pytest.mark.parametrize("word", ["auszubildende", "auszubildenden", "anzug", "zuzug"])
def test_nouns_with_zu_inside_stay_nouns(word: str) -> None:
    assert verb_lemma(word) == word


def test_participles_keep_meeting_their_inflected_forms() -> None:
    assert analyze("anerkannt") == analyze("anerkannte")
    assert analyze("getrennt") == analyze("getrennte")


def test_niederlanden_keeps_meeting_niederlande() -> None:
    assert normalize_term("niederlanden") == normalize_term("niederlande")


# (word, parts) for each class the splitter once missed or got wrong.
SPLITS = [
    # ß: the word list spells it "ss"; the parts keep the word's own spelling
    ("außendämmung", ("außen", "dämmung")),
    ("straßenfest", ("straße", "fest")),
    ("großelternabend", ("großeltern", "abend")),
    ("strassenfest", ("strasse", "fest")),
    # three-letter parts: frequent nouns
    ("kindertag", ("kinder", "tag")),
    ("eisbahn", ("eis", "bahn")),
    ("ortsteilfest", ("ortsteil", "fest")),
    # verb and adjective modifiers
    ("lernhilfe", ("lern", "hilfe")),
    ("schwimmkurs", ("schwimm", "kurs")),
    ("wartezimmer", ("warte", "zimmer")),
    ("kleingruppe", ("klein", "gruppe")),
    # frequent three-letter adjectives ("Neuzuwanderer" was offered as "Neuezuwanderer")
    ("neuzuwanderer", ("neu", "zuwanderer")),
    ("neubürger", ("neu", "bürger")),
    ("altkleider", ("alt", "kleider")),
    # a rarer verb's stem of five letters or more ("dolmetschen": Zipf 2.5)
    ("dolmetschdienst", ("dolmetsch", "dienst")),
    ("bastelgruppe", ("bastel", "gruppe")),
    # a rarer verb in -eln or -ern ("Purzelturnen" was offered as „Wurzelturnen“)
    ("krabbelgruppe", ("krabbel", "gruppe")),
    ("purzelturnen", ("purzel", "turnen")),
    # a linking "s" after -ung, and no stray "s" taken from the head
    ("versammlungsort", ("versammlung", "ort")),
    ("kopfsteuer", ("kopf", "steuer")),
    ("partnersuche", ("partner", "suche")),
    # an "s" after a modifier whose "s" form is common is its link ("Vereins|paten" was
    # "Verein|spaten", a spade), and a head is no noun with its "e" cut ("Beruf|stag")
    ("vereinspaten", ("vereins", "paten")),
    ("einkaufspaten", ("einkauf", "paten")),
    ("berufstag", ("beruf", "tag")),
    # a head may be any noun of the word list, however rare ("Lotse": Zipf 2.6)
    ("willkommenslotsen", ("willkommens", "lotsen")),
    ("integrationslotsen", ("integration", "lotsen")),
    ("lotsenprojekt", ("lotse", "projekt")),  # and any noun a first part
    # a suffix that is also a noun, first ("Losverfahren" was corrected to "Lesverfahren")
    ("losverfahren", ("los", "verfahren")),
    ("haftanstalt", ("haft", "anstalt")),
]


@pytest.mark.parametrize(("word", "parts"), SPLITS)
def test_compound_classes_split(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", ["betreiberin", "schneiderin", "scheitel", "komparse"])
def test_short_rare_verb_stems_are_no_parts(word: str) -> None:
    """ "betr|eiberin", "schn|eiderin": a rare verb's stem of four letters or fewer is a
    fragment more often than a modifier."""
    assert split_compound(word) == ()


@pytest.mark.parametrize(
    ("word", "parts"),
    [("ortsteil", ("ort", "teil")), ("wohnraum", ("wohn", "raum"))],
)
def test_common_compounds_split_in_the_relaxed_tier(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == ()  # common words stay whole in the index
    assert split_compound(word, common=True) == parts


# Diminutives, derivations and simple words: never split, in either mode.
NOT_COMPOUNDS = [
    "bäumchen", "häuschen", "mädchen", "fräulein", "brüderlein", "hilflos", "besucherin",
    "teilnehmerinnen", "gebrauch", "verein", "verhandlung", "diskutiert", "insgesamt",
    "montag", "beitrag", "vertrag", "armut", "region", "motor", "achtel", "maßstab",
    "arbeitslosigkeit", "losfahren", "barclay", "endlich", "neugier", "neutral", "engel",
    "altern",
]  # fmt: skip


@pytest.mark.parametrize("word", NOT_COMPOUNDS)
def test_non_compounds_are_not_split(word: str) -> None:
    assert split_compound(word) == ()
    assert split_compound(word, common=True) == ()


def test_parts_of_three_letters_are_frequent_nouns_only() -> None:
    for word in ("kindertag", "eisbahn", "sprachpatenschaften", "sportvereinsheim"):
        for part in split_compound(word, common=True):
            assert len(part) >= 4 or "N" in word_classes()[part], (word, part)


def test_splitting_stops_early_without_changing_a_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece that begins no word of the word list ends the search for longer pieces:
    the splits are those of the search over every piece."""
    words = [w for w in sorted(lexicon())[::97] if len(w) >= 8] + ["flüchtlingsunterkunft"]
    early = [split_compound(w, common=True) for w in words]
    split_compound.cache_clear()
    compounds._best_split.cache_clear()
    monkeypatch.setattr(compounds, "_begins_a_word", lambda prefix: True)
    try:
        assert [split_compound(w, common=True) for w in words] == early
        assert sum(map(bool, early)) > 100
    finally:
        split_compound.cache_clear()
        compounds._best_split.cache_clear()


def test_sharp_s_words_are_known_words() -> None:
    assert is_common_word("straße") and is_common_word("außen") and is_common_word("groß")


def test_word_classes() -> None:
    classes = word_classes()
    assert "V" in classes["lernen"] and "V" in classes["wohnen"]
    assert "V" not in classes.get("offen", "")  # an adjective in -en
    assert "N" in classes["tag"] and "N" not in classes.get("steil", "")


def test_a_word_with_sharp_s_has_its_word_classes() -> None:
    """The tables spell "ß" as "ss", as the word list does; a word is looked up either way."""
    assert word_class("fußballverein") == word_class("fussballverein") == "N"
    assert "V" in word_class("schließen") and "N" in word_class("straße")
    assert word_class("xylofrumpel") == ""


def test_analysis_version_was_bumped() -> None:
    assert int(ANALYSIS_VERSION) >= 8


@pytest.mark.parametrize("path", [LEXICON_FILE, LEMMAS_FILE])
def test_shipped_data_names_its_source_and_licence(path: Path) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline()
    assert header.startswith("#") and "CC-BY-SA" in header
    notice = DATA / (path.name.removesuffix(".tsv.gz") + ".NOTICE")
    text = notice.read_text(encoding="utf-8")
    assert "scripts/build_lexicon.py" in text and "Licence" in text


def test_the_state_s_municipalities_are_shipped() -> None:
    """All 1,101 municipalities of Baden-Württemberg with their AGS (MietNEinV's annex),
    named without the annex's ", Stadt", each with one of the taxonomy's 44 districts."""
    rows = municipalities()
    assert len(rows) == 1101
    assert all(key.startswith("08") and len(key) == 8 for _, key, _ in rows)
    assert len({key for _, key, _ in rows}) == 1101
    districts = yaml.safe_load((REPO / "kb" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert {district for _, _, district in rows} == set(districts["districts"])
    names = {name for name, _, _ in rows}
    assert {"Stuttgart", "Renningen", "Bad Peterstal-Griesbach", "Weil der Stadt"} <= names
    assert not any("," in name for name in names)
    assert {"renningen", "peterstal", "griesbach"} <= municipality_words()
    with gzip.open(MUNICIPALITIES_FILE, "rt", encoding="utf-8") as handle:
        assert "MietNEinV" in handle.readline() + handle.readline()
    notice = MUNICIPALITIES_FILE.with_name("bw_municipalities.NOTICE").read_text(encoding="utf-8")
    assert "scripts/build_places.py" in notice and "Licence" in notice


@pytest.mark.parametrize(
    ("form", "noun"),
    [
        ("lehrer", "lehrer"), ("lehrern", "lehrer"), ("lehrers", "lehrer"),
        ("lehrere", "lehrer"),  # "Lehrerin" as fold_feminine gives it
        ("bürger", "bürger"), ("burger", "bürger"),  # typed without dots, as Snowball read it
        ("schüler", "schüler"), ("helfer", "helfer"), ("bauer", "bauer"),
        ("kinder", None), ("häuser", None), ("hauser", None), ("länder", None),  # plurals
        ("deutscher", None), ("vorsitzender", None), ("beamter", None),  # declined adjectives
        ("freiburger", None), ("heidelberger", None),  # a place's adjective meets the place
        ("ukrainer", None), ("europäer", None),  # a people meets its country ("ukrainisch")
        ("lehre", None), ("grundschullehrer", None),  # compounds: their parts are looked up
    ],
)  # fmt: skip
def test_nouns_in_er_that_snowball_stems_like_another_word(form: str, noun: str | None) -> None:
    assert agent_noun(form) == noun


def test_a_noun_in_er_and_its_stem_mates_are_relatives_both_ways() -> None:
    assert agent_relatives("lehrer", "lehrer") == ("lehr",)
    assert agent_relatives("bürger", "burger") == ("bürg",)
    assert "lehrer" in agent_relatives("lehre", "lehr")
    assert "helfer" in agent_relatives("helfen", "helf")
    assert agent_relatives("kind", "kind") == ()
    # only nouns that name persons: "Leber" and "leben" are no matter of one another
    assert agent_relatives("leber", "leber") == ()
    assert "leber" not in agent_relatives("leben", "leb")


def test_a_noun_spelled_with_sharp_s_is_a_head() -> None:
    """The word list spells "ß" as "ss", simplemma "ß": "massnahme" had no word class and
    was no head of a compound."""
    assert split_compound("qualifizierungsmaßnahme") == ("qualifizierung", "maßnahme")
    assert split_compound("integrationsmassnahme") == ("integration", "massnahme")


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("pflegekraft", "pflegekräfte"), ("lehrkraft", "lehrkräfte"), ("hilfskraft", "hilfskräfte"),
     ("kitaplatz", "kitaplätze"), ("wohnhaus", "wohnhäuser")],
)  # fmt: skip
def test_a_noun_s_umlaut_plural_splits_as_its_singular(singular: str, plural: str) -> None:
    """A word common enough is a word of its own, not split; "Pflegekräfte" (Zipf 3.35)
    was one and "Pflegekraft" (2.85) a compound, so the two forms had different parts:
    the frequency of a word's forms now counts its umlaut plural too."""
    assert bool(split_compound(singular)) == bool(split_compound(plural))
