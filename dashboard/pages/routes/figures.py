"""The Routes page's figures: the route map (pydeck, through the offline toolkit of ``dashboard.figures.deck``) and
the table of corridors beside it.

Everything sent to the browser is aggregated first: one row per corridor, at most ``max_arcs`` of them.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck

from dashboard import text
from dashboard.countries import SPECIAL_CODES, country_names
from dashboard.data import Dataset
from dashboard.figures.deck import (
    ROUTES_PANEL,
    WORLD_BOX,
    arc_ends,
    arc_layer,
    arcs_box,
    country_dots,
    fitted_view,
    moved_arc,
    moved_into_frame,
    offline_deck,
    placed_node,
    sqrt_scaled,
    tooltip_text,
)
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.figures.style import SEQUENTIAL, finish, in_reading_direction
from dashboard.i18n import N_, _, is_right_to_left
from dashboard.measures import ON_ROUTE_MAP as WIDTH_BY
from dashboard.pages.routes import model
from dashboard.pages.routes.params import level, shows_transit, top_n, width_measure
from dashboard.pages.routes.text import NODES_LEGEND, ROUTE_LEGEND, TRANSIT_LEGEND, RoutesText, routes_text
from dashboard.state import ViewState

SOURCE_COLOUR = [0, 114, 178]  # Okabe-Ito blue: the origin end of an arc
TARGET_COLOUR = [230, 159, 0]  # Okabe-Ito orange: the destination end
TRANSIT_COLOUR = [204, 121, 167]  # Okabe-Ito reddish purple: transit legs and transit countries
ARC_WIDTH = (0.8, 9.0)  # pixels: the thinnest and the widest arc
NODE_RADIUS = (2.0, 11.0)  # pixels
TRANSIT_WIDTH = 1.2


@dataclass(frozen=True)
class RouteLayers:
    """The rows each layer draws, before they become a deck (kept apart so tests and captions can count them)."""

    arcs: list[dict[str, Any]]
    transit_legs: list[dict[str, Any]]
    transit_nodes: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    corridors_total: int  # corridors in the input
    corridors_drawable: int  # of which both ends have a centroid
    largest: float = 0.0  # the measure of the widest arc (the legend's scale)
    smallest: float = 0.0  # of the thinnest arc drawn


def route_view(data: RouteLayers, panel: tuple[int, int] = ROUTES_PANEL) -> pydeck.ViewState:
    """The map's first view: the corridors drawn, with a margin, filling a ``panel`` (width, height in pixels)."""
    return fitted_view(data.arcs, width_px=panel[0], height_px=panel[1])


def route_box(data: RouteLayers) -> tuple[float, float, float, float] | None:
    """The box the view frames (west, south, east, north; east may pass 180), for the page to expose and test."""
    return arcs_box(data.arcs, pad=0.0)


def route_deck(
    corridors: pl.DataFrame,
    *,
    width_by: str = "kg",
    show_transit: bool = True,
    max_arcs: int = 300,
    level: str = "country",
    panel: tuple[int, int] = ROUTES_PANEL,
) -> pydeck.Deck:
    """A pydeck map of ``corridors`` (the frame of ``dashboard.query.corridors``): a country basemap from the
    project's own geometry, one arc per corridor from origin (blue) to destination (orange) with width by the square
    root of kilograms or seizures, dots at the countries sized by seizures, and optionally transit legs."""
    data = route_layers(corridors, width_by=width_by, show_transit=show_transit, max_arcs=max_arcs, level=level)
    return layers_deck(data, panel)


