"""What the Data and sources page computes: the filtered rows, the sources, import reports, quarantine and coverage,
and the import of an uploaded file."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard import disclosure, query, text
from dashboard.access import min_cell
from dashboard.countries import country_name
from dashboard.cubes import RECORDS
from dashboard.data import Dataset
from dashboard.demo import registry_in_words
from dashboard.i18n import N_, _, n_
from dashboard.schema import QUARANTINE_SCHEMA
from dashboard.state import ViewState
from dashboard.store import Store

CASE_COLUMNS = [
    "seizure_date",
    "year",
    "country_iso3",
    "substance",
    "substance_group",
    "substance_class",
    "amount",
    "unit",
    "kg_equivalent",
    "kg_method",
    "conveyance",
    "concealment",
    "producing_iso3",
    "departure_iso3",
    "transit_iso3",
    "destination_iso3",
    "routing",
    "channel",
    "data_source",
    "source_id",
    "source_row",
    "quality_flags",
]
ANNUAL_COLUMNS = [
    "country_iso3",
    "year",
    "substance_group",
    "substance_subgroup",
    "substance",
    "substance_as_reported",  # with UNODC's "Specifics" where the table gives them ("Opium: Raw and prepared")
    "substance_class",
    "kg_equivalent",
    "amount_as_reported",
    "unit_as_reported",
    "kg_method",
    "is_total",
    "total_of",
    "is_plant_material",
    "data_source",
    "comment",
    "edition",
    "source_id",
    "source_row",
    "quality_flags",
]


def shows_cases(state: ViewState) -> bool:
    return query.uses_cases(state)


def unmapped(columns: dict[str, str | None]) -> list[str]:
    """The columns of the mapping step still without a role (each needs one, or "ignore")."""
    return [column for column, role in columns.items() if not role]


def filtered_rows(dataset: Dataset, state: ViewState, *, limit: int | None = None) -> pl.DataFrame:
    """The records in view (the first ``limit`` of them): case records are read from disk, and only as many as
    asked for, so a rerun of the page never holds every record."""
    if shows_cases(state):
        rows = query.filter_cases(dataset, state, records=True).select(CASE_COLUMNS)
    else:
        rows = query.filter_annual(dataset, state, records=True).select(ANNUAL_COLUMNS)
    return (rows.head(limit) if limit is not None else rows).collect()


def filtered_count(dataset: Dataset, state: ViewState) -> int:
    """How many records are in view, from the cubes."""
    if shows_cases(state):
        return int(query.filter_cases(dataset, state).select(pl.col(RECORDS).sum()).collect().item() or 0)
    return int(query.filter_annual(dataset, state).select(pl.col(RECORDS).sum()).collect().item() or 0)


PUBLIC_DIMENSIONS = ["year", "country_iso3", "substance"]
PUBLIC_COUNT = "records"


def public_rows(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """What a public view shows for case records: one row per year, country and substance (never a record), its
    number of records and kilograms, small cells suppressed (``disclosure``; figures empty, ``suppressed`` true)."""
    kg = pl.col("kg_equivalent")
    cells = (
        query.filter_cases(dataset, state)
        .group_by(PUBLIC_DIMENSIONS)
        .agg(
            pl.col(RECORDS).sum().alias(PUBLIC_COUNT),  # a cube row stands for its records
            pl.when(kg.is_not_null().any()).then(kg.sum()).otherwise(None).alias("kg_equivalent"),
        )
        .sort(PUBLIC_DIMENSIONS)
        .collect()
    )
    return disclosure.public_table(
        cells, count=PUBLIC_COUNT, dimensions=PUBLIC_DIMENSIONS, values=["kg_equivalent"], min_cell=min_cell()
    )


def shown_public_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """``public_rows`` as a table shows them: "< 3" in place of a suppressed figure."""
    hidden = pl.col(disclosure.SUPPRESSED)
    mark = pl.lit(text.small_cell(min_cell()))
    return rows.with_columns(
        pl.when(hidden).then(mark).otherwise(pl.col(PUBLIC_COUNT).cast(pl.String)).alias(PUBLIC_COUNT),
        pl.when(hidden)
        .then(mark)
        .otherwise(pl.col("kg_equivalent").map_elements(text.number, return_dtype=pl.String))
        .alias("kg_equivalent"),
    ).drop(disclosure.SUPPRESSED)


# A source's kind (the store's word) as the sources table names it.
SOURCE_KINDS = {
    "annual": N_("annual report figures"),
    "cases": N_("case records"),
}


def sources_table(dataset: Dataset) -> pl.DataFrame:
    shown = dataset.sources.select("file_name", "kind", "edition", "citation", "licence", "imported_at", "is_demo")
    kinds = {kind: _(label) for kind, label in SOURCE_KINDS.items()}
    shown = shown.with_columns(
        pl.col("kind").replace_strict(kinds, default=pl.col("kind")),
    )
    return text.sources_in_words(registry_in_words(shown)).drop("is_demo")


def import_reports(dataset: Dataset) -> pl.DataFrame:
    return dataset.sources.select(
        "source_id",
        "file_name",
        "format",
        "rows_read",
        "rows_stored",
        pl.col("rows_repeated").fill_null(0),
        "rows_quarantined",
        "duplicates_skipped",
        (
            pl.col("rows_read") == pl.col("rows_stored") + pl.col("rows_quarantined") + pl.col("duplicates_skipped")
        ).alias("balanced"),
        "edition",
        pl.col("edition_inferred").fill_null(False),
    )


def quarantine_rows(store: Store | None = None, *, public: bool = False) -> pl.DataFrame:
    """The quarantined rows (raw input rows); a public view gets none: they are individual records."""
    if public:
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return (store or Store()).quarantine(public=public)


def shown_reasons(quarantine: pl.DataFrame) -> pl.DataFrame:
    """The quarantined rows with their reasons in the reader's language (stored in English: ``ingest.messages``);
    each distinct reason is translated once, not once per row."""
    from dashboard.ingest.messages import shown

    if quarantine.is_empty() or "reason" not in quarantine.columns:
        return quarantine
    distinct = quarantine["reason"].drop_nulls().unique().to_list()
    return quarantine.with_columns(
        pl.col("reason").replace_strict({r: shown(r) for r in distinct}, default=pl.col("reason"))
    )


@dataclass(frozen=True)
class UploadOutcome:
    ok: bool
    message: str
    report: str = ""
    columns: tuple[str, ...] = ()  # when the columns must be mapped first: the file's columns
    guesses: dict[str, str | None] = field(default_factory=dict)  # and the role each header seems to name
    sheets: tuple[str, ...] = ()  # when a workbook has several sheets that may hold the table: their names
    sheet: str | None = None  # the sheet this outcome was read from, when one was chosen

    @property
    def needs_mapping(self) -> bool:
        return bool(self.columns)

    @property
    def needs_sheet(self) -> bool:
        return bool(self.sheets)


def safe_file_name(name: str) -> str:
    """An uploaded file's name reduced to a safe base name (it may name the edition: "WDR_2024_seizures.xlsx")."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name)[-120:] or "upload.csv"


