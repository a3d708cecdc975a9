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
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard.i18n import _
from dashboard.ingest import limits, workbook
from dashboard.ingest.report import InputError
from dashboard.text import fill

ROW = "__row"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
MAX_HEADER_SEARCH = 25
HEAD_BYTES = 1 << 16
BLOCK = 1 << 20
RESERVED_PREFIX = "__"  # the readers' own columns (ROW, blank headers) and the importers' derived ones
# A valid UTF-8 sequence of two or more bytes: text that has one and also has invalid bytes mixes two encodings.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # only these end a row: U+2028, NEL and form feed are text in a cell


class SheetNeeded(InputError):
    """A workbook with several sheets that may hold the table: a person has to say which (``sheet=``)."""

    def __init__(self, file: str, sheets: list[str]) -> None:
        shown = ", ".join(f"'{name}'" for name in sheets)
        super().__init__(
            file,
            _("the workbook has several sheets that may hold the table ({sheets}); choose one").format(sheets=shown),
        )
        self.sheets = sheets


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
    notes: list[str] = field(default_factory=list)  # what the reader decided or left out, for the import report

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
        size = path.stat().st_size
        limits.check(path.name, "file_mb", size, fill(_("the file is larger than {size:,} MB"), size=size >> 20))
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise InputError(path.name, _("cannot be read ({error})").format(error=error.strerror or error)) from None
    if not head:
        raise InputError(path.name, _("the file is empty"))
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                inner = handle.read(8192)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(path.name, _("the gzip file is damaged ({error})").format(error=error)) from None
        if not inner:
            raise InputError(path.name, _("the file is empty once decompressed"))
        if inner.startswith(ZIP_MAGIC):
            raise InputError(path.name, _("a gzipped workbook is not supported; decompress it first"))
        if inner.startswith(GZIP_MAGIC):
            raise InputError(path.name, _("a gzip file inside a gzip file is not supported; decompress it first"))
        return "csv.gz", inner
    if head.startswith(ZIP_MAGIC):
        return "xlsx", head
    if head.startswith(OLE_MAGIC):
        raise InputError(path.name, _("legacy .xls workbooks are not supported; save the sheet as .xlsx or CSV"))
    if head.startswith(b"%PDF"):
        raise InputError(path.name, _("this is a PDF, not a table; export the table as CSV or XLSX"))
    return "csv", head


def read_table(path: Path, *, sheet: str | None = None, header_hint: set[str] | None = None) -> RawTable:
    """Read a CSV (plain or gzipped, any of ``, ; TAB |``) or an XLSX sheet into a ``RawTable``.

    ``header_hint`` names columns the expected header contains (case-insensitive); it picks the header row in files
    with title lines above it. Without it the first row that fills most columns is the header.
    """
    container, _head = sniff(path)
    if container == "xlsx":
        return _read_workbook(path, sheet, header_hint)
    return _read_delimited(path, container, header_hint)


def decode(data: bytes, file: str) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252; anything else is refused."""
    return _as_utf8(data, file)[0].decode("utf-8")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control > max(5, len(sample) // 200)


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _file_bytes(path: Path, container: str) -> bytes:
    """The file's bytes, a gzip decompressed as a stream so that a bomb is stopped at the cap, not after it."""
    if container != "csv.gz":
        return path.read_bytes()
    compressed = path.stat().st_size
    out = bytearray()
    try:
        with gzip.open(path, "rb") as handle:
            while block := handle.read(BLOCK):
                out += block
                limits.check_growth(path.name, compressed, len(out))
    except (OSError, EOFError, zlib.error) as error:
        message = _("the compressed file is damaged or truncated ({error})").format(error=error)
        raise InputError(path.name, message) from None
    return bytes(out)


