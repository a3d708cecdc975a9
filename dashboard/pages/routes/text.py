"""What the Routes page says: its heading, what the map rests on, the source, and the notes of its download."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.measures import LABELS, ON_ROUTE_MAP
from dashboard.pages.routes.params import level, top_n, width_measure
from dashboard.query import Corridors, source_of, view_years
from dashboard.state import ORIGINS, ViewState

MAX_ARCS = 300
TABLE_COLUMNS = ["From", "To", "Seizures", "Kilograms", "Years", "Main substances", "Transit", "To check"]
PROFILE_COLUMNS = ["From profile", "To profile"]
ORIGIN_HELP = "The country the consignment left, or the country where the substance was produced, as the record says."
ROUTE_LEGEND = "Corridor: from origin (blue line) to destination (orange arrowhead)"
NODES_LEGEND = "Country at either end (size: seizures)"
TRANSIT_LEGEND = "Transit country"
CLICK_HINT = "Click a country's dot or a route to open the profiles of its countries."
TOP_LABEL = N_("Corridors shown")
TOP_HELP = N_("The largest corridors by the arc width's measure: on the map, in the matrix and in the flows.")
LEVEL_LABEL = N_("Corridors between")
LEVEL_HELP = N_(
    "Countries, or the UN M49 subregions or regions of the countries at either end. A corridor within one region "
    "is in the matrix, the flows and the table, but has no arc on the map."
)
LEVEL_WORDS = {"country": N_("countries"), "subregion": N_("subregions"), "region": N_("regions")}
VIEW_LABEL = N_("Show the selection as")
VIEWS = {"matrix": N_("Origin x destination matrix"), "flows": N_("Flow diagram")}


@dataclass(frozen=True)
class RoutesText:
    heading: str
    rests_on: str  # how many records the map rests on
    source: str
    measure_note: str | None  # when the view's measure cannot be drawn
    no_route: str  # instead of an empty map
    export_notes: list[str]
    matrix_title: str = ""
    flow_title: str = ""

    def table_heading(self, corridors: int, width_by: str) -> str:
        return f"**Top corridors** ({corridors:,}, largest first by {ON_ROUTE_MAP[width_by]})"


def routes_text(data: Dataset, state: ViewState, corridors: Corridors) -> RoutesText:
    first, last = view_years(data, state, cases=True)
    origin = ORIGINS[state.origin].lower()
    rests_on = (
        f"The map rests on {corridors.records_with_route:,} of {corridors.records_in_view:,} seizure records in the "
        "current filters that name both an origin and a destination country."
    )
    left_out = text.suspect_note(corridors.suspect_left_out)
    if left_out:
        rests_on += f" {left_out}"
    source = f"Source: {source_of(data, state, cases=True)}."
    if data.is_demo and "not real" not in source:
        source += f" {text.demo_label()}."
    measure_note = None
    if state.measure not in ON_ROUTE_MAP:
        measure_note = f"{LABELS[state.measure]} is not drawn on the map; arc width shows kilograms instead."
    n, between = top_n(state), _(LEVEL_WORDS[level(state)])
    measure = LABELS[width_measure(state)].lower()
    years = text.year_range(first, last)
    return RoutesText(
        matrix_title=_("The {n} largest corridors between {between}, origin x destination, {years}: {measure}").format(
            n=n, between=between, years=years, measure=measure
        ),
        flow_title=_("The {n} largest corridors between {between} as flows, {years}: {measure}").format(
            n=n, between=between, years=years, measure=measure
        ),
        heading=f"Trafficking corridors from {origin} to destination, {text.year_range(first, last)}: "
        f"{LABELS[width_measure(state)].lower()}",
        rests_on=rests_on,
        source=source,
        measure_note=measure_note,
        no_route=f"No route to draw: none of the {corridors.records_in_view:,} seizure records in the current filters "
        "names both an origin and a destination country. Widen the filters (years, substances, conveyance, routing) "
        "or choose the other kind of origin.",
        export_notes=[
            f"Trafficking corridors, {origin} to destination, {first}-{last}",
            f"What is counted: {text.view_in_words(state, (first, last), cases=True)}",
            rests_on,
            "To check: records of the corridor flagged check_amount (an unlikely amount for its conveyance)",
            source,
        ],
    )
