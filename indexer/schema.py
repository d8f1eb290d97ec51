"""The Whoosh schema: analysed German text, exact facet values, stored display data."""

from __future__ import annotations

from whoosh.analysis import IDTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.german.analysis import (
    GERMAN,
    ValuesTokenizer,
    german_terms,
    id_terms,
    part_terms,
    parts_analyzer,
    spelling_analyzer,
    spelling_terms,
    value_terms,
)

# Front-matter keys that are facets, in display order; "size" is derived from population.
FACETS = ("themes", "type", "district", "municipality", "year", "funding", "size", "status")
# The facets' German names, for messages and the command line.
FACET_LABELS = {
    "themes": "Themen",
    "type": "Art",
    "district": "Kreis",
    "municipality": "Kommune",
    "year": "Jahr",
    "funding": "Förderung",
    "size": "Gemeindegröße",
    "status": "Status",
}
# Text fields searched by plain words, with their weight: title and summary over body.
SEARCH_FIELDS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.5,
    "tags": 2.0,
    "body": 1.0,
    "meta": 1.5,
    "contact": 1.0,
}
# Whom to contact: the front matter's `contact` and the body's "Kontakt" section. An
# office's name there ("Amt für Familie, Bildung und Soziales") says whom to ask, not what
# the entry is about: an entry that has a word only there is no good match, and such a
# word counts this much of one found elsewhere towards a query's coverage.
CONTACT_FIELD = "contact"
CONTACT_COVERAGE = 0.3
# The short descriptive front-matter fields, indexed together as "meta" (fewer fields:
# faster builds and queries); "district:Enzkreis" in a query searches "meta".
META_FIELDS = (
    "themes", "type", "municipality", "district", "funding", "partners", "target_groups",
)  # fmt: skip
# Parts of compounds from title, summary, tags and body: a match there ranks below a
# whole-word match in any field.
PARTS_FIELD = "parts"
PARTS_BOOST = 0.4
# Every analysed text field; the names are the front-matter keys, for "field:value" queries.
TEXT_FIELDS = ("title", "summary", "tags", "body", "meta", "contact")


# Fields with word positions, for "phrase" queries; elsewhere a phrase needs all its words.
PHRASE_FIELDS = ("title", "summary", "body")


def facet_field(name: str) -> str:
    """The exact-value field behind a facet (the text field of the same key is analysed)."""
    return "year" if name == "year" else f"facet_{name}"


def build_schema() -> Schema:
    text_fields = {
        name: TEXT(
            analyzer=GERMAN,
            stored=name in ("title", "summary", "body"),
            phrase=name in PHRASE_FIELDS,
        )
        for name in TEXT_FIELDS
    }
    facet_fields = {
        facet_field(name): ID(analyzer=ValuesTokenizer()) for name in FACETS if name != "year"
    }
    return Schema(
        slug=ID(stored=True, unique=True),
        alias=ID(analyzer=ValuesTokenizer()),  # earlier slugs of a renamed entry
        path=ID(stored=True),
        checksum=STORED(),
        front_matter=STORED(),  # JSON of all front-matter fields
        markdown=STORED(),  # the body as written, for the entry page
        documents=STORED(),  # JSON: per attachment kind, pages, completeness (documents.store)
        # JSON [slug, path, checksum, documents]: what an incremental build compares, read
        # as a column without unpickling every entry's stored text.
        source=COLUMN(VarBytesColumn()),
        year=ID(sortable=True),
        title_sort=ID(sortable=True),
        spell=KEYWORD(analyzer=spelling_analyzer(), scorable=False),  # a word list, unscored
        parts=TEXT(analyzer=parts_analyzer(), phrase=False),
        **text_fields,
        **facet_fields,
    )


# The schema's analyzers with a plain-function equivalent, for `whoosh_writers.BulkSegmentWriter`.
ANALYSIS_SHORTCUTS = (
    (GERMAN, german_terms),
    (parts_analyzer(), part_terms),
    (spelling_analyzer(), spelling_terms),
    (ValuesTokenizer(), value_terms),
    (IDTokenizer(), id_terms),
)

PAGES_INDEX = "pages"  # a second Whoosh index in each generation: attachment pages


def build_pages_schema() -> Schema:
    """One document per page, slide or section of an attachment, linked by `slug`."""
    return Schema(
        slug=ID(stored=True, sortable=True),  # a column: hits map to entries without stored text
        file=STORED(),
        title=STORED(),
        page=NUMERIC(stored=True, sortable=True),  # a column: equal scores go in page order
        label=STORED(),
        text=TEXT(analyzer=GERMAN, stored=True, phrase=True),
    )
