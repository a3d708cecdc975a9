"""The real UNODC Individual Drug Seizures release (311,038 records) imported into a temporary store.

The kilogram check recomputes totals straight from the raw file with its own simple rule (Kilogram x 1, Gram x 0.001,
every record counted, identical ones too, the documented validity rules applied) and compares them with the store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from dashboard.ingest import import_file
from dashboard.ingest.report import ImportReport
from dashboard.ingest.unodc_cases import ABSURD_KG, ABSURD_KG_BULK
from dashboard.store import Store
from dashboard.substances import classify_substances

pytestmark = pytest.mark.realdata

RELATIVE = Path("unodc-individual-seizures") / "ids_2011_2016_full.csv.gz"
ROWS = 311_038
LINES = 311_042  # three place names hold line breaks, so the records span four more lines than there are records
COUNTRY_COLUMNS = ("country_iso3", "producing_iso3", "departure_iso3", "transit_iso3", "destination_iso3")
SPECIAL = ["XUN", "XOT", "XMC", "XIW"]


@pytest.fixture(scope="module")
def imported(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, ImportReport]:
    store = Store(tmp_path_factory.mktemp("real-cases") / "store")
    return store, import_file(shared_data / RELATIVE, store)


@pytest.fixture(scope="module")
def cases(imported: tuple[Store, ImportReport]) -> pl.DataFrame:
    return imported[0].scan("cases").collect()


def test_every_row_is_accounted_for(imported: tuple[Store, ImportReport]) -> None:
    store, report = imported
    assert report.format == "unodc-individual-seizures"
    assert report.rows_read == ROWS
    assert report.rows_read == report.rows_stored + report.rows_quarantined + report.duplicates_skipped
    # The release repeats many records verbatim (e.g. 64 seizures of 7 g of coca paste in one town on one day):
    # with no record identifier they are separate seizures, kept and flagged, never skipped.
    assert report.duplicates_skipped == 0
    flagged = store.scan("cases").filter(pl.col("quality_flags").str.contains("repeated_record")).collect().height
    assert flagged > 40_000
    quarantine = store.quarantine()
    assert quarantine["row"].n_unique() == report.rows_quarantined
    assert quarantine["row"].is_between(2, LINES).all()
    source = store.sources().row(0, named=True)
    assert source["edition"] == "UNODC Individual Drug Seizures 2011-2016"
    assert (source["rows_read"], source["rows_stored"]) == (ROWS, report.rows_stored)


def test_row_numbers_are_the_line_numbers_of_the_file(cases: pl.DataFrame) -> None:
    # Line 249,327 starts a record whose place name runs over two lines; records after the first such place
    # would be off by one to three lines if row numbers were simply counted.
    hit = cases.filter(pl.col("place") == "BARRIO DEL BALE PARQUE CENTENARIO")
    assert hit["source_row"].to_list() == [249_327]
    assert cases["source_row"].max() <= LINES


def test_every_country_field_resolves(cases: pl.DataFrame) -> None:
    for column in COUNTRY_COLUMNS:
        assert cases[column].null_count() == 0, column
        assert cases[column].str.contains(r"^[A-Z]{3}$").all(), column
    assert not cases["country_iso3"].is_in(SPECIAL).any()
    # Pitfall 8: about 20,000 records name both a departure and a destination country.
    both = cases.filter(~pl.col("departure_iso3").is_in(SPECIAL) & ~pl.col("destination_iso3").is_in(SPECIAL))
    assert 10_000 < both.height < 30_000


def test_every_conveyance_and_routing_value_is_mapped(cases: pl.DataFrame) -> None:
    assert set(cases["conveyance"]) <= {"air", "sea", "road", "rail", "mail_courier", "other", "unknown"}
    assert set(cases["routing"]) <= {
        "domestic",
        "border_inbound",
        "border_outbound",
        "transit",
        "free_trade_zone",
        "international_waters",
        "other",
        "unknown",
    }
    reported = cases.filter(pl.col("conveyance_as_reported").is_not_null())
    assert (reported["conveyance"] != "unknown").sum() > 0.8 * reported.height
    assert cases.filter(pl.col("routing_as_reported").is_null())["routing"].eq("unknown").all()
    assert cases["seizure_date"].is_between(dt.date(2011, 1, 1), dt.date(2016, 12, 31)).all()


def _independent_kg(path: Path) -> pl.DataFrame:
    """Kilogram and gram records straight from the raw file, converted and validated by the test's own rules."""
    raw = pl.read_csv(path, separator=";", infer_schema=False)
    raw = raw.with_columns(pl.all().str.strip_chars()).with_columns(
        pl.when(pl.all() == "").then(None).otherwise(pl.all()).name.keep()
    )
    date = pl.col("SEIZURE_DATE").str.to_date("%Y-%m-%d", strict=False)
    amount = pl.col("AMOUNT").cast(pl.Float64, strict=False)
    factor = pl.col("DRUG_UNIT").replace_strict({"Kilogram": 1.0, "Gram": 0.001}, default=None, return_dtype=pl.Float64)
    kg = raw.with_columns(kg=amount * factor, year=date.dt.year().cast(pl.Int32)).filter(
        pl.col("kg") >= 0,
        date.is_between(dt.date(1900, 1, 1), dt.date.today()),
        pl.col("DRUG_NAME").is_not_null(),
        pl.col("COUNTRY").is_not_null(),
    )
    # Only the labels come from the project's vocabulary: group, and which limit of the absurd-amount rule applies.
    labels = classify_substances(kg["DRUG_NAME"].unique()).select(
        pl.col("substance_as_reported").alias("DRUG_NAME"),
        "substance_group",
        (pl.col("is_plant_material") | pl.col("substance_class").is_in(["precursor", "ods_hfc"])).alias("bulk"),
    )
    kg = kg.join(labels, on="DRUG_NAME", how="left")
    limit = pl.when(pl.col("bulk")).then(ABSURD_KG_BULK).otherwise(ABSURD_KG)
    return kg.filter(pl.col("kg") <= limit).select(
        "year", pl.col("DRUG_NAME").alias("substance_as_reported"), "substance_group", "kg"
    )


