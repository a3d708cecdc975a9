"""Import pipeline: detect the format, parse, validate, account for every row, store atomically."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import polars as pl

from dashboard.ingest.formats import Format, all_formats
from dashboard.ingest.readers import ROW, RawTable, read_table
from dashboard.ingest.report import ImportReport, InputError, count_reasons
from dashboard.schema import MODELS, QUARANTINE_SCHEMA, TableError, conform, validate
from dashboard.store import TABLE_SCHEMAS, Store, now_iso

__all__ = ["ImportReport", "InputError", "detect_format", "import_file"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_format(table: RawTable) -> Format:
    for fmt in all_formats():
        if fmt.matches(table):
            return fmt
    shown = ", ".join(table.columns[:12])
    known = "; ".join(f.description for f in all_formats())
    raise InputError(table.file, f"unknown format: columns [{shown}] match none of the known formats ({known})")


def read_any(path: Path) -> tuple[RawTable, Format]:
    """Read a file and find its format; a format with a header hint may re-read to find its header row."""
    table = read_table(path)
    try:
        return table, detect_format(table)
    except InputError:
        for fmt in all_formats():
            if fmt.header_hint:
                try:
                    retry = read_table(path, header_hint=fmt.header_hint)
                except InputError:
                    continue
                if fmt.matches(retry):
                    return retry, fmt
        raise


def import_file(path: Path | str, store: Store | None = None, *, restricted: bool = False) -> ImportReport:
    """Import one file into the store and return its report. Raises ``InputError`` for a file that cannot be read.

    A ``restricted`` source is used by the secretariat's own views but never by a public one."""
    started = time.perf_counter()
    path = Path(path)
    store = store or Store()
    if not path.is_file():
        raise InputError(path.name, "no such file")
    sha = file_sha256(path)
    existing = store.find_by_hash(sha)
    if existing:
        previous = store.sources().filter(pl.col("source_id") == existing).row(0, named=True)
        return ImportReport(
            file=path.name,
            source_id=existing,
            kind=previous["kind"],
            format=previous["format"],
            rows_read=previous["rows_read"],
            rows_stored=previous["rows_stored"],
            rows_quarantined=previous["rows_quarantined"],
            duplicates_skipped=previous["duplicates_skipped"],
            already_imported=True,
        )
    table, fmt = read_any(path)
    rows_read = table.rows_read
    source_id = f"{fmt.kind}-{sha[:12]}"

    data_columns = table.columns
    first = table.frame.select(pl.struct(data_columns).is_first_distinct()).to_series()
    repeated_rows: list[int] = []
    if fmt.skip_identical_rows:
        duplicates = int((~first).sum())
        table.frame = table.frame.filter(first)
    else:
        duplicates = 0
        repeated_rows = table.frame.filter(~first)[ROW].to_list()

    result = fmt.parse(table, source_id)
    quarantine = _with_malformed(result.quarantine, table)
    stored = result.stored
    if repeated_rows:
        stored = _flag(stored, repeated_rows, "repeated_record")
        result.notes.append(
            f"{len(repeated_rows):,} rows repeat an earlier row in every column; kept as separate seizures and "
            "flagged 'repeated_record'"
        )
    stored = conform(
        stored.with_columns(
            pl.lit(source_id).alias("source_id"),
            (pl.lit(source_id + ":") + pl.col("source_row").cast(pl.String)).alias("record_id"),
        ),
        TABLE_SCHEMAS[fmt.kind],
    )
    quarantined_rows = quarantine["row"].n_unique() if quarantine.height else 0
    report = ImportReport(
        file=path.name,
        source_id=source_id,
        kind=fmt.kind,
        format=fmt.name,
        rows_read=rows_read,
        rows_stored=stored.height,
        rows_quarantined=quarantined_rows,
        duplicates_skipped=duplicates,
        quarantine_reasons=count_reasons(quarantine),
        notes=list(result.notes) + ([f"{table.blank_rows} wholly empty rows ignored"] if table.blank_rows else []),
    )
    if not report.balanced:
        raise InputError(
            path.name,
            f"internal accounting error: read {rows_read} != stored {stored.height} + quarantined {quarantined_rows}"
            f" + duplicates {duplicates}; nothing was stored",
        )
    overlap = set(stored["source_row"].to_list()) & set(quarantine["row"].to_list()) if quarantined_rows else set()
    if overlap:
        raise InputError(path.name, f"internal error: rows both stored and quarantined, e.g. row {min(overlap)}")
    if fmt.kind in MODELS:
        # The importer's checks should have quarantined every row that breaks the table's contract: a row that
        # slipped through is a bug in the importer, not in the file.
        try:
            validate(stored, fmt.kind)
        except TableError as exc:
            raise InputError(path.name, f"internal error: {exc}; nothing was stored") from exc
    report.seconds = time.perf_counter() - started
    store.add_source(
        source={
            "source_id": source_id,
            "kind": fmt.kind,
            "file_name": path.name,
            "sha256": sha,
            "format": fmt.name,
            "imported_at": now_iso(),
            "edition": result.edition,
            "citation": result.citation,
            "licence": result.licence,
            "rows_read": rows_read,
            "rows_stored": stored.height,
            "rows_quarantined": quarantined_rows,
            "duplicates_skipped": duplicates,
            "is_demo": False,
            "restricted": restricted,
        },
        table=stored,
        quarantine=quarantine,
        report_json=report.to_json(),
    )
    return report


def _flag(stored: pl.DataFrame, rows: list[int], flag: str) -> pl.DataFrame:
    """Add ``flag`` to the ";"-separated quality flags of the stored rows with these source rows."""
    hit = pl.col("source_row").is_in(rows)
    current = pl.col("quality_flags").fill_null("") if "quality_flags" in stored.columns else pl.lit("")
    return stored.with_columns(
        pl.when(hit & (current != ""))
        .then(current + ";" + flag)
        .when(hit)
        .then(pl.lit(flag))
        .otherwise(current)
        .alias("quality_flags")
    )


def _with_malformed(quarantine: pl.DataFrame, table: RawTable) -> pl.DataFrame:
    quarantine = quarantine.cast(QUARANTINE_SCHEMA) if quarantine.height else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    if not table.malformed:
        return quarantine
    extra = pl.DataFrame(
        [
            {"file": table.file, "row": r, "column": "(row)", "reason": why, "raw": raw}
            for r, raw, why in table.malformed
        ],
        schema=QUARANTINE_SCHEMA,
    )
    return pl.concat([quarantine, extra]).sort("row")


__all__ += ["ROW", "file_sha256", "read_any"]
