"""The Compare countries page drawn: its controls, the compared series side by side, and the ranking or world map."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from dashboard import geo, query, text
from dashboard.countries import country_name
from dashboard.figures import charts, maps
from dashboard.i18n import _
from dashboard.measures import MEASURES
from dashboard.pages.compare import figures, model
from dashboard.pages.compare.params import (
    KINDS,
    PAGE,
    VIEWS,
    below,
    kind,
    level,
    ranking_year,
    with_choices,
    with_ranking_year,
)
from dashboard.pages.compare.text import (
    COUNTRIES_HELP,
    LEVELS_HELP,
    LOG_TIP,
    MAP_ALTERNATIVE,
    MAP_HINT,
    RANKING_NOTE,
    REGION_OF,
    REGION_REPORTING,
    REGIONS_NOTE,
    SHARES_DOWNLOAD,
    YEAR_HELP,
    YEAR_LABEL,
    CompareText,
    outliers_note,
    reporting_caption,
    table_note,
    too_few,
    unshaped_caption,
)
from dashboard.state import AREA_LEVEL_LABELS, MAX_COMPARE, ViewState
from dashboard.ui import charts as ui_charts
from dashboard.ui import controls, frame
from dashboard.ui.frame import filters_of_state
from dashboard.ui.tables import readable_wide_columns, share_column, shares_as_fractions


def translated(options: dict[str, str]) -> dict[str, str]:
    return {key: _(label) for key, label in options.items()}


KIND, COUNTRIES, LOG, VIEW, YEAR, LEVEL = (
    controls.key(name, PAGE) for name in ("kind", "countries", "log", "view", "year", "level")
)
BELOW_GROUP = f"{PAGE}_below"
PLOTLY = {"displaylogo": False}
NAME_WIDTH = 250  # pixels: "Venezuela (Bolivarian Republic of)" whole


def _widgets(state: ViewState, defaults: Sequence[str], options: Sequence[str]) -> dict[str, object]:
    return {
        KIND: kind(state),
        LEVEL: level(state),
        COUNTRIES: model.chooser_countries(state, defaults, options),
        LOG: state.log_scale,
    }


def compare_controls(
    state: ViewState, *, defaults: Sequence[str], options: Sequence[str], unodc_areas: bool = True
) -> tuple[ViewState, list[str]]:
    """What is compared, the countries (or the level of the areas) and the log scale; the view as they set it, and
    the chosen countries. ``unodc_areas``: whether the data place countries in UNODC's regions (else those levels
    are not offered, unless the view already has one)."""
    controls.sync(PAGE, _widgets(state, defaults, options))
    kind_column, log_column = st.columns([6, 2], vertical_alignment="bottom")
    chosen_kind = controls.choice(_("Compare"), translated(KINDS), KIND, container=kind_column)
    log_scale = log_column.toggle(
        _("Logarithmic scale"), key=LOG, help=_("For the charts and the map colours; zero cannot be drawn.")
    )
    chosen: list[str] = []
    if chosen_kind == "countries":
        chosen = st.multiselect(
            _("Countries to compare (2 to {most})").format(most=MAX_COMPARE),
            options,
            key=COUNTRIES,
            max_selections=MAX_COMPARE,
            format_func=text.country_and_code,
            placeholder=_("Choose countries"),
            help=_(COUNTRIES_HELP),
        )
        chosen_level = level(state)
    else:
        levels = {
            key: label
            for key, label in AREA_LEVEL_LABELS.items()
            if unodc_areas or not key.startswith("unodc_") or key == level(state)
        }
        chosen_level = controls.choice(_("Areas"), translated(levels), LEVEL, help=_(LEVELS_HELP))
        st.caption(_(REGIONS_NOTE))
    state = with_choices(state.with_(log_scale=log_scale), kind=chosen_kind, view=below(state), level=chosen_level)
    return state, chosen


def settle(state: ViewState, *, defaults: Sequence[str], options: Sequence[str]) -> None:
    """Once the comparison is known (``state.countries``): what the controls now show, for the next run."""
    controls.settle(PAGE, _widgets(state, defaults, options))


def side_by_side(
    series: pl.DataFrame | None, compared: model.Comparison, words: CompareText, state: ViewState, *, filters: str
) -> None:
    """Small multiples on one scale, their table, and their download (or what to choose to see them)."""
    if series is None or len(compared.compared) < 2:
        st.info(too_few(compared.kind))
        return
    shown = figures.side_by_side_exhibit(series, compared, words, state, filters=filters)
    title = shown.title
    ui_charts.chart(shown, key=controls.key("chart", PAGE))
    st.caption(reporting_caption(series, compared.kind))
    table = charts.wide_table(series, period="year", series=compared.label_column, order=compared.order)
    with st.expander(_("Table of the chart"), expanded=False):
        year_column = st.column_config.NumberColumn(_("Year"), format="%d", pinned=True)
        table = text.readable_columns(table, ["year"], decimals=MEASURES[state.measure].table_decimals)
        ui_charts.grid(table, name=title, column_config=readable_wide_columns(table, "year", year_column))
        st.caption(table_note(words.unit))
    frame.download_csv(series, f"compare-{compared.what}.csv", notes=words.notes(title))
    frame.chart_footer(shown, state)


def _below_widgets(state: ViewState, years: Sequence[int]) -> dict[str, object]:
    year = ranking_year(state)
    return {VIEW: below(state), YEAR: year if year in years else (years[0] if years else None)}


def across_countries(
    shares: pl.DataFrame, compared: model.Comparison, words: CompareText, state: ViewState, options: Sequence[str]
) -> ViewState:
    """The ranking or the world map of one year, whichever is chosen (only that one is built); the view with those
    choices."""
    st.divider()
    years = model.ranking_years(shares)
    controls.sync(BELOW_GROUP, _below_widgets(state, years))
    view_column, year_column = st.columns([6, 2], vertical_alignment="bottom")
    view_choice = controls.choice(_("Across all countries"), translated(VIEWS), VIEW, container=view_column)
    year = (
        year_column.selectbox(_(YEAR_LABEL), years, key=YEAR, help=_(YEAR_HELP), placeholder=_(text.CHOOSE))
        if years
        else None
    )
    state = with_ranking_year(
        with_choices(state, kind=kind(state), view=view_choice), year, years[0] if years else None
    )
    controls.settle(BELOW_GROUP, _below_widgets(state, years))
    # A map is no ranking: it shows every figure, outlier years too (ringed in the table and the Data page's list).
    ranking = query.ranking_of(shares, year, include_outliers=state.include_outliers or view_choice == "map")
    table = model.ranking_table(ranking, lambda iso3: text.profile_url(iso3, state))
    if view_choice == "map":
        return world_map(ranking, table, compared, words, state, options, year)
    ranking_list(ranking, table, compared, words, state, year)
    left_out = outliers_note(query.outliers_left_out(shares, year, state))
    if left_out:
        st.caption(left_out)
    frame.download_csv(
        shares, "compare-shares-by-year.csv", label=_(SHARES_DOWNLOAD), notes=words.notes(words.shares_title)
    )
    return state


def world_map(
    ranking: pl.DataFrame,
    table: pl.DataFrame,
    compared: model.Comparison,
    words: CompareText,
    state: ViewState,
    options: Sequence[str],
    year: int | None,
) -> ViewState:
    """The choropleth; a click on a country links to its profile and can add it to the comparison."""
    shown = figures.map_exhibit(
        ranking, table, words, state, year, filters=filters_of_state(state), shapes_url=geo.WORLD_GEOJSON_URL
    )
    selection = ui_charts.chart(
        shown,
        config={"topojsonURL": geo.TOPOJSON_URL},
        key=controls.key("map", PAGE),
        on_select="rerun",
        selection_mode="points",
    )
    st.caption(_(geo.BOUNDARIES_DISCLAIMER))
    unshaped = unshaped_caption(maps.countries_without_shape(ranking))
    if unshaped:
        st.caption(unshaped)
    clicked = model.clicked_country(selection)
    if clicked:
        profile_column, add_column = st.columns([3, 2])
        profile = _("Open the profile of {country}").format(country=country_name(clicked))
        frame.profile_link(state, clicked, profile, container=profile_column)
        label = _("Add {country} to the comparison").format(country=country_name(clicked))
        addable = model.can_add(clicked, compared.kind, options, compared.compared)
        if addable and add_column.button(label, key=controls.key("add", PAGE)):
            # The chooser was drawn above: the new view goes to the URL and the page runs again with it.
            frame.publish(state.with_(countries=(*compared.compared, clicked)))
            st.rerun()
    else:
        st.caption(_(MAP_HINT))
    if not state.log_scale:
        st.caption(_(LOG_TIP))
    frame.download_csv(table, "compare-map.csv", notes=list(shown.notes))
    frame.chart_footer(figures.map_exhibit(ranking, table, words, state, year, filters=filters_of_state(state)), state)
    st.caption(_(MAP_ALTERNATIVE))
    return state


def ranking_list(
    ranking: pl.DataFrame,
    table: pl.DataFrame,
    compared: model.Comparison,
    words: CompareText,
    state: ViewState,
    year: int | None,
) -> None:
    """The ranking table of one year, and a bar chart of its 20 largest with the compared countries picked out."""
    measure = MEASURES[state.measure]
    ui_charts.grid(
        shares_as_fractions(
            table.with_columns(
                pl.col("value").round(measure.table_decimals),
                # UN M49 regions by their names in the reader's language (reference/region_names.csv).
                text.named_in_language(table, "region"),
            ),
            "share_region_pct",
            "share_world_pct",
        ),
        name=words.ranking_title(year),
        column_config={
            "rank": st.column_config.NumberColumn(_("Rank"), format="%d"),
            "profile": frame.profile_link_column(),
            "country_name": st.column_config.TextColumn(_("Country"), width=NAME_WIDTH),
            "region": _("Region"),
            "year": st.column_config.NumberColumn(_("Year"), format="%d"),
            "value": st.column_config.NumberColumn(_(measure.label), format=text.TABLE_NUMBER),
            "share_region_pct": share_column(_("Share of its region")),
            "share_world_pct": share_column(_("Share of the world")),
            "region_reporting": st.column_config.NumberColumn(_(REGION_REPORTING), format="%d"),
            "region_of": st.column_config.NumberColumn(_(REGION_OF), format="%d"),
        },
        height=420,
    )
    st.caption(words.ranking_caption(ranking, year))
    shown = figures.ranking_exhibit(ranking, table, compared, words, year, filters=filters_of_state(state))
    frame.download_csv(table, "compare-ranking.csv", notes=words.notes(words.ranking_title(year), years=(year, year)))
    ui_charts.chart(shown, key=controls.key("ranking_chart", PAGE))
    frame.chart_footer(shown, state)
    st.caption(_(RANKING_NOTE))