def layers_deck(data: RouteLayers, panel: tuple[int, int] = ROUTES_PANEL) -> pydeck.Deck:
    """The deck of ``route_layers``' rows, framed on its corridors in a ``panel`` of (width, height) pixels."""
    layers = []
    if data.transit_legs:
        layers.append(
            pydeck.Layer(
                "ArcLayer",
                id="transit-legs",
                data=data.transit_legs,
                get_source_position="source",
                get_target_position="target",
                get_source_color=[*TRANSIT_COLOUR, 150],
                get_target_color=[*TRANSIT_COLOUR, 150],
                get_width=TRANSIT_WIDTH,
                get_height=0.5,
                width_units="pixels",
                pickable=True,
                auto_highlight=True,
            )
        )
    layers.append(arc_layer("corridors", data.arcs, [*SOURCE_COLOUR, 190], [*TARGET_COLOUR, 190]))
    layers.append(country_dots(data.nodes, radius="radius"))
    if data.transit_nodes:
        layers.append(
            pydeck.Layer(
                "ScatterplotLayer",
                id="transit-countries",
                data=data.transit_nodes,
                get_position="position",
                get_radius=7,
                radius_units="pixels",
                filled=False,
                stroked=True,
                get_line_color=[*TRANSIT_COLOUR, 240],
                line_width_min_pixels=2,
                pickable=True,
            )
        )
    return offline_deck(layers, route_view(data, panel))


def route_layers(
    corridors: pl.DataFrame,
    *,
    width_by: str = "kg",
    show_transit: bool = True,
    max_arcs: int = 300,
    level: str = "country",
) -> RouteLayers:
    """The rows of every layer: the ``max_arcs`` largest corridors by ``width_by``, their transit legs, and the
    countries at either end. Corridors whose ends have no known position are not drawn (and are counted)."""
    if width_by not in WIDTH_BY:
        raise ValueError(f"width_by must be one of {', '.join(WIDTH_BY)}, not {width_by!r}")
    positions = model.place_positions(level)
    names = country_names()
    frame = corridors.with_columns(pl.col("kg").fill_null(0.0), pl.col("seizures").fill_null(0))
    drawable = frame.filter(
        pl.col("origin_iso3").is_in(list(positions)) & pl.col("destination_iso3").is_in(list(positions))
    )
    # A corridor within one region has no arc (both ends are one place): it stays in the matrix and the table.
    drawable = drawable.filter(pl.col("origin_iso3") != pl.col("destination_iso3"))
    shown = sort_corridors(drawable, width_by).head(max(max_arcs, 0))
    largest = float(shown[width_by].max() or 0.0) if shown.height else 0.0

    arcs = []
    for row in shown.iter_rows(named=True):
        source, target = arc_ends(positions[row["origin_iso3"]], positions[row["destination_iso3"]])
        arcs.append(
            {
                "origin_iso3": row["origin_iso3"],  # a click on the arc offers both countries' profiles
                "destination_iso3": row["destination_iso3"],
                "source": source,
                "target": target,
                "width": sqrt_scaled(row[width_by], largest, ARC_WIDTH),
                "tooltip": corridor_tooltip(row, names),
            }
        )

    legs: list[dict[str, Any]] = []
    transit_nodes: list[dict[str, Any]] = []
    if show_transit and level == "country":
        legs, transit_nodes = _transit(shown, positions, names, max_arcs)

    # Dots only where an arc drawn ends: a dot for a country with no arc in view is noise on a top-n map.
    ends = set(shown["origin_iso3"].to_list()) | set(shown["destination_iso3"].to_list())
    nodes = _nodes(
        drawable.filter(pl.col("origin_iso3").is_in(ends) | pl.col("destination_iso3").is_in(ends)), positions, names
    )
    nodes = [n for n in nodes if n["iso3"] in ends]
    arcs, nodes, west = moved_into_frame(arcs, nodes)
    if west is not None:
        legs = [moved_arc(leg, west) for leg in legs]
        transit_nodes = [placed_node(node, west) for node in transit_nodes]
    smallest = float(shown[width_by].min() or 0.0) if shown.height else 0.0
    return RouteLayers(
        arcs=arcs,
        transit_legs=legs,
        transit_nodes=transit_nodes,
        nodes=nodes,
        corridors_total=corridors.height,
        corridors_drawable=drawable.height,
        largest=largest,
        smallest=smallest,
    )


def sort_corridors(corridors: pl.DataFrame, width_by: str = "kg") -> pl.DataFrame:
    """Largest first by ``width_by``, ties broken the same way every time (so a table and a link agree)."""
    keys = list(dict.fromkeys([width_by, "seizures", "kg"]))
    return corridors.sort(
        [*keys, "origin_iso3", "destination_iso3"],
        descending=[*(True for _ in keys), False, False],
        nulls_last=True,
    )


