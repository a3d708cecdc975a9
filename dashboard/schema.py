"""Polars schemas of the canonical tables.

Every importer produces frames with exactly these columns and types (``conform`` enforces it), so every later step
can rely on them. The meaning of each column is documented in ``docs/data-model.md``; keep the two in step.
"""

from __future__ import annotations

import polars as pl

# Substance classes: the four lenses of the dashboard.
CLASS_DRUG = "drug"
CLASS_PRECURSOR = "precursor"
CLASS_NPS = "nps"
CLASS_ODS_HFC = "ods_hfc"
SUBSTANCE_CLASSES = (CLASS_DRUG, CLASS_PRECURSOR, CLASS_NPS, CLASS_ODS_HFC)

CASES_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.String(),  # stable: source_id + source_row
    "source_id": pl.String(),
    "source_row": pl.Int64(),  # row number as a person sees it in the input file
    "seizure_date": pl.Date(),
    "year": pl.Int32(),
    "month": pl.Int8(),  # null when only the year is known
    "country_iso3": pl.String(),  # seizing country
    "admin_division": pl.String(),
    "place": pl.String(),
    "installation": pl.String(),  # e.g. airport, seaport, land border crossing
    "substance": pl.String(),  # canonical name
    "substance_as_reported": pl.String(),
    "substance_group": pl.String(),
    "substance_class": pl.String(),
    "amount": pl.Float64(),  # as reported
    "unit": pl.String(),  # canonical unit of the reported amount (kg, g, l, ml, tablet, unit, plant, ...)
    "unit_as_reported": pl.String(),
    "kg_equivalent": pl.Float64(),  # null when no documented conversion exists
    "kg_method": pl.String(),  # how kg_equivalent was derived, with the factor used
    "is_plant_material": pl.Boolean(),
    "conveyance": pl.String(),  # air, sea, road, rail, mail_courier, other, unknown
    "conveyance_as_reported": pl.String(),
    "concealment": pl.String(),
    "producing_iso3": pl.String(),
    "departure_iso3": pl.String(),
    "transit_iso3": pl.String(),  # "|"-separated when several
    "destination_iso3": pl.String(),
    "routing": pl.String(),  # domestic, border_inbound, border_outbound, transit, free_trade_zone, ...
    "routing_as_reported": pl.String(),
    "channel": pl.String(),  # e_commerce, mail_courier, free_trade_zone, transshipment, re_export
    "data_source": pl.String(),  # who reported the figure (ARQ, Govt, WCO, ...) or the dataset name
    "quality_flags": pl.String(),  # ";"-separated machine-readable flags, empty when clean
}

ANNUAL_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.String(),
    "source_id": pl.String(),
    "source_row": pl.Int64(),
    "edition": pl.String(),  # e.g. "WDR 2023"
    "edition_year": pl.Int32(),  # orders editions: where two cover the same country-year the newer wins
    "country_iso3": pl.String(),
    "year": pl.Int32(),
    "substance_group": pl.String(),  # canonical group (see dashboard.substances)
    "substance_subgroup": pl.String(),
    "substance": pl.String(),
    "substance_as_reported": pl.String(),
    "substance_class": pl.String(),
    "kg_equivalent": pl.Float64(),
    "amount_as_reported": pl.Float64(),
    "unit_as_reported": pl.String(),
    "kg_method": pl.String(),
    "data_source": pl.String(),
    "is_total": pl.Boolean(),  # a row that totals other rows of the same country-year
    "total_of": pl.String(),  # the subgroup (or group) a total row stands for
    "is_plant_material": pl.Boolean(),
    "is_converted_unit": pl.Boolean(),  # reported in another unit and converted to kg
    "comment": pl.String(),
    "quality_flags": pl.String(),
}

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(),
    "row": pl.Int64(),
    "column": pl.String(),
    "reason": pl.String(),
    "raw": pl.String(),  # the input row as JSON, so nothing is lost
}

SOURCES_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),
    "kind": pl.String(),  # cases, annual, authorisations, estimates
    "file_name": pl.String(),
    "sha256": pl.String(),
    "format": pl.String(),
    "imported_at": pl.String(),
    "edition": pl.String(),
    "citation": pl.String(),
    "licence": pl.String(),
    "rows_read": pl.Int64(),
    "rows_stored": pl.Int64(),
    "rows_quarantined": pl.Int64(),
    "duplicates_skipped": pl.Int64(),
    "is_demo": pl.Boolean(),
    "restricted": pl.Boolean(),  # never shown when the app runs as a public view (DASHBOARD_PUBLIC=1)
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``frame`` with exactly the schema's columns, in order, cast to its types; missing columns are null."""
    columns = []
    for name, dtype in schema.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype, strict=True))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)
