"""Country reference: ISO3 resolution, UN M49 regions, names and explicit placeholders for non-countries.

Every importer maps its country columns through :func:`resolve_iso3` or :func:`resolve_series`. The result is an ISO
3166-1 alpha-3 code, Kosovo's ``XKX``, the former Netherlands Antilles' ``ANT``, one of the :data:`SPECIAL_CODES`
for explicit non-country values ("Unknown", "Other", "Multiple Countries", "International waters"), or ``None`` when
the value cannot be resolved without guessing. ``None`` for a non-empty input is the importer's cue to flag or
quarantine the row; resolution never picks a "closest" country.

The reference data lives in ``geodata/countries.csv`` and ``geodata/country_aliases.csv``, both written by
``scripts/build_geometry.py`` from registry packages (sources and licences in ``geodata/LICENSES.md``). The project's
own decisions (placeholders, aliases and codes that only occur in UNODC's files, names too ambiguous to resolve) are
CSV tables in ``dashboard/reference/``, listed below, where a reviewer can see each one.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import polars as pl

from dashboard import collation
from dashboard.i18n import SOURCE_LANGUAGE, _, language
from dashboard.reference import read_rows

GEODATA_DIR = Path(__file__).resolve().parent / "geodata"
COUNTRIES_CSV = GEODATA_DIR / "countries.csv"
ALIASES_CSV = GEODATA_DIR / "country_aliases.csv"
# The UN short names in the other languages (UNTERM, else M49, else the project's reviewed form, else CLDR flagged as
# a fallback): written by scripts/build_country_names.py, with each name's source.
NAMES_CSV = GEODATA_DIR / "country_names.csv"

# ISO 3166 leaves X-codes to users; Kosovo's XKX is the one in common use (EU, IMF, World Bank), and the others are
# this project's own placeholders, so none of them can clash with a real country code.
KOSOVO = "XKX"
NETHERLANDS_ANTILLES = "ANT"  # dissolved in 2010, still named in 2011-2016 case records
UNKNOWN = "XUN"
OTHER = "XOT"
MULTIPLE = "XMC"
INTERNATIONAL_WATERS = "XIW"

CodeSystem = Literal["iso", "unodc"]

# The decisions are tables in dashboard/reference/, where a reviewer can see each one:
#   special_country_codes.csv    the placeholder codes above and their labels
#   special_country_phrases.csv  values (normalised, see _normalise) that state a fact about the country rather than
#                                naming one ("unknown", "high seas"); kept as their own codes so that a chart can show
#                                "unknown origin" instead of silently losing the rows
#   ambiguous_country_names.csv  names that stand for more than one country: resolving them would be a guess
#   manual_country_aliases.csv   spellings found in UNODC files and common usage that the registries lack;
#                                sub-national reporting units (England and Wales, Iraq's regions) resolve to the state
#   extra_country_codes.csv      codes that are not ISO 3166-1 assignments but name one place without doubt
#                                (UNODC's KKK and NZE, ...); accepted in every code system
#   unodc_country_codes.csv      UNODC's own codes (the `Code` column of the WDR 2021 annex "Drug seizures
#                                2015-2019"), each checked against the country name on the same rows
#                                (tests/integration/test_countries_real.py). Several collide with ISO3 codes of other
#                                countries (MAR is Mauritius, AUS Austria, ANT Antigua and Barbuda), so they apply only
#                                with code_system="unodc".


def _pairs(name: str, key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for row in read_rows(name)}


SPECIAL_CODES: dict[str, str] = _pairs("special_country_codes.csv", "code", "label")


@dataclass(frozen=True)
class _Tables:
    special_phrases: dict[str, str]
    ambiguous: frozenset[str]
    manual_aliases: dict[str, str]
    extra_codes: dict[str, str]
    unodc_codes: dict[str, str]


@cache
def _tables() -> _Tables:
    return _Tables(
        special_phrases=_pairs("special_country_phrases.csv", "phrase", "code"),
        ambiguous=frozenset(row["name"] for row in read_rows("ambiguous_country_names.csv")),
        manual_aliases=_pairs("manual_country_aliases.csv", "alias", "iso3"),
        extra_codes=_pairs("extra_country_codes.csv", "code", "iso3"),
        unodc_codes=_pairs("unodc_country_codes.csv", "unodc_code", "iso3"),
    )


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
        self.names.update({_normalise(alias): iso3 for alias, iso3 in _tables().manual_aliases.items()})
        # Word breaks differ between sources ("Cote d Ivoire", "Cote dIvoire", "Viet Nam", "Vietnam"): a second
        # index without spaces catches them, again without names that two places share.
        compact: dict[str, set[str]] = {}
        for key, iso3 in self.names.items():
            compact.setdefault(key.replace(" ", ""), set()).add(iso3)
        self.compact = {key: next(iter(codes)) for key, codes in compact.items() if len(codes) == 1}


def _lookup_code(raw: str, code_system: CodeSystem) -> str | None:
    idx, tables = _index(), _tables()
    upper = raw.upper()
    if code_system == "unodc" and upper in tables.unodc_codes:
        return tables.unodc_codes[upper]
    if upper in tables.extra_codes:
        # Two-letter extras need upper case like ISO2 ("uk" is still resolved below, by name).
        return tables.extra_codes[upper] if len(raw) > 2 or raw.isupper() else None
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
    tables = _tables()
    if key in tables.ambiguous:
        return None
    if (code := _lookup_code(raw, code_system)) is not None:
        return code
    if key in tables.special_phrases:
        return tables.special_phrases[key]
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


@cache
def localised_names(lang: str) -> dict[str, str]:
    """ISO3 -> the country's UN short name in ``lang`` (empty for English: the names of ``countries.csv``)."""
    with NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["iso3"]: row["name"] for row in csv.DictReader(handle) if row["lang"] == lang}


