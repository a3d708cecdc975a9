"""Import pipeline: detect the format, parse, validate, account for every row, store atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from pathlib import Path

import polars as pl

from dashboard import cubes
from dashboard.i18n import _
from dashboard.ingest import mapping, streaming, unodc_annual
from dashboard.ingest.formats import Format, all_formats
from dashboard.ingest.mapping import ColumnMapping, MappingNeeded
from dashboard.ingest.readers import MAX_HEADER_SEARCH, ROW, RawTable, SheetNeeded, read_table
from dashboard.ingest.report import ImportReport, InputError, ParseResult, count_reasons
from dashboard.schema import MODELS, QUARANTINE_SCHEMA, TableError, conform, validate
from dashboard.store import TABLE_SCHEMAS, Store, now_iso

__all__ = [
    "ColumnMapping",
    "ImportReport",
    "InputError",
    "MappingNeeded",
    "SheetNeeded",
    "detect_format",
    "import_file",
]


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
    as_annual = unodc_annual.unrecognised_reason(unodc_annual.recognise(table.columns))
    raise MappingNeeded(
        table.file,
        _(
            "unknown format: columns [{columns}] match none of the known formats ({known}); {as_annual}; to import "
            "it as a drug seizures table, map each column to a role with --mapping FILE (roles: {roles}) or on the "
            "Data page"
        ).format(columns=shown, known=known, as_annual=as_annual, roles=", ".join(mapping.CHOICES)),
        table.columns,
        unodc_annual.guess_roles(table.columns),
    )


def read_any(path: Path, sheet: str | None = None) -> tuple[RawTable, Format]:
    """Read a file and find its format; the header may be re-read from another row (below a title block)."""
    table = read_table(path, sheet=sheet)
    try:
        return table, detect_format(table)
    except InputError as first_error:
        for hint in _header_hints(table):
            try:
                retry = read_table(path, sheet=sheet, header_hint=hint)
            except InputError:
                continue
            for fmt in all_formats():
                if fmt.matches(retry):
                    return retry, fmt
        raise first_error from None


def _header_hints(table: RawTable) -> list[frozenset[str]]:
    """Headers to look for: each format's own, then the row of the first ones that names the most roles of an
    annual table (a header on row 4 below a title block)."""
    hints = [fmt.header_hint for fmt in all_formats() if fmt.header_hint]
    rows = [table.columns, *(list(r) for r in table.frame.drop(ROW).head(MAX_HEADER_SEARCH).iter_rows())]
    scored = [(unodc_annual.header_score(row), row) for row in rows]
    best_score, best = max(scored, key=lambda item: item[0]) if scored else (0, [])
    if best_score >= 3 and best is not table.columns:
        hints.append(frozenset(str(cell) for cell in best if cell is not None))
    return hints


def _read_with_mapping(
    path: Path, store: Store, given: ColumnMapping | None, sheet: str | None = None
) -> tuple[RawTable, Format, bool]:
    """The table and its format: a mapping given for it, else the format detected, else a mapping saved for tables
    of its shape. The last item says whether a mapping was used (and so is kept for the shape)."""
    if given is not None:
        table = read_table(path, sheet=sheet, header_hint=set(given.columns) or None)
        mapping.check_against(given, table.columns, path.name)
        return table, _mapped_format(table, given), True
    try:
        table, fmt = read_any(path, sheet)
        return table, fmt, False
    except MappingNeeded as needed:
        saved = mapping.saved_mapping(store, needed.columns)
        if saved is None:
            raise
        table = read_table(path, sheet=sheet, header_hint=set(saved.columns))
        return table, _mapped_format(table, saved), False


def _mapped_format(table: RawTable, given: ColumnMapping) -> Format:
    found = unodc_annual.recognise(table.columns, given.columns)
    if not found.complete:
        raise MappingNeeded(
            table.file,
            _("{reason} (after the column mapping); map the remaining columns").format(
                reason=unodc_annual.unrecognised_reason(found)
            ),
            table.columns,
            {c: given.columns.get(c) or guess for c, guess in unodc_annual.guess_roles(table.columns).items()},
        )
    return replace(
        unodc_annual.FORMAT,
        name=unodc_annual.MAPPED_FORMAT,
        matches=lambda _table: True,
        parse=lambda t, _source_id: unodc_annual.parse_annual(t, given.columns),
    )


def import_file(
    path: Path | str,
    store: Store | None = None,
    *,
    restricted: bool = False,
    column_mapping: ColumnMapping | None = None,
    edition: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Import one file into the store and return its report. Raises ``InputError`` for a file that cannot be read
    (``MappingNeeded`` when its columns have to be mapped to roles first).

    A ``restricted`` source is used by the secretariat's own views but never by a public one. ``column_mapping``:
    what each column of an annual table means (saved for files of the same shape). ``edition``: the edition of an
    annual table ("WDR 2024"), when the file does not name it. ``sheet``: the workbook's sheet to read (``SheetNeeded``
    is raised when several may hold the table)."""
    started = time.perf_counter()
    path = Path(path)
    store = store or Store()
    if not path.is_file():
        raise InputError(path.name, _("no such file"))
    sha = file_sha256(path)
    previous = _already_imported(store, sha, path.name)
    if previous is not None:
        return previous
    if column_mapping is None and edition is None and streaming.wants(path):
        streamed = streaming.import_streaming(path, store, sha=sha, restricted=restricted)
        if streamed is not None:  # a large case file, read in batches; any other goes the in-memory way
            cubes.refresh(store)
            return streamed
    table, fmt, mapped = _read_with_mapping(path, store, column_mapping, sheet)
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

    result = _with_given_edition(
        fmt.parse(table, source_id), edition or (column_mapping.edition if column_mapping else None), fmt, path.name
    )
    quarantine = _with_malformed(result.quarantine, table)
    stored = result.stored
    if repeated_rows:
        stored = _flag(stored, repeated_rows, fmt.repeated_flag)
        what = "seizures" if fmt.kind == "cases" else "figures"
        result.notes.append(
            f"{len(repeated_rows):,} rows repeat an earlier row in every column; kept as separate {what} and "
            f"flagged '{fmt.repeated_flag}'"
        )
    stored = conform(
        stored.with_columns(
            pl.lit(source_id).alias("source_id"),
            (pl.lit(source_id + ":") + pl.col("source_row").cast(pl.String)).alias("record_id"),
        ),
        TABLE_SCHEMAS[fmt.kind],
    )
    repeated_stored = int(stored["source_row"].is_in(repeated_rows).sum()) if repeated_rows else 0
    quarantined_rows = quarantine["row"].n_unique() if quarantine.height else 0
    report = ImportReport(
        file=path.name,
        source_id=source_id,
        kind=fmt.kind,
        format=result.format or fmt.name,
        rows_read=rows_read,
        rows_stored=stored.height,
        rows_quarantined=quarantined_rows,
        duplicates_skipped=duplicates,
        rows_repeated=repeated_stored,
        quarantine_reasons=count_reasons(quarantine),
        notes=table.notes
        + list(result.notes)
        + ([f"{table.blank_rows} wholly empty rows ignored"] if table.blank_rows else []),
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
            "format": report.format,
            "imported_at": now_iso(),
            "edition": result.edition,
            "citation": result.citation,
            "licence": result.licence,
            "rows_read": rows_read,
            "rows_stored": stored.height,
            "rows_quarantined": quarantined_rows,
            "duplicates_skipped": duplicates,
            "rows_repeated": repeated_stored,
            "edition_inferred": result.edition_inferred,
            "is_demo": False,
            "restricted": restricted,
        },
        table=stored,
        quarantine=quarantine,
        report_json=report.to_json(),
    )
    if mapped and column_mapping is not None:
        mapping.save_mapping(store, table.columns, column_mapping)
    cubes.refresh(store)  # the pages read cubes: this source's is built now, not on a page's first view
    return report


def _already_imported(store: Store, sha: str, file_name: str) -> ImportReport | None:
    """The report of a file imported before (the same bytes), which is not imported again."""
    existing = store.find_by_hash(sha)
    if not existing:
        return None
    previous = store.sources().filter(pl.col("source_id") == existing).row(0, named=True)
    return ImportReport(
        file=file_name,
        source_id=existing,
        kind=previous["kind"],
        format=previous["format"],
        rows_read=previous["rows_read"],
        rows_stored=previous["rows_stored"],
        rows_quarantined=previous["rows_quarantined"],
        duplicates_skipped=previous["duplicates_skipped"],
        rows_repeated=previous["rows_repeated"] or 0,
        already_imported=True,
    )


def _with_given_edition(result: ParseResult, edition: str | None, fmt: Format, file_name: str) -> ParseResult:
    """``result`` cited as the edition a person gave for it, if any (annual tables only)."""
    if not edition:
        return result
    if result.kind != "annual":
        raise InputError(
            file_name,
            _("an edition is given, but this is a {format}, not an annual table").format(format=fmt.description),
        )
    try:
        return unodc_annual.with_edition(result, edition)
    except ValueError as error:
        raise InputError(file_name, str(error)) from None


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