def shown_caption(corridors: pl.DataFrame, *, width_by: str = "kg", max_arcs: int = 300, level: str = "country") -> str:
    """How many corridors the map draws, of how many, and what the width shows."""
    positions = model.place_positions(level)
    drawable = corridors.filter(
        pl.col("origin_iso3").is_in(list(positions)) & pl.col("destination_iso3").is_in(list(positions))
    ).height
    shown = min(drawable, max(max_arcs, 0))
    if shown == corridors.height:
        words = _("The map draws all {count} corridors").format(count=text.count(shown))
    else:
        words = _("The map draws the {shown} largest of {total} corridors (by {width})").format(
            shown=text.count(shown), total=text.count(corridors.height), width=_(WIDTH_BY[width_by])
        )
    if drawable < corridors.height:
        words += _("; {count} have an end with no known position and are only in the table").format(
            count=text.count(corridors.height - drawable)
        )
    return words + _(
        ". Arc width shows the {width} (square-root scale); each arc runs from blue at the origin to orange at the "
        "destination. Dark dots are sized by the seizures on routes from and to the country; pink rings and thin "
        "pink arcs mark transit countries where records name them."
    ).format(width=_(WIDTH_BY[width_by]))


def corridor_tooltip(row: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """The tooltip of one corridor: plain text, one fact a line (the deck shows it as text, never as HTML)."""
    names = names if names is not None else country_names()
    origin = _country_label(row["origin_iso3"], row.get("origin_country_name") or names.get(row["origin_iso3"]))
    destination = _country_label(
        row["destination_iso3"], row.get("destination_country_name") or names.get(row["destination_iso3"])
    )
    not_recorded = _("not recorded")
    lines = [
        text.corridor(origin, destination),
        _("Main substances: {substances}").format(
            substances=text.vocabulary_list(row.get("top_substances")) or not_recorded
        ),
        _("Kilograms: {kg}").format(kg=text.number(row.get("kg"), missing=not_recorded)),
        _("Seizures: {count}").format(count=text.count(int(row.get("seizures") or 0))),
        _("Years: {years}").format(years=text.year_range(row.get("first_year"), row.get("last_year"))),
    ]
    transit = _transit_names(row.get("transit"), names)
    if transit:
        lines.append(_("Transit: {countries}").format(countries=transit))
    return tooltip_text(lines)


def corridor_table(
    corridors: pl.DataFrame, *, state: ViewState | None = None, names: dict[str, str] | None = None
) -> pl.DataFrame:
    """The corridors as a readable table: From, To, Seizures, Kilograms, Years, Main substances, Transit, and a link
    to the country profile of each end that carries the filters of ``state``."""
    link = cache(lambda iso3: text.profile_url(iso3, state))  # one URL per country, however many corridors name it
    names = names if names is not None else country_names()
    rows = []
    for row in corridors.iter_rows(named=True):
        rows.append(
            {
                "From": row.get("origin_country_name") or names.get(row["origin_iso3"], row["origin_iso3"]),
                "To": row.get("destination_country_name")
                or names.get(row["destination_iso3"], row["destination_iso3"]),
                "Seizures": int(row.get("seizures") or 0),
                "Kilograms": None if row.get("kg") is None else round(float(row["kg"]), 3),
                "Years": text.year_range(row.get("first_year"), row.get("last_year")),
                "Main substances": text.vocabulary_list(row.get("top_substances")),
                "Transit": _transit_names(row.get("transit"), names),
                "To check": int(row.get("to_check") or 0),
                "From profile": _link(link, row["origin_iso3"]),
                "To profile": _link(link, row["destination_iso3"]),
            }
        )
    schema = {
        "From": pl.String,
        "To": pl.String,
        "Seizures": pl.Int64,
        "Kilograms": pl.Float64,
        "Years": pl.String,
        "Main substances": pl.String,
        "Transit": pl.String,
        "To check": pl.Int64,
        "From profile": pl.String,
        "To profile": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def corridor_export(corridors: pl.DataFrame) -> pl.DataFrame:
    """The corridors for download: the table's readable columns with the ISO3 codes of both ends, and how many of
    each corridor's records are flagged check_amount (counted only when the view includes them)."""
    table = corridor_table(corridors).with_columns(
        corridors["origin_iso3"].alias("From ISO3"), corridors["destination_iso3"].alias("To ISO3")
    )
    return table.select(
        "From", "From ISO3", "To", "To ISO3", "Seizures", "Kilograms", "Years", "Main substances", "Transit", "To check"
    )


def _link(link: Callable[[str], str], iso3: str | None) -> str | None:
    # At subregion or region level an end is a region's name, which has no profile.
    if iso3 is None or iso3 in SPECIAL_CODES or not (len(iso3) == 3 and iso3.isalpha() and iso3.isupper()):
        return None
    return link(iso3)


def _transit(
    shown: pl.DataFrame, positions: dict[str, tuple[float, float]], names: dict[str, str], max_legs: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Legs origin -> transit -> destination for the shown corridors, each leg once, and the transit countries."""
    legs: dict[tuple[str, str], list[str]] = {}
    via: dict[str, list[str]] = {}
    for row in shown.iter_rows(named=True):
        origin, destination = row["origin_iso3"], row["destination_iso3"]
        corridor = text.corridor(names.get(origin, origin), names.get(destination, destination))
        for stop in _split(row.get("transit")):
            if stop in (origin, destination) or stop not in positions:
                continue
            via.setdefault(stop, []).append(corridor)
            for leg in ((origin, stop), (stop, destination)):
                legs.setdefault(leg, []).append(corridor)
    ranked = sorted(legs.items(), key=lambda item: (-len(item[1]), item[0]))[: max(max_legs, 0)]
    leg_rows = []
    for (start, end), on in ranked:
        source, target = arc_ends(positions[start], positions[end])
        leg = _("Transit leg: {start} → {end}").format(start=names.get(start, start), end=names.get(end, end))
        on_corridors = _("On the corridor(s): {corridors}").format(corridors=_few(on))
        leg_rows.append({"source": source, "target": target, "tooltip": tooltip_text([leg, on_corridors])})
    node_rows = []
    for stop, on in sorted(via.items()):
        lon, lat = positions[stop]
        country = _("Transit country: {country}").format(country=_country_label(stop, names.get(stop)))
        named = _("Named on {count} corridor(s): {corridors}").format(count=text.count(len(on)), corridors=_few(on))
        node_rows.append(
            {
                "iso3": stop,
                "position": [round(lon, 4), round(lat, 4)],
                "tooltip": tooltip_text([country, named]),
            }
        )
    return leg_rows, node_rows


def _nodes(
    drawable: pl.DataFrame, positions: dict[str, tuple[float, float]], names: dict[str, str]
) -> list[dict[str, Any]]:
    """A dot per country at either end of a corridor, sized by the seizures on routes from and to it."""
    if drawable.is_empty():
        return []
    outgoing = drawable.group_by(pl.col("origin_iso3").alias("iso3")).agg(
        pl.col("seizures").sum().alias("from_seizures"), pl.col("kg").sum().alias("from_kg")
    )
    incoming = drawable.group_by(pl.col("destination_iso3").alias("iso3")).agg(
        pl.col("seizures").sum().alias("to_seizures"), pl.col("kg").sum().alias("to_kg")
    )
    both = (
        outgoing.join(incoming, on="iso3", how="full", coalesce=True)
        .fill_null(0)
        .with_columns((pl.col("from_seizures") + pl.col("to_seizures")).alias("total"))
        .sort("total", descending=True)
    )
    largest = float(both["total"].max() or 0)
    rows = []
    for row in both.iter_rows(named=True):
        lon, lat = positions[row["iso3"]]
        rows.append(
            {
                "iso3": row["iso3"],  # a click on the dot opens this country's profile
                "position": [round(lon, 4), round(lat, 4)],
                "radius": sqrt_scaled(row["total"], largest, NODE_RADIUS),
                "tooltip": tooltip_text(
                    [
                        _country_label(row["iso3"], names.get(row["iso3"])),
                        _("Seizures on routes from it: {count} ({kg} kg)").format(
                            count=text.count(row["from_seizures"]), kg=text.number(row["from_kg"])
                        ),
                        _("Seizures on routes to it: {count} ({kg} kg)").format(
                            count=text.count(row["to_seizures"]), kg=text.number(row["to_kg"])
                        ),
                    ]
                ),
            }
        )
    return rows


def _few(items: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    joined = text.grouped(unique[:limit])
    more = _("; and {count} more").format(count=text.count(len(unique) - limit))
    return joined + (more if len(unique) > limit else "")


def _split(transit: str | None) -> list[str]:
    return [code for code in (transit or "").split("|") if code]


def _transit_names(transit: str | None, names: dict[str, str]) -> str:
    return text.listed(names.get(code, code) for code in _split(transit))


def _country_label(iso3: str, name: str | None) -> str:
    name = name or iso3
    return text.with_aside(name, iso3) if name != iso3 else name


# ---- the static rendering of the route map (exports, published views, slides) ---------------------------------------
ARC_POINTS = 24  # points along each arc: straight in the Mercator plane, as the pydeck map draws it from above
ROUTE_MAP_HEIGHT = 700


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _straight(source: list[float], target: list[float]) -> tuple[list[float], list[float]]:
    """Points of the line from ``source`` to ``target`` (lon, lat) that is straight on a Mercator map."""
    (x0, lat0), (x1, lat1) = source, target
    y0, y1 = _mercator_y(lat0), _mercator_y(lat1)
    steps = [i / (ARC_POINTS - 1) for i in range(ARC_POINTS)]
    lons = [((x0 + (x1 - x0) * t + 180.0) % 360.0) - 180.0 for t in steps]
    return lons, [_latitude(y0 + (y1 - y0) * t) for t in steps]


def _bearing(source: list[float], target: list[float]) -> float:
    """The arrowhead's angle from north, along the last stretch of the straight Mercator line."""
    dx = target[0] - source[0]
    dy = _mercator_y(target[1]) - _mercator_y(source[1])
    return math.degrees(math.atan2(math.radians(dx), dy))


def _rgb(colour: list[int], alpha: float = 1.0) -> str:
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha})"


def route_geo_figure(
    corridors: pl.DataFrame,
    *,
    width_by: str = "kg",
    show_transit: bool = True,
    max_arcs: int = 300,
    level: str = "country",
    title: str,
    source: str,
    demo: bool,
) -> go.Figure:
    """The route map as a Plotly geo figure, for export: the same corridors, widths, colours and dots as the pydeck
    map (``route_layers``), each arc straight on a Mercator map from origin (blue) to an orange arrowhead at the
    destination, over the bundled topology (no tiles)."""
    data = route_layers(corridors, width_by=width_by, show_transit=show_transit, max_arcs=max_arcs, level=level)
    fig = go.Figure()
    # Lines of one width and colour go in one trace, broken by gaps: tens of traces instead of hundreds (building
    # each one costs Plotly milliseconds on every rerun). Widths to a quarter pixel, which no eye tells apart.
    lines = [(TRANSIT_WIDTH, _rgb(TRANSIT_COLOUR, 0.6), leg) for leg in data.transit_legs]
    lines += [(round(a["width"] * 4) / 4, _rgb(SOURCE_COLOUR, 0.75), a) for a in reversed(data.arcs)]  # largest on top
    for (width, colour), group in itertools.groupby(lines, key=lambda line: line[:2]):
        lons: list[float | None] = []
        lats: list[float | None] = []
        for *_ignored, leg in group:
            leg_lons, leg_lats = _straight(leg["source"], leg["target"])
            lons += [*leg_lons, None]
            lats += [*leg_lats, None]
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"width": width, "color": colour},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if data.arcs:
        fig.add_trace(
            go.Scattergeo(
                lon=[((a["target"][0] + 180.0) % 360.0) - 180.0 for a in data.arcs],
                lat=[a["target"][1] for a in data.arcs],
                mode="markers",
                marker={
                    "symbol": "triangle-up",
                    "size": [max(7.0, a["width"] * 2.2) for a in data.arcs],
                    "angle": [_bearing(a["source"], a["target"]) for a in data.arcs],
                    "angleref": "north",
                    "color": _rgb(TARGET_COLOUR),
                    "line": {"width": 0},
                },
                hoverinfo="skip",
                name=_(ROUTE_LEGEND),
            )
        )
    if data.nodes:
        fig.add_trace(
            go.Scattergeo(
                lon=[n["position"][0] for n in data.nodes],
                lat=[n["position"][1] for n in data.nodes],
                mode="markers",
                marker={
                    "size": [n["radius"] * 2 for n in data.nodes],
                    "color": "rgba(40,40,40,0.67)",
                    "line": {"color": "white", "width": 1},
                },
                text=[text.plotly(n["tooltip"].splitlines()[0]) for n in data.nodes],
                hoverinfo="text",
                name=_(NODES_LEGEND),
            )
        )
    if data.transit_nodes:
        fig.add_trace(
            go.Scattergeo(
                lon=[n["position"][0] for n in data.transit_nodes],
                lat=[n["position"][1] for n in data.transit_nodes],
                mode="markers",
                marker={"size": 14, "color": "rgba(0,0,0,0)", "line": {"color": _rgb(TRANSIT_COLOUR), "width": 2}},
                hoverinfo="skip",
                name=_(TRANSIT_LEGEND),
            )
        )
    box = arcs_box(data.arcs)
    # Plotly's axis ranges stop at 180 degrees east: a frame across the Pacific falls back to the inhabited world.
    if box and box[2] <= 180:
        west, south, east, north = box
    else:
        west, south, east, north = WORLD_BOX[0] - 8, WORLD_BOX[1], WORLD_BOX[2] + 25, WORLD_BOX[3] - 6
    fig.update_geos(
        projection_type="mercator",
        resolution=110,
        showland=True,
        landcolor="rgb(222,222,222)",
        showocean=True,
        oceancolor="rgb(245,247,250)",
        showcountries=True,
        countrycolor="white",
        countrywidth=0.6,
        showcoastlines=False,
        showframe=False,
        lonaxis_range=[west, east],
        lataxis_range=[south, north],
    )
    return finish(fig, title=title, unit=WIDTH_BY[width_by], source=source, demo=demo, height=ROUTE_MAP_HEIGHT)


