"""German wording shared by the notices of the search and the app's pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.german.analysis import analyze

_UNITS = re.compile(r'"[^"]*"?|[^\s"]+')


def german_list(items: Sequence[str]) -> str:
    """The items as German lists them: "a", "a und b", "a, b und c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def quoted_list(items: Sequence[str]) -> str:
    """The items in German quotes, as German lists them: "„a“, „b“ und „c“"."""
    return german_list([f"„{item}“" for item in items])


def count_examples(count: int) -> str:
    """ "1 Beispiel", "23 Beispiele", "10.000 Beispiele"."""
    number = f"{count:,}".replace(",", ".")
    return f"{number} Beispiel" if count == 1 else f"{number} Beispiele"


def relaxed_notice(exact_total: int, topic: str) -> str:
    """What the results after the `exact_total` that match every word of `topic` are: for
    a topic of one word, entries with related words, not "some of the words". They
    "match" (passen zu) rather than "contain" the words: a form of a word, a curated
    synonym or, when no entry has a compound, its parts count as the word."""
    # a quoted phrase is one unit: „Fußball für alle“, not „"Fußball“
    units = [unit.strip('"') for unit in _UNITS.findall(topic) if analyze(unit)]
    if len(units) == 1:
        to, rest = f"zu „{units[0]}“", "mit ähnlichen Begriffen"
    else:
        to, rest = "zu allen Suchwörtern", "mit einigen davon oder ähnlichen Begriffen"
    if not exact_total:
        return f"Kein Beispiel passt {to}. Angezeigt werden verwandte Beispiele {rest}."
    verb = "passt" if exact_total == 1 else "passen"
    return f"{count_examples(exact_total)} {verb} {to}; danach folgen verwandte Beispiele {rest}."
