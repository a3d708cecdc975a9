"""Issue 15, UNODC's own regions and subregions, on the real files of ../shared/data: the store keeps the Region and
SubRegion of every annual row, the country -> UNODC area membership is derived from the store (the latest edition
wins), and the filters, the Trends breakdown and totals, and Compare's regional comparison use it. Each check is
against a count made here from the raw csv with Python's csv module, or from the xlsx files with openpyxl."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import partial
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dashboard import countries, query
from dashboard.data import Dataset, load_dataset
from dashboard.pages.compare import model as compare_model
from dashboard.state import from_query
from dashboard.store import Store
from tests.apptest.conftest import run_page

pytestmark = pytest.mark.realdata

WAC = "West and Central Africa"
WAC_KEY = "UNODC subregion: West and Central Africa"
ANNUAL = "unodc-annual-seizures"
# The three annual tables, oldest edition first (2012-2016: WDR 2018; 2015-2019: WDR 2021; 2018-2022: WDR 2023).
XLSX = ("drug_seizures_2015_2019.xlsx", "drug_seizures_2018_2022.xlsx")


@pytest.fixture(scope="module")
def data(real_store: Store) -> Dataset:
    return load_dataset(real_store, public=False)


def view(data: Dataset, page: str, **params: str):
    state, notices = from_query(params, data.vocabulary, page=page)
    assert not notices, notices
    return state


def csv_rows(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / ANNUAL / "drug_seizures_2012_2016.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def xlsx_subregions(path: Path) -> dict[str, str]:
    """Country code -> subregion of one xlsx table, read with openpyxl (its header row is the one naming the
    subregion, below the title lines)."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    out: dict[str, str] = {}
    header: list[str] | None = None
    for row in sheet.iter_rows(values_only=True):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if header is None:
            if "SubRegion" in cells or "Subregion" in cells:
                header = cells
            continue
        record = dict(zip(header, cells, strict=False))
        # 2018-2022: SubRegion and msCode (ISO codes); 2015-2019: Subregion and Code, UNODC's own codes (GAM is the
        # Gambia, MAR Mauritius), read through the project's table of them: the membership is what is under test.
        iso3 = record.get("msCode") or countries.resolve_unodc_code(record.get("Code"))
        sub = record.get("SubRegion") or record.get("Subregion")
        if iso3 and sub:
            out[iso3] = sub
    assert header is not None, f"no SubRegion column in {path.name}"
    return out


def test_every_stored_annual_row_keeps_its_unodc_region_and_subregion(data: Dataset, shared_data: Path) -> None:
    rows = csv_rows(shared_data)
    # KKK is UNODC's own code for Kosovo, stored as XKX (reference/extra_country_codes.csv).
    raw = {({"KKK": "XKX"}.get(r["ISO3"], r["ISO3"]), r["Region"], r["SubRegion"]) for r in rows}
    stored = data.annual.filter(pl.col("edition_year") == pl.col("edition_year").min())
    kept = set(stored.select("country_iso3", "unodc_region", "unodc_subregion").unique().iter_rows())
    assert kept == raw  # the csv's own spellings, as written
    assert data.annual["unodc_subregion"].null_count() == 0  # every table has the columns


def test_the_countries_of_west_and_central_africa_are_those_unodc_places_there(
    data: Dataset, shared_data: Path
) -> None:
    in_csv = {r["ISO3"] for r in csv_rows(shared_data) if r["SubRegion"] == WAC}  # no Kosovo code among them
    elsewhere_in_csv = {r["ISO3"] for r in csv_rows(shared_data) if r["SubRegion"] != WAC}
    members = set(countries.area_members([WAC_KEY]))
    assert len(in_csv) == 15
    assert members & (in_csv | elsewhere_in_csv) == in_csv  # no country of the csv moved in a later edition
    # The latest edition's assignment wins: the csv, then each xlsx overriding it, counted here independently.
    latest = {r["ISO3"]: r["SubRegion"] for r in csv_rows(shared_data)}
    for name in XLSX:
        latest.update(xlsx_subregions(shared_data / ANNUAL / name))
    assert members == {iso3 for iso3, sub in latest.items() if sub == WAC}
    assert len(members) == 19


def test_older_spellings_of_an_area_join_its_latest_name(data: Dataset) -> None:
    subregions = {countries.unodc_split(a)[1] for a in data.vocabulary.subregions if countries.unodc_split(a)}
    assert {"East Africa", "North Africa", "South-Eastern Europe", "Central America"} <= subregions
    assert not subregions & {"Eastern Africa", "Northern Africa", "Central America (excluding Mexico)"}
    # Kenya: "Eastern Africa" in WDR 2018, "East Africa" from WDR 2021 on; one area, never two.
    assert "KEN" in countries.area_members(["UNODC subregion: East Africa"])


def test_a_heroin_trend_of_west_and_central_africa_is_the_sum_of_the_csv_rows(data: Dataset, shared_data: Path) -> None:
    sums: dict[int, float] = defaultdict(float)
    reporting: dict[int, set[str]] = defaultdict(set)
    for r in csv_rows(shared_data):
        # 2012-2014: years only the 2012-2016 table covers, so no later edition replaces a figure.
        if r["SubRegion"] == WAC and r["Drug"] == "Heroin" and int(r["Year"]) <= 2014:
            sums[int(r["Year"])] += float(r["KgEquivalent"])
            reporting[int(r["Year"])].add(r["ISO3"])
    state = view(data, "trends", subreg=WAC_KEY, sub="Heroin", **{"from": "2012", "to": "2014"})
    got = query.trend(data, state).frame.sort("period")
    assert got["period"].to_list() == [2012, 2013, 2014]
    assert got["value"].to_list() == pytest.approx([sums[y] for y in (2012, 2013, 2014)])
    assert got["value"].to_list() == pytest.approx([283.0, 29.0, 77.0])
    assert got["reporting"].to_list() == [len(reporting[y]) for y in (2012, 2013, 2014)]
    assert set(got["of"].to_list()) == {19}  # of the 19 countries UNODC places in West and Central Africa


