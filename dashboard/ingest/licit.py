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
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from dashboard import countries, substances
from dashboard.i18n import _
from dashboard.ingest.fileformat import Format
from dashboard.ingest.readers import ROW, RawTable
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.licit.model import AUTHORISATIONS, ESTIMATE_KINDS, ESTIMATES, STATUSES, TABLES

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
                    raise InputError(
                        table.file,
                        _("columns '{first}' and '{second}' both mean {role}").format(
                            first=found[canonical], second=header, role=canonical
                        ),
                    )
                found[canonical] = header
    return found


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

    def checked(self, canonical: str, check: Check, *, required: bool = True) -> Any:
        """The value ``check`` reads from the column's text, or None: when the text is blank, or ``check`` finds a
        problem (recorded against the column)."""
        raw = self.text(canonical, required=required)
        if raw is None:
            return None
        value, problem = check(raw)
        if problem is not None:
            self.fail(canonical, problem)
            return None
        return value

    def country(self, canonical: str) -> str | None:
        return self.checked(canonical, _country_value)

    def substance(self) -> tuple[dict[str, str | None], float]:
        """The canonical substance and its class, as the record's fields (None where unknown), and the largest
        quantity believable in one row of it (``absurd_limit``)."""
        found = self.checked("substance", _substance_value)
        name, substance_class = found or (None, None)
        limit = absurd_limit(substance_class) if substance_class else ABSURD_KG_CHEMICAL
        return {"substance": name, "substance_class": substance_class}, limit

    def quantity(self, canonical: str, *, required: bool, positive: bool, limit: float | None) -> float | None:
        return self.checked(
            canonical, lambda raw: _quantity_value(raw, self.decimal_comma, positive, limit), required=required
        )

    def date(self, canonical: str, *, required: bool) -> dt.date | None:
        return self.checked(canonical, _date_value, required=required)

    def year(self, canonical: str, *, required: bool) -> int | None:
        return self.checked(canonical, _year_value, required=required)

    def choice(self, canonical: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None) -> str | None:
        return self.checked(canonical, lambda raw: _choice_value(raw, allowed, aliases or {}))


# A column's text -> (value, problem); the value counts only when there is no problem.
Check = Callable[[str], tuple[Any, str | None]]


def _country_value(raw: str) -> tuple[str | None, str | None]:
    code = _country(raw)
    if code is None:
        return None, f"unknown country {_shown(raw)}"
    return code, f"{_shown(raw)} is not a country" if countries.is_special(code) else None


def _substance_value(raw: str) -> tuple[tuple[str, str] | None, str | None]:
    found = resolve_substance(raw)
    return found, None if found else f"unknown substance {_shown(raw)} (not one substance of the vocabulary)"


def _quantity_value(
    raw: str, decimal_comma: bool, positive: bool, limit: float | None
) -> tuple[float | None, str | None]:
    value = parse_number(raw, decimal_comma)
    if value is None:
        return None, f"quantity {_shown(raw)} is not a number"
    if value < 0:
        return value, f"negative quantity {_shown(raw)}"
    if positive and value == 0:
        return value, "quantity must be above zero"
    if limit is not None and value > limit:
        return value, f"absurd quantity {_shown(raw)}: over {limit:,.0f} kg"
    return value, None


def _date_value(raw: str) -> tuple[dt.date | None, str | None]:
    value = parse_date(raw)
    if value is None:
        return None, f"date {_shown(raw)} cannot be read (expected YYYY-MM-DD)"
    if value > dt.date.today():
        return value, f"date {_shown(raw)} is in the future"
    if value.year < EARLIEST_YEAR:
        return value, f"date {_shown(raw)} is before {EARLIEST_YEAR}"
    return value, None


def _year_value(raw: str) -> tuple[int | None, str | None]:
    value = parse_year(raw)
    latest = dt.date.today().year + 1
    if value is None or not EARLIEST_YEAR <= value <= latest:
        return None, f"{_shown(raw)} is not a year between {EARLIEST_YEAR} and {latest}"
    return value, None


