"""Search: facet counts against a brute-force reference, filters, sorting, paging, snippets."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer import searching
from indexer.building import build_index
from indexer.german.analysis import analyze
from indexer.german.wording import relaxed_notice
from indexer.loading import load_kb
from indexer.model import Entry
from indexer.schema import FACETS
from indexer.searching import Index, SearchError
from indexer.taxonomy import Taxonomy, load_taxonomy

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"

# -- a generated corpus: ~60 entries with varied facets, plus the shipped kb ----------

SENTENCES = [
    "Ehrenamtliche begleiten Geflüchtete bei Behördengängen und Arztbesuchen.",
    "Die Gemeinde stellt Räume für ein wöchentliches Sprachcafé bereit.",
    "Jugendliche aus dem Sportverein trainieren gemeinsam mit neu Zugewanderten.",
    "Ein Arbeitskreis koordiniert die Vermittlung von Wohnraum.",
    "Betriebe aus der Region bieten Praktika und Ausbildungsplätze an.",
    "Die Schule organisiert eine Hausaufgabenhilfe am Nachmittag.",
    "Ärztinnen und Ärzte informieren über Vorsorge und Impfungen.",
    "Der Musikverein lädt Familien zu einem Straßenfest ein.",
    "Die Verwaltung richtet eine zentrale Anlaufstelle im Rathaus ein.",
    "Paten unterstützen bei der Suche nach Arbeit und beim Bewerbungsschreiben.",
    "Eltern tauschen sich im Elterncafé der Kindertagesstätte aus.",
    "Die Bibliothek verleiht Bücher in einfacher Sprache.",
    "Ein Fahrdienst bringt ältere Menschen zu den Treffen.",
    "Der Gemeinderat beschließt ein Konzept für Integration und Teilhabe.",
    "Freiwillige geben Nachhilfe in Mathematik und Deutsch.",
    "Ein Theaterprojekt bringt Jugendliche verschiedener Herkunft zusammen.",
]
MUNICIPALITIES = ["Balingen", "Aalen", "Bruchsal", "Ehingen", "Calw", "Weinheim", "Rottweil"]
DISTRICTS = ["Enzkreis", "Ostalbkreis", "Ortenaukreis", "Stuttgart", "Landkreis Calw", "Ulm"]
POPULATIONS = [None, 1200, 4999, 5000, 12000, 19999, 20000, 55000, 100000, 250000]

# Entries that individual tests rely on, written by hand.
SPECIAL_ENTRIES = {
    "werkstatt-sicherheit": {
        "title": "Offene Werkstatt",
        "summary": "Ein Reparaturtreff im Quartier.",
        "themes": ["Teilhabe"],
        "body": "Der Werkstattbericht enthält <script>alert(1)</script> und eine Werkstatt für "
        'Fahrräder & "Lastenräder". <b>fett</b>',
    },
    "haupt-ehrenamt-getrennt": {
        "title": "Ein Haupt voller Ideen",
        "summary": "Das Haupt der Gruppe lobt das Ehrenamt im Dorf.",
        "themes": ["Ehrenamt"],
        "body": "Engagement im Dorf: Das Haupt der Gruppe lobt das Ehrenamt.",
    },
}


def generated_entries(rng: random.Random, count: int) -> dict[str, dict]:
    themes = [t.name for t in load_taxonomy(SHIPPED_KB).themes]
    types = [t.name for t in load_taxonomy(SHIPPED_KB).types]
    funding = [t.name for t in load_taxonomy(SHIPPED_KB).funding]
    entries = {}
    for number in range(count):
        municipality = rng.choice(MUNICIPALITIES)
        fields = {
            "title": f"Beispiel {number}: {rng.choice(SENTENCES)[:-1]}",
            "summary": rng.choice(SENTENCES),
            "type": rng.choice(types),
            "themes": rng.sample(themes, rng.randint(1, 3)),
            "municipality": municipality,
            "district": rng.choice(DISTRICTS),
            "year": rng.randint(2012, 2024),
            "funding": rng.sample(funding, rng.choice([0, 0, 1, 1, 2])),
            "population": rng.choice(POPULATIONS),
            "status": "entwurf" if rng.random() < 0.15 else "veröffentlicht",
            "body": " ".join(rng.sample(SENTENCES, 4)),
        }
        entries[f"beispiel-{number:02d}-{municipality.lower()}"] = fields
    return entries


def entry_file(fields: dict) -> str:
    defaults = {
        "type": "Praxisbeispiel",
        "municipality": "Mosbach",
        "district": "Neckar-Odenwald-Kreis",
        "year": 2021,
    }
    data = {**defaults, **fields}
    body = data.pop("body")
    front = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in data.items()
        if value not in (None, [])
    ]
    return "\n".join(["---", *front, "---", "", body, ""])


@dataclass
class Corpus:
    kb: Path
    index: Index
    entries: list[Entry]
    taxonomy: Taxonomy

    def entry(self, slug: str) -> Entry:
        return next(e for e in self.entries if e.slug == slug)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    kb = tmp_path_factory.mktemp("kb")
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb)
    # No synonyms (tested with their own module): every match is a form of a query word.
    (kb / "synonyms.yaml").write_text("groups: []\n", encoding="utf-8")
    shutil.copytree(SHIPPED_KB / "entries", kb / "entries")
    entries = {**generated_entries(random.Random(20240611), 60), **SPECIAL_ENTRIES}
    for slug, fields in entries.items():
        (kb / "entries" / f"{slug}.md").write_text(entry_file(fields), encoding="utf-8")
    loaded = load_kb(kb)
    assert loaded.problems == []
    assert len(loaded.entries) == len(entries) + 8
    index_dir = tmp_path_factory.mktemp("index")
    build_index(kb, index_dir)
    return Corpus(kb, Index(index_dir), loaded.entries, load_taxonomy(kb))


# -- helpers ---------------------------------------------------------------------------


def all_hits(index: Index, query: str = "", **options) -> list:
    """Every hit of a search, page by page."""
    hits, page = [], 1
    while True:
        result = index.search(query, page=page, page_size=100, **options)
        hits += result.hits
        if page >= result.pages:
            return hits
        page += 1


def slugs(index: Index, query: str = "", **options) -> set[str]:
    return {hit.slug for hit in all_hits(index, query, **options)}


def exact(index: Index, query: str, **options) -> set[str]:
    """Entries matching the whole query, without the relaxed "some of the words" tail."""
    result = index.search(query, page_size=100, **options)
    assert result.total <= 100
    return {hit.slug for hit in result.hits[: result.exact_total]}


def facet_values(entry: Entry, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The values of every facet of one entry, straight from its front matter."""
    f = entry.fields
    size = taxonomy.size_class(f.get("population"))
    return {
        "themes": f["themes"],
        "type": [f["type"]],
        "district": [f["district"]],
        "municipality": [f["municipality"]],
        "year": [str(f["year"])],
        "funding": f.get("funding", []),
        "size": [size] if size else [],
        "status": [f["status"]],
    }


