"""The project's own import templates: a secretariat's seizure cases and annual aggregates, drugs to ODS/HFCs.

Two formats, documented column by column in ``docs/import-template.md`` (blank templates and filled examples in
``data/templates/``):

* ``template_cases`` - one row per seizure: ``date, country, substance, amount, unit`` and optional context
  (place, conveyance, concealment, route countries, routing, channel, data source).
* ``template_annual`` - one row per country, year and substance: ``country, year, substance, amount, unit`` and
  optional group, total flags, edition and source.

Validation is strict. A column the template does not define is a whole-file error naming it (a misspelt
``destinaton_country`` must not be silently dropped). Row problems go to quarantine with the row number and a reason:
missing or future dates, unresolvable countries, missing, non-numeric, negative or absurd amounts, unknown units,
values outside the allowed lists, and ODS/HFC amounts in units that are not masses (a cylinder has no standard
weight). Unknown substance names are kept, in group ``Unidentified or unclassified substances``, and flagged.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import countries, schema
from dashboard.i18n import _
from dashboard.ingest.fileformat import Format
from dashboard.ingest.readers import ROW, RawTable, parse_number
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.schema import CLASS_ODS_HFC
from dashboard.substances import (
    GROUP_ALIASES,
    GROUPS,
    REPORTED_TOTAL,
    classify_substances,
    substance_table,
    to_kg,
    unit_info,
)

MAX_KG = 1e9  # as for UNODC's tables: more than a million tonnes in one row is an error
MAX_AMOUNT = 1e12
EARLIEST_YEAR = 1900

CASE_REQUIRED = ("date", "country", "substance", "amount", "unit")
CASE_OPTIONAL = (
    "substance_group",
    "admin_division",
    "place",
    "installation",
    "conveyance",
    "concealment",
    "producing_country",
    "departure_country",
    "transit_countries",
    "destination_country",
    "routing",
    "channel",
    "data_source",
)
ANNUAL_REQUIRED = ("country", "year", "substance", "amount", "unit")
ANNUAL_OPTIONAL = ("substance_group", "is_total", "total_of", "data_source", "edition", "edition_year", "comment")

# A template states a routing it knows: "other" and "unknown" are the UNODC export's, not a secretariat's choice.
ROUTINGS = tuple(r for r in schema.ROUTINGS if r not in ("other", "unknown"))
CONVEYANCES, CHANNELS = schema.CONVEYANCES, schema.CHANNELS
ALLOWED = {"conveyance": CONVEYANCES, "routing": ROUTINGS, "channel": CHANNELS}
MASS_UNITS = ("kg", "g", "mg", "ug", "t", "lb", "oz")
TRUE_WORDS = ("yes", "y", "true", "1", "x")
FALSE_WORDS = ("no", "n", "false", "0")


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _columns(table: RawTable) -> dict[str, str]:
    return {_key(c): c for c in table.columns}


def _matches_cases(table: RawTable) -> bool:
    keys = _columns(table)
    return all(c in keys for c in CASE_REQUIRED)


def _matches_annual(table: RawTable) -> bool:
    keys = _columns(table)
    return all(c in keys for c in ANNUAL_REQUIRED) and "date" not in keys


def _check_columns(table: RawTable, allowed: tuple[str, ...], what: str) -> dict[str, str]:
    keys = _columns(table)
    unknown = [original for key, original in keys.items() if key not in allowed]
    if unknown:
        raise InputError(
            table.file,
            _(
                "unknown column(s) {columns} in the {what} template (allowed: {allowed}; see docs/import-template.md)"
            ).format(columns=", ".join(repr(c) for c in unknown), what=what, allowed=", ".join(allowed)),
        )
    return keys


def _text(keys: dict[str, str], name: str) -> pl.Expr:
    if name not in keys:
        return pl.lit(None, dtype=pl.String)
    return pl.col(keys[name]).cast(pl.String).str.strip_chars()


def _resolve(frame: pl.DataFrame, keys: dict[str, str], name: str) -> pl.Series:
    if name not in keys:
        return pl.Series(f"__{name}", [None] * frame.height, dtype=pl.String)
    return countries.resolve_series(frame[keys[name]]).alias(f"__{name}")


def _transit(frame: pl.DataFrame, keys: dict[str, str]) -> tuple[pl.Series, pl.Series]:
    """Transit countries ("ESP; NLD" or "Spain|Netherlands") as "|"-joined ISO3, and a mask of unresolvable ones."""
    if "transit_countries" not in keys:
        empty = pl.Series([None] * frame.height, dtype=pl.String)
        return empty, pl.Series([False] * frame.height)
    lists = frame.select(pl.col(keys["transit_countries"]).cast(pl.String).str.replace_all(r"\|", ";").str.split(";"))
    exploded = lists.with_row_index("__i").explode(keys["transit_countries"])
    names = exploded[keys["transit_countries"]].str.strip_chars()
    resolved = countries.resolve_series(names)
    exploded = exploded.with_columns(names.alias("__name"), resolved.alias("__iso"))
    grouped = (
        exploded.filter(pl.col("__name").is_not_null() & (pl.col("__name") != ""))
        .group_by("__i", maintain_order=True)
        .agg(pl.col("__iso").str.join("|").alias("__joined"), pl.col("__iso").is_null().any().alias("__bad"))
    )
    full = pl.DataFrame({"__i": pl.arange(0, frame.height, eager=True).cast(pl.UInt32)}).join(
        grouped, on="__i", how="left", maintain_order="left"
    )
    return full["__joined"], full["__bad"].fill_null(False)


def _run_checks(
    work: pl.DataFrame, checks: list[tuple[str, pl.Expr, pl.Expr | str]], file: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    quarantine = QuarantineBuilder(file)
    bad = pl.lit(False)
    for column, condition, reason in checks:
        condition = condition.fill_null(False)
        quarantine.add_frame(work.filter(condition & ~bad), ROW, column, reason)
        bad = bad | condition
    return work.filter(~bad), quarantine.build()


def _amount_checks(keys: dict[str, str]) -> list[tuple[str, pl.Expr, pl.Expr | str]]:
    amount_raw, unit_raw = _text(keys, "amount"), _text(keys, "unit")
    amount = pl.col("__amount")
    return [
        (keys["substance"], _text(keys, "substance").is_null(), "substance missing"),
        (keys["amount"], amount_raw.is_null(), "amount missing"),
        (keys["amount"], amount.is_null(), pl.format("amount '{}' is not a number", amount_raw)),
        (keys["amount"], amount < 0, pl.format("amount {} is negative", amount_raw)),
        (keys["amount"], amount > MAX_AMOUNT, pl.format("amount {} is absurd", amount_raw)),
        (keys["unit"], unit_raw.is_null(), "unit missing"),
        (keys["unit"], pl.col("__unit").is_null(), pl.format("unit '{}' is not a known unit", unit_raw)),
        (
            keys["unit"],
            (pl.col("__c_substance_class") == CLASS_ODS_HFC) & ~pl.col("__unit").is_in(MASS_UNITS),
            pl.format("ODS/HFC amounts must be a mass (kg, g, t); '{}' has no standard weight", unit_raw),
        ),
        (
            keys["amount"],
            pl.col("__c_kg_equivalent") > MAX_KG,
            pl.format("amount {} {} is absurd (more than 1e9 kg)", amount_raw, unit_raw),
        ),
    ]


def _prepare(table: RawTable, keys: dict[str, str]) -> pl.DataFrame:
    """Numbers, units, substances and kilograms, computed once for every row before validation."""
    decimal_comma = table.uses_decimal_comma([keys["amount"]])
    frame = table.frame.with_columns(
        parse_number(keys["amount"], decimal_comma=decimal_comma).alias("__amount"),
        _text(keys, "unit").alias("__unit_raw"),
    )
    units = frame["__unit_raw"]
    mapping = {u: (i.code if (i := unit_info(u)) else None) for u in units.drop_nulls().unique().to_list()}
    frame = frame.with_columns(units.replace_strict(mapping, default=None, return_dtype=pl.String).alias("__unit"))
    # Selected together so that a missing optional column (a literal null) is broadcast to the frame's height.
    texts = frame.select(_text(keys, "substance").alias("__name"), _text(keys, "substance_group").alias("__group"))
    names, groups = texts["__name"], texts["__group"]
    # Derived columns carry a "__c_" prefix: the file's own columns (substance_group, is_total, ...) must stay as
    # written, since quarantine keeps them as the raw row.
    classified = classify_substances(names, groups)
    frame = frame.with_columns(classified.rename(lambda c: f"__c_{c}"))
    converted = to_kg(
        frame.select("__amount", "__unit_raw", "__c_substance", "__c_substance_group", "__c_substance_subgroup"),
        "__amount",
        "__unit_raw",
        "__c_substance",
        group_col="__c_substance_group",
        subgroup_col="__c_substance_subgroup",
    )
    return frame.with_columns(
        converted["kg_equivalent"].alias("__c_kg_equivalent"), converted["kg_method"].alias("__c_kg_method")
    )


def _flags(extra: list[pl.Expr] | None = None) -> pl.Expr:
    parts = [
        pl.when(~pl.col("__c_substance_matched")).then(pl.lit("substance_not_in_vocabulary")),
        pl.when(pl.col("__c_kg_equivalent").is_null()).then(pl.lit("kg_not_convertible")),
        *(extra or []),
    ]
    return pl.concat_list(parts).list.drop_nulls().list.join(";").alias("quality_flags")


# ---- seizure cases -----------------------------------------------------------------------------------------------
def _parse_date(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(date, year, month) from YYYY-MM-DD (a spreadsheet's "YYYY-MM-DD 00:00:00" too), YYYY-MM or YYYY."""
    day = raw.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    month_only = raw.str.contains(r"^\d{4}-\d{2}$")
    year_only = raw.str.contains(r"^\d{4}$")
    year = (
        pl.when(day.is_not_null())
        .then(day.dt.year())
        .when(month_only | year_only)
        .then(raw.str.slice(0, 4).cast(pl.Int32, strict=False))
        .cast(pl.Int32)
    )
    month = (
        pl.when(day.is_not_null())
        .then(day.dt.month())
        .when(month_only)
        .then(raw.str.slice(5, 2).cast(pl.Int8, strict=False))
        .cast(pl.Int8)
    )
    return day, year, month