def _choice_value(raw: str, allowed: tuple[str, ...], aliases: dict[str, str]) -> tuple[str | None, str | None]:
    value = aliases.get(raw.lower(), raw.lower())
    return value, None if value in allowed else f"{_shown(raw)} is not one of {', '.join(allowed)}"


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
    substance, limit = row.substance()
    quantity = row.quantity("quantity_kg", required=True, positive=True, limit=limit)
    received = row.quantity("quantity_received_kg", required=False, positive=False, limit=limit)
    issued = row.date("issued_date", required=True)
    shipped = row.date("shipment_date", required=False)
    status = row.choice("status", STATUSES, STATUS_ALIASES)
    year = row.year("year", required=False)
    _check_authorisation_dates(row, issued, shipped, status, year)
    if row.problems:
        return None
    return {
        "authorisation_id": number,
        "exporting_iso3": exporter,
        "importing_iso3": importer,
        **substance,
        "quantity_kg": quantity,
        "issued_date": issued,
        "shipment_date": shipped,
        "status": status,
        "quantity_received_kg": received,
        "year": year if year is not None else (issued.year if issued else None),
    }


def _check_authorisation_dates(
    row: _Row, issued: dt.date | None, shipped: dt.date | None, status: str | None, year: int | None
) -> None:
    """The rules between an authorisation's values: shipment after issue, a receipt only on a shipped, live
    authorisation, and the estimate year the year of issue or the next."""
    if issued and shipped and shipped < issued:
        row.fail("shipment_date", f"shipment on {shipped} before the authorisation was issued on {issued}")
    if row.text("quantity_received_kg") is not None:
        if row.text("shipment_date") is None:
            row.fail("quantity_received_kg", "quantity received without a shipment date")
        if status in {"cancelled", "pending"}:
            row.fail("quantity_received_kg", f"quantity received on a {status} authorisation")
    if year is not None and issued is not None and year not in {issued.year, issued.year + 1}:
        row.fail("year", f"year {year} is neither the year of issue ({issued.year}) nor the next")


# ---- estimates ---------------------------------------------------------------------------------------------------
def validate_estimate(row: _Row) -> dict | None:
    """One estimate row as a canonical record, or None (the problems are in ``row.problems``)."""
    country = row.country("country")
    substance, limit = row.substance()
    year = row.year("year", required=True)
    quantity = row.quantity("estimate_kg", required=True, positive=False, limit=limit)
    kind = row.choice("kind", ESTIMATE_KINDS)
    published = row.date("published_date", required=False)
    if row.problems:
        return None
    return {
        "country_iso3": country,
        **substance,
        "year": year,
        "estimate_kg": quantity,
        "kind": kind,
        "published_date": published,
    }


# ---- the two templates -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Template:
    """One licit-trade template: its columns, how a row is validated, and what identifies a row."""

    format_name: str
    kind: str  # the store table it fills
    description: str  # as the "unknown format" message names it
    columns: dict[str, tuple[str, ...]]  # canonical column -> accepted header names
    required: tuple[str, ...]
    identifying: tuple[str, ...]  # the columns that tell this template's files apart
    header_hint: frozenset[str]
    validate: Callable[[_Row], dict | None]
    key: tuple[str, ...]  # what one authorisation or estimate is: a second row with it is quarantined
    key_label: str
    citation: str
    numeric: tuple[str, ...]  # the quantity columns, for the decimal-comma check

    def matches(self, table: RawTable) -> bool:
        present = {normalise_header(c) for c in table.columns}
        return all(any(a in present for a in self.columns[c]) for c in self.identifying)

    def parse(self, table: RawTable, source_id: str) -> ParseResult:
        """Validate a file of this template (see the module's rules); bad rows go to quarantine."""
        return _parse(table, self)

    def format(self) -> Format:
        return Format(
            name=self.format_name,
            kind=self.kind,
            description=self.description,
            matches=self.matches,
            parse=self.parse,
            header_hint=self.header_hint,
        )