def reference(
    corpus: Corpus,
    query: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    include_drafts: bool = False,
) -> tuple[set[str], dict[str, dict[str, int]]]:
    """Brute force: (selected slugs, disjunctive facet counts) computed in Python."""
    filters = filters or {}
    matched = exact(corpus.index, query, include_drafts=True) if query else None
    values = {e.slug: facet_values(e, corpus.taxonomy) for e in corpus.entries}

    def passes(slug: str, ignore: str | None) -> bool:
        v = values[slug]
        for facet, wanted in filters.items():
            if facet != ignore and not set(v[facet]) & set(wanted):
                return False
        year = int(v["year"][0])  # the range restricts the year facet's counts too
        if not (year_from or 0) <= year <= (year_to or 9999):
            return False
        published = v["status"] == ["veröffentlicht"]
        return ignore == "status" or "status" in filters or include_drafts or published

    candidates = [s for s in values if matched is None or s in matched]
    selected = {s for s in candidates if passes(s, None)}
    counts = {}
    for facet in FACETS:
        if facet == "status" and not (include_drafts or "status" in filters):
            continue
        counter = Counter(
            value for s in candidates if passes(s, facet) for value in values[s][facet]
        )
        counts[facet] = {value: counter[value] for value in counter}
        for value in filters.get(facet, ()):
            counts[facet].setdefault(value, 0)
    return selected, counts


