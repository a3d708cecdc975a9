"""The offline pydeck toolkit: world maps that fetch nothing, for the route map and the licit-flows map alike.

* No tiles: a deck has ``map_provider=None`` and pydeck's default ``map_style`` (the placeholder ``"__MAP_STYLE__"``).
  Streamlit 1.67's frontend drops that placeholder and draws no basemap, but when ``mapStyle`` is missing from the
  JSON (which is what ``map_style=None`` produces) it substitutes Carto's tile style, fetched from the internet.
* The basemap is the project's own geometry, named by URL (``geo.WORLD_GEOJSON_URL``, the app's own static file), so
  the browser fetches it once from the app instead of receiving 700 KB with every redraw.
* Layer data are plain lists of dicts (a polars frame given to pydeck as layer data draws nothing), aggregated first.
* Tooltips: each row carries a plain-text ``tooltip`` (lines separated by newlines) and the deck uses a *text*
  tooltip, which deck.gl puts in the page with ``innerText``: data can never become markup, whichever frontend draws
  the deck. (An HTML tooltip with pre-escaped values would show the entities: Streamlit 1.67 escapes interpolated
  values itself.) On top of that the deck's JSON writes ``<``, ``>`` and ``&`` as JSON unicode escapes, so it stays
  inert even if embedded in an HTML ``<script>`` element; it decodes to the very same text.
* Longitudes of each arc are shifted by 360 where that makes the arc take the short way across the Pacific; the map
  view repeats the world so both ends land on a drawn copy of the countries. The initial view shows the inhabited
  world once (``world_view``), never more.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import cache
from typing import Any

import pydeck
from pydeck.bindings.json_tools import default_serialize

from dashboard import geo
from dashboard.figures.style import FONT

NODE_COLOUR = [40, 40, 40]
LAND_COLOUR = [222, 222, 222]
BORDER_COLOUR = [255, 255, 255]
OCEAN_COLOUR = [246, 249, 252]
TOOLTIP_STYLE = {
    "backgroundColor": "white",
    "color": "#222222",
    "fontFamily": FONT,
    "fontSize": "12px",
    "border": "1px solid #999999",
    "maxWidth": "360px",
}
TILE = 512  # deck.gl's world is 512 pixels wide at zoom 0 (Web Mercator)
MAX_MERCATOR_LAT = 85.051129  # the top and bottom of a Web Mercator map
# The inhabited world, Atlantic-centred: the west coast of the Americas to Japan and eastern Australia, Cape Horn to
# the north of Greenland. A panel about as tall as it is wide cannot show all of that width without some empty sea
# above and below (Web Mercator), so the view fits the longitudes and splits the spare height evenly; where the panel
# is too low for the box, the Arctic is cut rather than the south of Chile, Africa and Australia.
WORLD_BOX = (-122.0, -57.0, 152.0, 83.5)  # west, south, east, north
ROUTES_PANEL = (550, 560)  # pixels: the Routes page's map column and height


class CompactDeck(pydeck.Deck):
    """A deck whose JSON has no indentation (pydeck indents by two spaces) and ``<``, ``>`` and ``&`` escaped."""

    def to_json(self) -> str:
        return _json(self)


def _json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=default_serialize, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
    min_zoom: float = 0.0,
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
    zoom = max(zoom, math.log2(width_px / TILE), math.log2(height_px / TILE), min_zoom)
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
        min_zoom=min(0, math.floor(zoom)),
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


def mercator_line(source: list[float], target: list[float], points: int = 24) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of the line from ``source`` to ``target`` (lon, lat) that is straight on a Mercator
    map, as the deck draws an arc seen from above: what a static (Plotly geo) rendering of a deck's arcs draws."""
    (x0, lat0), (x1, lat1) = source, target
    y0, y1 = _mercator_y(lat0), _mercator_y(lat1)
    steps = [i / (points - 1) for i in range(points)]
    lons = [((x0 + (x1 - x0) * t + 180.0) % 360.0) - 180.0 for t in steps]
    return lons, [_mercator_lat(y0 + (y1 - y0) * t) for t in steps]


def bearing(source: list[float], target: list[float]) -> float:
    """Degrees from north of the last stretch of the Mercator line from ``source`` to ``target``: an arrowhead's
    angle at the target."""
    dx = (target[0] - source[0]) / 360.0
    dy = _mercator_y(target[1]) - _mercator_y(source[1])
    return math.degrees(math.atan2(dx, dy))


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


def tooltip_text(lines: Iterable[str]) -> str:
    """Text of a map tooltip, one line each, with no control characters from the data other than the line breaks.
    The decks use a *text* tooltip (deck.gl sets it with ``innerText``), so data can never become markup."""
    return "\n".join("".join(ch if ch.isprintable() else " " for ch in str(line)) for line in lines)


def moved_into_frame(arcs: list[dict[str, Any]], nodes: list[dict[str, Any]]) -> tuple[list, list, float | None]:
    """Arcs and dots moved by whole turns into one window of longitudes (``common_frame``) where there is one, so
    each arc keeps the short way and lands on the one copy of its countries the view shows; the window's west."""
    frame = common_frame(arcs)
    if frame is None:
        return arcs, nodes, None
    # The window's west within [-180, 180): deck.gl draws layers beyond the first copy of the world only partly.
    # A hair west of it, so the arc that sets the window's west edge is not sent a whole turn east by rounding.
    west = ((frame[0] + 180.0) % 360.0) - 180.0 - 1e-6
    return [moved_arc(a, west) for a in arcs], [placed_node(n, west) for n in nodes], west


def moved_arc(arc: dict[str, Any], west: float) -> dict[str, Any]:
    """An arc moved by whole turns so that its western end falls in [west, west + 360)."""
    low = min(arc["source"][0], arc["target"][0])
    shift = into_frame(low, west) - low
    return {**arc, **{key: [round(arc[key][0] + shift, 4), arc[key][1]] for key in ("source", "target")}}


def placed_node(node: dict[str, Any], west: float) -> dict[str, Any]:
    """A dot's copy in [west, west + 360)."""
    lon, lat = node["position"]
    return {**node, "position": [round(into_frame(lon, west), 4), lat]}


def arcs_box(arcs: list[dict[str, Any]], *, pad: float = 0.12) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around the ends of ``arcs`` (already in one window: ``moved_into_frame``), with
    ``pad`` of each span as a margin (at least 20 degrees across and 12 high, so one short corridor is not a blur of
    pixels); None with no arc or when the arcs go all round the world."""
    if not arcs or common_frame(arcs) is None:
        return None
    lons = [point[0] for arc in arcs for point in (arc["source"], arc["target"])]
    lats = [point[1] for arc in arcs for point in (arc["source"], arc["target"])]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_pad = max(20.0 - (east - west), 0.0) / 2 + pad * (east - west)
    lat_pad = max(12.0 - (north - south), 0.0) / 2 + pad * (north - south)
    return (west - lon_pad, max(south - lat_pad, -80.0), east + lon_pad, min(north + lat_pad, 84.0))


def fitted_view(arcs: list[dict[str, Any]], *, width_px: int, height_px: int) -> pydeck.ViewState:
    """A view that shows every arc end with a margin (``arcs_box``) in a ``width_px`` x ``height_px`` panel, or the
    inhabited world when there is nothing to frame."""
    box = arcs_box(arcs)
    if box is None:
        return world_view(width_px, height_px)
    # Below zoom 0 on a phone, where the world is wider than the panel: never so far that it shows twice.
    return fit_view(*box, width_px=width_px, height_px=height_px, max_zoom=6.0, min_zoom=-1.0)
