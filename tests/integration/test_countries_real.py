"""Every country value in the real UNODC files resolves to an ISO3 code or to an explicit special code.

Reads ../shared/data (never copied into the repository). A new file edition with an unknown spelling fails here
first: add the spelling to dashboard/reference/manual_country_aliases.csv after checking what it means.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import countries as c
from dashboard import geo

pytestmark = pytest.mark.realdata

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ANNUAL = SHARED_DATA / "unodc-annual-seizures"
CASES = SHARED_DATA / "unodc-individual-seizures" / "ids_2011_2016_full.csv.gz"
ROUTE_COLUMNS = ["COUNTRY", "PRODUCING_COUNTRY", "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY"]

# The only values that map to special codes; anything new must be looked at, not absorbed.
EXPECTED_SPECIAL = {
    "Unknown": c.UNKNOWN,  # PRODUCING_, DEPARTURE_, DESTINATION_COUNTRY
    "Other": c.OTHER,  # PRODUCING_, DEPARTURE_, DESTINATION_COUNTRY
    "Multiple Countries": c.MULTIPLE,  # DESTINATION_COUNTRY
}

# Values resolved by judgement rather than by a registry name, and why.
EXPECTED_JUDGEMENT = {
    "England": "GBR",  # 2012-2016 file, ISO3 column says GBR: England and Wales reporting for the UK
    "United Kingdom (England and Wales)": "GBR",  # sub-national reporting unit
    "Iraq (Central Iraq)": "IRQ",  # sub-national reporting unit
    "Iraq (Kurdistan Region)": "IRQ",  # sub-national reporting unit
    "Kosovo under UNSCR 1244": "XKX",  # UN naming; one canonical code for Kosovo
    "Netherlands Antilles": "ANT",  # dissolved 2010; kept as a historical code, not split between successors
    "Antarctica": "ATA",  # an ISO entity; departure and destination of a few records
}


@pytest.fixture(scope="module")
def annual_2012_2016(shared_data: Path) -> pl.DataFrame:
    return pl.read_csv(ANNUAL / "drug_seizures_2012_2016.csv", infer_schema=False)


@pytest.fixture(scope="module")
def annual_2015_2019(shared_data: Path) -> pl.DataFrame:
    df = pl.read_excel(
        ANNUAL / "drug_seizures_2015_2019.xlsx",
        sheet_name="Seizures",
        read_options={"header_row": 3},
        infer_schema_length=0,
    )
    # The two trailing note rows carry no country.
    return df.filter(pl.col("Country/Territory").is_not_null())


@pytest.fixture(scope="module")
def annual_2018_2022(shared_data: Path) -> pl.DataFrame:
    return pl.read_excel(
        ANNUAL / "drug_seizures_2018_2022.xlsx",
        sheet_name="Export",
        read_options={"header_row": 1},
        infer_schema_length=0,
    )


@pytest.fixture(scope="module")
def cases(shared_data: Path) -> pl.DataFrame:
    return pl.read_csv(CASES, separator=";", infer_schema=False, columns=ROUTE_COLUMNS)


def _distinct(df: pl.DataFrame, column: str) -> list[str]:
    return df[column].drop_nulls().unique().sort().to_list()


def _check(values: list[str], code_system: c.CodeSystem = "iso") -> dict[str, str]:
    resolved = {v: c.resolve_iso3(v, code_system) for v in values}
    unresolved = sorted(v for v, iso3 in resolved.items() if iso3 is None)
    assert unresolved == [], f"unresolved values: {unresolved}"
    for value, iso3 in resolved.items():
        if c.is_special(iso3):
            assert EXPECTED_SPECIAL.get(value) == iso3, f"{value!r} became the special code {iso3}"
        else:
            assert geo.centroid_of(iso3) is not None, f"{value!r} -> {iso3} has no centroid"
        if value in EXPECTED_JUDGEMENT:
            assert iso3 == EXPECTED_JUDGEMENT[value]
    return resolved


def _check_pairs(df: pl.DataFrame, name_col: str, code_col: str, code_system: c.CodeSystem) -> None:
    # Name and code on the same row must agree: this is what validates the UNODC code table.
    pairs = df.select(name_col, code_col).unique().rows()
    bad = [(n, k) for n, k in pairs if c.resolve_iso3(n) != c.resolve_iso3(k, code_system)]
    assert bad == []


def test_2012_2016_csv(annual_2012_2016: pl.DataFrame) -> None:
    names = _check(_distinct(annual_2012_2016, "Country"))
    codes = _check(_distinct(annual_2012_2016, "ISO3"))
    assert (len(names), len(codes)) == (156, 156)
    assert codes["KKK"] == "XKX"
    _check_pairs(annual_2012_2016, "Country", "ISO3", "iso")


def test_2015_2019_xlsx(annual_2015_2019: pl.DataFrame) -> None:
    names = _check(_distinct(annual_2015_2019, "Country/Territory"))
    codes = _check(_distinct(annual_2015_2019, "Code"), code_system="unodc")
    assert (len(names), len(codes)) == (154, 154)
    assert codes["MAR"] == "MUS" and codes["MOR"] == "MAR" and codes["NZE"] == "NZL" and codes["AUS"] == "AUT"
    _check_pairs(annual_2015_2019, "Country/Territory", "Code", "unodc")


def test_2018_2022_xlsx(annual_2018_2022: pl.DataFrame) -> None:
    names = _check(_distinct(annual_2018_2022, "Country"))
    codes = _check(_distinct(annual_2018_2022, "msCode"))
    assert (len(names), len(codes)) == (156, 156)
    assert names["Türkiye"] == "TUR"
    _check_pairs(annual_2018_2022, "Country", "msCode", "iso")


def test_case_records_route_columns(cases: pl.DataFrame) -> None:
    assert cases.height == 311_038
    specials: dict[str, set[str]] = {}
    counts = {}
    for column in ROUTE_COLUMNS:
        resolved = _check(_distinct(cases, column))
        counts[column] = len(resolved)
        for value, iso3 in resolved.items():
            if c.is_special(iso3):
                specials.setdefault(value, set()).add(column)
        # The column-wide path gives the same answer and loses no non-null value.
        out = c.resolve_series(cases[column])
        assert out.null_count() == cases[column].null_count()
    assert counts == {
        "COUNTRY": 102,
        "PRODUCING_COUNTRY": 130,
        "DEPARTURE_COUNTRY": 155,
        "DESTINATION_COUNTRY": 173,
    }
    assert set(specials) == set(EXPECTED_SPECIAL)
