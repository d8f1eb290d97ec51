"""General synonyms from OpenThesaurus below the curated ones, and the abbreviations report."""

from __future__ import annotations

import gzip
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.qparser import AndGroup, OrGroup

from indexer.abbreviations import abbreviation
from indexer.building import build_index
from indexer.cli import cli
from indexer.german import thesaurus
from indexer.german.analysis import analyze, normalize_term
from indexer.querying import QueryBuilder
from indexer.searching import Index
from indexer.synonyms import SynonymSource, general_synonyms

REPO = Path(__file__).resolve().parents[1]

# Pairs of entries differ in one word only, so their order shows the weight of that word.
ENTRIES = {
    "arbeitssuche": ("Hilfe bei der Arbeitssuche", "Ehrenamtliche begleiten bei der Arbeitssuche."),
    "stellensuche": ("Hilfe bei der Stellensuche", "Ehrenamtliche begleiten bei der Stellensuche."),
    "lernhilfe": ("Lernhilfe am Nachmittag", "Schülerinnen und Schüler bekommen Lernhilfe."),
    "arbeitsagentur": (
        "Sprechstunde der Arbeitsagentur",
        "Beraterinnen der Arbeitsagentur kommen ins Rathaus.",
    ),
    "unterkunft": ("Unterkunft für Familien", "Familien finden eine Unterkunft im Ort."),
    "jugendliche": (
        "Theater mit UMA",
        "Unbegleitete minderjährige Geflüchtete spielen Theater mit der THW-Jugend und dem THW.",
    ),
    "eu-buerger": ("Beratung für EU-Bürger", "Zugewanderte aus der EU werden beraten."),
    "sportfest": ("Sportfest im Sommer", "Ein Fest für alle Vereine der Gemeinde."),
}


def write_kb(root: Path) -> Path:
    kb = root / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(REPO / "kb" / "taxonomy.yaml", kb / "taxonomy.yaml")
    shutil.copy(REPO / "kb" / "synonyms.yaml", kb / "synonyms.yaml")
    for slug, (title, body) in ENTRIES.items():
        (kb / "entries" / f"{slug}.md").write_text(
            textwrap.dedent(
                f"""\
                ---
                title: "{title}"
                summary: "Kurzbeschreibung."
                type: Praxisbeispiel
                themes: [Teilhabe]
                municipality: Tiefenbronn
                district: Enzkreis
                year: 2020
                ---
                {body}
                """
            ),
            encoding="utf-8",
        )
    return kb


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_kb(tmp_path_factory.mktemp("thesaurus"))


@pytest.fixture(scope="module")
def index(kb_dir: Path) -> Index:
    build_index(kb_dir, kb_dir.parent / "index")
    return Index.open(kb_dir.parent / "index", kb_dir)


def ranked(index: Index, query: str) -> list[str]:
    return [hit.slug for hit in index.search(query, page_size=20).hits]


# -- the data file -------------------------------------------------------------------------


