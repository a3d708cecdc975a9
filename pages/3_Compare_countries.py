"""Compare countries: 2 to 8 countries (or the regions) side by side on one scale, a ranking with shares of the
regional and world totals, and a world map of the chosen measure drawn from the project's own geometry.

The compared countries (``c``) and the log scale (``log``) live in the view state; what is compared (``cmp``) and the
view below the chart (``cview``) are page parameters kept in the URL too.
"""

import polars as pl
import streamlit as st

from dashboard import geo, query
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.figures import charts
from dashboard.state import MAX_COMPARE, MEASURES
from dashboard.ui import frame

data, state = frame.start("Compare countries", icon=":material/compare_arrows:")
source = data.citation
vocabulary = data.vocabulary
first, last = state.years(vocabulary)
label = query.measure_label(state)
unit = query.UNIT[state.measure]

KINDS = {"countries": "Countries", "regions": "Regions"}
VIEWS = {"ranking": "Ranking", "map": "World map"}


def page_param(key: str, allowed: dict[str, str], default: str) -> str:
    """A page parameter from the URL; an invalid value falls back to the default with a visible notice."""
    value = state.extras.get(key, default)
    if value in allowed:
        return value
    shown = "".join(ch if ch.isprintable() else "?" for ch in value)[:40]
    frame.url_notices([f"URL parameter '{key}': {shown!r} is not one of {', '.join(allowed)}; ignored"])
    return default


def with_page_param(extras: dict[str, str], key: str, value: str, default: str) -> dict[str, str]:
    kept = {k: v for k, v in extras.items() if k != key}
    return kept if value == default else {**kept, key: value}


def download_notes(title: str) -> list[str]:
    notes = [title, f"Unit: {unit}", f"Years {first}-{last}", f"Source: {source}"]
    notes.append("An empty value means not reported (not zero).")
    return ["DEMONSTRATION DATA - NOT REAL SEIZURES", *notes] if data.is_demo else notes


ranking = query.by_country(data, state)
ranked = ranking.filter(ranking["value"].is_not_null() & ~ranking["country_iso3"].is_in(list(SPECIAL_CODES)))
default_countries = tuple(ranked["country_iso3"].head(4).to_list())
options = [c for c in vocabulary.countries if c not in SPECIAL_CODES]

# ---- controls bound to the view state -----------------------------------------------------------------------------
kind = page_param("cmp", KINDS, "countries")
view_choice = page_param("cview", VIEWS, "ranking")
CONTROLS_FROM = "_compare_controls_from"
incoming = (kind, view_choice, state.countries, default_countries, state.log_scale)
if st.session_state.get(CONTROLS_FROM) != incoming:  # the state came from the URL or another page: show it
    st.session_state["w_compare_kind"] = kind
    st.session_state["w_compare_view"] = view_choice
    st.session_state["w_compare_countries"] = [c for c in state.countries or default_countries if c in options]
    st.session_state["w_compare_log"] = state.log_scale

kind_column, log_column = st.columns([6, 2], vertical_alignment="bottom")
kind = kind_column.segmented_control(
    "Compare", list(KINDS), format_func=KINDS.__getitem__, key="w_compare_kind", required=True
)
log_scale = log_column.toggle(
    "Logarithmic scale", key="w_compare_log", help="For the charts and the map colours; zero cannot be drawn."
)
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
    countries = tuple(chosen)
    if not state.countries and countries == default_countries:
        countries = ()  # still the default: keep the link short
else:
    countries = state.countries
    regions = list(state.regions or vocabulary.regions)
    st.caption(
        "The regions compared are those chosen in the sidebar filter (*Region of seizing country*), or all of them."
    )

# ---- small multiples, one scale ------------------------------------------------------------------------------------
if kind == "countries":
    compared = list(chosen)
    series = query.compare(data, state, compared) if compared else None
    label_column = "country_name"
    order = [country_name(c) for c in compared]
else:
    compared = regions
    series = query.compare_regions(data, state, compared) if compared else None
    label_column = "region"
    order = compared

view_choice = st.session_state.get("w_compare_view", view_choice)
st.session_state[CONTROLS_FROM] = (kind, view_choice, countries, default_countries, log_scale)
state = state.with_(
    countries=countries,
    log_scale=log_scale,
    extras=with_page_param(with_page_param(state.extras, "cmp", kind, "countries"), "cview", view_choice, "ranking"),
)
frame.publish(state)

if series is None or len(compared) < 2:
    st.info(f"Choose at least two {kind} to compare them side by side.")
