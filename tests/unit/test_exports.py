import io

import openpyxl
import polars as pl

from dashboard.exports import csv_bytes, neutralise_formulas, xlsx_bytes

HOSTILE = pl.DataFrame(
    {
        "name": ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "plain", None],
        "value": [-1.0, 2.0, -3.5, 4.0, 5.0, 6.0, 7.0],
    }
)


def test_formula_triggers_are_neutralised_but_numbers_are_not():
    safe = neutralise_formulas(HOSTILE)
    assert safe["name"].to_list()[:5] == ["'" + v for v in HOSTILE["name"].to_list()[:5]]
    assert safe["name"][5] == "plain" and safe["name"][6] is None
    assert safe["value"].to_list() == HOSTILE["value"].to_list()


def test_csv_has_bom_notes_and_no_live_formula():
    text = csv_bytes(HOSTILE, header_lines=["Source: test", "Unit: kg"]).decode("utf-8")
    assert text.startswith("\ufeff# Source: test\n# Unit: kg\n")
    for line in text.splitlines()[3:]:
        assert not line.startswith(("=", "+", "@", "\t")), line
    assert '"\'=HYPERLINK(""http://x"")"' in text


def test_xlsx_cells_are_text_not_formulas():
    data = xlsx_bytes({"Seizures": HOSTILE}, notes=["Source: test"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "Seizures"]
    cells = [row[0] for row in book["Seizures"].iter_rows(min_row=2, values_only=True)]
    assert cells[0] == '\'=HYPERLINK("http://x")'
    for cell in book["Seizures"]["A"]:
        assert cell.data_type != "f"
