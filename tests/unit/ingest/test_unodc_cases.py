"""UNODC Individual Drug Seizures importer on small hand-made exports (tests/fixtures/cases)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from dashboard.ingest import import_file, read_any
from dashboard.ingest.report import InputError
from dashboard.ingest.unodc_cases import ABSURD_COUNT, ABSURD_KG, ABSURD_KG_BULK, FORMAT
from dashboard.store import Store
from tests.conftest import FIXTURES

CASES = FIXTURES / "cases"
SAMPLE = CASES / "ids_sample.csv"
SPECIAL = {"XUN", "XOT", "XMC", "XIW"}


def _stored(store: Store) -> pl.DataFrame:
    return store.scan("cases").collect().sort("source_row")


def _by_row(frame: pl.DataFrame) -> dict[int, dict]:
    return {r["source_row"]: r for r in frame.iter_rows(named=True)}


def _content(frame: pl.DataFrame) -> pl.DataFrame:
    """Stored rows without the ids that depend on the file's bytes, for comparing variants of one export."""
    return frame.drop("source_id", "record_id")


# ---- the 20-row sample ------------------------------------------------------------------------------------------
def test_sample_is_detected_as_unodc_cases() -> None:
    table, fmt = read_any(SAMPLE)
    assert fmt is FORMAT
    assert table.separator == ";"


def test_sample_accounting(tmp_store: Store) -> None:
    report = import_file(SAMPLE, tmp_store)
    assert report.format == "unodc-individual-seizures"
    assert report.kind == "cases"
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (20, 20, 0, 0)
    assert report.balanced
    assert any("repeat an earlier row" in note for note in report.notes)
    source = tmp_store.sources().row(0, named=True)
    assert source["edition"] == "UNODC Individual Drug Seizures 2011-2016"
    assert "UNODC" in source["citation"]
    assert source["licence"]
    stored = _stored(tmp_store)
    assert stored.height == 20
    # Line 20 repeats line 3 exactly: without a record identifier it is a separate seizure, kept and flagged.
    repeated = stored.filter(pl.col("quality_flags").str.contains("repeated_record"))
    assert repeated["source_row"].to_list() == [20]
    assert set(stored["data_source"]) == {"UNODC Individual Drug Seizures"}


def test_sample_dates_and_countries(tmp_store: Store) -> None:
    import_file(SAMPLE, tmp_store)
    rows = _by_row(_stored(tmp_store))
    first = rows[2]
    assert (first["seizure_date"], first["year"], first["month"]) == (dt.date(2011, 3, 14), 2011, 3)
    assert first["country_iso3"] == "MUS"
    assert (first["producing_iso3"], first["departure_iso3"], first["destination_iso3"]) == ("XUN", "XUN", "MUS")
    # UN-style names resolve; blank route fields are "unknown", never null.
    assert (rows[5]["producing_iso3"], rows[5]["departure_iso3"], rows[5]["destination_iso3"]) == (
        "COL",
        "BOL",
        "ESP",
    )
    assert rows[3]["producing_iso3"] == rows[3]["departure_iso3"] == rows[3]["destination_iso3"] == "XUN"
    assert rows[14]["country_iso3"] == "VEN"
    assert rows[14]["destination_iso3"] == "DOM"
    assert rows[16]["departure_iso3"] == "MKD"
    assert rows[16]["country_iso3"] not in SPECIAL | {None}  # Kosovo resolves to the project's Kosovo code
    assert rows[17]["country_iso3"] == "IRN"
    assert rows[19]["country_iso3"] == "CIV"
    # Special values stay explicit.
    assert (rows[11]["producing_iso3"], rows[11]["departure_iso3"]) == ("XMC", "XUN")
    stored = _stored(tmp_store)
    for column in ("country_iso3", "producing_iso3", "departure_iso3", "transit_iso3", "destination_iso3"):
        assert stored[column].null_count() == 0, column
        assert stored[column].str.contains(r"^[A-Z]{3}$").all(), column