def parse_cases(table: RawTable, source_id: str) -> ParseResult:
    keys = _check_columns(table, CASE_REQUIRED + CASE_OPTIONAL, "seizure cases")
    frame = _prepare(table, keys)
    date_raw = _text(keys, "date")
    day, year, month = _parse_date(date_raw)
    today = dt.date.today()
    transit, transit_bad = _transit(frame, keys)
    frame = frame.with_columns(
        day.alias("__date"),
        year.alias("__year"),
        month.alias("__month"),
        _resolve(frame, keys, "country"),
        _resolve(frame, keys, "producing_country"),
        _resolve(frame, keys, "departure_country"),
        _resolve(frame, keys, "destination_country"),
        transit.alias("__transit"),
        transit_bad.alias("__transit_bad"),
        *[_text(keys, name).str.to_lowercase().str.replace_all(r"[\s-]+", "_").alias(f"__{name}") for name in ALLOWED],
    )
    month_valid = pl.col("__month").is_null() | pl.col("__month").is_between(1, 12)
    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = [
        (keys["date"], date_raw.is_null(), "date missing"),
        (
            keys["date"],
            pl.col("__year").is_null() | ~month_valid,
            pl.format("date '{}' cannot be read (expected YYYY-MM-DD, YYYY-MM or YYYY)", date_raw),
        ),
        (
            keys["date"],
            (pl.col("__date") > pl.lit(today)) | (pl.col("__year") > today.year),
            pl.format("date '{}' is in the future", date_raw),
        ),
        (keys["date"], pl.col("__year") < EARLIEST_YEAR, pl.format("date '{}' is before 1900", date_raw)),
        (keys["country"], _text(keys, "country").is_null(), "country missing"),
        (
            keys["country"],
            pl.col("__country").is_null() | pl.col("__country").is_in(list(countries.SPECIAL_CODES)),
            pl.format("seizing country '{}' cannot be resolved to a country", _text(keys, "country")),
        ),
    ]
    for name in ("producing_country", "departure_country", "destination_country"):
        if name in keys:
            checks.append(
                (
                    keys[name],
                    _text(keys, name).is_not_null() & pl.col(f"__{name}").is_null(),
                    pl.format("{} '{}' cannot be resolved to ISO3", pl.lit(name), _text(keys, name)),
                )
            )
    if "transit_countries" in keys:
        checks.append(
            (
                keys["transit_countries"],
                pl.col("__transit_bad"),
                pl.format("a transit country in '{}' cannot be resolved to ISO3", _text(keys, "transit_countries")),
            )
        )
    for name, allowed in ALLOWED.items():
        if name in keys:
            checks.append(
                (
                    keys[name],
                    pl.col(f"__{name}").is_not_null() & ~pl.col(f"__{name}").is_in(list(allowed)),
                    pl.format("{} '{}' is not one of {}", pl.lit(name), _text(keys, name), pl.lit(", ".join(allowed))),
                )
            )
    checks += _amount_checks(keys)
    kept, quarantine = _run_checks(frame, checks, table.file)
    stored = kept.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.col("__date").alias("seizure_date"),
        pl.col("__year").alias("year"),
        pl.col("__month").alias("month"),
        pl.col("__country").alias("country_iso3"),
        _text(keys, "admin_division").alias("admin_division"),
        _text(keys, "place").alias("place"),
        _text(keys, "installation").alias("installation"),
        pl.col("__c_substance").alias("substance"),
        pl.col("__c_substance_as_reported").alias("substance_as_reported"),
        pl.col("__c_substance_group").alias("substance_group"),
        pl.col("__c_substance_class").alias("substance_class"),
        pl.col("__amount").alias("amount"),
        pl.col("__unit").alias("unit"),
        pl.col("__unit_raw").alias("unit_as_reported"),
        pl.col("__c_kg_equivalent").alias("kg_equivalent"),
        pl.col("__c_kg_method").alias("kg_method"),
        pl.col("__c_is_plant_material").alias("is_plant_material"),
        pl.col("__conveyance").alias("conveyance"),
        _text(keys, "conveyance").alias("conveyance_as_reported"),
        _text(keys, "concealment").alias("concealment"),
        pl.col("__producing_country").alias("producing_iso3"),
        pl.col("__departure_country").alias("departure_iso3"),
        pl.col("__transit").alias("transit_iso3"),
        pl.col("__destination_country").alias("destination_iso3"),
        pl.col("__routing").alias("routing"),
        _text(keys, "routing").alias("routing_as_reported"),
        pl.col("__channel").alias("channel"),
        pl.coalesce(_text(keys, "data_source"), pl.lit(table.file)).alias("data_source"),
        _flags([pl.when(pl.col("__date").is_null()).then(pl.lit("date_not_to_the_day"))]),
    )
    return ParseResult(
        kind="cases",
        format="template_cases",
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine,
        edition=f"Secretariat seizure cases: {table.file}",
        citation=f"Secretariat data, {table.file}",
        licence="as agreed by the data provider",
    )


