"""What several pages say the same way: chart labels, download notes, table decimals."""

from __future__ import annotations

import polars as pl

from dashboard.data import Dataset
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, conform
from dashboard.state import ViewState
from dashboard.views import shared


def dataset(*, demo: bool = False, citation: str = "UNODC, test") -> Dataset:
    return Dataset(
        cases=conform(pl.DataFrame({"year": [2015, 2018, 2020], "country_iso3": ["COL", "ESP", "NLD"]}), CASES_SCHEMA),
        annual=pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=pl.DataFrame({"citation": [citation]}),
        is_demo=demo,
        version="test",
    )


def test_download_notes_name_title_unit_years_source_and_gaps() -> None:
    notes = shared.download_notes(dataset(), ViewState(year_from=2016), "Title", "kg")
    assert notes == [
        "Title",
        "Unit: kg",
        "Years 2016-2020",
        "Source: UNODC, test",
        "An empty value means not reported (not zero).",
    ]


def test_download_notes_of_demonstration_data_say_so_first() -> None:
    notes = shared.download_notes(dataset(demo=True), ViewState(), "Title", "kg")
    assert notes[0] == "DEMONSTRATION DATA - NOT REAL SEIZURES" and notes[1] == "Title"


def test_chart_labels_are_the_figure_builders_keywords() -> None:
    assert shared.chart_labels(dataset(demo=True), ViewState(), "T", "kg") == {
        "title": "T",
        "unit": "kg",
        "source": "UNODC, test",
        "demo": True,
    }


def test_table_decimals() -> None:
    assert shared.table_decimals("kg") == 0 and shared.table_decimals("seizures") == 0
    assert shared.table_decimals("odp_t") == 3 and shared.table_decimals("co2e_t") == 3
