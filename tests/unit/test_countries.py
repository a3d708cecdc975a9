from __future__ import annotations

import time

import polars as pl
import pytest

from dashboard import countries as c

ISO_3166_COUNT = 249  # ISO 3166-1 officially assigned codes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FRA", "FRA"),
        ("fra", "FRA"),
        (" FRA ", "FRA"),
        ("FR", "FRA"),
        ("NOR", "NOR"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Bolivia, Plurinational State of", "BOL"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Macedonia, the former Yugoslav Republic of", "MKD"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Kosovo under UNSCR 1244", "XKX"),
        ("United Kingdom (England and Wales)", "GBR"),
        ("England", "GBR"),
        ("Iraq (Central Iraq)", "IRQ"),
        ("Iraq (Kurdistan Region)", "IRQ"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("COTE D IVOIRE", "CIV"),
        ("Hong Kong, China", "HKG"),
        ("China, Hong Kong SAR", "HKG"),
        ("Hong Kong", "HKG"),
        ("Macau, SAR of China", "MAC"),
        ("China, Taiwan Province of China", "TWN"),
        ("Taiwan, Province of China", "TWN"),
        ("the Russian Federation", "RUS"),
        ("Russian Federation", "RUS"),
        ("Republic of Moldova", "MDA"),
        ("Moldova, Republic of", "MDA"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Korea, Republic of", "KOR"),
        ("Korea, Democratic People's Republic of", "PRK"),
        ("Lao Peoples Democratic Republic", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Congo, the Democratic Republic of the", "COD"),
        ("Congo", "COG"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("United States", "USA"),
        ("USA", "USA"),
        ("Aland Islands", "ALA"),
        ("Åland Islands", "ALA"),
        ("Réunion", "REU"),
        ("Curaçao", "CUW"),
        ("  viet   NAM ", "VNM"),
        ("Netherlands Antilles", "ANT"),
        ("Antarctica", "ATA"),
        ("840", "USA"),
        ("4", "AFG"),
        ("UK", "GBR"),
        ("KKK", "XKX"),
        ("XKX", "XKX"),
        ("XK", "XKX"),
        ("NZE", "NZL"),
        ("MAR", "MAR"),  # ISO: Morocco
        ("AUS", "AUS"),  # ISO: Australia
        ("Allemagne", "DEU"),  # French and Spanish M49 names come with the registry
        ("Alemania", "DEU"),
    ],
)
def test_resolve_names_and_codes(value: str, expected: str) -> None:
    assert c.resolve_iso3(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MAR", "MUS"),  # UNODC: Mauritius (ISO MAR is Morocco)
        ("MOR", "MAR"),
        ("AUS", "AUT"),  # UNODC: Austria
        ("AUL", "AUS"),
        ("ANT", "ATG"),  # UNODC: Antigua and Barbuda
        ("NZE", "NZL"),
        ("KKK", "XKX"),
        ("GER", "DEU"),
        ("UK", "GBR"),
        ("nze", "NZL"),
        ("Mauritius", "MUS"),  # names still resolve
        ("CHN", "CHN"),  # not a UNODC code: falls back to ISO
    ],
)
def test_resolve_unodc_codes(value: str, expected: str) -> None:
    assert c.resolve_iso3(value, code_system="unodc") == expected
    assert c.resolve_unodc_code(value) == expected


def test_unodc_only_codes_are_not_read_as_iso() -> None:
    # GER, SLO (UNODC: Slovakia; IOC: Slovenia) and BAH (UNODC: Bahrain; IOC: Bahamas) are not ISO codes.
    assert c.resolve_iso3("GER") is None
    assert c.resolve_iso3("SLO") is None
    assert c.resolve_iso3("BAH") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Unknown", c.UNKNOWN),
        ("unknown", c.UNKNOWN),
        ("UNKNOWN ", c.UNKNOWN),
        ("N/A", c.UNKNOWN),
        ("n.a.", c.UNKNOWN),
        ("Not specified", c.UNKNOWN),
        ("unspecified", c.UNKNOWN),
        ("-", c.UNKNOWN),
        ("?", c.UNKNOWN),
        ("Other", c.OTHER),
        ("Other countries", c.OTHER),
        ("Multiple Countries", c.MULTIPLE),
        ("multiple countries", c.MULTIPLE),
        ("International waters", c.INTERNATIONAL_WATERS),
        ("High seas", c.INTERNATIONAL_WATERS),
        ("XUN", c.UNKNOWN),
        ("XOT", c.OTHER),
        ("XMC", c.MULTIPLE),
        ("XIW", c.INTERNATIONAL_WATERS),
    ],
)
def test_special_values(value: str, expected: str) -> None:
    assert c.resolve_iso3(value) == expected


def test_special_codes_are_distinct_and_not_countries() -> None:
    assert set(c.SPECIAL_CODES) == {c.UNKNOWN, c.OTHER, c.MULTIPLE, c.INTERNATIONAL_WATERS}
    table = set(c.countries_frame()["iso3"])
    assert not table & set(c.SPECIAL_CODES)
    for code, label in c.SPECIAL_CODES.items():
        assert c.is_special(code)
        assert c.country_name(code) == label
        assert c.region_of(code) is None


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_missing_values_give_none(value: str | None) -> None:
    assert c.resolve_iso3(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "Atlantis",
        "Europe",  # a region, not a country
        "South America",
        "NA",  # Namibia's ISO2 or "not available": ambiguous
        "Korea",  # North or South
        "Virgin Islands",  # British or US
        "no",  # lower-case pairs are words, not ISO2 codes
        "ZZZ",
        "Serbia and Montenegro",
    ],
)
def test_unresolvable_values_give_none(value: str) -> None:
    assert c.resolve_iso3(value) is None