def table_rows(path: Path, most: int) -> list[list[str]]:
    """The rows of a derived thesaurus table, checked: its header names the source and
    licence, each row is a word and 1 to `most` terms."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline()
        rows = [line.rstrip("\n").split("\t") for line in handle]
    assert "OpenThesaurus" in header and "LGPL" in header
    assert len(rows) > 10_000
    assert all(len(row) == 2 and 1 <= len(row[1].split("|")) <= most for row in rows)
    return rows


def test_the_thesaurus_file_loads_and_names_its_licence() -> None:
    rows = table_rows(thesaurus.THESAURUS_FILE, 8)
    assert all(" " not in row[1] and "(" not in row[1] for row in rows)
    notice = thesaurus.THESAURUS_FILE.with_name("de_thesaurus.NOTICE").read_text(encoding="utf-8")
    assert "LGPL" in notice and "mythes-de" in notice


def test_the_shipped_tables_agree_with_the_splitter_that_chose_their_words() -> None:
    # build_thesaurus keeps a rare compound only when the compound splitter splits it: a
    # table written before a change of the splitter keeps words it would no longer choose.
    import build_thesaurus

    known = build_thesaurus.read_lexicon(build_thesaurus.LEXICON)
    for path, most in ((thesaurus.THESAURUS_FILE, 8), (thesaurus.BROADER_FILE, 6)):
        terms = {term for _, row in table_rows(path, most) for term in row.split("|")}
        assert [t for t in terms if not build_thesaurus.is_known(t, known)] == []


def test_every_thesaurus_word_is_found_by_its_term_in_its_bucket() -> None:
    # Terms are looked up per two-letter bucket: each word's term must begin with its key,
    # else an inflected form typed in a query would miss it ("Arbeitsämter" → Arbeitsamt).
    words = list(thesaurus._by_word())
    misplaced = [w for w in words if not normalize_term(w).startswith(thesaurus._bucket(w))]
    assert misplaced == []
    assert all(thesaurus._word_with_term(normalize_term(w)) for w in words)


@pytest.mark.parametrize(
    ("word", "synonym"),
    [
        ("Arbeitsamt", "Arbeitsagentur"),
        ("arbeitsamt", "Arbeitsagentur"),
        ("Arbeitsämter", "Arbeitsagentur"),  # by the analysed form
        ("Nachhilfe", "Hausaufgabenhilfe"),
        ("Bleibe", "Unterkunft"),
        # nouns of adjectives and participles, listed in their "-er" form only
        ("Zugezogene", "Zuwanderer"),
        ("zugezogenen", "Neubürger"),
        ("Jugendliche", "Teenager"),
        ("Obdachlose", "Stadtstreicher"),
        ("Betroffenen", "Leidtragender"),
        ("Beschäftigte", "Arbeitnehmer"),
        ("Heranwachsende", "Jugendlicher"),
    ],
)
def test_synonyms_of_a_word(word: str, synonym: str) -> None:
    assert synonym in thesaurus.synonyms(word)


@pytest.mark.parametrize(
    ("word", "not_synonym"),
    [
        ("Nachhilfe", "Unterricht"),  # a broader term (Oberbegriff), no synonym
        ("Wohnung", "Bude"),  # colloquial
        ("Arbeit", "Ware"),  # a special reading ("Arbeit (= Produkt)")
        ("Ehrenamtliche", "Ehrenposten"),  # a derived word, not a form of "Ehrenamt"
        ("arbeiten", "Werktätiger"),  # "Arbeiter" is no noun of an adjective
        ("Spende", "Geber"),  # nor "Spender"
    ],
)
def test_what_the_thesaurus_leaves_out(word: str, not_synonym: str) -> None:
    assert not_synonym not in thesaurus.synonyms(word)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("Massnahme", "Maßnahme"), ("Gruss", "Gruß"), ("Aussenstelle", "Außenstelle")],
)
def test_a_word_typed_with_ss_for_sharp_s_gets_the_synonyms_of_its_spelling(
    typed: str, written: str
) -> None:
    assert thesaurus.synonyms(written)
    assert thesaurus.synonyms(typed) == thesaurus.synonyms(written)


def test_a_word_written_with_ss_keeps_its_own_synonyms() -> None:
    assert "Gruppe" in thesaurus.synonyms("Klasse")  # no "Klaße" is tried


def test_compound_parts_get_synonyms_only_when_the_index_has_the_word() -> None:
    known = {"arbeitssuche", "stellensuche"}.__contains__
    found = thesaurus.compound_synonyms(
        "Jobsuche", lambda part: [(s, 0.4) for s in thesaurus.part_synonyms(part)], known, 6
    )
    assert {word for word, _ in found} == {"arbeitssuche", "stellensuche"}
    assert thesaurus.compound_synonyms("Jobsuche", lambda part: [], known, 6) == []


# -- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Jobsuche", {"arbeitssuche", "stellensuche"}),  # Job|suche → Arbeit|suche, Stelle|n|suche
        ("Nachhilfe", {"lernhilfe"}),  # curated
        ("Arbeitsamt", {"arbeitsagentur"}),
        ("Bleibe", {"unterkunft"}),
    ],
)
def test_search_finds_thesaurus_synonyms(index: Index, query: str, found: set[str]) -> None:
    assert found <= set(ranked(index, query))


def test_curated_synonyms_rank_above_thesaurus_ones(index: Index) -> None:
    # Job → Arbeit is curated (weight 0.6), Job → Stelle only in the thesaurus.
    hits = ranked(index, "Jobsuche")
    assert hits.index("arbeitssuche") < hits.index("stellensuche")
    # no entry says "Jobsuche": the curated part synonym makes a good match, the
    # thesaurus's a weak one
    result = index.search("Jobsuche")
    assert [hit.slug for hit in result.hits[: result.exact_total]] == ["arbeitssuche"]


def test_a_word_with_a_curated_group_gets_only_that_group(index: Index) -> None:
    table = SynonymSource(REPO / "kb").table()
    assert thesaurus.synonyms("Wohnung")  # the thesaurus has some …
    anywhere = lambda word: True  # noqa: E731 - every word is in this imagined index
    assert general_synonyms(table, "Wohnung", anywhere) == []  # … but the editors' group wins
    assert [a.text for a in general_synonyms(table, "Bleibe", anywhere)][:1] == ["Unterkunft"]
    assert all(a.weight < 0.5 for a in general_synonyms(table, "Bleibe", anywhere))
    assert general_synonyms(table, "Bleibe", None) == []  # nothing unless the index has it


def body_terms(index: Index, query: str, relaxed: bool) -> set[str]:
    with index.searcher() as searcher:
        table = SynonymSource(REPO / "kb").table()
        builder = QueryBuilder(searcher.schema, table, frozenset(), searcher.reader())
        built = builder.build(query, OrGroup if relaxed else AndGroup, relaxed=relaxed)
    leaves = [leaf for leaf in built.leaves() if getattr(leaf, "fieldname", "") == "body"]
    # a phrase (a compound's parts written open) has its words
    return {text for leaf in leaves for text in getattr(leaf, "words", [leaf.text])}


def test_only_the_relaxed_query_gets_thesaurus_synonyms(index: Index) -> None:
    # With a page of entries having all the words, the broad thesaurus would add noise.
    # ("Arbeitsamt" → Arbeitsagentur is curated now; "Bleibe" → Unterkunft is not)
    assert analyze("Unterkunft")[0] not in body_terms(index, "Bleibe", relaxed=False)
    assert analyze("Unterkunft")[0] in body_terms(index, "Bleibe", relaxed=True)


def test_lower_case_words_next_to_capitalised_ones_get_no_noun_synonyms(index: Index) -> None:
    # "was tun": a query that capitalises its nouns writes verbs lower-case (Tun → Handeln).
    assert analyze("Handeln")[0] not in body_terms(index, "was tun gegen Wartezeiten", True)
    anywhere = lambda word: True  # noqa: E731 - every word is in this imagined index
    table = SynonymSource(REPO / "kb").table()
    assert "Handeln" in [a.text for a in general_synonyms(table, "tun", anywhere)]


@pytest.mark.parametrize("value", ["0", "off", "false"])
def test_the_thesaurus_can_be_turned_off(
    index: Index, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PRAXISFINDER_THESAURUS", value)
    assert not thesaurus.enabled()
    anywhere = lambda word: True  # noqa: E731 - every word is in this imagined index
    assert general_synonyms(SynonymSource(REPO / "kb").table(), "Bleibe", anywhere) == []
    assert "unterkunft" not in ranked(index, "Bleibe")
    assert "lernhilfe" in ranked(index, "Nachhilfe")  # curated synonyms stay


@pytest.mark.parametrize(
    ("query", "slug"),
    [("umF", "jugendliche"), ("UMA", "jugendliche"), ("Unionsbürger", "eu-buerger")],
)
def test_abbreviations_added_to_the_curated_list(index: Index, query: str, slug: str) -> None:
    assert ranked(index, query)[:1] == [slug]


# -- abbreviations report ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("BAMF", "BAMF"),
        ("IHKs", "IHK"),
        ("umF", "umF"),
        ("DaZ", "DaZ"),
        ("KiTa", "KiTa"),
        ("EU", "EU"),
        ("Haus", None),
        ("haus", None),
        ("II", None),
        ("A", None),
        ("ABCDEFG", None),
    ],
)
def test_what_counts_as_an_abbreviation(token: str, expected: str | None) -> None:
    assert abbreviation(token) == expected


def test_abbreviations_report_lists_those_without_expansion(kb_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["abbreviations", "--kb", str(kb_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        line.strip().startswith("THW: 2× in 1 Eintrag, z. B. [jugendliche]") for line in lines
    )
    assert not any(line.strip().startswith("UMA:") for line in lines)  # curated
    every = CliRunner().invoke(cli, ["abbreviations", "--kb", str(kb_dir), "--all"])
    assert every.exit_code == 0, every.output
    assert "UMA: 1× in 1 Eintrag, z. B. [jugendliche] (erweitert)" in every.output


def test_abbreviations_command_has_help() -> None:
    result = CliRunner().invoke(cli, ["abbreviations", "--help"])
    assert result.exit_code == 0 and "Abkürzungen" in result.output


def test_a_synonym_counts_only_where_the_index_has_the_word_itself(tmp_path: Path) -> None:
    """ "Teilnehmer" → "Teilhaber" (thesaurus) must not find the theme "Teilhabe": the two
    words share the stem "teilhab", but no entry says "Teilhaber"."""
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(REPO / "kb" / "taxonomy.yaml", kb / "taxonomy.yaml")
    for slug, title, body in (
        ("werkstatt", "Werkstatt", "Die Teilnehmer reparieren."),
        ("chor", "Chor", "Ein Chor für alle Generationen."),
    ):
        (kb / "entries" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nsummary: Im Quartier.\ntype: Projekt\nthemes: [Teilhabe]\n"
            f"municipality: Ulm\ndistrict: Ulm\nyear: 2020\n---\n\n{body}\n",
            encoding="utf-8",
        )
    build_index(kb, tmp_path / "index")
    assert "Teilhaber" in thesaurus.synonyms("Teilnehmer")
    result = Index(tmp_path / "index").search("Teilnehmer")
    assert [hit.slug for hit in result.hits] == ["werkstatt"]


# -- broader terms -------------------------------------------------------------------------


def test_the_broader_terms_file_loads_without_general_terms() -> None:
    rows = table_rows(thesaurus.BROADER_FILE, 6)
    uses: dict[str, int] = {}
    for _, terms in rows:
        for term in terms.split("|"):
            uses[term] = uses.get(term, 0) + 1
    # "Person", "Mensch", "Land" are broader terms of over a thousand words in the source
    assert {"Person", "Mensch", "Land", "Krankheit"}.isdisjoint(uses)
    assert max(uses.values()) < 150


@pytest.mark.parametrize(
    ("word", "broader", "not_broader"),
    [
        ("Geige", "Musikinstrument", "Person"),
        ("Geigen", "Musikinstrument", "Person"),  # a form of the word
        ("Handball", "Sport", "Person"),  # the head Mannschaftssport and Teamsport share
        ("Judo", "Kampfsport", "Kunst"),  # Kampfkunst's head alone is another sense
    ],
)
def test_broader_terms_of_a_noun(word: str, broader: str, not_broader: str) -> None:
    terms = thesaurus.broader_terms(word)
    assert broader in terms and not_broader not in terms


def test_a_word_no_entry_has_is_searched_as_its_broader_term(relevance_index: Index) -> None:
    """ "Geige lernen für Kinder" was searched as "lernen für Kinder", "Geige" alone found
    nothing; the music club lends instruments ("Leihinstrumente")."""
    for query in ("Geige lernen für Kinder", "Geige"):
        result = relevance_index.search(query, page_size=10)
        assert result.hits[0].slug == "musikverein-jugendkapelle-lossburg"
        assert any("Oberbegriff „Musikinstrument“" in notice for notice in result.notices)
    assert relevance_index.search('"Geige"').total == 0  # quoted: that very word


def test_broader_terms_are_off_with_the_thesaurus(
    relevance_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRAXISFINDER_THESAURUS", "0")
    assert relevance_index.search("Geige").total == 0
    result = relevance_index.search("Geige lernen für Kinder")
    assert not any("Oberbegriff" in notice for notice in result.notices)
