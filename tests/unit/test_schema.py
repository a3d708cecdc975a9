"""The canonical tables' models: the Polars schemas derive from them, and they refuse rows that break the contract."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import demo, schema
from dashboard.schema import (
    ANNUAL_SCHEMA,
    CASES_SCHEMA,
    MODELS,
    QUARANTINE_SCHEMA,
    SOURCES_SCHEMA,
    SUBSTANCE_CLASSES,
    TableError,
    validate,
)
from dashboard.substances import unit_table


def test_schemas_are_derived_from_the_models_in_their_column_order() -> None:
    for kind, derived in (
        ("cases", CASES_SCHEMA),
        ("annual", ANNUAL_SCHEMA),
        ("quarantine", QUARANTINE_SCHEMA),
        ("sources", SOURCES_SCHEMA),
    ):
        model = MODELS[kind]
        assert list(derived) == model.columns
        assert all(isinstance(dtype, pl.DataType) for dtype in derived.values())
    assert CASES_SCHEMA["year"] == pl.Int32() and CASES_SCHEMA["month"] == pl.Int8()
    assert CASES_SCHEMA["seizure_date"] == pl.Date() and ANNUAL_SCHEMA["is_total"] == pl.Boolean()
    assert list(CASES_SCHEMA)[:3] == ["record_id", "source_id", "source_row"]


def test_closed_vocabularies() -> None:
    assert SUBSTANCE_CLASSES == ("drug", "precursor", "nps", "ods_hfc", "other")
    assert tuple(unit_table()["unit"].to_list()) == schema.UNITS
    assert "free_trade_zone" in schema.ROUTINGS and "unknown" in schema.CONVEYANCES


def test_the_demonstration_frames_keep_the_contract() -> None:
    validate(demo.demo_cases(), "cases")
    validate(demo.demo_annual(), "annual")
    validate(demo.demo_sources(), "sources")


@pytest.fixture(scope="module")
def cases() -> pl.DataFrame:
    return demo.demo_cases().head(50)


def _broken(cases: pl.DataFrame, column: str, value: object, rows: int) -> pl.DataFrame:
    dtype = cases.schema[column]
    bad = pl.when(pl.col("source_row") <= rows).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column))
    return cases.with_columns(bad.alias(column))


@pytest.mark.parametrize(
    ("column", "value", "rows", "says"),
    [
        ("country_iso3", "Spain", 3, "3 rows with out of bound values (pattern ^[A-Z]{3}$)"),
        ("country_iso3", "esp", 1, "1 row with out of bound values"),
        ("destination_iso3", "ES", 2, "2 rows with out of bound values"),
        ("transit_iso3", "PAN;CRI", 2, "2 rows with out of bound values"),
        ("year", None, 2, "2 missing values"),
        ("record_id", None, 1, "1 missing value"),
        (
            "substance_class",
            "medicine",
            4,
            "4 rows with values outside ['drug', 'precursor', 'nps', 'ods_hfc', 'other']",
        ),
        ("conveyance", "plane", 5, "5 rows with values outside"),
        ("unit", "bucket", 1, "1 row with values outside"),
        ("month", 13, 2, "2 rows with out of bound values (minimum 1, maximum 12)"),
    ],
)
def test_a_row_that_breaks_the_model_is_refused_with_its_column_and_count(
    cases: pl.DataFrame, column: str, value: object, rows: int, says: str
) -> None:
    with pytest.raises(TableError) as caught:
        validate(_broken(cases, column, value, rows), "cases")
    assert caught.value.problems == [(column, rows, caught.value.problems[0][2])]
    assert f"column {column}: {says}" in str(caught.value)
    assert str(caught.value).startswith("cases table breaks its model (CasesRow): ")


def test_nulls_are_allowed_where_the_importers_allow_them(cases: pl.DataFrame) -> None:
    for column in ("seizure_date", "month", "conveyance", "departure_iso3", "transit_iso3", "channel", "kg_equivalent"):
        validate(_broken(cases, column, None, 10), "cases")


def test_several_problems_are_listed_in_column_order(cases: pl.DataFrame) -> None:
    frame = _broken(_broken(cases, "substance_class", "medicine", 2), "year", None, 3)
    with pytest.raises(TableError) as caught:
        validate(frame, "cases")
    assert [(column, count) for column, count, _ in caught.value.problems] == [("year", 3), ("substance_class", 2)]


def test_a_wrong_dtype_or_a_missing_column_is_refused(cases: pl.DataFrame) -> None:
    with pytest.raises(TableError, match="column year: Polars dtype Int64 does not match"):
        validate(cases.with_columns(pl.col("year").cast(pl.Int64)), "cases")
    with pytest.raises(TableError, match="column quality_flags: Missing column"):
        validate(cases.drop("quality_flags"), "cases")


def test_annual_rows_need_an_edition_and_a_known_class() -> None:
    annual = demo.demo_annual().head(20)
    with pytest.raises(TableError, match=r"column edition_year: 20 missing values"):
        validate(annual.with_columns(pl.lit(None, pl.Int32).alias("edition_year")), "annual")
    with pytest.raises(TableError, match=r"column substance_class: 20 rows with values outside"):
        validate(annual.with_columns(pl.lit("drugs").alias("substance_class")), "annual")
    with pytest.raises(TableError, match=r"column country_iso3: 20 rows with out of bound values"):
        validate(annual.with_columns(pl.lit("KOSOVO").alias("country_iso3")), "annual")
