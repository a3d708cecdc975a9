from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from dashboard.annual_rules import group_totals
from dashboard.ingest import InputError, import_file
from dashboard.store import Store
from tests.conftest import FIXTURES

ANNUAL = FIXTURES / "annual"


def stored(store: Store) -> pl.DataFrame:
    return store.scan("annual").collect()


def reasons(store: Store) -> list[str]:
    return sorted(store.quarantine()["reason"].to_list())


def test_2018_2022_workbook(tmp_store: Store):
    report = import_file(ANNUAL / "wdr2023_small.xlsx", tmp_store)
    assert report.format == "unodc_annual_2018"
    assert report.balanced and (report.rows_read, report.rows_stored, report.rows_quarantined) == (16, 10, 6)
    assert reasons(tmp_store) == sorted(
        [
            "country 'Atlantis' (code 'ATL') cannot be resolved to ISO3",
            "amount -5 kg is negative",
            "year 2099 is in the future",
            "amount 5000000000000 kg is absurd (more than 1e+09 kg)",
            "year '20x1' is not a whole number",
            "amount missing",
        ]
    )
    rows = stored(tmp_store)
    assert set(rows["country_iso3"]) == {"KEN", "BEL", "XKX"}
    assert rows.filter(pl.col("is_total"))["total_of"].sort().to_list() == ["Cocaine", "Ecstasy-type substances"]
    assert rows.filter(pl.col("is_plant_material"))["substance"].sort().to_list() == ["Cannabis plants", "Coca leaf"]
    assert rows.filter(pl.col("kg_equivalent") == 0).height == 1  # a reported zero is kept
    # The file's name says WDR 2023 ("wdr2023_small.xlsx"): the edition comes from it, not from the data years.
    assert rows["edition_year"].unique().to_list() == [2023]
    assert tmp_store.sources()["edition_inferred"].to_list() == [False]
    quarantine = tmp_store.quarantine()
    assert quarantine.filter(pl.col("reason") == "amount missing")["row"].to_list() == [13]  # as seen in Excel
    # Totals rule: Kenya's cocaine total (20) replaces 10.5 + 2.25; coca leaf and cannabis plants stay apart.
    kg = group_totals(tmp_store.scan("annual"), ["country_iso3", "substance_group"]).collect()
    ken = dict(
        zip(
            kg.filter(pl.col("country_iso3") == "KEN")["substance_group"],
            kg.filter(pl.col("country_iso3") == "KEN")["kg"],
            strict=True,
        )
    )
    assert ken["Cocaine-type"] == 20.0 and ken["Cannabis-type"] == pytest.approx(8474.41)


def test_2015_2019_workbook_keeps_units_and_quarantines_note_rows(tmp_store: Store):
    report = import_file(ANNUAL / "wdr2021_small.xlsx", tmp_store)
    assert report.format == "unodc_annual_2015"
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (10, 6, 4)
    assert reasons(tmp_store).count("note row below the table: no country, year or figure") == 2
    assert "unit 'Bushel' is not a known unit" in reasons(tmp_store)
    rows = stored(tmp_store).sort("source_row")
    assert set(rows["country_iso3"]) == {"KEN", "MUS", "DEU", "NZL"}  # MAR is Mauritius in UNODC's codes
    kenya = rows.row(0, named=True)
    assert (
        kenya["amount_as_reported"] == 283 and kenya["unit_as_reported"] == "Gram" and kenya["kg_equivalent"] == 0.283
    )
    assert kenya["is_converted_unit"] and kenya["data_source"] == "ARQ"
    mdma = rows.filter(pl.col("substance") == "MDMA").row(0, named=True)
    assert mdma["substance_group"] == "Ecstasy-type substances" and mdma["kg_equivalent"] == pytest.approx(2.71)
    bottles = rows.filter(pl.col("unit_as_reported") == "Bottles").row(0, named=True)
    assert bottles["kg_equivalent"] is None and "unodc_zero_kg_for_unconverted_unit" in bottles["quality_flags"]
    assert rows.filter(pl.col("unit_as_reported") == "Millilitre")["is_converted_unit"].to_list() == [True]


def test_2012_2016_csv_with_kosovo(tmp_store: Store):
    report = import_file(ANNUAL / "seizures_2012_2016_small.csv", tmp_store)
    assert report.format == "unodc_annual_2012"
    rows = stored(tmp_store)
    assert "XKX" in rows["country_iso3"].to_list()
    assert reasons(tmp_store) == ["amount missing"]
    latvia = rows.filter((pl.col("country_iso3") == "LVA") & (pl.col("substance_as_reported") == "ATS"))
    assert not latvia["is_total"].any()  # group-named rows of old editions are unspecified, not totals


@pytest.mark.parametrize(
    ("xlsx", "csv", "rows"),
    [
        ("wdr2023_small.xlsx", "wdr2023_semicolon_decimal_comma.csv", 10),
        ("wdr2021_small.xlsx", "wdr2021_semicolon_decimal_comma.csv", 6),
    ],
)
def test_semicolon_decimal_comma_variant_reads_the_same_numbers(tmp_path: Path, xlsx: str, csv: str, rows: int):
    a, b = Store(tmp_path / "a"), Store(tmp_path / "b")
    import_file(ANNUAL / xlsx, a)
    report = import_file(ANNUAL / csv, b)
    assert report.rows_stored == rows
    keys = ["country_iso3", "year", "substance_as_reported"]
    left = stored(a).sort("source_row").head(rows).select(*keys, "kg_equivalent")
    right = stored(b).sort("source_row").select(*keys, "kg_equivalent")
    assert left.to_dicts() == right.to_dicts()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("truncated.xlsx", "damaged or truncated"),
        ("utf16_no_bom.csv", "not a text table"),
        ("random_bytes.csv", "not a text table"),
        ("unknown_columns.csv", "unknown column(s) 'Analyst'"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_store: Store, name: str, message: str):
    with pytest.raises(InputError) as caught:
        import_file(ANNUAL / name, tmp_store)
    text = str(caught.value)
    assert message in text and "\n" not in text and text.startswith(name)
    assert tmp_store.is_empty()


def test_importing_twice_changes_nothing(tmp_store: Store):
    first = import_file(ANNUAL / "wdr2023_small.xlsx", tmp_store)
    before = stored(tmp_store)
    second = import_file(ANNUAL / "wdr2023_small.xlsx", tmp_store)
    assert second.already_imported and second.source_id == first.source_id
    assert stored(tmp_store).equals(before) and tmp_store.sources().height == 1


def test_failed_import_leaves_the_store_intact(tmp_store: Store, tmp_path: Path):
    import_file(ANNUAL / "seizures_2012_2016_small.csv", tmp_store)
    sources, rows = tmp_store.sources(), stored(tmp_store)
    broken = tmp_path / "drug_seizures.xlsx"
    shutil.copy(ANNUAL / "truncated.xlsx", broken)
    with pytest.raises(InputError):
        import_file(broken, tmp_store)
    assert tmp_store.sources().equals(sources) and stored(tmp_store).equals(rows)