def country_name(iso3: str | None) -> str:
    """Display name (UN style, in the current language) for a code; special codes give their label, unknown codes
    come back unchanged."""
    if iso3 is None:
        return ""
    if iso3 in SPECIAL_CODES:
        return _(SPECIAL_CODES[iso3])
    local = localised_names(language()).get(iso3)
    if local:
        return local
    row = _index().by_iso3.get(iso3)
    return row["name"] if row else iso3


def in_name_order(codes: Iterable[str]) -> list[str]:
    """Country codes in the alphabetical order of their names in the current language (``dashboard.collation``;
    Chinese in the order of the English names, as UN documents in Chinese list Member States)."""
    codes = list(codes)
    english = collation.rule().by_english_names
    names = [_english_name(c) if english else country_name(c) for c in codes]
    return [codes[i] for i in collation.in_order(names, SOURCE_LANGUAGE if english else None)]


def name_order(code_column: str = "country_iso3", name_column: str = "country_name") -> pl.Expr:
    """A sort key for a table of countries: the alphabetical order of ``name_column`` in the current language, or
    of the English names of ``code_column`` where the language orders countries so (``in_name_order``)."""
    if not collation.rule().by_english_names:
        return collation.sort_key(pl.col(name_column))
    english = {iso3: row["name"] for iso3, row in _index().by_iso3.items()}
    names = pl.col(code_column).replace_strict(english, default=pl.col(name_column), return_dtype=pl.String)
    return collation.sort_key(names, SOURCE_LANGUAGE)


def _english_name(iso3: str) -> str:
    row = _index().by_iso3.get(iso3)
    return row["name"] if row and iso3 not in SPECIAL_CODES else country_name(iso3)


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
    special = {k: _(str(v)) for k, v in SPECIAL_CODES.items()}
    return {**special, **names, **localised_names(language())}


# ---- analytical areas: UN M49 regions, subregions and intermediate regions -----------------------------------------
AREA_LEVELS = ("region", "subregion", "intermediate_region")  # UN M49: Africa > Sub-Saharan Africa > Western Africa


@cache
def _areas() -> dict[str, frozenset[str]]:
    """Every UN M49 area name -> the ISO3 codes of today's countries and territories in it (historical ones, such as
    the Netherlands Antilles, belong to no area)."""
    today = _countries_frame().filter(~pl.col("is_historical").fill_null(False))
    members: dict[str, set[str]] = {}
    for level in AREA_LEVELS:
        for name, iso3 in today.select(level, "iso3").drop_nulls().iter_rows():
            members.setdefault(name, set()).add(iso3)
    return {name: frozenset(codes) for name, codes in members.items()}


