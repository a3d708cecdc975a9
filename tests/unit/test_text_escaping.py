"""The one escaping module, destination by destination: spreadsheet cells (also where another locale splits a cell,
and in a CSV's note lines), HTML, Plotly, Markdown and the terminal."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest

from dashboard import text
from dashboard.exports import csv_bytes, xlsx_bytes

HOSTILE_CELLS = [
    "x;=cmd|' /C calc'!A0;y",
    'x,=HYPERLINK("http://evil")',
    "=1+1",
    " =1+1",
    "\u00a0+1",
    "a;\t-2",
    "ok\n@SUM(A1)",
    "@SUM(A1);+3",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _pieces(cell: str) -> list[str]:
    """How spreadsheets of any locale may split a cell: at ``;``, ``,``, TAB and line breaks."""
    for separator in ";,\t\r":
        cell = cell.replace(separator, "\n")
    return cell.split("\n")


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_no_piece_of_a_spreadsheet_cell_starts_a_formula_in_any_locale(cell):
    for safe in (text.spreadsheet(cell), pl.DataFrame({"c": [cell]}).select(text.spreadsheet_expr("c"))["c"][0]):
        assert all(not piece.lstrip(" \u00a0").startswith(TRIGGERS) for piece in _pieces(safe)), safe
        assert safe.replace("'", "") == cell.replace("'", "")  # nothing but apostrophes added


def test_plain_text_is_left_as_it_is():
    for cell in ["Cocaine", "a;b", "Heroin, base", "2015-2019", "3.5 kg"]:
        assert text.spreadsheet(cell) == cell


def test_the_csv_note_lines_carrying_a_file_name_cannot_become_formulas_in_a_semicolon_locale():
    notes = ["Source: seizures;=cmd|' /C calc'!A0;.csv", "=HYPERLINK(1)"]
    body = csv_bytes(pl.DataFrame({"file": ["a;=2+2"], "kg": [1.5]}), header_lines=notes).decode("utf-8-sig")
    for separator in (";", ","):
        for row in csv.reader(io.StringIO(body), delimiter=separator):
            for cell in row:
                assert not cell.lstrip().startswith(TRIGGERS), (separator, cell)
    assert "1.5" in body  # numbers are left alone


def test_xlsx_notes_and_cells_are_neutralised():
    import openpyxl

    data = xlsx_bytes({"Data": pl.DataFrame({"c": ["=1+1", "x;@y"]})}, notes=["=cmd"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "'=cmd" in cells and "'=1+1" in cells and "x;'@y" in cells


def test_html_text_escapes_quotes_and_tags():
    assert text.html_text('"><script>alert(1)</script>\x00') == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; "
    assert text.html_text("it's") == "it&#x27;s"


def test_plotly_text_cannot_open_a_tag_or_a_template_field():
    assert "<" not in text.plotly("<img src=x onerror=alert(1)>")
    assert "%{" not in text.plotly("%{customdata}", template=True)


def test_markdown_text_cannot_make_an_image_or_a_link():
    shown = text.markdown("![x](http://evil.example/p.png) <img src=x> [a](javascript:1)")
    assert "![" not in shown and "<img" not in shown and "](" not in shown


def test_the_terminal_never_gets_an_escape_sequence():
    shown = text.terminal("name\x1b]0;title\x07\x1b[2J\u202e\x9b31m")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch == "\u202e" for ch in shown)
    assert shown.startswith("name")


def test_a_link_target_cannot_end_the_link_or_start_markdown():
    target = text.link_target('/Trends?grp=a)![x](http://evil.example/p.png)<b> "q"')
    assert not any(ch in target for ch in '()[]<> "')
    assert target.startswith("/Trends?grp=a")
