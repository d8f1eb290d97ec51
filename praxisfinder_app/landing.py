"""The landing page: what the knowledge base is, themes as tiles, newest entries, a chart."""

from __future__ import annotations

import altair as alt
import streamlit as st

from indexer.searching import SearchResult
from indexer.taxonomy import Taxonomy
from praxisfinder_app.components import card_html, count_examples, md_escape, number
from praxisfinder_app.navigation import view_link
from praxisfinder_app.state import SearchState

TILE_COLUMNS = 3


def render(overview: SearchResult, taxonomy: Taxonomy, state: SearchState) -> None:
    st.markdown(
        f"Der Praxisfinder sammelt {count_examples(overview.total)} aus Städten, Gemeinden "
        "und Landkreisen: Projekte, Leitfäden und Dokumentationen von Regionalkonferenzen, "
        "die zeigen, wie Bürgerengagement und Integration vor Ort gelingen. Suchen Sie "
        "nach einem Stichwort, wählen Sie Filter oder beginnen Sie mit einem Thema."
    )
    view_link(
        f"Alle {count_examples(overview.total)} anzeigen, neueste zuerst",
        state.with_sort("year"),
        icon=":material/list:",
    )
    _theme_tiles(overview, taxonomy)
    _newest(overview, taxonomy)
    _chart(overview)


def _theme_tiles(overview: SearchResult, taxonomy: Taxonomy) -> None:
    st.markdown("## Themen", anchors=False)
    counts = overview.facets.get("themes", {})
    themes = list(taxonomy.themes)
    for row_start in range(0, len(themes), TILE_COLUMNS):
        columns = st.columns(TILE_COLUMNS)
        for column, theme in zip(
            columns, themes[row_start : row_start + TILE_COLUMNS], strict=False
        ):
            count = counts.get(theme.name, 0)
            with column, st.container(border=True, height="stretch"):
                if count:
                    view_link(
                        f"**{md_escape(theme.name)}**",
                        SearchState().with_values("themes", [theme.name]),
                        help=f"Beispiele zum Thema {md_escape(theme.name)} anzeigen",
                    )
                else:
                    st.markdown(f"**{md_escape(theme.name)}**")
                if theme.description:
                    st.caption(md_escape(theme.description))
                st.markdown(count_examples(count) if count else "noch keine Beispiele")


def _newest(overview: SearchResult, taxonomy: Taxonomy) -> None:
    if not overview.hits:
        return
    st.markdown("## Neueste Beispiele", anchors=False)
    for hit in overview.hits:
        with st.container(border=True, key=f"pf_card_{hit.slug}"):
            view_link(f"**{md_escape(hit.title)}**", SearchState().with_entry(hit.slug))
            st.markdown(card_html(hit.fields, None, taxonomy.statewide), unsafe_allow_html=True)


def _chart(overview: SearchResult) -> None:
    years = sorted(overview.facets.get("year", {}).items())
    if not years:
        return
    st.markdown("## Beispiele nach Jahr", anchors=False)
    rows = [{"Jahr": year, "Beispiele": n} for year, n in years]
    description = "; ".join(f"{year}: {number(n)}" for year, n in years)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1f5c99")
        .encode(
            x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Beispiele:Q", title="Anzahl Beispiele", axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("Jahr:O"), alt.Tooltip("Beispiele:Q", title="Beispiele")],
        )
        .properties(height=220)
    )
    st.altair_chart(
        chart,
        width="stretch",
        alt=f"Balkendiagramm: Anzahl der Beispiele je Jahr. {description}.",
    )
    with st.expander("Diagramm als Tabelle"):
        st.table(rows, hide_index=True)