def test_kg_totals_match_an_independent_computation(shared_data: Path, cases: pl.DataFrame) -> None:
    expected = _independent_kg(shared_data / RELATIVE)
    got = cases.filter(pl.col("unit_as_reported").is_in(["Kilogram", "Gram"]))
    assert got.height == expected.height

    for keys in (["year", "substance_group"], ["year", "substance_as_reported"]):
        want = expected.group_by(keys).agg(pl.col("kg").sum().alias("want"))
        have = got.group_by(keys).agg(pl.col("kg_equivalent").sum().alias("have"))
        both = want.join(have, on=keys, how="full", coalesce=True).fill_null(0.0)
        assert both.height == want.height
        mismatch = both.filter((pl.col("want") - pl.col("have")).abs() > 1e-6 * pl.col("want").abs() + 1e-9)
        assert mismatch.is_empty(), mismatch
    assert got["kg_equivalent"].sum() == pytest.approx(expected["kg"].sum(), rel=1e-9)


def test_plant_counts_have_no_invented_kilograms(cases: pl.DataFrame) -> None:
    # 100 g per plant is UNODC's documented weight of a cannabis plant only: the release's poppy "Plants" and "Bush"
    # counts (up to 927,611,728 bushes in one Guatemalan record) and coca plant counts stay without kilograms.
    counts = cases.filter(pl.col("unit").is_in(["plant", "bush"]) & (pl.col("substance") != "Cannabis plants"))
    assert counts.height > 30 and counts["kg_equivalent"].is_null().all()
    assert counts["quality_flags"].str.contains("unconvertible_unit").all()
    bushes = cases.filter((pl.col("unit") == "bush") & (pl.col("amount") > 9e8))
    assert bushes.height == 1 and bushes["kg_equivalent"][0] is None
    coca = cases.filter(
        pl.col("substance_as_reported").is_in(["Coca Plant", "Coca Seeds"]) & (pl.col("unit") == "unit")
    )
    assert coca.height > 100 and coca["kg_equivalent"].is_null().all()
    # What is left of plant material in kilograms was reported by weight: the largest, 400 t of coca leaf.
    plants = cases.filter(pl.col("is_plant_material") & pl.col("kg_equivalent").is_not_null())
    top = plants.sort("kg_equivalent", descending=True).row(0, named=True)
    assert (top["substance"], top["unit_as_reported"], top["kg_equivalent"]) == ("Coca leaf", "Kilogram", 400_000.0)
    seeds = cases.filter(pl.col("substance_as_reported").str.contains(r"(?i)\bseeds?\b"))
    assert seeds.height > 0 and seeds["is_plant_material"].all()


def test_importing_twice_changes_nothing(shared_data: Path, tmp_store: Store) -> None:
    first = import_file(shared_data / RELATIVE, tmp_store)
    registry = tmp_store.sources()
    files = {p.relative_to(tmp_store.root): p.read_bytes() for p in tmp_store.root.rglob("*") if p.is_file()}
    second = import_file(shared_data / RELATIVE, tmp_store)
    assert second.already_imported and second.source_id == first.source_id
    assert tmp_store.sources().equals(registry)
    assert {p.relative_to(tmp_store.root): p.read_bytes() for p in tmp_store.root.rglob("*") if p.is_file()} == files


def test_unlikely_amounts_are_kept_but_flagged(cases: pl.DataFrame) -> None:
    flagged = cases.filter(pl.col("quality_flags").str.contains("check_amount"))
    # 14,733,068 g of cocaine in one air seizure from Ghana to Spain in 2013.
    ghana = flagged.filter((pl.col("departure_iso3") == "GHA") & (pl.col("destination_iso3") == "ESP"))
    assert ghana.height >= 1 and ghana["kg_equivalent"].max() > 14_000
    assert ((flagged["conveyance"] == "air") & (flagged["kg_equivalent"] > 2_000)).sum() > 0
    assert flagged.filter(~pl.col("conveyance").is_in(["air", "mail_courier"])).height == 0