else:
    what = "countries" if kind == "countries" else "regions"
    title = f"{label}: {what} side by side on one scale"
    st.plotly_chart(
        charts.small_multiples(
            series,
            title=title,
            unit=unit,
            source=source,
            demo=data.is_demo,
            label=label_column,
            order=order,
            log_scale=log_scale,
        ),
        config={"displaylogo": False},
        key="compare_chart",
    )
    reporting = series.filter(series["value"].is_not_null())
    st.caption(
        f"Every panel uses the same vertical scale. {reporting.height:,} of {series.height:,} "
        f"{'country' if kind == 'countries' else 'region'}-years have "
        "a figure; **a gap means not reported — never zero.**"
    )
    table = charts.wide_table(series, period="year", series=label_column, order=order)
    with st.expander("Table of the chart", expanded=False):
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "year": st.column_config.NumberColumn("Year", format="%d"),
                **{c: st.column_config.NumberColumn(c, format="localized") for c in table.columns if c != "year"},
            },
        )
        st.caption(f"In {unit}. *None*: not reported (never zero).")
    frame.download_csv(series, f"compare-{what}.csv", notes=download_notes(title))

# ---- ranking or map (only the one shown is built) -----------------------------------------------------------------
st.divider()
view_choice = st.segmented_control(
    "Across all countries", list(VIEWS), format_func=VIEWS.__getitem__, key="w_compare_view", required=True
)
links = [
    None if iso3 in SPECIAL_CODES else frame.profile_url(iso3, state) for iso3 in ranking["country_iso3"].to_list()
]
ranking_table = ranking.with_columns(pl.Series("profile", links, dtype=pl.String)).select(
    "rank", "profile", "country_name", "region", "value", "share_region_pct", "share_world_pct"
)
ranking_title = f"{label}, {first}–{last}, by seizing country"

if view_choice == "map":
    title = f"{label}, {first}–{last}: world map"
    selection = st.plotly_chart(
        charts.choropleth(
            ranking,
            title=title,
            unit=unit,
            source=source,
            demo=data.is_demo,
            log_scale=log_scale,
            shapes_url=geo.WORLD_GEOJSON_URL,
        ),
        config={"displaylogo": False, "topojsonURL": geo.TOPOJSON_URL},
        key="compare_map",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption(geo.BOUNDARIES_DISCLAIMER)
    unshaped = charts.countries_without_shape(ranking)
    if unshaped:
        st.caption(f"Too small for this map, but in the ranking: {', '.join(sorted(unshaped))}.")
    points = (selection or {}).get("selection", {}).get("points", [])
    clicked = next((p.get("location") for p in points if p.get("location")), None)
    if clicked and clicked not in SPECIAL_CODES:
        profile_column, add_column = st.columns([3, 2])
        profile_column.page_link(
            "pages/4_Country_profile.py",
            label=f"Open the profile of {country_name(clicked)}",
            icon=":material/flag:",
            query_params=frame.state_params(state.with_(country=clicked)),
        )
        current = list(st.session_state.get("w_compare_countries", []))
        if kind == "countries" and clicked in options and clicked not in current and len(current) < MAX_COMPARE:

            def add_clicked(iso3: str = clicked) -> None:
                st.session_state["w_compare_countries"] = [*st.session_state.get("w_compare_countries", []), iso3]

            add_column.button(f"Add {country_name(clicked)} to the comparison", on_click=add_clicked)
    else:
        st.caption("Click a country on the map to open its profile.")
    if not log_scale:
        st.caption("Tip: switch on the logarithmic scale above to tell the smaller figures apart on the map.")
    frame.download_csv(ranking_table, "compare-map.csv", notes=download_notes(title))
    st.caption("The map's table alternative is the ranking (choose *Ranking* above).")
else:
    decimals = 0 if state.measure in {"kg", "seizures"} else 3  # the download keeps full precision
    st.dataframe(
        ranking_table.with_columns(pl.col("value").round(decimals)),
        hide_index=True,
        column_config={
            "rank": st.column_config.NumberColumn("Rank", format="%d"),
            "profile": frame.profile_link_column(),
            "country_name": "Country",
            "region": "Region",
            "value": st.column_config.NumberColumn(f"{MEASURES[state.measure]}", format="localized"),
            "share_region_pct": st.column_config.NumberColumn("Share of its region", format="%.1f%%"),
            "share_world_pct": st.column_config.NumberColumn("Share of the world", format="%.1f%%"),
        },
        height=420,
    )
    st.caption(
        f"{label}, {first}–{last}. {ranked.height:,} countries with a figure. Shares are of the total of the "
        "countries that reported in the current filters; a country that did not report is not counted as zero."
    )
    frame.download_csv(ranking_table, "compare-ranking.csv", notes=download_notes(ranking_title))
    st.plotly_chart(
        charts.ranking_figure(
            ranking,
            top=20,
            title=f"The 20 largest: {MEASURES[state.measure][0].lower()}{MEASURES[state.measure][1:]}",
            unit=unit,
            source=source,
            demo=data.is_demo,
            highlight=compared if kind == "countries" else (),
        ),
        config={"displaylogo": False},
        key="ranking_chart",
    )
    st.caption("Orange bars: the countries compared above. The table above is this chart's table alternative.")
