"""Safe Markdown rendering of entry bodies: XSS cases as (input, must-not-contain) pairs."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from indexer.limits import MARKDOWN_MAX_NESTING
from indexer.plaintext import markdown_to_text
from indexer.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    clean_html,
    entry_link,
    html_block,
    is_allowed_url,
    render_markdown,
)


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def assert_inert(html: str) -> None:
    """Only allowed tags and attributes, no event handlers, only allowed link schemes."""
    allowed_attrs = {tag: names | {"rel"} for tag, names in ALLOWED_ATTRIBUTES.items()}
    allowed_attrs["span"] = {"class"}
    for tag, attrs in parse(html).tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name in allowed_attrs.get(tag, set()), (tag, name, html)
            if name == "href":
                assert value is not None and is_allowed_url(value), (value, html)
            if name == "style":
                assert value is not None and value.replace(" ", "").startswith("text-align:")


XSS_CASES = [
    # (Markdown, text that must not appear in the HTML)
    ("<script>window.pfPwned = 1</script>", "<script"),
    ('<img src=x onerror="window.pfPwned = 1">', "<img"),
    ("<svg onload=alert(1)>", "<svg"),
    ('<a href="javascript:alert(1)">x</a>', "<a "),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<style>body{display:none}</style>", "<style"),
    ("[klick](javascript:alert(1))", 'href="javascript'),
    ("[klick](JaVaScRiPt:alert(1))", "href="),
    ("[klick](java&#09;script:alert(1))", "href="),
    ("[klick](java%09script:alert(1))", "href="),
    ("[klick](&#106;avascript:alert(1))", "href="),
    ("[klick](<javascript:alert(1)>)", "href="),
    ("<javascript:alert(1)>", "href="),
    ("[x](vbscript:msgbox(1))", "href="),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "href="),
    ("[x](file:///etc/passwd)", "href="),
    ("[x](ftp://example.org/file)", "href="),
    ("![x](javascript:alert(1))", "href="),
    ("![tracker](https://tracker.example/pixel.png)", "<img"),
    ('[x](https://example.org "a\\" onmouseover=\\"alert(1)")', '" onmouseover="'),
    ("`<script>alert(1)</script>`", "<script"),
    ("```\n<script>alert(1)</script>\n```", "<script"),
    ("<!-- comment --> text", "<!--"),
    ("[ref]\n\n[ref]: javascript:alert(1)", "href="),
]


@pytest.mark.parametrize(("markdown", "forbidden"), XSS_CASES)
def test_xss_is_rendered_inert(markdown: str, forbidden: str) -> None:
    html = render_markdown(markdown)
    assert forbidden not in html
    assert_inert(html)


ALLOWED_LINKS = [
    ("[Web](https://example.org/a?b=1&c=2)", "https://example.org/a?b=1&c=2"),
    ("[Web](http://example.org)", "http://example.org"),
    ("[Mail](mailto:info@example.org)", "mailto:info@example.org"),
    ("<https://example.org/x>", "https://example.org/x"),
    ("[Datei](unterlagen/plan.pdf)", "unterlagen/plan.pdf"),
    ("[Anker](#kontakt)", "#kontakt"),
    ("[Andere](lerninsel-tiefenbronn.md)", "?eintrag=lerninsel-tiefenbronn"),
    ("[Andere](../entries/lerninsel-tiefenbronn.md)", "?eintrag=lerninsel-tiefenbronn"),
]


@pytest.mark.parametrize(("markdown", "href"), ALLOWED_LINKS)
def test_allowed_links_are_kept(markdown: str, href: str) -> None:
    tags = parse(render_markdown(markdown)).tags
    links = [attrs for tag, attrs in tags if tag == "a"]
    assert len(links) == 1
    assert links[0]["href"] == href
    assert links[0]["rel"] == "noopener noreferrer nofollow"


URLS = [
    ("https://example.org", True),
    ("HTTP://example.org", True),
    ("mailto:a@example.org", True),
    ("relative/path.html", True),
    ("/absolute/path", True),
    ("?eintrag=x", True),
    ("#frag", True),
    ("//example.org/x", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("java%0Ascript:alert(1)", False),
    ("\x01javascript:alert(1)", False),
    ("data:text/html,x", False),
    ("vbscript:x", False),
    ("tel:+49711", False),
    ("ftp://example.org", False),
]


@pytest.mark.parametrize(("url", "allowed"), URLS)
def test_is_allowed_url(url: str, allowed: bool) -> None:
    assert is_allowed_url(url) is allowed


def test_markdown_structure_is_kept() -> None:
    html = render_markdown(
        "# Titel\n\n## Vorgehen\n\nText mit **fett**, *kursiv* und `Code`.\n\n"
        "- eins\n- zwei\n\n3. drei\n\n> Zitat\n\n| A | B |\n|--:|---|\n| 1 | 2 |\n"
    )
    tags = [tag for tag, _ in parse(html).tags]
    assert "h1" not in tags, "the page title is the only h1"
    for tag in ("h2", "strong", "em", "code", "ul", "ol", "li", "blockquote", "table", "td"):
        assert tag in tags
    assert '<ol start="3">' in html
    assert 'style="text-align:right"' in html
    assert_inert(html)


def test_images_become_links_and_are_never_loaded() -> None:
    html = render_markdown('![Foto vom Fest <b>"](https://example.org/fest.jpg)')
    assert "<img" not in html
    collector = parse(html)
    assert (
        "a",
        {"href": "https://example.org/fest.jpg", "rel": "noopener noreferrer nofollow"},
    ) in (collector.tags)
    assert 'Bild: Foto vom Fest <b>"' in "".join(collector.text)


def test_umlauts_and_entities_survive() -> None:
    html = render_markdown("Bürgerschaftliches Engagement & Förderung „Gemeinsam in Vielfalt“")
    assert "Bürgerschaftliches Engagement &amp; Förderung „Gemeinsam in Vielfalt“" in html


def test_clean_html_strips_what_markdown_would_never_produce() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:x">b</a>'
        '<img src=x onerror=y><td style="color:red;text-align:left">c</td></p>'
    )
    html = clean_html(dirty)
    assert "script" not in html and "onclick" not in html and "onerror" not in html
    assert "javascript" not in html and "<img" not in html and "color" not in html


def test_entry_link_rewrites_only_relative_entry_files() -> None:
    assert entry_link("x-y.md") == "?eintrag=x-y"
    assert entry_link("./entries/x-y.md") == "?eintrag=x-y"
    assert entry_link("https://example.org/x-y.md") == "https://example.org/x-y.md"
    assert entry_link("Not_A_Slug.md") == "Not_A_Slug.md"
    assert entry_link("x-y.md", lambda slug: f"/eintrag/{slug}") == "/eintrag/x-y"


@pytest.mark.parametrize(
    "markdown",
    ["```\nzeile 1\n\n[x](javascript:alert(1)) *nicht kursiv*\n```", "a\n\nb\n\n\nc"],
)
def test_html_block_has_no_blank_line(markdown: str) -> None:
    """A second Markdown pass (Streamlit's) must see one raw HTML block, nothing else."""
    block = html_block(render_markdown(markdown))
    assert "\n" not in block
    assert block.startswith("<div>") and block.endswith("</div>")
    assert_inert(block.replace("<div>", "").replace("</div>", ""))


def test_markdown_nesting_is_bounded() -> None:
    # A run of "![" costs time per level tried: levels beyond MARKDOWN_MAX_NESTING are text.
    html = render_markdown("![" * 20_000)
    assert html.count("![") == 20_000
    quotes = render_markdown("> " * 30 + "Zitat")
    assert quotes.count("<blockquote>") == MARKDOWN_MAX_NESTING
    assert markdown_to_text("Text " + "![" * 20_000).count("![") == 20_000


def test_rendered_html_is_reused_for_the_same_body() -> None:
    body = "Ein **Beispiel** mit [Link](https://example.org)."
    assert render_markdown(body) is render_markdown(body)
    assert render_markdown(body, entry_href=lambda slug: slug) == render_markdown(body)
