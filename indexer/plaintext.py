"""Markdown → plain text for indexing and snippets (no markup leaks into search results)."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from indexer.model import TEMPLATE_SECTIONS


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("js-default")


# Section headings of the entry template: in every entry, so they carry no meaning.
TEMPLATE_HEADINGS = frozenset(TEMPLATE_SECTIONS)


def markdown_to_text(markdown: str) -> str:
    """The readable text of a Markdown document, one block per line, without template headings."""
    blocks: list[str] = []
    in_heading = False
    for token in _parser().parse(markdown):
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline":
            text = _inline_text(token.children or []).strip()
            if text and not (in_heading and text in TEMPLATE_HEADINGS):
                blocks.append(text)
        elif token.type in ("code_block", "fence") and token.content.strip():
            blocks.append(token.content.strip())
    return "\n".join(blocks)


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
