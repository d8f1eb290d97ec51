"""Limits that keep every file and every query within bounded time and memory.

Each has a sane default and can be set through an environment variable (for example
`PRAXISFINDER_MAX_FILE_BYTES=4000000`); README "Limits" says what happens at each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def _setting(name: str, default: int, low: int) -> int:
    """An integer setting from the environment; an unusable value keeps the default."""
    raw = os.environ.get(f"PRAXISFINDER_{name}", "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return max(low, value)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int  # an entry file larger than this is reported and skipped
    max_word_chars: int  # longer "words" (hashes, base64, junk) are not indexed or searched
    max_field_chars: int  # one front-matter value (a title, a summary, a list item)
    max_yaml_depth: int  # nesting of lists and mappings in the front matter
    max_yaml_nodes: int  # values in the front matter
    max_query_chars: int  # a longer query is cut, and the user is told
    max_query_words: int  # further words of a query are left out, and the user is told

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_file_bytes=_setting("MAX_FILE_BYTES", 2_000_000, 1_000),
            max_word_chars=_setting("MAX_WORD_CHARS", 64, 16),
            max_field_chars=_setting("MAX_FIELD_CHARS", 5_000, 200),
            max_yaml_depth=_setting("MAX_YAML_DEPTH", 16, 4),
            max_yaml_nodes=_setting("MAX_YAML_NODES", 5_000, 100),
            max_query_chars=_setting("MAX_QUERY_CHARS", 500, 20),
            max_query_words=_setting("MAX_QUERY_WORDS", 32, 2),
        )


LIMITS = Limits.from_env()

# Markdown nested deeper than this (links in links, quotes in lists) is read as text: the
# value of markdown-it's CommonMark preset; its "js-default" 100 made a run of "![" 7× slower.
MARKDOWN_MAX_NESTING = 20
