"""German wording shared by the notices of the search and the app's pages."""

from __future__ import annotations

from collections.abc import Sequence


def quoted_list(items: Sequence[str]) -> str:
    """The items in German quotes, as German lists them: "„a“", "„a“ und „b“",
    "„a“, „b“ und „c“"."""
    quoted = [f"„{item}“" for item in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " und " + quoted[-1]