def import_upload(
    name: str,
    content: bytes,
    *,
    restricted: bool,
    store: Store | None = None,
    edition: str | None = None,
    columns: dict[str, str] | None = None,
    sheet: str | None = None,
) -> UploadOutcome:
    """Import an uploaded file in a worker process with memory and time limits (``ingest.worker``), so that no file
    can take the server down. The name is reduced to a safe base name; the bytes are treated as hostile.
    ``edition``: the edition the person names ("WDR 2024"); ``columns``: column -> role, from the mapping step;
    ``sheet``: the workbook's sheet the person chose."""
    from dashboard.ingest import ColumnMapping, InputError, MappingNeeded, SheetNeeded
    from dashboard.ingest.worker import import_in_worker

    safe_name = safe_file_name(name)
    mapping = ColumnMapping(columns, edition) if columns else None
    root = (store or Store()).root
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / safe_name
        path.write_bytes(content)
        try:
            report = import_in_worker(
                path, root, restricted=restricted, column_mapping=mapping, edition=edition or None, sheet=sheet
            )
        except MappingNeeded as needed:
            message = _("Not imported yet. {error}").format(error=needed)
            return UploadOutcome(False, message, columns=tuple(needed.columns), guesses=needed.guesses, sheet=sheet)
        except SheetNeeded as needed:
            message = _("Not imported yet. {error}").format(error=needed)
            return UploadOutcome(False, message, sheets=tuple(needed.sheets))
        except InputError as error:
            return UploadOutcome(False, _("Not imported. {error}").format(error=error))
        except Exception as error:  # any failure is reported in one line; the store is left as it was
            message = _("Not imported. {file}: unexpected {error}").format(file=safe_name, error=type(error).__name__)
            return UploadOutcome(False, message)
    if report.already_imported:
        message = _("{file} was already imported; nothing changed.").format(file=safe_name)
        return UploadOutcome(True, message, report.summary())
    message = n_("Imported {file}: {rows} row stored.", "Imported {file}: {rows} rows stored.", report.rows_stored)
    return UploadOutcome(True, message.format(file=safe_name, rows=text.count(report.rows_stored)), report.summary())


def coverage_matrix(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Country by year: 'reported' or '—', with a link to each country's profile."""
    reported = query.coverage(dataset, state)
    if reported.is_empty():
        return pl.DataFrame({"Country": []})
    first, last = query.view_years(dataset, state)
    wide = (
        reported.with_columns(
            pl.lit(_("reported")).alias("status"),
            pl.col("year").cast(pl.String),
            # The reader's language names the country (the data's names are English).
            text.named_in_language(reported, "country_name", country_name, source="country_iso3"),
        )
        .pivot(on="year", index=["country_iso3", "country_name"], values="status", aggregate_function="first")
        .sort("country_name")
    )
    years = [str(y) for y in range(first, last + 1)]
    for year in years:
        if year not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.String).alias(year))
    return wide.select(
        pl.col("country_name").alias("Country"),
        text.profile_link_expr("country_iso3", state).alias("Profile"),
        *[pl.col(y).fill_null("—") for y in years],
    )