# -- facet counts ----------------------------------------------------------------------

FACET_CASES = [
    pytest.param("", {}, id="browse"),
    pytest.param("", {"filters": {"themes": ["Arbeit"]}}, id="browse-one-theme"),
    pytest.param(
        "",
        {"filters": {"themes": ["Arbeit", "Sprache"], "district": ["Enzkreis", "Ulm"]}},
        id="browse-two-themes-two-districts",
    ),
    pytest.param("Ehrenamtliche", {}, id="query"),
    pytest.param(
        "Ehrenamtliche",
        {"filters": {"themes": ["Ehrenamt"], "type": ["Praxisbeispiel"]}},
        id="query-theme-and-type",
    ),
    pytest.param(
        "Schule",
        {"filters": {"size": ["5.000–20.000", "unter 5.000"]}, "year_from": 2015, "year_to": 2020},
        id="query-sizes-year-range",
    ),
    pytest.param(
        "",
        {
            "filters": {"funding": ["Gemeinsam in Vielfalt"]},
            "year_to": 2018,
            "include_drafts": True,
        },
        id="funding-drafts-until",
    ),
    pytest.param(
        "Integration",
        {"filters": {"municipality": ["Aalen", "Calw"]}, "year_from": 2016, "include_drafts": True},
        id="query-municipalities-drafts-from",
    ),
    pytest.param("", {"filters": {"status": ["entwurf"]}, "include_drafts": True}, id="status"),
    pytest.param(
        "Jugendliche",
        {"filters": {"year": ["2019", "2020", "2021"]}, "year_from": 2020},
        id="year-values-and-range",
    ),
    pytest.param(
        "Paten Arbeit", {"filters": {"type": ["Praxisbeispiel", "Projekt"]}}, id="two-words"
    ),
]


@pytest.mark.parametrize(("query", "options"), FACET_CASES)
def test_facet_counts_equal_a_brute_force_count(corpus: Corpus, query: str, options: dict) -> None:
    # The reference knows no relaxed tail (partial matches, relevance feedback).
    result = corpus.index.search(query, page_size=100, relax=False, **options)
    assert not result.relaxed
    selected, counts = reference(corpus, query, **options)
    assert selected, "the case should select something"
    assert result.total == len(selected)
    assert {hit.slug for hit in result.hits} == selected
    assert result.facets == counts


def test_facet_counts_are_disjunctive(corpus: Corpus) -> None:
    """With a themes filter, themes are counted without it; other facets with it."""
    unfiltered = corpus.index.search("")
    filtered = corpus.index.search("", filters={"themes": ["Arbeit"]})
    assert filtered.facets["themes"] == unfiltered.facets["themes"]
    assert filtered.facets["themes"]["Sprache"] > 0  # choosable although filtered out
    arbeit = [e for e in corpus.entries if "Arbeit" in e.fields["themes"] and e.is_published]
    assert filtered.total == len(arbeit) < unfiltered.total
    assert filtered.facets["district"] == dict(Counter(e.fields["district"] for e in arbeit))
    assert sum(filtered.facets["year"].values()) == filtered.total  # one year per entry


def test_facet_counts_keep_a_filtered_value_with_zero_hits(corpus: Corpus) -> None:
    result = corpus.index.search("", filters={"district": ["Landkreis Biberach"]})
    assert result.total == 0
    assert result.facets["district"]["Landkreis Biberach"] == 0


def test_status_facet_only_when_drafts_are_searched(corpus: Corpus) -> None:
    assert "status" not in corpus.index.search("").facets
    drafts = sum(not e.is_published for e in corpus.entries)
    status = corpus.index.search("", include_drafts=True).facets["status"]
    assert status == {"veröffentlicht": len(corpus.entries) - drafts, "entwurf": drafts}


# -- filters ---------------------------------------------------------------------------


def test_values_of_one_facet_are_or_facets_are_and(corpus: Corpus) -> None:
    index = corpus.index
    arbeit = slugs(index, filters={"themes": ["Arbeit"]})
    sprache = slugs(index, filters={"themes": ["Sprache"]})
    enzkreis = slugs(index, filters={"district": ["Enzkreis"]})
    assert arbeit and sprache and enzkreis
    assert arbeit - sprache and sprache - arbeit  # the OR below is a real union
    assert slugs(index, filters={"themes": ["Arbeit", "Sprache"]}) == arbeit | sprache
    both = slugs(index, filters={"themes": ["Arbeit"], "district": ["Enzkreis"]})
    assert both == arbeit & enzkreis
    assert both != arbeit


