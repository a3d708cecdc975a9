"""An XLSX workbook inspected from its XML before any reader allocates a cell.

The Rust reader behind ``fastexcel`` sizes its grid from a sheet's cells: one cell at XFD1048576 asks for 17 billion
cells and aborts the process, which no ``except`` can catch. So every part of the zip is first decompressed as a
stream (counted against the decompressed cap and the ratio), then each sheet's XML is scanned for its declared
``<dimension>``, the real extent of its cells, the longest text, and formulas, whose cached values may be stale.
Only a workbook that passes is handed to the reader.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from xml.etree import ElementTree

from dashboard.i18n import _
from dashboard.ingest import limits
from dashboard.ingest.report import InputError
from dashboard.reference import read_rows
from dashboard.text import fill

BLOCK = 1 << 16
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
# The OOXML relationships namespace, as ElementTree spells an attribute in it: a name in the file, never fetched.
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class SheetInfo:
    name: str
    part: str  # the zip member holding the sheet's XML
    state: str = "visible"  # "visible", "hidden" or "veryHidden"
    dimension: str = ""  # as declared by the file, e.g. "A1:N10208"
    rows: int = 0  # the real extent: the last row and column holding a cell
    columns: int = 0
    cells: int = 0
    formula: str = ""  # the first cell holding a formula, e.g. "B3"

    @property
    def visible(self) -> bool:
        return self.state == "visible"

    @property
    def candidate(self) -> bool:
        """A sheet that may hold the table: visible, at least two columns wide, and not one of the sheets that
        document the project's own template (``reference/documentation_sheets.csv``)."""
        return self.visible and self.columns >= 2 and self.name not in documentation_sheets()


@cache
def documentation_sheets() -> frozenset[str]:
    return frozenset(row["sheet"] for row in read_rows("documentation_sheets.csv"))


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as ``XFD1048576``; None for anything else."""
    found = _CELL_REF.match(ref.strip().replace("$", "").upper())
    return (int(found[2]), column_number(found[1])) if found else None


def inspect(path: Path) -> list[SheetInfo]:
    """The sheets of a workbook with their extent; refuses bombs, giant sheets and giant cells before allocation.

    An import may read a workbook several times (its header looked for below a title block): the inspection of the
    same bytes, under the same limits, is done once."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, tuple(lim.value for lim in limits.all_limits()))
    return [replace(sheet) for sheet in _inspect_once(path, key)]


@lru_cache(maxsize=8)
def _inspect_once(path: Path, _key: tuple) -> tuple[SheetInfo, ...]:
    return tuple(_inspect(path))


def _inspect(path: Path) -> list[SheetInfo]:
    file = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            limits.check(
                file, "zip_parts", len(members), fill(_("the workbook has {count:,} parts"), count=len(members))
            )
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise InputError(file, _("a zip file that is not an Excel workbook"))
            _drain_all(archive, members, file)
            sheets = _sheets(archive, file)
            for sheet in sheets:
                if sheet.part not in names:
                    message = _("the workbook is damaged: sheet '{sheet}' has no part {part}")
                    raise InputError(file, message.format(sheet=sheet.name, part=sheet.part))
                _scan_sheet(archive, sheet, file)
            _scan_strings(archive, names, file)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise InputError(file, _("the workbook is damaged or truncated ({error})").format(error=error)) from None
    except (RuntimeError, NotImplementedError) as error:  # encrypted parts, unknown compression methods
        raise InputError(file, _("the workbook cannot be read ({error})").format(error=error)) from None
    except ElementTree.ParseError as error:
        message = _("the workbook is damaged: its XML is not well formed ({error})")
        raise InputError(file, message.format(error=error)) from None
    if not sheets:
        raise InputError(file, _("the workbook has no sheets"))
    return sheets


def _drain_all(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], file: str) -> None:
    """Decompress every part as a stream: the CRC of each is checked and its real size counted, whatever the zip's
    directory claims."""
    total = 0
    for member in members:
        grown = 0
        with archive.open(member) as handle:
            while block := handle.read(BLOCK):
                grown += len(block)
                total += len(block)
                limits.check_growth(
                    file, member.compress_size, grown, _("once decompressed, part {part}").format(part=member.filename)
                )
                limits.check(
                    file,
                    "decompressed_mb",
                    total,
                    fill(_("once decompressed, the workbook is larger than {size:,} MB"), size=total >> 20),
                )


