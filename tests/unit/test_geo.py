from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from dashboard import countries, geo

MAX_GEOJSON_BYTES = 1_500_000


def _features() -> dict[str, dict]:
    return {f["id"]: f for f in geo.world_geojson()["features"]}


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def test_geojson_file_is_small() -> None:
    assert geo.WORLD_GEOJSON.stat().st_size < MAX_GEOJSON_BYTES


def test_features_are_keyed_by_iso3_from_the_country_table() -> None:
    features = _features()
    table = set(countries.countries_frame()["iso3"])
    assert len(features) == len(geo.world_geojson()["features"])  # one feature per code
    assert set(features) <= table
    for iso3, feature in features.items():
        assert feature["properties"]["iso3"] == iso3
        assert feature["properties"]["name"] == countries.country_name(iso3)
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_natural_earth_minus_99_countries_have_codes() -> None:
    features = _features()
    for iso3 in ("FRA", "NOR", "XKX"):
        assert iso3 in features
    assert "-99" not in features
    # French Guiana is its own ISO entity, not part of FRA's polygon.
    assert shape(features["FRA"]["geometry"]).bounds[0] > -10
    assert "GUF" in features


def test_no_antarctica() -> None:
    features = _features()
    assert "ATA" not in features
    assert min(shape(f["geometry"]).bounds[1] for f in features.values()) > -60


@pytest.mark.parametrize("iso3", ["FJI", "RUS", "USA", "KIR", "NZL"])
def test_antimeridian_countries_have_no_long_edges(iso3: str) -> None:
    ring_list = _rings(_features()[iso3]["geometry"])
    lons = [lon for ring in ring_list for lon, _ in ring]
    assert min(lons) < -170 and max(lons) > 170  # really on both sides
    for ring in ring_list:
        for (lon_a, _), (lon_b, _) in zip(ring, ring[1:], strict=False):
            assert abs(lon_b - lon_a) <= 180


def test_no_feature_has_an_edge_spanning_half_the_globe() -> None:
    for iso3, feature in _features().items():
        for ring in _rings(feature["geometry"]):
            assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)), iso3
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring), iso3


def test_exterior_rings_are_clockwise_for_plotly() -> None:
    # d3-geo (inside plotly.js) fills the outside of a counter-clockwise ring, turning the map into one colour.
    for iso3, feature in _features().items():
        geom = shape(feature["geometry"])
        for polygon in getattr(geom, "geoms", [geom]):
            assert not polygon.exterior.is_ccw, iso3
            assert polygon.is_valid, iso3


def test_un_style_assignments() -> None:
    features = _features()
    crimea = shape({"type": "Point", "coordinates": [34.1, 45.0]})
    assert shape(features["UKR"]["geometry"]).contains(crimea)
    assert not shape(features["RUS"]["geometry"]).contains(crimea)
    laayoune = shape({"type": "Point", "coordinates": [-13.2, 27.1]})  # Natural Earth draws it within Morocco
    assert shape(features["ESH"]["geometry"]).contains(laayoune)
    assert not shape(features["MAR"]["geometry"]).contains(laayoune)
    north_nicosia_side = shape({"type": "Point", "coordinates": [33.9, 35.3]})
    assert shape(features["CYP"]["geometry"]).contains(north_nicosia_side)


def test_every_code_has_a_centroid_and_special_codes_have_none() -> None:
    cents = geo.centroids()
    assert cents.columns == ["iso3", "name", "lat", "lon", "has_polygon"]
    assert set(cents["iso3"]) == set(countries.countries_frame()["iso3"])
    for iso3 in cents["iso3"]:
        assert geo.centroid_of(iso3) is not None
    for code in countries.SPECIAL_CODES:
        assert geo.centroid_of(code) is None
    assert geo.centroid_of(None) is None
    assert geo.centroid_of("QQQ") is None


def test_has_polygon_matches_the_geojson() -> None:
    with_polygon = set(geo.centroids().filter("has_polygon")["iso3"])
    assert with_polygon == set(_features())


def test_centroids_lie_in_their_country() -> None:
    features = _features()
    for iso3, lat, lon in geo.centroids().filter("has_polygon").select("iso3", "lat", "lon").iter_rows():
        point = shape({"type": "Point", "coordinates": [lon, lat]})
        assert shape(features[iso3]["geometry"]).buffer(0.01).contains(point), iso3


@pytest.mark.parametrize(
    ("iso3", "lat", "lon"),
    [("FRA", 46.5, 2.5), ("USA", 39.5, -98.5), ("MUS", -20.3, 57.6), ("TUV", -8.5, 179.2), ("GIB", 36.1, -5.3)],
)
def test_known_centroids(iso3: str, lat: float, lon: float) -> None:
    got = geo.centroid_of(iso3)
    assert got is not None
    assert abs(got[0] - lat) < 2.5 and abs(got[1] - lon) < 2.5


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        (140.0, -118.0, (140.0, 242.0)),  # Tokyo -> Los Angeles across the Pacific
        (-118.0, 140.0, (-118.0, -220.0)),
        (179.0, -179.0, (179.0, 181.0)),
        (2.0, -74.0, (2.0, -74.0)),  # Paris -> Bogotá: already the short way
        (0.0, 180.0, (0.0, 180.0)),
    ],
)
def test_arc_longitudes(src: float, dst: float, expected: tuple[float, float]) -> None:
    got = geo.arc_longitudes(src, dst)
    assert got == expected
    assert abs(got[1] - got[0]) <= 180


def test_static_topojson_for_plotly() -> None:
    folder = geo.static_topojson_dir()
    assert geo.TOPOJSON_URL == "/app/static/topojson/"
    assert geo.topojson_file_url().startswith("file://") and geo.topojson_file_url().endswith("/topojson/")
    world = json.loads((folder / "world_110m.json").read_text())
    assert world["type"] == "Topology"
    assert {"countries", "land", "coastlines", "ocean"} <= set(world["objects"])
    for scope in ("africa", "asia", "europe", "north-america", "south-america", "usa"):
        assert (folder / f"{scope}_110m.json").is_file()


def test_plotly_world_geo_pins_the_view() -> None:
    layout = geo.plotly_world_geo(projection_type="equirectangular")
    assert layout["projection_rotation_lon"] == 0 and layout["resolution"] == 110
    assert layout["projection_type"] == "equirectangular"
    assert geo.plotly_world_geo() is not geo.plotly_world_geo()  # a fresh dict each time


def test_disclaimer() -> None:
    assert geo.BOUNDARIES_DISCLAIMER.startswith(
        "The boundaries and names shown and the designations used on this map do not imply official endorsement or "
        "acceptance by the United Nations."
    )
    assert "Kosovo" in geo.BOUNDARIES_DISCLAIMER and "1244" in geo.BOUNDARIES_DISCLAIMER