def test_country_table_covers_iso_3166_and_kosovo() -> None:
    df = c.countries_frame()
    assert df["iso3"].is_unique().all()
    current = df.filter(~pl.col("is_historical"))
    assert current.height == ISO_3166_COUNT + 1  # plus Kosovo
    assert {"XKX", "FRA", "NOR", "TWN", "PSE", "ESH", "SJM", "BES", "CUW", "SSD"} <= set(df["iso3"])
    assert df.filter(pl.col("iso3") == "NAM")["iso2"].item() == "NA"  # not read as a null marker
    assert df["lat"].null_count() == 0 and df["lon"].null_count() == 0
    assert df["lat"].is_between(-90, 90).all() and df["lon"].is_between(-180, 180).all()
    # Every place but Antarctica belongs to a region and a subregion.
    unplaced = df.filter(pl.col("region").is_null() | pl.col("subregion").is_null())["iso3"].to_list()
    assert unplaced == ["ATA"]


def test_every_code_resolves_to_itself() -> None:
    for iso3 in c.countries_frame()["iso3"]:
        assert c.resolve_iso3(iso3) == iso3
        assert c.resolve_iso3(c.country_name(iso3)) == iso3, c.country_name(iso3)


@pytest.mark.parametrize(
    ("iso3", "region", "subregion", "intermediate"),
    [
        ("MUS", "Africa", "Sub-Saharan Africa", "Eastern Africa"),
        ("COL", "Americas", "Latin America and the Caribbean", "South America"),
        ("USA", "Americas", "Northern America", None),
        ("AFG", "Asia", "Southern Asia", None),
        ("XKX", "Europe", "Southern Europe", None),
        ("TWN", "Asia", "Eastern Asia", None),
        ("NZL", "Oceania", "Australia and New Zealand", None),
        ("GGY", "Europe", "Northern Europe", "Channel Islands"),
    ],
)
def test_regions(iso3: str, region: str, subregion: str, intermediate: str | None) -> None:
    assert c.region_of(iso3) == region
    assert c.subregion_of(iso3) == subregion
    assert c.intermediate_region_of(iso3) == intermediate


def test_names_and_m49() -> None:
    assert c.country_name("BOL") == "Bolivia (Plurinational State of)"
    assert c.country_name("GBR") == "United Kingdom"
    assert c.country_name("XKX") == "Kosovo under UNSCR 1244"
    assert c.country_name("QQQ") == "QQQ"
    assert c.country_name(None) == ""
    assert c.m49_of("AFG") == "004"
    assert c.m49_of("XKX") is None
    assert c.region_of(None) is None


def test_resolve_series_maps_unique_values() -> None:
    s = pl.Series("country", ["France", None, "FRA", "Unknown", "Atlantis", "Côte d'Ivoire", "France"])
    out = c.resolve_series(s)
    assert out.name == "country"
    assert out.to_list() == ["FRA", None, "FRA", c.UNKNOWN, None, "CIV", "FRA"]
    assert c.resolve_series(pl.Series(["MAR"]), code_system="unodc").to_list() == ["MUS"]
    assert c.resolve_series(pl.Series("e", [], dtype=pl.String)).to_list() == []
    assert c.resolve_series(pl.Series(["Spain"]).cast(pl.Categorical)).to_list() == ["ESP"]


def test_resolve_series_is_fast_on_case_data_sized_columns() -> None:
    values = ["Colombia", "Bolivia, Plurinational State of", "Unknown", None, "Russian Federation"] * 70_000
    s = pl.Series("country", values)
    start = time.perf_counter()
    out = c.resolve_series(s)
    assert time.perf_counter() - start < 2.0
    assert out.null_count() == 70_000


def test_country_names_cover_every_country_and_special_code() -> None:
    names = c.country_names()
    table = c.countries_frame()
    assert set(names) == set(table["iso3"]) | set(c.SPECIAL_CODES)
    assert names["XUN"] == "Unknown" and names["XIW"] == "International waters"
    assert names["CIV"] == c.country_name("CIV") and names["XKX"] == c.country_name("XKX")
    assert all(names[code] == c.country_name(code) for code in table["iso3"])


def test_decision_tables_point_at_known_codes() -> None:
    # Every alias and code table resolves to a code of the country table or a special code, never to a typo.
    known = set(c.countries_frame()["iso3"]) | set(c.SPECIAL_CODES)
    tables = c._tables()
    for name, mapping in (
        ("special phrases", tables.special_phrases),
        ("manual aliases", tables.manual_aliases),
        ("extra codes", tables.extra_codes),
        ("UNODC codes", tables.unodc_codes),
    ):
        assert set(mapping.values()) <= known, name
    assert set(tables.special_phrases.values()) == set(c.SPECIAL_CODES)
    assert tables.ambiguous == {"na", "korea", "virgin islands"}
