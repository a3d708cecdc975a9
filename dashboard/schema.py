"""The canonical tables, declared once as patito models, and the Polars schemas derived from them.

Every importer produces frames with exactly these columns and types (``conform`` enforces it), so every later step
can rely on them; ``validate`` checks the rest of the contract (nulls, codes, closed vocabularies) before a frame is
stored. The meaning of each column is documented in ``docs/data-model.md``; keep the two in step.

A column is declared non-null only where every importer guarantees it (a row without it is quarantined, or the
importer always fills it); closed vocabularies are the values the importers can write.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, get_args

import patito as pt
import polars as pl

from dashboard.reference import read_rows

# Substance classes: the four lenses of the dashboard, and a fifth for what no lens should add up: substances a report
# does not identify, and alcohol, tobacco, caffeine, khat and kratom (not under international control).
CLASS_DRUG = "drug"
CLASS_PRECURSOR = "precursor"
CLASS_NPS = "nps"
CLASS_ODS_HFC = "ods_hfc"
CLASS_OTHER = "other"
SubstanceClass = Literal["drug", "precursor", "nps", "ods_hfc", "other"]
SUBSTANCE_CLASSES: tuple[str, ...] = get_args(SubstanceClass)

Conveyance = Literal["air", "sea", "road", "rail", "mail_courier", "other", "unknown"]
Routing = Literal[
    "domestic",
    "border_inbound",
    "border_outbound",
    "transit",
    "free_trade_zone",
    "international_waters",
    "other",
    "unknown",
]
Channel = Literal["e_commerce", "mail_courier", "free_trade_zone", "transshipment", "re_export"]
CONVEYANCES: tuple[str, ...] = get_args(Conveyance)
ROUTINGS: tuple[str, ...] = get_args(Routing)
CHANNELS: tuple[str, ...] = get_args(Channel)
# Canonical unit codes: the units table of dashboard/reference/units.csv is their one home.
UNITS: tuple[str, ...] = tuple(row["unit"] for row in read_rows("units.csv"))
Unit = Literal[UNITS]  # type: ignore[valid-type]

ISO3 = r"^[A-Z]{3}$"
ISO3_LIST = r"^[A-Z]{3}(\|[A-Z]{3})*$"  # transit countries, "|"-separated


def _text(**constraints: Any) -> Any:
    return pt.Field(dtype=pl.String(), **constraints)


def _iso3() -> Any:
    return pt.Field(dtype=pl.String(), pattern=ISO3)


def _int(dtype: pl.DataType, **constraints: Any) -> Any:
    return pt.Field(dtype=dtype, **constraints)


def _float(**constraints: Any) -> Any:
    return pt.Field(dtype=pl.Float64(), **constraints)


def _bool() -> Any:
    return pt.Field(dtype=pl.Boolean())


class CasesRow(pt.Model):
    """One seizure event."""

    record_id: str = _text()  # stable: source_id + source_row
    source_id: str = _text()
    source_row: int = _int(pl.Int64(), ge=1)  # row number as a person sees it in the input file
    seizure_date: dt.date | None = pt.Field(dtype=pl.Date())
    year: int = _int(pl.Int32())
    month: int | None = _int(pl.Int8(), ge=1, le=12)  # null when only the year is known
    country_iso3: str = _iso3()  # seizing country
    # UNODC's own region and subregion of the seizing country, as the file writes them (null: the file names none, or
    # the store was imported before these columns existed). Not UN M49 areas: see docs/data-model.md.
    unodc_region: str | None = _text()
    unodc_subregion: str | None = _text()
    admin_division: str | None = _text()
    place: str | None = _text()
    installation: str | None = _text()  # e.g. airport, seaport, land border crossing
    substance: str = _text()  # canonical name
    substance_as_reported: str = _text()
    substance_group: str = _text()
    substance_class: SubstanceClass = _text()
    amount: float = _float(ge=0)  # as reported
    unit: Unit = _text()  # canonical unit of the reported amount (kg, g, l, ml, tablet, unit, plant, ...)
    unit_as_reported: str = _text()
    kg_equivalent: float | None = _float(ge=0)  # null when no documented conversion exists
    kg_method: str = _text()  # how kg_equivalent was derived, with the factor used
    is_plant_material: bool = _bool()
    conveyance: Conveyance | None = _text()
    conveyance_as_reported: str | None = _text()
    concealment: str | None = _text()
    producing_iso3: str | None = _iso3()
    departure_iso3: str | None = _iso3()
    transit_iso3: str | None = _text(pattern=ISO3_LIST)  # "|"-separated when several
    destination_iso3: str | None = _iso3()
    routing: Routing | None = _text()
    routing_as_reported: str | None = _text()
    channel: Channel | None = _text()
    data_source: str = _text()  # who reported the figure (ARQ, Govt, WCO, ...) or the dataset name
    quality_flags: str = _text()  # ";"-separated machine-readable flags, empty when clean


class AnnualRow(pt.Model):
    """One reported annual figure (country, year, substance)."""

    record_id: str = _text()
    source_id: str = _text()
    source_row: int = _int(pl.Int64(), ge=1)
    edition: str = _text()  # e.g. "WDR 2023"
    edition_year: int = _int(pl.Int32())  # orders editions: where two cover the same country-year the newer wins
    country_iso3: str = _iso3()
    # UNODC's own region and subregion of the country in this edition ("Africa", "West and Central Africa"), as the
    # file writes them; null when the file has no such columns or the store predates them.
    unodc_region: str | None = _text()
    unodc_subregion: str | None = _text()
    year: int = _int(pl.Int32())
    substance_group: str = _text()  # canonical group (see dashboard.substances)
    substance_subgroup: str = _text()
    substance: str = _text()
    substance_as_reported: str | None = _text()  # null when the file names only the drug group
    substance_class: SubstanceClass = _text()
    kg_equivalent: float | None = _float(ge=0)
    amount_as_reported: float | None = _float(ge=0)
    unit_as_reported: str | None = _text()
    kg_method: str | None = _text()
    data_source: str | None = _text()
    is_total: bool = _bool()  # a row that totals other rows of the same country-year
    total_of: str | None = _text()  # the subgroup (or group) a total row stands for
    is_plant_material: bool = _bool()
    is_converted_unit: bool | None = _bool()  # reported in another unit and converted to kg
    comment: str | None = _text()
    quality_flags: str = _text()


class QuarantineRow(pt.Model):
    """One rejected input row, with the reason."""

    file: str = _text()
    row: int = _int(pl.Int64())
    column: str = _text()
    reason: str = _text()
    raw: str | None = _text()  # the input row as JSON, so nothing is lost


class SourceRow(pt.Model):
    """One imported source in the registry."""

    source_id: str = _text()
    kind: str = _text()  # cases, annual, authorisations, estimates
    file_name: str = _text()
    sha256: str = _text()
    format: str = _text()
    imported_at: str | None = _text()  # null for the in-memory demonstration tables
    edition: str | None = _text()
    citation: str | None = _text()
    licence: str | None = _text()
    rows_read: int = _int(pl.Int64(), ge=0)
    rows_stored: int = _int(pl.Int64(), ge=0)
    rows_quarantined: int = _int(pl.Int64(), ge=0)
    duplicates_skipped: int = _int(pl.Int64(), ge=0)
    rows_repeated: int | None = _int(pl.Int64(), ge=0)  # stored rows repeating an earlier row (kept, flagged)
    edition_inferred: bool | None = _bool()  # the edition comes from the data years, not from the file or a person
    is_demo: bool = _bool()
    restricted: bool | None = _bool()  # never shown when the app runs as a public view (DASHBOARD_PUBLIC=1)


MODELS: dict[str, type[pt.Model]] = {
    "cases": CasesRow,
    "annual": AnnualRow,
    "quarantine": QuarantineRow,
    "sources": SourceRow,
}


def _schema(model: type[pt.Model]) -> dict[str, pl.DataType]:
    return dict(model.dtypes)  # type: ignore[arg-type]


CASES_SCHEMA: dict[str, pl.DataType] = _schema(CasesRow)
ANNUAL_SCHEMA: dict[str, pl.DataType] = _schema(AnnualRow)
QUARANTINE_SCHEMA: dict[str, pl.DataType] = _schema(QuarantineRow)
SOURCES_SCHEMA: dict[str, pl.DataType] = _schema(SourceRow)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``frame`` with exactly the schema's columns, in order, cast to its types; missing columns are null."""
    columns = []
    for name, dtype in schema.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype, strict=True))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)


