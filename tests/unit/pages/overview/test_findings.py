"""The Overview's key findings from small annual tables: like-for-like change, record year, who reported."""

from __future__ import annotations

import polars as pl

from dashboard.data import Dataset
from dashboard.pages.overview import findings, findings_text
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, conform
from dashboard.state import DEFAULT


def annual(rows: list[tuple[str, int, str, float | None]]) -> Dataset:
    frame = pl.DataFrame(
        {
            "country_iso3": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "substance_group": [r[2] for r in rows],
            "substance": [r[2] for r in rows],
            "kg_equivalent": [r[3] for r in rows],
            "substance_class": "drug",
            "source_id": "a",
            "edition": "UNODC drug seizures 2018-2022",
            "edition_year": 2024,
            "is_total": False,
            "is_plant_material": False,
            "record_id": [f"r{i}" for i in range(len(rows))],
        }
    )
    return Dataset(
        cases=pl.DataFrame(schema=CASES_SCHEMA),
        annual=conform(frame, ANNUAL_SCHEMA),
        sources=pl.DataFrame({"source_id": ["a"], "kind": ["annual"], "citation": ["UNODC, test"]}),
        is_demo=False,
        version="t",
    )


ROWS = [
    # Cocaine: Colombia and Spain both years; Peru only in 2022 (a new reporter must not make a "rise").
    ("COL", 2021, "Cocaine-type", 10_000.0),
    ("COL", 2022, "Cocaine-type", 12_000.0),
    ("ESP", 2021, "Cocaine-type", 5_000.0),
    ("ESP", 2022, "Cocaine-type", 6_000.0),
    ("PER", 2022, "Cocaine-type", 90_000.0),
    # Opioids: a tiny base (500 kg) is no news, however large the per cent.
    ("AFG", 2021, "Opioids", 500.0),
    ("AFG", 2022, "Opioids", 5_000.0),
    # Denmark reported 2021 and has no figure in 2022 (a null is not reported, not zero).
    ("DNK", 2021, "Cocaine-type", 100.0),
    ("DNK", 2022, "Cocaine-type", None),
]


def test_change_is_like_for_like_and_needs_a_base() -> None:
    found = findings.findings(annual(ROWS), DEFAULT)
    change = found.change
    assert change is not None and change.group == "Cocaine-type"
    # Colombia, Spain and Denmark reported in 2021 but Denmark has no 2022 figure: Colombia and Spain only.
    assert (change.value, change.previous, change.countries) == (18_000.0, 15_000.0, 2)
    assert round(change.change_pct) == 20


def test_reporting_names_who_stopped_and_who_is_new() -> None:
    found = findings.findings(annual(ROWS), DEFAULT).reporting
    assert found is not None and found.year == 2022
    assert found.stopped == ["Denmark"]
    assert found.first_time == ["Peru"]
    said = findings_text.reporting_text(found, DEFAULT).sentence
    assert "1 country** that reported for 2021 has no figure for 2022: Denmark" in said
    assert "Peru" in said


def test_record_year_is_the_latest_when_it_is_the_highest() -> None:
    record = findings.findings(annual(ROWS), DEFAULT).record
    assert record is not None and (record.group, record.year) == ("Cocaine-type", 2022)
    assert record.previous_high == 15_100.0 and record.previous_year == 2021
