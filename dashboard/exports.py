"""Files people download: CSV and XLSX that are safe to open in a spreadsheet.

Every text cell goes through ``text.spreadsheet_expr`` (the one rule for spreadsheet cells: no formula, no character
XML cannot hold), and so does every note line above the data. Numbers are left alone.
"""

from __future__ import annotations

import io

import polars as pl

from dashboard import text
from dashboard.i18n import _


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [c for c, t in frame.schema.items() if t in (pl.String, pl.Categorical, pl.Enum)]
    return frame.with_columns(text.spreadsheet_expr(c) for c in text_columns)


def _flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs have no cell form in CSV: join lists, encode structs as JSON."""
    out = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            out.append(pl.col(name).cast(pl.List(pl.String)).list.join("; "))
        elif isinstance(dtype, pl.Struct):
            out.append(pl.col(name).struct.json_encode())
        else:
            out.append(pl.col(name))
    return frame.select(out)


def csv_bytes(frame: pl.DataFrame, *, header_lines: list[str] | None = None) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads accents right), formula-safe; optional ``# ``-prefixed header lines."""
    buffer = io.StringIO()
    for line in header_lines or []:
        buffer.write("# " + text.spreadsheet(text.fold(line)) + "\n")
    buffer.write(neutralise_formulas(_flatten(frame)).write_csv())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, pl.DataFrame], *, notes: list[str] | None = None) -> bytes:
    """An XLSX workbook with one sheet per frame and, first, a sheet of notes (source, unit, filters)."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False}) as workbook:
        if notes:
            sheet = workbook.add_worksheet(_sheet_name(_("About")))  # the notes sheet, named in the file's language
            for row, line in enumerate(notes):
                sheet.write_string(row, 0, text.spreadsheet(line))
            sheet.set_column(0, 0, 120)
        for name, frame in sheets.items():
            safe = neutralise_formulas(_flatten(frame))
            safe.write_excel(workbook, worksheet=_sheet_name(name), autofit=True)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    cleaned = "".join(ch for ch in name if ch not in "[]:*?/\\")
    return (cleaned or _("Sheet"))[:31]
