"""HTML and label helpers: every piece of content is escaped here before it is shown.

Rules: text from entries or from the URL goes into HTML only through `esc`, into widget
and link labels (which Streamlit reads as Markdown) only through `md_escape`. Snippets from
the search API are already escaped with `<mark>` as their only markup; entry bodies come
from `indexer.rendering`. All HTML reaches `st.markdown` through `indexer.rendering.html_block`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from indexer.rendering import html_block, is_allowed_url

STATEWIDE_DEFAULT = "Baden-Württemberg (landesweit)"
FACET_LABELS = {
    "themes": "Thema",
    "type": "Art",
    "district": "Kreis",
    "size": "Größe",
    "funding": "Förderprogramm",
    "year": "Jahr",
}
FACET_HEADINGS = {
    "themes": "Themen",
    "type": "Art des Beispiels",
    "district": "Stadt- oder Landkreis",
    "size": "Größe der Kommune",
    "year": "Jahr",
    "funding": "Förderprogramm",
}
# Characters Streamlit's Markdown would interpret (CommonMark punctuation, "$" for LaTeX,
# ":" for emoji and icon shortcodes).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
# In widget labels Streamlit renders only inline Markdown, but copies the label verbatim
# into the input's aria-label: escape only what inline Markdown would act on (emphasis,
# code, links, LaTeX, strikethrough) and the colons of shortcodes (":tada:", ":red[").
_LABEL_SPECIAL = re.compile(r"[\\`*_\[\]$~]")
_SHORTCODE = re.compile(r":([\w+\-/\\]+):")  # ":tada:", ":material/home:" (after escaping)
_DIRECTIVE = re.compile(r":(?=[a-z]+\\\[)")  # ":red[…]" (after escaping "[")


def esc(value: Any) -> str:
    """Text for HTML: &, <, >, " and ' escaped."""
    return html.escape(str(value), quote=True)


def md_escape(text: str) -> str:
    """Text for a Streamlit label or Markdown: every Markdown-active character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def label_escape(text: str) -> str:
    """Text for a widget label: formatting characters escaped, nothing else.

    Backslashes end up in what screen readers announce, so ordinary punctuation
    ("5.000", "(3)", "Leitfaden: …") stays as it is.
    """
    text = _LABEL_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()))
    text = _SHORTCODE.sub(lambda m: "\\:" + m.group(1) + "\\:", text)
    return _DIRECTIVE.sub(lambda m: "\\:", text)


def number(n: int) -> str:
    """German thousands separator: 10000 → "10.000"."""
    return f"{n:,}".replace(",", ".")


def count_examples(n: int) -> str:
    """ "1 Beispiel", "23 Beispiele", "10.000 Beispiele"."""
    return f"{number(n)} Beispiel" if n == 1 else f"{number(n)} Beispiele"


def german_date(value: Any) -> str:
    """ISO date → "25.11.2026"; anything else as it is."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)]


def place(fields: Mapping[str, Any], statewide: str = STATEWIDE_DEFAULT) -> str:
    """ "Tiefenbronn (Enzkreis)", or just the state-wide label."""
    municipality = str(fields.get("municipality") or "")
    district = str(fields.get("district") or "")
    if not district or municipality == district or district == statewide:
        return municipality or district
    if not municipality:
        return district
    return f"{municipality} ({district})"


def chips_html(values: Iterable[str], label: str = "Themen") -> str:
    items = "".join(f'<li class="pf-chip">{esc(v)}</li>' for v in values)
    return f'<ul class="pf-chips" aria-label="{esc(label)}">{items}</ul>' if items else ""


def meta_line_html(fields: Mapping[str, Any], statewide: str = STATEWIDE_DEFAULT) -> str:
    parts = [str(fields.get("type") or ""), place(fields, statewide), str(fields.get("year") or "")]
    text = " · ".join(esc(p) for p in parts if p)
    return f'<p class="pf-meta">{text}</p>'


def card_html(
    fields: Mapping[str, Any],
    snippet: str | None,
    statewide: str = STATEWIDE_DEFAULT,
) -> str:
    """The body of a result card (the title link is a separate Streamlit element).

    `snippet` must be HTML-safe (the search API's snippet: escaped, `<mark>` only).
    """
    summary = f'<p class="pf-summary">{esc(fields.get("summary", ""))}</p>'
    snippet_html = (
        f'<p class="pf-snippet"><span class="pf-visually-hidden">Fundstelle: </span>{snippet}</p>'
        if snippet
        else ""
    )
    return html_block(
        meta_line_html(fields, statewide)
        + chips_html(as_list(fields.get("themes")))
        + summary
        + snippet_html
    )


def link_html(url: str) -> str:
    """An external link if the URL is http(s) or mailto, else the URL as plain text."""
    text = url.removeprefix("mailto:")
    if is_allowed_url(url) and re.match(r"(?i)^(https?://|mailto:)", url.strip()):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer nofollow">{esc(text)}</a>'
    return esc(url)


def metadata_html(fields: Mapping[str, Any], size: str | None = None) -> str:
    """The side panel of an entry: a description list of its metadata."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value_html: str) -> None:
        if value_html:
            rows.append((label, value_html))

    add("Art", esc(fields.get("type") or ""))
    add("Kommune", esc(fields.get("municipality") or ""))
    add("Kreis", esc(fields.get("district") or ""))
    if size:
        add("Größe der Kommune", esc(f"{size} Einwohner"))
    add("Jahr", esc(fields.get("year") or ""))
    add("Themen", chips_html(as_list(fields.get("themes"))))
    add("Förderprogramm", "<br>".join(esc(v) for v in as_list(fields.get("funding"))))
    add("Zielgruppen", "<br>".join(esc(v) for v in as_list(fields.get("target_groups"))))
    add("Partner", "<br>".join(esc(v) for v in as_list(fields.get("partners"))))
    add("Kontakt", esc(fields.get("contact") or ""))
    add("Links", "<br>".join(link_html(v) for v in as_list(fields.get("links"))))
    add("Schlagwörter", esc(", ".join(as_list(fields.get("tags")))))
    if fields.get("updated"):
        add("Aktualisiert", esc(german_date(fields["updated"])))
    body = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return html_block(f'<dl class="pf-metadata">{body}</dl>')
