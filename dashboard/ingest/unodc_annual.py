"""UNODC annual "Drug seizures" tables, in any layout UNODC (or a secretariat re-saving its tables) has used.

Columns are recognised by their *meaning*, not by their exact names: each header is looked up among the spellings of
``reference/annual_columns.csv`` (``Reference year`` and ``Year``; ``msCode``, ``ISO3``, ``Iso3_code`` and ``Code``;
``Kilograms``, ``KgEquivalent`` and ``* Kilogramm equivalent``; ``DrugName``, ``Drug`` and ``SpecificDrugName``...)
and given a role: country or country code, year, drug group, subgroup, name or specifics, kilograms, amount and unit,
source, comment, region. A table is recognised when every column has a role and the roles a figure needs are there
(a country or its code, a year, kilograms or an amount with its unit, and a drug). A table that is not can be imported
once its columns are mapped to roles by hand (``dashboard.ingest.mapping``); the mapping is kept for files of the
same shape.

The three layouts UNODC has published (``reference/annual_layouts.csv``) keep their names when the header is exactly
theirs: ``unodc_annual_2018`` (World Drug Report 2023 annex 7.1, 2018-2022), ``unodc_annual_2015`` (WDR 2021,
2015-2019, amounts as reported with their units and UNODC's own country codes) and ``unodc_annual_2012`` (2012-2016
CSV). Any other layout is ``unodc_annual`` (or ``unodc_annual_mapped`` when mapped by hand). The layout a table is
closest to gives the annex title and the lag between the last data year and the report that published it.

Edition: named by the file (its title block or its name, e.g. "World Drug Report 2024" or "WDR 2024") or by the person
importing it; otherwise inferred from the latest data year and the layout's lag, and then stored as inferred and cited
as "World Drug Report 2023 (edition inferred from the data years)" wherever it is cited. A file without a subgroup
column gets its subgroups from the project's vocabulary, and its reported totals are recognised by their names, so
the totals rule applies as before. Country codes are read as ISO3 or as UNODC's own codes (``MAR`` = Mauritius),
whichever agrees with the file's country names.

Validation sends rows to quarantine with the file's own row number, the column and a reason: unresolvable country,
missing / non-numeric / negative / absurd amount (more than ``MAX_KG`` kilograms or ``MAX_AMOUNT`` units), a year that
is not a whole number, in the future or before 1900, an unknown unit, and the note rows below the 2015-2019 table. A
reported zero is kept: it is a figure, unlike a country-drug-year with no row at all ("not reported").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from dashboard import countries
from dashboard.annual_rules import TOTAL_BELOW_COMPONENTS, comment_flags, totals_below_components
from dashboard.i18n import _
from dashboard.ingest.fileformat import Format
from dashboard.ingest.readers import ROW, RawTable, _norm, parse_number
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.reference import read_rows
from dashboard.substances import classify_substances, to_kg, unit_info
from dashboard.text import EDITION_INFERRED

# A seizure figure above a million tonnes is a typing or unit error: the largest real row in any edition is about
# 11,500 t (coca bush, in kilograms of plant), and world cocaine manufacture is under 3,000 t a year.
MAX_KG = 1e9
# Amounts as reported may be counts: Thailand reported 515 million methamphetamine tablets for one year.
MAX_AMOUNT = 1e12
EARLIEST_YEAR = 1900
LICENCE = "UNODC data: free to use with attribution to UNODC (UNODC website, Data and analysis)"
IGNORE = "ignore"  # the role of a column a person chose to leave out when mapping a table
INFERRED = EDITION_INFERRED  # stored in English; text.citation translates it where shown
MAPPED_FORMAT = "unodc_annual_mapped"
# Roles, in the order a person reads a table; the mapping step offers them in this order.
ROLES = (
    "country",
    "code",
    "year",
    "group",
    "subgroup",
    "name",
    "specifics",
    "kg",
    "amount",
    "unit",
    "source",
    "comment",
    "region",
    "subregion",
    "territories",
)
NEEDED = {  # what a figure needs: any one of the roles of each line
    "a country or its code": ("country", "code"),
    "a year": ("year",),
    "kilograms, or an amount with its unit": ("kg", "amount"),
    "a drug (group, subgroup or name)": ("group", "subgroup", "name", "specifics"),
}
_EDITION = re.compile(r"(?i)\b(?:world\s*drug\s*report|wdr)[\s_\-]*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Layout:
    key: str  # "" for a layout UNODC has not published
    format: str
    description: str
    edition_lag: int  # years between the last data year and the World Drug Report that published it
    title: str  # the annex title, for the citation
    code_system: str  # how its country codes read when the file has no names to decide
    header: tuple[str, ...]  # normalised, in order


@cache
def layouts() -> dict[str, Layout]:
    return {
        r["layout"]: Layout(
            r["layout"],
            r["format"],
            r["description"],
            int(r["edition_lag"]),
            r["title"],
            r["code_system"],
            tuple(_norm(h) for h in r["header"].split("|") if h),
        )
        for r in read_rows("annual_layouts.csv")
    }


@cache
def synonyms() -> dict[str, str]:
    """Normalised header -> role, from ``reference/annual_columns.csv``; two spellings of one header agree."""
    found: dict[str, str] = {}
    for row in read_rows("annual_columns.csv"):
        if row["role"] not in ROLES:
            raise ValueError(f"annual_columns.csv: {row['header']!r} has unknown role {row['role']!r}")
        key = _norm(row["header"])
        if found.setdefault(key, row["role"]) != row["role"]:
            raise ValueError(f"annual_columns.csv: {row['header']!r} is given two roles")
    return found


@dataclass(frozen=True)
class Recognised:
    """What the columns of a table mean: role -> column, the columns with no role, the roles missing."""

    roles: dict[str, str]
    unknown: tuple[str, ...]  # columns whose header means nothing known (or a second column of one role)
    missing: tuple[str, ...]  # what a figure needs and no column gives (phrases of ``NEEDED``)

    @property
    def complete(self) -> bool:
        return not self.unknown and not self.missing


def recognise(columns: list[str], mapping: dict[str, str] | None = None) -> Recognised:
    """The role of each column, by its header (or by ``mapping``: column -> role or ``IGNORE``, which wins)."""
    roles: dict[str, str] = {}
    unknown: list[str] = []
    for column in columns:
        role = (mapping or {}).get(column) or synonyms().get(_norm(column))
        if role == IGNORE:
            continue
        if role is None or role in roles:
            unknown.append(column)
            continue
        roles[role] = column
    missing = tuple(need for need, options in NEEDED.items() if not any(o in roles for o in options))
    if "amount" in roles and "unit" not in roles and "kg" not in roles:
        missing += ("the unit of the amount",)
    return Recognised(roles, tuple(unknown), missing)


def layout_of(columns: list[str]) -> tuple[Layout, bool]:
    """The published layout the header is closest to (or the generic one) and whether it is exactly that layout."""
    header = {_norm(c) for c in columns}
    best, score = layouts()[""], 0.5  # below half the columns in common a table is not "that layout"
    for layout in layouts().values():
        if not layout.header:
            continue
        known = set(layout.header)
        overlap = len(header & known) / len(header | known)
        if overlap > score:
            best, score = layout, overlap
    return best, bool(best.header) and header == set(best.header)


def guess_roles(columns: list[str]) -> dict[str, str | None]:
    """For the mapping step: each column's role where its header names one, else None."""
    return {column: synonyms().get(_norm(column)) for column in columns}


