"""The search page: landing (browse by theme), result list with facets, and entry view.

The URL holds the whole state. Each run reads it, searches through the `indexer` API and
renders; widget callbacks only compute the next state and write it back to the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from indexer.export import all_hits, results_csv
from indexer.german.wording import quoted_list
from indexer.searching import Index, SearchResult
from indexer.taxonomy import Taxonomy, TaxonomyError
from praxisfinder_app import entry_page, landing
from praxisfinder_app.components import (
    FACET_HEADINGS,
    FACET_LABELS,
    SCROLL_RESTORE_JS,
    card_html,
    count_examples,
    document_snippet_html,
    filter_label,
    label_escape,
    markdown_html,
    md_escape,
    number,
    page_title,
    result_heading,
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
    """Show `state`: write it to the URL (one history entry) for the rerun that follows.

    Open phone filters stay open for the view that a change made from them leads to."""
    if st.session_state.get(PHONE_FILTERS_OPEN) == current_state():
        st.session_state[PHONE_FILTERS_OPEN] = state
    st.session_state[STATE_KEY] = state
    st.query_params.from_dict(to_params(state))


# The filters are drawn twice: beside the results on wide screens ("pf_" keys) and behind
# the "Filter (n)" expander above them on phones ("pf_phone_" keys); style.css shows one.
# The phone's copy is drawn only while its expander is open: on a wide screen, where the
# expander is hidden, the page has a single copy.
WIDE = "pf_"
PHONE = "pf_phone_"
PHONE_FILTERS = "pf_filters_phone"
# The view whose phone filters are open. Its own record, not only the expander's state: the
# expander's label counts the filters, and a widget with a new label starts afresh.
PHONE_FILTERS_OPEN = "pf_filters_phone_open"


def _facet_key(facet: str, value: str, keys: str = WIDE) -> str:
    return f"{keys}facet:{facet}:{value}"


def _on_search() -> None:
    go(current_state().with_query(str(st.session_state.get(QUERY_KEY) or "")))
    st.session_state[PHONE_FILTERS_OPEN] = None  # a new search: the results first


def _on_phone_filters() -> None:
    opened = bool(st.session_state.get(PHONE_FILTERS))
    st.session_state[PHONE_FILTERS_OPEN] = current_state() if opened else None


def _on_toggle(facet: str, value: str, key: str) -> None:
    go(current_state().toggled(facet, value, bool(st.session_state.get(key))))


def _on_multiselect(facet: str, key: str) -> None:
    go(current_state().with_values(facet, st.session_state.get(key) or []))


def _on_years(keys: str) -> None:
    low = st.session_state.get(f"{keys}year_from") or None  # ANY_YEAR (0) → no bound
    high = st.session_state.get(f"{keys}year_to") or None
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
        "district": (*sorted(taxonomy.districts, key=german_order), taxonomy.statewide),
    }.get(facet, ())
    return list(dict.fromkeys([*listed, *sorted(known, key=german_order)]))


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_order(name: str) -> str:
    """A sort key as in a German index: "Lörrach" before "Ludwigsburg"."""
    return name.casefold().translate(_UMLAUTS)


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
            "oder ist fehlerhaft. Bitte wenden Sie sich an die Redaktion ([Kontakt](kontakt))."
        )
        return
    overview = get_overview()
    state = parse_params(st.query_params.get_all, vocabulary(taxonomy, overview.facets))
    st.session_state[STATE_KEY] = state
    st.html(f"<script>{SCROLL_RESTORE_JS}</script>", unsafe_allow_javascript=True)

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
    with filters_column, st.container(key="pf_filters_wide"):
        _facets(state, result, overview, taxonomy, WIDE)
    with main:
        # On phones the filters column is hidden and this comes first: results before filters.
        count = state.active_filter_count
        phone_filters = st.expander(
            f"Filter ({count})" if count else "Filter",
            expanded=st.session_state.get(PHONE_FILTERS_OPEN) == state,
            key=PHONE_FILTERS,
            on_change=_on_phone_filters,
        )
        if phone_filters.open:
            with phone_filters:
                _facets(state, result, overview, taxonomy, PHONE)
        if state.is_browsing:
            _results(index, state, result, overview, taxonomy)
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
    state: SearchState,
    result: SearchResult,
    overview: SearchResult,
    taxonomy: Taxonomy,
    keys: str,
) -> None:
    """One copy of the filters; `keys` (WIDE or PHONE) prefixes its widget keys."""
    st.markdown("## Filter", anchors=False)
    st.caption("Die Zahl in Klammern nennt die Treffer mit dieser Auswahl.")
    # Nothing found: a column of greyed-out options would only say so again.
    only_useful = state.is_browsing and result.total == 0
    if only_useful:
        st.caption("Gezeigt werden die gewählten Filter und die Auswahlen mit Treffern.")
    for facet in ("themes", "type", "district", "size", "year", "funding"):
        if facet == "district":
            _district_facet(state, result, overview, taxonomy, keys)
        elif facet == "year":
            _year_facet(state, overview, keys)
        else:
            _checkbox_facet(facet, state, result, overview, taxonomy, keys, only_useful)


def _checkbox_facet(
    facet: str,
    state: SearchState,
    result: SearchResult,
    overview: SearchResult,
    taxonomy: Taxonomy,
    keys: str,
    only_useful: bool,
) -> None:
    indexed = overview.facets.get(facet, {})
    selected = state.filters.get(facet, ())
    if not indexed and not selected:
        return  # no entry has this facet at all (e.g. no population given anywhere)
    counts = result.facets.get(facet, {})
    values = facet_options(facet, taxonomy, indexed)
    if only_useful:
        values = [v for v in values if counts.get(v, 0) or v in selected]
        if not values:
            return
    st.markdown(f"### {FACET_HEADINGS[facet]}", anchors=False)
    for value in values:
        count = counts.get(value, 0)
        key = _facet_key(facet, value, keys)
        st.session_state[key] = value in selected
        st.checkbox(
            f"{label_escape(value)} ({number(count)})",
            key=key,
            on_change=_on_toggle,
            args=(facet, value, key),
            disabled=count == 0 and value not in selected,
            wrap=True,
        )


def _district_facet(
    state: SearchState, result: SearchResult, overview: SearchResult, taxonomy: Taxonomy, keys: str
) -> None:
    """Every district of the taxonomy, with 0 where there is no example (yet): "no examples
    here" differs from "not covered". Indexed districts outside the taxonomy follow."""
    counts = result.facets.get("district", {})
    selected = list(state.filters.get("district", ()))
    indexed = overview.facets.get("district", {})
    options = list(dict.fromkeys([*facet_options("district", taxonomy, indexed), *selected]))
    key = f"{keys}multi:district"
    st.session_state[key] = selected
    st.multiselect(
        FACET_HEADINGS["district"],
        options,
        key=key,
        format_func=lambda v: f"{v} ({number(counts.get(v, 0))})",
        on_change=_on_multiselect,
        args=("district", key),
        placeholder="Kreis wählen",
    )


