"""Read any tabular input into raw string columns, with the row numbers a person sees in the file.

Importers never open files themselves: they receive a ``RawTable`` whose cells are all strings (so nothing is
coerced or lost before validation) and whose ``__row`` column is the 1-based row or line number in the original file.
Whole-file problems (empty, truncated, not a table, undecodable) raise ``InputError`` with a one-line reason.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard.ingest.report import InputError

ROW = "__row"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
MAX_HEADER_SEARCH = 25
HEAD_BYTES = 1 << 16


@dataclass
class RawTable:
    """A table as read: string cells, the header as found, and where it came from."""

    file: str
    frame: pl.DataFrame  # columns: the header names (stripped) plus ROW
    container: str  # "csv", "csv.gz" or "xlsx"
    sheet: str | None = None
    separator: str | None = None
    header_row: int = 1  # 1-based row of the header in the file
    title_lines: list[str] = field(default_factory=list)  # non-empty lines above the header, e.g. a workbook title
    malformed: list[tuple[int, str, str]] = field(default_factory=list)  # (row, raw text, reason)
    blank_rows: int = 0  # wholly empty rows: not data, so not counted as read, but reported

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != ROW]

    @property
    def rows_read(self) -> int:
        return self.frame.height + len(self.malformed)

    def uses_decimal_comma(self, numeric_columns: list[str]) -> bool:
        """True when numbers are written with a decimal comma (``1234,5``), as European spreadsheets save them."""
        if self.separator == ",":
            return False
        sample = self.frame.select([c for c in numeric_columns if c in self.frame.columns]).head(5000)
        comma = point = 0
        for column in sample.columns:
            values = sample[column].drop_nulls()
            comma += values.str.contains(r"^-?[\d.\s]*\d,\d+$").sum()
            point += values.str.contains(r"^-?[\d,\s]*\d\.\d+$").sum()
        return comma > point


def sniff(path: Path) -> tuple[str, bytes]:
    """The container kind of a file (``csv``, ``csv.gz``, ``xlsx``) and its first bytes, decompressed."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise InputError(path.name, f"cannot be read ({error.strerror or error})") from None
    if not head:
        raise InputError(path.name, "the file is empty")
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                inner = handle.read(8192)
        except (OSError, EOFError) as error:
            raise InputError(path.name, f"the gzip file is damaged ({error})") from None
        if not inner:
            raise InputError(path.name, "the file is empty once decompressed")
        if inner.startswith(ZIP_MAGIC):
            raise InputError(path.name, "a gzipped workbook is not supported; decompress it first")
        return "csv.gz", inner
    if head.startswith(ZIP_MAGIC):
        return "xlsx", head
    if head.startswith(OLE_MAGIC):
        raise InputError(path.name, "legacy .xls workbooks are not supported; save the sheet as .xlsx or CSV")
    if head.startswith(b"%PDF"):
        raise InputError(path.name, "this is a PDF, not a table; export the table as CSV or XLSX")
    return "csv", head


def read_table(path: Path, *, sheet: str | None = None, header_hint: set[str] | None = None) -> RawTable:
    """Read a CSV (plain or gzipped, any of ``, ; TAB |``) or an XLSX sheet into a ``RawTable``.

    ``header_hint`` names columns the expected header contains (case-insensitive); it picks the header row in files
    with title lines above it. Without it the first row that fills most columns is the header.
    """
    container, _ = sniff(path)
    if container == "xlsx":
        return _read_workbook(path, sheet, header_hint)
    return _read_delimited(path, container, header_hint)


