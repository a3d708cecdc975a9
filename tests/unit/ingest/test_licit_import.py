"""Importers of the licit-trade templates: good files, bad rows (quarantined with reasons), bad files (one-line
InputError), and row accounting, through the same pipeline as the seizure importers."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from dashboard.ingest import import_file
from dashboard.ingest.licit import AUTHORISATIONS_FORMAT, ESTIMATES_FORMAT
from dashboard.ingest.report import InputError
from dashboard.licit.model import AUTHORISATIONS_SCHEMA, ESTIMATES_SCHEMA, load_licit
from dashboard.store import Store
from tests.conftest import REPO_ROOT

TEMPLATES = REPO_ROOT / "data" / "templates"
AUTH_HEADER = (
    "authorisation_id,exporting_country,importing_country,substance,quantity_kg,issued_date,shipment_date,status,"
    "quantity_received_kg,year"
)
EST_HEADER = "country,substance,year,estimate_kg,kind,published_date"
NEXT_YEAR = dt.date.today().year + 1


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def quarantine_of(store: Store, report) -> pl.DataFrame:
    return store.quarantine(report.source_id)


def reasons_by_row(quarantine: pl.DataFrame) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row in quarantine.iter_rows(named=True):
        out.setdefault(row["row"], []).append(f"{row['column']}: {row['reason']}")
    return out


# ---- good files ----------------------------------------------------------------------------------------------------
def test_example_files_import_completely(tmp_store: Store) -> None:
    auth = import_file(TEMPLATES / "licit_authorisations_example.csv", tmp_store)
    est = import_file(TEMPLATES / "licit_estimates_example.csv", tmp_store)
    assert (auth.kind, auth.format, auth.rows_read, auth.rows_stored, auth.rows_quarantined) == (
        "authorisations",
        AUTHORISATIONS_FORMAT,
        9,
        9,
        0,
    )
    assert (est.kind, est.format, est.rows_read, est.rows_stored) == ("estimates", ESTIMATES_FORMAT, 5, 5)
    assert auth.balanced and est.balanced
    stored = tmp_store.scan("authorisations").collect()
    assert stored.schema == pl.Schema(AUTHORISATIONS_SCHEMA)
    first = stored.filter(pl.col("authorisation_id") == "TH-IA-2024-0001").row(0, named=True)
    assert (first["exporting_iso3"], first["importing_iso3"], first["substance"]) == ("IND", "THA", "Codeine")
    assert first["issued_date"] == dt.date(2024, 1, 10) and first["year"] == 2024 and first["source_row"] == 2
    assert first["record_id"] == f"{auth.source_id}:2" and first["substance_class"] == "drug"
    next_year = stored.filter(pl.col("authorisation_id") == "TH-IA-2024-0009").row(0, named=True)
    assert next_year["year"] == 2025  # counted against the next year's estimate, as the file says
    assert tmp_store.scan("estimates").collect().schema == pl.Schema(ESTIMATES_SCHEMA)

    data = load_licit(tmp_store)
    assert not data.is_demo
    assert set(data.flags["flag"]) == {"exceeds_estimate", "received_differs", "no_estimate"}


def test_blank_templates_have_the_example_headers() -> None:
    for kind in ("authorisations", "estimates"):
        template = (TEMPLATES / f"licit_{kind}_template.csv").read_text(encoding="utf-8").splitlines()
        example = (TEMPLATES / f"licit_{kind}_example.csv").read_text(encoding="utf-8").splitlines()
        assert template == example[:1]


def test_xlsx_with_date_cells_and_names(tmp_path: Path, tmp_store: Store) -> None:
    path = tmp_path / "authorisations.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Authorisations")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Licit trade: import authorisations"])  # a title line above the header
    sheet.write_row(2, 0, AUTH_HEADER.split(","))
    sheet.write_row(3, 0, ["GH-1", "United Kingdom", "Ghana", "morphine", 50])
    sheet.write_datetime(3, 5, dt.datetime(2024, 2, 12), date)
    sheet.write_datetime(3, 6, dt.datetime(2024, 3, 18), date)
    sheet.write_row(3, 7, ["Used", 49.5])
    book.close()
    report = import_file(path, tmp_store)
    assert (report.kind, report.rows_read, report.rows_stored) == ("authorisations", 1, 1)
    row = tmp_store.scan("authorisations").collect().row(0, named=True)
    assert (row["exporting_iso3"], row["importing_iso3"], row["substance"], row["status"]) == (
        "GBR",
        "GHA",
        "Morphine",
        "used",
    )
    assert row["shipment_date"] == dt.date(2024, 3, 18) and row["quantity_received_kg"] == 49.5
    assert row["source_row"] == 4  # the row number a person sees in the workbook


def test_semicolons_decimal_commas_aliases_and_gzip(tmp_path: Path, tmp_store: Store) -> None:
    text = "\n".join(
        [
            "Country ISO3;Substance;Year;Estimate-kg;Kind;Published date;Comment",
            "KEN;Codeine;2024;1.250,5;estimate;2023-12-15;first",
            "KEN;Codeine;2025;980,25;Estimate;;",
        ]
    )
    path = tmp_path / "estimates.csv.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    report = import_file(path, tmp_store)
    assert (report.kind, report.rows_stored, report.rows_quarantined) == ("estimates", 2, 0)
    assert any("decimal commas" in n for n in report.notes)
    assert any("Comment" in n for n in report.notes)  # an extra column is named, not silently dropped
    stored = tmp_store.scan("estimates").collect().sort("year")
    assert stored["estimate_kg"].to_list() == [1250.5, 980.25]
    assert stored["kind"].to_list() == ["estimate", "estimate"]


def test_a_later_import_updates_an_authorisation(tmp_path: Path, tmp_store: Store) -> None:
    first = write(tmp_path, "a.csv", AUTH_HEADER, "X-1,IND,MEX,Ephedrine,100,2024-01-05,,issued,,")
    later = write(tmp_path, "b.csv", AUTH_HEADER, "X-1,IND,MEX,Ephedrine,100,2024-01-05,2024-02-01,used,97,")
    import_file(first, tmp_store)
    import_file(later, tmp_store)
    data = load_licit(tmp_store)
    (row,) = data.authorisations.iter_rows(named=True)
    assert row["status"] == "used" and row["quantity_received_kg"] == 97.0
    assert data.estimates.is_empty()  # nothing mixed in from the demonstration data
    assert data.flags["flag"].to_list() == ["received_differs", "no_estimate"]


# ---- bad rows ------------------------------------------------------------------------------------------------------
BAD_AUTHORISATIONS = {
    # file line: (row, expected phrase in the reason)
    3: ("X-2,Atlantis,MEX,Ephedrine,10,2024-01-05,,issued,,", "exporting_country: unknown country 'Atlantis'"),
    4: ("X-3,IND,Unknown,Ephedrine,10,2024-01-05,,issued,,", "importing_country: 'Unknown' is not a country"),
    5: ("X-4,MEX,Mexico,Ephedrine,10,2024-01-05,,issued,,", "exporting and importing country are the same (MEX)"),
    6: ("X-5,IND,MEX,Unobtainium,10,2024-01-05,,issued,,", "substance: unknown substance 'Unobtainium'"),
    7: ("X-6,IND,MEX,Other opioids,10,2024-01-05,,issued,,", "unknown substance 'Other opioids'"),
    8: ("X-7,IND,MEX,Ephedrine,-5,2024-01-05,,issued,,", "quantity_kg: negative quantity '-5'"),
    9: ("X-8,IND,MEX,Ephedrine,0,2024-01-05,,issued,,", "quantity_kg: quantity must be above zero"),
    10: ("X-9,IND,MEX,Codeine,2000000,2024-01-05,,issued,,", "quantity_kg: absurd quantity '2000000'"),
    11: ("X-10,IND,MEX,Ephedrine,lots,2024-01-05,,issued,,", "quantity_kg: quantity 'lots' is not a number"),
    12: ("X-11,IND,MEX,Ephedrine,10,05/01/2024,,issued,,", "issued_date: date '05/01/2024' cannot be read"),
    13: ("X-12,IND,MEX,Ephedrine,10,2024-02-30,,issued,,", "issued_date: date '2024-02-30' cannot be read"),
    14: (f"X-13,IND,MEX,Ephedrine,10,{NEXT_YEAR}-01-05,,issued,,", "is in the future"),
    15: ("X-14,IND,MEX,Ephedrine,10,1950-01-05,,issued,,", "is before 1961"),
    16: ("X-15,IND,MEX,Ephedrine,10,2024-03-05,2024-02-01,used,10,", "before the authorisation was issued"),
    17: ("X-16,IND,MEX,Ephedrine,10,2024-03-05,,used,10,", "quantity received without a shipment date"),
    18: ("X-17,IND,MEX,Ephedrine,10,2024-03-05,2024-04-01,cancelled,10,", "quantity received on a cancelled"),
    19: ("X-18,IND,MEX,Ephedrine,10,2024-03-05,,approved,,", "status: 'approved' is not one of issued"),
    20: ("X-19,IND,MEX,Ephedrine,10,2024-03-05,,issued,,2022", "year 2022 is neither the year of issue"),
    21: ("X-20,IND,MEX,Ephedrine,10,2024-03-05,2024-04-01,used,-1,", "quantity_received_kg: negative quantity"),
    22: (",IND,MEX,Ephedrine,10,2024-03-05,,issued,,", "authorisation_id: required value missing"),
    23: ("X-1,IND,MEX,Ephedrine,20,2024-01-05,,issued,,", "same authorisation as row 2 with other values"),
    24: ("X-1,India,Mexico,ephedrine,10,2024-01-05,,Issued,,", "repeats row 2"),
}


def test_bad_authorisation_rows_are_quarantined_with_their_reasons(tmp_path: Path, tmp_store: Store) -> None:
    good = "X-1,IND,MEX,Ephedrine,10,2024-01-05,,issued,,"
    lines = [
        AUTH_HEADER,
        good,
        *(text for text, _ in BAD_AUTHORISATIONS.values()),
        good,
        "",
        "X-21,CHN,MEX,NPP,3,2024-05-01,,pending,,",
    ]
    report = import_file(write(tmp_path, "bad.csv", *lines), tmp_store)
    assert report.rows_read == len(BAD_AUTHORISATIONS) + 3  # the blank line is not a row
    assert report.duplicates_skipped == 1  # the exact repeat of row 2
    assert report.rows_stored == 2 and report.rows_quarantined == len(BAD_AUTHORISATIONS)
    assert report.balanced
    found = reasons_by_row(quarantine_of(tmp_store, report))
    assert set(found) == set(BAD_AUTHORISATIONS)
    for row, (_, phrase) in BAD_AUTHORISATIONS.items():
        assert any(phrase in reason for reason in found[row]), (row, found[row])
    quarantine = quarantine_of(tmp_store, report)
    assert quarantine["file"].unique().to_list() == ["bad.csv"]
    assert '"exporting_country": "Atlantis"' in quarantine.filter(pl.col("row") == 3)["raw"][0]
    stored = tmp_store.scan("authorisations").collect()
    assert sorted(stored["source_row"].to_list()) == [2, 27]


def test_a_row_with_several_problems_has_a_record_for_each(tmp_path: Path, tmp_store: Store) -> None:
    path = write(tmp_path, "bad.csv", AUTH_HEADER, "X-1,Nowhere,Neverland,Kryptonite,-1,yesterday,,maybe,,")
    report = import_file(path, tmp_store)
    assert report.rows_quarantined == 1 and report.rows_stored == 0
    columns = set(quarantine_of(tmp_store, report)["column"])
    assert columns == {"exporting_country", "importing_country", "substance", "quantity_kg", "issued_date", "status"}


BAD_ESTIMATES = {
    3: ("Atlantis,Codeine,2024,10,estimate,", "country: unknown country 'Atlantis'"),
    4: ("KEN,Unobtainium,2024,10,estimate,", "substance: unknown substance"),
    5: ("KEN,Codeine,24,10,estimate,", "year: '24' is not a year"),
    6: (f"KEN,Codeine,{NEXT_YEAR + 1},10,estimate,", "is not a year between 1961"),
    7: ("KEN,Codeine,2024,-10,estimate,", "estimate_kg: negative quantity"),
    8: ("KEN,Codeine,2024,5000000,estimate,", "estimate_kg: absurd quantity"),
    9: ("KEN,Codeine,2024,10,guess,", "kind: 'guess' is not one of estimate, assessment"),
    10: ("KEN,Codeine,2024,10,estimate,2023-13-01", "published_date: date '2023-13-01' cannot be read"),
    11: ("KEN,Codeine,2023,,estimate,", "estimate_kg: required value missing"),
    12: ("KEN,Codeine,2024,99,estimate,2023-12-15", "same estimate (country, substance, year and publication"),
}


def test_bad_estimate_rows_are_quarantined_and_zero_is_a_real_estimate(tmp_path: Path, tmp_store: Store) -> None:
    lines = [EST_HEADER, "KEN,Codeine,2024,10,estimate,2023-12-15", *(t for t, _ in BAD_ESTIMATES.values())]
    lines.append("KEN,Morphine,2024,0,estimate,")
    report = import_file(write(tmp_path, "estimates.csv", *lines), tmp_store)
    assert report.rows_read == len(BAD_ESTIMATES) + 2
    assert report.rows_stored == 2 and report.rows_quarantined == len(BAD_ESTIMATES) and report.balanced
    found = reasons_by_row(quarantine_of(tmp_store, report))
    assert set(found) == set(BAD_ESTIMATES)
    for row, (_, phrase) in BAD_ESTIMATES.items():
        assert any(phrase in reason for reason in found[row]), (row, found[row])
    stored = tmp_store.scan("estimates").collect().sort("substance")
    assert stored["estimate_kg"].to_list() == [10.0, 0.0]


# ---- bad files -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", (AUTH_HEADER + "\n").encode(), "the file has a header but no data rows"),
        ("estimates-header.csv", (EST_HEADER + "\n").encode(), "the file has a header but no data rows"),
        (
            "no-status.csv",
            b"authorisation_id,exporting_country,importing_country,substance,quantity_kg,issued_date\n"
            b"X,IND,MEX,Ephedrine,1,2024-01-01\n",
            "required columns missing: status",
        ),
        ("no-kind.csv", b"country,substance,year,estimate_kg\nKEN,Codeine,2024,1\n", "required columns missing: kind"),
        (
            "twice.csv",
            b"country,country_iso3,substance,year,estimate_kg,kind\nKenya,KEN,Codeine,2024,1,estimate\n",
            "columns 'country' and 'country_iso3' both mean country",
        ),
        ("report.pdf", b"%PDF-1.7\n...", "this is a PDF"),
        ("other.csv", b"name,colour\nrose,red\n", "unknown format"),
        ("binary.csv", bytes(range(256)) * 20, "not a text table"),
    ],
)
def test_bad_files_raise_a_one_line_input_error(
    tmp_path: Path, tmp_store: Store, name: str, content: bytes, phrase: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        import_file(path, tmp_store)
    message = str(error.value)
    assert phrase in message and "\n" not in message and message.startswith(name)
    assert tmp_store.is_empty()  # nothing half-stored