def map_exhibit(corridors: pl.DataFrame, state: ViewState, words: RoutesText, *, filters: str, demo: bool) -> Exhibit:
    """The route map's static rendering with the corridors' table: what an export or a published view holds."""
    width_by = width_measure(state)
    source = words.citation
    figure = route_geo_figure(
        corridors,
        width_by=width_by,
        show_transit=shows_transit(state),
        max_arcs=top_n(state),
        level=level(state),
        title=words.heading,
        source=source,
        demo=demo,
    )
    notes = tuple(words.export_notes)
    return Exhibit(
        "map", words.heading, figure, corridor_export(corridors), WIDTH_BY[width_by], source, filters, True, notes
    )


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    found = model.corridors(data, state)
    if found.frame.is_empty():
        return []
    words = routes_text(data, state, found)
    width_by = width_measure(state)
    corridors = sort_corridors(model.at_level(found.frame, level(state)), width_by)
    filters, demo = filters_of(data, state), data.is_demo
    shown = model.top(corridors, top_n(state), width_by)
    return [
        map_exhibit(corridors, state, words, filters=filters, demo=demo),
        matrix_exhibit(shown, state, words, filters=filters, demo=demo),
        flow_exhibit(shown, state, words, filters=filters, demo=demo),
    ]


# ---- the same selection as a grid and as flows ----------------------------------------------------------------------
MATRIX_CELL = 26  # pixels a row of the matrix
NAME_WRAP = 28  # characters of a place's name on an axis before it is cut with an ellipsis (the hover says it whole)