def area_names(level: str | None = None) -> tuple[str, ...]:
    """The UN M49 area names (of one ``level`` of ``AREA_LEVELS``, or all), sorted."""
    if level is None:
        return tuple(sorted(_areas()))
    return tuple(sorted(_countries_frame()[level].drop_nulls().unique().to_list()))


def subregion_names() -> tuple[str, ...]:
    """The subregions a filter offers: UN M49 subregions and intermediate regions (Western Africa, South America,
    Northern Europe...), each once."""
    return tuple(sorted(set(area_names("subregion")) | set(area_names("intermediate_region"))))


def area_members(names: tuple[str, ...] | list[str]) -> list[str]:
    """The ISO3 codes of the countries in any of the named areas (UN M49 names, ``unodc_key`` names; an ISO3 code
    stands for itself), sorted."""
    areas = _areas()
    codes: set[str] = set()
    for name in names:
        if name in _UNODC.members:
            codes |= _UNODC.members[name]
            continue
        codes |= areas.get(name, frozenset({name}) if re.fullmatch(r"[A-Z]{3}", name) else frozenset())
    return sorted(codes)


# ---- UNODC's own regions and subregions ------------------------------------------------------------------------------
# UNODC groups countries its own way ("West and Central Africa", "Near and Middle East/ South-West Asia", "Central
# America (excluding Mexico)"): not unions of UN M49 areas, and some names are also M49 names ("Oceania", "Caribbean").
# A UNODC area is therefore always named with its scheme (``unodc_key``). Its members are not a table of this project:
# they come from the imported data (the Region and SubRegion columns of UNODC's files), read when a store is loaded.
UNODC_LEVELS = ("unodc_region", "unodc_subregion")
_UNODC_PREFIX = {"unodc_region": "UNODC region: ", "unodc_subregion": "UNODC subregion: "}


@dataclass
class _UnodcAreas:
    members: dict[str, frozenset[str]]  # unodc_key -> ISO3 codes
    of: dict[str, dict[str, str]]  # level -> ISO3 -> unodc_key


_UNODC = _UnodcAreas({}, {level: {} for level in UNODC_LEVELS})


def unodc_key(level: str, name: str) -> str:
    """The name a UNODC area goes by in filters and URLs: "UNODC subregion: West and Central Africa"."""
    return f"{_UNODC_PREFIX[level]}{name}"


def unodc_split(key: str) -> tuple[str, str] | None:
    """(level, UNODC's own name) of a ``unodc_key`` name; None for any other name."""
    for level, prefix in _UNODC_PREFIX.items():
        if key.startswith(prefix):
            return level, key[len(prefix) :]
    return None


@cache
def _unodc_spellings() -> dict[str, dict[str, str]]:
    """level -> UNODC's older (or the case export's) spelling of an area -> the name its latest tables use
    (``reference/unodc_area_names.csv``): editions renamed areas without moving countries."""
    table: dict[str, dict[str, str]] = {level: {} for level in UNODC_LEVELS}
    for row in read_rows("unodc_area_names.csv"):
        table[row["level"]][row["as_written"]] = row["name"]
    return table