# ---- validation -----------------------------------------------------------------------------------------------------
class TableError(ValueError):
    """A frame breaks the model of its table. ``problems`` holds (column, number of bad rows or None, what)."""

    def __init__(self, kind: str, problems: list[tuple[str, int | None, str]]) -> None:
        self.kind = kind
        self.problems = problems
        shown = "; ".join(f"column {column}: {what}" for column, _, what in problems)
        super().__init__(f"{kind} table breaks its model ({MODELS[kind].__name__}): {shown}")


def validate(frame: pl.DataFrame, kind: str) -> None:
    """Check ``frame`` against the model of table ``kind`` (``MODELS``); raise ``TableError`` naming each bad column
    and its number of bad rows."""
    model = MODELS[kind]
    try:
        model.validate(frame)
    except pt.DataFrameValidationError as exc:
        order = {column: i for i, column in enumerate(model.columns)}
        problems = [p for p in (_problem(frame, model, error) for error in exc.errors()) if p is not None]
        raise TableError(kind, sorted(problems, key=lambda p: order.get(p[0], len(order)))) from None


def _problem(frame: pl.DataFrame, model: type[pt.Model], error: Any) -> tuple[str, int | None, str] | None:
    """(column, bad rows, message) for one patito error, with the count and the rule the rows break."""
    column = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).rstrip(".")
    rules = _rules(model, column)
    if message.startswith("Rows with invalid values"):
        # Patito names the bad values but not how many rows hold them; nulls are reported as missing values.
        allowed = [v for v in rules.get("enum", []) if v is not None]
        bad = int(frame.select((pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed)).sum()).item())
        rows = "row" if bad == 1 else "rows"
        return (column, bad, f"{bad} {rows} with values outside {allowed} ({message.lower()})") if bad else None
    count = re.match(r"\d+", message)
    rule = ", ".join(f"{key} {rules[key]}" for key in ("pattern", "minimum", "maximum") if key in rules)
    return column, int(count.group()) if count else None, f"{message} ({rule})" if rule else message


def _rules(model: type[pt.Model], column: str) -> dict[str, Any]:
    """The JSON-schema constraints of one column (pattern, minimum, maximum, enum), optional or not."""
    properties = model.model_json_schema()["properties"].get(column, {})
    rules = {key: value for key, value in properties.items() if key != "anyOf"}
    for option in properties.get("anyOf", []):
        rules.update(option)
    return rules