def decode(data: bytes, file: str) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(file, "wrong encoding: the text is neither UTF-8 nor Windows-1252") from None
    if _looks_binary(text):
        raise InputError(file, "not a text table: the file holds binary data")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control > max(5, len(sample) // 200)


def _read_delimited(path: Path, container: str, header_hint: set[str] | None) -> RawTable:
    try:
        raw = gzip.decompress(path.read_bytes()) if container == "csv.gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(path.name, f"the compressed file is damaged or truncated ({error})") from None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path.name, "not a text table: the file holds binary data")
    raw = _as_utf8(raw, path.name)
    # Only the head is decoded into Python text, to find the separator and the header; Polars parses the bytes.
    head = raw[:HEAD_BYTES].decode("utf-8", errors="replace")
    lines = head.splitlines()
    if len(raw) > HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of the head may be cut
    if not head.strip():
        raise InputError(path.name, "the file is empty")
    separator = _sniff_separator(lines[: MAX_HEADER_SEARCH * 2])
    header_index = _find_header_line(lines, separator, header_hint)
    title_lines = [ln.strip(separator + ' "') for ln in lines[:header_index] if ln.strip(separator + ' "')]
    try:
        frame = pl.read_csv(
            io.BytesIO(raw),
            separator=separator,
            infer_schema=False,
            has_header=True,
            skip_lines=header_index,
            raise_if_empty=True,
        )
        malformed: list[tuple[int, str, str]] = []
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError):
        body = "\n".join(raw.decode("utf-8").splitlines()[header_index:])
        frame, malformed = _read_delimited_tolerant(body, separator, header_index)
    except pl.exceptions.NoDataError:
        raise InputError(path.name, "the file has no rows") from None
    frame = _clean_header(frame, path.name)
    if ROW not in frame.columns:
        # A quoted field may hold line breaks (the UNODC case file has some), so a row's line number is its index plus
        # the line breaks inside the rows above it.
        breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in frame.columns)
        frame = frame.with_row_index(ROW, offset=header_index + 2).with_columns(
            (pl.col(ROW).cast(pl.Int64) + breaks.cast(pl.Int64).cum_sum().shift(1, fill_value=0)).alias(ROW)
        )
    frame = _blank_to_null(frame)
    data_columns = [c for c in frame.columns if c != ROW]
    blank = pl.all_horizontal(pl.col(data_columns).is_null())
    blank_rows = frame.filter(blank).height
    # One chunk per column: some string kernels of Polars 2.1 misbehave on split chunks after a filter.
    frame = frame.filter(~blank).rechunk()
    return RawTable(
        file=path.name,
        frame=frame,
        blank_rows=blank_rows,
        container=container,
        separator=separator,
        header_row=header_index + 1,
        title_lines=title_lines,
        malformed=malformed,
    )


def _as_utf8(raw: bytes, file: str) -> bytes:
    """The file's bytes as UTF-8 without a BOM; other encodings are decoded (see ``decode``) and re-encoded."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode(raw, file).encode("utf-8")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode(raw, file).encode("utf-8")
    return raw


def _read_delimited_tolerant(body: str, separator: str, header_index: int) -> tuple[pl.DataFrame, list]:
    """Slow path for files with ragged rows: good rows are kept, ragged ones are reported as malformed."""
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    header = next(reader)
    width = len(header)
    rows, numbers, malformed = [], [], []
    lines_before = reader.line_num  # counted, not enumerated: a quoted field may span several lines
    for record in reader:
        line_number = header_index + lines_before + 1
        lines_before = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != width:
            reason = f"has {len(record)} fields where the header has {width}"
            malformed.append((line_number, separator.join(record), reason))
            continue
        rows.append(record)
        numbers.append(line_number)
    if rows:
        frame = pl.DataFrame(rows, schema=header, orient="row")
    else:
        frame = pl.DataFrame(schema=dict.fromkeys(header, pl.String))
    return frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64)), malformed


def _sniff_separator(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number of fields (a comma inside a value, as in
    "Bolivia, Plurinational State of", makes the comma's count vary from line to line)."""
    filled = [ln for ln in lines if ln.strip()]
    scores = {}
    for sep in (";", ",", "\t", "|"):
        counts = [ln.count(sep) for ln in filled]
        if not counts:
            continue
        modal, frequency = Counter(counts).most_common(1)[0]
        if modal > 0:
            scores[sep] = (frequency / len(counts), modal)
    return max(scores, key=lambda s: scores[s]) if scores else ","