def test_year_range(corpus: Corpus) -> None:
    hits = all_hits(corpus.index, year_from=2016, year_to=2019)
    expected = {
        e.slug for e in corpus.entries if e.is_published and 2016 <= e.fields["year"] <= 2019
    }
    assert {h.slug for h in hits} == expected
    assert {h.fields["year"] for h in hits} <= {2016, 2017, 2018, 2019}
    assert slugs(corpus.index, year_from=2022) == {
        e.slug for e in corpus.entries if e.is_published and e.fields["year"] >= 2022
    }


def test_drafts_are_excluded_unless_asked_for(corpus: Corpus) -> None:
    drafts = {e.slug for e in corpus.entries if not e.is_published}
    assert drafts
    assert not slugs(corpus.index) & drafts
    assert not slugs(corpus.index, "Ehrenamtliche") & drafts
    assert drafts <= slugs(corpus.index, include_drafts=True)


def test_empty_query_lists_all_published_entries(corpus: Corpus) -> None:
    hits = all_hits(corpus.index)
    assert {h.slug for h in hits} == {e.slug for e in corpus.entries if e.is_published}
    order = [(-h.fields["year"], h.title.casefold()) for h in hits]
    assert order == sorted(order)  # newest first, then by title


def test_unknown_filter_field_raises_search_error(corpus: Corpus) -> None:
    with pytest.raises(SearchError, match="Unbekanntes Filterfeld „foo“"):
        corpus.index.search("Arbeit", filters={"foo": ["bar"]})


@pytest.mark.parametrize(
    "options", [{"sort": "title"}, {"page": 0}, {"page_size": 0}, {"page_size": 101}]
)
def test_bad_search_options_raise_search_error(corpus: Corpus, options: dict) -> None:
    with pytest.raises(SearchError):
        corpus.index.search("Arbeit", **options)


# -- sorting and paging ----------------------------------------------------------------


def test_sort_by_year_gives_non_increasing_years(corpus: Corpus) -> None:
    hits = all_hits(corpus.index, "Ehrenamtliche", sort="year")
    years = [h.fields["year"] for h in hits]
    assert len(set(years)) > 3
    assert years == sorted(years, reverse=True)
    assert {h.slug for h in hits} == slugs(corpus.index, "Ehrenamtliche")


def test_relevance_sort_gives_non_increasing_scores(corpus: Corpus) -> None:
    scores = [h.score for h in all_hits(corpus.index, "Jugendliche Sportverein")]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0


@pytest.mark.parametrize(("query", "sort"), [("", "relevance"), ("Arbeit", "relevance"),
                                             ("Arbeit", "year")])  # fmt: skip
def test_pages_are_disjoint_and_cover_all_hits(corpus: Corpus, query: str, sort: str) -> None:
    everything = slugs(corpus.index, query, sort=sort)
    first = corpus.index.search(query, sort=sort, page_size=7)
    assert first.total == len(everything) > 14
    pages = [first] + [
        corpus.index.search(query, sort=sort, page=n, page_size=7)
        for n in range(2, first.pages + 1)
    ]
    assert {p.total for p in pages} == {first.total}
    seen: list[str] = [h.slug for p in pages for h in p.hits]
    assert len(seen) == len(set(seen))  # disjoint
    assert set(seen) == everything
    assert all(len(p.hits) == 7 for p in pages[:-1])
    beyond = corpus.index.search(query, sort=sort, page=first.pages + 1, page_size=7)
    assert (beyond.hits, beyond.total) == ((), first.total)


# -- query syntax ----------------------------------------------------------------------


def test_words_are_and_by_default(corpus: Corpus) -> None:
    both = exact(corpus.index, "Ehrenamtliche Schule")
    ehrenamtliche, schule = exact(corpus.index, "Ehrenamtliche"), exact(corpus.index, "Schule")
    assert ehrenamtliche - schule and schule - ehrenamtliche
    assert both == ehrenamtliche & schule


