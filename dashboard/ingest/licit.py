"""Importers for the licit-trade templates: import/export authorisations and annual estimates or assessments.

The templates are in ``data/templates/`` (``licit_authorisations_template.csv``, ``licit_estimates_template.csv``)
and documented, column by column, in ``docs/licit-trade.md``. CSV (any of ``, ; TAB |``, plain or gzipped) and XLSX
are read by ``readers.read_table``; header names are matched ignoring case, spaces and hyphens, and a few aliases
are accepted (``exporting_iso3`` for ``exporting_country``, ``authorization_id`` for ``authorisation_id``...).

Validation is strict, as for the seizure importers. A row is **quarantined** (file, row as seen in the file, column,
reason, raw JSON; one record per problem) when:

* a required value is missing; a country cannot be resolved or is not a country (``Unknown``, ``Other``...); the
  exporting and importing country are the same;
* the substance is not in the project's vocabulary, or is not one substance (``Other opioids``, a reported total);
* a quantity is not a number, is negative, zero where it must be positive (authorised quantities), or absurd: above
  ``ABSURD_KG_DRUG`` (1,000 t, more than a year's world licit manufacture of any narcotic drug) for drugs and above
  ``ABSURD_KG_CHEMICAL`` (100,000 t) for precursors and other chemicals;
* a date is not ``YYYY-MM-DD`` (a time part is ignored), is in the future, is before ``EARLIEST_YEAR``, or a shipment
  comes before the authorisation was issued;
* a quantity received is given without a shipment date, or on a cancelled or pending authorisation;
* a status or kind is not one of the allowed values; a year is not a year, or (authorisations) is neither the year of
  issue nor the next one;
* the same authorisation (number, exporting and importing country) or the same estimate (country, substance, year,
  publication date) appears again in the file with other values: only a person can tell which one is right.

A file that cannot be read, lacks a required column or has no data rows raises ``InputError`` with one line.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from functools import cache

import polars as pl

from dashboard import countries, substances
from dashboard.ingest.formats import Format
from dashboard.ingest.readers import ROW, RawTable
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.licit import (
    AUTHORISATIONS,
    AUTHORISATIONS_SCHEMA,
    ESTIMATE_KINDS,
    ESTIMATES,
    ESTIMATES_SCHEMA,
    STATUSES,
)

AUTHORISATIONS_FORMAT = "licit-authorisations-template"
ESTIMATES_FORMAT = "licit-estimates-template"
CITATION_AUTHORISATIONS = "Import and export authorisations (licit-trade template)"
CITATION_ESTIMATES = "Annual estimates and assessments (licit-trade template)"
LICENCE = "As stated by the data provider"

EARLIEST_YEAR = 1961  # the Single Convention on Narcotic Drugs
ABSURD_KG_DRUG = 1e6  # 1,000 t in one authorisation or estimate of a narcotic drug or psychotropic substance
ABSURD_KG_CHEMICAL = 1e8  # 100,000 t for precursors, ODS and other chemicals traded in bulk

# canonical column -> accepted header names (normalised: lower case, runs of spaces/hyphens/dots as "_")
AUTHORISATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "authorisation_id": ("authorisation_id", "authorization_id", "authorisation_number", "authorization_number"),
    "exporting_country": ("exporting_country", "exporting_iso3", "exporter"),
    "importing_country": ("importing_country", "importing_iso3", "importer"),
    "substance": ("substance",),
    "quantity_kg": ("quantity_kg", "quantity_kg_anhydrous_base"),
    "issued_date": ("issued_date", "issue_date", "date_issued"),
    "shipment_date": ("shipment_date", "shipped_date", "date_shipped"),
    "status": ("status",),
    "quantity_received_kg": ("quantity_received_kg", "received_kg"),
    "year": ("year", "estimate_year"),
}
AUTHORISATION_REQUIRED = (
    "authorisation_id",
    "exporting_country",
    "importing_country",
    "substance",
    "quantity_kg",
    "issued_date",
    "status",
)
AUTHORISATION_IDENTIFYING = ("authorisation_id", "exporting_country", "importing_country", "quantity_kg")

ESTIMATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("country", "country_iso3"),
    "substance": ("substance",),
    "year": ("year",),
    "estimate_kg": ("estimate_kg", "assessment_kg", "quantity_kg"),
    "kind": ("kind",),
    "published_date": ("published_date", "publication_date", "date_published"),
}
ESTIMATE_REQUIRED = ("country", "substance", "year", "estimate_kg", "kind")
ESTIMATE_IDENTIFYING = ("country", "substance", "year", "estimate_kg")

STATUS_ALIASES = {"canceled": "cancelled", "issue": "issued", "utilised": "used", "utilized": "used"}
MAX_ID_CHARS = 60
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?$")
_NUMBER_COMMA = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)?(,\d+)?$")


# ---- headers -----------------------------------------------------------------------------------------------------
def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().lower()).strip("_")


def _header_map(table: RawTable, columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Canonical column -> the header as written in the file; two headers meaning one column is an InputError."""
    found: dict[str, str] = {}
    for header in table.columns:
        key = normalise_header(header)
        for canonical, aliases in columns.items():
            if key in aliases:
                if canonical in found:
                    raise InputError(table.file, f"columns '{found[canonical]}' and '{header}' both mean {canonical}")
                found[canonical] = header
    return found


