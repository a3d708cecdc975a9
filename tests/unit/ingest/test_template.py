from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard.annual_rules import group_totals
from dashboard.ingest import InputError, import_file
from dashboard.ingest.template import ANNUAL_OPTIONAL, ANNUAL_REQUIRED, CASE_OPTIONAL, CASE_REQUIRED
from dashboard.store import Store
from tests.conftest import REPO_ROOT

TEMPLATES = REPO_ROOT / "data" / "templates"
CASE_COLUMNS = [*CASE_REQUIRED, *CASE_OPTIONAL]


def write_cases(path: Path, rows: list[dict], columns: list[str] = CASE_COLUMNS) -> Path:
    pl.DataFrame(
        [{c: r.get(c, "") for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.String)
    ).write_csv(path)
    return path


GOOD = {"date": "2023-03-14", "country": "Netherlands", "substance": "Cocaine", "amount": "12.5", "unit": "kg"}


def test_shipped_templates_and_examples_import_cleanly(tmp_store: Store):
    for name in ("seizure_cases_template.csv", "seizure_cases_template.xlsx", "annual_seizures_template.csv"):
        report = import_file(TEMPLATES / name, tmp_store)
        assert report.rows_read == 0 and report.balanced
    cases = import_file(TEMPLATES / "seizure_cases_example.csv", tmp_store)
    annual = import_file(TEMPLATES / "annual_seizures_example.csv", tmp_store)
    assert cases.format == "template_cases" and cases.rows_quarantined == 0 and cases.rows_stored == 6
    assert annual.format == "template_annual" and annual.rows_quarantined == 0 and annual.rows_stored == 10
    stored = tmp_store.scan("cases").collect()
    assert set(stored["substance_class"]) == {"drug", "precursor", "ods_hfc"}
    assert stored.filter(pl.col("substance") == "R-404A")["kg_equivalent"].to_list() == [1450.0]
    # Brazil's cocaine total replaces its two components; cannabis plants stay apart.
    kg = group_totals(tmp_store.scan("annual"), ["country_iso3"]).collect()
    assert dict(zip(kg["country_iso3"], kg["kg"], strict=True))["BRA"] == 62800.0


def test_row_problems_are_quarantined(tmp_store: Store, tmp_path: Path):
    rows = [
        GOOD,
        {**GOOD, "date": "2999-01-01"},
        {**GOOD, "date": "14/03/2023"},
        {**GOOD, "country": "Narnia"},
        {**GOOD, "amount": "-4"},
        {**GOOD, "amount": "lots"},
        {**GOOD, "amount": "2e9", "unit": "t"},
        {**GOOD, "unit": "bushel"},
        {**GOOD, "substance": "HCFC-22", "unit": "cylinder"},
        {**GOOD, "conveyance": "camel"},
        {**GOOD, "destination_country": "Atlantis"},
        {**GOOD, "transit_countries": "Spain; Nowhere"},
        {**GOOD, "substance": "Mystery powder"},
        {**GOOD, "transit_countries": "Spain|NLD", "channel": "E-commerce", "conveyance": "Sea"},
    ]
    report = import_file(write_cases(tmp_path / "cases.csv", rows), tmp_store)
    assert report.balanced and report.rows_stored == 3 and report.rows_quarantined == 11
    q = tmp_store.quarantine().sort("row")
    assert q["row"].to_list() == list(range(3, 14))
    text = " | ".join(q["reason"].to_list())
    for expected in (
        "in the future",
        "cannot be read",
        "'Narnia'",
        "negative",
        "not a number",
        "absurd",
        "'bushel' is not a known unit",
        "ODS/HFC amounts must be a mass",
        "'camel' is not one of",
        "'Atlantis' cannot be resolved",
        "transit country",
    ):
        assert expected in text
    stored = tmp_store.scan("cases").collect().sort("source_row")
    assert stored["substance_group"].to_list()[1] == "Unidentified or unclassified substances"
    last = stored.row(2, named=True)
    assert last["transit_iso3"] == "ESP|NLD" and last["channel"] == "e_commerce" and last["conveyance"] == "sea"


def test_unknown_column_is_a_one_line_error(tmp_store: Store, tmp_path: Path):
    path = write_cases(tmp_path / "typo.csv", [GOOD], [*CASE_REQUIRED, "destinaton_country"])
    with pytest.raises(InputError) as caught:
        import_file(path, tmp_store)
    assert "unknown column(s) 'destinaton_country'" in str(caught.value) and "\n" not in str(caught.value)
    assert tmp_store.is_empty()


def test_annual_template_validation(tmp_store: Store, tmp_path: Path):
    columns = [*ANNUAL_REQUIRED, *ANNUAL_OPTIONAL]
    good = {"country": "Kenya", "year": "2021", "substance": "Heroin", "amount": "3,5", "unit": "kg"}
    rows = [
        good,
        {**good, "year": "2099"},
        {**good, "year": "21.5"},
        {**good, "is_total": "maybe"},
        {**good, "country": "Unknown"},
    ]
    path = tmp_path / "annual.csv"
    pl.DataFrame(
        [{c: r.get(c, "") for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.String)
    ).write_csv(path, separator=";")
    report = import_file(path, tmp_store)
    assert (report.rows_stored, report.rows_quarantined) == (1, 4)
    row = tmp_store.scan("annual").collect().row(0, named=True)
    assert row["kg_equivalent"] == 3.5 and row["edition_year"] == 2022 and not row["is_total"]
