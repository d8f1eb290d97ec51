"""The entry view (`?eintrag=<slug>`): the rendered entry, its metadata, related entries."""

from __future__ import annotations

import streamlit as st

from indexer.export import entry_filename, entry_markdown
from indexer.model import STATUS_PUBLISHED
from indexer.related import related_entries
from indexer.rendering import render_markdown
from indexer.searching import Index
from indexer.taxonomy import Taxonomy
from praxisfinder_app.components import (
    card_html,
    esc,
    markdown_html,
    md_escape,
    metadata_html,
)
from praxisfinder_app.navigation import view_link
from praxisfinder_app.state import SearchState

RELATED = 4


def _back(state: SearchState) -> None:
    search = state.with_entry(None)
    if search.is_browsing:
        view_link("Zurück zur Ergebnisliste", search, icon=":material/arrow_back:")
    else:
        view_link("Zur Startseite", search, icon=":material/arrow_back:")


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
    st.title(md_escape(title), anchor=False)
    st.markdown(
        markdown_html(f'<p class="pf-lead">{esc(fields.get("summary", ""))}</p>'),
        unsafe_allow_html=True,
    )
    body_column, side_column = st.columns([2, 1], gap="large")
    with body_column:
        st.markdown(
            markdown_html(f'<div class="pf-entry-body">{render_markdown(entry.markdown)}</div>'),
            unsafe_allow_html=True,
        )
    with side_column, st.container(border=True, key="pf_glance"):
        st.markdown("## Auf einen Blick", anchors=False)
        size = taxonomy.size_class(fields.get("population")) if fields.get("population") else None
        st.markdown(metadata_html(fields, size), unsafe_allow_html=True)
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
