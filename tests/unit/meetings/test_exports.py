"""The files for the meeting document: the XLSX matrix, and each issue's Markdown and Word summary."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest
from docx import Document

from dashboard.meetings import (
    Meeting,
    issue_summary_docx,
    issue_summary_markdown,
    matrix_to_xlsx,
)
from dashboard.text import FORMULA_TRIGGERS as FORMULA_STARTS


def _hostile(tiny: Meeting) -> Meeting:
    """The tiny meeting with TAB- and CR-led summaries, which CSV loading would strip."""
    replies = tiny.replies.with_columns(
        pl.when(pl.col("paragraph") == 11)
        .then(pl.lit("\t=cmd tab"))
        .when(pl.col("paragraph") == 12)
        .then(pl.lit("\r=cmd cr"))
        .otherwise(pl.col("summary"))
        .alias("summary")
    )
    return Meeting(meeting=tiny.meeting, recommendations=tiny.recommendations, replies=replies)


def test_xlsx_opens_and_neutralises_formulas(tiny: Meeting) -> None:
    data = matrix_to_xlsx(_hostile(tiny))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Matrix", "Replies", "Recommendations", "Categories", "Meeting"]
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), f"{sheet.title}!{cell.coordinate}"
                    texts.append(cell.value)
                if cell.comment is not None:
                    assert not cell.comment.text.startswith(FORMULA_STARTS)
    assert '\'=HYPERLINK("http://evil.example","click")' in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'@SUM(A1:A2)" in texts
    assert "'\t'=cmd tab" in texts  # a TAB also splits a pasted cell: the piece after it is neutralised too
    # xlsxwriter stores CR as _x000D_, which Excel reads back as CR and openpyxl leaves as is: the quote comes first
    assert any(t in texts for t in ("'\r'=cmd cr", "'_x000D_'=cmd cr"))  # a CR splits a pasted cell too
    assert "'=Governments were encouraged to test, with a leading equals sign." in texts


def test_xlsx_matrix_cells_carry_category_and_paragraph(tiny: Meeting) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(matrix_to_xlsx(tiny)))["Matrix"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["France"][1] == "FRA"
    assert rows["France"][2] == "Action reported (para. 5)"
    assert rows["France"][3] == "No jurisdiction (para. 8; 9)"
    assert rows["Spain"][3] == "No reply"
    assert rows["France"][5] == 2  # recommendations answered
    header = [c.value for c in sheet[4]]
    assert header[2:5] == ["1(a) para. 4", "1(b) para. 7", "2(a) para. 10"]
    assert "Para. 5:" in sheet.cell(row=rows_index(sheet, "France"), column=3).comment.text


def rows_index(sheet, name: str) -> int:
    for row in sheet.iter_rows(min_row=1):
        if row[0].value == name:
            return row[0].row
    raise AssertionError(name)


def test_markdown_summary_has_paragraph_numbers_and_escapes(tiny: Meeting) -> None:
    text = issue_summary_markdown(tiny, 1)
    assert text.startswith("# Issue 1. First issue \\| with a pipe")
    assert "## Recommendation (a), paragraph 4" in text
    assert "## Recommendation (b), paragraph 7" in text
    assert "> 4. Governments were encouraged to test the first thing." in text  # few backslashes: pastes cleanly
    assert "| 5 | France, Germany |" not in text  # different summaries stay on separate lines
    assert "| 5 | France | Action reported |" in text
    assert "\\*stars\\* \\_under\\_ \\<b\\>bold\\</b\\> \\| pipe" in text
    assert "<b>" not in text and "http://" not in text  # no tag, and an address from the data is no link
    assert "No reply on this recommendation: Germany, Spain." in text
    assert "3 replies: action reported 2, action planned 1." in text
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Paragraph") and not line.startswith("| ---"):
            assert line.count(" | ") == 3, line  # escaped pipes never split a cell


def test_markdown_groups_a_paragraph_naming_several_governments(honlea: Meeting) -> None:
    text = issue_summary_markdown(honlea, 4)
    line = next(ln for ln in text.splitlines() if ln.startswith("| 292 |"))
    assert "Belarus, Belgium, Bulgaria" in line and "Tajikistan" in line


def test_docx_summary_has_paragraph_numbers(tiny: Meeting) -> None:
    document = Document(io.BytesIO(issue_summary_docx(_hostile(tiny), 2)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Issue 2. Second issue" in text
    assert "Recommendation (a), paragraph 10" in text
    assert "10. =Governments were encouraged" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Paragraph", "Government", "Category", "Summary"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["11", "12"]
    assert [r.cells[1].text for r in table.rows[1:]] == ["Germany", "Spain"]


def test_summaries_reject_an_unknown_issue(tiny: Meeting) -> None:
    with pytest.raises(ValueError, match="issue 9"):
        issue_summary_markdown(tiny, 9)
    with pytest.raises(ValueError, match="issue 9"):
        issue_summary_docx(tiny, 9)
