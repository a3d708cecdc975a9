"""Routes: trafficking corridors from case records on a map with no tiles, and the table of corridors beside it."""

import streamlit as st

from dashboard import geo, query
from dashboard.figures import routes
from dashboard.state import DEFAULT, MEASURES, ORIGINS, ViewState
from dashboard.ui import frame

data, state = frame.start("Routes", icon=":material/route:", filters=frame.CASE_FILTERS)


def _remembered() -> ViewState:
    return st.session_state.get(frame.SESSION_STATE_KEY) or DEFAULT


def _set_from_widget(attribute: str, key: str) -> None:
    """A page control changed: put its value in the view state and the URL (a deselected control changes nothing)."""
    value = st.session_state.get(key)
    if value is not None:
        frame.publish(_remembered().with_(**{attribute: value}))


def _set_transit(key: str) -> None:
    extras = {k: v for k, v in _remembered().extras.items() if k != "transit"}
    if not st.session_state.get(key):
        extras["transit"] = "0"
    frame.publish(_remembered().with_(extras=extras))


width_by = state.measure if state.measure in routes.WIDTH_BY else "kg"
show_transit = state.extras.get("transit", "1") != "0"
st.session_state["routes_origin"] = state.origin
st.session_state["routes_width"] = width_by
st.session_state["routes_transit"] = show_transit
controls = st.columns([2, 2, 2])
controls[0].segmented_control(
    "Arcs start at the",
    list(ORIGINS),
    format_func=lambda key: ORIGINS[key].lower(),
    key="routes_origin",
    required=True,
    on_change=_set_from_widget,
    args=("origin", "routes_origin"),
    help="The country the consignment left, or the country where the substance was produced, as the record says.",
)
controls[1].segmented_control(
    "Arc width by",
    list(routes.WIDTH_BY),
    format_func=lambda key: routes.WIDTH_BY[key].capitalize(),
    key="routes_width",
    required=True,
    on_change=_set_from_widget,
    args=("measure", "routes_width"),
)
controls[2].toggle("Show transit countries", key="routes_transit", on_change=_set_transit, args=("routes_transit",))

corridors = query.corridors(data, state)
frame_ = routes.sort_corridors(corridors.frame, width_by)
first, last = state.years(data.vocabulary)
rests_on = (
    f"The map rests on {corridors.records_with_route:,} of {corridors.records_in_view:,} seizure records in the "
    "current filters that name both an origin and a destination country."
)
source = f"Source: {data.citation}."
if data.is_demo and "not real" not in source:
    source += " Demonstration data — not real seizures."
if state.measure not in routes.WIDTH_BY:
    st.caption(f"{MEASURES[state.measure]} is not drawn on the map; arc width shows kilograms instead.")

st.subheader(
    f"Trafficking corridors from {ORIGINS[state.origin].lower()} to destination, {first}–{last}: "
    f"{MEASURES[width_by].lower()}"
)
if frame_.is_empty():
    st.info(
        f"No route to draw: none of the {corridors.records_in_view:,} seizure records in the current filters names "
        "both an origin and a destination country. Widen the filters (years, substances, conveyance, routing) or "
        "choose the other kind of origin."
    )
    st.caption(source)
else:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        deck = routes.route_deck(frame_, width_by=width_by, show_transit=show_transit, max_arcs=300)
        st.pydeck_chart(deck, height=560)
        st.caption(routes.shown_caption(frame_, width_by=width_by, max_arcs=300))
        st.caption(f"{rests_on} {source}")
        st.caption(geo.BOUNDARIES_DISCLAIMER)
    with right:
        table = routes.corridor_table(frame_, link=lambda iso3: frame.profile_url(iso3, state))
        st.markdown(f"**Top corridors** ({table.height:,}, largest first by {routes.WIDTH_BY[width_by]})")
        st.dataframe(
            table,
            hide_index=True,
            height=520,
            column_order=["From", "To", "Seizures", "Kilograms", "Years", "Main substances", "Transit"]
            + ["From profile", "To profile"],
            column_config={
                "Seizures": st.column_config.NumberColumn("Seizures", format="%d"),
                "Kilograms": st.column_config.NumberColumn("Kilograms", format="%.1f"),
                "From profile": frame.profile_link_column("From profile"),
                "To profile": frame.profile_link_column("To profile"),
            },
        )
        frame.download_csv(
            routes.corridor_export(frame_),
            "routes-corridors.csv",
            label="Download the corridors (CSV)",
            notes=[
                f"Trafficking corridors, {ORIGINS[state.origin].lower()} to destination, {first}-{last}",
                rests_on,
                source,
            ],
        )