def test_no_entry_with_all_words_falls_back_to_or(corpus: Corpus) -> None:
    lerninsel, werkstatt = exact(corpus.index, "Lerninsel"), exact(corpus.index, "Werkstatt")
    assert lerninsel and werkstatt and not lerninsel & werkstatt
    result = corpus.index.search("Lerninsel Werkstatt", page_size=100)
    assert result.relaxed
    assert result.exact_total == 0
    assert {h.slug for h in result.hits} >= lerninsel | werkstatt
    assert result.total == len(result.hits) >= 2
    assert result.relaxed_notice == (
        "Kein Beispiel passt zu allen Suchwörtern. Angezeigt werden verwandte Beispiele "
        "mit einigen davon oder ähnlichen Begriffen."
    )


@pytest.mark.parametrize(
    ("exact_total", "topic", "notice"),
    [
        (
            0,
            "Sprachpaten",
            "Kein Beispiel passt zu „Sprachpaten“. Angezeigt werden verwandte "
            "Beispiele mit ähnlichen Begriffen.",
        ),
        (
            1,
            "Hilfe für Familien",  # "für" is no search word
            "1 Beispiel passt zu allen Suchwörtern; danach folgen verwandte Beispiele mit "
            "einigen davon oder ähnlichen Begriffen.",
        ),
        (
            1,
            '"Fußball für alle"',  # a quoted phrase is one unit: it said „"Fußball“
            "1 Beispiel passt zu „Fußball für alle“; danach folgen verwandte Beispiele mit "
            "ähnlichen Begriffen.",
        ),
        (
            1200,
            "die Lerninsel",
            "1.200 Beispiele passen zu „Lerninsel“; danach folgen verwandte "
            "Beispiele mit ähnlichen Begriffen.",
        ),
    ],
)
def test_relaxed_notice_speaks_of_one_word_as_a_word(
    exact_total: int, topic: str, notice: str
) -> None:
    """A search for one word whose weak matches follow said "Kein Beispiel enthält alle
    Suchwörter … mit einigen davon", which reads oddly for a single word."""
    assert relaxed_notice(exact_total, topic) == notice


def test_phrase_query_needs_the_words_in_order(corpus: Corpus) -> None:
    loose = exact(corpus.index, "Haupt Ehrenamt")
    phrase = exact(corpus.index, '"Haupt- und Ehrenamt"')
    assert "haupt-ehrenamt-getrennt" in loose
    assert phrase == {"regionalkonferenz-st-georgen-2018-haupt-und-ehrenamt"}
    assert phrase < loose
    first = corpus.index.search('"Haupt- und Ehrenamt"').hits[0]
    assert first.slug == "regionalkonferenz-st-georgen-2018-haupt-und-ehrenamt"


@pytest.mark.parametrize(
    ("query", "facet", "value"),
    [("district:Enzkreis", "district", "Enzkreis"), ("themes:Arbeit", "themes", "Arbeit")],
)
def test_field_query(corpus: Corpus, query: str, facet: str, value: str) -> None:
    expected = {
        e.slug
        for e in corpus.entries
        if e.is_published and value in facet_values(e, corpus.taxonomy)[facet]
    }
    assert expected
    assert slugs(corpus.index, query) == expected
    # the plain word also matches entries that only mention it in the text
    assert exact(corpus.index, value) >= expected


def test_not_operator(corpus: Corpus) -> None:
    ehrenamtliche = exact(corpus.index, "Ehrenamtliche")
    schule = exact(corpus.index, "Schule")
    assert ehrenamtliche & schule
    assert exact(corpus.index, "Ehrenamtliche NOT Schule") == ehrenamtliche - schule


@pytest.mark.parametrize(
    ("query", "excluded"),
    [
        ("Lerninsel NOT Schule", "Schule"),
        ("Integration Gundelsheim NOT Tiefenbronn", "Tiefenbronn"),
    ],
)
def test_not_holds_in_the_relaxed_tail(corpus: Corpus, query: str, excluded: str) -> None:
    """Few hits add entries with some of the words, but never one with the NOT word."""
    without = slugs(corpus.index, query)
    assert without
    assert not without & exact(corpus.index, excluded)


# -- snippets --------------------------------------------------------------------------

MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.mark.parametrize("query", ["Schule", "Ehrenamtliche", "Integration", "Werkstatt"])
def test_snippet_marks_whole_matched_words(corpus: Corpus, query: str) -> None:
    result = corpus.index.search(query, page_size=100)
    hits = result.hits[: result.exact_total]
    assert hits
    (term,) = analyze(query)
    for hit in hits:
        entry = corpus.entry(hit.slug)
        marked = MARK.findall(hit.snippet)
        if term in analyze(f"{entry.fields['summary']} {entry.body}"):
            assert marked, hit.snippet
        for word in marked:  # the word itself, or a compound that contains it
            (marked_term,) = analyze(word)
            assert term in marked_term, (word, hit.snippet)
        for before, after in re.findall(r"(.?)<mark>.*?</mark>(.?)", hit.snippet):
            assert not before.isalpha() and not after.isalpha(), hit.snippet
        assert "<" not in MARK.sub("", hit.snippet)


def test_snippet_marks_whole_words_also_in_compounds(corpus: Corpus) -> None:
    hit = corpus.index.search("Werkstatt").hits[0]
    assert hit.slug == "werkstatt-sicherheit"
    assert "eine <mark>Werkstatt</mark> für" in hit.snippet
    assert "<mark>Werkstattbericht</mark>" in hit.snippet  # never "<mark>Werkstatt</mark>bericht"
    assert "</mark>bericht" not in hit.snippet


@pytest.mark.parametrize("query", ["alert", "Werkstatt", "script", "fett"])
def test_snippet_escapes_html_from_the_content(corpus: Corpus, query: str) -> None:
    hits = corpus.index.search(query).hits
    assert hits[0].slug == "werkstatt-sicherheit"
    assert "&lt;" in hits[0].snippet
    for hit in hits:
        assert "<script" not in hit.snippet and "<b>" not in hit.snippet
        assert "<" not in MARK.sub("", hit.snippet)


def test_browse_snippet_is_the_escaped_summary(corpus: Corpus) -> None:
    hit = next(h for h in all_hits(corpus.index) if h.slug == "werkstatt-sicherheit")
    assert hit.snippet == "Ein Reparaturtreff im Quartier."


# -- suggestions, stored entries, reopening --------------------------------------------


def test_suggestion_for_a_misspelt_word(corpus: Corpus) -> None:
    result = corpus.index.search("Integrazion")
    assert result.suggestion is not None
    assert "Integration" in result.suggestion
    assert corpus.index.search(result.suggestion).total > 0


