"""The Trends page's controls and sentences."""

from __future__ import annotations

import polars as pl

from dashboard.pages.trends import params
from dashboard.pages.trends import text as trends
from dashboard.query import Trend
from dashboard.state import ViewState
from tests.unit.datasets import dataset


def trend(*, series: int = 2, total: int = 2, countries: int = 3) -> Trend:
    frame = pl.DataFrame({"period": [2015] * series, "series": [f"S{i}" for i in range(series)], "value": 1.0})
    return Trend(frame=frame, measure="kg", unit="kg", records=1234, countries=countries, series_total=total)


def test_controls_from_view_keep_months_only_where_possible() -> None:
    state = ViewState(breakdown="region", resolution="month", log_scale=True)
    assert params.controls_from_view(state, monthly_possible=True) == ("region", "month", True)
    assert params.controls_from_view(state, monthly_possible=False) == ("region", "year", True)


def test_trend_text_per_year() -> None:
    text = trends.trend_text(dataset(), ViewState(), trend(), monthly_possible=False)
    assert not text.monthly and text.period_name == "year"
    assert text.title == (
        "Quantity seized, from annual reports: narcotic drugs and psychotropics, 2015–2020 — by substance "
        "group, per year"
    )
    assert text.summary == (
        "These figures rest on **1,234 rows of the annual reports** from **3 countries** (2015–2020). "
        "**A gap in a line means not reported — never zero.** "
        "Monthly resolution is available for measures from case records."
    )
    assert text.notes[0] == text.title
    assert text.notes[1] == (
        "What is counted: narcotic drugs and psychotropics; 2015–2020; all regions; plant material left out"
    )
    assert text.notes[2] == "Unit: kg"
    assert text.details == {"table": "Table of the chart", "change": "Change from the previous year"}
    assert text.change_title == (
        "Change from the previous year: quantity seized, from annual reports, narcotic drugs and "
        "psychotropics, by substance group"
    )
    assert text.table_caption == (
        "One row per year, one column per substance group (narcotic drugs and psychotropics), in kg. "
        "A year a country did not report is written out as not reported (never zero)."
    )
    assert (text.file_name, text.change_file_name) == ("trends-group-year.csv", "trends-change-group-year.csv")


def test_trend_text_per_month_on_a_log_scale_with_series_left_out() -> None:
    state = ViewState(measure="seizures", resolution="month", breakdown="country", log_scale=True)
    text = trends.trend_text(dataset(demo=True), state, trend(total=9, countries=1), monthly_possible=True)
    assert text.monthly and text.period_name == "month"
    assert "**1,234 case records with a known month** from **1 country**" in text.summary
    assert " The chart draws the 2 largest of 9 country series over the period." in text.summary
    assert text.summary.endswith(" On a logarithmic scale a zero cannot be drawn: see the table.")
    assert "Monthly resolution is available" not in text.summary
    assert text.notes[0] == "DEMONSTRATION DATA - NOT REAL SEIZURES"
    assert text.file_name == "trends-country-month.csv"


def test_a_month_asked_for_without_case_dates_is_a_year() -> None:
    text = trends.trend_text(dataset(), ViewState(resolution="month"), trend(), monthly_possible=False)
    assert not text.monthly and text.title.endswith("per year")


def test_an_empty_trend_has_no_series() -> None:
    empty = Trend(frame=pl.DataFrame(schema={"series": pl.String}), measure="kg", unit="kg", records=0, countries=0)
    assert "largest of" not in trends.trend_text(dataset(), ViewState(), empty, monthly_possible=True).summary


def test_case_records_mostly_from_one_country_carry_a_warning() -> None:
    from dashboard.data import Dataset
    from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, conform

    skewed = Dataset(
        cases=conform(
            pl.DataFrame({"year": [2014] * 8 + [2015, 2015], "country_iso3": ["COL"] * 8 + ["ESP", "NLD"]}),
            CASES_SCHEMA,
        ),
        annual=pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=pl.DataFrame({"source_id": ["test"], "kind": ["cases"], "citation": ["UNODC, test"]}),
        is_demo=False,
        version="test",
    )
    text = trends.trend_text(skewed, ViewState(measure="seizures", classes=()), trend(), monthly_possible=True)
    assert "80% of these case records come from Colombia" in text.summary
    assert "(2014–2015)" in text.summary  # the years the case records cover, not the whole slider


def test_what_stands_below_the_chart_is_a_page_parameter() -> None:
    assert params.below(ViewState()) == "table"
    assert params.with_below(ViewState(), "change").page == {"view": "change"}
    assert params.with_below(ViewState(page={"view": "change"}), "table").page == {}


def test_the_unit_in_the_table_caption_and_the_download_notes_is_the_language_s_own() -> None:
    from dashboard.i18n import using

    with using("ar"):
        text = trends.trend_text(dataset(), ViewState(), trend(), monthly_possible=False)
    # "kg" is the stored code; an Arabic sentence writes the unit as Arabic does.
    assert " kg" not in text.table_caption and "كغ" in text.table_caption, text.table_caption
    assert not any(note.endswith(": kg") for note in text.notes) and any("كغ" in note for note in text.notes)
