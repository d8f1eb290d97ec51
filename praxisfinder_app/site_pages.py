"""The operator's pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit,
Kontakt) and the footer that links them from every page.

The text comes from `<PRAXISFINDER_KB>/seiten/<name>.md` on every run, so an edit shows at
once; it is rendered by `indexer.rendering` like an entry body (raw HTML escaped, only
http(s), mailto and relative links, nh3). The page's h1 is its fixed title; a "#" heading
in the file becomes an h2.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from indexer.rendering import render_markdown
from indexer.site_pages import SITE_PAGES, SitePage, read_site_page
from praxisfinder_app.components import markdown_html, md_escape
from praxisfinder_app.resources import paths

FOOTER_KEY = "pf_footer"


def entry_href(slug: str) -> str:
    """A link to an entry from a page at `/<name>`: the search page's `?eintrag=` view."""
    return f"./?eintrag={quote(slug)}"


def render(page: SitePage) -> None:
    st.set_page_config(page_title=f"{page.title} – Praxisfinder")
    st.title(page.title, anchor=False)
    loaded = read_site_page(paths().kb, page)
    if loaded.text is None:
        st.warning(md_escape(loaded.notice))
        return
    html = render_markdown(loaded.text, entry_href=entry_href)
    st.markdown(
        markdown_html(f'<div class="pf-site-page">{html}</div>'),
        unsafe_allow_html=True,
        anchors=False,  # no English "Link to heading" links on the headings
    )


def render_footer() -> None:
    """Links to the four pages, below every page's content (called by app.py)."""
    from praxisfinder_app.navigation import SITE_PAGE_LINKS

    with st.container(horizontal=True, gap="medium", key=FOOTER_KEY):
        for page in SITE_PAGES:
            st.page_link(SITE_PAGE_LINKS[page.name], label=md_escape(page.label))
