"""The places the entries come from, in the forms a query is compared with: their words,
their names as typed (with or without umlaut dots, hyphens, "Landkreis", or the part
that locates a town), and the facet values they raise. Built once per index commit from
the municipality and district values of its entries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.german.analysis import fold_umlauts
from indexer.municipalities import place_key, short_name, spelled_otherwise
from indexer.schema import facet_field

_WORD = re.compile(r"[^\W\d_]+")
_GENERIC_PLACE_WORDS = frozenset({"landkreis", "kreis", "stadtkreis", "stadt"})


@dataclass(frozen=True)
class EntryPlaces:
    # every word of the municipalities' and districts' names, lower-case, as spelled
    words: frozenset[str]
    long_words: frozenset[str]  # those of four letters or more (no typo corrects them)
    # `place_key` of each name a place may be typed by → its name as the entries spell it
    located: dict[str, str]
    # those names as typed, lower-case (a common word typed so is the place: "aalen")
    located_spelled: frozenset[str]
    # (facet field, value, the words that name it) of every municipality and district
    values: tuple[tuple[str, str, frozenset[str]], ...]

    @classmethod
    def of(cls, municipalities: Iterable[str], districts: Iterable[str]) -> EntryPlaces:
        towns, districts = list(municipalities), list(districts)
        names = [
            *((town, town) for town in towns),
            *((short, town) for town in towns if (short := short_name(town))),
            *((district, district) for district in districts),
            *((district.removeprefix("Landkreis "), district) for district in districts),
        ]
        words = frozenset(
            word.lower() for name in (*districts, *towns) for word in _WORD.findall(name)
        )
        return cls(
            words=words,
            long_words=frozenset(word for word in words if len(word) >= 4),
            # the first name wins: the town Karlsruhe, not the Landkreis Karlsruhe
            located=dict(reversed([(place_key(typed), value) for typed, value in names])),
            located_spelled=frozenset(typed.lower() for typed, _ in names),
            values=tuple(
                (facet_field(facet), value, frozenset(_name_words(value)))
                for facet, values in (("municipality", towns), ("district", districts))
                for value in values
            ),
        )

    def has(self, name: str) -> bool:
        """Whether some entry comes from the municipality or district of this lower-case
        name, typed with or without umlauts ("Bosingen" is Bösingen) or hyphens
        ("Waldshut Tiengen"), a town also by its short name ("Rottenburg" for "Rottenburg
        am Neckar"), a Landkreis by its place name ("Esslingen" for "Landkreis
        Esslingen")."""
        return place_key(name) in self.located and not spelled_otherwise(name, self.located_spelled)

    def spelled(self, typed: str) -> str:
        """The entries' spelling of a place as typed ("Munsingen" → "Münsingen")."""
        return self.located.get(place_key(typed), typed)


def _name_words(name: str) -> set[str]:
    """The words of a place's name that name it ("Kirchheim", "Teck"; not "an", "der",
    nor the "Landkreis" or "Kreis" every district has), and a short name whole ("Ulm"),
    lower-case and without umlaut dots, as a query may type them ("Munsingen")."""
    words = {word.lower() for word in re.findall(r"[^\W\d_]{4,}", name)} - _GENERIC_PLACE_WORDS
    words = words | {name.lower()} if name.isalpha() and len(name) < 4 else words
    return {fold_umlauts(word) for word in words}