def _short(name: str) -> str:
    return name if len(name) <= NAME_WRAP else name[: NAME_WRAP - 1] + "…"


def matrix_figure(shown: pl.DataFrame, *, width_by: str, title: str, source: str, demo: bool) -> go.Figure:
    """Origin (rows) x destination (columns) of the corridors on the map: a cell per corridor, coloured by the
    measure (sequential, colour-blind safe); a pair with no corridor among those shown stays blank, never zero."""
    grid = model.matrix(shown, width_by)
    origins = grid["origin"].to_list()
    destinations = grid.columns[1:]
    values = [[grid[d][i] for d in destinations] for i in range(grid.height)]
    unit = _(WIDTH_BY[width_by])
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[text.plotly(_short(d)) for d in destinations],
            y=[text.plotly(_short(o)) for o in origins],
            customdata=[[[text.plotly(o), text.plotly(d)] for d in destinations] for o in origins],
            colorscale=SEQUENTIAL,
            reversescale=True,
            hoverongaps=False,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": text.plotly(unit), "side": "right"}, "tickformat": "~s"},
            hovertemplate=text.corridor("%{customdata[0]}", "%{customdata[1]}")
            + ": %{z:,.0f} "
            + text.plotly(unit)
            + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text=text.plotly(_("Origin")), automargin=True)
    fig.update_xaxes(side="bottom", tickangle=-45, title_text=text.plotly(_("Destination")), automargin=True)
    height = max(360, MATRIX_CELL * len(origins) + 260)
    return in_reading_direction(
        finish(fig, title=title, unit=unit, source=source, demo=demo, height=height), table=True
    )


