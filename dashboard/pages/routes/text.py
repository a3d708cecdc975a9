"""What the Routes page says: its heading, what the map rests on, the source, and the notes of its download."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.access import min_cell
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.measures import LABELS, ON_ROUTE_MAP
from dashboard.pages.routes.params import destinations, via, width_measure
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
DEST_LABEL = N_("Destination (country or region)")
VIA_LABEL = N_("Departing from or via (country or region)")
PLACES_HELP = N_(
    "Countries, or UN M49 regions, subregions and intermediate regions (Europe, Western Africa, South America...). "
    "'Departing from or via' keeps the corridors whose country of departure, or a transit country, is there: "
    "Destination Europe with Departing from or via Western Africa is the corridors feeding Europe via West Africa."
)
NO_TRANSIT_FIELD = N_(
    "These case records have no transit field (the UNODC individual seizures export names the producing, departure "
    "and destination countries only), so there are no transit countries to show."
)


def place_label(place: str) -> str:
    """A country's name for its ISO3 code; a UN M49 area as it is named."""
    return country_name(place) if len(place) == 3 and place.isupper() else place


@dataclass(frozen=True)
class RoutesText:
    heading: str
    rests_on: str  # how many records the map rests on
    source: str
    measure_note: str | None  # when the view's measure cannot be drawn
    no_route: str  # instead of an empty map
    export_notes: list[str]

    def table_heading(self, corridors: int, width_by: str) -> str:
        return f"**Top corridors** ({corridors:,}, largest first by {ON_ROUTE_MAP[width_by]})"


def places_words(state: ViewState) -> str:
    """ " — to Europe, departing from or via Western Africa": the Routes page's own place filters, in words."""
    parts = []
    if destinations(state):
        parts.append(_("to {places}").format(places=", ".join(place_label(p) for p in destinations(state))))
    if via(state):
        parts.append(_("departing from or via {places}").format(places=", ".join(place_label(p) for p in via(state))))
    return " — " + ", ".join(parts) if parts else ""


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
    if corridors.suppressed:
        rests_on += " " + text.suppressed_corridors_note(corridors.suppressed, min_cell())
    source = f"Source: {source_of(data, state, cases=True)}."
    if data.is_demo and "not real" not in source:
        source += f" {text.demo_label()}."
    measure_note = None
    if state.measure not in ON_ROUTE_MAP:
        measure_note = f"{LABELS[state.measure]} is not drawn on the map; arc width shows kilograms instead."
    return RoutesText(
        heading=f"Trafficking corridors from {origin} to destination, {text.year_range(first, last)}: "
        f"{LABELS[width_measure(state)].lower()}{places_words(state)}",
        rests_on=rests_on,
        source=source,
        measure_note=measure_note,
        no_route=f"No route to draw: none of the {corridors.records_in_view:,} seizure records in the current filters "
        "names both an origin and a destination country. Widen the filters (years, substances, conveyance, routing) "
        "or choose the other kind of origin.",
        export_notes=[
            f"Trafficking corridors, {origin} to destination, {first}-{last}{places_words(state)}",
            f"What is counted: {text.view_in_words(state, (first, last), cases=True)}",
            rests_on,
            "To check: records of the corridor flagged check_amount (an unlikely amount for its conveyance)",
            source,
        ],
    )
