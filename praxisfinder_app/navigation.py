"""The app's pages (for `st.navigation`) and links between views.

Every view (landing, result list, entry) is a function of the URL's query parameters, so
the search page exists twice: at "/" (the default page, in the navigation) and at
"/suche" (hidden). A link that changes the view always points to the page not shown now,
because Streamlit treats a link to another page as navigation: the address bar gets the
link's parameters and a history entry, and the new view starts at the top. A link to the
page already shown would rerun it with the new parameters but keep the old address and
the old scroll position (Streamlit 1.67).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from indexer.site_pages import SITE_PAGES, SitePage
from praxisfinder_app.components import md_escape
from praxisfinder_app.state import SearchState, to_params

HERE_KEY = "pf_here"


def _search_home() -> None:
    from praxisfinder_app import search_page

    st.session_state[HERE_KEY] = "home"
    search_page.render()


def _search_view() -> None:
    from praxisfinder_app import search_page

    st.session_state[HERE_KEY] = "view"
    search_page.render()


def _about() -> None:
    from praxisfinder_app import about_page

    st.session_state[HERE_KEY] = "about"
    about_page.render()


def _suggest() -> None:
    from praxisfinder_app import suggest_page

    st.session_state[HERE_KEY] = "suggest"
    suggest_page.render()


def _sign_in() -> None:
    from praxisfinder_app import auth

    auth.render_sign_in()


def _sign_out() -> None:
    """A page with a button, not an action: returning to its address after signing in
    again must not sign one out at once."""
    from praxisfinder_app import auth

    st.set_page_config(page_title="Abmelden – Praxisfinder")
    st.title("Abmelden", anchor=False)
    user = auth.current_user()
    if user is not None:
        st.markdown(f"Angemeldet als {md_escape(user.display_name)}.")
    if st.button("Abmelden", type="primary", key="pf_sign_out"):
        auth.sign_out()
        st.rerun()  # the navigation is built anew, without the editor pages


def _site_page(page: SitePage) -> Callable[[], None]:
    """The page function of one of the operator's pages (Impressum, Datenschutz …)."""

    def render() -> None:
        from praxisfinder_app import site_pages

        st.session_state[HERE_KEY] = page.name
        site_pages.render(page)

    return render


def _overview() -> None:
    from praxisfinder_app import overview_page

    overview_page.render()


def _new_entry() -> None:
    from praxisfinder_app import editor_page

    editor_page.render(None)


def _edit_entry() -> None:
    from praxisfinder_app import editor_page

    editor_page.render(st.query_params.get("eintrag") or "")


# No page icons: Streamlit turns the current page's Material icon into a favicon URL on
# fonts.gstatic.com (a third-party request), and page links would repeat the icon.
SEARCH_HOME = st.Page(_search_home, title="Suche", url_path="start", default=True)
SEARCH_VIEW = st.Page(_search_view, title="Suche", url_path="suche", visibility="hidden")
ABOUT_PAGE = st.Page(_about, title="Über den Praxisfinder", url_path="ueber")
SUGGEST_PAGE = st.Page(_suggest, title="Beispiel vorschlagen", url_path="vorschlagen")
SIGN_IN_PAGE = st.Page(_sign_in, title="Anmelden", url_path="anmelden")
OVERVIEW_PAGE = st.Page(_overview, title="Redaktion", url_path="redaktion")
NEW_PAGE = st.Page(_new_entry, title="Neuer Eintrag", url_path="neu")
EDIT_PAGE = st.Page(_edit_entry, title="Bearbeiten", url_path="bearbeiten", visibility="hidden")
SIGN_OUT_PAGE = st.Page(_sign_out, title="Abmelden", url_path="abmelden")
EDITOR_PATHS = ("redaktion", "neu", "bearbeiten", "abmelden")
# Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, Kontakt: linked from the
# footer of every page (site_pages.render_footer), not from the top navigation.
SITE_PAGE_LINKS = {
    page.name: st.Page(_site_page(page), title=page.title, url_path=page.name, visibility="hidden")
    for page in SITE_PAGES
}
PAGES = [SEARCH_HOME, ABOUT_PAGE, SUGGEST_PAGE, SEARCH_VIEW, *SITE_PAGE_LINKS.values()]


def _sign_in_at(url_path: str) -> st.Page:
    """The sign-in page at an editor's address: a visitor never sees the editor itself."""
    return st.Page(_sign_in, title="Anmelden", url_path=url_path, visibility="hidden")


def pages(signed_in: bool) -> list[st.Page]:
    """The pages of this session: editor pages are registered only after sign-in."""
    if signed_in:
        after_sign_in = st.Page(
            _overview, title="Redaktion", url_path="anmelden", visibility="hidden"
        )
        return [*PAGES, OVERVIEW_PAGE, NEW_PAGE, EDIT_PAGE, SIGN_OUT_PAGE, after_sign_in]
    return [*PAGES, SIGN_IN_PAGE, *(_sign_in_at(path) for path in EDITOR_PATHS)]


def view_link(
    label: str, state: SearchState, *, help: str | None = None, icon: str | None = None
) -> None:
    """A real link (`<a href>`) to the view of `state`; opens without a page reload.

    `label` is Markdown: escape content with `components.md_escape`.
    """
    target = SEARCH_VIEW if st.session_state.get(HERE_KEY) == "home" else SEARCH_HOME
    st.page_link(target, label=label, query_params=to_params(state), help=help, icon=icon)