def flow_figure(shown: pl.DataFrame, *, width_by: str, title: str, source: str, demo: bool) -> go.Figure:
    """The corridors on the map as flows from origins (left; right in a right-to-left language) to destinations,
    band width by the measure. An origin and a destination of the same name are two nodes, so a flow within a
    region can be drawn too."""
    frame = shown.filter(pl.col(width_by).fill_null(0) > 0)
    origins = list(dict.fromkeys(frame["origin_country_name"].to_list()))
    destinations = list(dict.fromkeys(frame["destination_country_name"].to_list()))
    index = {("o", name): i for i, name in enumerate(origins)}
    index |= {("d", name): len(origins) + i for i, name in enumerate(destinations)}
    unit = _(WIDTH_BY[width_by])
    labels = [text.plotly(_short(name)) for name in (*origins, *destinations)]
    if is_right_to_left():  # a cut Arabic name ends at its left, where its "…" goes
        labels = [text.right_to_left_lines(label) for label in labels]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "pad": 8,
                "thickness": 14,
                "color": [_rgb(SOURCE_COLOUR)] * len(origins) + [_rgb(TARGET_COLOUR)] * len(destinations),
                "hovertemplate": "%{label}: %{value:,.0f} " + text.plotly(unit) + "<extra></extra>",
            },
            link={
                "source": [index[("o", o)] for o in frame["origin_country_name"].to_list()],
                "target": [index[("d", d)] for d in frame["destination_country_name"].to_list()],
                "value": [float(v) for v in frame[width_by].to_list()],
                "color": _rgb(SOURCE_COLOUR, 0.25),
                "hovertemplate": text.corridor("%{source.label}", "%{target.label}")
                + ": %{value:,.0f} "
                + text.plotly(unit)
                + "<extra></extra>",
            },
        )
    )
    if is_right_to_left():
        out_of = dict(frame.group_by("origin_country_name").agg(pl.col(width_by).sum()).iter_rows())
        into = dict(frame.group_by("destination_country_name").agg(pl.col(width_by).sum()).iter_rows())
        sizes = [out_of[name] for name in origins] + [into[name] for name in destinations]
        x, y = right_to_left_columns(sizes, len(origins))
        fig.update_traces(node={"x": x, "y": y}, arrangement="snap")
    height = max(380, 22 * max(len(origins), len(destinations)) + 220)
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=height)