def test_close_spellings_are_looked_up_once_per_commit(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app runs a query again for every page, filter and sort: the index's close
    spellings of its unknown words are kept (with drafts or without, the same)."""
    calls: list[str] = []
    original = searching.close_spellings

    def counting(searcher, word: str):  # noqa: ANN202
        calls.append(word)
        return original(searcher, word)

    monkeypatch.setattr(searching, "close_spellings", counting)
    first = corpus.index.search("Integrazionn")
    again = corpus.index.search("Integrazionn", page=2)
    drafts = corpus.index.search("Integrazionn", include_drafts=True)
    assert calls == ["integrazionn"]
    assert first.suggestion == again.suggestion == drafts.suggestion
    assert first.suggestion and "Integration" in first.suggestion


@pytest.mark.parametrize("query", ["Integration", "Teilnehmer*innen", "district:Enzkreis"])
def test_no_suggestion_for_known_words(corpus: Corpus, query: str) -> None:
    assert corpus.index.search(query).suggestion is None


def test_get_returns_fields_and_markdown(corpus: Corpus) -> None:
    entry = corpus.entry("werkstatt-sicherheit")
    stored = corpus.index.get("werkstatt-sicherheit")
    assert stored is not None
    assert stored.fields == entry.front_matter()
    assert stored.markdown == entry.body
    assert stored.path == "entries/werkstatt-sicherheit.md"
    assert corpus.index.get("gibt-es-nicht") is None


def test_get_returns_drafts_only_when_asked(corpus: Corpus) -> None:
    draft = next(e for e in corpus.entries if not e.is_published)
    assert corpus.index.get(draft.slug) is None
    assert corpus.index.get(draft.slug, include_drafts=True).fields["status"] == "entwurf"


SMALL_ENTRY = """---
title: {title}
summary: Ein kurzer Eintrag.
type: Praxisbeispiel
themes: [{theme}]
municipality: Ulm
district: Ulm
year: 2020
---

{body}
"""


@pytest.mark.parametrize("full", [False, True])
def test_index_reopens_itself_after_a_rebuild(tmp_path: Path, full: bool) -> None:
    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb)
    (kb / "entries" / "erster.md").write_text(
        SMALL_ENTRY.format(title="Erster", theme="Sport", body="Ein Lauftreff."), "utf-8"
    )
    build_index(kb, tmp_path / "index")
    index = Index(tmp_path / "index")
    assert index.search("Schachclub").total == 0
    assert index.search().facets["themes"] == {"Sport": 1}

    (kb / "entries" / "zweiter.md").write_text(
        SMALL_ENTRY.format(title="Zweiter", theme="Kultur", body="Ein Schachclub."), "utf-8"
    )
    report = build_index(kb, tmp_path / "index", full=full)
    assert report.mode == ("full" if full else "incremental")
    assert [h.slug for h in index.search("Schachclub").hits] == ["zweiter"]
    assert index.search().facets["themes"] == {"Sport": 1, "Kultur": 1}
    assert index.get("zweiter") is not None


def test_filter_values_are_read_as_the_index_writes_them(relevance_index: Index) -> None:
    """A link or script that wrote "themes=sport" or "district=Esslingen" found nothing,
    without a word why."""

    def slugs(**filters: list[str]) -> list[str]:
        return [hit.slug for hit in relevance_index.search("", filters=filters, page_size=60).hits]

    assert slugs(themes=["sport"]) == slugs(themes=["Sport"]) != []
    assert slugs(type=["LEITFADEN"]) == slugs(type=["Leitfaden"]) != []
    assert slugs(district=["esslingen"]) == slugs(district=["Landkreis Esslingen"]) != []
    assert slugs(themes=["Fluechtlingshilfe"]) == slugs(themes=["Flüchtlingshilfe"]) != []
    # another form, and an abbreviation of the curated synonyms (a tester's three finds)
    assert slugs(type=["Praxisbeispiele"]) == slugs(type=["Praxisbeispiel"]) != []
    assert slugs(themes=["Kinder & Jugend"]) == slugs(themes=["Kinder und Jugend"]) != []
    pik = slugs(funding=["Pakt für Integration mit den Kommunen"])
    assert slugs(funding=["PiK"]) == pik != []
    unknown = relevance_index.search("Kinder", filters={"themes": ["Fussball"]})
    assert unknown.total == 0
    assert "Im Filter „Themen“ hat kein Beispiel den Wert „Fussball“." in unknown.notices


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # not the entry naming the "IHK Ulm" (it has "Sprachkurse"; the Ulm entry on
        # integration courses has no "Sprachkurs", only its parts apart: a related one)
        ("Kurse in Ulm", "integrationskurse-wartelisten-ulm"),
        ("Fest in Heidelberg", "strassenfest-der-kulturen-heidelberg"),
        ("Kirchheim Sport", "sport-im-park-kirchheim"),
    ],
)
def test_entries_located_in_a_named_place_rank_higher(
    relevance_index: Index, query: str, first: str
) -> None:
    """A place's name also stands in other entries' partners and contacts ("IHK Ulm",
    "Agentur für Arbeit Heidelberg"), which came first. Beside other words a town with
    entries orders the results ("Arbeit in Heidelberg" puts the work entries first, the
    Heidelberg street festival that mentions work once no longer)."""
    assert relevance_index.search(query).hits[0].slug == first


def test_a_hostile_filter_value_is_refused_briefly(relevance_index: Index) -> None:
    """A value longer than any front-matter value is no value (it was compared as a word
    with every value); the notice repeats only its beginning; a value without a word
    stands for none."""
    huge = relevance_index.search("Kita", filters={"themes": ["x" * 1_000_000]})
    assert huge.total == 0
    assert max(len(notice) for notice in huge.notices) < 200
    marks = relevance_index.search("", filters={"type": ["***"]})
    assert marks.total == 0 and any("„***“" in notice for notice in marks.notices)