def test_sample_amounts_units_and_kg(tmp_store: Store) -> None:
    import_file(SAMPLE, tmp_store)
    rows = _by_row(_stored(tmp_store))
    assert (rows[3]["amount"], rows[3]["unit"], rows[3]["unit_as_reported"]) == (12.5, "kg", "Kilogram")
    assert rows[3]["kg_equivalent"] == pytest.approx(12.5)
    assert rows[2]["kg_equivalent"] == pytest.approx(0.49)  # 490 g
    assert rows[4]["kg_equivalent"] == pytest.approx(0.35)
    assert rows[14]["kg_equivalent"] == pytest.approx(1234.5)
    for row in rows.values():
        assert row["kg_method"] or row["kg_equivalent"] is None
        assert row["substance_group"]
    assert rows[11]["unit_as_reported"] == "Blotter"
    assert rows[11]["unit"]
    assert rows[13]["is_plant_material"] is True  # poppy straw plants
    assert rows[21]["is_plant_material"] is True  # coca leaf
    assert "zero_amount" in rows[21]["quality_flags"].split(";")
    for row in rows.values():
        flags = row["quality_flags"].split(";")
        assert ("unconvertible_unit" in flags) == (row["kg_equivalent"] is None)


def test_sample_conveyance_routing_channel(tmp_store: Store) -> None:
    import_file(SAMPLE, tmp_store)
    rows = _by_row(_stored(tmp_store))
    conveyance = {r: (v["conveyance_as_reported"], v["conveyance"]) for r, v in rows.items()}
    assert conveyance[2] == ("Other", "other")
    assert conveyance[3] == (None, "unknown")
    assert conveyance[5] == ("Commercial air", "air")
    assert conveyance[6] == ("Mail", "mail_courier")
    assert conveyance[8] == ("Land", "road")
    assert conveyance[9] == ("Commercial sea", "sea")
    assert conveyance[10] == ("Private road", "road")
    assert conveyance[12] == ("Rail", "rail")
    assert conveyance[13] == ("None", "other")
    assert conveyance[14] == ("Private sea", "sea")
    assert conveyance[15] == ("Unknown", "unknown")
    assert conveyance[16] == ("Pedestrian", "other")
    routing = {r: (v["routing_as_reported"], v["routing"]) for r, v in rows.items()}
    assert routing[2] == ("National territory/domestic seizure", "domestic")
    assert routing[5] == ("Border - inbound", "border_inbound")
    assert routing[9] == ("Border - transit/free trade zone", "transit")
    assert routing[11] == ("Other", "other")
    assert routing[14] == ("International waters/unclaimed territory", "international_waters")
    assert routing[15] == ("Border - outbound", "border_outbound")
    assert routing[18] == (None, "unknown")
    channels = {r: v["channel"] for r, v in rows.items() if v["channel"]}
    # Mail by transport and post office (line 6) and by a "Postal" hiding place (line 7); nothing else says a channel.
    assert channels == {6: "mail_courier", 7: "mail_courier"}
    assert rows[2]["installation"] == "Home/Residence"
    assert rows[2]["concealment"] == "Residence"
    assert rows[3]["concealment"] is None


def test_sample_quality_flags(tmp_store: Store) -> None:
    import_file(SAMPLE, tmp_store)
    rows = _by_row(_stored(tmp_store))

    def flags(row: int) -> set[str]:
        return set(filter(None, rows[row]["quality_flags"].split(";")))

    assert {"no_route", "conveyance_missing"} <= flags(3)  # Colombia, no route fields at all
    assert "partial_route" in flags(2)  # departure unknown, destination Mauritius
    assert not {"no_route", "partial_route", "routing_missing", "conveyance_missing"} & flags(5)
    assert "routing_missing" in flags(18)


# ---- the same export saved otherwise ------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["ids_sample_comma.csv", "ids_sample_decimal_comma.csv", "ids_sample_cp1252.csv"])
def test_saved_variants_give_the_same_rows(tmp_path: Path, variant: str) -> None:
    reference, other = Store(tmp_path / "a"), Store(tmp_path / "b")
    import_file(SAMPLE, reference)
    report = import_file(CASES / variant, other)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (20, 20, 0, 0)
    assert _content(_stored(other)).equals(_content(_stored(reference)))
    if "decimal" in variant:
        assert any("decimal comma" in note for note in report.notes)


