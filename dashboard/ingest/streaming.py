"""Streaming import of large case-record files: read in batches, each batch parsed by the format's own parser and
written to disk at once, the batches combined with ``sink_parquet``. Peak memory is a few batches plus one hash per
distinct row (to flag rows that repeat an earlier one, as the in-memory import does), not the file.

``import_file`` hands a delimited file over ``STREAM_BYTES`` here; ``import_streaming`` may also be called directly.
It returns None for a file it does not take (not UTF-8, not the UNODC case layout, rows it cannot split): the
in-memory import then reads it with its tolerant reader, so no file is refused for being large.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

from dashboard.i18n import _
from dashboard.ingest import readers, unodc_cases
from dashboard.ingest.readers import HEAD_BYTES, MAX_HEADER_SEARCH, ROW, RawTable
from dashboard.ingest.report import ImportReport, InputError, count_reasons
from dashboard.schema import QUARANTINE_SCHEMA, TableError, conform, validate
from dashboard.store import TABLE_SCHEMAS, Store, now_iso, sink_table

STREAM_BYTES = 64 << 20  # files larger than this on disk are imported in batches (the real 41 MB .gz is not)
BATCH_ROWS = 250_000  # rows parsed at once: the fixed buffer of a streamed import
_HASH = "__row_hash"
_FIRST = "__repeats_earlier_row"


def _plain_csv(path: Path, container: str, work: Path) -> Path:
    """A plain text copy of a gzipped file, decompressed block by block (Polars would inflate it in memory)."""
    if container == "csv":
        return path
    target = work / "input.csv"
    try:
        with gzip.open(path, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 22)
    except (OSError, EOFError) as error:
        raise InputError(
            path.name, _("the compressed file is damaged or truncated ({error})").format(error=error)
        ) from None
    return target


def _layout(text_path: Path) -> tuple[str, int, list[str]] | None:
    """(separator, header line index, header names) of a UTF-8 case file, or None."""
    with text_path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    try:
        head = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None  # the in-memory reader knows the other encodings
    lines = head.splitlines()[:-1] or head.splitlines()
    separator = readers._sniff_separator(lines[: MAX_HEADER_SEARCH * 2])
    index = readers._find_header_line(lines, separator, set(unodc_cases.CORE_COLUMNS))
    header = [c.strip() for c in next(csv.reader([lines[index]], delimiter=separator))]
    probe = RawTable(file="", frame=pl.DataFrame(schema=dict.fromkeys(header, pl.String)), container="csv")
    return (separator, index, header) if unodc_cases.matches(probe) else None


class NotStreamable(Exception):
    """A file the batch reader leaves to the in-memory reader (which reports and quarantines row by row)."""


def _batches(text_path: Path, separator: str, header_index: int, file: str):
    """Each batch as the in-memory reader gives it: string cells, blanks as nulls, ROW the line number in the file
    (a quoted field may hold line breaks, so rows below it move down)."""
    scan = pl.scan_csv(text_path, separator=separator, infer_schema=False, skip_lines=header_index, encoding="utf8")
    line = header_index + 2
    names: list[str] | None = None
    for batch in scan.collect_batches(chunk_size=BATCH_ROWS):
        if batch.is_empty():
            continue
        if names is None:  # the header is checked once: every batch has the same columns
            batch, dropped = readers._clean_header(batch, file, list(batch.columns))
            if dropped:  # the in-memory reader counts what columns without a header held, in its report
                raise NotStreamable(file)
            names = list(batch.columns)
        else:
            batch.columns = names
            batch = readers._blank_to_null(batch)
        breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in names)
        batch = batch.with_row_index(ROW).with_columns(
            (pl.col(ROW).cast(pl.Int64) + line + breaks.cast(pl.Int64).cum_sum().shift(1, fill_value=0)).alias(ROW),
            breaks.alias("__breaks"),
        )
        line += batch.height + int(batch["__breaks"].sum())
        yield batch.drop("__breaks")


class _Totals:
    def __init__(self) -> None:
        self.read = self.stored = self.blank = 0
        self.years: list[int] = []
        self.notes: dict[str, None] = {}
        self.quarantine: list[pl.DataFrame] = []


def _parse_batch(batch: pl.DataFrame, path: Path, source_id: str, totals: _Totals) -> pl.DataFrame:
    """The batch's stored rows in file order, each with the hash of its raw cells (to find rows that repeat one)."""
    data_columns = [c for c in batch.columns if c != ROW]
    blank = pl.all_horizontal(pl.col(data_columns).is_null())
    totals.blank += batch.filter(blank).height
    batch = batch.filter(~blank).rechunk()
    table = RawTable(file=path.name, frame=batch, container="csv")
    result = unodc_cases.parse(table, source_id)
    totals.read += table.rows_read
    totals.notes.update(dict.fromkeys(result.notes))
    if result.quarantine.height:
        totals.quarantine.append(result.quarantine.cast(QUARANTINE_SCHEMA))
    stored = conform(
        result.stored.with_columns(
            pl.lit(source_id).alias("source_id"),
            (pl.lit(source_id + ":") + pl.col("source_row").cast(pl.String)).alias("record_id"),
        ),
        TABLE_SCHEMAS["cases"],
    )
    try:
        validate(stored, "cases")
    except TableError as exc:
        raise InputError(path.name, f"internal error: {exc}; nothing was stored") from exc
    totals.stored += stored.height
    years = stored["year"].drop_nulls()
    if years.len():
        totals.years += [int(years.min()), int(years.max())]  # type: ignore[arg-type]
    # The parser keeps the rows it stores in file order, so the stored rows take the hashes of the rows they are.
    kept = batch[ROW].is_in(stored["source_row"].implode())
    hashes = batch.filter(kept).select(pl.struct(data_columns).hash(seed=0).alias(_HASH))[_HASH]
    if not stored["source_row"].equals(batch.filter(kept)[ROW].cast(pl.Int64), check_names=False):
        raise InputError(path.name, "internal error: the parser reordered the rows; nothing was stored")
    return stored.with_columns(hashes)