def _matcher(columns: dict[str, tuple[str, ...]], identifying: tuple[str, ...]) -> Callable[[RawTable], bool]:
    def matches(table: RawTable) -> bool:
        present = {normalise_header(c) for c in table.columns}
        return all(any(a in present for a in columns[c]) for c in identifying)

    return matches


# ---- values ------------------------------------------------------------------------------------------------------
def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """A quantity as written (``1,234.5``, ``1234.5``; ``1.234,5`` when the file uses decimal commas), or None."""
    value = re.sub(r"[\s\u00a0']", "", text)
    if decimal_comma and _NUMBER_COMMA.match(value) and any(ch.isdigit() for ch in value):
        value = value.replace(".", "").replace(",", ".")
    elif _NUMBER.match(value) and any(ch.isdigit() for ch in value):
        value = value.replace(",", "")
    else:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_year(text: str) -> int | None:
    match = _YEAR.match(text.strip())
    return int(match.group(1)) if match else None


@cache
def _country(text: str) -> str | None:
    return countries.resolve_iso3(text)


@cache
def resolve_substance(text: str) -> tuple[str, str] | None:
    """(canonical substance, class) for a substance one can authorise or estimate, or None: unknown names, totals
    and catch-alls ("Other opioids", "Non-specified precursors") are not one substance."""
    found = substances.classify_one(text)
    if not found.matched or found.is_total or found.substance is None:
        return None
    name = found.substance
    if name.lower().startswith(("other ", "non-specified", "unspecified")):
        return None
    group = substances.GROUP_BY_LABEL.get(found.group)
    return name, group.substance_class if group else "drug"


def absurd_limit(substance_class: str) -> float:
    return ABSURD_KG_DRUG if substance_class in {"drug", "nps"} else ABSURD_KG_CHEMICAL


class _Row:
    """Validation of one row: collects (column, reason) problems and gives parsed values."""

    def __init__(self, record: dict, header: dict[str, str], decimal_comma: bool) -> None:
        self.values = {canonical: record.get(original) for canonical, original in header.items()}
        self.header = header
        self.decimal_comma = decimal_comma
        self.problems: list[tuple[str, str]] = []

    def column(self, canonical: str) -> str:
        return self.header.get(canonical, canonical)

    def fail(self, canonical: str, reason: str) -> None:
        self.problems.append((self.column(canonical), reason))

    def text(self, canonical: str, *, required: bool = False) -> str | None:
        value = self.values.get(canonical)
        value = " ".join(value.split()) if isinstance(value, str) else None
        if not value and required:
            self.fail(canonical, "required value missing")
        return value or None

    def country(self, canonical: str) -> str | None:
        raw = self.text(canonical, required=True)
        if raw is None:
            return None
        code = _country(raw)
        if code is None:
            self.fail(canonical, f"unknown country {_shown(raw)}")
        elif countries.is_special(code):
            self.fail(canonical, f"{_shown(raw)} is not a country")
            return None
        return code

    def substance(self) -> tuple[str, str] | None:
        raw = self.text("substance", required=True)
        if raw is None:
            return None
        found = resolve_substance(raw)
        if found is None:
            self.fail("substance", f"unknown substance {_shown(raw)} (not one substance of the vocabulary)")
        return found

    def quantity(self, canonical: str, *, required: bool, positive: bool, limit: float | None) -> float | None:
        raw = self.text(canonical, required=required)
        if raw is None:
            return None
        value = parse_number(raw, self.decimal_comma)
        if value is None:
            self.fail(canonical, f"quantity {_shown(raw)} is not a number")
        elif value < 0:
            self.fail(canonical, f"negative quantity {_shown(raw)}")
        elif positive and value == 0:
            self.fail(canonical, "quantity must be above zero")
        elif limit is not None and value > limit:
            self.fail(canonical, f"absurd quantity {_shown(raw)}: over {limit:,.0f} kg")
        else:
            return value
        return None

    def date(self, canonical: str, *, required: bool) -> dt.date | None:
        raw = self.text(canonical, required=required)
        if raw is None:
            return None
        value = parse_date(raw)
        if value is None:
            self.fail(canonical, f"date {_shown(raw)} cannot be read (expected YYYY-MM-DD)")
        elif value > dt.date.today():
            self.fail(canonical, f"date {_shown(raw)} is in the future")
        elif value.year < EARLIEST_YEAR:
            self.fail(canonical, f"date {_shown(raw)} is before {EARLIEST_YEAR}")
        else:
            return value
        return None

    def year(self, canonical: str, *, required: bool) -> int | None:
        raw = self.text(canonical, required=required)
        if raw is None:
            return None
        value = parse_year(raw)
        if value is None or not EARLIEST_YEAR <= value <= dt.date.today().year + 1:
            self.fail(canonical, f"{_shown(raw)} is not a year between {EARLIEST_YEAR} and {dt.date.today().year + 1}")
            return None
        return value

    def choice(self, canonical: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None) -> str | None:
        raw = self.text(canonical, required=True)
        if raw is None:
            return None
        value = raw.lower()
        value = (aliases or {}).get(value, value)
        if value not in allowed:
            self.fail(canonical, f"{_shown(raw)} is not one of {', '.join(allowed)}")
            return None
        return value


