"""German wording shared by the notices of the search and the app's pages."""

from __future__ import annotations

from collections.abc import Sequence


def german_list(items: Sequence[str]) -> str:
    """The items as German lists them: "a", "a und b", "a, b und c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def quoted_list(items: Sequence[str]) -> str:
    """The items in German quotes, as German lists them: "„a“, „b“ und „c“"."""
    return german_list([f"„{item}“" for item in items])
