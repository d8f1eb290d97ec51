"""Markdown → plain text for indexing and snippets (no markup leaks into search results)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from indexer.limits import MARKDOWN_MAX_NESTING
from indexer.model import TEMPLATE_SECTIONS


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("js-default", {"maxNesting": MARKDOWN_MAX_NESTING})


# Section headings of the entry template: in every entry, so they carry no meaning.
TEMPLATE_HEADINGS = frozenset(TEMPLATE_SECTIONS)


def markdown_to_text(markdown: str) -> str:
    """The readable text of a Markdown document, one block per line, without template headings."""
    plain = _plain_text(markdown)
    return plain if plain is not None else _parsed_text(markdown)


def _parsed_text(markdown: str) -> str:
    """`markdown_to_text` by markdown-it's tokens (any Markdown)."""
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


# By hand: markdown-it takes a third of a millisecond per entry, most of a build's Markdown
# time, and most entries are plain paragraphs under headings, whose text needs no parser.
# Characters that start Markdown of their own in a line (escapes, code, strike-through,
# links, images, autolinks, entities, tables), tabs and line endings other than "\n".
_MARKUP = re.compile(r"[\\`~\[\]<>&|\t\r\0]")
# An underscore not inside a word (it could be emphasis). The pattern starts with the
# underscore, so `re` looks only at underscores: with the look-behind first it tested
# every character, a tenth of a millisecond per entry.
_LOOSE_UNDERSCORE = re.compile(r"_(?:(?<![^\W_]_)|(?![^\W_]))")
_HEADING = re.compile(r"#{1,6} ([^#\s][^#]*)")
_LIST_ITEM = re.compile(r"\d+[.)]")


def _plain_text(markdown: str) -> str | None:
    """What `markdown_to_text` gives, for a text of plain paragraphs and "#" headings only;
    None for any other text (tests/test_plaintext.py compares both on tricky texts).

    Every line is empty, an ATX heading without closing "#", or paragraph text that starts
    with a letter, a digit (not "1." or "1)") or an opening quote or bracket, with no
    space at either end (so soft line breaks are single spaces); an underscore stands only
    inside a word (never emphasis), and a block's "*" are single stars, each between two
    letters or digits ("Lehrer*innen", see `_inline`), if there are two or more.
    """
    if _MARKUP.search(markdown) or _LOOSE_UNDERSCORE.search(markdown):
        return None
    blocks: list[str] = []
    paragraph: list[str] = []
    for line in markdown.split("\n"):
        if line and (line[0].isspace() or line[-1].isspace()):
            return None
        if line[:1] == "#":
            heading = _HEADING.fullmatch(line)
            if heading is None or not _add_block(blocks, paragraph):
                return None
            text = _inline(heading.group(1))
            if text is None:
                return None
            if text not in TEMPLATE_HEADINGS:
                blocks.append(text)
        elif not line:
            if not _add_block(blocks, paragraph):
                return None
        elif (line[0].isalnum() or line[0] in '„"(') and not _LIST_ITEM.match(line):
            paragraph.append(line)
        else:
            return None
    return "\n".join(blocks) if _add_block(blocks, paragraph) else None


def _add_block(blocks: list[str], paragraph: list[str]) -> bool:
    """Move the paragraph's text to `blocks` as one line; False if its stars may be
    emphasis of another kind than `_inline` reads."""
    if paragraph:
        text = _inline(" ".join(paragraph))
        if text is None:
            return False
        blocks.append(text)
        paragraph.clear()
    return True


def _inline(text: str) -> str | None:
    """The text markdown-it reads from a block's inline text, when each of its stars (if
    two or more) stands alone between two letters or digits, else None.

    Such a star, as in "Lehrer*innen und Schüler*innen", can both open and close
    emphasis: the stars pair up from the left, the paired ones vanish ("Lehrer" and
    "innen und Schüler" emphasised) and a last odd one stays.
    """
    if text.count("*") < 2:
        return text
    parts = text.split("*")
    if not all(part[-1:].isalnum() for part in parts[:-1]):
        return None
    if not all(part[:1].isalnum() for part in parts[1:]):
        return None
    if len(parts) % 2:  # an even number of stars
        return "".join(parts)
    return "".join(parts[:-1]) + "*" + parts[-1]


# A section on whom to contact: "## Kontakt", "### Ansprechpartnerin" (its heading's level).
_CONTACT_HEADING = re.compile(
    r"^(#{1,6})[ \t]+(?:Kontakt|Ansprechpartner(?:in|innen)?|Ansprechperson(?:en)?)\b[^\n]*$",
    re.MULTILINE,
)


def without_contact(markdown: str) -> tuple[str, str]:
    """(the Markdown without its sections on whom to contact, those sections): an office
    named there says whom to ask, not what the entry is about (`schema.CONTACT_FIELD`).
    A section ends at the next heading of its level or a higher one."""
    kept: list[str] = []
    contact: list[str] = []
    at = 0
    for heading in _CONTACT_HEADING.finditer(markdown):
        if heading.start() < at:
            continue
        level = len(heading.group(1))
        following = re.compile(rf"^#{{1,{level}}}[ \t]", re.MULTILINE)
        end = following.search(markdown, heading.end())
        stop = end.start() if end else len(markdown)
        kept.append(markdown[at : heading.start()])
        contact.append(markdown[heading.end() : stop])
        at = stop
    kept.append(markdown[at:])
    return "".join(kept), "\n".join(contact)