def _read_delimited(path: Path, container: str, header_hint: set[str] | None) -> RawTable:
    try:
        raw = _file_bytes(path, container)
    except OSError as error:
        raise InputError(path.name, _("cannot be read ({error})").format(error=error.strerror or error)) from None
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refuse_nul(raw, path.name)  # before decoding: NUL bytes are valid UTF-8, and a sign of binary data
    raw, notes = _as_utf8(raw, path.name)
    _refuse_nul(raw, path.name)
    if b"\n" not in raw and b"\r" in raw:
        raw = raw.replace(b"\r", b"\n")  # old Mac line ends, which Polars does not split on
    # Only the head is decoded into Python text, to find the separator and the header; Polars parses the bytes.
    head = raw[:HEAD_BYTES].decode("utf-8", errors="replace")
    lines = _lines(head)
    if len(raw) > HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of the head may be cut
    if not head.strip():
        raise InputError(path.name, _("the file is empty"))
    _check_line_lengths(raw, path.name)
    lines_in_file = raw.count(b"\n") + (not raw.endswith(b"\n"))
    found = fill(_("the file has {count:,} lines"), count=lines_in_file)
    limits.check(path.name, "rows", lines_in_file - 1, found)  # before parsing: a line is at most one row
    separator = _sniff_separator(lines[: MAX_HEADER_SEARCH * 2])
    header_index = _find_header_line(lines, separator, header_hint)
    header_fields = next(csv.reader([lines[header_index]], delimiter=separator), [])
    limits.check(
        path.name, "columns", len(header_fields), fill(_("the header has {count:,} columns"), count=len(header_fields))
    )
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
        numbered = False
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError):
        body = "\n".join(_lines(raw.decode("utf-8"))[header_index:])
        frame, malformed = _read_delimited_tolerant(body, separator, header_index, path.name)
        numbered = True
    except pl.exceptions.NoDataError:
        raise InputError(path.name, _("the file has no rows")) from None
    limits.check(
        path.name, "rows", frame.height + len(malformed), fill(_("the file has {count:,} rows"), count=frame.height)
    )
    frame, dropped = _clean_header(frame, path.name, header_fields, numbered=numbered)
    _check_cell_lengths(frame, path.name, header_index)
    # A quoted field may hold line breaks (the UNODC case file has some), so a row's line number is its index plus
    # the line breaks inside the rows above it.
    if not numbered:
        breaks = pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in frame.columns)
        frame = frame.with_row_index(ROW, offset=header_index + 2).with_columns(
            (pl.col(ROW).cast(pl.Int64) + breaks.cast(pl.Int64).cum_sum().shift(1, fill_value=0)).alias(ROW)
        )
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
        notes=notes + dropped,
    )


def _lines(text: str) -> list[str]:
    """Lines split only at CR, LF and CRLF (``str.splitlines`` also splits at U+2028, NEL, form feed...)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _refuse_nul(raw: bytes, file: str) -> None:
    at = raw.find(b"\x00")
    if at >= 0:
        raise InputError(
            file,
            fill(
                _("not a text table: the file holds binary data (a NUL byte on line {line:,})"), line=_line_of(raw, at)
            ),
        )


def _check_line_lengths(raw: bytes, file: str) -> None:
    """No line longer than the longest row a table may have: a giant line is refused before it is parsed."""
    longest = limits.value("cell_chars") * min(limits.value("columns"), 64)
    start = 0
    while start < len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        if end - start > longest:
            message = _(
                "line {line:,} is {length:,} bytes long; a row may not be longer than {longest:,} bytes "
                "(the limits {cells} and {columns})"
            )
            raise InputError(
                file,
                fill(
                    message,
                    line=_line_of(raw, start),
                    length=end - start,
                    longest=longest,
                    cells=limits.limit("cell_chars").variable,
                    columns=limits.limit("columns").variable,
                ),
            )
        start = end + 1


def _check_cell_lengths(frame: pl.DataFrame, file: str, header_index: int) -> None:
    max_chars = limits.value("cell_chars")
    data_columns = [c for c in frame.columns if c != ROW]
    if frame.is_empty() or not data_columns:
        return
    longest = frame.select(pl.col(c).str.len_chars().max().alias(c) for c in data_columns).row(0, named=True)
    for column, length in longest.items():
        if length is not None and length > max_chars:
            index = frame[column].str.len_chars().arg_max() or 0
            row = frame[ROW][index] if ROW in frame.columns else header_index + 2 + index
            found = fill(
                _("a cell of column '{column}' (row {row}) holds {length:,} characters"),
                column=column,
                row=row,
                length=length,
            )
            raise limits.refusal(file, "cell_chars", found)


def _as_utf8(raw: bytes, file: str) -> tuple[bytes, list[str]]:
    """The file's bytes as UTF-8 without a BOM, and a note when it was in another encoding. The encoding is decided
    on the whole file: UTF-8 where every byte is valid UTF-8, Windows-1252 where none of it reads as UTF-8's
    multi-byte letters, and a refusal when it mixes the two (one line saved in another encoding)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            # Stored in English (the report is language-neutral); ingest.messages translates it when shown.
            return raw.decode("utf-16").encode("utf-8"), ["the file is in UTF-16; it was read as such"]
        except UnicodeDecodeError as error:
            raise InputError(
                file, fill(_("wrong encoding: the file starts as UTF-16 but byte {byte:,} is not"), byte=error.start)
            ) from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    raw = raw[3:] if bom else raw
    try:
        raw.decode("utf-8")
        return raw, []
    except UnicodeDecodeError as error:
        bad_line = _line_of(raw, error.start)
    utf8 = _UTF8_MULTIBYTE.search(raw)
    if bom or utf8:
        where = (
            fill(_("line {line:,} is UTF-8"), line=_line_of(raw, utf8.start()))
            if utf8
            else _("it starts with a UTF-8 mark")
        )
        raise InputError(
            file,
            fill(
                _("mixed encodings: {where} but line {line:,} is not; save the whole file in one encoding (UTF-8)"),
                where=where,
                line=bad_line,
            ),
        )
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(file, _("wrong encoding: the text is neither UTF-8 nor Windows-1252")) from None
    if _looks_binary(text):
        raise InputError(file, _("not a text table: the file holds binary data"))
    # Stored in English (the report is language-neutral); ingest.messages translates it when shown.
    note = f"the file is not UTF-8 (line {bad_line} first); all of it was read as Windows-1252"
    return text.encode("utf-8"), [note]


