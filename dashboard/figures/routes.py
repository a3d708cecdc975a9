"""The routes map and its table: trafficking corridors from case records, drawn with pydeck and no tiles.

Everything sent to the browser is aggregated first (one row per corridor, at most ``max_arcs`` of them) and passed as
plain lists of dicts: a polars frame given to pydeck as layer data draws nothing. Longitudes of each arc are shifted
by 360 where that makes the arc take the short way across the Pacific; the map view repeats the world so both ends
land on a drawn copy of the countries. The initial view shows the inhabited world once (``world_view``), never more.

The country shapes are not in the deck: the basemap layer names them by URL (``geo.WORLD_GEOJSON_URL``, the app's own
static file), so the browser fetches them once from the app instead of receiving 700 KB with every redraw.

No tiles: the deck has ``map_provider=None`` and pydeck's default ``map_style`` (the placeholder ``"__MAP_STYLE__"``).
Streamlit 1.67's frontend drops that placeholder and draws no basemap, but when ``mapStyle`` is missing from the JSON
(which is what ``map_style=None`` produces) it substitutes Carto's tile style, fetched from the internet.

Tooltips: each row carries a plain-text ``tooltip`` (lines separated by newlines) and the deck uses a *text* tooltip,
which deck.gl puts in the page with ``innerText``: data can never become markup, whichever frontend draws the deck.
(An HTML tooltip with pre-escaped values would show the entities: Streamlit 1.67 escapes interpolated values itself.)
On top of that the deck's JSON writes ``<``, ``>`` and ``&`` as JSON unicode escapes, so it stays inert even if
embedded in an HTML ``<script>`` element; it decodes to the very same text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl
import pydeck
from pydeck.bindings.json_tools import default_serialize

from dashboard import geo
from dashboard.countries import SPECIAL_CODES, countries_frame

WIDTH_BY = {"kg": "kilograms", "seizures": "number of seizures"}
SOURCE_COLOUR = [0, 114, 178]  # Okabe-Ito blue: the origin end of an arc
TARGET_COLOUR = [230, 159, 0]  # Okabe-Ito orange: the destination end
TRANSIT_COLOUR = [204, 121, 167]  # Okabe-Ito reddish purple: transit legs and transit countries
NODE_COLOUR = [40, 40, 40]
LAND_COLOUR = [222, 222, 222]
BORDER_COLOUR = [255, 255, 255]
OCEAN_COLOUR = [246, 249, 252]
ARC_WIDTH = (0.8, 9.0)  # pixels: the thinnest and the widest arc
NODE_RADIUS = (2.0, 11.0)  # pixels
TRANSIT_WIDTH = 1.2
TOOLTIP_STYLE = {
    "backgroundColor": "white",
    "color": "#222222",
    "fontFamily": "DejaVu Sans, Arial, sans-serif",
    "fontSize": "12px",
    "border": "1px solid #999999",
    "maxWidth": "360px",
}


class CompactDeck(pydeck.Deck):
    """A deck whose JSON has no indentation (pydeck indents by two spaces) and ``<``, ``>`` and ``&`` escaped."""

    def to_json(self) -> str:
        return _json(self)


def _json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=default_serialize, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class RouteLayers:
    """The rows each layer draws, before they become a deck (kept apart so tests and captions can count them)."""

    arcs: list[dict[str, Any]]
    transit_legs: list[dict[str, Any]]
    transit_nodes: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    corridors_total: int  # corridors in the input
    corridors_drawable: int  # of which both ends have a centroid


def route_deck(
    corridors: pl.DataFrame,
    *,
    width_by: str = "kg",
    show_transit: bool = True,
    max_arcs: int = 300,
) -> pydeck.Deck:
    """A pydeck map of ``corridors`` (the frame of ``dashboard.query.corridors``): a country basemap from the
    project's own geometry, one arc per corridor from origin (blue) to destination (orange) with width by the square
    root of kilograms or seizures, dots at the countries sized by seizures, and optionally transit legs."""
    data = route_layers(corridors, width_by=width_by, show_transit=show_transit, max_arcs=max_arcs)
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
    return offline_deck(layers, world_view())


# ---- the view ----------------------------------------------------------------------------------------------------
TILE = 512  # deck.gl's world is 512 pixels wide at zoom 0 (Web Mercator)
MAX_MERCATOR_LAT = 85.051129  # the top and bottom of a Web Mercator map
# The inhabited world, Atlantic-centred: the west coast of the Americas to Japan and eastern Australia, Cape Horn to
# the north of Greenland. A panel about as tall as it is wide cannot show all of that width without some empty sea
# above and below (Web Mercator), so the view fits the longitudes and splits the spare height evenly; where the panel
# is too low for the box, the Arctic is cut rather than the south of Chile, Africa and Australia.
WORLD_BOX = (-122.0, -57.0, 152.0, 83.5)  # west, south, east, north
ROUTES_PANEL = (550, 560)  # pixels: the Routes page's map column and height


def world_view(width_px: int = ROUTES_PANEL[0], height_px: int = ROUTES_PANEL[1]) -> pydeck.ViewState:
    """The initial view of a world map: the inhabited world (``WORLD_BOX``) in a ``width_px`` x ``height_px`` panel,
    one copy of the world across at most and nothing beyond the poles."""
    return fit_view(*WORLD_BOX, width_px=width_px, height_px=height_px, crop="north")


def fit_view(
    west: float,
    south: float,
    east: float,
    north: float,
    *,
    width_px: int,
    height_px: int,
    crop: str = "centre",
    max_zoom: float = 4.0,
) -> pydeck.ViewState:
    """A MapView state that shows the box from ``west`` to ``east`` (longitudes, may pass 180) and ``south`` to
    ``north`` whole in a panel of ``width_px`` x ``height_px``, as close as it fits, centred. Never zoomed out so far
    that the world shows twice across or the view passes a pole; where that leaves the panel lower than the box, it
    loses the north only (``crop="north"``) or both edges evenly."""
    lon_span = max(east - west, 1e-6)
    top, bottom = _mercator_y(north), _mercator_y(south)
    zoom = min(
        math.log2(width_px * 360.0 / (TILE * lon_span)),
        math.log2(height_px / (TILE * max(top - bottom, 1e-6))),
        max_zoom,
    )
    zoom = max(zoom, math.log2(width_px / TILE), math.log2(height_px / TILE), 0.0)
    zoom = math.ceil(zoom * 1000) / 1000  # rounded up: never a sliver of a second world
    half = height_px / (TILE * 2**zoom) / 2  # half the panel's height, in world heights
    centre = (top + bottom) / 2
    if crop == "north" and 2 * half < top - bottom:
        centre = bottom + half
    centre = min(max(centre, -0.5 + half), 0.5 - half)
    return pydeck.ViewState(
        latitude=round(_mercator_lat(centre), 3),
        longitude=round((west + east) / 2, 3),
        zoom=zoom,
        min_zoom=0,
        max_zoom=8,
    )


def common_frame(arcs: list[dict[str, Any]]) -> tuple[float, float] | None:
    """The narrowest window of longitudes (west, east), less than a full turn wide, that holds every arc whole once
    each arc is moved by whole turns (which keeps it going the short way); None when the arcs go all round the
    world. In such a window every country shows once and every arc lands on the copy that is drawn."""
    spans = []
    for arc in arcs:
        lo, hi = sorted((arc["source"][0], arc["target"][0]))
        spans.append((lo % 360.0, hi - lo))
    if not spans:
        return None
    best: tuple[float, float] | None = None
    for west, _ in spans:
        east = max(west + (start - west) % 360.0 + length for start, length in spans)
        if best is None or east - west < best[1] - best[0]:
            best = (west, east)
    return best if best and best[1] - best[0] < 360.0 else None


def into_frame(lon: float, west: float) -> float:
    """The copy of a longitude in [west, west + 360)."""
    return west + (lon - west) % 360.0


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, in world heights from the equator (the poles of the map at +-0.5)."""
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y * 2 * math.pi)) - math.pi / 2)


