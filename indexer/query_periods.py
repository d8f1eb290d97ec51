"""Spans of time in a query: "ab 2020", "vor 2017", "2016 bis 2018", "aktuelle", "im Jahr 2022".

Like a year (`query_years`), a span says when, not what. Left in the query, "ab" and
"vor" are stop words and the year alone was read as that year: "Projekte ab 2020" raised
the entries of 2020 only, "vor 2017" those of 2017. "aktuelle Beispiele" found nothing,
and in "aus dem Jahr 2022" the word "Jahr" decided the results. So a span is taken out of
the query and the entries of its years (those the knowledge base has) rank higher, as
for a named year; "aktuell", "neueste" mean the `RECENT_YEARS` latest years. A query of a
span alone finds the entries of its years ("aktuelle Beispiele": of the latest three).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.german.wording import quoted_list

RECENT_YEARS = 3  # "aktuelle Beispiele": the entries of the latest three years
_YEAR = r"(?:19|20)\d\d"
_OF_YEAR = r"(?:(?:dem |im |vom )?(?:jahre? )?)"  # "seit dem Jahr 2020", "vor 2017"
# Each pattern finds a span and gives its first and last year (None: open).
_SPANS = (
    # "zwischen 2016 und 2018"
    (
        re.compile(rf"\bzwischen (?P<a>{_YEAR}) und (?P<b>{_YEAR})\b", re.IGNORECASE),
        lambda m: (int(m["a"]), int(m["b"])),
    ),
    # "2016 bis 2018", "von 2016 bis 2018", "2016-2018", "2016–2018"
    (
        re.compile(
            rf"(?<![\w.,:/-])(?:von )?(?P<a>{_YEAR})(?: ?[-–] ?| bis )(?P<b>{_YEAR})\b",
            re.IGNORECASE,
        ),
        lambda m: (int(m["a"]), int(m["b"])),
    ),
    # "ab 2020", "seit dem Jahr 2020", "nach 2015", "vor 2017", "bis 2018"
    (
        re.compile(rf"\b(?P<word>ab|seit|nach|vor|bis) {_OF_YEAR}(?P<a>{_YEAR})\b", re.IGNORECASE),
        lambda m: {
            "ab": (int(m["a"]), None),
            "seit": (int(m["a"]), None),
            "nach": (int(m["a"]) + 1, None),
            "vor": (None, int(m["a"]) - 1),
            "bis": (None, int(m["a"])),
        }[m["word"].lower()],
    ),
)
_RECENT = re.compile(
    r"\b(?:aktuell(?:e[nmrs]?)?|neueste[nmrs]?|neuste[nmrs]?|jüngste[nmrs]?"
    r"|(?:in den|der|aus den) letzten jahren?)\b",
    re.IGNORECASE,
)
# "im Jahr 2022", "aus dem Jahre 2022": the word "Jahr" before a year is part of it.
_YEAR_WORD = re.compile(rf"\bjahre?s? (?={_YEAR}\b)", re.IGNORECASE)


def without_periods(
    text: str, known: Sequence[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(`text` without its spans of time, the `known` years they mean, the spans as typed);
    "Jahr" before a year is left out too ("aus dem Jahr 2022" → "aus dem 2022"). For a
    query without syntax (`query_topic`)."""
    years: set[int] = set()
    spans: list[str] = []
    known_years = sorted(int(year) for year in known if year.isdigit())
    for pattern, bounds in _SPANS:
        for match in pattern.finditer(text):
            first, last = bounds(match)
            spans.append(" ".join(match.group(0).split()))
            years.update(
                year
                for year in known_years
                if (first is None or year >= first) and (last is None or year <= last)
            )
        text = pattern.sub(" ", text)
    for match in _RECENT.finditer(text):
        spans.append(match.group(0))
        years.update(known_years[-RECENT_YEARS:])
    text = " ".join(_YEAR_WORD.sub("", _RECENT.sub(" ", text)).split())
    named = tuple(str(year) for year in sorted(years))
    return text, named, tuple(dict.fromkeys(spans))


def period_notice(spans: Sequence[str], years: Sequence[str]) -> str:
    """The German notice that spans of time ordered the results and did not narrow them."""
    named = quoted_list(spans)
    verb = "ordnet" if len(spans) == 1 else "ordnen"
    if not years:
        return f"{named} {verb} die Treffer nicht: Aus dieser Zeit gibt es keine Beispiele."
    when = years[0] if len(years) == 1 else f"{years[0]} bis {years[-1]}"
    return (
        f"{named} {verb} die Treffer: Beispiele aus {when} stehen weiter oben. Nur "
        "Beispiele bestimmter Jahre zeigt der Filter „Jahr“."
    )