def header_score(cells: list[str | None]) -> int:
    """How many cells of a row are headers of this table's roles (to find the header below a title block)."""
    return sum(1 for cell in cells if cell is not None and _norm(str(cell)) in synonyms())


def _matches(table: RawTable) -> bool:
    return recognise(table.columns).complete


def _parse(table: RawTable, source_id: str) -> ParseResult:
    return parse_annual(table)


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.strip_chars()


def _optional(cols: dict[str, str], role: str) -> pl.Expr:
    return _text(cols[role]) if role in cols else pl.lit(None, pl.String)


def parse_annual(table: RawTable, mapping: dict[str, str] | None = None) -> ParseResult:
    """Parse an annual table whose columns are recognised (or mapped by ``mapping``: column -> role)."""
    found = recognise(table.columns, mapping)
    if not found.complete:
        raise InputError(table.file, unrecognised_reason(found))
    cols = found.roles
    layout, exact = layout_of(table.columns)
    numeric = [cols[r] for r in ("kg", "amount") if r in cols]
    decimal_comma = table.uses_decimal_comma(numeric)
    this_year = dt.date.today().year

    work = table.frame.with_columns(
        parse_number(cols["year"]).alias("__year_f"),
        (parse_number(cols["kg"], decimal_comma=decimal_comma) if "kg" in cols else pl.lit(None, pl.Float64)).alias(
            "__kg"
        ),
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
    iso3, code_note = _countries(work, cols, layout)
    work = work.with_columns(iso3.alias("__iso3"))
    if "unit" in cols:
        units = work[cols["unit"]].cast(pl.String)
        mapped = {u: (i.code if (i := unit_info(u)) else None) for u in units.drop_nulls().unique().to_list()}
        work = work.with_columns(units.replace_strict(mapped, default=None, return_dtype=pl.String).alias("__unit"))
    else:
        work = work.with_columns(pl.lit("kg").alias("__unit"))

    quarantine = QuarantineBuilder(table.file)
    bad = pl.lit(False)
    for column, condition, reason in _checks(cols, this_year):
        condition = condition.fill_null(False)  # a comparison with a missing value is not a failure
        quarantine.add_frame(work.filter(condition & ~bad), ROW, column, reason)
        # A row is quarantined once, for the first reason found; the others would only repeat the problem.
        bad = bad | condition
    stored = _build(work.filter(~bad), cols)

    years = stored["year"]
    last_year = int(years.max()) if years.len() else this_year  # type: ignore[arg-type]
    first_year = int(years.min()) if years.len() else last_year  # type: ignore[arg-type]
    span = f"{first_year}-{last_year}"
    edition = find_edition(table, last_year, layout)
    stored = stored.with_columns(
        pl.lit(edition.stored(span)).alias("edition"), pl.lit(edition.year, pl.Int32).alias("edition_year")
    )
    below = int(stored["quality_flags"].str.contains(TOTAL_BELOW_COMPONENTS).sum())
    notes = [
        edition.note(last_year),
        f"numbers read with {'decimal commas' if decimal_comma else 'decimal points'}",
        *([code_note] if code_note else []),
        *([] if exact else [_roles_note(cols, layout)]),
        *([] if "subgroup" in cols else ["no subgroup column: subgroups come from the project's vocabulary"]),
    ]
    if below:
        notes.append(
            f"{below:,} reported totals are smaller than their own components: the components are used instead "
            f"(flagged '{TOTAL_BELOW_COMPONENTS}')"
        )
    return ParseResult(
        kind="annual",
        format=(layout.format if exact else layouts()[""].format) if mapping is None else MAPPED_FORMAT,
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine.build(),
        edition=edition.stored(span),
        citation=edition.citation(layout.title, span),
        licence=LICENCE,
        notes=notes,
        edition_inferred=edition.inferred,
    )


def unrecognised_reason(found: Recognised) -> str:
    """One line: which columns mean nothing known and which roles no column gives."""
    parts = []
    if found.unknown:
        parts.append(_("unknown column(s) {columns}").format(columns=", ".join(repr(c) for c in found.unknown)))
    if found.missing:
        parts.append(_("no column for {roles}").format(roles="; ".join(found.missing)))
    return _("not a drug seizures table this importer recognises: {problems}").format(problems="; ".join(parts))


def _roles_note(cols: dict[str, str], layout: Layout) -> str:
    shown = ", ".join(f"{column} = {role}" for role, column in cols.items())
    closest = f"; closest to the {layout.description}" if layout.key else ""
    return f"columns recognised by their meaning: {shown}{closest}"


# ---- countries -------------------------------------------------------------------------------------------------------
def _countries(work: pl.DataFrame, cols: dict[str, str], layout: Layout) -> tuple[pl.Series, str | None]:
    """ISO3 per row: the code column first (read as ISO3 or as UNODC's own codes, whichever agrees with the names
    more often), then the name."""
    by_name = countries.resolve_series(work[cols["country"]]) if "country" in cols else None
    if "code" not in cols:
        return by_name, None  # type: ignore[return-value]
    systems = {system: countries.resolve_series(work[cols["code"]], code_system=system) for system in ("iso", "unodc")}
    system = layout.code_system
    if by_name is not None:
        agree = {s: int((codes == by_name).fill_null(False).sum()) for s, codes in systems.items()}
        if agree["iso"] != agree["unodc"]:
            system = max(agree, key=lambda s: agree[s])
    codes = systems[system]
    resolved = codes if by_name is None else pl.select(pl.coalesce(codes, by_name)).to_series()
    if system == "unodc":
        return resolved, f"country codes read as UNODC's own codes ({cols['code']}: MAR = Mauritius), as the names say"
    return resolved, None


# ---- editions --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edition:
    year: int  # orders editions
    inferred: bool  # True: from the latest data year, not from the file or the person importing it
    named: str | None = None  # an edition a person gave that is not a World Drug Report ("HONLEA Africa 2024")
    where: str = ""  # where it was found: "title", "file name", "given"

    def label(self) -> str:
        if self.named:
            return self.named
        return f"WDR {self.year}, {INFERRED}" if self.inferred else f"WDR {self.year}"

    def stored(self, span: str) -> str:
        return self.named or f"UNODC drug seizures {span} ({self.label()})"

    def citation(self, title: str, span: str) -> str:
        if self.named:
            return f"{self.named}, {span}"
        inferred = f" ({INFERRED})" if self.inferred else ""
        return f"UNODC, World Drug Report {self.year}{inferred}, {title}, {span}"

    def note(self, last_year: int) -> str:
        if self.inferred:
            return (
                f"edition inferred from the latest data year {last_year}: World Drug Report {self.year} (the file "
                "does not name its edition; give it with --edition, or on upload, to cite it for certain)"
            )
        return f"edition {self.label()}, from the {self.where}"


def parse_edition(text: str) -> Edition:
    """An edition a person gives: "WDR 2024", "World Drug Report 2024", or any name with its year."""
    text = " ".join(text.split())
    found = _EDITION.search(text)
    if found:
        return Edition(int(found.group(1)), False, where="edition given on import")
    year = _YEAR.search(text)
    if not year:
        raise ValueError(f"edition {text!r} names no year: write it as e.g. 'WDR 2024'")
    return Edition(int(year.group(1)), False, named=text, where="edition given on import")


def find_edition(table: RawTable, last_year: int, layout: Layout) -> Edition:
    """The edition the file names (title block first, then file name), else one inferred from the data years."""
    for where, text in (("title", " ".join(table.title_lines)), ("file name", re.sub(r"[_.]+", " ", table.file))):
        found = _EDITION.search(text)
        if found:
            return Edition(int(found.group(1)), False, where=where)
    return Edition(last_year + layout.edition_lag, True)


def with_edition(result: ParseResult, given: str) -> ParseResult:
    """``result`` cited as the edition a person gave, instead of the one found or inferred."""
    edition = parse_edition(given)
    years = result.stored["year"]
    span = f"{years.min()}-{years.max()}" if years.len() else ""
    title = next((lay.title for lay in layouts().values() if lay.format == result.format), layouts()[""].title)
    result.stored = result.stored.with_columns(
        pl.lit(edition.stored(span)).alias("edition"), pl.lit(edition.year, pl.Int32).alias("edition_year")
    )
    result.edition, result.citation, result.edition_inferred = (
        edition.stored(span),
        edition.citation(title, span),
        False,
    )
    result.notes = [n for n in result.notes if not n.startswith("edition ")] + [f"edition {edition.label()}, given"]
    return result


# ---- validation ------------------------------------------------------------------------------------------------------
def _checks(cols: dict[str, str], this_year: int) -> list[tuple[str, pl.Expr, pl.Expr | str]]:
    """(column, failing condition, reason) in the order they are applied; the first failure names the row."""
    country, code, year = _optional(cols, "country"), _optional(cols, "code"), _text(cols["year"])
    where = cols.get("country") or cols["code"]
    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = [
        (
            where,
            country.is_null() & code.is_null() & year.is_null(),
            "note row below the table: no country, year or figure",
        ),
        (where, country.is_null() & code.is_null(), "country missing"),
        (
            where,
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
            cols.get("subgroup") or cols.get("name") or cols.get("specifics") or cols["group"],
            _optional(cols, "group").is_null() & _optional(cols, "subgroup").is_null() & _name(cols).is_null(),
            "no drug named",
        ),
    ]
    return checks + _amount_checks(cols)


def _amount_checks(cols: dict[str, str]) -> list[tuple[str, pl.Expr, pl.Expr | str]]:
    kg_raw, kg = _optional(cols, "kg"), pl.col("__kg")
    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = []
    if "amount" in cols:
        amount_raw, amount = _text(cols["amount"]), pl.col("__amount")
        unit_raw = _optional(cols, "unit")
        unit_column = cols.get("unit", cols["amount"])
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
            (unit_column, amount_raw.is_not_null() & unit_raw.is_null(), "unit missing"),
            (
                unit_column,
                unit_raw.is_not_null() & pl.col("__unit").is_null(),
                pl.format("unit '{}' is not a known unit", unit_raw),
            ),
        ]
    else:
        checks.append((cols["kg"], kg_raw.is_null(), "amount missing"))
    if "kg" in cols:
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