def offline_deck(layers: list[pydeck.Layer], view_state: pydeck.ViewState) -> CompactDeck:
    """A world map of ``layers`` over the project's own basemap that fetches nothing: no tiles, a plain-text
    tooltip from each row's ``tooltip``, and the world repeated so shifted arcs land on a drawn copy."""
    return CompactDeck(
        layers=[*basemap_layers(), *layers],
        views=[pydeck.View(type="MapView", controller=True, repeat=True)],
        initial_view_state=view_state,
        map_provider=None,  # and map_style left at pydeck's "__MAP_STYLE__": see the module docstring
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
    )


def arc_layer(
    layer_id: str, rows: list[dict[str, Any]], source_colour: list[int], target_colour: list[int], **options: Any
) -> pydeck.Layer:
    """Arcs from each row's ``source`` to its ``target``, ``width`` pixels wide (at least one), picked and highlighted
    under the pointer; ``options`` adds deck.gl properties (such as ``get_tilt``)."""
    return pydeck.Layer(
        "ArcLayer",
        id=layer_id,
        data=rows,
        get_source_position="source",
        get_target_position="target",
        get_source_color=source_colour,
        get_target_color=target_colour,
        get_width="width",
        width_units="pixels",
        width_min_pixels=1,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 90],
        **options,
    )