def _find_header_line(lines: list[str], separator: str, header_hint: set[str] | None) -> int:
    window = lines[:MAX_HEADER_SEARCH]
    if header_hint:
        wanted = {_norm(h) for h in header_hint}
        for index, line in enumerate(window):
            cells = {_norm(c) for c in next(csv.reader([line], delimiter=separator), [])}
            if wanted <= cells:
                return index
    counts = [len([c for c in next(csv.reader([ln], delimiter=separator), []) if c.strip()]) for ln in window]
    widest = max(counts) if counts else 0
    for index, count in enumerate(counts):
        if widest and count >= max(2, widest // 2):
            return index
    return 0


def _read_workbook(path: Path, sheet: str | None, header_hint: set[str] | None) -> RawTable:
    import fastexcel

    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise InputError(path.name, f"the workbook is damaged or truncated ({error})") from None
    if damaged:
        raise InputError(path.name, f"the workbook is damaged: part {damaged} is corrupt")
    if "xl/workbook.xml" not in names:
        raise InputError(path.name, "a zip file that is not an Excel workbook")
    try:
        reader = fastexcel.read_excel(str(path))
        sheet_names = reader.sheet_names
        chosen = _choose_sheet(reader, sheet_names, sheet, header_hint)
        frame = reader.load_sheet(chosen, header_row=None, dtypes="string").to_polars()
    except InputError:
        raise
    except Exception as error:  # fastexcel raises its own exception types for every kind of damage
        raise InputError(path.name, f"the workbook cannot be read ({type(error).__name__}: {error})") from None
    if frame.is_empty():
        raise InputError(path.name, f"sheet '{chosen}' is empty")
    frame = frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    header_index = _find_header_row(frame, header_hint)
    header_cells = frame.row(header_index)[1:]
    names_out = _unique_names([str(c).strip() if c is not None else "" for c in header_cells])
    title_lines = [" ".join(str(v) for v in frame.row(i)[1:] if v is not None) for i in range(header_index)]
    body = frame.slice(header_index + 1)
    body.columns = [ROW, *names_out]
    body = body.select([*names_out, ROW])
    body = body.select([c for c in body.columns if not c.startswith("__blank")])
    body = _blank_to_null(body)
    data_columns = [c for c in body.columns if c != ROW]
    empty = body.filter(pl.all_horizontal(pl.col(data_columns).is_null()))
    body = body.filter(~pl.all_horizontal(pl.col(data_columns).is_null()))
    return RawTable(
        file=path.name,
        frame=body,
        container="xlsx",
        sheet=chosen,
        header_row=int(frame[ROW][header_index]),
        title_lines=[t for t in title_lines if t.strip()],
        blank_rows=empty.height,
    )


def _choose_sheet(reader, sheet_names: list[str], sheet: str | None, header_hint: set[str] | None) -> str:
    if sheet:
        if sheet not in sheet_names:
            raise InputError(reader_name(reader), f"has no sheet '{sheet}' (sheets: {', '.join(sheet_names)})")
        return sheet
    if header_hint and len(sheet_names) > 1:
        wanted = {_norm(h) for h in header_hint}
        for name in sheet_names:
            head = reader.load_sheet(name, header_row=None, n_rows=MAX_HEADER_SEARCH, dtypes="string").to_polars()
            for row in head.iter_rows():
                if wanted <= {_norm(str(c)) for c in row if c is not None}:
                    return name
    return sheet_names[0]


def reader_name(reader) -> str:
    return getattr(reader, "path", "workbook")


def _find_header_row(frame: pl.DataFrame, header_hint: set[str] | None) -> int:
    window = frame.head(MAX_HEADER_SEARCH)
    if header_hint:
        wanted = {_norm(h) for h in header_hint}
        for index, row in enumerate(window.iter_rows()):
            if wanted <= {_norm(str(c)) for c in row[1:] if c is not None}:
                return index
    filled = [sum(c is not None for c in row[1:]) for row in window.iter_rows()]
    widest = max(filled) if filled else 0
    for index, count in enumerate(filled):
        if widest and count >= max(2, widest // 2):
            return index
    return 0


def _unique_names(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for index, name in enumerate(names):
        base = name or f"__blank{index}"
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return out


def _clean_header(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    names = _unique_names([c.strip().strip("\ufeff") for c in frame.columns])
    if len([n for n in names if not n.startswith("__blank")]) < 2:
        raise InputError(file, "no table header found: fewer than two named columns")
    frame.columns = names
    return frame.select([c for c in frame.columns if not c.startswith("__blank")])


def _blank_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.strip_chars() == "").then(None).otherwise(pl.col(c).str.strip_chars()).alias(c)
        for c in text_columns
    )


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def parse_number(column: str, *, decimal_comma: bool = False) -> pl.Expr:
    """A string column as Float64, accepting thousands separators and, when asked, decimal commas.

    Unparseable values become null; callers compare with the raw column to quarantine them.
    """
    text = pl.col(column).str.strip_chars().str.replace_all(r"[\s\u00a0']", "")
    # Polars' regex engine has no look-ahead, so grouping marks are removed only where the whole value is grouped
    # (1,234,567.5 or 1.234.567,5); any other comma stays and makes the value unparseable, hence quarantined.
    if decimal_comma:
        grouped = text.str.contains(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
        text = pl.when(grouped).then(text.str.replace_all(".", "", literal=True)).otherwise(text)
        text = text.str.replace(",", ".", literal=True)
    else:
        grouped = text.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
        text = pl.when(grouped).then(text.str.replace_all(",", "", literal=True)).otherwise(text)
    return text.cast(pl.Float64, strict=False)
