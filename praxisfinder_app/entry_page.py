"""The entry view (`?eintrag=<slug>`): the rendered entry, its metadata, related entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from indexer.documents.attachments import attachment_path, present
from indexer.export import entry_filename, entry_markdown
from indexer.model import STATUS_PUBLISHED
from indexer.related import related_entries
from indexer.rendering import render_markdown
from indexer.searching import Index, StoredEntry
from indexer.taxonomy import Taxonomy
from praxisfinder_app.auth import current_user
from praxisfinder_app.components import (
    card_html,
    esc,
    markdown_html,
    md_escape,
    metadata_html,
)
from praxisfinder_app.navigation import view_link
from praxisfinder_app.resources import paths
from praxisfinder_app.state import SearchState

RELATED = 4


def _back(state: SearchState) -> None:
    search = state.with_entry(None)
    if search.is_browsing:
        view_link("Zurück zur Ergebnisliste", search, icon=":material/arrow_back:")
    else:
        view_link("Zur Startseite", search, icon=":material/arrow_back:")


def render_entry_content(
    fields: Mapping[str, Any], markdown: str, taxonomy: Taxonomy, *, heading_level: int = 1
) -> Any:
    """Title, summary, body and "Auf einen Blick": the public entry page and the editor's
    preview both draw an entry with exactly this. Returns the side column's container."""
    title = str(fields.get("title") or "")
    if heading_level == 1:
        st.title(md_escape(title), anchor=False)
    else:
        st.markdown(f"{'#' * heading_level} {md_escape(title)}", anchors=False)
    st.markdown(
        markdown_html(f'<p class="pf-lead">{esc(fields.get("summary", ""))}</p>'),
        unsafe_allow_html=True,
    )
    body_column, side_column = st.columns([2, 1], gap="large")
    with body_column:
        st.markdown(
            markdown_html(f'<div class="pf-entry-body">{render_markdown(markdown)}</div>'),
            unsafe_allow_html=True,
            anchors=False,  # no English "Link to heading" links on the body's headings
        )
    key = "pf_glance" if heading_level == 1 else "pf_glance_preview"
    glance = side_column.container(border=True, key=key)
    with glance:
        st.markdown(f"{'#' * (heading_level + 1)} Auf einen Blick", anchors=False)
        population = fields.get("population")
        size = taxonomy.size_class(population) if isinstance(population, int) else None
        st.markdown(metadata_html(fields, size), unsafe_allow_html=True)
    return glance


KINDS = {
    "pdf": "PDF",
    "docx": "Word",
    "pptx": "PowerPoint",
    "html": "HTML",
    "markdown": "Markdown",
    "text": "Text",
}


def _documents(entry: StoredEntry) -> None:
    """The entry's documents: title, type, pages, size, download (only from kb/files/)."""
    st.markdown("### Dokumente", anchors=False)
    if entry.text_incomplete:
        st.warning(
            "Text unvollständig: Aus mindestens einem Dokument ließ sich nicht aller Text "
            "lesen; die Suche findet dort nicht jedes Wort."
        )
    kb = paths().kb
    for number, document in enumerate(entry.documents):
        kind = KINDS.get(document.get("kind", ""), document.get("kind", ""))
        size = f"{document.get('size', 0) / 1_000_000:.1f}".replace(".", ",")
        pages = document.get("pages", 0)
        st.markdown(md_escape(f"{document.get('title', '')} ({kind}, {pages} S., {size} MB)"))
        if present(kb, document["file"]):
            st.download_button(
                "Herunterladen",
                data=attachment_path(kb, document["file"]).read_bytes(),
                file_name=document["file"].rsplit("/", 1)[-1],
                key=f"pf_document_{number}",
                on_click="ignore",
            )


def _curation_links(slug: str) -> None:
    """ "Änderung vorschlagen" for everyone, "Bearbeiten" for a signed-in editor."""
    from praxisfinder_app.navigation import EDIT_PAGE, SUGGEST_PAGE

    columns = st.columns([1, 1, 3])
    with columns[0]:
        st.page_link(SUGGEST_PAGE, label="Änderung vorschlagen", query_params={"eintrag": slug})
    if current_user() is not None:
        with columns[1]:
            st.page_link(EDIT_PAGE, label="Bearbeiten", query_params={"eintrag": slug})


def render(index: Index, taxonomy: Taxonomy, state: SearchState) -> None:
    entry = index.get(state.entry) if state.entry else None
    if entry is None or entry.fields.get("status", STATUS_PUBLISHED) != STATUS_PUBLISHED:
        st.set_page_config(page_title="Eintrag nicht gefunden – Praxisfinder")
        _back(state)
        st.title("Eintrag nicht gefunden", anchor=False)
        st.markdown(
            "Dieses Beispiel gibt es nicht (mehr). Vielleicht wurde es umbenannt oder "
            "der Link ist unvollständig. Suchen Sie über die Startseite danach."
        )
        view_link("Zur Startseite mit allen Themen", SearchState(), icon=":material/home:")
        return

    fields = entry.fields
    title = str(fields.get("title", entry.slug))
    st.set_page_config(page_title=f"{title} – Praxisfinder")
    _back(state)
    _curation_links(entry.slug)
    side_column = render_entry_content(fields, entry.markdown, taxonomy)
    if entry.documents:
        with side_column:
            _documents(entry)
    with side_column:
        st.download_button(
            "Eintrag als Markdown herunterladen",
            data=entry_markdown(entry),
            file_name=entry_filename(entry),
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
        )

    related = related_entries(index, entry.slug, limit=RELATED)
    if related:
        st.markdown("## Ähnliche Beispiele", anchors=False)
        columns = st.columns(2)
        for i, other in enumerate(related):
            with columns[i % 2], st.container(border=True, key=f"pf_card_{other.slug}"):
                view_link(f"**{md_escape(other.title)}**", state.with_entry(other.slug))
                st.markdown(
                    card_html(other.fields, None, taxonomy.statewide), unsafe_allow_html=True
                )