# ---- rows ------------------------------------------------------------------------------------------------------------
def _name(cols: dict[str, str]) -> pl.Expr:
    """The most specific name of the row: UNODC's DrugName, or the free-text specifics, else the subgroup or group."""
    return pl.coalesce(
        _optional(cols, "name"), _optional(cols, "specifics"), _optional(cols, "subgroup"), _optional(cols, "group")
    )


def _as_reported(cols: dict[str, str]) -> pl.Expr:
    """The name as the file writes it: "Drug: specifics" where the older tables qualify their drug."""
    if "specifics" in cols and "subgroup" in cols:
        subgroup, specifics = _text(cols["subgroup"]), _text(cols["specifics"])
        return pl.when(specifics.is_not_null()).then(pl.format("{}: {}", subgroup, specifics)).otherwise(subgroup)
    return _name(cols)


def _build(kept: pl.DataFrame, cols: dict[str, str]) -> pl.DataFrame:
    names = kept.select(_name(cols)).to_series()
    classified = classify_substances(
        names,
        kept.select(_optional(cols, "group")).to_series(),
        kept.select(_optional(cols, "subgroup")).to_series() if "subgroup" in cols else None,
    )
    out = kept.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.col("__iso3").alias("country_iso3"),
        pl.col("__year").alias("year"),
        _optional(cols, "region").alias("unodc_region"),
        _optional(cols, "subregion").alias("unodc_subregion"),
        pl.col("__kg").alias("__kg_published"),
        pl.col("__amount"),
        pl.col("__unit"),
        _optional(cols, "unit").alias("unit_as_reported"),
        (_text(cols["source"]) if "source" in cols else pl.lit("UNODC")).alias("data_source"),
        _optional(cols, "comment").alias("comment"),
        (_optional(cols, "territories").str.to_lowercase() == "yes").fill_null(False).alias("__territory"),
        _optional(cols, "region").alias("__region"),
        _optional(cols, "subregion").alias("__subregion"),
    ).with_columns(
        kept.select(_as_reported(cols)).to_series().alias("substance_as_reported"),
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
        out = _with_reported_units(out, has_kg="kg" in cols)
    else:
        out = out.with_columns(
            pl.col("__kg_published").alias("kg_equivalent"),
            pl.lit(None, pl.Float64).alias("amount_as_reported"),
            pl.lit(False).alias("is_converted_unit"),
            pl.lit(f"UNODC kilogram equivalent as published ({cols['kg']})").alias("kg_method"),
            pl.lit(None, pl.String).alias("__unit_flag"),
        )
    # Pitfall: the same country-drug-year on several rows (sub-labels, sources). Kept and summed, and flagged so
    # a reader can see it.
    repeated = pl.struct(
        "country_iso3", "year", "substance_as_reported", "unit_as_reported", "data_source", "substance_subgroup"
    )
    # Totals are compared with their components within this file (one source, before it has its identifier).
    below = totals_below_components(out.with_columns(pl.lit("this file").alias("source_id")))
    flags = pl.concat_list(
        pl.when(~pl.col("__matched")).then(pl.lit("substance_not_in_vocabulary")),
        pl.when(repeated.is_duplicated()).then(pl.lit("repeated_key")),
        pl.when(pl.col("__territory")).then(pl.lit("territory")),
        pl.when(below).then(pl.lit(TOTAL_BELOW_COMPONENTS)),
        pl.col("__unit_flag"),
    ).list.drop_nulls()
    # What UNODC's comment says about the figure (carried over from an earlier year, an estimate, a financial year, a
    # part of the year) becomes flags beside the comment, so charts can mark it.
    flags = pl.concat_list(flags, comment_flags(pl.col("comment")).fill_null([]))
    return out.with_columns(flags.list.join(";").alias("quality_flags"))


def _with_reported_units(out: pl.DataFrame, *, has_kg: bool) -> pl.DataFrame:
    """Amounts as reported with their units (the 2015-2019 shape): UNODC's kilogram equivalent is kept, with the
    amount and unit beside it; a table with no kilogram column is converted with the documented factors."""
    ours = to_kg(
        out.with_columns(pl.concat_str("__region", "__subregion", separator=" ", ignore_nulls=True).alias("__rg")),
        "__amount",
        "unit_as_reported",
        "substance",
        region_col="__rg",
        group_col="substance_group",
        subgroup_col="substance_subgroup",
    )
    if not has_kg:
        return out.with_columns(
            ours["kg_equivalent"],
            pl.col("__amount").alias("amount_as_reported"),
            (pl.col("__unit") != "kg").alias("is_converted_unit"),
            ours["kg_method"],
            pl.lit(None, pl.String).alias("__unit_flag"),
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


FORMAT = Format(
    name="unodc_annual",
    kind="annual",
    description="UNODC drug seizures table (any layout whose columns name a country, year, drug and kilograms)",
    matches=_matches,
    parse=_parse,
    skip_identical_rows=False,
    repeated_flag="repeated_row",
)
FORMATS: list[Format] = [FORMAT]