def country_dots(rows: list[dict[str, Any]], *, radius: str | float) -> pydeck.Layer:
    """A dark dot with a white rim at each row's ``position``; ``radius`` in pixels, or the name of the rows' field."""
    return pydeck.Layer(
        "ScatterplotLayer",
        id="countries",
        data=rows,
        get_position="position",
        get_radius=radius,
        radius_units="pixels",
        get_fill_color=[*NODE_COLOUR, 170],
        get_line_color=[255, 255, 255, 230],
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def basemap_layers() -> list[pydeck.Layer]:
    """A pale ocean and the countries, from the project's own geometry (fetched from the app by URL, once)."""
    ocean = [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]
    return [
        pydeck.Layer(
            "PolygonLayer",
            id="ocean",
            data=[{"polygon": ocean}],
            get_polygon="polygon",
            get_fill_color=OCEAN_COLOUR,
            stroked=False,
            pickable=False,
        ),
        pydeck.Layer(
            "GeoJsonLayer",
            id="basemap",
            data=geo.WORLD_GEOJSON_URL,  # static/geo/world.geojson, served by the app itself
            filled=True,
            stroked=True,
            get_fill_color=LAND_COLOUR,
            get_line_color=BORDER_COLOUR,
            line_width_units="pixels",
            get_line_width=0.6,
            pickable=False,
        ),
    ]


def route_layers(
    corridors: pl.DataFrame, *, width_by: str = "kg", show_transit: bool = True, max_arcs: int = 300
) -> RouteLayers:
    """The rows of every layer: the ``max_arcs`` largest corridors by ``width_by``, their transit legs, and the
    countries at either end. Corridors whose ends have no known position are not drawn (and are counted)."""
    if width_by not in WIDTH_BY:
        raise ValueError(f"width_by must be one of {', '.join(WIDTH_BY)}, not {width_by!r}")
    positions = country_positions()
    names = country_names()
    frame = corridors.with_columns(pl.col("kg").fill_null(0.0), pl.col("seizures").fill_null(0))
    drawable = frame.filter(
        pl.col("origin_iso3").is_in(list(positions)) & pl.col("destination_iso3").is_in(list(positions))
    )
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
    if show_transit:
        legs, transit_nodes = _transit(shown, positions, names, max_arcs)

    nodes = _nodes(drawable, positions, names)
    return RouteLayers(
        arcs=arcs,
        transit_legs=legs,
        transit_nodes=transit_nodes,
        nodes=nodes,
        corridors_total=corridors.height,
        corridors_drawable=drawable.height,
    )


def sort_corridors(corridors: pl.DataFrame, width_by: str = "kg") -> pl.DataFrame:
    """Largest first by ``width_by``, ties broken the same way every time (so a table and a link agree)."""
    keys = list(dict.fromkeys([width_by, "seizures", "kg"]))
    return corridors.sort(
        [*keys, "origin_iso3", "destination_iso3"],
        descending=[*(True for _ in keys), False, False],
        nulls_last=True,
    )


def shown_caption(corridors: pl.DataFrame, *, width_by: str = "kg", max_arcs: int = 300) -> str:
    """How many corridors the map draws, of how many, and what the width shows."""
    positions = country_positions()
    drawable = corridors.filter(
        pl.col("origin_iso3").is_in(list(positions)) & pl.col("destination_iso3").is_in(list(positions))
    ).height
    shown = min(drawable, max(max_arcs, 0))
    if shown == corridors.height:
        text = f"The map draws all {shown:,} corridors"
    else:
        text = f"The map draws the {shown:,} largest of {corridors.height:,} corridors (by {WIDTH_BY[width_by]})"
    if drawable < corridors.height:
        text += f"; {corridors.height - drawable:,} have an end with no known position and are only in the table"
    return (
        text + f". Arc width shows the {WIDTH_BY[width_by]} (square-root scale); each arc runs from blue at the "
        "origin to orange at the destination. Dark dots are sized by the seizures on routes from and to the country; "
        "pink rings and thin pink arcs mark transit countries where records name them."
    )


def corridor_tooltip(row: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """The tooltip of one corridor: plain text, one fact a line (the deck shows it as text, never as HTML)."""
    names = names if names is not None else country_names()
    origin = _country_label(row["origin_iso3"], row.get("origin_country_name") or names.get(row["origin_iso3"]))
    destination = _country_label(
        row["destination_iso3"], row.get("destination_country_name") or names.get(row["destination_iso3"])
    )
    lines = [
        f"{origin} → {destination}",
        f"Main substances: {row.get('top_substances') or 'not recorded'}",
        f"Kilograms: {_kilograms(row.get('kg'))}",
        f"Seizures: {int(row.get('seizures') or 0):,}",
        f"Years: {_years(row.get('first_year'), row.get('last_year'))}",
    ]
    transit = _transit_names(row.get("transit"), names)
    if transit:
        lines.append(f"Transit: {transit}")
    return tooltip_text(lines)


def corridor_table(
    corridors: pl.DataFrame, *, link: Callable[[str], str] | None = None, names: dict[str, str] | None = None
) -> pl.DataFrame:
    """The corridors as a readable table: From, To, Seizures, Kilograms, Years, Main substances, Transit, and a link
    to the country profile of each end (``link`` builds the URL from an ISO3 code)."""
    link = cache(link or default_profile_link)  # one URL per country, however many corridors name it
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
                "Years": _years(row.get("first_year"), row.get("last_year")),
                "Main substances": row.get("top_substances") or "",
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


def default_profile_link(iso3: str) -> str:
    return f"Country_profile?country={iso3}"


def corridor_export(corridors: pl.DataFrame) -> pl.DataFrame:
    """The corridors for download: the table's readable columns with the ISO3 codes of both ends."""
    table = corridor_table(corridors).with_columns(
        corridors["origin_iso3"].alias("From ISO3"), corridors["destination_iso3"].alias("To ISO3")
    )
    return table.select(
        "From", "From ISO3", "To", "To ISO3", "Seizures", "Kilograms", "Years", "Main substances", "Transit"
    )


def country_names() -> dict[str, str]:
    """ISO3 (and the special codes such as unknown) to a readable name."""
    names = dict(zip(*countries_frame().select("iso3", "name").get_columns(), strict=True))
    return {**{k: str(v) for k, v in SPECIAL_CODES.items()}, **names}


# ---- helpers ------------------------------------------------------------------------------------------------------
def _link(link: Callable[[str], str], iso3: str | None) -> str | None:
    return None if iso3 is None or iso3 in SPECIAL_CODES else link(iso3)


@cache
def country_positions() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lon, lat) of the country's centroid, for every country with one. Shared between calls: do not
    change it."""
    frame = geo.centroids().drop_nulls(["lat", "lon"])
    return {iso3: (float(lon), float(lat)) for iso3, lat, lon in frame.select("iso3", "lat", "lon").iter_rows()}


def arc_ends(source: tuple[float, float], target: tuple[float, float]) -> tuple[list[float], list[float]]:
    """Arc ends as [lon, lat], longitudes shifted so the arc takes the short way round."""
    source_lon, target_lon = geo.arc_longitudes(source[0], target[0])
    return [round(source_lon, 4), round(source[1], 4)], [round(target_lon, 4), round(target[1], 4)]


def sqrt_scaled(value: float | int | None, largest: float, bounds: tuple[float, float]) -> float:
    """A width or radius between ``bounds`` by the square root of ``value`` against ``largest``; the least for none."""
    low, high = bounds
    if not value or value <= 0 or largest <= 0:
        return low
    return round(low + (high - low) * math.sqrt(float(value) / largest), 2)


def _transit(
    shown: pl.DataFrame, positions: dict[str, tuple[float, float]], names: dict[str, str], max_legs: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Legs origin -> transit -> destination for the shown corridors, each leg once, and the transit countries."""
    legs: dict[tuple[str, str], list[str]] = {}
    via: dict[str, list[str]] = {}
    for row in shown.iter_rows(named=True):
        origin, destination = row["origin_iso3"], row["destination_iso3"]
        corridor = f"{names.get(origin, origin)} → {names.get(destination, destination)}"
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
        text = f"Transit leg: {names.get(start, start)} → {names.get(end, end)}"
        leg_rows.append(
            {"source": source, "target": target, "tooltip": tooltip_text([text, "On the corridor(s): " + _few(on)])}
        )
    node_rows = []
    for stop, on in sorted(via.items()):
        lon, lat = positions[stop]
        text = f"Transit country: {_country_label(stop, names.get(stop))}"
        node_rows.append(
            {
                "iso3": stop,
                "position": [round(lon, 4), round(lat, 4)],
                "tooltip": tooltip_text([text, f"Named on {len(on):,} corridor(s): " + _few(on)]),
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
                        f"Seizures on routes from it: {row['from_seizures']:,} ({_kilograms(row['from_kg'])} kg)",
                        f"Seizures on routes to it: {row['to_seizures']:,} ({_kilograms(row['to_kg'])} kg)",
                    ]
                ),
            }
        )
    return rows


def tooltip_text(lines: Iterable[str]) -> str:
    """Text of a map tooltip, one line each, with no control characters from the data other than the line breaks.
    The decks use a *text* tooltip (deck.gl sets it with ``innerText``), so data can never become markup."""
    return "\n".join("".join(ch if ch.isprintable() else " " for ch in str(line)) for line in lines)


def _few(items: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    text = "; ".join(unique[:limit])
    return text + (f"; and {len(unique) - limit:,} more" if len(unique) > limit else "")


def _split(transit: str | None) -> list[str]:
    return [code for code in (transit or "").split("|") if code]


def _transit_names(transit: str | None, names: dict[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in _split(transit))


def _country_label(iso3: str, name: str | None) -> str:
    name = name or iso3
    return f"{name} ({iso3})" if name != iso3 else name


def _kilograms(value: float | None) -> str:
    if value is None:
        return "not recorded"
    value = float(value)
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _years(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first == last or last is None:
        return str(first)
    if first is None:
        return str(last)
    return f"{first}–{last}"
