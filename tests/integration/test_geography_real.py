"""Issue 15, point 4, on the real files of ../shared/data: UN M49 subregions in the filters and totals, and the
Routes page's destination and "departing from or via" filters, each checked against a count made here from the raw
file with hand-written lists of countries (the UN M49 standard, written out for this test)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import polars as pl
import pytest

from dashboard import query
from dashboard.data import Dataset, load_dataset
from dashboard.pages.routes import model as routes_model
from dashboard.pages.routes import text as routes_text
from dashboard.state import from_query
from dashboard.store import Store

pytestmark = pytest.mark.realdata

# UN M49 "Western Africa" (intermediate region 011), as the raw case file names its countries.
WEST_AFRICA_NAMES = {
    "Benin", "Burkina Faso", "Cabo Verde", "Côte d'Ivoire", "Gambia", "Ghana", "Guinea", "Guinea-Bissau", "Liberia",
    "Mali", "Mauritania", "Niger", "Nigeria", "Saint Helena", "Senegal", "Sierra Leone", "Togo",
}  # fmt: skip
WEST_AFRICA_ISO3 = {
    "BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SHN", "SEN", "SLE",
    "TGO",
}  # fmt: skip
# UN M49 Europe (region 150), as the raw case file names the destinations it has (Kosovo included, as UNODC does).
EUROPE_NAMES = {
    "Aland Islands", "Albania", "Andorra", "Austria", "Belarus", "Belgium", "Bosnia and Herzegovina", "Bulgaria",
    "Croatia", "Czech Republic", "Denmark", "Estonia", "Faroe Islands", "Finland", "France", "Germany", "Greece",
    "Guernsey", "Hungary", "Ireland", "Isle of Man", "Italy", "Kosovo under UNSCR 1244", "Latvia", "Lithuania",
    "Luxembourg", "Macedonia, the former Yugoslav Republic of", "Malta", "Moldova, Republic of", "Monaco",
    "Netherlands", "Norway", "Poland", "Portugal", "Romania", "Russian Federation", "Serbia", "Slovakia", "Slovenia",
    "Spain", "Sweden", "Switzerland", "Ukraine", "United Kingdom", "United Kingdom (England and Wales)",
}  # fmt: skip


@pytest.fixture(scope="module")
def data(real_store: Store) -> Dataset:
    return load_dataset(real_store, public=False)


def view(data: Dataset, page: str, **params: str):
    state, notices = from_query(params, data.vocabulary, page=page)
    assert not notices, notices
    return state


def test_subregions_are_offered_from_the_m49_standard(data: Dataset) -> None:
    for name in ("Western Africa", "South America", "Western Europe", "Sub-Saharan Africa", "Eastern Asia"):
        assert name in data.vocabulary.subregions
    assert "Africa" not in data.vocabulary.subregions  # a region, offered by the region filter


def test_a_west_africa_cocaine_trend_is_the_sum_of_its_countries(data: Dataset) -> None:
    west = query.trend(data, view(data, "trends", ser="cocaine", subreg="Western Africa"))
    by_country = query.trend(data, view(data, "trends", ser="cocaine", by="country"), top=500)
    from dashboard.countries import country_name

    wanted = {country_name(iso3) for iso3 in WEST_AFRICA_ISO3}
    expected = (
        by_country.frame.filter(pl.col("series").is_in(list(wanted)) & pl.col("value").is_not_null())
        .group_by("period")
        .agg(pl.col("value").sum(), pl.len().alias("reporting"))
        .sort("period")
    )
    got = west.frame.filter(pl.col("value").is_not_null()).sort("period")
    assert got["period"].to_list() == expected["period"].to_list()
    assert got["value"].to_list() == pytest.approx(expected["value"].to_list())
    assert got["reporting"].to_list() == expected["reporting"].to_list()
    assert set(got["of"].to_list()) == {len(WEST_AFRICA_ISO3)}  # reporting of the 17 countries of Western Africa
    assert got.filter(pl.col("period") == 2022)["value"].item() > 10_000


def raw_corridors(shared_data: Path) -> dict[tuple[str, str], int]:
    """Records of the raw case file departing from Western Africa for Europe, by (departure, destination) name."""
    counts: dict[tuple[str, str], int] = {}
    path = shared_data / "unodc-individual-seizures/ids_2011_2016_full.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = (row["DEPARTURE_COUNTRY"], row["DESTINATION_COUNTRY"])
            if key[0] in WEST_AFRICA_NAMES and key[1] in EUROPE_NAMES:
                counts[key] = counts.get(key, 0) + 1
    return counts


def test_corridors_to_europe_via_west_africa_match_the_raw_file(data: Dataset, shared_data: Path) -> None:
    # Every record: all classes, amounts to check and plant material included, so nothing but the place filters acts.
    state = view(data, "routes", cls="all", chk="1", plants="1", dest="Europe", via="Western Africa")
    found = routes_model.corridors(data, state)
    raw = raw_corridors(shared_data)
    assert found.records_with_route == sum(raw.values()) > 50
    assert found.records_in_view == found.records_with_route  # no transit field: "via" is the departure here
    from dashboard.countries import country_name

    for (departure, destination), count in raw.items():
        pair = found.frame.filter(
            (pl.col("origin_country_name") == country_name(_iso3(departure)))
            & (pl.col("destination_country_name") == country_name(_iso3(destination)))
        )
        assert pair["seizures"].sum() == count, (departure, destination)
    assert set(found.frame["origin_iso3"].to_list()) <= WEST_AFRICA_ISO3
    words = routes_text.routes_text(data, state, found)
    assert "to Europe, departing from or via Western Africa" in words.heading
    assert "to Europe, departing from or via Western Africa" in words.export_notes[0]  # the download says so too


def _iso3(name: str) -> str:
    from dashboard.countries import resolve_iso3

    code = resolve_iso3(name)
    assert code, name
    return code


def test_the_case_file_has_no_transit_field_and_the_page_says_so(data: Dataset) -> None:
    assert not query.has_transit_field(data)
    assert "no transit field" in routes_text.NO_TRANSIT_FIELD


def test_african_subregions_as_lines_match_the_subregion_filter(data: Dataset) -> None:
    lines = query.trend(data, view(data, "trends", ser="cocaine", reg="Africa", by="subregion"))
    assert set(lines.frame["series"].to_list()) <= {
        "Northern Africa", "Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa",
    }  # fmt: skip
    west_line = lines.frame.filter(pl.col("series") == "Western Africa").sort("period")
    west = query.trend(data, view(data, "trends", ser="cocaine", subreg="Western Africa")).frame.sort("period")
    assert west_line["value"].to_list() == pytest.approx(west["value"].to_list(), nan_ok=True)
    assert west_line["reporting"].to_list() == west["reporting"].to_list()
    assert set(west_line["of"].to_list()) == {len(WEST_AFRICA_ISO3)}