ANY_YEAR = 0  # the "beliebig" option of the year boxes (None would show as "no selection")


def _year_facet(state: SearchState, overview: SearchResult, keys: str) -> None:
    years = {int(y) for y in overview.facets.get("year", {})}
    years |= {y for y in (state.year_from, state.year_to) if y is not None}
    if not years:
        return
    options = [ANY_YEAR, *sorted(years)]
    st.markdown(f"### {FACET_HEADINGS['year']}", anchors=False)
    st.session_state[f"{keys}year_from"] = state.year_from or ANY_YEAR
    st.session_state[f"{keys}year_to"] = state.year_to or ANY_YEAR
    left, right = st.columns(2)

    def fmt(year: int) -> str:
        return "beliebig" if year == ANY_YEAR else str(year)

    with left:
        st.selectbox(
            "Von",
            options,
            key=f"{keys}year_from",
            format_func=fmt,
            on_change=_on_years,
            args=(keys,),
            placeholder="beliebig",
        )
    with right:
        st.selectbox(
            "Bis",
            options,
            key=f"{keys}year_to",
            format_func=fmt,
            on_change=_on_years,
            args=(keys,),
            placeholder="beliebig",
        )


# -- results --------------------------------------------------------------------------------


def _results(
    index: Index,
    state: SearchState,
    result: SearchResult,
    overview: SearchResult,
    taxonomy: Taxonomy,
) -> None:
    st.set_page_config(page_title=page_title(state, result.total))
    _active_filters(state)
    st.markdown(f"## {md_escape(result_heading(state, result.total))}", anchors=False)
    theme = next((t for t in taxonomy.themes if t.name == state.browsed_theme), None)
    if theme is not None and theme.description and result.total:
        st.caption(md_escape(theme.description))
    for notice in result.notices:  # the query was cut or read differently than typed
        st.info(md_escape(notice), icon=":material/info:")
    if result.relaxed:  # the topic is the user's text: escaped
        st.info(md_escape(result.relaxed_notice), icon=":material/info:")
    if result.total == 0:
        _no_results(index, state, result, overview)
        return
    if result.suggestion:
        _suggestion_link(state, result.suggestion)

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
        _export(index, state, result.total)

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


# Up to this many hits the CSV is made when the button is clicked, without a progress bar
# (10,000 hits take about half a second on two cores: `bench/export_bench.py`); more are
# prepared first, with a progress bar, and then downloaded.
EXPORT_AT_ONCE = 10_000
EXPORT_LABEL = "Ergebnisliste als CSV herunterladen"
EXPORT_HELP = (
    "Alle Treffer als Tabelle (UTF-8, Semikolon als Trennzeichen) für Excel oder LibreOffice"
)


def _export(index: Index, state: SearchState, total: int) -> None:
    """The CSV download of every hit: one click, or for many hits a prepare step first."""
    if total <= EXPORT_AT_ONCE:
        _csv_download(_csv_maker(index, state))
    else:
        _prepared_export(index, state, total)


