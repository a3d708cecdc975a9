"""UNODC annual "Drug seizures" tables: three shapes, as UNODC publishes them or re-saved as CSV.

* ``unodc_annual_2018`` - World Drug Report 2023 annex 7.1 "Drug seizures, 2018-2022": a title row, then
  ``Region, SubRegion, Country, DrugGroup, DrugSubGroup, DrugName, Reference year, Kilograms, msCode`` (ISO3).
* ``unodc_annual_2015`` - World Drug Report 2021 annex "Drug seizures 2015-2019": header on row 4, the amount as
  reported with its unit, UNODC's kilogram equivalent, the reporting source, and UNODC's own country ``Code``.
* ``unodc_annual_2012`` - "Drug seizures 2012-2016" CSV: kilogram equivalents, ISO3 (``KKK`` = Kosovo).

Each also reads as a CSV with ``;`` separators and decimal commas. The edition (and so which figures win where
editions overlap, see ``dashboard.annual_rules``) is inferred from the latest year in the file: UNODC publishes the
2018-2022 shape one year after its last data year and the two older shapes two years after.

Validation sends rows to quarantine with the file's own row number, the column and a reason: unresolvable country,
missing / non-numeric / negative / absurd amount (more than ``MAX_KG`` kilograms or ``MAX_AMOUNT`` units), a year that
is not a whole number, in the future or before 1900, an unknown unit, and the note rows below the 2015-2019 table. A
reported zero is kept: it is a figure, unlike a country-drug-year with no row at all ("not reported").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from dashboard import countries
from dashboard.ingest.formats import Format
from dashboard.ingest.readers import ROW, RawTable, _norm, parse_number
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.substances import classify_substances, to_kg, unit_info

# A seizure figure above a million tonnes is a typing or unit error: the largest real row in any edition is about
# 11,500 t (coca bush, in kilograms of plant), and world cocaine manufacture is under 3,000 t a year.
MAX_KG = 1e9
# Amounts as reported may be counts: Thailand reported 515 million methamphetamine tablets for one year.
MAX_AMOUNT = 1e12
EARLIEST_YEAR = 1900
LICENCE = "UNODC data: free to use with attribution to UNODC (UNODC website, Data and analysis)"


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    columns: dict[str, str]  # our role -> the file's column name (matched case- and punctuation-insensitively)
    edition_lag: int  # years between the last data year and the World Drug Report that published it
    title: str  # the annex title, for the citation
    code_system: str  # how to read the country code column


SHAPE_2018 = Shape(
    name="unodc_annual_2018",
    description="UNODC drug seizures workbook, 2018-2022 layout (WDR 2023 annex 7.1)",
    columns={
        "region": "Region",
        "subregion": "SubRegion",
        "country": "Country",
        "group": "DrugGroup",
        "subgroup": "DrugSubGroup",
        "name": "DrugName",
        "year": "Reference year",
        "kg": "Kilograms",
        "code": "msCode",
    },
    edition_lag=1,
    title="Statistical Annex 7.1, Drug seizures",
    code_system="iso",
)
SHAPE_2015 = Shape(
    name="unodc_annual_2015",
    description="UNODC drug seizures workbook, 2015-2019 layout (WDR 2021 annex, amounts as reported with units)",
    columns={
        "region": "Region",
        "subregion": "Subregion",
        "country": "Country/Territory",
        "source": "Source",
        "year": "Year",
        "group": "DrugGroup",
        "subgroup": "Drug",
        "specifics": "Specifics",
        "amount": "Amount (as reported)",
        "unit": "Unit",
        "kg": "* Kilogramm equivalent",
        "comment": "Comment",
        "territories": "Territories",
        "code": "Code",
    },
    edition_lag=2,
    title="Statistical Annex, Drug seizures",
    code_system="unodc",
)
SHAPE_2012 = Shape(
    name="unodc_annual_2012",
    description="UNODC drug seizures CSV, 2012-2016 layout (kilogram equivalents, ISO3)",
    columns={
        "region": "Region",
        "subregion": "SubRegion",
        "country": "Country",
        "code": "ISO3",
        "year": "Year",
        "group": "DrugGroup",
        "subgroup": "Drug",
        "specifics": "SpecificDrugName",
        "kg": "KgEquivalent",
        "comment": "Comment",
    },
    edition_lag=2,
    title="Statistical Annex, Drug seizures",
    code_system="iso",
)
SHAPES = (SHAPE_2018, SHAPE_2015, SHAPE_2012)


def _column_map(table: RawTable, shape: Shape) -> dict[str, str] | None:
    """Role -> actual column name in the table, or None when a column of the shape is missing."""
    by_norm = {_norm(c): c for c in table.columns}
    found = {}
    for role, wanted in shape.columns.items():
        actual = by_norm.get(_norm(wanted))
        if actual is None:
            return None
        found[role] = actual
    return found


def _matches(shape: Shape):
    def matches(table: RawTable) -> bool:
        return _column_map(table, shape) is not None

    return matches


def _parse(shape: Shape):
    def parse(table: RawTable, source_id: str) -> ParseResult:
        return parse_annual(table, shape)

    return parse


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.strip_chars()


def parse_annual(table: RawTable, shape: Shape) -> ParseResult:
    cols = _column_map(table, shape)
    if cols is None:  # detection guarantees the columns; a direct call may not
        raise InputError(table.file, f"is not a {shape.description}")
    known = set(cols.values())
    extra = [c for c in table.columns if c not in known]
    if extra:
        raise InputError(
            table.file,
            f"unknown column(s) {', '.join(repr(c) for c in extra)}: the {shape.description} has no such column;"
            " remove them or use the import template",
        )
    numeric = [cols["kg"], *([cols["amount"]] if "amount" in cols else [])]
    decimal_comma = table.uses_decimal_comma(numeric)
    frame = table.frame
    this_year = dt.date.today().year

    year_num = parse_number(cols["year"])
    work = frame.with_columns(
        year_num.alias("__year_f"),
        parse_number(cols["kg"], decimal_comma=decimal_comma).alias("__kg"),
        (parse_number(cols["amount"], decimal_comma=decimal_comma) if "amount" in cols else pl.lit(None))
        .cast(pl.Float64)
        .alias("__amount"),
    )
    work = work.with_columns(
        pl.when(pl.col("__year_f") == pl.col("__year_f").round(0))
        .then(pl.col("__year_f"))
        .otherwise(None)
        .cast(pl.Int32, strict=False)
        .alias("__year")
    )

    # Countries: the code column first (UNODC's own code table for the 2015-2019 file), then the name.
    code_system = shape.code_system
    by_code = countries.resolve_series(work[cols["code"]], code_system=code_system)  # type: ignore[arg-type]
    by_name = countries.resolve_series(work[cols["country"]])
    work = work.with_columns(pl.coalesce(by_code, by_name).alias("__iso3"))

    # Units of the 2015-2019 shape.
    if "unit" in cols:
        units = work[cols["unit"]].cast(pl.String)
        mapping = {u: (i.code if (i := unit_info(u)) else None) for u in units.drop_nulls().unique().to_list()}
        work = work.with_columns(
            units.replace_strict(mapping, default=None, return_dtype=pl.String).alias("__unit"),
        )
    else:
        work = work.with_columns(pl.lit("kg").alias("__unit"))

    quarantine = QuarantineBuilder(table.file)
    checks = _checks(shape, cols, this_year)
    bad = pl.lit(False)
    for column, condition, reason in checks:
        condition = condition.fill_null(False)  # a comparison with a missing value is not a failure
        rejected = work.filter(condition & ~bad)
        quarantine.add_frame(rejected, ROW, column, reason)
        # A row is quarantined once, for the first reason found; the others would only repeat the problem.
        bad = bad | condition
    kept = work.filter(~bad)

    stored = _build(kept, shape, cols)
    years = stored["year"]
    last_year = int(years.max()) if years.len() else this_year  # type: ignore[arg-type]
    edition_year = last_year + shape.edition_lag
    first_year = int(years.min()) if years.len() else last_year  # type: ignore[arg-type]
    span = f"{first_year}-{last_year}"
    edition = f"UNODC drug seizures {span} (WDR {edition_year})"
    stored = stored.with_columns(pl.lit(edition).alias("edition"), pl.lit(edition_year, pl.Int32).alias("edition_year"))
    notes = [
        f"edition inferred from the latest data year {last_year}: World Drug Report {edition_year}",
        f"numbers read with {'decimal commas' if decimal_comma else 'decimal points'}",
    ]
    return ParseResult(
        kind="annual",
        format=shape.name,
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine.build(),
        edition=edition,
        citation=f"UNODC, World Drug Report {edition_year}, {shape.title}, {span}",
        licence=LICENCE,
        notes=notes,
    )


def _checks(shape: Shape, cols: dict[str, str], this_year: int) -> list[tuple[str, pl.Expr, pl.Expr | str]]:
    """(column, failing condition, reason) in the order they are applied; the first failure names the row."""
    country, code, year = _text(cols["country"]), _text(cols["code"]), _text(cols["year"])
    kg_raw = _text(cols["kg"])
    kg = pl.col("__kg")
    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = [
        (
            cols["country"],
            country.is_null() & code.is_null() & year.is_null(),
            "note row below the table: no country, year or figure",
        ),
        (cols["country"], country.is_null() & code.is_null(), "country missing"),
        (
            cols["country"],
            pl.col("__iso3").is_null(),
            pl.format("country '{}' (code '{}') cannot be resolved to ISO3", country.fill_null(""), code.fill_null("")),
        ),
        (cols["year"], year.is_null(), "year missing"),
        (cols["year"], pl.col("__year").is_null(), pl.format("year '{}' is not a whole number", year)),
        (cols["year"], pl.col("__year") > this_year, pl.format("year {} is in the future", pl.col("__year"))),
        (
            cols["year"],
            pl.col("__year") < EARLIEST_YEAR,
            pl.format("year {} is before {}", pl.col("__year"), pl.lit(EARLIEST_YEAR)),
        ),
        (
            cols["subgroup"],
            _text(cols["group"]).is_null() & _text(cols["subgroup"]).is_null() & _name(shape, cols).is_null(),
            "no drug named",
        ),
    ]
    if "amount" in cols:
        amount_raw, amount = _text(cols["amount"]), pl.col("__amount")
        unit_raw = _text(cols["unit"])
        checks += [
            (cols["amount"], amount_raw.is_null() & kg_raw.is_null(), "amount missing"),
            (
                cols["amount"],
                amount_raw.is_not_null() & amount.is_null(),
                pl.format("amount '{}' is not a number", amount_raw),
            ),
            (cols["amount"], amount < 0, pl.format("amount {} is negative", amount_raw)),
            (
                cols["amount"],
                amount > MAX_AMOUNT,
                pl.format("amount {} is absurd (more than {})", amount_raw, pl.lit(f"{MAX_AMOUNT:.0e}")),
            ),
            (cols["unit"], amount_raw.is_not_null() & unit_raw.is_null(), "unit missing"),
            (
                cols["unit"],
                unit_raw.is_not_null() & pl.col("__unit").is_null(),
                pl.format("unit '{}' is not a known unit", unit_raw),
            ),
        ]
    else:
        checks.append((cols["kg"], kg_raw.is_null(), "amount missing"))
    checks += [
        (cols["kg"], kg_raw.is_not_null() & kg.is_null(), pl.format("amount '{}' is not a number", kg_raw)),
        (cols["kg"], kg < 0, pl.format("amount {} kg is negative", kg_raw)),
        (
            cols["kg"],
            kg > MAX_KG,
            pl.format("amount {} kg is absurd (more than {} kg)", kg_raw, pl.lit(f"{MAX_KG:.0e}")),
        ),
    ]
    return checks


def _name(shape: Shape, cols: dict[str, str]) -> pl.Expr:
    """The most specific name of the row: UNODC's DrugName, or the free-text specifics, else the Drug column."""
    if "specifics" in cols:
        return pl.coalesce(_text(cols["specifics"]), _text(cols["subgroup"]))
    return _text(cols["name"])


