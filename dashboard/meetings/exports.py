"""Files for the meeting document: the reply matrix as an XLSX workbook, and each issue's summary as Markdown and as a
Word document. Every cell and line carries the paragraph number of the source note.

Text from the data may come from an imported file: XLSX cells go through ``text.spreadsheet`` (no formula, no
character XML cannot hold), Markdown through ``text.markdown`` (inert, pastes cleanly) and Word through
``text.document``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl

from dashboard import text
from dashboard.i18n import N_, _
from dashboard.meetings.model import CATEGORIES, CATEGORY_COLOURS, NO_REPLY, Meeting, category_label
from dashboard.meetings.queries import (
    completeness,
    recommendation_counts,
    recommendation_replies,
    recommendations_by_key,
    reply_matrix,
    reply_view,
)

WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
MATRIX_HEADER_ROW = 3
RECOMMENDATION_HEADING = N_("Recommendation ({letter}), paragraph {paragraph}")
NO_REPLY_ON = N_("No reply on this recommendation: {governments}.")
REPLY_TABLE_HEADER = [N_("Paragraph"), N_("Government"), N_("Category"), N_("Summary")]  # translated where written


# ---- the XLSX matrix -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Formats:
    bold: object
    title: object
    wrap: object
    categories: dict[str, object]  # category code -> its cell format

    @classmethod
    def of(cls, workbook) -> _Formats:
        cell = {"border": 1, "text_wrap": True, "valign": "top"}
        return cls(
            bold=workbook.add_format({"bold": True, "bg_color": "#F2F2F2", **cell}),
            title=workbook.add_format({"bold": True, "font_size": 13}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
            categories={code: workbook.add_format({"bg_color": c, **cell}) for code, c in CATEGORY_COLOURS.items()},
        )


def _write(sheet, row: int, column: int, value: object, fmt=None) -> None:
    """A text cell, never a formula (``text.spreadsheet``)."""
    sheet.write_string(row, column, text.spreadsheet(value), fmt)


def _headers(sheet, row: int, names: list[str], fmt, *, first_column: int = 0) -> None:
    for j, name in enumerate(names):
        _write(sheet, row, first_column + j, name, fmt)


def _columns(sheet, widths: list[tuple[int, int, float]]) -> None:
    for first, last, width in widths:
        sheet.set_column(first, last, width)


def matrix_to_xlsx(meeting: Meeting) -> bytes:
    """The reply matrix as an XLSX workbook (bytes), for the meeting document.

    Sheets: "Matrix" (Governments x recommendations; each cell shows the category and paragraph numbers, is
    coloured by category and has the summary as a comment), "Replies" (one row per reply), "Recommendations",
    "Categories" (legend with counts) and "Meeting". Every text cell goes through ``text.spreadsheet``.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    formats = _Formats.of(workbook)
    _matrix_sheet(workbook.add_worksheet(_("Matrix")), meeting, formats)
    _replies_sheet(workbook.add_worksheet(_("Replies")), meeting, formats)
    _recommendations_sheet(workbook.add_worksheet(_("Recommendations")), meeting, formats)
    _categories_sheet(workbook.add_worksheet(_("Categories")), meeting, formats)
    _meeting_sheet(workbook.add_worksheet(_("Meeting")), meeting, formats)
    workbook.close()
    return buffer.getvalue()


def _matrix_sheet(sheet, meeting: Meeting, formats: _Formats) -> None:
    info = meeting.info
    recs = recommendations_by_key(meeting)
    header = MATRIX_HEADER_ROW
    title = _("{meeting}: replies on the recommendations of the {reviewed}").format(
        meeting=info["title"], reviewed=info["reviewed_meeting"] or ""
    )
    _write(sheet, 0, 0, title, formats.title)
    _write(
        sheet,
        1,
        0,
        _(
            "Source: {source}. Each cell: category (paragraph of the source document); the summary is in the cell's "
            "comment."
        ).format(source=info["source_citation"] or info["document_symbol"] or ""),
    )
    _headers(sheet, header, [_("Government"), "ISO3"], formats.bold)
    for j, (key, rec) in enumerate(recs.items()):
        _write(
            sheet, header, 2 + j, _("{key} para. {paragraph}").format(key=key, paragraph=rec["paragraph"]), formats.bold
        )
        sheet.write_comment(header, 2 + j, text.spreadsheet(rec["text"]), {"x_scale": 3, "y_scale": 3})
    answered_column = 2 + len(recs)
    _write(sheet, header, answered_column, _("Recommendations answered"), formats.bold)
    row_of = _matrix_cells(sheet, meeting, {key: 2 + j for j, key in enumerate(recs)}, formats)
    for done in completeness(meeting).iter_rows(named=True):
        if done["country_iso3"] in row_of:
            sheet.write_number(row_of[done["country_iso3"]], answered_column, done["recommendations_answered"])
    _columns(sheet, [(0, 0, 24), (1, 1, 6), (2, answered_column - 1, 18), (answered_column, answered_column, 14)])
    sheet.freeze_panes(header + 1, 2)