class _Pieces:
    """Each batch's stored rows written at once, one file per year and batch: a year's files in file order."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.by_year: dict[int | None, list[Path]] = {}

    def add(self, number: int, stored: pl.DataFrame) -> None:
        for (year,), piece in stored.partition_by("year", as_dict=True, maintain_order=True).items():
            path = self.work / f"piece-{'null' if year is None else year}-{number:06d}.parquet"
            piece.write_parquet(path, compression="lz4", statistics=False)
            self.by_year.setdefault(year, []).append(path)

    def years(self) -> list[int | None]:
        return sorted(self.by_year, key=lambda y: (y is None, y or 0))  # the store's order: nulls last


def _repeats(pieces: _Pieces) -> pl.Series:
    """The source rows that repeat an earlier row in every column. Equal rows have equal years, so each year's hashes
    are compared apart: memory is one 8-byte hash per row of one year and the set of its distinct ones."""
    found = []
    for year in pieces.years():
        year_rows = pl.concat([pl.read_parquet(p, columns=["source_row", _HASH]) for p in pieces.by_year[year]])
        found.append(year_rows.filter(~pl.col(_HASH).is_first_distinct())["source_row"])
    return pl.concat(found) if found else pl.Series("source_row", [], pl.Int64)


def _combine(pieces: _Pieces, target: Path, flag: str) -> int:
    """One file of every batch's rows, year after year (file order within a year), a row repeating an earlier one in
    every column flagged ``flag``; returns how many were flagged. Read once, written once, in streaming batches."""
    repeated = _repeats(pieces)
    again = pl.col("source_row").is_in(repeated.implode())
    current = pl.col("quality_flags").fill_null("")
    flagged = (
        pl.when(again & (current != ""))
        .then(current + ";" + flag)
        .when(again)
        .then(pl.lit(flag))
        .otherwise(current)
        .alias("quality_flags")
    )
    files = [p for year in pieces.years() for p in pieces.by_year[year]]
    rows = pl.scan_parquet(files) if files else pl.LazyFrame(schema={**TABLE_SCHEMAS["cases"], _HASH: pl.UInt64})
    sink_table(rows.with_columns(flagged).select(list(TABLE_SCHEMAS["cases"])), target)
    return repeated.len()


def import_streaming(path: Path, store: Store, *, sha: str, restricted: bool = False) -> ImportReport | None:
    """Import a large UNODC case file in batches; None when the file is not one this path takes."""
    started = time.perf_counter()
    container, _ = readers.sniff(path)
    if container not in {"csv", "csv.gz"}:
        return None
    store.root.mkdir(parents=True, exist_ok=True)
    # Same file system, so the result is renamed into place; ".tmp", so a killed import leaves nothing recover keeps.
    work = Path(tempfile.mkdtemp(prefix=".stream-", suffix=".tmp", dir=store.root))
    try:
        text_path = _plain_csv(path, container, work)
        layout = _layout(text_path)
        if layout is None:
            return None
        separator, header_index, _ = layout
        source_id = f"cases-{sha[:12]}"
        totals, pieces, batches = _Totals(), _Pieces(work), 0
        try:
            for batches, batch in enumerate(_batches(text_path, separator, header_index, path.name), start=1):
                pieces.add(batches, _parse_batch(batch, path, source_id, totals))
        except (pl.exceptions.ComputeError, pl.exceptions.ShapeError, NotStreamable):
            return None  # ragged rows: the in-memory reader quarantines them one by one
        if not batches:
            return None
        table_file = work / "cases.parquet"
        repeated = _combine(pieces, table_file, "repeated_record")
        return _register(path, store, sha, source_id, table_file, totals, repeated, restricted, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _register(
    path: Path,
    store: Store,
    sha: str,
    source_id: str,
    table_file: Path,
    totals: _Totals,
    repeated: int,
    restricted: bool,
    started: float,
) -> ImportReport:
    quarantine = pl.concat(totals.quarantine) if totals.quarantine else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    notes = list(totals.notes)
    if repeated:
        notes.append(
            f"{repeated:,} rows repeat an earlier row in every column; kept as separate seizures and flagged "
            "'repeated_record'"
        )
    if totals.blank:
        notes.append(f"{totals.blank} wholly empty rows ignored")
    notes.append(f"read in batches of {BATCH_ROWS:,} rows (a large file)")
    edition = unodc_cases.DATA_SOURCE
    if totals.years:
        edition = f"{edition} {min(totals.years)}-{max(totals.years)}"
    report = ImportReport(
        file=path.name,
        source_id=source_id,
        kind="cases",
        format=unodc_cases.FORMAT_NAME,
        rows_read=totals.read,
        rows_stored=totals.stored,
        rows_quarantined=quarantine["row"].n_unique() if quarantine.height else 0,
        duplicates_skipped=0,
        rows_repeated=repeated,
        quarantine_reasons=count_reasons(quarantine),
        notes=notes,
    )
    if not report.balanced:
        raise InputError(path.name, f"internal accounting error: {report.summary()}; nothing was stored")
    report.seconds = time.perf_counter() - started
    store.add_source(
        source={
            "source_id": source_id,
            "kind": "cases",
            "file_name": path.name,
            "sha256": sha,
            "format": report.format,
            "imported_at": now_iso(),
            "edition": edition,
            "citation": unodc_cases.CITATION,
            "licence": unodc_cases.LICENCE,
            "rows_read": report.rows_read,
            "rows_stored": report.rows_stored,
            "rows_quarantined": report.rows_quarantined,
            "duplicates_skipped": 0,
            "rows_repeated": repeated,
            "edition_inferred": False,
            "is_demo": False,
            "restricted": restricted,
        },
        table=table_file,
        quarantine=quarantine,
        report_json=report.to_json(),
    )
    return report


def wants(path: Path) -> bool:
    try:
        return path.stat().st_size > STREAM_BYTES
    except OSError:
        return False