def _shown(value: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(cleaned[:60] + ("…" if len(cleaned) > 60 else ""))


# ---- authorisations ----------------------------------------------------------------------------------------------
def validate_authorisation(row: _Row) -> dict | None:
    """One authorisation row as a canonical record, or None (the problems are in ``row.problems``)."""
    number = row.text("authorisation_id", required=True)
    if number is not None and len(number) > MAX_ID_CHARS:
        row.fail("authorisation_id", f"longer than {MAX_ID_CHARS} characters")
    exporter = row.country("exporting_country")
    importer = row.country("importing_country")
    if exporter and importer and exporter == importer:
        row.fail("importing_country", f"exporting and importing country are the same ({importer})")
    found = row.substance()
    limit = absurd_limit(found[1]) if found else ABSURD_KG_CHEMICAL
    quantity = row.quantity("quantity_kg", required=True, positive=True, limit=limit)
    received = row.quantity("quantity_received_kg", required=False, positive=False, limit=limit)
    issued = row.date("issued_date", required=True)
    shipped = row.date("shipment_date", required=False)
    status = row.choice("status", STATUSES, STATUS_ALIASES)
    year = row.year("year", required=False)

    if issued and shipped and shipped < issued:
        row.fail("shipment_date", f"shipment on {shipped} before the authorisation was issued on {issued}")
    received_raw = row.text("quantity_received_kg")
    if received_raw is not None and row.text("shipment_date") is None:
        row.fail("quantity_received_kg", "quantity received without a shipment date")
    if received_raw is not None and status in {"cancelled", "pending"}:
        row.fail("quantity_received_kg", f"quantity received on a {status} authorisation")
    if year is not None and issued is not None and year not in {issued.year, issued.year + 1}:
        row.fail("year", f"year {year} is neither the year of issue ({issued.year}) nor the next")

    if row.problems:
        return None
    return {
        "authorisation_id": number,
        "exporting_iso3": exporter,
        "importing_iso3": importer,
        "substance": found[0] if found else None,
        "substance_class": found[1] if found else None,
        "quantity_kg": quantity,
        "issued_date": issued,
        "shipment_date": shipped,
        "status": status,
        "quantity_received_kg": received,
        "year": year if year is not None else (issued.year if issued else None),
    }


def parse_authorisations(table: RawTable, source_id: str) -> ParseResult:
    """Validate an authorisations file (see the module's rules); bad rows go to quarantine."""
    header = _header_map(table, AUTHORISATION_COLUMNS)
    return _parse(
        table,
        header=header,
        columns=AUTHORISATION_COLUMNS,
        required=AUTHORISATION_REQUIRED,
        validate=validate_authorisation,
        key=("authorisation_id", "exporting_iso3", "importing_iso3"),
        key_label="authorisation",
        kind=AUTHORISATIONS,
        schema=AUTHORISATIONS_SCHEMA,
        format_name=AUTHORISATIONS_FORMAT,
        citation=CITATION_AUTHORISATIONS,
        numeric=("quantity_kg", "quantity_received_kg"),
    )


# ---- estimates ---------------------------------------------------------------------------------------------------
def validate_estimate(row: _Row) -> dict | None:
    """One estimate row as a canonical record, or None (the problems are in ``row.problems``)."""
    country = row.country("country")
    found = row.substance()
    limit = absurd_limit(found[1]) if found else ABSURD_KG_CHEMICAL
    year = row.year("year", required=True)
    quantity = row.quantity("estimate_kg", required=True, positive=False, limit=limit)
    kind = row.choice("kind", ESTIMATE_KINDS)
    published = row.date("published_date", required=False)
    if row.problems:
        return None
    return {
        "country_iso3": country,
        "substance": found[0] if found else None,
        "substance_class": found[1] if found else None,
        "year": year,
        "estimate_kg": quantity,
        "kind": kind,
        "published_date": published,
    }


def parse_estimates(table: RawTable, source_id: str) -> ParseResult:
    """Validate an estimates file (see the module's rules); bad rows go to quarantine."""
    header = _header_map(table, ESTIMATE_COLUMNS)
    return _parse(
        table,
        header=header,
        columns=ESTIMATE_COLUMNS,
        required=ESTIMATE_REQUIRED,
        validate=validate_estimate,
        key=("country_iso3", "substance", "year", "published_date"),
        key_label="estimate (country, substance, year and publication date)",
        kind=ESTIMATES,
        schema=ESTIMATES_SCHEMA,
        format_name=ESTIMATES_FORMAT,
        citation=CITATION_ESTIMATES,
        numeric=("estimate_kg",),
    )


# ---- shared ------------------------------------------------------------------------------------------------------
def _parse(
    table: RawTable,
    *,
    header: dict[str, str],
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    validate: Callable[[_Row], dict | None],
    key: tuple[str, ...],
    key_label: str,
    kind: str,
    schema: dict[str, pl.DataType],
    format_name: str,
    citation: str,
    numeric: tuple[str, ...],
) -> ParseResult:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(table.file, f"required columns missing: {', '.join(missing)}")
    if table.frame.is_empty() and not table.malformed:
        raise InputError(table.file, "the file has a header but no data rows")
    decimal_comma = table.uses_decimal_comma([header[c] for c in numeric if c in header])
    data_columns = table.columns
    quarantine = QuarantineBuilder(table.file)
    accepted: list[dict] = []
    first_row_of: dict[tuple, tuple[int, dict]] = {}
    for record in table.frame.iter_rows(named=True):
        number = int(record[ROW])
        raw = {c: record[c] for c in data_columns}
        row = _Row(record, header, decimal_comma)
        canonical = validate(row)
        if canonical is not None:
            identity = tuple(canonical[k] for k in key)
            earlier = first_row_of.get(identity)
            if earlier is None:
                first_row_of[identity] = (number, canonical)
                accepted.append({**canonical, "source_row": number})
                continue
            if earlier[1] == canonical:
                row.problems.append((row.column(key[0]), f"repeats row {earlier[0]} (same values written differently)"))
            else:
                row.problems.append((row.column(key[0]), f"same {key_label} as row {earlier[0]} with other values"))
        for column, reason in row.problems:
            quarantine.add(number, column, reason, json.dumps(raw, ensure_ascii=False, default=str))

    stored = pl.DataFrame(accepted, schema={k: v for k, v in schema.items() if k not in {"record_id", "source_id"}})
    ignored = [c for c in data_columns if c not in header.values()]
    notes = []
    if decimal_comma:
        notes.append("quantities read with decimal commas")
    if ignored:
        notes.append(f"columns not part of the template were ignored: {', '.join(ignored)}")
    years = stored["year"].drop_nulls()
    edition = f"{citation} {years.min()}-{years.max()}" if years.len() else citation
    return ParseResult(
        kind=kind,
        format=format_name,
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine.build(),
        edition=edition,
        citation=citation,
        licence=LICENCE,
        notes=notes,
    )


FORMATS: list[Format] = [
    Format(
        name=AUTHORISATIONS_FORMAT,
        kind=AUTHORISATIONS,
        description="licit-trade authorisations template (authorisation_id, exporting_country, importing_country, "
        "substance, quantity_kg, issued_date, status, ...)",
        matches=_matcher(AUTHORISATION_COLUMNS, AUTHORISATION_IDENTIFYING),
        parse=parse_authorisations,
        header_hint=frozenset({"authorisation_id", "exporting_country", "importing_country"}),
    ),
    Format(
        name=ESTIMATES_FORMAT,
        kind=ESTIMATES,
        description="licit-trade estimates template (country, substance, year, estimate_kg, kind, published_date)",
        matches=_matcher(ESTIMATE_COLUMNS, ESTIMATE_IDENTIFYING),
        parse=parse_estimates,
        header_hint=frozenset({"country", "substance", "year", "estimate_kg"}),
    ),
]
