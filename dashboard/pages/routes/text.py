"""What the Routes page says: its heading, what the map rests on, the source, and the notes of its download."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.access import min_cell
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.measures import LABELS, MEASURES, ON_ROUTE_MAP
from dashboard.pages.routes.params import destinations, level, top_n, via, width_measure
from dashboard.query import Corridors, source_of, view_years
from dashboard.state import ORIGINS, ViewState

MAX_ARCS = 300
# Column names of the table (translated where shown: the frame keeps these names, the header shows ``_(name)``).
TABLE_COLUMNS = [
    N_("From"),
    N_("To"),
    N_("Seizures"),
    N_("Kilograms"),
    N_("Years"),
    N_("Main substances"),
    N_("Transit"),
    N_("To check"),
]
PROFILE_COLUMNS = [N_("From profile"), N_("To profile")]
ORIGIN_HELP = N_(
    "The country the consignment left, or the country where the substance was produced, as the record says."
)
ROUTE_LEGEND = N_("Corridor: from origin (blue line) to destination (orange arrowhead)")
NODES_LEGEND = N_("Country at either end (size: seizures)")
TRANSIT_LEGEND = N_("Transit country")
CLICK_HINT = N_("Click a country's dot or a route to open the profiles of its countries.")
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
DEST_LABEL = N_("Destination (country or region)")
VIA_LABEL = N_("Departing from or via (country or region)")
PLACES_HELP = N_(
    "Countries, UN M49 regions, subregions and intermediate regions (Europe, Western Africa, South America...), or "
    "UNODC's own regions and subregions (West and Central Africa...), whose countries are those UNODC's annual files "
    "place there. "
    "'Departing from or via' keeps the corridors whose country of departure, or a transit country, is there: "
    "Destination Europe with Departing from or via Western Africa is the corridors feeding Europe via West Africa."
)
NO_TRANSIT_FIELD = N_(
    "These case records have no transit field (the UNODC individual seizures export names the producing, departure "
    "and destination countries only), so there are no transit countries to show."
)


def place_label(place: str) -> str:
    """A country's name for its ISO3 code; a UN M49 area as the reader's language names it; a UNODC area as UNODC
    names it, with its scheme ("West and Central Africa (UNODC subregion)")."""
    return country_name(place) if len(place) == 3 and place.isupper() else text.vocabulary_label(place)


@dataclass(frozen=True)
class RoutesText:
    heading: str
    rests_on: str  # how many records the map rests on
    source: str  # "Source: ..." as the page shows it
    citation: str  # the citation alone, as an exported figure's source line has it
    measure_note: str | None  # when the view's measure cannot be drawn
    no_route: str  # instead of an empty map
    export_notes: list[str]
    source_markdown: str = ""  # ``source`` for Markdown: the citations, which come from imported files, escaped
    matrix_title: str = ""
    flow_title: str = ""

    def table_heading(self, corridors: int, width_by: str) -> str:
        return _("**Top corridors** ({count}, largest first by {width})").format(
            count=text.count(corridors), width=_(ON_ROUTE_MAP[width_by])
        )


def places_words(state: ViewState) -> str:
    """ " — to Europe, departing from or via Western Africa": the Routes page's own place filters, in words."""
    parts = []
    if destinations(state):
        parts.append(_("to {places}").format(places=text.listed(place_label(p) for p in destinations(state))))
    if via(state):
        parts.append(_("departing from or via {places}").format(places=text.listed(place_label(p) for p in via(state))))
    return " — " + text.listed(parts) if parts else ""


def routes_text(data: Dataset, state: ViewState, corridors: Corridors) -> RoutesText:
    first, last = view_years(data, state, cases=True)
    origin = _(ORIGINS[state.origin]).lower()
    rests_on = _(
        "The map rests on {with_route} of {in_view} seizure records in the current filters that name both an origin "
        "and a destination country."
    ).format(with_route=text.count(corridors.records_with_route), in_view=text.count(corridors.records_in_view))
    left_out = text.suspect_note(corridors.suspect_left_out)
    rests_on = text.sentences(rests_on, left_out)
    if corridors.suppressed:
        rests_on = text.sentences(rests_on, text.suppressed_corridors_note(corridors.suppressed, min_cell()))
    citation = source_of(data, state, cases=True)
    if data.is_demo and "not real" not in citation:
        citation += f". {text.demo_label()}"
    source = _("Source: {source}.").format(source=citation)
    source_markdown = _("Source: {source}.").format(source=text.markdown(citation))
    measure_note = None
    if state.measure not in ON_ROUTE_MAP:
        measure_note = _("{measure} is not drawn on the map; arc width shows kilograms instead.").format(
            measure=_(LABELS[state.measure])
        )
    n, between = top_n(state), _(LEVEL_WORDS[level(state)])
    measure = _(LABELS[width_measure(state)]).lower()
    in_title = _(MEASURES[width_measure(state)].title).lower()  # the figure's title gives the unit after it
    years = text.year_range(first, last)
    return RoutesText(
        matrix_title=_("The {n} largest corridors between {between}, origin x destination, {years}: {measure}").format(
            n=n, between=between, years=years, measure=in_title
        )
        + places_words(state),
        flow_title=_("The {n} largest corridors between {between} as flows, {years}: {measure}").format(
            n=n, between=between, years=years, measure=in_title
        )
        + places_words(state),
        heading=_("Trafficking corridors from {origin} to destination, {years}: {measure}").format(
            origin=origin, years=years, measure=measure
        )
        + places_words(state),
        rests_on=rests_on,
        source=source,
        source_markdown=source_markdown,
        citation=citation,
        measure_note=measure_note,
        no_route=_(
            "No route to draw: none of the {count} seizure records in the current filters names both an origin and "
            "a destination country. Widen the filters (years, substances, conveyance, routing) or choose the other "
            "kind of origin."
        ).format(count=text.count(corridors.records_in_view)),
        export_notes=[
            _("Trafficking corridors, {origin} to destination, {first}-{last}").format(
                origin=origin, first=first, last=last
            )
            + places_words(state),
            _("What is counted: {counted}").format(counted=text.view_in_words(state, (first, last), cases=True)),
            rests_on,
            _("To check: records of the corridor flagged check_amount (an unlikely amount for its conveyance)"),
            source,
        ],
    )
