"""Parts of the state a query names: "Ehrenamt am Bodensee", "Sprachcafé in der Region Stuttgart".

An entry names its municipality and district, not the landscape or planning region they
lie in, so "am Bodensee" matched only the few texts that say "Bodensee" and missed the
entries of Friedrichshafen. `areas` in kb/taxonomy.yaml maps such names to districts; a
name is taken out of a query that has other words, and the entries of its districts rank
higher (as for a named place, `searching.PLACE_FACTOR`). Alone ("Bodensee") it finds the
entries of its districts. For a query without syntax (`query_topic`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from indexer.german.request_words import has_topic
from indexer.german.wording import german_list, quoted_list
from indexer.region_names import names_pattern


def without_areas(
    text: str, areas: Mapping[str, Sequence[str]]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(`text` without the areas it names, their districts, the names as typed)."""
    if not areas:
        return text, (), ()
    pattern = _pattern(tuple(areas))
    found = [(match.group(0), _area_of(match.group(0), areas)) for match in pattern.finditer(text)]
    if not found:
        return text, (), ()
    districts = tuple(dict.fromkeys(d for _, area in found for d in areas.get(area, ())))
    names = tuple(dict.fromkeys(typed for typed, _ in found))
    rest = " ".join(pattern.sub(" ", text).split())
    if not has_topic(rest):  # the area alone: the entries of its districts
        rest = " OR ".join(f'"{district}"' for district in districts)
    return rest, districts, names


def area_notice(names: Sequence[str], districts: Sequence[str]) -> str:
    """The German notice that an area ordered the results and did not narrow them."""
    verb = "ordnet" if len(names) == 1 else "ordnen"
    return (
        f"{quoted_list(names)} {verb} die Treffer: Beispiele aus {german_list(districts)} "
        "stehen weiter oben."
    )


def elsewhere_notice(names: Sequence[str], places: Sequence[str], others: int = 0) -> str:
    """The German notice that none of the results comes from the `places` that the
    `names` typed were to raise ("Stellen Balingen": no entry from Balingen has "Stellen"),
    and how many `others` come from there ("Integration Heidelberg": the Heidelberg street
    festival does not say "Integration", and the notice seemed to say there was none)."""
    where = german_list(places)
    said = where if list(names) == list(places) else f"{where} (zu {quoted_list(names)})"
    notice = (
        f"Keiner der Treffer stammt aus {said}; gezeigt werden passende Beispiele von anderswo."
    )
    if others == 1:
        notice += f" Aus {where} gibt es 1 Beispiel, das die Suchwörter nicht enthält."
    elif others:
        notice += f" Aus {where} gibt es {others} Beispiele, die die Suchwörter nicht enthalten."
    return notice


def alone_notice(names: Sequence[str], districts: Sequence[str]) -> str:
    """The German notice that a place named alone shows the entries of its districts."""
    return f"Zu {quoted_list(names)} gezeigt: die Beispiele aus {german_list(districts)}."


def _area_of(typed: str, areas: Mapping[str, Sequence[str]]) -> str:
    return next((name for name in areas if _pattern((name,)).fullmatch(typed)), "")


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return names_pattern(names, inflected=True)
