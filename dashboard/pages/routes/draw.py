"""The Routes page drawn: its controls, and the map beside the table of corridors."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import geo, query, text
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.data import Dataset
from dashboard.figures import summary as sentences
from dashboard.i18n import _
from dashboard.measures import ON_ROUTE_MAP
from dashboard.pages.routes import figures
from dashboard.pages.routes.params import (
    PAGE,
    destinations,
    shows_transit,
    via,
    width_measure,
    with_places,
    with_transit,
    with_width,
)
from dashboard.pages.routes.text import (
    CLICK_HINT,
    DEST_LABEL,
    MAX_ARCS,
    NO_TRANSIT_FIELD,
    ORIGIN_HELP,
    PLACES_HELP,
    PROFILE_COLUMNS,
    TABLE_COLUMNS,
    VIA_LABEL,
    RoutesText,
    place_label,
)
from dashboard.state import ORIGINS, ViewState, Vocabulary
from dashboard.ui import charts, controls, frame

ORIGIN, WIDTH, TRANSIT, DEST, VIA = (controls.key(name, PAGE) for name in ("origin", "width", "transit", "dest", "via"))


def _widgets(state: ViewState, vocabulary: Vocabulary, *, has_transit: bool) -> dict[str, object]:
    allowed = set(vocabulary.places)
    return {
        ORIGIN: state.origin,
        WIDTH: width_measure(state),
        TRANSIT: shows_transit(state) and has_transit,  # off, and disabled, where no record names a transit country
        DEST: [p for p in destinations(state) if p in allowed],
        VIA: [p for p in via(state) if p in allowed],
    }


def route_controls(state: ViewState, data: Dataset) -> ViewState:
    """Origin, arc width, transit, and the destinations and departure or transit places the corridors are kept to;
    the view as they set it."""
    vocabulary = data.vocabulary
    has_transit = query.has_transit_field(data)
    controls.sync(PAGE, _widgets(state, vocabulary, has_transit=has_transit))
    columns = st.columns([2, 2, 2])
    origin = controls.choice(
        _("Arcs start at the"),
        {key: _(label).lower() for key, label in ORIGINS.items()},
        ORIGIN,
        container=columns[0],
        help=_(ORIGIN_HELP),
    )
    width_by = controls.choice(
        _("Arc width by"),
        {key: _(label).capitalize() for key, label in ON_ROUTE_MAP.items()},
        WIDTH,
        container=columns[1],
    )
    transit = columns[2].toggle(
        _("Show transit countries"),
        key=TRANSIT,
        disabled=not has_transit,
        help=None if has_transit else _(NO_TRANSIT_FIELD),
    )
    if not has_transit:
        columns[2].caption(_(NO_TRANSIT_FIELD))
        transit = shows_transit(state)  # the link keeps what it said, for data that has transit countries
    places = st.columns(2)
    dest = places[0].multiselect(
        _(DEST_LABEL),
        list(vocabulary.places),
        key=DEST,
        format_func=place_label,
        placeholder=_("Any destination"),
        help=_(PLACES_HELP),
    )
    through = places[1].multiselect(
        _(VIA_LABEL),
        list(vocabulary.places),
        key=VIA,
        format_func=place_label,
        placeholder=_("Any departure or transit"),
        help=_(PLACES_HELP),
    )
    state = with_places(with_transit(with_width(state.with_(origin=origin), width_by), transit), dest, through)
    controls.settle(PAGE, _widgets(state, vocabulary, has_transit=has_transit))
    return state


def routes(corridors: pl.DataFrame, state: ViewState, words: RoutesText) -> None:
    """The heading, then the map beside the table (or why there is no map)."""
    if words.measure_note:
        st.caption(words.measure_note)
    st.subheader(words.heading)
    if corridors.is_empty():
        st.info(words.no_route)
        st.caption(_source(words))
        return
    map_and_table(figures.sort_corridors(corridors, width_measure(state)), state, words)


def _source(words: RoutesText) -> str:
    """The source line for Markdown: the citations come from imported files, so they are escaped."""
    return "Source: " + text.markdown(words.source.removeprefix("Source: "))


def map_and_table(corridors: pl.DataFrame, state: ViewState, words: RoutesText) -> None:
    width_by, show_transit = width_measure(state), shows_transit(state)
    left, right = st.columns([3, 2], gap="medium")
    table = figures.corridor_table(corridors, state=state)
    with left:
        deck = figures.route_deck(corridors, width_by=width_by, show_transit=show_transit, max_arcs=MAX_ARCS)
        value, unit = ("Kilograms", "kg") if width_by == "kg" else ("Seizures", _("seizures"))
        described = sentences.routes(
            table, origin="From", destination="To", value=value, unit=unit, what=_("trafficking corridors")
        )
        picked = charts.deck(
            deck,
            key=controls.key("map", PAGE),
            name=words.heading,
            description=described,
            table=table.select(TABLE_COLUMNS),
            height=560,
            on_select="rerun",
            selection_mode="single-object",
        )
        clicked_country_link(picked, state)
        st.caption(figures.shown_caption(corridors, width_by=width_by, max_arcs=MAX_ARCS))
        st.caption(f"{words.rests_on} {_source(words)}")
        st.caption(_(geo.BOUNDARIES_DISCLAIMER))
        exhibit = figures.map_exhibit(
            corridors, state, words, filters=frame.filters_of_state(state), demo=frame.dataset().is_demo
        )
        frame.chart_footer(exhibit, state)
    with right:
        st.markdown(words.table_heading(table.height, width_by))
        charts.grid(
            table,
            name=words.heading,
            height=520,
            column_order=TABLE_COLUMNS + PROFILE_COLUMNS,
            column_config={
                **{column: _(column) for column in TABLE_COLUMNS},
                "Seizures": st.column_config.NumberColumn(_("Seizures"), format="%d"),
                "Kilograms": st.column_config.NumberColumn(_("Kilograms"), format="%.1f"),
                **{column: frame.profile_link_column(_(column)) for column in PROFILE_COLUMNS},
            },
        )
        frame.download_csv(
            figures.corridor_export(corridors),
            "routes-corridors.csv",
            label=_("Download the corridors (CSV)"),
            notes=words.export_notes,
        )


def clicked_country_link(picked, state: ViewState) -> None:
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
        st.caption(_(CLICK_HINT))
        return
    for iso3 in valid:
        frame.profile_link(state, iso3, _("Open the profile of {country}").format(country=country_name(iso3)))
