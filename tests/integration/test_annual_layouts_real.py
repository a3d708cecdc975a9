"""Issue 9, point 1: other layouts of the same UNODC table import, with full row accounting and the same figures.

Every layout is made here, at run time, from the real 2018-2022 workbook (never a committed copy): its SubRegion and
DrugSubGroup columns dropped, its headers renamed, its columns reordered, a title block above the header, the header
on row 4, and a layout no synonym knows, mapped once through the mapping step (and then reused for a file of the
same shape). Each gives the same kilograms per substance group and year as the original.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from dashboard.annual_rules import group_totals
from dashboard.cli import main as cli
from dashboard.ingest import MappingNeeded, import_file
from dashboard.store import Store

pytestmark = pytest.mark.realdata

ROWS = 11_013  # data rows of the workbook (below its title and header)
QUARANTINED = 72  # rows with no kilogram figure
RENAMED = {
    "Country": "Country name",
    "DrugName": "Drug name",
    "Reference year": "Year",
    "Kilograms": "Kg equivalent",
    "msCode": "Iso3_code",
}
SPANISH = {
    "Region": "Región",
    "SubRegion": "Subregión",
    "Country": "País",
    "DrugGroup": "Grupo",
    "DrugSubGroup": "Subgrupo",
    "DrugName": "Droga",
    "Reference year": "Año",
    "Kilograms": "Cantidad (kg)",
    "msCode": "Código",
}
MAPPING = {
    "Región": "region",
    "Subregión": "subregion",
    "País": "country",
    "Grupo": "group",
    "Subgrupo": "subgroup",
    "Droga": "name",
    "Año": "year",
    "Cantidad (kg)": "kg",
    "Código": "code",
}


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> pl.DataFrame:
    return pl.read_excel(
        shared_data / "unodc-annual-seizures" / "drug_seizures_2018_2022.xlsx",
        sheet_name="Export",
        read_options={"header_row": 1},
        infer_schema_length=0,
    )


def write_xlsx(path: Path, frame: pl.DataFrame, title_rows: list[str]) -> Path:
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("Export")
        for row, line in enumerate(title_rows):
            if line:
                sheet.write_string(row, 0, line)
        top = len(title_rows)
        for column, name in enumerate(frame.columns):
            sheet.write_string(top, column, name)
        for row, values in enumerate(frame.iter_rows(), start=top + 1):
            for column, value in enumerate(values):
                if value is not None:
                    sheet.write_string(row, column, value)
    return path


def write_csv(path: Path, frame: pl.DataFrame, title_lines: list[str] = ()) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(line + "\n" for line in title_lines)
        out.write(frame.write_csv())
    return path


def kg_by_group_and_year(store: Store) -> dict[tuple[int, str], float]:
    frame = group_totals(store.scan("annual"), ["year", "substance_group"]).collect()
    return {(r["year"], r["substance_group"]): r["kg"] for r in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def original(shared_data: Path, tmp_path_factory) -> tuple[dict, object]:
    store = Store(tmp_path_factory.mktemp("original"))
    report = import_file(shared_data / "unodc-annual-seizures" / "drug_seizures_2018_2022.xlsx", store)
    return kg_by_group_and_year(store), report


def assert_same_figures(report, store: Store, original) -> None:
    expected, original_report = original
    assert report.balanced and report.rows_read == ROWS, report.summary()
    assert (report.rows_stored, report.rows_quarantined) == (ROWS - QUARANTINED, QUARANTINED), report.summary()
    assert report.duplicates_skipped == 0
    found = kg_by_group_and_year(store)
    assert found.keys() == expected.keys()
    for key, kg in expected.items():
        assert found[key] == pytest.approx(kg, rel=1e-9, abs=1e-6), key
    assert original_report.format == "unodc_annual_2018"


def test_without_the_subregion_and_subgroup_columns(raw, tmp_path, original):
    # The subgroups come from the project's vocabulary; the totals are still recognised, by their names.
    path = write_xlsx(tmp_path / "seizures.xlsx", raw.drop("SubRegion", "DrugSubGroup"), ["Drug seizures, 2018-2022"])
    store = Store(tmp_path / "store")
    report = import_file(path, store)
    assert report.format == "unodc_annual"
    assert any("no subgroup column" in note for note in report.notes)
    assert_same_figures(report, store, original)
    totals = store.scan("annual").filter(pl.col("is_total")).collect()
    assert set(totals["total_of"]) >= {"Cocaine", "Cannabis-type", "Ecstasy-type substances"}


def test_with_renamed_headers(raw, tmp_path, original):
    path = write_csv(tmp_path / "renamed.csv", raw.rename(RENAMED))
    store = Store(tmp_path / "store")
    report = import_file(path, store)
    assert report.format == "unodc_annual" and any("recognised by their meaning" in n for n in report.notes)
    assert_same_figures(report, store, original)
    # The code column is ISO3 here: read as ISO3 because the country names agree with it.
    assert "MUS" in store.scan("annual").select("country_iso3").collect()["country_iso3"].to_list()


def test_with_its_columns_in_another_order(raw, tmp_path, original):
    path = write_csv(tmp_path / "reordered.csv", raw.select(list(reversed(raw.columns))))
    store = Store(tmp_path / "store")
    assert_same_figures(import_file(path, store), store, original)


def test_with_a_title_block_that_names_the_edition(raw, tmp_path, original):
    title = ["World Drug Report 2024", "Statistical annex 7.1, Drug seizures", "Source: UNODC, ARQ, Governments"]
    path = write_csv(tmp_path / "annex.csv", raw, title)
    store = Store(tmp_path / "store")
    report = import_file(path, store)
    assert_same_figures(report, store, original)
    source = store.sources().row(0, named=True)
    assert (source["edition_inferred"], source["citation"]) == (
        False,
        "UNODC, World Drug Report 2024, Statistical Annex 7.1, Drug seizures, 2018-2022",
    )
    assert store.scan("annual").select(pl.col("edition_year").unique()).collect().item() == 2024


def test_with_the_header_on_row_4_and_renamed_codes(raw, tmp_path, original):
    frame = raw.rename({"msCode": "ISO3", "Reference year": "Year"})
    path = write_xlsx(tmp_path / "row4.xlsx", frame, ["Drug seizures 2018-2022", "", "* Kilograms: see methodology"])
    store = Store(tmp_path / "store")
    report = import_file(path, store)
    assert_same_figures(report, store, original)
    quarantine = store.quarantine()
    assert quarantine["row"].min() > 4  # row numbers as a person sees them, below the header on row 4
    source = store.sources().row(0, named=True)
    assert source["edition_inferred"] is True
    assert source["citation"] == (
        "UNODC, World Drug Report 2023 (edition inferred from the data years), Statistical Annex 7.1, Drug seizures, "
        "2018-2022"
    )


def test_an_unknown_layout_is_mapped_once_and_the_mapping_is_reused(raw, tmp_path, original, capsys):
    spanish = raw.rename(SPANISH)
    path = write_csv(tmp_path / "incautaciones.csv", spanish)
    store_dir = tmp_path / "store"
    with pytest.raises(MappingNeeded) as needed:
        import_file(path, Store(store_dir))
    assert needed.value.guesses["Región"] is None and "País" in needed.value.columns
    # The command line names what is missing and how to map it.
    assert cli(["--data-dir", str(store_dir), "import", str(path)]) == 1
    error = capsys.readouterr().err
    assert "unknown column(s) 'Región'" in error and "--mapping FILE" in error and "\n" not in error.strip()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": MAPPING, "edition": "WDR 2023"}), encoding="utf-8")
    assert cli(["--data-dir", str(store_dir), "import", str(path), "--mapping", str(mapping)]) == 0
    store = Store(store_dir)
    report = store.report(store.sources()["source_id"][0])
    assert report["format"] == "unodc_annual_mapped"
    assert store.sources()["edition_inferred"].to_list() == [False]
    expected, _ = original
    assert kg_by_group_and_year(store) == pytest.approx(expected)
    # A file of the same shape (columns in another order, fewer rows) imports with the saved mapping, unasked.
    later = write_csv(tmp_path / "incautaciones_2022.csv", spanish.filter(pl.col("Año") == "2022").reverse())
    second = import_file(later, store)
    assert second.format == "unodc_annual_mapped" and second.balanced
    assert second.rows_read == raw.filter(pl.col("Reference year") == "2022").height


def test_a_mapping_that_leaves_a_role_out_is_refused_with_what_is_missing(raw, tmp_path):
    path = write_csv(tmp_path / "incautaciones.csv", raw.rename(SPANISH))
    mapping = tmp_path / "mapping.json"
    without_year = {column: role for column, role in MAPPING.items() if role != "year"} | {"Año": "ignore"}
    mapping.write_text(json.dumps(without_year), encoding="utf-8")
    with pytest.raises(MappingNeeded, match="no column for a year"):
        from dashboard.ingest.mapping import read_mapping_file

        import_file(path, Store(tmp_path / "store"), column_mapping=read_mapping_file(mapping))
    assert Store(tmp_path / "store").is_empty()


def test_an_edition_named_by_the_file_name_or_given_is_not_inferred(raw, tmp_path):
    named = write_csv(tmp_path / "WDR 2024 drug seizures.csv", raw.head(50))
    store = Store(tmp_path / "a")
    import_file(named, store)
    assert store.sources().select("edition", "edition_inferred").row(0) == (
        "UNODC drug seizures 2018-2022 (WDR 2024)",
        False,
    )
    given = Store(tmp_path / "b")
    import_file(write_csv(tmp_path / "seizures.csv", raw.head(50)), given, edition="World Drug Report 2025")
    assert given.sources()["citation"].to_list() == [
        "UNODC, World Drug Report 2025, Statistical Annex 7.1, Drug seizures, 2018-2022"
    ]
