"""The Routes page's controls, and its map beside the table of corridors."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import geo
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.figures import routes
from dashboard.state import ORIGINS, ViewState
from dashboard.ui import controls, frame
from dashboard.views.routes import MAX_ARCS, PROFILE_COLUMNS, TABLE_COLUMNS, RoutesText, with_transit


def _publish_transit(key: str) -> None:
    view = controls.remembered()
    frame.publish(view.with_(extras=with_transit(view.extras, bool(st.session_state.get(key)))))


def route_controls(state: ViewState, *, width_by: str, show_transit: bool) -> None:
    """Origin, arc width and transit: each one publishes the view the moment it changes."""
    st.session_state["routes_origin"] = state.origin
    st.session_state["routes_width"] = width_by
    st.session_state["routes_transit"] = show_transit
    columns = st.columns([2, 2, 2])
    columns[0].segmented_control(
        "Arcs start at the",
        list(ORIGINS),
        format_func=lambda key: ORIGINS[key].lower(),
        key="routes_origin",
        required=True,
        on_change=controls.publish_from_widget,
        args=("origin", "routes_origin"),
        help="The country the consignment left, or the country where the substance was produced, as the record says.",
    )
    columns[1].segmented_control(
        "Arc width by",
        list(routes.WIDTH_BY),
        format_func=lambda key: routes.WIDTH_BY[key].capitalize(),
        key="routes_width",
        required=True,
        on_change=controls.publish_from_widget,
        args=("measure", "routes_width"),
    )
    columns[2].toggle(
        "Show transit countries", key="routes_transit", on_change=_publish_transit, args=("routes_transit",)
    )


def map_and_table(
    corridors: pl.DataFrame, state: ViewState, text: RoutesText, *, width_by: str, show_transit: bool
) -> None:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        deck = routes.route_deck(corridors, width_by=width_by, show_transit=show_transit, max_arcs=MAX_ARCS)
        picked = st.pydeck_chart(deck, height=560, on_select="rerun", selection_mode="single-object", key="w_route_map")
        clicked_country_link(picked, state)
        st.caption(routes.shown_caption(corridors, width_by=width_by, max_arcs=MAX_ARCS))
        st.caption(f"{text.rests_on} {text.source}")
        st.caption(geo.BOUNDARIES_DISCLAIMER)
    with right:
        table = routes.corridor_table(corridors, link=lambda iso3: frame.profile_url(iso3, state))
        st.markdown(text.table_heading(table.height, width_by))
        st.dataframe(
            table,
            hide_index=True,
            height=520,
            column_order=TABLE_COLUMNS + PROFILE_COLUMNS,
            column_config={
                "Seizures": st.column_config.NumberColumn("Seizures", format="%d"),
                "Kilograms": st.column_config.NumberColumn("Kilograms", format="%.1f"),
                **{column: frame.profile_link_column(column) for column in PROFILE_COLUMNS},
            },
        )
        frame.download_csv(
            routes.corridor_export(corridors),
            "routes-corridors.csv",
            label="Download the corridors (CSV)",
            notes=text.export_notes,
        )


def clicked_country_link(picked, state) -> None:
    """After a click on a country's dot or on an arc, links to the profiles of the countries it names (the map
    itself cannot navigate). Selected objects come back from the browser, so only well-formed codes are used."""
    objects = (getattr(picked, "selection", None) or {}).get("objects", {}) if picked else {}
    codes: list[str] = []
    for layer in ("countries", "corridors", "transit-countries"):
        for item in objects.get(layer, []) or []:
            if isinstance(item, dict):
                codes += [item.get(key) for key in ("iso3", "origin_iso3", "destination_iso3")]
    valid = list(dict.fromkeys(c for c in codes if isinstance(c, str) and len(c) == 3 and c.isalpha() and c.isupper()))
    valid = [c for c in valid if c not in SPECIAL_CODES]
    if not valid:
        st.caption("Click a country's dot or a route to open the profiles of its countries.")
        return
    for iso3 in valid:
        frame.profile_link(state, iso3, f"Open the profile of {country_name(iso3)}")
