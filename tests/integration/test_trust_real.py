"""Issue 15 on the real files of ../shared/data: UNODC's comments kept and read into flags, outlier years flagged,
both marked on the charts and listed on the Data page, and outlier years kept out of rankings unless asked for."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import query
from dashboard.data import Dataset, load_dataset
from dashboard.figures import charts
from dashboard.pages.data import model as data_model
from dashboard.state import from_query
from dashboard.store import Store

pytestmark = pytest.mark.realdata

CARRIED = "Data for 2015 (2016 data not available)"


@pytest.fixture(scope="module")
def data(real_store: Store) -> Dataset:
    return load_dataset(real_store, public=False)


def view(data: Dataset, page: str, **query_params: str):
    state, notices = from_query(query_params, data.vocabulary, page=page)
    assert not notices, notices
    return state


def point(trend: query.Trend, series: str, year: int) -> dict:
    return trend.frame.filter((pl.col("series") == series) & (pl.col("period") == year)).row(0, named=True)


def ringed_years(figure, series_color: str) -> list:
    rings = [t for t in figure.data if t.type == "scatter" and t.marker.symbol == "circle-open"]
    rings = [t for t in rings if t.marker.line.color == series_color]
    return [x for t in rings for x in t.x]


# ---- 1. comments kept, and read into flags -------------------------------------------------------------------------
def test_netherlands_cocaine_2016_keeps_its_comment_and_is_flagged_carried_over(data: Dataset) -> None:
    state = view(data, "data", ser="cocaine", **{"from": "2016", "to": "2016"})
    rows = data_model.filtered_rows(data, state).filter(pl.col("country_iso3") == "NLD")
    assert "comment" in rows.columns
    # The edition rule keeps WDR 2021's rows for 2016: 12,009 kg and 0.604 kg, the 2015 figure.
    assert rows["kg_equivalent"].sum() == pytest.approx(12_009.604)
    assert rows["comment"].to_list() == [CARRIED, CARRIED]
    assert all("carried_over" in flags.split(";") for flags in rows["quality_flags"].to_list())


def test_the_netherlands_line_rings_2016_and_says_why(data: Dataset) -> None:
    state = view(data, "trends", ser="cocaine", reg="Europe", by="country", **{"from": "2014", "to": "2018"})
    trend = query.trend(data, state)
    nld = point(trend, "Netherlands", 2016)
    assert nld["value"] == pytest.approx(12_009.604)
    assert nld["flagged"] and "carried over from an earlier year" in nld["notes"] and CARRIED in nld["notes"]
    assert not point(trend, "Netherlands", 2017)["flagged"]
    figure = charts.trend_figure(trend, log_scale=False, title="t", source="s", demo=False)
    line = next(t for t in figure.data if t.name == "Netherlands")
    assert ringed_years(figure, line.line.color) == [2016]
    # The comment itself is on the line's hover, flagged or not.
    hover = dict(zip(line.x, (c[3] for c in line.customdata), strict=True))
    assert CARRIED in hover[2016] and hover[2017] == ""


def test_the_data_table_keeps_unodc_specifics(data: Dataset) -> None:
    state = view(data, "data", grp="Opioids", **{"from": "2012", "to": "2012"})
    rows = data_model.filtered_rows(data, state)
    assert "Opium: Raw and prepared" in rows["substance_as_reported"].to_list()  # SpecificDrugName of 2012-2016


def test_every_flag_comes_from_a_comment_of_the_store(data: Dataset) -> None:
    flagged = data.annual.filter(pl.col("quality_flags").str.contains("carried_over"))
    # Counted independently: rows whose comment says the year's data were not available.
    expected = data.annual.filter(pl.col("comment").str.contains("(?i)not available")).height
    assert flagged.height == expected > 0
    assert data.annual.filter(pl.col("quality_flags").str.contains("financial_year")).height >= 100


# ---- 2. outlier years --------------------------------------------------------------------------------------------
def test_namibia_cannabis_2020_is_flagged_an_outlier_and_listed(data: Dataset) -> None:
    state = view(data, "data", grp="Cannabis-type")
    listed = query.flagged_country_years(data, state).filter(pl.col("country_iso3") == "NAM")
    nam = listed.filter(pl.col("year") == 2020).row(0, named=True)
    assert nam["value"] == pytest.approx(1_414_153.029)
    assert "outlier_year" in nam["flags"].split(";")
    assert nam["typical"] < 5_000  # the median of its other years
    assert 2021 not in listed["year"].to_list()  # 2,634 kg is in line with its series


def test_the_world_cannabis_line_rings_2020(data: Dataset) -> None:
    trend = query.trend(data, view(data, "trends", grp="Cannabis-type"))
    world = point(trend, "Cannabis-type", 2020)
    assert world["flagged"] and "Namibia 2020" in world["notes"]
    figure = charts.trend_figure(trend, log_scale=False, title="t", source="s", demo=False)
    assert 2020 in ringed_years(figure, figure.data[0].line.color)
    # Under the world line, the countries reporting each year.
    bars = [t for t in figure.data if t.type == "bar"]
    assert bars and dict(zip(bars[0].x, bars[0].y, strict=True))[2020] == world["reporting"] > 100


def test_rankings_leave_namibia_2020_out_unless_asked(data: Dataset) -> None:
    state = view(data, "compare", grp="Cannabis-type", yr="2020")
    ranking = query.by_country(data, state, year=2020)
    assert "NAM" not in ranking["country_iso3"].to_list()
    left_out = query.outliers_left_out(query.shares_by_year(data, state), 2020, state)
    assert "NAM" in left_out["country_iso3"].to_list()
    included = view(data, "compare", grp="Cannabis-type", yr="2020", outl="1")
    ranked = query.by_country(data, included, year=2020)
    assert "NAM" in ranked["country_iso3"].to_list()
    # The world total of the ranking drops the outlier with it: the shares are of the same sum.
    assert ranked["share_world_pct"].sum() == pytest.approx(100.0)
    assert ranking["share_world_pct"].sum() == pytest.approx(100.0)


# ---- 5. smaller points ---------------------------------------------------------------------------------------------
def test_no_two_substances_differ_only_in_letter_case(data: Dataset) -> None:
    from dashboard.substances import spelling_key

    keys = [spelling_key(s) for s in data.vocabulary.substances]
    assert len(keys) == len(set(keys))
    four_ma = [s for s in data.vocabulary.substances if spelling_key(s) == "4-ma (4-methylamphetamine)"]
    assert len(four_ma) == 1
    # Both spellings as reported are kept, under the one name.
    reported = data.annual.filter(pl.col("substance") == four_ma[0])["substance_as_reported"].unique().to_list()
    spellings = {r.split(": ")[-1] for r in reported}  # "Phenethylamines: 4-MA (...)" in the 2012-2016 table
    assert len({r.casefold() for r in spellings}) == 1 < len(spellings)


def test_profile_coverage_marks_only_what_the_chart_shows(data: Dataset) -> None:
    from dashboard.pages.profile import model as profile_model

    state = view(data, "profile", country="NLD")
    profile = profile_model.country_profile(data, state, "NLD")
    marked = profile.coverage.filter(pl.col("reported"))
    assert set(profile.coverage["year"].to_list()) == set(range(profile.years[0], profile.years[1] + 1))
    assert 2011 not in profile.coverage["year"].to_list()  # the case records' 2011 is no year of the annual chart
    drawn = profile.trend.frame.filter(pl.col("reporting").fill_null(0) > 0)
    assert set(marked.select("year", "substance_group").iter_rows()) == set(
        drawn.select("period", "series").iter_rows()
    )
    assert "Precursors" not in marked["substance_group"].to_list()  # not a class the view shows


def test_the_overview_says_the_years_each_table_has(data: Dataset) -> None:
    from dashboard.pages.overview import model as overview_model
    from dashboard.pages.overview import text as overview_text

    state = view(data, "overview")
    words = overview_text.overview_text(data, state, overview_model.overview(data, state))
    annual = (int(data.annual["year"].min()), int(data.annual["year"].max()))
    years = data.cases.select(pl.col("year").min().alias("first"), pl.col("year").max().alias("last")).collect()
    cases = (int(years["first"][0]), int(years["last"][0]))
    assert annual == (2012, 2022) and cases[0] == 2011
    assert words.years_caption.startswith(f"Annual reports {annual[0]}–{annual[1]}; case records {cases[0]}–{cases[1]}")
    assert "2011–2022" not in words.years_caption


def test_compared_countries_ring_their_flagged_years(data: Dataset) -> None:
    state = view(data, "compare", ser="cocaine", c=["NLD", "BEL"])
    compared = query.compare(data, state, ["NLD", "BEL"])
    nld = compared.filter(pl.col("country_iso3") == "NLD")
    assert nld.filter(pl.col("flagged"))["year"].to_list() == [2016]
    figure = charts.small_multiples(compared, title="t", unit="kg", source="s", demo=False)
    rings = [t for t in figure.data if t.type == "scatter" and t.marker.symbol == "circle-open"]
    assert [list(t.x) for t in rings] == [[2016]]
    assert "carried over" in rings[0].customdata[0][0]
