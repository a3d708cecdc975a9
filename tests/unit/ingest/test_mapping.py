"""The column-mapping step: roles by header, the shape of a table, a mapping read, saved and found again."""

from __future__ import annotations

import json

import polars as pl
import pytest

from dashboard.ingest import InputError
from dashboard.ingest.mapping import (
    ColumnMapping,
    parse_mapping,
    read_mapping_file,
    save_mapping,
    saved_mapping,
    shape_key,
)
from dashboard.ingest.readers import RawTable
from dashboard.ingest.unodc_annual import find_edition, guess_roles, layout_of, parse_edition, recognise
from dashboard.store import Store


def test_headers_are_recognised_by_meaning_in_any_spelling() -> None:
    found = recognise(["Country/Territory", "ISO3", "Reference year", "DrugGroup", "Drug", "* Kilogramm equivalent"])
    assert found.complete
    assert found.roles == {
        "country": "Country/Territory",
        "code": "ISO3",
        "year": "Reference year",
        "group": "DrugGroup",
        "subgroup": "Drug",
        "kg": "* Kilogramm equivalent",
    }
    assert recognise(["country name", "iso3_CODE", "YEAR", "drug name", "kg equivalent"]).complete


def test_what_is_missing_or_unknown_is_named() -> None:
    found = recognise(["Country", "Year", "Drug", "Analyst"])
    assert found.unknown == ("Analyst",)
    assert found.missing == ("kilograms, or an amount with its unit",)
    assert recognise(["Country", "Year", "Drug", "Amount"]).missing == ("the unit of the amount",)
    assert recognise(["Country", "Country name", "Year", "Drug", "Kilograms"]).unknown == ("Country name",)  # twice


def test_a_mapping_gives_columns_their_roles_and_can_leave_one_out() -> None:
    columns = ["Pais", "Anio", "Droga", "Cantidad", "Analista"]
    mapping = {"Pais": "country", "Anio": "year", "Droga": "name", "Cantidad": "kg", "Analista": "ignore"}
    assert recognise(columns, mapping).complete
    assert guess_roles(["Pais", "Year"]) == {"Pais": None, "Year": "year"}


def test_the_closest_published_layout_gives_lag_and_title() -> None:
    exact, is_exact = layout_of(
        [
            "Region",
            "SubRegion",
            "Country",
            "DrugGroup",
            "DrugSubGroup",
            "DrugName",
            "Reference year",
            "Kilograms",
            "msCode",
        ]
    )
    assert (exact.format, exact.edition_lag, is_exact) == ("unodc_annual_2018", 1, True)
    reduced, is_exact = layout_of(
        ["Region", "Country", "DrugGroup", "DrugName", "Reference year", "Kilograms", "msCode"]
    )
    assert (reduced.format, is_exact) == ("unodc_annual_2018", False)
    other, _ = layout_of(["Pais", "Anio", "Droga", "Cantidad"])
    assert other.key == "" and other.edition_lag == 1


def table(file: str, title: list[str]) -> RawTable:
    return RawTable(file=file, frame=pl.DataFrame({"__row": [1]}), container="csv", title_lines=title)


def test_the_edition_comes_from_the_title_the_file_name_or_the_data_years() -> None:
    layout, _ = layout_of(["Pais"])
    from_title = find_edition(table("x.csv", ["World Drug Report 2024", "Annex"]), 2023, layout)
    assert (from_title.year, from_title.inferred, from_title.where) == (2024, False, "title")
    assert find_edition(table("wdr_2025_annex.xlsx", []), 2023, layout).year == 2025
    inferred = find_edition(table("seizures.csv", ["Drug seizures, 2018-2022"]), 2022, layout)
    assert (inferred.year, inferred.inferred) == (2023, True)
    assert inferred.citation("Statistical Annex", "2018-2022") == (
        "UNODC, World Drug Report 2023 (edition inferred from the data years), Statistical Annex, 2018-2022"
    )
    assert parse_edition("HONLEA Africa 2024").citation("t", "2023-2023") == "HONLEA Africa 2024, 2023-2023"
    with pytest.raises(ValueError, match="names no year"):
        parse_edition("the latest one")


def test_the_shape_of_a_table_ignores_the_order_of_its_columns() -> None:
    assert shape_key(["B", "a", "C"]) == shape_key(["c", "A", "b"]) != shape_key(["a", "b"])


def test_a_mapping_is_saved_for_its_shape_and_found_again(tmp_path) -> None:
    store = Store(tmp_path / "store")
    mapping = ColumnMapping({"Pais": "country", "Anio": "year"}, "WDR 2024")
    save_mapping(store, ["Pais", "Anio"], mapping)
    found = saved_mapping(store, ["Anio", "Pais"])
    assert found is not None and found.columns == mapping.columns
    assert saved_mapping(store, ["Pais"]) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "a column mapping is a JSON object"),
        ('{"Pais": "nation"}', "'Pais' is mapped to 'nation', which is not one of"),
        ("{not json", "not valid JSON"),
        ('{"columns": {"Pais": "country"}, "edition": 2024}', "the edition of a column mapping is a text"),
    ],
)
def test_a_bad_mapping_file_is_one_line_naming_the_file(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_mapping_file(path)
    assert (
        message in str(caught.value) and str(caught.value).startswith("mapping.json") and "\n" not in str(caught.value)
    )


def test_a_plain_object_is_the_columns_of_a_mapping() -> None:
    assert parse_mapping(json.loads('{"Pais": "country"}'), "m").columns == {"Pais": "country"}