def test_gzipped_copy_gives_the_same_rows(tmp_path: Path) -> None:
    gz = tmp_path / "ids_sample.csv.gz"
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    plain, packed = Store(tmp_path / "a"), Store(tmp_path / "b")
    import_file(SAMPLE, plain)
    report = import_file(gz, packed)
    assert (report.rows_read, report.rows_stored, report.duplicates_skipped) == (20, 20, 0)
    assert _content(_stored(packed)).equals(_content(_stored(plain)))


def test_import_twice_changes_nothing(tmp_store: Store) -> None:
    first = import_file(SAMPLE, tmp_store)
    before = (tmp_store.sources(), _stored(tmp_store))
    second = import_file(SAMPLE, tmp_store)
    assert second.already_imported and second.source_id == first.source_id
    assert tmp_store.sources().equals(before[0])
    assert _stored(tmp_store).equals(before[1])


def test_minimal_export_with_other_header_case_and_an_extra_column(tmp_store: Store) -> None:
    report = import_file(CASES / "ids_minimal_columns.csv", tmp_store)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (2, 2, 0)
    assert any("OFFICER_NOTE" in note for note in report.notes)
    stored = _stored(tmp_store)
    assert stored["country_iso3"].to_list() == ["ESP", "FRA"]
    assert set(stored["departure_iso3"]) == {"XUN"}
    assert set(stored["conveyance"]) == {"unknown"}
    assert set(stored["routing"]) == {"unknown"}


# ---- plant counts and absurd amounts ----------------------------------------------------------------------------
PLANT_ROWS = [  # (drug, amount, unit, stored kg or None, quarantined)
    ("Poppy straw", "927611728", "Bush", None, False),  # the release's Guatemalan eradication: no kg, not absurd
    ("Opium Poppy", "5000", "Plants", None, False),
    ("Coca Plant", "140000", "Unit", None, False),  # a count of coca bushes: no kg equivalent either
    ("Coca Seeds", "310000", "Unit", None, False),  # no documented weight per coca seed
    ("Cannabis plants", "5000", "Plants", 500.0, False),  # 100 g per cannabis plant (UNODC methodology)
    ("Cannabis plants", "900000000", "Plants", 9e7, False),  # 90,000 t of plants: under the bulk limit
    ("Poppy/cannabis seeds", "2000000", "Kilogram", 2e6, False),  # seeds are plant material: bulk limit
    ("Coca leaf", "200000000", "Kilogram", None, True),  # over 100,000 t of plant material
    ("Opium Poppy", "2000000000", "Plants", None, True),  # over a billion items
    ("Cocaine", "1500000", "Kilogram", None, True),  # over 1,000 t of a processed drug
    ("MDMA", "5000000000", "Tablet", None, True),  # 1,355 t of ecstasy tablets at 271 mg: a processed drug
    ("Amphetamine", "4500000", "Kilogram", None, True),
]


def test_plant_counts_have_no_invented_kg_and_absurd_amounts_are_quarantined(tmp_path: Path) -> None:
    header = "COUNTRY;SEIZURE_DATE;DRUG_NAME;AMOUNT;DRUG_UNIT"
    lines = [f"Guatemala;2013-01-28;{drug};{amount};{unit}" for drug, amount, unit, _, _ in PLANT_ROWS]
    path = tmp_path / "ids_plants.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    report = import_file(path, store)
    quarantined = set(store.quarantine()["row"].to_list())
    assert quarantined == {i + 2 for i, row in enumerate(PLANT_ROWS) if row[4]}
    assert report.rows_stored == sum(not row[4] for row in PLANT_ROWS)
    rows = _by_row(_stored(store))
    for i, (drug, _, _, kg, bad) in enumerate(PLANT_ROWS):
        if bad:
            continue
        row = rows[i + 2]
        assert row["is_plant_material"] is True, drug
        assert row["kg_equivalent"] == (pytest.approx(kg) if kg is not None else None), drug
        assert ("unconvertible_unit" in row["quality_flags"].split(";")) == (kg is None), drug
        if kg is None:
            assert row["kg_method"].startswith("not convertible"), drug
    assert "cannabis plants only" in rows[2]["kg_method"] and "bushes of Poppy straw" in rows[2]["kg_method"]
    reasons = dict(zip(store.quarantine()["row"], store.quarantine()["reason"], strict=True))
    assert reasons[9] == f"absurd amount '200000000 Kilogram': over {ABSURD_KG_BULK:,.0f} kg in one seizure"
    assert reasons[10] == f"absurd amount '2000000000 Plants': over {ABSURD_COUNT:,.0f} items in one seizure"
    processed = f"over {ABSURD_KG:,.0f} kg of a processed drug in one seizure"
    assert all(reasons[row].endswith(processed) for row in (11, 12, 13))