def _matrix_cells(sheet, meeting: Meeting, column_of: dict[str, int], formats: _Formats) -> dict[str, int]:
    """One row per Government below the header, one cell per recommendation; the row of each Government."""
    row_of: dict[str, int] = {}
    for cell in reply_matrix(meeting).iter_rows(named=True):
        iso3 = cell["country_iso3"]
        if iso3 not in row_of:
            row_of[iso3] = MATRIX_HEADER_ROW + 1 + len(row_of)
            _write(sheet, row_of[iso3], 0, cell["country_name"])
            _write(sheet, row_of[iso3], 1, iso3)
        row, column = row_of[iso3], column_of[cell["recommendation_key"]]
        label = cell["category_label"]
        shown = _("{category} (para. {paragraphs})").format(category=label, paragraphs=cell["paragraphs"])
        shown = shown if cell["paragraphs"] else label
        _write(sheet, row, column, shown, formats.categories.get(cell["category"]))
        if cell["summary"]:
            comment = _("Para. {paragraphs}: {summary}").format(paragraphs=cell["paragraphs"], summary=cell["summary"])
            sheet.write_comment(row, column, text.spreadsheet(comment), {"x_scale": 2.5, "y_scale": 2})
    return row_of


def _replies_sheet(sheet, meeting: Meeting, formats: _Formats) -> None:
    replies = reply_view(meeting, meeting.replies)
    headers = [
        _("Paragraph"),
        _("Issue"),
        _("Recommendation"),
        "ISO3",
        _("Government (as written)"),
        _("Category"),
        _("Summary"),
    ]
    _headers(sheet, 0, headers, formats.bold)
    for i, reply in enumerate(replies.iter_rows(named=True), start=1):
        sheet.write_number(i, 0, reply["paragraph"])
        sheet.write_number(i, 1, reply["issue_number"])
        _write(sheet, i, 2, reply["recommendation_key"])
        _write(sheet, i, 3, reply["country_iso3"])
        _write(sheet, i, 4, reply["country_name_as_written"])
        _write(sheet, i, 5, reply["category_label"], formats.categories.get(reply["category"]))
        _write(sheet, i, 6, reply["summary"], formats.wrap)
    _columns(sheet, [(0, 1, 10), (2, 3, 14), (4, 5, 22), (6, 6, 90)])
    sheet.autofilter(0, 0, max(replies.height, 1), len(headers) - 1)
    sheet.freeze_panes(1, 0)


def _recommendations_sheet(sheet, meeting: Meeting, formats: _Formats) -> None:
    _headers(sheet, 0, [_("Issue"), _("Issue title"), _("Recommendation"), _("Paragraph"), _("Text")], formats.bold)
    for i, rec in enumerate(recommendations_by_key(meeting).values(), start=1):
        sheet.write_number(i, 0, rec["issue_number"])
        _write(sheet, i, 1, rec["issue_title"], formats.wrap)
        _write(sheet, i, 2, f"({rec['recommendation_letter']})")
        sheet.write_number(i, 3, rec["paragraph"])
        _write(sheet, i, 4, rec["text"], formats.wrap)
    _columns(sheet, [(0, 0, 8), (1, 1, 40), (2, 3, 14), (4, 4, 100)])


def _categories_sheet(sheet, meeting: Meeting, formats: _Formats) -> None:
    _headers(sheet, 0, [_("Category"), _("Code"), _("Replies")], formats.bold)
    totals = dict(meeting.replies.group_by("category").len().iter_rows())
    for i, code in enumerate([*CATEGORIES, NO_REPLY], start=1):
        _write(sheet, i, 0, category_label(code), formats.categories[code])
        _write(sheet, i, 1, code)
        if code != NO_REPLY:
            sheet.write_number(i, 2, totals.get(code, 0))
    sheet.set_column(0, 1, 22)


def _meeting_sheet(sheet, meeting: Meeting, formats: _Formats) -> None:
    for i, (key, value) in enumerate(meeting.info.items()):
        _write(sheet, i, 0, key, formats.bold)
        _write(sheet, i, 1, value, formats.wrap)
    _columns(sheet, [(0, 0, 24), (1, 1, 100)])


# ---- one issue's summary -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RecommendationBlock:
    """One recommendation of an issue as its summary shows it."""

    letter: str
    paragraph: int
    text: str
    replies: int
    counts: list[tuple[str, int]]  # (category label, replies), the categories that occur
    lines: list[dict]  # paragraph, category_label, summary, governments (", "-joined): one line a paragraph
    silent: list[str]  # the replying Governments that said nothing on it

    def counts_sentence(self) -> str:
        parts = text.listed(f"{label.lower()} {text.count(n)}" for label, n in self.counts)
        replies = _("{count} replies").format(count=text.count(self.replies))
        return replies + (f": {parts}." if parts else ".")