def _csv_download(data: bytes | Callable[[], bytes]) -> None:
    st.download_button(
        EXPORT_LABEL,
        data=data,
        file_name="praxisfinder-ergebnisse.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        help=EXPORT_HELP,
    )


@st.fragment
def _prepared_export(index: Index, state: SearchState, total: int) -> None:
    """A button that makes the CSV with a progress bar, then offers it for download.

    A fragment: the click reruns only this part of the page, not the search."""
    slot = st.empty()
    if not slot.button(
        f"Ergebnisliste als CSV vorbereiten ({number(total)} Treffer)",
        key="pf_export_prepare",
        icon=":material/table:",
        help=EXPORT_HELP,
    ):
        return
    bar = slot.progress(0.0, text="CSV wird erstellt …")

    def step(done: int, of: int) -> None:
        text = f"CSV wird erstellt: {number(done)} von {number(of)} Treffern"
        bar.progress(min(1.0, done / max(1, of)), text=text)

    data = _csv_maker(index, state, step)()
    slot.empty()
    _csv_download(data)


def _csv_maker(
    index: Index, state: SearchState, progress: Callable[[int, int], None] | None = None
) -> Callable[[], bytes]:
    """The CSV of every hit of `state`, made when called (no snippets: see `all_hits`)."""
    base = _base_url()

    def make() -> bytes:
        hits = all_hits(
            index,
            state.query,
            filters=state.active_filters,
            year_from=state.year_from,
            year_to=state.year_to,
            sort=state.sort_or_default,
            progress=progress,
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
        chips.append((filter_label(state, "year"), "year", None))
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


def _suggestion_link(state: SearchState, suggestion: str) -> None:
    view_link(
        f"Meinten Sie „{md_escape(suggestion)}“?",
        state.with_query(suggestion),
        icon=":material/spellcheck:",
        help="Mit diesem Suchbegriff suchen",
    )


def _count(index: Index, state: SearchState) -> int:
    """How many results `state` has (the totals of "what to try")."""
    return index.search(
        state.query,
        filters=state.active_filters,
        year_from=state.year_from,
        year_to=state.year_to,
        page_size=1,
    ).total


def _listing(state: SearchState) -> SearchState:
    """`state` as a result list: without query and filters, all entries (not the landing)."""
    return state if state.is_browsing else state.with_sort(state.sort_or_default)


def _no_results(
    index: Index, state: SearchState, result: SearchResult, overview: SearchResult
) -> None:
    """Nothing found: say why where we can, and offer what would find something."""
    with_filters = " mit den gewählten Filtern" if state.has_filters else ""
    if state.query:
        st.markdown(md_escape(f"Zur Suche nach „{state.query}“{with_filters} passt kein Beispiel."))
    else:
        st.markdown("Zu den gewählten Filtern passt kein Beispiel.")
    unused = [
        value
        for facet, values in state.filters.items()
        for value in values
        if not overview.facets.get(facet, {}).get(value)
    ]
    if unused:  # e.g. a district no example comes from yet: not "unsupported", just empty
        names = quoted_list(unused)
        st.markdown(md_escape(f"Für {names} gibt es noch keine Beispiele im Praxisfinder."))
        from praxisfinder_app.navigation import SUGGEST_PAGE

        st.page_link(
            SUGGEST_PAGE, label="Sie kennen eines? Beispiel vorschlagen", icon=":material/add:"
        )

    st.markdown("**Das können Sie versuchen:**")
    relaxed = best_relaxation(index, state)
    if relaxed is not None:
        facet, total = relaxed
        view_link(
            md_escape(
                f"Filter „{filter_label(state, facet)}“ entfernen und {count_examples(total)} "
                "anzeigen"
            ),
            _listing(state.without_facet(facet)),
            icon=":material/filter_alt_off:",
        )
    elif state.query and state.has_filters:
        total = _count(index, state.without_filters())
        if total:
            view_link(
                f"Alle Filter entfernen und {count_examples(total)} anzeigen",
                state.without_filters(),
                icon=":material/filter_alt_off:",
            )
    if result.suggestion:
        _suggestion_link(state, result.suggestion)
    if state.query and state.has_filters:
        total = _count(index, state.with_query(""))
        if total:
            view_link(
                f"Ohne Suchbegriff nur mit den Filtern suchen: {count_examples(total)}",
                state.with_query(""),
                icon=":material/search_off:",
            )
    tips = []
    if state.query:
        tips.append("Prüfen Sie die Schreibweise der Suchwörter.")
        if len(state.query.split()) > 1:
            tips.append(
                "Verwenden Sie weniger Suchwörter: Gefunden werden Beispiele, die alle "
                "Wörter enthalten."
            )
        else:
            tips.append("Versuchen Sie einen allgemeineren oder einen anderen Begriff.")
    if state.has_filters:
        tips.append(
            "Entfernen Sie Filter: oben unter „Aktive Filter“ einzeln oder mit „Alle Filter "
            "zurücksetzen“."
        )
    st.markdown("\n".join(f"- {tip}" for tip in tips))
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
        total = _count(index, state.without_facet(facet))
        if total and (best is None or total > best[1]):
            best = (facet, total)
    return best