# ---- bad rows ---------------------------------------------------------------------------------------------------
BAD_ROWS = [
    (3, "SEIZURE_DATE", "date '2011-13-45' cannot be read (expected YYYY-MM-DD)"),
    (4, "SEIZURE_DATE", "date 'yesterday' cannot be read (expected YYYY-MM-DD)"),
    (5, "SEIZURE_DATE", "date '2999-01-01' is in the future"),
    (6, "SEIZURE_DATE", "date '1850-06-01' is before 1900"),
    (7, "SEIZURE_DATE", "date missing"),
    (8, "AMOUNT", "amount missing"),
    (9, "AMOUNT", "amount 'abc' is not a number"),
    (10, "AMOUNT", "amount 'inf' is not a number"),
    (11, "AMOUNT", "negative amount '-5'"),
    (12, "AMOUNT", f"absurd amount '5e9 Kilogram': over {ABSURD_KG:,.0f} kg of a processed drug in one seizure"),
    # Poppy plants have no kg equivalent (100 g per plant is for cannabis plants only): the count limit applies.
    (13, "AMOUNT", f"absurd amount '2000000000 Plants': over {ABSURD_COUNT:,.0f} items in one seizure"),
    (14, "DRUG_UNIT", "unknown unit 'Furlong'"),
    (15, "DRUG_UNIT", "unit missing"),
    (16, "DRUG_NAME", "substance missing"),
    (17, "COUNTRY", "unknown country 'Atlantis'"),
    (18, "COUNTRY", "seizing country 'Unknown' is not a country"),
    (19, "COUNTRY", "seizing country missing"),
    (20, "DEPARTURE_COUNTRY", "unknown country 'Narnia'"),
    (21, "SEIZURE_DATE", "date '2999-12-31' is in the future"),
    (21, "AMOUNT", "negative amount '-1'"),
    (23, "AMOUNT", f"absurd amount '2000000000 Piece': over {ABSURD_COUNT:,.0f} items in one seizure"),
]


def test_bad_rows_are_quarantined_with_row_column_and_reason(tmp_store: Store) -> None:
    report = import_file(CASES / "ids_bad_rows.csv", tmp_store)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (22, 2, 20, 0)
    quarantine = tmp_store.quarantine().sort("row", "column")
    got = sorted(zip(quarantine["row"], quarantine["column"], quarantine["reason"], strict=True))
    assert got == sorted(BAD_ROWS)
    assert set(quarantine["file"]) == {"ids_bad_rows.csv"}
    raw = json.loads(quarantine.filter(pl.col("row") == 17)["raw"][0])
    assert raw["COUNTRY"] == "Atlantis" and raw["PLACE"] == "case 16"
    assert not any(key.startswith("__") for key in raw)
    stored = _stored(tmp_store)
    assert stored["source_row"].to_list() == [2, 22]
    special = stored.row(1, named=True)
    assert (special["producing_iso3"], special["destination_iso3"]) == ("XOT", "XMC")


# ---- date forms -------------------------------------------------------------------------------------------------
def test_date_forms(tmp_store: Store) -> None:
    report = import_file(CASES / "ids_dates.csv", tmp_store)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (5, 5, 0)
    got = [(r["seizure_date"], r["year"], r["month"]) for r in _stored(tmp_store).iter_rows(named=True)]
    assert got == [
        (dt.date(2011, 3, 14), 2011, 3),
        (dt.date(2013, 4, 3), 2013, 4),  # day-first, proven by 14/03/2011 in the same file
        (dt.date(2012, 1, 21), 2012, 1),
        (dt.date(2015, 6, 1), 2015, 6),
        (None, 2015, None),
    ]
    flags = _stored(tmp_store)["quality_flags"].to_list()
    assert "date_month_only" in flags[3] and "date_year_only" in flags[4]
    assert not any("date_order_assumed" in f for f in flags)


