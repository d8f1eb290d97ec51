"""A year in a query says when, not what: "Sprachpatenschaft 2023", "Ehrenamt 2022".

Searched as a word, a year is rare in a small knowledge base and so looks specific: an
entry that merely mentions "2023" ranked above every entry about Sprachpatenschaft, and
the results were narrowed to texts that say 2023. So the years are taken out of a query
that has other words; the rest decides the results, and the entries of a named year rank
higher among them (`Index.search`, `YEAR_FACTOR`). A query of a year alone ("2023",
"Beispiele aus 2023") finds the entries of that year and the texts that name it.
A query with syntax is searched as typed (`query_topic`).
"""

from __future__ import annotations

import re

from whoosh.query import Query, Term

from indexer.german.request_words import has_topic
from indexer.german.wording import german_list

# A number of its own: not in "20234", "12.2023", "2023/24" or "year:2023".
YEAR = re.compile(r"(?<![\w.,:/-])(?:19|20)\d\d(?!\w|[.,:/-]\w)")
YEAR_FACTOR = 3.0  # a result's score × (1 + this) when it is of a year the query names


def without_years(text: str) -> tuple[str, tuple[str, ...]]:
    """(the query to search, the years it names): `text` without its years when some
    other word says what it is about; the years alone when none does ("Beispiele aus
    2023" → "2023", which finds the entries of that year and the texts that name it,
    `QueryBuilder`). For a query without syntax (`query_topic`)."""
    years = tuple(dict.fromkeys(YEAR.findall(text)))
    if not years:
        return text, ()
    rest = " ".join(YEAR.sub(" ", text).split())
    if has_topic(rest):
        return rest, years
    return " ".join(years), years


def year_notice(years: tuple[str, ...]) -> str:
    """The German notice that the years ordered the results and did not narrow them."""
    if len(years) == 1:
        return (
            f"Die Jahreszahl {years[0]} ordnet die Treffer: Beispiele aus {years[0]} stehen "
            "weiter oben. Nur Beispiele eines Jahres zeigt der Filter „Jahr“."
        )
    return (
        f"Die Jahreszahlen {german_list(years)} ordnen die Treffer: Beispiele aus diesen "
        "Jahren stehen weiter oben. Nur Beispiele bestimmter Jahre zeigt der Filter „Jahr“."
    )


def no_year_notice(years: tuple[str, ...], alone: bool) -> str:
    """The German notice that no result is of the `years` the query named: searched
    `alone`, nothing was found; beside other words, the results are of other years."""
    when = german_list(years)
    if alone:
        return f"Aus {when} gibt es keine Beispiele."
    elsewhere = "gezeigt werden passende Beispiele aus anderen Jahren."
    return f"Keiner der Treffer stammt aus {when}; {elsewhere}"


def year_emphases(years: tuple[str, ...]) -> list[Query]:
    """The entries of each named year, as `ranking.Emphasised` raises them."""
    return [Term("year", year, boost=YEAR_FACTOR) for year in years]
