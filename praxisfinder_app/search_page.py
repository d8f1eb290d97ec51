"""The search page: landing (browse by theme), result list with facets, and entry view.

The URL holds the whole state. Each run reads it, searches through the `indexer` API and
renders; widget callbacks only compute the next state and write it back to the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from indexer.export import all_hits, results_csv
from indexer.searching import Index, SearchResult
from indexer.taxonomy import Taxonomy, TaxonomyError
from praxisfinder_app import entry_page, landing
from praxisfinder_app.components import (
    FACET_HEADINGS,
    FACET_LABELS,
    card_html,
    count_examples,
    document_snippet_html,
    label_escape,
    markdown_html,
    md_escape,
    number,
)
from praxisfinder_app.navigation import view_link
from praxisfinder_app.resources import get_index, get_overview, get_taxonomy
from praxisfinder_app.state import SearchState, Sort, parse_params, to_params

PAGE_SIZE = 10
STATE_KEY = "pf_state"
QUERY_KEY = "pf_q"
SORT_LABELS: dict[Sort, str] = {"relevance": "Relevanz", "year": "Neueste zuerst"}


# -- state plumbing ----------------------------------------------------------------------


def current_state() -> SearchState:
    """The state the user last saw (set by the last run, read by callbacks)."""
    state = st.session_state.get(STATE_KEY)
    return state if isinstance(state, SearchState) else SearchState()


def go(state: SearchState) -> None:
    """Show `state`: write it to the URL (one history entry) for the rerun that follows."""
    st.session_state[STATE_KEY] = state
    st.query_params.from_dict(to_params(state))


def _facet_key(facet: str, value: str) -> str:
    return f"pf_facet:{facet}:{value}"


def _on_search() -> None:
    go(current_state().with_query(str(st.session_state.get(QUERY_KEY) or "")))


def _on_toggle(facet: str, value: str) -> None:
    go(current_state().toggled(facet, value, bool(st.session_state.get(_facet_key(facet, value)))))


def _on_multiselect(facet: str) -> None:
    go(current_state().with_values(facet, st.session_state.get(f"pf_multi:{facet}") or []))


def _on_years() -> None:
    low = st.session_state.get("pf_year_from") or None  # ANY_YEAR (0) → no bound
    high = st.session_state.get("pf_year_to") or None
    go(current_state().with_years(low, high))


def _on_sort() -> None:
    go(current_state().with_sort(st.session_state.get("pf_sort") or "relevance"))


def _remove(facet: str, value: str | None) -> None:
    state = current_state()
    go(state.without_facet(facet) if value is None else state.toggled(facet, value, False))


def _reset_filters() -> None:
    go(current_state().without_filters())


# -- vocabulary: which URL values are valid ------------------------------------------------


def facet_options(facet: str, taxonomy: Taxonomy, known: Mapping[str, int]) -> list[str]:
    """The values of a facet in display order: taxonomy order first, then other indexed ones."""
    listed: tuple[str, ...] = {
        "themes": taxonomy.theme_names,
        "type": taxonomy.type_names,
        "size": tuple(s.name for s in taxonomy.size_classes),
        "funding": taxonomy.funding_names,
        "district": (*sorted(taxonomy.districts), taxonomy.statewide),
    }.get(facet, ())
    return list(dict.fromkeys([*listed, *sorted(known)]))


def vocabulary(
    taxonomy: Taxonomy, facets: Mapping[str, Mapping[str, int]]
) -> Callable[[str, str], bool]:
    valid = {
        facet: set(facet_options(facet, taxonomy, facets.get(facet, {}))) for facet in FACET_LABELS
    }
    return lambda facet, value: value in valid.get(facet, set())


# -- rendering ------------------------------------------------------------------------------


def render() -> None:
    try:
        taxonomy = get_taxonomy()
        index = get_index()
    except TaxonomyError:
        st.title("Praxisfinder")
        st.error(
            "Die Wissensbasis konnte nicht geladen werden: Die Datei „taxonomy.yaml“ fehlt "
            "oder ist fehlerhaft. Bitte wenden Sie sich an die Redaktion."
        )
        return
    overview = get_overview()
    state = parse_params(st.query_params.get_all, vocabulary(taxonomy, overview.facets))
    st.session_state[STATE_KEY] = state

    if state.entry:
        entry_page.render(index, taxonomy, state)
        return

    st.title("Praxisfinder", anchor=False)
    st.markdown(
        "Gute-Praxis-Beispiele für Bürgerengagement und Integration aus den Kommunen "
        "Baden-Württembergs"
    )
    _search_form(state)
    if overview.total == 0:
        _empty_knowledge_base()
        return

    filters_column, main = st.columns([1, 3], gap="large")
    result = _search(index, state) if state.is_browsing else overview
    with filters_column:
        _facets(state, result, overview, taxonomy)
    with main:
        if state.is_browsing:
            _results(index, state, result, taxonomy)
        else:
            st.set_page_config(page_title="Praxisfinder – Gute-Praxis-Beispiele")
            landing.render(overview, taxonomy, state)


def _search(index: Index, state: SearchState) -> SearchResult:
    def run(page: int) -> SearchResult:
        return index.search(
            state.query,
            filters=state.active_filters,
            year_from=state.year_from,
            year_to=state.year_to,
            sort=state.sort_or_default,
            page=page,
            page_size=PAGE_SIZE,
        )

    result = run(state.page)
    if state.page > result.pages:  # a stale or hand-made link: show the last page
        result = run(result.pages)
    return result


def _search_form(state: SearchState) -> None:
    st.session_state[QUERY_KEY] = state.query
    with st.form("pf_search", border=False, enter_to_submit=True):
        query_column, button_column = st.columns([5, 1], vertical_alignment="bottom")
        with query_column:
            st.text_input(
                "Suchbegriff",
                key=QUERY_KEY,
                placeholder="z. B. Sprachpaten, Ehrenamt, Ausbildung, Sportverein",
            )
        with button_column:
            st.form_submit_button("Suchen", type="primary", on_click=_on_search, width="stretch")
    # Visible rather than in a tooltip: Streamlit labels its help buttons in English.
    st.caption(
        "Enter startet die Suche. Gefunden werden Beispiele mit allen Wörtern; Umlaute "
        "können Sie auch als ae, oe, ue schreiben."
    )


def _empty_knowledge_base() -> None:
    st.set_page_config(page_title="Praxisfinder – noch keine Beispiele")
    st.info(
        "Die Wissensbasis enthält noch keine veröffentlichten Beispiele. Sobald die "
        "Redaktion Beispiele eingestellt hat, können Sie hier danach suchen.",
        icon=":material/info:",
    )


# -- facets ---------------------------------------------------------------------------------


def _facets(
    state: SearchState, result: SearchResult, overview: SearchResult, taxonomy: Taxonomy
) -> None:
    st.markdown("## Filter", anchors=False)
    st.caption("Die Zahl in Klammern nennt die Treffer mit dieser Auswahl.")
    for facet in ("themes", "type", "district", "size", "year", "funding"):
        if facet == "district":
            _district_facet(state, result, overview, taxonomy)
        elif facet == "year":
            _year_facet(state, overview)
        else:
            _checkbox_facet(facet, state, result, overview, taxonomy)


def _checkbox_facet(
    facet: str,
    state: SearchState,
    result: SearchResult,
    overview: SearchResult,
    taxonomy: Taxonomy,
) -> None:
    indexed = overview.facets.get(facet, {})
    selected = state.filters.get(facet, ())
    if not indexed and not selected:
        return  # no entry has this facet at all (e.g. no population given anywhere)
    counts = result.facets.get(facet, {})
    st.markdown(f"### {FACET_HEADINGS[facet]}", anchors=False)
    for value in facet_options(facet, taxonomy, indexed):
        count = counts.get(value, 0)
        key = _facet_key(facet, value)
        st.session_state[key] = value in selected
        st.checkbox(
            f"{label_escape(value)} ({number(count)})",
            key=key,
            on_change=_on_toggle,
            args=(facet, value),
            disabled=count == 0 and value not in selected,
            wrap=True,
        )


def _district_facet(
    state: SearchState, result: SearchResult, overview: SearchResult, taxonomy: Taxonomy
) -> None:
    counts = result.facets.get("district", {})
    selected = list(state.filters.get("district", ()))
    options = [
        v
        for v in facet_options("district", taxonomy, overview.facets.get("district", {}))
        if counts.get(v, 0) or v in selected
    ]
    key = "pf_multi:district"
    st.session_state[key] = selected
    st.multiselect(
        FACET_HEADINGS["district"],
        options,
        key=key,
        format_func=lambda v: f"{v} ({number(counts.get(v, 0))})",
        on_change=_on_multiselect,
        args=("district",),
        placeholder="Kreis wählen",
    )


ANY_YEAR = 0  # the "beliebig" option of the year boxes (None would show as "no selection")


def _year_facet(state: SearchState, overview: SearchResult) -> None:
    years = {int(y) for y in overview.facets.get("year", {})}
    years |= {y for y in (state.year_from, state.year_to) if y is not None}
    if not years:
        return
    options = [ANY_YEAR, *sorted(years)]
    st.markdown(f"### {FACET_HEADINGS['year']}", anchors=False)
    st.session_state["pf_year_from"] = state.year_from or ANY_YEAR
    st.session_state["pf_year_to"] = state.year_to or ANY_YEAR
    left, right = st.columns(2)

    def fmt(year: int) -> str:
        return "beliebig" if year == ANY_YEAR else str(year)

    with left:
        st.selectbox(
            "Von",
            options,
            key="pf_year_from",
            format_func=fmt,
            on_change=_on_years,
            placeholder="beliebig",
        )
    with right:
        st.selectbox(
            "Bis",
            options,
            key="pf_year_to",
            format_func=fmt,
            on_change=_on_years,
            placeholder="beliebig",
        )


# -- results --------------------------------------------------------------------------------


def _results(index: Index, state: SearchState, result: SearchResult, taxonomy: Taxonomy) -> None:
    title = count_examples(result.total)
    st.set_page_config(
        page_title=(f"„{state.query}“: " if state.query else "") + f"{title} – Praxisfinder"
    )
    _active_filters(state)
    found = f"{title} gefunden"
    st.markdown(f"## {md_escape(found)}", anchors=False)
    for notice in result.notices:  # the query was cut or read differently than typed
        st.info(md_escape(notice), icon=":material/info:")
    if result.relaxed:
        if result.exact_total:
            all_words = count_examples(result.exact_total)
            verb = "enthält" if result.exact_total == 1 else "enthalten"
            notice = (
                f"{all_words} {verb} alle Suchwörter; danach folgen verwandte Beispiele "
                "mit einigen davon oder ähnlichen Begriffen."
            )
        else:
            notice = (
                "Kein Beispiel enthält alle Suchwörter. Angezeigt werden verwandte "
                "Beispiele mit einigen davon oder ähnlichen Begriffen."
            )
        st.info(notice, icon=":material/info:")
    if result.suggestion:
        view_link(
            f"Meinten Sie „{md_escape(result.suggestion)}“?",
            state.with_query(result.suggestion),
            icon=":material/spellcheck:",
            help="Mit diesem Suchbegriff suchen",
        )
    if result.total == 0:
        _no_results(index, state)
        return

    sort_column, export_column = st.columns([3, 2], vertical_alignment="bottom")
    with sort_column:
        st.session_state["pf_sort"] = state.sort_or_default
        st.radio(
            "Sortierung",
            list(SORT_LABELS),
            key="pf_sort",
            format_func=SORT_LABELS.__getitem__,
            horizontal=True,
            on_change=_on_sort,
        )
    with export_column:
        st.download_button(
            "Ergebnisliste als CSV herunterladen",
            data=_csv_maker(index, state),
            file_name="praxisfinder-ergebnisse.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            help="Alle Treffer als Tabelle (UTF-8, Semikolon als Trennzeichen) für Excel "
            "oder LibreOffice",
        )

    start = (result.page - 1) * result.page_size + 1
    end = start + len(result.hits) - 1
    if result.pages > 1:
        st.caption(f"Treffer {number(start)}–{number(end)} von {number(result.total)}")
    divider_at = -1  # position on this page of the first hit with only some of the words
    if result.relaxed and result.exact_total and state.sort_or_default == "relevance":
        divider_at = result.exact_total - (result.page - 1) * result.page_size
    for position, hit in enumerate(result.hits):
        if position == divider_at:
            st.markdown("### Verwandte Beispiele", anchors=False)
        with st.container(border=True, key=f"pf_card_{hit.slug}"):
            view_link(
                f"**{md_escape(hit.title)}**", state.with_page(result.page).with_entry(hit.slug)
            )
            st.markdown(
                card_html(hit.fields, hit.snippet if state.query else None, taxonomy.statewide),
                unsafe_allow_html=True,
            )
            for found in hit.attachments:
                # The place in the document is a link to its view, opened at that page.
                target = state.with_page(result.page).with_entry(hit.slug)
                view_link(
                    md_escape(f"Treffer im Dokument „{found['title']}“, S. {found['page']}"),
                    target.with_document(found["file"], int(found["page"])),
                    icon=":material/description:",
                )
                st.markdown(
                    markdown_html(document_snippet_html(found["snippet"])),
                    unsafe_allow_html=True,
                )
    if result.pages > 1:
        _pagination(state, result)


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to offer: first, last and `around` either side; None marks a gap."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    for number_ in shown:
        if numbers and number_ - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number_)
    return numbers


def _pagination(state: SearchState, result: SearchResult) -> None:
    st.markdown(f"Seite {result.page} von {result.pages}")
    with st.container(horizontal=True, gap="medium", key="pf_pagination"):
        if result.page > 1:
            view_link(
                "Vorherige Seite", state.with_page(result.page - 1), icon=":material/chevron_left:"
            )
        for page in page_numbers(result.page, result.pages):
            if page is None:
                st.markdown("…")
            elif page == result.page:
                st.markdown(f"**Seite {page}**")
            else:
                view_link(f"Seite {page}", state.with_page(page))
        if result.page < result.pages:
            view_link(
                "Nächste Seite", state.with_page(result.page + 1), icon=":material/chevron_right:"
            )


def _csv_maker(index: Index, state: SearchState) -> Callable[[], bytes]:
    base = _base_url()

    def make() -> bytes:
        hits = all_hits(
            index,
            state.query,
            filters=state.active_filters,
            year_from=state.year_from,
            year_to=state.year_to,
            sort=state.sort_or_default,
        )
        return results_csv(
            hits, entry_url=(lambda slug: f"{base}?eintrag={slug}") if base else None
        )

    return make


def _base_url() -> str:
    """The app's address without query (for links in exports), or "" when unknown."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        return ""
    return url.split("?", 1)[0].split("#", 1)[0]


