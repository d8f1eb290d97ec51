"""A municipality's size said in words: "Sprachcafé in Gemeinden unter 5.000 Einwohnern",
"Integration in Städten über 100.000 Einwohner", "Ehrenamt in der Kleinstadt".

Searched as words, "5.000" and "Einwohnern" found the entries that happen to say them,
of any size. Such a phrase is taken out of a query that has other words, and the entries
of the size classes it names rank higher (`Index.search`), as for a place; a notice says
so. The statistical kinds of municipality count by their official bounds (Landgemeinde
under 5,000 inhabitants, Kleinstadt 5,000–20,000, Mittelstadt 20,000–100,000, Großstadt
from 100,000); "Dorf" and "kleine Gemeinde" stay words: they name topics too
("Dorffest", "im Dorf").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.german.request_words import has_topic
from indexer.german.wording import quoted_list

SizeClass = tuple[str, int | None, int | None]  # name, min (inclusive), max (exclusive)

_NUMBER = r"\d{1,3}(?:[.\s'’]\d{3})+|\d+"
_INHABITANTS = r"(?:einwohner(?:innen|n)?|einwohner\*innen|ew)\b\.?"
# "in Gemeinden mit": the words before a size that only say "municipality"
_PLACE = (
    r"(?:(?:in|aus)\s+(?:der\s+|einer\s+|den\s+)?)?"
    r"(?:gemeinden?|kommunen?|städten?|stadt|orten?|ort)\s+(?:mit\s+)?"
)
_RANGE = re.compile(
    rf"(?<![\w-])(?:{_PLACE})?(?:"
    rf"(?:unter|bis(?:\s+zu)?|weniger\s+als|höchstens|maximal)\s+(?P<below>{_NUMBER})"
    rf"|(?:über|mehr\s+als|ab|mindestens)\s+(?P<above>{_NUMBER})"
    rf"|(?:zwischen\s+)?(?P<low>{_NUMBER})\s*(?:bis|und|-|–)\s*(?P<high>{_NUMBER})"
    rf")\s*{_INHABITANTS}",
    re.IGNORECASE,
)
# The statistical kinds of municipality by their bounds of inhabitants, [min, max).
_KINDS: dict[str, tuple[int | None, int | None]] = {
    "landgemeinde": (None, 5_000),
    "klein": (5_000, 20_000),
    "mittel": (20_000, 100_000),
    "groß": (100_000, None),
}
_KIND = re.compile(
    r"(?<![\w-])(?:(?:in|aus)\s+(?:der\s+|einer\s+|den\s+)?)?"
    r"(?:(?P<land>landgemeinde)n?|(?P<kind>klein|mittel|groß|gross)(?:stadt|städte)n?)(?![\w-])",
    re.IGNORECASE,
)
MAX_SIZES = 3  # phrases read in one query; more are left as typed


def without_sizes(
    text: str, classes: Sequence[SizeClass]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(`text` without the sizes it names, the size classes they overlap, the phrases as
    typed); unchanged when no other word says what the query is about or no class fits."""
    if not classes:
        return text, (), ()
    found: list[str] = []
    said: list[str] = []

    def take(match: re.Match[str]) -> str:
        wanted = _bounds(match)
        names = [name for name, low, high in classes if _overlaps(wanted, (low, high))]
        if not names or len(said) >= MAX_SIZES:
            return match.group(0)
        found.extend(names)
        said.append(" ".join(match.group(0).split()))
        return " "

    rest = " ".join(_KIND.sub(take, _RANGE.sub(take, text)).split())
    if not found or not has_topic(rest):
        return text, (), ()
    return rest, tuple(dict.fromkeys(found)), tuple(said)


def size_notice(said: Sequence[str], sizes: Sequence[str]) -> str:
    """The German notice that the sizes named order the results."""
    verb = "ordnet" if len(said) == 1 else "ordnen"
    return (
        f"{quoted_list(said)} {verb} die Treffer: Beispiele aus Gemeinden der Größe "
        f"{quoted_list(sizes)} stehen weiter oben. Nur diese zeigt der Filter „Gemeindegröße“."
    )


def no_size_notice(said: Sequence[str]) -> str:
    """The German notice that no result is of the sizes named."""
    return (
        f"Keiner der Treffer stammt aus einer Gemeinde dieser Größe ({quoted_list(said)}); "
        "gezeigt werden passende Beispiele von anderswo."
    )


def _bounds(match: re.Match[str]) -> tuple[int | None, int | None]:
    """The range of inhabitants a phrase names, [min, max)."""
    found = match.groupdict()
    if found.get("land"):
        return _KINDS["landgemeinde"]
    if found.get("kind"):
        return _KINDS[found["kind"].lower().replace("ss", "ß")]
    # "unter 5.000", "5.000 bis 20.000": the bound people name is a class's bound
    if found["below"]:
        return None, _number(found["below"])
    if found["above"]:
        return _number(found["above"]), None
    return _number(found["low"]), _number(found["high"])


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _overlaps(wanted: tuple[int | None, int | None], size: tuple[int | None, int | None]) -> bool:
    """Whether a range of inhabitants overlaps a size class (a bound None: open)."""
    low = max(wanted[0] or 0, size[0] or 0)
    high = min(wanted[1] or 10**9, size[1] or 10**9)
    return low < high
