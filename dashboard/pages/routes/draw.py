"""The Routes page drawn: its controls, the map of the top corridors with its legend, the same corridors as a matrix
and as flows, and the table of corridors."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import geo, query, text
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.data import Dataset
from dashboard.figures import summary as sentences
from dashboard.i18n import _
from dashboard.measures import ON_ROUTE_MAP
from dashboard.pages.routes import figures, model
from dashboard.pages.routes.params import (
    PAGE,
    destinations,
    level,
    shows_transit,
    top_n,
    via,
    width_measure,
    with_places,
    with_selection,
    with_transit,
    with_width,
)
from dashboard.pages.routes.text import (
    CLICK_HINT,
    DEST_LABEL,
    LEVEL_HELP,
    LEVEL_LABEL,
    NO_TRANSIT_FIELD,
    ORIGIN_HELP,
    PLACES_HELP,
    PROFILE_COLUMNS,
    TABLE_COLUMNS,
    TOP_HELP,
    TOP_LABEL,
    VIA_LABEL,
    RoutesText,
    place_label,
)
from dashboard.state import ORIGINS, ROUTE_LEVELS, TOP_CORRIDORS, ViewState, Vocabulary
from dashboard.ui import charts, controls, frame, viewport
from dashboard.ui.tables import kilograms_column

ORIGIN, WIDTH, TRANSIT, DEST, VIA, TOP, LEVEL = (
    controls.key(name, PAGE) for name in ("origin", "width", "transit", "dest", "via", "top", "level")
)
NAME_WIDTH = 250  # pixels: "Venezuela (Bolivarian Republic of)" whole
# Until the browser reports the map's width (a moment after the first draw): a laptop's main column at 1440 px.
GUESSED_WIDTH = 980
MAP_HEIGHT = (380, 600)  # pixels: the map's height on a phone and at most, in between 0.62 of its width
# The legend floats over the map's upper right corner (Siberia or open sea on most framings, where no corridor
# ends): an anchor of no height just under the map, the legend lifted from it by the map's height. On a phone it
# would cover half the map, so there it stands under the map instead.
LEGEND_CSS = """
<style>
.route-legend-anchor { position: relative; height: 0; }
.route-legend { position: absolute; z-index: 5; right: .5rem; top: calc(-1 * var(--map-height) - 1rem + .5rem);
  width: max-content; max-width: min(22rem, calc(100% - 1rem)); background: rgba(255,255,255,.92);
  border: 1px solid #999; border-radius: 4px; padding: .4rem .6rem; font-size: .8rem; line-height: 1.25;
  color: #222; pointer-events: none; }
@media (max-width: 640px) {
  .route-legend-anchor { height: auto; }
  .route-legend { position: static; max-width: none; }
}
.route-legend-title { font-weight: 600; margin-bottom: .2rem; }
.route-legend-row { display: flex; align-items: center; gap: .45rem; margin: .15rem 0; }
.route-legend-line { display: inline-block; flex: none; width: 2.2rem; background: rgb(0,114,178); border-radius: 2px; }
.route-legend-gradient { display: inline-block; flex: none; width: 2.2rem; height: 5px; border-radius: 2px; }
.route-legend-dot { display: inline-block; flex: none; width: .7rem; height: .7rem; border-radius: 50%;
  background: rgba(40,40,40,.67); border: 1px solid white; }
</style>
"""


def _widgets(state: ViewState, vocabulary: Vocabulary, *, has_transit: bool) -> dict[str, object]:
    allowed = set(vocabulary.places)
    return {
        ORIGIN: state.origin,
        WIDTH: width_measure(state),
        TRANSIT: shows_transit(state) and has_transit,  # off, and disabled, where no record names a transit country
        DEST: [p for p in destinations(state) if p in allowed],
        VIA: [p for p in via(state) if p in allowed],
        TOP: str(top_n(state)),
        LEVEL: level(state),
    }


def route_controls(state: ViewState, data: Dataset) -> ViewState:
    """Origin, arc width, transit, how many corridors and between what, and the destinations and departure or
    transit places the corridors are kept to; the view as they set it."""
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
    more = st.columns([2, 3])
    top = more[0].select_slider(_(TOP_LABEL), options=list(TOP_CORRIDORS), key=TOP, help=_(TOP_HELP))
    between = controls.choice(
        _(LEVEL_LABEL),
        {key: _(label) for key, label in ROUTE_LEVELS.items()},
        LEVEL,
        container=more[1],
        help=_(LEVEL_HELP),
    )
    dest, through = _place_filters(vocabulary)
    state = with_places(with_transit(with_width(state.with_(origin=origin), width_by), transit), dest, through)
    state = with_selection(state, top=int(top), level=between)
    controls.settle(PAGE, _widgets(state, vocabulary, has_transit=has_transit))
    return state


def _place_filters(vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The destinations, and the departure or transit places, the corridors are kept to."""
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
    return dest, through


def routes(corridors: pl.DataFrame, state: ViewState, words: RoutesText) -> None:
    """The heading, then the map, the matrix, the flows and the table (or why there is no map)."""
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
    return words.source_markdown


def map_and_table(corridors: pl.DataFrame, state: ViewState, words: RoutesText) -> None:
    """The map of the top corridors with its legend, the same corridors as a matrix and as flows, then the table."""
    width_by, show_transit, n, between = width_measure(state), shows_transit(state), top_n(state), level(state)
    corridors = figures.sort_corridors(model.at_level(corridors, between), width_by)
    width = viewport.column_width(controls.key("map_width", PAGE), default=GUESSED_WIDTH)
    panel = (width, int(min(max(width * 0.62, MAP_HEIGHT[0]), MAP_HEIGHT[1])))
    data = figures.route_layers(corridors, width_by=width_by, show_transit=show_transit, max_arcs=n, level=between)
    deck = figures.layers_deck(data, panel)
    shown = model.top(corridors, n, width_by)
    table = figures.corridor_table(shown, state=state)
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
        height=panel[1],
        on_select="rerun",
        selection_mode="single-object",
    )
    facts = figures.frame_facts(data, deck.initial_view_state, panel)
    legend = figures.legend_html(data, width_by=width_by, frame=facts)
    st.html(f'{LEGEND_CSS}<div class="route-legend-anchor" style="--map-height:{panel[1]}px">{legend}</div>')
    clicked_country_link(picked, state)
    st.caption(figures.shown_caption(corridors, width_by=width_by, max_arcs=n, level=between))
    st.caption(f"{words.rests_on} {_source(words)}")
    st.caption(_(geo.BOUNDARIES_DISCLAIMER))
    filters, demo = frame.filters_of_state(state), frame.dataset().is_demo
    frame.chart_footer(figures.map_exhibit(corridors, state, words, filters=filters, demo=demo), state)

    # Full width, one under the other: a matrix of 25 origins and destinations and their names need the room.
    matrix = figures.matrix_exhibit(shown, state, words, filters=filters, demo=demo)
    charts.chart(matrix, key=controls.key("matrix", PAGE))
    frame.chart_footer(matrix, state)
    flows = figures.flow_exhibit(shown, state, words, filters=filters, demo=demo)
    charts.chart(flows, key=controls.key("flows", PAGE))
    frame.chart_footer(flows, state)
    corridor_table(corridors, state, words, width_by)


def corridor_table(corridors: pl.DataFrame, state: ViewState, words: RoutesText, width_by: str) -> None:
    table = figures.corridor_table(corridors, state=state)
    st.markdown(words.table_heading(table.height, width_by))
    charts.grid(
        table,
        name=_("Trafficking corridors"),
        height=420,
        column_order=TABLE_COLUMNS + PROFILE_COLUMNS,
        column_config={
            **{column: _(column) for column in TABLE_COLUMNS},
            # Names are never cut: the widest columns for the places at either end.
            "From": st.column_config.TextColumn(_("From"), width=NAME_WIDTH),
            "To": st.column_config.TextColumn(_("To"), width=NAME_WIDTH),
            "Seizures": st.column_config.NumberColumn(_("Seizures"), format=text.TABLE_COUNT, width="small"),
            "Kilograms": kilograms_column(_("Kilograms"), width=110),
            "Years": st.column_config.TextColumn(_("Years"), width=90),
            "Main substances": st.column_config.TextColumn(_("Main substances"), width=240),
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