def _active_filters(state: SearchState) -> None:
    chips: list[tuple[str, str, str | None]] = []
    for facet, values in state.filters.items():
        chips += [(f"{FACET_LABELS[facet]}: {value}", facet, value) for value in values]
    if state.year_from is not None or state.year_to is not None:
        low = str(state.year_from) if state.year_from is not None else "…"
        high = str(state.year_to) if state.year_to is not None else "…"
        chips.append((f"Jahr: {low}–{high}" if low != high else f"Jahr: {low}", "year", None))
    if not chips:
        return
    st.markdown("Aktive Filter (zum Entfernen anklicken):")
    with st.container(horizontal=True, gap="small"):
        for i, (label, facet, value) in enumerate(chips):
            st.button(
                label_escape(label),
                key=f"pf_remove:{i}:{facet}:{value}",
                icon=":material/close:",
                help="Diesen Filter entfernen",
                on_click=_remove,
                args=(facet, value),
            )
        st.button(
            "Alle Filter zurücksetzen",
            key="pf_reset",
            type="tertiary",
            icon=":material/filter_alt_off:",
            on_click=_reset_filters,
        )


def _no_results(index: Index, state: SearchState) -> None:
    st.markdown(
        "Leider passt kein Beispiel zu Ihrer Suche. Versuchen Sie es mit einem anderen oder "
        "allgemeineren Suchbegriff, prüfen Sie die Schreibweise oder entfernen Sie Filter."
    )
    relaxed = best_relaxation(index, state)
    if relaxed is not None:
        facet, total = relaxed
        label = FACET_LABELS[facet]
        view_link(
            f"Filter „{label}“ entfernen und {count_examples(total)} anzeigen",
            state.without_facet(facet),
            icon=":material/filter_alt_off:",
        )
    if state.query and state.has_filters:
        view_link(
            "Ohne Suchbegriff nur mit den Filtern suchen",
            state.with_query("").with_sort(state.sort_or_default),
            icon=":material/search_off:",
        )
    view_link("Zur Startseite mit allen Themen", SearchState(), icon=":material/home:")


def best_relaxation(index: Index, state: SearchState) -> tuple[str, int] | None:
    """The active filter whose removal brings back the most results, with that count.

    The most restrictive filter is the one that, dropped alone, leaves the largest result.
    """
    candidates = [*state.active_filters]
    if state.year_from is not None or state.year_to is not None:
        candidates.append("year")
    best: tuple[str, int] | None = None
    for facet in candidates:
        relaxed = state.without_facet(facet)
        total = index.search(
            relaxed.query,
            filters=relaxed.active_filters,
            year_from=relaxed.year_from,
            year_to=relaxed.year_to,
            page_size=1,
        ).total
        if total and (best is None or total > best[1]):
            best = (facet, total)
    return best
