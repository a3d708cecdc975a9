"""The Routes page: which measure the arcs show, the transit layer (URL ``transit``), and the page's sentences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.data import Dataset
from dashboard.figures.routes import WIDTH_BY
from dashboard.query import Corridors, view_years
from dashboard.state import MEASURES, ORIGINS, ViewState

MAX_ARCS = 300
TABLE_COLUMNS = ["From", "To", "Seizures", "Kilograms", "Years", "Main substances", "Transit", "To check"]
PROFILE_COLUMNS = ["From profile", "To profile"]


def width_measure(state: ViewState) -> str:
    """The measure the arcs' width shows: the view's, when the map can draw it, else kilograms."""
    return state.measure if state.measure in WIDTH_BY else "kg"


def shows_transit(state: ViewState) -> bool:
    return state.extras.get("transit", "1") != "0"


def with_transit(extras: Mapping[str, str], shown: bool) -> dict[str, str]:
    """``extras`` for the transit toggle: shown is the default, so only "hidden" goes into the URL."""
    kept = {k: v for k, v in extras.items() if k != "transit"}
    return kept if shown else {**kept, "transit": "0"}


@dataclass(frozen=True)
class RoutesText:
    heading: str
    rests_on: str  # how many records the map rests on
    source: str
    measure_note: str | None  # when the view's measure cannot be drawn
    no_route: str  # instead of an empty map
    export_notes: list[str]

    def table_heading(self, corridors: int, width_by: str) -> str:
        return f"**Top corridors** ({corridors:,}, largest first by {WIDTH_BY[width_by]})"


def routes_text(data: Dataset, state: ViewState, corridors: Corridors) -> RoutesText:
    first, last = view_years(data, state, cases=True)
    origin = ORIGINS[state.origin].lower()
    rests_on = (
        f"The map rests on {corridors.records_with_route:,} of {corridors.records_in_view:,} seizure records in the "
        "current filters that name both an origin and a destination country."
    )
    source = f"Source: {data.citation_for(cases=True)}."
    if data.is_demo and "not real" not in source:
        source += " Demonstration data — not real seizures."
    measure_note = None
    if state.measure not in WIDTH_BY:
        measure_note = f"{MEASURES[state.measure]} is not drawn on the map; arc width shows kilograms instead."
    return RoutesText(
        heading=f"Trafficking corridors from {origin} to destination, {first}–{last}: "
        f"{MEASURES[width_measure(state)].lower()}",
        rests_on=rests_on,
        source=source,
        measure_note=measure_note,
        no_route=f"No route to draw: none of the {corridors.records_in_view:,} seizure records in the current filters "
        "names both an origin and a destination country. Widen the filters (years, substances, conveyance, routing) "
        "or choose the other kind of origin.",
        export_notes=[f"Trafficking corridors, {origin} to destination, {first}-{last}", rests_on, source],
    )