def _build(kept: pl.DataFrame, shape: Shape, cols: dict[str, str]) -> pl.DataFrame:
    names = kept.select(_name(shape, cols)).to_series()
    classified = classify_substances(names, kept[cols["group"]].cast(pl.String), kept[cols["subgroup"]].cast(pl.String))
    if "specifics" in cols:
        as_reported = kept.select(
            pl.when(_text(cols["specifics"]).is_not_null())
            .then(pl.format("{}: {}", _text(cols["subgroup"]), _text(cols["specifics"])))
            .otherwise(_text(cols["subgroup"]))
        ).to_series()
    else:
        as_reported = names
    out = kept.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.col("__iso3").alias("country_iso3"),
        pl.col("__year").alias("year"),
        pl.col("__kg").alias("__kg_published"),
        pl.col("__amount"),
        pl.col("__unit"),
        (_text(cols["unit"]) if "unit" in cols else pl.lit(None, pl.String)).alias("unit_as_reported"),
        (_text(cols["source"]) if "source" in cols else pl.lit("UNODC")).alias("data_source"),
        (_text(cols["comment"]) if "comment" in cols else pl.lit(None, pl.String)).alias("comment"),
        (_text(cols["territories"]).str.to_lowercase() == "yes" if "territories" in cols else pl.lit(False)).alias(
            "__territory"
        ),
        _text(cols["region"]).alias("__region"),
        _text(cols["subregion"]).alias("__subregion"),
    ).with_columns(
        as_reported.alias("substance_as_reported"),
        classified["substance"],
        classified["substance_group"],
        classified["substance_subgroup"],
        classified["substance_class"],
        classified["is_plant_material"],
        classified["is_total"],
        classified["total_of"],
        classified["substance_matched"].alias("__matched"),
    )
    if "amount" in cols:
        out = _with_reported_units(out)
    else:
        out = out.with_columns(
            pl.col("__kg_published").alias("kg_equivalent"),
            pl.lit(None, pl.Float64).alias("amount_as_reported"),
            pl.lit(False).alias("is_converted_unit"),
            pl.lit(f"UNODC kilogram equivalent as published ({shape.columns['kg']})").alias("kg_method"),
            pl.lit(None, pl.String).alias("__unit_flag"),
        )
    # Pitfall: the same country-drug-year on several rows (sub-labels, sources). Kept and summed, and flagged so
    # a reader can see it.
    repeated = pl.struct(
        "country_iso3", "year", "substance_as_reported", "unit_as_reported", "data_source", "substance_subgroup"
    )
    flags = pl.concat_list(
        pl.when(~pl.col("__matched")).then(pl.lit("substance_not_in_vocabulary")),
        pl.when(repeated.is_duplicated()).then(pl.lit("repeated_key")),
        pl.when(pl.col("__territory")).then(pl.lit("territory")),
        pl.col("__unit_flag"),
    ).list.drop_nulls()
    return out.with_columns(flags.list.join(";").alias("quality_flags"))