FLOW_PAD = 0.02  # the share of the height between two nodes of a column


def right_to_left_columns(sizes: list[float], origins: int) -> tuple[list[float], list[float]]:
    """Where a flow diagram's nodes stand for a right-to-left reader: the origins (the first ``origins`` of
    ``sizes``) in a column on the right, where the reading starts, the destinations on the left; each column top
    down in the given order, a node as tall as its share of the column's total (plotly.js places a node by its
    centre and "snap" then keeps nodes from overlapping)."""
    x: list[float] = []
    y: list[float] = []
    for column, at in ((sizes[:origins], 0.999), (sizes[origins:], 0.001)):
        total = sum(column) or 1.0
        room = max(1.0 - FLOW_PAD * (len(column) - 1), 0.5)
        top = 0.0
        for size in column:
            height = room * size / total
            x.append(at)
            y.append(max(min(top + height / 2, 0.999), 0.001))
            top += height + FLOW_PAD
    return x, y


def matrix_exhibit(shown: pl.DataFrame, state: ViewState, words: RoutesText, *, filters: str, demo: bool) -> Exhibit:
    width_by, source = width_measure(state), words.citation
    figure = matrix_figure(shown, width_by=width_by, title=words.matrix_title, source=source, demo=demo)
    table = model.matrix(shown, width_by)
    notes = tuple(words.export_notes)
    return Exhibit("matrix", words.matrix_title, figure, table, WIDTH_BY[width_by], source, filters, True, notes)