def test_month_first_dates_when_the_file_proves_it(tmp_store: Store) -> None:
    import_file(CASES / "ids_dates_month_first.csv", tmp_store)
    assert _stored(tmp_store)["seizure_date"].to_list() == [dt.date(2015, 12, 31), dt.date(2013, 3, 4)]


def test_ambiguous_slashed_dates_are_read_day_first_and_flagged(tmp_store: Store) -> None:
    report = import_file(CASES / "ids_dates_ambiguous.csv", tmp_store)
    stored = _stored(tmp_store)
    assert stored["seizure_date"].to_list() == [dt.date(2013, 4, 3), dt.date(2013, 5, 5)]
    assert ["date_order_assumed" in f for f in stored["quality_flags"]] == [True, False]
    assert any("day-first" in note for note in report.notes)


def test_a_ragged_row_is_quarantined_and_the_rest_imported(tmp_path: Path, tmp_store: Store) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[5] += ";an extra field"
    ragged = tmp_path / "ids_ragged.csv"
    ragged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(ragged, tmp_store)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (20, 19, 1, 0)
    quarantine = tmp_store.quarantine()
    assert quarantine["row"].to_list() == [6]
    assert "17 fields" in quarantine["reason"][0]


def test_line_numbers_count_line_breaks_inside_quoted_fields(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, russia = lines[0], lines[5]  # a row without commas, so that ";" stays the clear separator
    multiline = russia.replace(";Moscow;2012", ';"Sheremetyevo\nTerminal F";2012')  # lines 2-3
    furlong = russia.replace(";Kilogram;", ";Furlong;")
    text = "\n".join([header, multiline, russia, furlong]) + "\n"  # russia on line 4, furlong on line 5
    plain, ragged = tmp_path / "ids_multiline.csv", tmp_path / "ids_multiline_ragged.csv"
    plain.write_text(text, encoding="utf-8")
    ragged.write_text(text.replace(russia + "\n", russia + ";extra\n"), encoding="utf-8")  # the slow reader path

    store = Store(tmp_path / "plain")
    import_file(plain, store)
    assert _stored(store)["source_row"].to_list() == [2, 4]
    assert _stored(store)["place"][0] == "Sheremetyevo Terminal F"
    assert store.quarantine()["row"].to_list() == [5]

    store = Store(tmp_path / "ragged")
    import_file(ragged, store)
    assert _stored(store)["source_row"].to_list() == [2]
    assert store.quarantine().select("row", "column").rows() == [(4, "(row)"), (5, "DRUG_UNIT")]


# ---- bad files --------------------------------------------------------------------------------------------------
def _assert_refused(path: Path, store: Store, words: str) -> None:
    with pytest.raises(InputError) as error:
        import_file(path, store)
    message = str(error.value)
    assert "\n" not in message and path.name in message
    assert words in message.lower()


def test_bad_files_get_a_one_line_error_and_leave_the_store_intact(tmp_path: Path, tmp_store: Store) -> None:
    import_file(SAMPLE, tmp_store)
    before = (tmp_store.sources(), _stored(tmp_store))

    truncated = tmp_path / "ids_truncated.csv.gz"
    packed = gzip.compress(SAMPLE.read_bytes())
    truncated.write_bytes(packed[: len(packed) // 2])
    _assert_refused(truncated, tmp_store, "gzip")
    _assert_refused(CASES / "ids_empty.csv", tmp_store, "empty")
    _assert_refused(CASES / "ids_header_only.csv", tmp_store, "no data rows")
    _assert_refused(CASES / "ids_wrong_encoding.csv", tmp_store, "encoding")
    no_unit = tmp_path / "ids_no_unit.csv"
    no_unit.write_text("COUNTRY;SEIZURE_DATE;DRUG_NAME;AMOUNT\nSpain;2013-07-20;Cocaine;2.1\n", encoding="utf-8")
    _assert_refused(no_unit, tmp_store, "unknown format")

    assert tmp_store.sources().equals(before[0])
    assert _stored(tmp_store).equals(before[1])