def _with_reported_units(out: pl.DataFrame) -> pl.DataFrame:
    """The 2015-2019 shape: keep UNODC's kilogram equivalent, with the amount and unit as reported beside it."""
    ours = to_kg(
        out.with_columns(pl.concat_str("__region", "__subregion", separator=" ", ignore_nulls=True).alias("__rg")),
        "__amount",
        "unit_as_reported",
        "substance",
        region_col="__rg",
        group_col="substance_group",
        subgroup_col="substance_subgroup",
    )
    published = pl.col("__kg_published")
    non_mass = ~pl.col("__unit").is_in(["kg", "g", "mg", "ug", "t", "lb", "oz"])
    # UNODC writes 0 kg for amounts it could not convert (311 bottles, 167 pieces): that is "unknown", not zero.
    unconverted = published.is_null() | ((published == 0) & (pl.col("__amount") > 0) & non_mass)
    ours_kg = pl.Series("__ours", ours["kg_equivalent"])
    differs = (
        pl.col("__ours").is_not_null()
        & published.is_not_null()
        & ((pl.col("__ours") - published).abs() > 0.01 * pl.max_horizontal(pl.col("__ours").abs(), published.abs()))
        & ~unconverted
    )
    return out.with_columns(ours_kg).with_columns(
        pl.when(unconverted).then(None).otherwise(published).alias("kg_equivalent"),
        pl.col("__amount").alias("amount_as_reported"),
        (pl.col("__unit") != "kg").alias("is_converted_unit"),
        pl.when(unconverted)
        .then(pl.format("not converted: UNODC published no kilogram equivalent for {}", pl.col("unit_as_reported")))
        .when(pl.col("__unit") == "kg")
        .then(pl.lit("reported in kilograms"))
        .otherwise(pl.format("UNODC kilogram equivalent as published, from {}", pl.col("unit_as_reported")))
        .alias("kg_method"),
        pl.when(unconverted & (published == 0))
        .then(pl.lit("unodc_zero_kg_for_unconverted_unit"))
        .when(differs)
        .then(pl.lit("unodc_kg_differs_from_documented_factor"))
        .alias("__unit_flag"),
    )


FORMATS: list[Format] = [
    Format(
        name=shape.name,
        kind="annual",
        description=shape.description,
        matches=_matches(shape),
        parse=_parse(shape),
        header_hint=frozenset({shape.columns["country"], shape.columns["kg"], shape.columns["code"]}),
    )
    for shape in SHAPES
]