def _issue_blocks(meeting: Meeting, issue_number: int) -> tuple[str, list[RecommendationBlock]]:
    """The issue's title and its recommendations in letter order; ``ValueError`` for an issue the meeting lacks."""
    recs = meeting.recommendations.filter(pl.col("issue_number") == issue_number).sort("recommendation_letter")
    if recs.is_empty():
        known = sorted(set(meeting.recommendations["issue_number"].to_list()))
        raise ValueError(f"issue {issue_number} is not in meeting {meeting.meeting_id} (issues: {known})")
    matrix = reply_matrix(meeting).filter(pl.col("category") == NO_REPLY)
    blocks = [_block(meeting, issue_number, rec, matrix) for rec in recs.iter_rows(named=True)]
    return str(recs["issue_title"][0] or ""), blocks


def _block(meeting: Meeting, issue_number: int, rec: dict, silent: pl.DataFrame) -> RecommendationBlock:
    letter = rec["recommendation_letter"]
    replies = recommendation_replies(meeting, issue_number, letter)
    lines = (
        replies.group_by("paragraph", "category_label", "summary", maintain_order=True)
        .agg(pl.col("country_name").str.join(", ").alias("governments"))
        .sort("paragraph")
        .to_dicts()
    )
    counts = recommendation_counts(meeting, issue_number, letter).filter(pl.col("category") != NO_REPLY)
    here = (pl.col("issue_number") == issue_number) & (pl.col("recommendation_letter") == letter)
    return RecommendationBlock(
        letter=letter,
        paragraph=rec["paragraph"],
        text=rec["text"],
        replies=replies.height,
        counts=list(counts.select("category_label", "count").iter_rows()),
        lines=lines,
        silent=silent.filter(here)["country_name"].to_list(),
    )


def _source_sentence(meeting: Meeting, escape) -> str:
    info = meeting.info
    source = info["source_citation"] or info["document_symbol"] or ""
    return _("{title}. Source: {source}; numbers are the paragraphs of the source document.").format(
        title=escape(info["title"]), source=escape(source)
    )


def issue_summary_markdown(meeting: Meeting, issue_number: int) -> str:
    """A Markdown summary of one issue for the meeting document: each recommendation with its paragraph number and
    text, the counts by category, and a table of replies (paragraph, Government(s), category, summary), where a
    paragraph naming several Governments is one line. All text from the data is escaped, so it pastes cleanly."""
    issue_title, blocks = _issue_blocks(meeting, issue_number)

    def md(value: object) -> str:
        return text.markdown(value, file=True)

    out = ["# " + _("Issue {number}. {title}").format(number=issue_number, title=md(issue_title))]
    out += ["", _source_sentence(meeting, md), ""]
    for block in blocks:
        out += [
            "## " + _(RECOMMENDATION_HEADING).format(letter=block.letter, paragraph=block.paragraph),
            "",
            f"> {block.paragraph}. {md(block.text)}",
            "",
            block.counts_sentence(),
            "",
            "| " + " | ".join(_(name) for name in REPLY_TABLE_HEADER) + " |",
            "| ---: | --- | --- | --- |",
        ]
        out += [
            f"| {line['paragraph']} | {md(line['governments'])} | {md(line['category_label'])} "
            f"| {md(line['summary'])} |"
            for line in block.lines
        ]
        if block.silent:
            out += ["", _(NO_REPLY_ON).format(governments=md(text.listed(block.silent)))]
        out.append("")
    return "\n".join(out)


def issue_summary_docx(meeting: Meeting, issue_number: int) -> bytes:
    """The same summary as ``issue_summary_markdown`` as a Word document (bytes): headings, the recommendation
    text, the counts, and a table of replies whose first column is the paragraph number."""
    from docx import Document

    issue_title, blocks = _issue_blocks(meeting, issue_number)
    document = Document()
    heading = text.document(_("Issue {number}. {title}").format(number=issue_number, title=issue_title))
    document.core_properties.title = heading
    document.add_heading(heading, level=1)
    document.add_paragraph(text.document(_source_sentence(meeting, str)))
    for block in blocks:
        document.add_heading(_(RECOMMENDATION_HEADING).format(letter=block.letter, paragraph=block.paragraph), level=2)
        quote = document.add_paragraph()
        quote.add_run(f"{block.paragraph}. ").bold = True
        quote.add_run(text.document(block.text)).italic = True
        document.add_paragraph(block.counts_sentence())
        _reply_table(document, block)
        if block.silent:
            document.add_paragraph(text.document(_(NO_REPLY_ON).format(governments=text.listed(block.silent))))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _reply_table(document, block: RecommendationBlock) -> None:
    """The replies of one recommendation as a Word table in 9-point type, the paragraph number first."""
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(REPLY_TABLE_HEADER))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, REPLY_TABLE_HEADER, strict=True):
        cell.text = _(name)
        cell.paragraphs[0].runs[0].bold = True
    for line in block.lines:
        values = [str(line["paragraph"]), line["governments"], line["category_label"], line["summary"]]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = text.document(value)
    runs = (run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs)
    for run in runs:
        run.font.size = Pt(9)