def _small_xml(archive: zipfile.ZipFile, name: str, file: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    limits.check(
        file,
        "xml_part_mb",
        info.file_size,
        fill(_("part {part} is larger than {size:,} MB"), part=name, size=info.file_size >> 20),
    )
    data = archive.read(name)
    _refuse_doctype(data, file, name)
    return ElementTree.fromstring(data)  # noqa: S314 (no DOCTYPE, so no entities; size bounded above)


def _refuse_doctype(head: bytes, file: str, name: str) -> None:
    # Spreadsheets never declare a DOCTYPE; one here can only be there to expand entities.
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        message = _("part {part} declares XML entities; a workbook never does, so it is refused")
        raise InputError(file, message.format(part=name))


def _sheets(archive: zipfile.ZipFile, file: str) -> list[SheetInfo]:
    book = _small_xml(archive, "xl/workbook.xml", file)
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in _small_xml(archive, "xl/_rels/workbook.xml.rels", file):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = part
    sheets = []
    for index, node in enumerate(e for e in book.iter() if _local(e.tag) == "sheet"):
        part = targets.get(node.get(_REL_NS, ""), f"xl/worksheets/sheet{index + 1}.xml")
        sheets.append(
            SheetInfo(name=node.get("name", f"Sheet{index + 1}"), part=part, state=node.get("state", "visible"))
        )
    _refuse_twin_names(sheets, file)
    return sheets


def _refuse_twin_names(sheets: list[SheetInfo], file: str) -> None:
    """Excel never saves two sheets of one name (ignoring case); a reader that picks a sheet by name could then read
    a hidden twin instead of the sheet inspected."""
    seen: set[str] = set()
    for sheet in sheets:
        key = sheet.name.casefold()
        if key in seen:
            message = _("the workbook has two sheets named '{sheet}'; a workbook saved by Excel never has")
            raise InputError(file, message.format(sheet=sheet.name))
        seen.add(key)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _events(archive: zipfile.ZipFile, part: str, file: str) -> Iterator[tuple[str, ElementTree.Element]]:
    with archive.open(part) as handle:
        head = handle.peek(2048)[:2048] if hasattr(handle, "peek") else b""
        _refuse_doctype(head, file, part)
        yield from ElementTree.iterparse(handle, events=("start", "end"))  # noqa: S314 (no DOCTYPE, size bounded)


def _scan_sheet(archive: zipfile.ZipFile, sheet: SheetInfo, file: str) -> None:
    """Dimension, real extent, formulas and the longest text of one sheet, in one pass that keeps no elements."""
    scan = _SheetScan(sheet, file)
    for event, element in _events(archive, sheet.part, file):
        if event == "start":
            scan.start(_local(element.tag), element)
        else:
            scan.end(_local(element.tag), element)
    _check_extent(sheet, file)


class _SheetScan:
    """The state of one pass over a sheet's XML: where the current cell is and how much text it holds so far."""

    def __init__(self, sheet: SheetInfo, file: str) -> None:
        self.sheet, self.file = sheet, file
        self.max_chars, self.max_columns = limits.value("cell_chars"), limits.value("columns")
        self.row = self.column = self.chars = 0
        self.rows_parent: ElementTree.Element | None = None

    def start(self, tag: str, element: ElementTree.Element) -> None:
        if tag == "sheetData":
            self.rows_parent = element
        elif tag == "row":
            number = element.get("r", "")
            self.row, self.column = (int(number) if number.isdigit() else self.row + 1), 0
        elif tag == "c":
            self.row, self.column = parse_ref(element.get("r", "")) or (max(self.row, 1), self.column + 1)
            self.chars = 0
            sheet = self.sheet
            sheet.rows, sheet.columns = max(sheet.rows, self.row), max(sheet.columns, self.column)
            sheet.cells += 1
            if self.column > self.max_columns or sheet.cells % 4096 == 0:
                _check_extent(sheet, self.file)

    def end(self, tag: str, element: ElementTree.Element) -> None:
        if tag == "dimension":
            self.sheet.dimension = element.get("ref", "")
            _check_dimension(self.sheet, self.file)
        elif tag in {"v", "t"} and element.text:
            self.chars += len(element.text)  # a rich-text cell holds several runs: their sum is the cell's length
            if self.chars > self.max_chars:
                found = fill(
                    _("cell {cell} of sheet '{sheet}' holds {length:,} characters"),
                    cell=self.cell,
                    sheet=self.sheet.name,
                    length=self.chars,
                )
                raise limits.refusal(self.file, "cell_chars", found)
        elif tag == "f" and not self.sheet.formula:
            self.sheet.formula = self.cell
        elif tag == "row" and self.rows_parent is not None:
            self.rows_parent.clear()  # the rows read so far are not kept

    @property
    def cell(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


def _check_dimension(sheet: SheetInfo, file: str) -> None:
    """The sheet's own claim of its size, which some readers trust to reserve memory."""
    ends = [parse_ref(p) for p in sheet.dimension.split(":")]
    if not all(ends):
        return
    rows = max(e[0] for e in ends) - min(e[0] for e in ends) + 1
    columns = max(e[1] for e in ends) - min(e[1] for e in ends) + 1
    said = fill(
        _("sheet '{sheet}' declares the range {range} ({rows:,} rows by {columns:,} columns)"),
        sheet=sheet.name,
        range=sheet.dimension,
        rows=rows,
        columns=columns,
    )
    limits.check(file, "columns", columns, said)
    limits.check(file, "rows", rows, said)
    limits.check(file, "sheet_cells", rows * columns, said)


def _check_extent(sheet: SheetInfo, file: str) -> None:
    last = f"{column_letters(sheet.columns)}{sheet.rows}"
    said = fill(
        _("sheet '{sheet}' has cells up to {cell} ({rows:,} rows by {columns:,} columns)"),
        sheet=sheet.name,
        cell=last,
        rows=sheet.rows,
        columns=sheet.columns,
    )
    limits.check(file, "columns", sheet.columns, said)
    limits.check(file, "rows", sheet.rows, said)
    limits.check(file, "sheet_cells", sheet.rows * sheet.columns, said)


def _scan_strings(archive: zipfile.ZipFile, names: set[str], file: str) -> None:
    """Shared strings: no entry longer than a cell may be."""
    part = "xl/sharedStrings.xml"
    if part not in names:
        return
    max_chars = limits.value("cell_chars")
    root = None
    chars = 0
    for event, element in _events(archive, part, file):
        if root is None:
            root = element
        if event != "end":
            continue
        tag = _local(element.tag)
        if tag == "t" and element.text:
            chars += len(element.text)  # the runs of one rich-text entry add up
            if chars > max_chars:
                found = fill(_("a shared text of the workbook holds {length:,} characters"), length=chars)
                raise limits.refusal(file, "cell_chars", found)
        if tag == "si":
            chars = 0
            root.clear()  # the strings read so far are not kept
