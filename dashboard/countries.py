"""Country reference: ISO3 resolution, UN M49 regions, names and explicit placeholders for non-countries.

Every importer maps its country columns through :func:`resolve_iso3` or :func:`resolve_series`. The result is an ISO
3166-1 alpha-3 code, Kosovo's ``XKX``, the former Netherlands Antilles' ``ANT``, one of the :data:`SPECIAL_CODES`
for explicit non-country values ("Unknown", "Other", "Multiple Countries", "International waters"), or ``None`` when
the value cannot be resolved without guessing. ``None`` for a non-empty input is the importer's cue to flag or
quarantine the row; resolution never picks a "closest" country.

The reference data lives in ``geodata/countries.csv`` and ``geodata/country_aliases.csv``, both written by
``scripts/build_geometry.py`` from registry packages (sources and licences in ``geodata/LICENSES.md``). Aliases
that only occur in UNODC's files are listed here, where a reviewer can see each decision.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import polars as pl

GEODATA_DIR = Path(__file__).resolve().parent / "geodata"
COUNTRIES_CSV = GEODATA_DIR / "countries.csv"
ALIASES_CSV = GEODATA_DIR / "country_aliases.csv"

# ISO 3166 leaves X-codes to users; Kosovo's XKX is the one in common use (EU, IMF, World Bank), and the others are
# this project's own placeholders, so none of them can clash with a real country code.
KOSOVO = "XKX"
NETHERLANDS_ANTILLES = "ANT"  # dissolved in 2010, still named in 2011-2016 case records
UNKNOWN = "XUN"
OTHER = "XOT"
MULTIPLE = "XMC"
INTERNATIONAL_WATERS = "XIW"

SPECIAL_CODES: dict[str, str] = {
    UNKNOWN: "Unknown",
    OTHER: "Other",
    MULTIPLE: "Multiple countries",
    INTERNATIONAL_WATERS: "International waters",
}

CodeSystem = Literal["iso", "unodc"]

# Values (after normalisation, see _normalise) that state a fact about the country rather than naming one. They
# are kept as their own codes so that a chart can show "unknown origin" instead of silently losing the rows.
_SPECIAL_PHRASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "unknown",
            "unknown country",
            "unknown countries",
            "not known",
            "n a",
            "not available",
            "not specified",
            "unspecified",
            "not stated",
            "not reported",
            "not determined",
            "undetermined",
            "undisclosed",
            "no information",
            "",  # a value of punctuation only ("-", "?", "...") is a placeholder, not a country
        ],
        UNKNOWN,
    ),
    **dict.fromkeys(
        ["other", "others", "other country", "other countries", "other countries territories", "other territories"],
        OTHER,
    ),
    **dict.fromkeys(
        [
            "multiple countries",
            "multiple",
            "several countries",
            "various countries",
            "various",
            "more than one country",
        ],
        MULTIPLE,
    ),
    **dict.fromkeys(
        ["international waters", "high seas", "international waters high seas", "open sea", "at sea"],
        INTERNATIONAL_WATERS,
    ),
}

# Names that stand for more than one country: resolving them would be a guess. "NA" is Namibia's ISO2 code but far
# more often "not available"; a file that really holds ISO2 codes still resolves every other code.
_AMBIGUOUS: frozenset[str] = frozenset({"na", "korea", "virgin islands"})

# Names and spellings found in UNODC files and other common usage that the registries lack. Sub-national reporting
# units (UNODC reports England and Wales, Scotland and Northern Ireland, and Iraq's central and Kurdistan regions
# separately) resolve to the state: the dashboard works at country level.
_MANUAL_ALIASES: dict[str, str] = {
    # United Kingdom and its reporting units
    "UK": "GBR",
    "U.K.": "GBR",
    "Great Britain": "GBR",
    "Britain": "GBR",
    "England": "GBR",
    "England and Wales": "GBR",
    "Scotland": "GBR",
    "Wales": "GBR",
    "Northern Ireland": "GBR",
    "United Kingdom (England and Wales)": "GBR",
    "United Kingdom (Scotland)": "GBR",
    "United Kingdom (Northern Ireland)": "GBR",
    # Iraq's reporting units
    "Iraq (Central Iraq)": "IRQ",
    "Iraq (Kurdistan Region)": "IRQ",
    "Iraq (excluding Kurdistan Region)": "IRQ",
    "Kurdistan Region of Iraq": "IRQ",
    # Kosovo (UN references are in the context of Security Council resolution 1244 (1999))
    "Kosovo under UNSCR 1244": "XKX",
    "Kosovo (under UNSCR 1244)": "XKX",
    "Kosovo under UNSC resolution 1244": "XKX",
    "Kosovo (UNSCR 1244)": "XKX",
    "Kosovo under Security Council resolution 1244": "XKX",
    "Kosovo*": "XKX",
    # Former and informal names
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Macedonia, the former Yugoslav Republic of": "MKD",
    "Macedonia": "MKD",
    "FYROM": "MKD",
    "Republic of North Macedonia": "MKD",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "Republic of Turkey": "TUR",
    "Ivory Coast": "CIV",
    "Swaziland": "SWZ",
    "Libyan Arab Jamahiriya": "LBY",
    "Czech Republic": "CZE",
    "Laos": "LAO",
    "Lao PDR": "LAO",
    "Vietnam": "VNM",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Zaire": "COD",
    "DR Congo": "COD",
    "DRC": "COD",
    "Congo-Kinshasa": "COD",
    "Congo-Brazzaville": "COG",
    "Republic of the Congo": "COG",
    "South Korea": "KOR",
    "Korea, South": "KOR",
    "North Korea": "PRK",
    "Korea, North": "PRK",
    "DPRK": "PRK",
    "Russia": "RUS",
    "the Russian Federation": "RUS",
    "Holland": "NLD",
    "The Netherlands": "NLD",
    "Kyrgyz Republic": "KGZ",
    "Slovak Republic": "SVK",
    "Palestine": "PSE",
    "Occupied Palestinian Territory": "PSE",
    "Palestinian Territories": "PSE",
    "Vatican": "VAT",
    "Vatican City": "VAT",
    "Brunei": "BRN",
    "Cape Verde": "CPV",
    "US": "USA",
    "U.S.": "USA",
    "U.S.A.": "USA",
    "United States": "USA",
    "America, United States of": "USA",
    "UAE": "ARE",
    "Emirates": "ARE",
    "Netherlands Antilles": "ANT",
    # China's special administrative regions and Taiwan, in the spellings UNODC and ISO have used
    "Hong Kong": "HKG",
    "Hong Kong, China": "HKG",
    "Hong Kong SAR": "HKG",
    "Hong Kong SAR, China": "HKG",
    "China, Hong Kong SAR": "HKG",
    "China, Hong Kong Special Administrative Region": "HKG",
    "Hong Kong Special Administrative Region of China": "HKG",
    "Macao": "MAC",
    "Macau": "MAC",
    "Macao, China": "MAC",
    "Macau, China": "MAC",
    "Macao SAR": "MAC",
    "Macau, SAR of China": "MAC",
    "Macao, SAR of China": "MAC",
    "China, Macao SAR": "MAC",
    "China, Macau SAR": "MAC",
    "Taiwan": "TWN",
    "Taiwan, China": "TWN",
    "Taiwan, Province of China": "TWN",
    "China, Taiwan Province of China": "TWN",
    "Taiwan Province of China": "TWN",
    "Chinese Taipei": "TWN",
}

# Codes that are not ISO 3166-1 assignments but name one place without doubt; accepted in every code system.
_EXTRA_CODES: dict[str, str] = {
    "KKK": "XKX",  # UNODC
    "KOS": "XKX",  # IOC
    "XK": "XKX",
    "NZE": "NZL",  # UNODC
    "UK": "GBR",  # ISO exceptional reservation
    "EL": "GRC",  # EU usage, ISO exceptional reservation
    "UAE": "ARE",
}

# UNODC's own country codes, as used in the `Code` column of the World Drug Report 2021 annex "Drug seizures
# 2015-2019", each checked against the country name on the same rows (tests/integration/test_countries_real.py).
# Several collide with ISO3 codes of other countries (MAR is Mauritius, not Morocco; AUS is Austria, not Australia;
# ANT is Antigua and Barbuda, not the Netherlands Antilles), so they apply only with code_system="unodc".
# fmt: off
_UNODC_CODES: dict[str, str] = {
    "AFG": "AFG", "ALB": "ALB", "ALG": "DZA", "AND": "AND", "ANG": "AGO", "ANT": "ATG", "ARG": "ARG", "ARM": "ARM",
    "ARU": "ABW", "AUL": "AUS", "AUS": "AUT", "AZE": "AZE", "BAH": "BHR", "BAR": "BRB", "BEL": "BEL", "BEN": "BEN",
    "BGD": "BGD", "BHA": "BHS", "BHU": "BTN", "BIH": "BIH", "BKF": "BFA", "BOL": "BOL", "BRA": "BRA", "BRU": "BRN",
    "BUL": "BGR", "BYE": "BLR", "BZE": "BLZ", "CAF": "CAF", "CAN": "CAN", "CEH": "CZE", "CHD": "TCD", "CHI": "CHL",
    "CMB": "KHM", "COL": "COL", "COS": "CRI", "CPR": "CHN", "CRO": "HRV", "CUB": "CUB", "CVI": "CPV", "CYP": "CYP",
    "DEN": "DNK", "DOM": "DOM", "ECU": "ECU", "EGY": "EGY", "ELS": "SLV", "EST": "EST", "FIN": "FIN", "FRA": "FRA",
    "GAM": "GMB", "GEO": "GEO", "GER": "DEU", "GHA": "GHA", "GIB": "GIB", "GRE": "GRC", "GUA": "GTM", "GUI": "GIN",
    "GUY": "GUY", "HAI": "HTI", "HOK": "HKG", "HON": "HND", "HUN": "HUN", "ICE": "ISL", "IND": "IND", "INS": "IDN",
    "IRA": "IRN", "IRE": "IRL", "IRQ": "IRQ", "ISR": "ISR", "ITA": "ITA", "IVC": "CIV", "JAM": "JAM", "JOR": "JOR",
    "JPN": "JPN", "KAZ": "KAZ", "KEN": "KEN", "KKK": "XKX", "KUW": "KWT", "KYR": "KGZ", "LAO": "LAO", "LAT": "LVA",
    "LEB": "LBN", "LIR": "LBR", "LIT": "LTU", "LUX": "LUX", "MAC": "MAC", "MAG": "MDG", "MAL": "MYS", "MAR": "MUS",
    "MAT": "MLT", "MCD": "MKD", "MEX": "MEX", "MLI": "MLI", "MNE": "MNE", "MOL": "MDA", "MON": "MNG", "MOR": "MAR",
    "MOZ": "MOZ", "MYA": "MMR", "NAM": "NAM", "NEP": "NPL", "NER": "NER", "NET": "NLD", "NIC": "NIC", "NIR": "NGA",
    "NOR": "NOR", "NZE": "NZL", "OMA": "OMN", "PAK": "PAK", "PAN": "PAN", "PAR": "PRY", "PER": "PER", "PHI": "PHL",
    "PLS": "PSE", "POL": "POL", "POR": "PRT", "PUE": "PRI", "QAT": "QAT", "ROK": "KOR", "ROM": "ROU", "RUS": "RUS",
    "SAF": "ZAF", "SAU": "SAU", "SEN": "SEN", "SIL": "SLE", "SIN": "SGP", "SLO": "SVK", "SPA": "ESP", "SRB": "SRB",
    "SRL": "LKA", "SUD": "SDN", "SUR": "SUR", "SVN": "SVN", "SWA": "SWZ", "SWE": "SWE", "SWI": "CHE", "SYR": "SYR",
    "TAJ": "TJK", "THA": "THA", "TOG": "TGO", "TRI": "TTO", "TUK": "TKM", "TUN": "TUN", "TUR": "TUR", "TWN": "TWN",
    "UAE": "ARE", "UK": "GBR", "UKR": "UKR", "URT": "TZA", "URU": "URY", "USA": "USA", "UZB": "UZB", "VEN": "VEN",
    "VIE": "VNM", "ZAM": "ZMB",
}
# fmt: on


def _normalise(value: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive key: "Côte d'Ivoire" == "COTE D IVOIRE"."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    # Apostrophes vanish rather than split words, so "People's" and "Peoples" (both in the case data) agree.
    text = re.sub(r"['`\u2018\u2019\u00b4]", "", text)
    words = re.sub(r"[^0-9a-z*]+", " ", text).replace("*", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join("saint" if w == "st" else w for w in words)


def countries_frame() -> pl.DataFrame:
    """The country table: one row per ISO3 code (ISO 3166-1, plus XKX and the historical ANT).

    Columns: iso3, iso2, m49, name, region, region_code, subregion, subregion_code, intermediate_region,
    intermediate_region_code, lat, lon, has_polygon, centroid_source, region_source, is_historical.
    Read once; each call gets its own (cheap, copy-on-write) clone, so no caller can change another's table.
    """
    return _countries_frame().clone()


@cache
def _countries_frame() -> pl.DataFrame:
    text_columns = [
        "iso3",
        "iso2",
        "m49",
        "name",
        "region",
        "region_code",
        "subregion",
        "subregion_code",
        "intermediate_region",
        "intermediate_region_code",
        "centroid_source",
        "region_source",
    ]
    schema = {
        **dict.fromkeys(text_columns, pl.String),
        "lat": pl.Float64,
        "lon": pl.Float64,
        "has_polygon": pl.Boolean,
        "is_historical": pl.Boolean,
    }
    # Codes such as Namibia's "NA" and M49 "004" must stay text: no inference, no null markers.
    return pl.read_csv(COUNTRIES_CSV, schema_overrides=schema, infer_schema=False, null_values=[""])


@cache
def _index() -> _Index:
    return _Index(_countries_frame())


class _Index:
    """Lookup tables built once from the CSV files."""

    def __init__(self, frame: pl.DataFrame) -> None:
        rows = frame.to_dicts()
        self.by_iso3: dict[str, dict] = {r["iso3"]: r for r in rows}
        self.iso2 = {r["iso2"]: r["iso3"] for r in rows if r["iso2"]}
        self.m49 = {r["m49"]: r["iso3"] for r in rows if r["m49"]}
        candidates: dict[str, set[str]] = {}
        aliases = pl.read_csv(ALIASES_CSV, infer_schema=False)
        for alias, iso3 in zip(aliases["alias"], aliases["iso3"], strict=True):
            candidates.setdefault(_normalise(alias), set()).add(iso3)
        # A registry name shared by two places is left out; the manual list below is deliberate and wins.
        self.names = {key: next(iter(codes)) for key, codes in candidates.items() if len(codes) == 1}
        self.names.update({_normalise(alias): iso3 for alias, iso3 in _MANUAL_ALIASES.items()})
        # Word breaks differ between sources ("Cote d Ivoire", "Cote dIvoire", "Viet Nam", "Vietnam"): a second
        # index without spaces catches them, again without names that two places share.
        compact: dict[str, set[str]] = {}
        for key, iso3 in self.names.items():
            compact.setdefault(key.replace(" ", ""), set()).add(iso3)
        self.compact = {key: next(iter(codes)) for key, codes in compact.items() if len(codes) == 1}


def _lookup_code(raw: str, code_system: CodeSystem) -> str | None:
    idx = _index()
    upper = raw.upper()
    if code_system == "unodc" and upper in _UNODC_CODES:
        return _UNODC_CODES[upper]
    if upper in _EXTRA_CODES:
        # Two-letter extras need upper case like ISO2 ("uk" is still resolved below, by name).
        return _EXTRA_CODES[upper] if len(raw) > 2 or raw.isupper() else None
    if len(raw) == 3 and raw.isalpha():
        if upper in idx.by_iso3:
            return upper
        if upper in SPECIAL_CODES:
            return upper
    if len(raw) == 2 and raw.isalpha() and raw.isupper():
        # Lower-case pairs ("no", "it", "in") are more often words than codes, so only upper case counts.
        return idx.iso2.get(upper)
    if raw.isdigit() and len(raw) <= 3:
        return idx.m49.get(raw.zfill(3))
    return None


@lru_cache(maxsize=8192)
def _resolve(raw: str, code_system: CodeSystem) -> str | None:
    key = _normalise(raw)
    if key in _AMBIGUOUS:
        return None
    if (code := _lookup_code(raw, code_system)) is not None:
        return code
    if key in _SPECIAL_PHRASES:
        return _SPECIAL_PHRASES[key]
    idx = _index()
    if key in idx.names:
        return idx.names[key]
    if key.replace(" ", "") in idx.compact:
        return idx.compact[key.replace(" ", "")]
    if "," in raw:
        # ISO's inverted style: "Korea, Republic of" -> "Republic of Korea".
        head, tail = raw.split(",", 1)
        return idx.names.get(_normalise(f"{tail} {head}"))
    return None


def resolve_iso3(value: str | None, code_system: CodeSystem = "iso") -> str | None:
    """Resolve a country name or code to ISO3, a special code, or None.

    Accepts ISO3 codes (any case), ISO2 codes (upper case), M49 numeric codes, UN, ISO, former and common names
    (case-, accent-, punctuation- and whitespace-insensitive), UNODC's non-ISO codes KKK (Kosovo) and NZE (New
    Zealand), and explicit placeholders ("Unknown", "Other", "Multiple Countries", "International waters"), which
    return the codes in :data:`SPECIAL_CODES`.

    ``code_system="unodc"`` reads three-letter codes as UNODC country codes first (MAR = Mauritius, AUS = Austria),
    as in the 2015-2019 seizure annex; codes UNODC does not use fall back to ISO.

    Returns None for None, empty or blank input, and for values that cannot be resolved without guessing.
    Resolution is idempotent: every code it returns resolves to itself.
    """
    if value is None:
        return None
    raw = " ".join(str(value).split())
    if not raw:
        return None
    return _resolve(raw, code_system)


def resolve_unodc_code(value: str | None) -> str | None:
    """Resolve a UNODC country code (or any value) with UNODC's code table first; see :func:`resolve_iso3`."""
    return resolve_iso3(value, code_system="unodc")


