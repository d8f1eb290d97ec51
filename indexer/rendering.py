"""Entry Markdown → safe HTML for the entry page (plain Python, no UI).

Three layers, each enough on its own for the common attacks: markdown-it's "js-default"
preset escapes raw HTML instead of passing it through; links and images are restricted to
http(s), mailto and relative URLs; and `nh3` (ammonia) cleans the result with an allow-list
of tags and attributes before it reaches `st.markdown(..., unsafe_allow_html=True)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from indexer.limits import MARKDOWN_MAX_NESTING

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code",
        "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
        "td", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}  # "class" must not be listed here: ammonia panics when it is also in `allowed_classes`.
# Markdown's column alignment arrives as `style="text-align:…"`; every other property goes.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})
LINK_REL = "noopener noreferrer nofollow"

# A scheme is letters, digits, "+", "-", "." before the first ":" (RFC 3986, section 3.1);
# browsers drop ASCII tab/newline and leading control characters or spaces before parsing it.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_ENTRY_FILE = re.compile(r"^(?:\.{1,2}/)*(?:entries/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")

EntryHref = Callable[[str], str]


def default_entry_href(slug: str) -> str:
    """The app's URL of an entry: `?eintrag=<slug>` relative to the current page."""
    return f"?eintrag={quote(slug)}"


def is_allowed_url(url: str) -> bool:
    """True for http(s) and mailto URLs and for relative references; False otherwise.

    The scheme is read the way a browser reads it (control characters and spaces removed,
    percent-escapes decoded), so `java&#09;script:` or ` javascript:` do not slip through.
    """
    cleaned = _IGNORED_BY_BROWSERS.sub("", unquote(url))
    match = _SCHEME.match(cleaned)
    if match is None:
        # No scheme before the first "/", "?" or "#": a relative reference.
        return ":" not in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return match.group(1).lower() in ALLOWED_SCHEMES


def entry_link(url: str, entry_href: EntryHref = default_entry_href) -> str:
    """Rewrite a relative link to another entry file (`other-entry.md`) to its app URL."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or parts.query:
        return url
    match = _ENTRY_FILE.match(parts.path)
    return entry_href(match.group(1)) if match else url


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        allowed_classes={"span": {"pf-image-link"}},
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """Pass HTML through the allow-list (tags, attributes, URL schemes, style properties)."""
    return _cleaner().clean(html)


def _parser(entry_href: EntryHref) -> MarkdownIt:
    md = MarkdownIt("js-default", {"maxNesting": MARKDOWN_MAX_NESTING})
    base_validate = md.validateLink

    def validate_link(url: str) -> bool:
        return base_validate(url) and is_allowed_url(url)

    md.validateLink = validate_link  # type: ignore[method-assign]

    def render_heading_open(
        self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any
    ) -> str:
        # The page title is the only <h1>; a "# Heading" in the body becomes <h2>.
        token = tokens[idx]
        if token.tag == "h1":
            token.tag = "h2"
        return self.renderToken(tokens, idx, options, env)

    def render_link_open(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        href = token.attrGet("href")
        if isinstance(href, str):
            token.attrSet("href", entry_link(href, entry_href))
        return self.renderToken(tokens, idx, options, env)

    def render_image(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
        # Images are not loaded (no request to third-party servers, no tracking pixels):
        # they become a link to the image, labelled with their alternative text.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env).strip()
        src = str(token.attrGet("src") or "")
        label = escapeHtml(f"Bild: {alt}" if alt else "Bild")
        return f'<span class="pf-image-link"><a href="{escapeHtml(src)}">{label}</a></span>'

    md.add_render_rule("heading_open", render_heading_open)
    md.add_render_rule("link_open", render_link_open)
    md.add_render_rule("image", render_image)
    return md


@lru_cache(maxsize=4)
def _default_parser() -> MarkdownIt:
    return _parser(default_entry_href)


def render_markdown(markdown: str, *, entry_href: EntryHref | None = None) -> str:
    """Safe HTML for an entry body: no raw HTML, no scripts, only allowed link schemes."""
    if entry_href is None:
        return _rendered(markdown)
    return clean_html(_parser(entry_href).render(markdown))


@lru_cache(maxsize=32)
def _rendered(markdown: str) -> str:
    # Each page view renders its entry again; a long body takes seconds (see MARKDOWN_MAX_NESTING).
    return clean_html(_default_parser().render(markdown))


def html_block(html: str) -> str:
    """HTML as one raw block for a Markdown renderer that parses it again (Streamlit's).

    `st.markdown(..., unsafe_allow_html=True)` runs its input through a Markdown parser:
    an HTML block ends at the first blank line, and whatever follows (e.g. the rest of a
    code block) would be read as Markdown. Wrapping in a <div> and encoding newlines as
    `&#10;` keeps the whole fragment one raw HTML block; browsers render it the same.
    """
    return "<div>" + html.replace("\r", "").replace("\n", "&#10;") + "</div>"
