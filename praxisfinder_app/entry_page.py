"""The entry view (`?eintrag=<slug>`): the rendered entry, its metadata, related entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from indexer.documents.attachments import attachment_path, present
from indexer.documents.preview import page_picture
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
from praxisfinder_app.state import SearchState, to_params

RELATED = 4


def _back(state: SearchState) -> None:
    search = state.with_entry(None)
    with st.container(key="pf_back_link"):  # the page opens where the reader left it
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


UNITS = {"pdf": ("Seite", "Seiten", "S."), "pptx": ("Folie", "Folien", "Folie")}
SECTIONS = ("Abschnitt", "Abschnitte", "Abschnitt")


def _size(document: Mapping[str, Any]) -> str:
    return f"{document.get('size', 0) / 1_000_000:.1f}".replace(".", ",") + " MB"


def _documents(entry: StoredEntry, state: SearchState) -> None:
    """The entry's documents: title, type, pages, size, a view at page 1, a download."""
    st.markdown("### Dokumente", anchors=False)
    if entry.text_incomplete:
        st.warning(
            "Text unvollständig: Aus mindestens einem Dokument ließ sich nicht aller Text "
            "lesen; die Suche findet dort nicht jedes Wort."
        )
    kb = paths().kb
    for number, document in enumerate(entry.documents):
        kind = KINDS.get(document.get("kind", ""), document.get("kind", ""))
        pages = document.get("pages", 0)
        unit = UNITS.get(document.get("kind", ""), SECTIONS)
        count = f"{pages} {unit[0] if pages == 1 else unit[1]}"
        st.markdown(md_escape(f"{document.get('title', '')} ({kind}, {count}, {_size(document)})"))
        if pages:
            view_link("Ansehen", state.with_document(document["file"], 1))
        if present(kb, document["file"]):
            _download(document, key=f"pf_document_{number}")


def _download(document: Mapping[str, Any], *, key: str) -> None:
    st.download_button(
        "Herunterladen",
        data=attachment_path(paths().kb, document["file"]).read_bytes(),
        file_name=document["file"].rsplit("/", 1)[-1],
        key=key,
        on_click="ignore",
    )


def _go_to_page(state: SearchState) -> None:
    page = int(st.session_state.get("pf_document_page") or 1)
    st.query_params.from_dict(to_params(state.with_document(state.document, page)))


def _document_view(
    index: Index, entry: StoredEntry, document: Mapping[str, Any], state: SearchState
) -> None:
    """One page of an attachment: for a PDF its picture, for every kind its text; with
    page navigation and the download. Opened from a hit ("S. 12") at that page."""
    kind = str(document.get("kind", ""))
    unit, _, _ = UNITS.get(kind, SECTIONS)
    pages = max(1, int(document.get("pages") or 1))
    page = min(state.document_page, pages)
    title = str(document.get("title") or document["file"])
    st.set_page_config(page_title=f"{title}, {unit} {page} – Praxisfinder")
    view_link("Zurück zum Beispiel", state.with_document(None), icon=":material/arrow_back:")
    st.title(md_escape(title), anchor=False)
    st.caption(
        md_escape(
            f"Dokument zum Beispiel „{entry.fields.get('title', entry.slug)}“ · "
            f"{KINDS.get(kind, kind)}, {_size(document)}"
        )
    )
    previous, where, following = st.columns([1, 2, 1], vertical_alignment="center")
    with previous:
        if page > 1:
            view_link(f"Vorherige {unit}", state.with_document(state.document, page - 1))
    with where:
        st.number_input(
            f"{unit} (von {pages})",
            min_value=1,
            max_value=pages,
            value=page,
            step=1,
            key="pf_document_page",
            on_change=_go_to_page,
            args=(state,),
        )
    with following:
        if page < pages:
            view_link(f"Nächste {unit}", state.with_document(state.document, page + 1))
    found = index.document_page(entry.slug, document["file"], page)
    label, text = found if found else ("", "")
    path = attachment_path(paths().kb, document["file"])
    if kind == "pdf" and present(paths().kb, document["file"]):
        picture = page_picture(path, page, paths().index)
        if picture is not None:
            st.image(picture, caption=f"{unit} {page} von {pages}", width="stretch")
        else:
            st.info("Diese Seite lässt sich nicht als Bild zeigen; hier ist ihr Text.")
    heading = f"Text von {unit} {page}" + (f": {label}" if label else "")
    st.markdown(f"## {md_escape(heading)}", anchors=False)
    if text.strip():
        st.markdown(
            markdown_html(f'<div class="pf-page-text">{esc(text)}</div>'), unsafe_allow_html=True
        )
    else:
        st.markdown("Auf dieser Seite wurde kein Text gefunden.")
    if present(paths().kb, document["file"]):
        _download(document, key="pf_document_view_download")


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

    if state.document:
        document = next((d for d in entry.documents if d.get("file") == state.document), None)
        if document is not None:
            _document_view(index, entry, document, state)
            return

    fields = entry.fields
    title = str(fields.get("title", entry.slug))
    st.set_page_config(page_title=f"{title} – Praxisfinder")
    _back(state)
    _curation_links(entry.slug)
    side_column = render_entry_content(fields, entry.markdown, taxonomy)
    if entry.documents:
        with side_column:
            _documents(entry, state)
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