def resolve_series(s: pl.Series, code_system: CodeSystem = "iso") -> pl.Series:
    """Resolve a whole column: each distinct value is resolved once, then mapped (fast on 300k+ rows).

    Nulls stay null; unresolvable values become null too, so compare with the input to find them.
    """
    text = s.cast(pl.String)
    mapping = {v: resolve_iso3(v, code_system) for v in text.drop_nulls().unique().to_list()}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String).alias(s.name)


def is_special(code: str | None) -> bool:
    """True for the placeholders in :data:`SPECIAL_CODES` (no polygon, no region, no centroid)."""
    return code in SPECIAL_CODES


def country_name(iso3: str | None) -> str:
    """Display name (UN style) for a code; special codes give their label, unknown codes come back unchanged."""
    if iso3 is None:
        return ""
    if iso3 in SPECIAL_CODES:
        return SPECIAL_CODES[iso3]
    row = _index().by_iso3.get(iso3)
    return row["name"] if row else iso3


def _field(iso3: str | None, column: str) -> str | None:
    row = _index().by_iso3.get(iso3) if iso3 else None
    return row[column] if row else None


def region_of(iso3: str | None) -> str | None:
    """UN M49 region (Africa, Americas, Asia, Europe, Oceania); None for special codes and Antarctica."""
    return _field(iso3, "region")


def subregion_of(iso3: str | None) -> str | None:
    """UN M49 subregion, e.g. "Latin America and the Caribbean"; None where M49 has none."""
    return _field(iso3, "subregion")


def intermediate_region_of(iso3: str | None) -> str | None:
    """UN M49 intermediate region (e.g. "South America", "Caribbean"); None where M49 has none."""
    return _field(iso3, "intermediate_region")


def m49_of(iso3: str | None) -> str | None:
    """Three-digit UN M49 code as text ("004"); None for Kosovo, Taiwan and special codes."""
    return _field(iso3, "m49")


def country_names() -> dict[str, str]:
    """ISO3 (and the special codes such as unknown) to a readable name."""
    names = dict(zip(*countries_frame().select("iso3", "name").get_columns(), strict=True))
    return {**{k: str(v) for k, v in SPECIAL_CODES.items()}, **names}
