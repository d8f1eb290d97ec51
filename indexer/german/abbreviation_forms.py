"""An abbreviation's inflected forms: the plural or genitive ending written after the
capitals ("die IHKs", "des BAMFs", "zwei VHSen") belongs to no word of its own."""

from __future__ import annotations

import re

_INFLECTED = re.compile(r"(?P<base>[A-ZÄÖÜ]{2,})(?:s|en)")


def abbreviation_base(token: str) -> str:
    """The abbreviation of an inflected form ("JMDs" → "JMD", "VHSen" → "VHS"), else the
    token as it is."""
    match = _INFLECTED.fullmatch(token)
    return match["base"] if match else token