def flow_exhibit(shown: pl.DataFrame, state: ViewState, words: RoutesText, *, filters: str, demo: bool) -> Exhibit:
    width_by, source = width_measure(state), words.citation
    figure = flow_figure(shown, width_by=width_by, title=words.flow_title, source=source, demo=demo)
    notes = tuple(words.export_notes)
    table = corridor_export(shown)
    return Exhibit("flows", words.flow_title, figure, table, WIDTH_BY[width_by], source, filters, True, notes)


# ---- the legend on the map ------------------------------------------------------------------------------------------
LEGEND_WIDTHS = 3  # line samples in the legend: the thinnest, a middle one and the widest arc


def legend_samples(data: RouteLayers) -> list[tuple[float, float]]:
    """(pixels, measure) of a few arc widths the legend shows, widest first, on the map's square-root scale."""
    if not data.arcs or data.largest <= 0:
        return []
    values = [data.largest, (math.sqrt(data.largest) / 2) ** 2, data.smallest]
    samples = [(sqrt_scaled(v, data.largest, ARC_WIDTH), v) for v in values]
    return list(dict.fromkeys(samples))[:LEGEND_WIDTHS]


DIRECTION = N_("Direction: each corridor runs from its blue end to its orange end")


def legend_html(data: RouteLayers, *, width_by: str, frame: dict[str, Any]) -> str:
    """The legend drawn over the map's lower left corner: what width, colour and direction say, and what a dot is.
    Every word goes through ``text.html``; ``frame`` (the view state and the corridors' box) is kept in data
    attributes, so a test can check the framing against what the page draws."""
    unit = _(WIDTH_BY[width_by])
    rows = [
        f'<div class="route-legend-row"><span class="route-legend-line" style="height:{max(px, 1):.1f}px"></span>'
        f"{text.html_text(text.number(value))} {text.html_text(unit)}</div>"
        for px, value in legend_samples(data)
    ]
    gradient = f"linear-gradient(90deg, {_rgb(SOURCE_COLOUR)}, {_rgb(TARGET_COLOUR)})"  # the arcs' own colours
    attributes = " ".join(f"data-{key}='{text.html_text(json.dumps(value))}'" for key, value in frame.items())
    label = text.html_text(_("Legend of the route map"))
    # The messages are given outside the f-string: Babel's extractor does not look inside one.
    width_title = text.html_text(_("Width: {unit}").format(unit=unit))
    colour = text.html_text(_("Colour: origin (blue) → destination (orange)"))
    return (
        f'<div class="route-legend" role="note" aria-label="{label}" {attributes}>'
        f'<div class="route-legend-title">{width_title}</div>'
        + "".join(rows)
        + f'<div class="route-legend-row"><span class="route-legend-gradient" style="background:{gradient}"></span>'
        f"{colour}</div>"
        f'<div class="route-legend-row">{text.html_text(_(DIRECTION))}</div>'
        f'<div class="route-legend-row"><span class="route-legend-dot"></span>{text.html_text(_(NODES_LEGEND))}</div>'
        "</div>"
    )


def frame_facts(data: RouteLayers, view: pydeck.ViewState, panel: tuple[int, int]) -> dict[str, Any]:
    """What the map's framing rests on: the first view, the corridors' box and the panel it was fitted to."""
    return {
        "view": {"latitude": view.latitude, "longitude": view.longitude, "zoom": view.zoom},
        "box": list(route_box(data) or ()),
        "panel": list(panel),
        "arcs": len(data.arcs),
        "ends": [point for arc in data.arcs for point in (arc["source"], arc["target"])],
    }