def _read_delimited_tolerant(body: str, separator: str, header_index: int, file: str) -> tuple[pl.DataFrame, list]:
    """Slow path for files with ragged rows: good rows are kept, ragged ones are reported as malformed."""
    csv.field_size_limit(limits.value("cell_chars") + 1)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    rows, numbers, malformed = [], [], []
    try:
        header = next(reader)
        width = len(header)
        lines_before = reader.line_num  # counted, not enumerated: a quoted field may span several lines
        for record in reader:
            line_number = header_index + lines_before + 1
            lines_before = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != width:
                reason = f"has {len(record)} fields where the header has {width}"
                malformed.append((line_number, separator.join(record)[: limits.value("cell_chars")], reason))
                continue
            rows.append(record)
            numbers.append(line_number)
    except csv.Error as error:
        where = header_index + reader.line_num
        message = _("line {line:,} cannot be read as a table row ({error})")
        raise InputError(file, fill(message, line=where, error=error)) from None
    header = _unique_names(header)
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

    sheets = workbook.inspect(path)
    chosen = _choose_sheet(path.name, sheets, sheet)
    if chosen.formula:
        raise InputError(
            path.name,
            _(
                "cell {cell} of sheet '{sheet}' holds a formula; its saved value may be out of date, so formulas are "
                "not imported: save a copy with values only (Paste special, Values) and import that"
            ).format(cell=chosen.formula, sheet=chosen.name),
        )
    try:
        reader = fastexcel.read_excel(str(path))
        frame = reader.load_sheet(chosen.name, header_row=None, dtypes="string").to_polars()
    except Exception as error:  # fastexcel raises its own exception types for every kind of damage
        raise InputError(
            path.name, _("the workbook cannot be read ({error})").format(error=f"{type(error).__name__}: {error}")
        ) from None
    if frame.is_empty():
        raise InputError(path.name, _("sheet '{sheet}' is empty").format(sheet=chosen.name))
    frame = frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    header_index = _find_header_row(frame, header_hint)
    header_cells = frame.row(header_index)[1:]
    title_lines = [" ".join(str(v) for v in frame.row(i)[1:] if v is not None) for i in range(header_index)]
    body = frame.slice(header_index + 1)
    names_out = _checked_names([str(c).strip() if c is not None else "" for c in header_cells], path.name)
    body.columns = [ROW, *names_out]
    body = _blank_to_null(body.select([*names_out, ROW]))
    body, dropped = _drop_blank_columns(body)
    _check_cell_lengths(body, path.name, header_index)
    data_columns = [c for c in body.columns if c != ROW]
    empty = body.filter(pl.all_horizontal(pl.col(data_columns).is_null()))
    body = body.filter(~pl.all_horizontal(pl.col(data_columns).is_null()))
    hidden = [s.name for s in sheets if not s.visible and s.name != chosen.name]
    notes = dropped + ([f"hidden sheet(s) not read: {', '.join(hidden)}"] if hidden else [])  # stored English
    return RawTable(
        file=path.name,
        frame=body,
        container="xlsx",
        sheet=chosen.name,
        header_row=int(frame[ROW][header_index]),
        title_lines=[t for t in title_lines if t.strip()],
        blank_rows=empty.height,
        notes=notes,
    )