# ---- annual aggregates -------------------------------------------------------------------------------------------
def parse_annual(table: RawTable, source_id: str) -> ParseResult:
    keys = _check_columns(table, ANNUAL_REQUIRED + ANNUAL_OPTIONAL, "annual seizures")
    frame = _prepare(table, keys)
    year_raw = _text(keys, "year")
    year_f = parse_number(keys["year"])
    total_raw = _text(keys, "is_total").str.to_lowercase()
    edition_year_raw = _text(keys, "edition_year")
    frame = frame.with_columns(
        pl.when(year_f == year_f.round(0)).then(year_f).cast(pl.Int32, strict=False).alias("__year"),
        _resolve(frame, keys, "country"),
        pl.when(total_raw.is_in(TRUE_WORDS)).then(True).when(total_raw.is_in(FALSE_WORDS)).then(False).alias("__tot"),
        edition_year_raw.cast(pl.Int32, strict=False).alias("__edition_year"),
    )
    this_year = dt.date.today().year
    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = [
        (keys["country"], _text(keys, "country").is_null(), "country missing"),
        (
            keys["country"],
            pl.col("__country").is_null() | pl.col("__country").is_in(list(countries.SPECIAL_CODES)),
            pl.format("country '{}' cannot be resolved to a country", _text(keys, "country")),
        ),
        (keys["year"], year_raw.is_null(), "year missing"),
        (keys["year"], pl.col("__year").is_null(), pl.format("year '{}' is not a whole number", year_raw)),
        (keys["year"], pl.col("__year") > this_year, pl.format("year {} is in the future", pl.col("__year"))),
        (keys["year"], pl.col("__year") < EARLIEST_YEAR, pl.format("year {} is before 1900", pl.col("__year"))),
    ]
    if "is_total" in keys:
        checks.append(
            (
                keys["is_total"],
                total_raw.is_not_null() & pl.col("__tot").is_null(),
                pl.format("is_total '{}' is not yes or no", _text(keys, "is_total")),
            )
        )
    if "edition_year" in keys:
        checks.append(
            (
                keys["edition_year"],
                edition_year_raw.is_not_null() & pl.col("__edition_year").is_null(),
                pl.format("edition_year '{}' is not a year", edition_year_raw),
            )
        )
    checks += _amount_checks(keys)
    kept, quarantine = _run_checks(frame, checks, table.file)
    last_year = kept["__year"].max() if kept.height else this_year
    # Without an edition year the figures date from the year after their latest data year, like UNODC's tables.
    default_edition_year = int(last_year) + 1  # type: ignore[arg-type]
    is_total = pl.col("__tot").fill_null(False) | pl.col("__c_is_total")
    # A total of a whole group sits in subgroup "Reported total"; a total of a subgroup sits in that subgroup.
    # A subgroup name wins over a group alias: "Cocaine" is the subgroup that UNODC's cocaine total stands for.
    labels = {alias: GROUPS[key].label for alias, key in GROUP_ALIASES.items() if key in GROUPS}
    labels.update({s.lower(): s for s in substance_table()["substance_subgroup"].unique().to_list()})
    user_total_of = _text(keys, "total_of")
    total_of = pl.coalesce(
        user_total_of.str.to_lowercase().replace_strict(labels, default=user_total_of),
        pl.col("__c_total_of"),
        pl.col("__c_substance_group"),
    )
    subgroup = (
        pl.when(is_total & (total_of == pl.col("__c_substance_group")))
        .then(pl.lit(REPORTED_TOTAL))
        .when(is_total)
        .then(total_of)
        .otherwise(pl.col("__c_substance_subgroup"))
    )
    stored = kept.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.coalesce(_text(keys, "edition"), pl.lit(f"Secretariat annual data: {table.file}")).alias("edition"),
        pl.coalesce(pl.col("__edition_year"), pl.lit(default_edition_year)).cast(pl.Int32).alias("edition_year"),
        pl.col("__country").alias("country_iso3"),
        pl.col("__year").alias("year"),
        pl.col("__c_substance_group").alias("substance_group"),
        subgroup.alias("substance_subgroup"),
        pl.col("__c_substance").alias("substance"),
        pl.col("__c_substance_as_reported").alias("substance_as_reported"),
        pl.col("__c_substance_class").alias("substance_class"),
        pl.col("__c_kg_equivalent").alias("kg_equivalent"),
        pl.col("__amount").alias("amount_as_reported"),
        pl.col("__unit_raw").alias("unit_as_reported"),
        pl.col("__c_kg_method").alias("kg_method"),
        pl.coalesce(_text(keys, "data_source"), pl.lit(table.file)).alias("data_source"),
        is_total.alias("is_total"),
        pl.when(is_total).then(total_of).alias("total_of"),
        (pl.col("__c_is_plant_material") & ~is_total).alias("is_plant_material"),
        (pl.col("__unit") != "kg").alias("is_converted_unit"),
        _text(keys, "comment").alias("comment"),
        _flags(),
    )
    return ParseResult(
        kind="annual",
        format="template_annual",
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine,
        edition=f"Secretariat annual data: {table.file}",
        citation=f"Secretariat data, {table.file}",
        licence="as agreed by the data provider",
    )


FORMATS: list[Format] = [
    Format(
        name="template_cases",
        kind="cases",
        description="the project's seizure cases template (date, country, substance, amount, unit, ...)",
        matches=_matches_cases,
        parse=parse_cases,
        skip_identical_rows=False,
    ),
    Format(
        name="template_annual",
        kind="annual",
        description="the project's annual seizures template (country, year, substance, amount, unit, ...)",
        matches=_matches_annual,
        parse=parse_annual,
    ),
]