def test_unodc_subregion_lines_match_the_subregion_filter(data: Dataset) -> None:
    lines = query.trend(data, view(data, "trends", ser="cocaine", by="unodc_subregion"), top=50).frame
    assert all(countries.unodc_split(s) for s in lines["series"].drop_nulls().unique().to_list())
    line = lines.filter(pl.col("series") == WAC_KEY).sort("period")
    alone = query.trend(data, view(data, "trends", ser="cocaine", subreg=WAC_KEY)).frame.sort("period")
    assert line["value"].to_list() == pytest.approx(alone["value"].to_list(), nan_ok=True)
    assert line["reporting"].to_list() == alone["reporting"].to_list()
    # No double counting: the subregions' lines add up to the sum of the countries UNODC places in a subregion.
    by_country = query.trend(data, view(data, "trends", ser="cocaine", by="country"), top=500).frame
    placed = {countries.country_name(c) for c in countries.area_members(countries.unodc_area_names("unodc_subregion"))}
    expected = by_country.filter(pl.col("series").is_in(list(placed))).group_by("period").agg(pl.col("value").sum())
    total = lines.group_by("period").agg(pl.col("value").sum())
    joined = expected.join(total, on="period", suffix="_lines").sort("period")
    assert joined.height >= 10
    assert joined["value_lines"].to_list() == pytest.approx(joined["value"].to_list())


def test_compare_two_unodc_regions_counts_each_country_once(data: Dataset) -> None:
    state = view(
        data, "compare", cmp="regions", lvl="unodc_region", subreg=["UNODC region: Africa", "UNODC region: Oceania"]
    )
    compared = compare_model.comparison("regions", [], state, [], data.vocabulary, "unodc_region")
    assert compared.compared == ["UNODC region: Africa", "UNODC region: Oceania"]
    assert compared.order == ["Africa (UNODC region)", "Oceania (UNODC region)"]
    series = compare_model.compared_series(data, state, compared)
    assert set(series["region"].to_list()) == set(compared.order)
    africa = series.filter(pl.col("region") == "Africa (UNODC region)")
    assert set(africa["of"].to_list()) == {len(countries.area_members(["UNODC region: Africa"]))}
    # Each year's sum is the sum of the region's countries (reconciled per country first), and not reported is null.
    per_country = query.annual_kg(query.filter_annual(data, state), ["country_iso3", "year"]).collect()
    members = countries.area_members(["UNODC region: Africa"])
    expected = per_country.filter(pl.col("country_iso3").is_in(members)).group_by("year").agg(pl.col("value").sum())
    for year, value in expected.iter_rows():
        assert africa.filter(pl.col("year") == year)["value"].item() == pytest.approx(value)
    assert (
        africa.filter(pl.col("reporting") == 0)["value"].null_count() == africa.filter(pl.col("reporting") == 0).height
    )


run = partial(run_page, timeout=120)


def test_compare_page_by_unodc_region_in_apptest(real_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(real_store.root))
    at = run(
        "pages/3_Compare_countries.py",
        cmp="regions",
        lvl="unodc_region",
        subreg=["UNODC region: Africa", "UNODC region: Europe"],
    )
    assert at.segmented_control(key="w_compare_level").value == "unodc_region"
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    side = next(f for f in figures if "side by side" in f["layout"]["title"]["text"])
    assert [t["name"] for t in side["data"]] == ["Africa (UNODC region)", "Europe (UNODC region)"]
    assert any("Africa (UNODC region)" in c.value and "of 40" in c.value for c in at.caption)
    at.segmented_control(key="w_compare_level").set_value("unodc_subregion").run(timeout=120)
    assert not at.exception
    assert at.query_params["lvl"] in ("unodc_subregion", ["unodc_subregion"])


def test_routes_to_unodc_western_and_central_europe(data: Dataset) -> None:
    from dashboard.pages.routes import model as routes_model

    key = "UNODC subregion: Western and Central Europe"
    state = view(data, "routes", cls="all", chk="1", plants="1", dest=key)
    found = routes_model.corridors(data, state)
    members = set(countries.area_members([key]))
    assert {"DEU", "FRA", "ESP", "NLD"} <= members and "RUS" not in members  # not M49 Europe
    assert found.records_with_route > 1000
    assert set(found.frame["destination_iso3"].to_list()) <= members
    everything = routes_model.corridors(data, view(data, "routes", cls="all", chk="1", plants="1"))
    expected = everything.frame.filter(pl.col("destination_iso3").is_in(list(members)))["seizures"].sum()
    assert found.frame["seizures"].sum() == expected


def test_trends_page_by_unodc_subregion_in_apptest(real_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(real_store.root))
    at = run("pages/2_Trends.py", by="unodc_subregion", ser="cocaine")
    assert at.segmented_control(key="w_trends_breakdown").value == "unodc_subregion"
    import json

    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "by UNODC subregion" in figure["layout"]["title"]["text"]
    # Every line and its reporting bars are named with the scheme, as UNODC writes the area.
    names = {t["name"].replace("<br>", " ") for t in figure["data"] if "Hollow ring" not in t["name"]}
    assert "West and Central Africa (UNODC subregion)" in names
    assert all(n.endswith("(UNODC subregion)") for n in names), names
    assert any("West and Central Africa (UNODC subregion): " in m.value for m in at.markdown)