def _choose_sheet(file: str, sheets: list[workbook.SheetInfo], sheet: str | None) -> workbook.SheetInfo:
    """The sheet named, else the one visible sheet that may hold a table; several candidates: a person chooses.
    A hidden sheet is read only when it is named."""
    if sheet:
        for info in sheets:
            if info.name == sheet:
                return info
        raise InputError(
            file,
            _("has no sheet '{sheet}' (sheets: {sheets})").format(
                sheet=sheet, sheets=", ".join(s.name for s in sheets)
            ),
        )
    candidates = [s for s in sheets if s.candidate]
    if len(candidates) > 1:
        raise SheetNeeded(file, [s.name for s in candidates])
    if candidates:
        return candidates[0]
    visible = [s for s in sheets if s.visible]
    if not visible:
        raise InputError(file, _("every sheet of the workbook is hidden; name the sheet to read"))
    return max(visible, key=lambda s: s.cells)


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
    """Blank names as ``__blank<index>``; repeated ones numbered (only where the names were checked before)."""
    seen: Counter[str] = Counter()
    out = []
    for index, name in enumerate(names):
        base = name or f"__blank{index}"
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return out


def _name_key(name: str) -> str:
    return _norm(name) or name.strip().lower()


def _checked_names(names: list[str], file: str) -> list[str]:
    """The header as read, refused when two names would be taken for one column (``country`` and ``Country``)
    or when a name is one the readers reserve for their own columns."""
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name.startswith(RESERVED_PREFIX):
            raise InputError(
                file,
                _(
                    "column {column} is named '{name}'; names starting with '{prefix}' are reserved for the "
                    "importer's own columns: rename it"
                ).format(column=workbook.column_letters(index + 1), name=name, prefix=RESERVED_PREFIX),
            )
        key = _name_key(name)
        if key in first:
            other = first[key]
            raise InputError(
                file,
                _(
                    "columns '{first}' ({first_column}) and '{second}' ({second_column}) would be read as the same "
                    "column; rename or remove one"
                ).format(
                    first=names[other],
                    first_column=workbook.column_letters(other + 1),
                    second=name,
                    second_column=workbook.column_letters(index + 1),
                ),
            )
        first[key] = index
    return _unique_names(names)


def _drop_blank_columns(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Columns without a header are not imported; how many there are and what they held goes to the report."""
    blank = [c for c in frame.columns if c.startswith("__blank")]
    if not blank:
        return frame, []
    filled = {c: frame[c].drop_nulls().len() for c in blank}
    letters = [workbook.column_letters(int(c.removeprefix("__blank")) + 1) for c in blank if filled[c]]
    held = sum(filled.values())
    note = f"{len(blank)} column(s) without a header not imported"  # stored English: ingest.messages
    if held:
        note += f"; {held} non-empty cell(s) in them left out (column(s) {', '.join(letters[:10])})"
    return frame.drop(blank), [note]


def _clean_header(
    frame: pl.DataFrame, file: str, header: list[str], *, numbered: bool = False
) -> tuple[pl.DataFrame, list[str]]:
    """The header as the file writes it (Polars renames repeated names, which would hide a collision).
    ``numbered``: the frame's last column is the reader's own ROW (the tolerant path), not the file's."""
    found = frame.columns[:-1] if numbered else frame.columns
    written = header if len(header) == len(found) else found
    names = _checked_names([c.strip().strip("\ufeff") for c in written], file)
    if len([n for n in names if not n.startswith("__blank")]) < 2:
        raise InputError(file, _("no table header found: fewer than two named columns"))
    frame.columns = names + ([ROW] if numbered else [])
    return _drop_blank_columns(_blank_to_null(frame))


def _blank_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    # One strip per cell, then "" to null (replace is a lookup, cheaper than a second comparison pass).
    return frame.with_columns(pl.col(c).str.strip_chars().replace("", None).alias(c) for c in text_columns)


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