def unodc_membership(*frames: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Country -> UNODC region and subregion, from stored rows (annual rows and case records): iso3, unodc_region,
    unodc_subregion (either may be null), each area under the name UNODC's latest tables give it (older spellings:
    ``reference/unodc_area_names.csv``). Where editions assign a country differently the latest edition wins (the
    highest ``edition_year``; case records, which have no edition, count as older than any annual edition, and
    among equals the more frequent assignment wins, then the alphabetical first, so the result never depends on row
    order). A store imported before the columns existed gives an empty table: every country's UNODC area unknown."""
    parts = []
    for frame in frames:
        lf = frame.lazy()
        names = lf.collect_schema().names()
        if "unodc_region" not in names or "unodc_subregion" not in names:
            continue
        edition = pl.col("edition_year") if "edition_year" in names else pl.lit(-1)
        weight = pl.col("records").sum() if "records" in names else pl.len()
        parts.append(
            lf.filter(pl.col("unodc_region").is_not_null() | pl.col("unodc_subregion").is_not_null())
            .group_by(
                pl.col("country_iso3").alias("iso3"),
                "unodc_region",
                "unodc_subregion",
                edition.cast(pl.Int32).alias("edition_year"),
            )
            .agg(weight.cast(pl.Int64).alias("rows"))
            .collect()
        )
    schema = {"iso3": pl.String, "unodc_region": pl.String, "unodc_subregion": pl.String}
    if not parts:
        return pl.DataFrame(schema=schema)
    spellings = _unodc_spellings()
    every = (
        pl.concat(parts)
        .with_columns(pl.col(level).replace(spellings[level]) for level in UNODC_LEVELS)
        .group_by("iso3", "unodc_region", "unodc_subregion", "edition_year")
        .agg(pl.col("rows").sum())
    )
    chosen = every.sort(
        ["iso3", "edition_year", "rows", "unodc_region", "unodc_subregion"],
        descending=[False, True, True, False, False],
        nulls_last=True,
    )
    return (
        chosen.unique("iso3", keep="first", maintain_order=True)
        .select(list(schema))
        .filter(~pl.col("iso3").is_in(list(SPECIAL_CODES)))
    )


def set_unodc_membership(membership: pl.DataFrame) -> None:
    """Make ``membership`` (``unodc_membership``) the UNODC areas every filter and breakdown uses: the loaded store's.
    One store is loaded per process, so the latest load decides."""
    members: dict[str, set[str]] = {}
    of: dict[str, dict[str, str]] = {level: {} for level in UNODC_LEVELS}
    for row in membership.iter_rows(named=True):
        for level in UNODC_LEVELS:
            if row[level]:
                key = unodc_key(level, row[level])
                members.setdefault(key, set()).add(row["iso3"])
                of[level][row["iso3"]] = key
    _UNODC.members = {key: frozenset(codes) for key, codes in members.items()}
    _UNODC.of = of


def unodc_area_names(level: str | None = None) -> tuple[str, ...]:
    """The ``unodc_key`` names of the loaded store's UNODC areas (of one level, or both), sorted."""
    levels = UNODC_LEVELS if level is None else (level,)
    return tuple(sorted(key for key in _UNODC.members if unodc_split(key)[0] in levels))  # type: ignore[index]


def unodc_area_expr(level: str, column: str = "country_iso3") -> pl.Expr:
    """The ``unodc_key`` name of each country's UNODC region or subregion (null where the data give none)."""
    return pl.col(column).replace_strict(_UNODC.of[level], default=None, return_dtype=pl.String)


# The levels an area breakdown or comparison offers: each puts a country in one area only, so nothing counts twice.
AREA_SCHEMES = ("region", "subregion", "unodc_region", "unodc_subregion")


def area_expr(level: str, column: str = "country_iso3") -> pl.Expr:
    """Each country's area at ``level`` of ``AREA_SCHEMES``: UN M49 region, UN M49 subregion (its narrowest area,
    ``subarea_of``), UNODC region or UNODC subregion; null where the scheme gives the country none."""
    if level in UNODC_LEVELS:
        return unodc_area_expr(level, column)
    if level == "subregion":
        return subarea_expr(column)
    # A historical country (the Netherlands Antilles) keeps the M49 region the country table gives it, as the
    # region filter and the country names' join do.
    regions = dict(_countries_frame().select("iso3", "region").drop_nulls().iter_rows())
    return pl.col(column).replace_strict(regions, default=None, return_dtype=pl.String)


@cache
def _subarea_of() -> dict[str, str]:
    today = _countries_frame().filter(~pl.col("is_historical").fill_null(False))
    return {
        iso3: area
        for iso3, area in today.select("iso3", pl.coalesce("intermediate_region", "subregion")).iter_rows()
        if area
    }


def subarea_of(iso3: str | None) -> str | None:
    """The narrowest UN M49 area of a country: its intermediate region (Western Africa, South America), else its
    subregion (Western Europe, Northern America)."""
    return _subarea_of().get(iso3 or "")


def subarea_expr(column: str = "country_iso3") -> pl.Expr:
    """``subarea_of`` for a column of ISO3 codes (null for the unknown, other, multiple and historical codes)."""
    return pl.col(column).replace_strict(_subarea_of(), default=None, return_dtype=pl.String)
