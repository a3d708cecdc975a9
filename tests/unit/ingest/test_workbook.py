"""The workbook inspection that runs before any reader allocates a cell (hand-written XLSX parts)."""

from pathlib import Path

import pytest

from dashboard.ingest import workbook
from dashboard.ingest.readers import SheetNeeded, read_table
from dashboard.ingest.report import InputError
from tests.hostile.xlsx import Formula, Sheet, write_workbook

HEADER = ["date", "country", "substance", "amount", "unit"]
ROWS = [["2023-01-02", "Kenya", "Heroin", 2, "kg"], ["2023-01-03", "Peru", "Cocaine", 5, "kg"]]


def book(tmp_path: Path, *sheets: Sheet, name: str = "b.xlsx", **kw) -> Path:
    return write_workbook(tmp_path / name, list(sheets), **kw)


def test_cell_references_both_ways():
    assert workbook.parse_ref("XFD1048576") == (1048576, 16384)
    assert workbook.parse_ref("$B$3") == (3, 2)
    assert workbook.parse_ref("nonsense") is None
    assert [workbook.column_letters(n) for n in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]


def test_inspection_gives_dimension_extent_state_and_formulas(tmp_path):
    path = book(
        tmp_path,
        Sheet("Old", [HEADER, *ROWS], state="hidden"),
        Sheet("Data", [HEADER, *ROWS, ["2023-01-04", "Chile", "Heroin", Formula("D2*2", 4), "kg"]]),
    )
    old, data = workbook.inspect(path)
    assert (old.state, old.visible, old.candidate) == ("hidden", False, False)
    assert (data.dimension, data.rows, data.columns, data.cells) == ("A1:E4", 4, 5, 20)
    assert data.formula == "D4"


def test_the_far_corner_cell_is_refused_before_any_allocation(tmp_path):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = book(tmp_path, Sheet("Data", [], dimension="A1", extra_cells=far))
    with pytest.raises(InputError) as caught:
        read_table(path)
    message = str(caught.value)
    assert message.startswith("b.xlsx: sheet 'Data' has cells up to XFD1048576")
    assert "DASHBOARD_MAX_COLUMNS" in message


def test_a_declared_dimension_too_large_is_refused(tmp_path):
    path = book(tmp_path, Sheet("Data", [HEADER, *ROWS], dimension="A1:Z2000000"))
    with pytest.raises(InputError, match="declares the range A1:Z2000000"):
        workbook.inspect(path)


def test_a_formula_is_refused_never_its_cached_value(tmp_path):
    path = book(tmp_path, Sheet("Data", [HEADER, [*ROWS[0][:3], Formula("1+1", 999), "kg"]]))
    with pytest.raises(InputError, match="cell D2 of sheet 'Data' holds a formula"):
        read_table(path)


def test_the_visible_sheet_is_read_not_a_hidden_first_one(tmp_path):
    path = book(
        tmp_path,
        Sheet("Old", [HEADER, ["2001-01-01", "Mali", "Opium", 1, "kg"]], state="hidden"),
        Sheet("Data", [HEADER, *ROWS]),
    )
    table = read_table(path)
    assert table.sheet == "Data"
    assert table.frame["country"].to_list() == ["Kenya", "Peru"]
    assert table.notes == ["hidden sheet(s) not read: Old"]
    named = read_table(path, sheet="Old")  # a hidden sheet is read when a person names it
    assert named.frame["country"].to_list() == ["Mali"]


def test_several_candidate_sheets_ask_which(tmp_path):
    path = book(
        tmp_path,
        Sheet("2022", [HEADER, *ROWS]),
        Sheet("2023", [HEADER, ROWS[0]]),
        Sheet("Notes", [["one column"], ["of notes"]]),
    )
    with pytest.raises(SheetNeeded) as caught:
        read_table(path)
    assert caught.value.sheets == ["2022", "2023"]
    assert read_table(path, sheet="2023").frame.height == 1


def test_cells_right_of_the_header_are_counted_not_silently_dropped(tmp_path):
    path = book(tmp_path, Sheet("Data", [HEADER, [*ROWS[0], "beyond"], [*ROWS[1], None, "far"]]))
    table = read_table(path)
    assert table.columns == HEADER
    assert table.notes == [
        "2 column(s) without a header not imported; 2 non-empty cell(s) in them left out (column(s) F, G)"
    ]


def test_a_zip_bomb_part_and_entities_are_refused(tmp_path):
    bomb = book(
        tmp_path,
        Sheet("Data", [HEADER, *ROWS]),
        name="bomb.xlsx",
        extra_parts={"xl/media/x.bin": b"\0" * 30_000_000},
        level=9,
    )
    with pytest.raises(InputError, match="compression bomb"):
        workbook.inspect(bomb)
    laughs = book(
        tmp_path,
        Sheet("Data", [HEADER, *ROWS]),
        name="laughs.xlsx",
        workbook_prefix='<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    )
    with pytest.raises(InputError, match="declares XML entities"):
        workbook.inspect(laughs)
