"""The Compare countries page's controls, the compared series side by side, and the ranking or world map below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import streamlit as st

from dashboard import geo
from dashboard.countries import country_name
from dashboard.figures import charts
from dashboard.state import MAX_COMPARE, MEASURES, ViewState, with_extra
from dashboard.ui import controls, frame
from dashboard.ui.tables import wide_columns
from dashboard.views import compare as compare_view
from dashboard.views.compare import KINDS, VIEWS, ComparePage, Comparison
from dashboard.views.shared import table_decimals

CONTROLS_FROM = "_compare_controls_from"
PLOTLY = {"displaylogo": False}


@dataclass(frozen=True)
class Picked:
    kind: str | None
    view: str  # below the chart, as the URL gives it
    chosen: list[str]  # the countries chosen (none when regions are compared)
    log_scale: bool


def compare_controls(state: ViewState, *, defaults: Sequence[str], options: Sequence[str]) -> Picked:
    kind = controls.url_choice(state, "cmp", KINDS, "countries")
    view_choice = controls.url_choice(state, "cview", VIEWS, "ranking")
    incoming = (kind, view_choice, state.countries, tuple(defaults), state.log_scale)
    widgets = {
        "w_compare_kind": kind,
        "w_compare_view": view_choice,
        "w_compare_countries": compare_view.chooser_countries(state, defaults, options),
        "w_compare_log": state.log_scale,
    }
    controls.seed(CONTROLS_FROM, incoming, widgets)
    kind_column, log_column = st.columns([6, 2], vertical_alignment="bottom")
    kind = controls.choice("Compare", KINDS, "w_compare_kind", container=kind_column)
    log_scale = log_column.toggle(
        "Logarithmic scale", key="w_compare_log", help="For the charts and the map colours; zero cannot be drawn."
    )
    chosen: list[str] = []
    if kind == "countries":
        chosen = st.multiselect(
            f"Countries to compare (2 to {MAX_COMPARE})",
            options,
            key="w_compare_countries",
            max_selections=MAX_COMPARE,
            format_func=lambda iso3: f"{country_name(iso3)} ({iso3})",
            placeholder="Choose countries",
            help="By default, the four countries with the largest figures in the current filters.",
        )
    else:
        st.caption(
            "The regions compared are those chosen in the sidebar filter (*Region of seizing country*), or all of them."
        )
    return Picked(kind, view_choice, chosen, log_scale)


def publish_comparison(state: ViewState, compared: Comparison, picked: Picked, defaults: Sequence[str]) -> ViewState:
    """The view with what is compared and how, into the URL; the controls remember it."""
    view_choice = st.session_state.get("w_compare_view", picked.view)
    controls.remember(CONTROLS_FROM, (picked.kind, view_choice, compared.countries, tuple(defaults), picked.log_scale))
    extras = with_extra(with_extra(state.extras, "cmp", picked.kind, "countries"), "cview", view_choice, "ranking")
    state = state.with_(countries=compared.countries, log_scale=picked.log_scale, extras=extras)
    frame.publish(state)
    return state


def side_by_side(series: pl.DataFrame, compared: Comparison, page: ComparePage) -> None:
    """Small multiples on one scale, their table, and their download."""
    title = page.side_by_side_title(compared.what)
    figure = charts.small_multiples(
        series,
        **page.chart_labels(title),
        label=compared.label_column,
        order=compared.order,
        log_scale=page.state.log_scale,
    )
    st.plotly_chart(figure, config=PLOTLY, key="compare_chart")
    st.caption(compare_view.reporting_caption(series, compared.kind))
    table = charts.wide_table(series, period="year", series=compared.label_column, order=compared.order)
    with st.expander("Table of the chart", expanded=False):
        year_column = st.column_config.NumberColumn("Year", format="%d")
        st.dataframe(table, hide_index=True, column_config=wide_columns(table, "year", year_column))
        st.caption(f"In {page.unit}. *None*: not reported (never zero).")
    frame.download_csv(series, f"compare-{compared.what}.csv", notes=page.notes(title))


def across_countries(ranking: pl.DataFrame, compared: Comparison, page: ComparePage, options: Sequence[str]) -> None:
    """The ranking or the world map, whichever is chosen: only that one is built."""
    view_choice = controls.choice("Across all countries", VIEWS, "w_compare_view")
    table = compare_view.ranking_table(ranking, lambda iso3: frame.profile_url(iso3, page.state))
    if view_choice == "map":
        world_map(ranking, table, compared, page, options)
    else:
        ranking_list(ranking, table, compared, page)


def _add_to_comparison(iso3: str) -> None:
    st.session_state["w_compare_countries"] = [*st.session_state.get("w_compare_countries", []), iso3]


def world_map(
    ranking: pl.DataFrame, table: pl.DataFrame, compared: Comparison, page: ComparePage, options: Sequence[str]
) -> None:
    """The choropleth; a click on a country links to its profile and can add it to the comparison."""
    figure = charts.choropleth(
        ranking, **page.chart_labels(page.map_title), log_scale=page.state.log_scale, shapes_url=geo.WORLD_GEOJSON_URL
    )
    selection = st.plotly_chart(
        figure,
        config={**PLOTLY, "topojsonURL": geo.TOPOJSON_URL},
        key="compare_map",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption(geo.BOUNDARIES_DISCLAIMER)
    unshaped = compare_view.unshaped_caption(charts.countries_without_shape(ranking))
    if unshaped:
        st.caption(unshaped)
    clicked = compare_view.clicked_country(selection)
    if clicked:
        profile_column, add_column = st.columns([3, 2])
        frame.profile_link(
            page.state, clicked, f"Open the profile of {country_name(clicked)}", container=profile_column
        )
        chosen = list(st.session_state.get("w_compare_countries", []))
        if compare_view.can_add(clicked, compared.kind, options, chosen):
            label = f"Add {country_name(clicked)} to the comparison"
            add_column.button(label, on_click=_add_to_comparison, args=(clicked,))
    else:
        st.caption("Click a country on the map to open its profile.")
    if not page.state.log_scale:
        st.caption("Tip: switch on the logarithmic scale above to tell the smaller figures apart on the map.")
    frame.download_csv(table, "compare-map.csv", notes=page.notes(page.map_title))
    st.caption("The map's table alternative is the ranking (choose *Ranking* above).")


def ranking_list(ranking: pl.DataFrame, table: pl.DataFrame, compared: Comparison, page: ComparePage) -> None:
    """The ranking table, and a bar chart of its 20 largest with the compared countries picked out."""
    measure = MEASURES[page.state.measure]
    st.dataframe(
        table.with_columns(pl.col("value").round(table_decimals(page.state.measure))),
        hide_index=True,
        column_config={
            "rank": st.column_config.NumberColumn("Rank", format="%d"),
            "profile": frame.profile_link_column(),
            "country_name": "Country",
            "region": "Region",
            "value": st.column_config.NumberColumn(f"{measure}", format="localized"),
            "share_region_pct": st.column_config.NumberColumn("Share of its region", format="%.1f%%"),
            "share_world_pct": st.column_config.NumberColumn("Share of the world", format="%.1f%%"),
        },
        height=420,
    )
    st.caption(page.ranking_caption(compare_view.countries_with_a_figure(ranking).height))
    frame.download_csv(table, "compare-ranking.csv", notes=page.notes(page.ranking_title))
    highlight = compared.compared if compared.kind == "countries" else ()
    figure = charts.ranking_figure(ranking, top=20, **page.chart_labels(page.top_title), highlight=highlight)
    st.plotly_chart(figure, config=PLOTLY, key="ranking_chart")
    st.caption("Orange bars: the countries compared above. The table above is this chart's table alternative.")