AUTHORISATIONS_TEMPLATE = Template(
    format_name=AUTHORISATIONS_FORMAT,
    kind=AUTHORISATIONS,
    description="licit-trade authorisations template (authorisation_id, exporting_country, importing_country, "
    "substance, quantity_kg, issued_date, status, ...)",
    columns=AUTHORISATION_COLUMNS,
    required=AUTHORISATION_REQUIRED,
    identifying=AUTHORISATION_IDENTIFYING,
    header_hint=frozenset({"authorisation_id", "exporting_country", "importing_country"}),
    validate=validate_authorisation,
    key=("authorisation_id", "exporting_iso3", "importing_iso3"),
    key_label="authorisation",
    citation=CITATION_AUTHORISATIONS,
    numeric=("quantity_kg", "quantity_received_kg"),
)
ESTIMATES_TEMPLATE = Template(
    format_name=ESTIMATES_FORMAT,
    kind=ESTIMATES,
    description="licit-trade estimates template (country, substance, year, estimate_kg, kind, published_date)",
    columns=ESTIMATE_COLUMNS,
    required=ESTIMATE_REQUIRED,
    identifying=ESTIMATE_IDENTIFYING,
    header_hint=frozenset({"country", "substance", "year", "estimate_kg"}),
    validate=validate_estimate,
    key=("country_iso3", "substance", "year", "published_date"),
    key_label="estimate (country, substance, year and publication date)",
    citation=CITATION_ESTIMATES,
    numeric=("estimate_kg",),
)


# ---- shared ------------------------------------------------------------------------------------------------------
def _parse(table: RawTable, template: Template) -> ParseResult:
    header = _header_map(table, template.columns)
    missing = [c for c in template.required if c not in header]
    if missing:
        raise InputError(table.file, _("required columns missing: {columns}").format(columns=", ".join(missing)))
    if table.frame.is_empty() and not table.malformed:
        raise InputError(table.file, _("the file has a header but no data rows"))
    decimal_comma = table.uses_decimal_comma([header[c] for c in template.numeric if c in header])
    accepted, quarantine = _validated(table, header, template, decimal_comma)
    schema = TABLES[template.kind]
    stored = pl.DataFrame(accepted, schema={k: v for k, v in schema.items() if k not in {"record_id", "source_id"}})
    ignored = [c for c in table.columns if c not in header.values()]
    notes = ["quantities read with decimal commas"] if decimal_comma else []
    if ignored:
        notes.append(f"columns not part of the template were ignored: {', '.join(ignored)}")
    years = stored["year"].drop_nulls()
    return ParseResult(
        kind=template.kind,
        format=template.format_name,
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine,
        edition=f"{template.citation} {years.min()}-{years.max()}" if years.len() else template.citation,
        citation=template.citation,
        licence=LICENCE,
        notes=notes,
    )


def _validated(
    table: RawTable, header: dict[str, str], template: Template, decimal_comma: bool
) -> tuple[list[dict], pl.DataFrame]:
    """The canonical records of the rows that pass, with their row numbers, and the quarantine of the others."""
    quarantine = QuarantineBuilder(table.file)
    accepted: list[dict] = []
    first_row_of: dict[tuple, tuple[int, dict]] = {}
    for record in table.frame.iter_rows(named=True):
        number = int(record[ROW])
        row = _Row(record, header, decimal_comma)
        canonical = template.validate(row)
        if canonical is not None and _first_of_its_key(row, number, canonical, template, first_row_of):
            accepted.append({**canonical, "source_row": number})
            continue
        raw = json.dumps({c: record[c] for c in table.columns}, ensure_ascii=False, default=str)
        for column, reason in row.problems:
            quarantine.add(number, column, reason, raw)
    return accepted, quarantine.build()


def _first_of_its_key(
    row: _Row, number: int, canonical: dict, template: Template, first_row_of: dict[tuple, tuple[int, dict]]
) -> bool:
    """True for the first row of an authorisation or estimate in the file. A later row with the same key is a
    problem: with other values, or with the same values written differently; only a person can tell which is right."""
    earlier_row, earlier = first_row_of.setdefault(tuple(canonical[k] for k in template.key), (number, canonical))
    if earlier_row == number:
        return True
    if earlier == canonical:
        reason = f"repeats row {earlier_row} (same values written differently)"
    else:
        reason = f"same {template.key_label} as row {earlier_row} with other values"
    row.problems.append((row.column(template.key[0]), reason))
    return False


FORMATS: list[Format] = [AUTHORISATIONS_TEMPLATE.format(), ESTIMATES_TEMPLATE.format()]
