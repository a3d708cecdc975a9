"""Meeting follow-up tracker: loading, queries, exports and the reply importer, on tiny fixtures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter
from docx import Document

from dashboard import meetings as meetings_module
from dashboard.ingest.meetings import import_replies
from dashboard.ingest.report import InputError
from dashboard.meetings import (
    CATEGORIES,
    NO_REPLY,
    REPLY_SCHEMA,
    Meeting,
    MeetingDataError,
    category_counts,
    completeness,
    country_replies,
    governments,
    issue_summary_docx,
    issue_summary_markdown,
    list_shipped_meetings,
    load_meeting,
    matrix_to_xlsx,
    recommendation_replies,
    reply_matrix,
    reply_matrix_wide,
    resolve_country,
    search_replies,
    spreadsheet_safe,
    validate_meeting,
    write_meeting,
)
from dashboard.schema import QUARANTINE_SCHEMA
from tests.conftest import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "meetings"
TINY = FIXTURES / "tiny_meeting_2024"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture()
def tiny() -> Meeting:
    return load_meeting(TINY)


# ---- loading and validation -------------------------------------------------------------------------------------


def test_tiny_meeting_loads(tiny: Meeting) -> None:
    assert tiny.meeting_id == "tiny_meeting_2024"
    assert tiny.replying_iso3 == ["FRA", "DEU", "ESP"]
    assert tiny.invited_iso3 == ["FRA", "DEU", "ESP", "ITA"]
    assert tiny.recommendations.height == 3
    assert tiny.replies.height == 7
    assert tiny.replies.schema == pl.Schema(REPLY_SCHEMA)
    assert validate_meeting(tiny) == []


def test_validation_finds_broken_data(tiny: Meeting, tmp_path: Path) -> None:
    broken = Meeting(
        meeting=tiny.meeting,
        recommendations=tiny.recommendations,
        replies=pl.concat(
            [
                tiny.replies.with_columns(pl.lit("unheard_of").alias("category")).head(1),
                tiny.replies.with_columns(pl.lit("z").alias("recommendation_letter")).slice(1, 1),
                tiny.replies.with_columns(pl.lit(4, dtype=pl.Int64).alias("paragraph")).slice(2, 1),
            ]
        ),
    )
    problems = " ".join(validate_meeting(broken))
    assert "unknown categories ['unheard_of']" in problems
    assert "refer to no recommendation" in problems
    assert "are recommendation paragraphs" in problems
    with pytest.raises(MeetingDataError):
        write_meeting(broken, tmp_path / "broken")


def test_load_names_the_bad_cell(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("meeting.csv", "recommendations.csv"):
        (folder / name).write_bytes((TINY / name).read_bytes())
    text = (TINY / "replies.csv").read_text(encoding="utf-8").replace(",5,", ",five,", 1)
    (folder / "replies.csv").write_text(text, encoding="utf-8")
    with pytest.raises(MeetingDataError, match=r"replies.csv: row 2, column paragraph"):
        load_meeting(folder)


def test_write_then_load_round_trips(tiny: Meeting, tmp_path: Path) -> None:
    write_meeting(tiny, tmp_path / "copy")
    again = load_meeting(tmp_path / "copy")
    assert again.replies.equals(tiny.replies)
    assert again.meeting.equals(tiny.meeting)


def test_shipped_meetings_are_listed_and_load() -> None:
    shipped = list_shipped_meetings()
    assert "honlea_europe_14_2022" in shipped["meeting_id"].to_list()
    for directory in shipped["directory"]:
        assert validate_meeting(load_meeting(directory)) == []


def test_list_shipped_meetings_of_an_empty_folder(tmp_path: Path) -> None:
    assert list_shipped_meetings(tmp_path).is_empty()
    assert "directory" in list_shipped_meetings(tmp_path / "absent").columns


# ---- queries ----------------------------------------------------------------------------------------------------


def test_reply_matrix_covers_every_country_and_recommendation(tiny: Meeting) -> None:
    matrix = reply_matrix(tiny)
    assert matrix.height == 3 * 3
    assert matrix.select(pl.struct("country_iso3", "recommendation_key").is_unique().all()).item()
    cell = matrix.filter((pl.col("country_iso3") == "FRA") & (pl.col("recommendation_key") == "1(b)")).row(
        0, named=True
    )
    assert cell["category"] == "no_jurisdiction"  # the first paragraph decides
    assert cell["paragraph"] == 8
    assert cell["paragraphs"] == "8; 9"
    assert cell["reply_count"] == 2
    silent = matrix.filter((pl.col("country_iso3") == "ESP") & (pl.col("recommendation_key") == "1(b)")).row(
        0, named=True
    )
    assert silent["category"] == NO_REPLY and silent["paragraph"] is None and silent["summary"] == ""


def test_reply_matrix_can_add_invited_non_replying_governments(tiny: Meeting) -> None:
    matrix = reply_matrix(tiny, include_invited=True)
    italy = matrix.filter(pl.col("country_iso3") == "ITA")
    assert italy.height == 3
    assert set(italy["category"]) == {NO_REPLY}
    assert italy["replied"].to_list() == [False] * 3
    assert governments(tiny).filter(pl.col("country_iso3") == "ITA")["invited"].to_list() == [True]


def test_wide_matrix_has_one_column_per_recommendation(tiny: Meeting) -> None:
    wide = reply_matrix_wide(tiny)
    assert wide.columns == ["country_iso3", "country_name", "1(a)", "1(b)", "2(a)"]
    assert wide.filter(pl.col("country_iso3") == "DEU")["2(a)"].item() == "view_expressed"
    with pytest.raises(ValueError):
        reply_matrix_wide(tiny, value="country_iso3")


def test_category_counts_are_complete_and_add_up(tiny: Meeting) -> None:
    counts = category_counts(tiny)
    assert counts.height == 3 * (len(CATEGORIES) + 1)
    replied = counts.filter(pl.col("category") != NO_REPLY)["count"].sum()
    assert replied == tiny.replies.height
    one_a = dict(counts.filter(pl.col("recommendation_key") == "1(a)").select("category", "count").iter_rows())
    assert one_a["action_reported"] == 2 and one_a["action_planned"] == 1 and one_a[NO_REPLY] == 0
    assert category_counts(tiny, include_no_reply=False).filter(pl.col("category") == NO_REPLY).is_empty()


def test_country_and_recommendation_replies(tiny: Meeting) -> None:
    france = country_replies(tiny, "fra")
    assert france["paragraph"].to_list() == [5, 8, 9]
    assert france["recommendation_key"].to_list() == ["1(a)", "1(b)", "1(b)"]
    assert country_replies(tiny, "ITA").is_empty()
    assert country_replies(tiny, "ITA").columns == france.columns
    assert recommendation_replies(tiny, 1, "a")["country_iso3"].to_list() == ["FRA", "DEU", "ESP"]


@pytest.mark.parametrize(
    ("query", "paragraphs"),
    [
        (".*", [9]),  # a regex would match everything; literally it is only in paragraph 9
        ("(brackets)", [9]),
        ("[a-z]+", []),
        ("(", [5, 8, 9]),
        ("türkiye", [11]),  # case-insensitive, beyond ASCII
        ("SUM(A1", [8]),
        ("spain", [6, 12]),  # Government names are searched too
        ("  ", [5, 5, 6, 8, 9, 11, 12]),  # blank: everything
        ("\x00.*\x07", [9]),  # control characters are dropped
        ("x" * 10_000, []),
    ],
)
def test_search_is_literal_and_case_insensitive(tiny: Meeting, query: str, paragraphs: list[int]) -> None:
    assert search_replies(tiny, query)["paragraph"].to_list() == paragraphs


def test_search_filters(tiny: Meeting) -> None:
    assert search_replies(tiny, "", issue_number=2)["paragraph"].to_list() == [11, 12]
    assert search_replies(tiny, "", recommendation_letter="b")["paragraph"].to_list() == [8, 9]
    assert search_replies(tiny, "", category="action_planned")["paragraph"].to_list() == [6]


def test_completeness(tiny: Meeting) -> None:
    table = {r["country_iso3"]: r for r in completeness(tiny).iter_rows(named=True)}
    assert table["FRA"]["recommendations_answered"] == 2
    assert table["FRA"]["recommendations_substantive"] == 2
    assert table["FRA"]["replies"] == 3
    assert table["DEU"]["recommendations_substantive"] == 1
    assert table["ESP"]["completeness"] == pytest.approx(2 / 3)
    assert "ITA" not in table
    assert completeness(tiny, include_invited=True).filter(pl.col("country_iso3") == "ITA")["completeness"].item() == 0


# ---- exports ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("plain", "plain"),
        (None, ""),
        ("bell\x07", "bell"),
    ],
)
def test_spreadsheet_safe(value: str | None, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


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
    assert "'\t=cmd tab" in texts
    # xlsxwriter stores CR as _x000D_, which Excel reads back as CR and openpyxl leaves as is: the quote comes first
    assert any(t in texts for t in ("'\r=cmd cr", "'_x000D_=cmd cr"))
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
    assert "> 4. Governments were encouraged to test the first thing." in text
    assert "| 5 | France, Germany |" not in text  # different summaries stay on separate lines
    assert "| 5 | France | Action reported |" in text
    assert "| 6 | Spain | Action planned | \\-2" not in text  # a leading dash needs no escape inside a table
    assert "\\*stars\\* \\_under\\_ \\<b\\>bold\\</b\\> \\| pipe" in text
    assert "No reply on this recommendation: Germany, Spain." in text
    assert "3 replies: action reported 2, action planned 1." in text
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Paragraph") and not line.startswith("| ---"):
            assert line.count(" | ") == 3, line  # escaped pipes never split a cell


def test_markdown_groups_a_paragraph_naming_several_governments() -> None:
    shipped = load_meeting(
        list_shipped_meetings().filter(pl.col("meeting_id") == "honlea_europe_14_2022")["directory"].item()
    )
    text = issue_summary_markdown(shipped, 4)
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


# ---- importer ---------------------------------------------------------------------------------------------------


def test_import_good_csv() -> None:
    result = import_replies(FIXTURES / "replies_good.csv")
    report = result.report
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (7, 5, 0, 2)
    assert report.balanced
    assert result.quarantine.is_empty()
    replies = result.replies
    assert replies.schema == pl.Schema(REPLY_SCHEMA)
    assert replies.select("paragraph", "country_iso3").rows() == [
        (5, "DEU"),
        (5, "FRA"),
        (6, "ESP"),
        (11, "DEU"),
        (12, "ESP"),
    ]
    germany = replies.row(0, named=True)
    assert germany["recommendation_letter"] == "a" and germany["category"] == "action_reported"
    assert replies.filter(pl.col("paragraph") == 6)["recommendation_letter"].item() == "a"


def _write_xlsx(csv_path: Path, target: Path, numbers: bool = True) -> Path:
    """The CSV fixture as a workbook with a title row above the header; numbers as numeric cells."""
    frame = pl.read_csv(csv_path, infer_schema=False)
    workbook = xlsxwriter.Workbook(target, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("replies")
    sheet.write_string(0, 0, "Replies of a test meeting")
    for j, name in enumerate(frame.columns):
        sheet.write_string(1, j, name)
    for i, row in enumerate(frame.iter_rows(), start=2):
        for j, value in enumerate(row):
            if value is None:
                continue
            if numbers and value.isdigit():
                sheet.write_number(i, j, int(value))
            else:
                sheet.write_string(i, j, value)
    workbook.close()
    return target


def test_import_good_xlsx_matches_csv(tmp_path: Path) -> None:
    path = _write_xlsx(FIXTURES / "replies_good.csv", tmp_path / "replies_good.xlsx")
    result = import_replies(path)
    assert result.report.format == "meeting replies (xlsx)"
    assert result.report.rows_read == 7 and result.report.rows_stored == 5 and result.report.duplicates_skipped == 2
    assert result.replies.equals(import_replies(FIXTURES / "replies_good.csv").replies)


def _problems(quarantine: pl.DataFrame) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for row in quarantine.iter_rows(named=True):
        out.setdefault(row["row"], set()).add(row["column"])
    return out


def test_import_bad_csv_quarantines_each_problem() -> None:
    result = import_replies(FIXTURES / "replies_bad.csv")
    report, quarantine = result.report, result.quarantine
    assert quarantine.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert set(quarantine["file"]) == {"replies_bad.csv"}
    assert _problems(quarantine) == {
        3: {"summary"},
        4: {"category"},
        5: {"paragraph"},
        6: {"country_iso3", "country_name_as_written"},
        7: {"country_iso3"},
        8: {"recommendation_letter"},
        9: {"meeting_id"},
        10: {"issue_number"},
        11: {"paragraph"},
        14: {"(row)"},
    }
    reasons = {(r["row"], r["column"]): r["reason"] for r in quarantine.iter_rows(named=True)}
    assert reasons[(3, "summary")] == "required value missing"
    assert reasons[(4, "category")].startswith("unknown category 'maybe'")
    assert reasons[(5, "paragraph")] == "not a whole number above 0: '12a'"
    assert reasons[(6, "country_iso3")] == "unknown country 'XXX'"
    assert "does not match country name 'Germany'" in reasons[(7, "country_iso3")]
    assert "row 2" in reasons[(11, "paragraph")]
    raw = json.loads(quarantine.filter(pl.col("row") == 4)["raw"].item())
    assert raw["category"] == "maybe"  # nothing of the rejected row is lost
    assert (report.rows_read, report.rows_stored, report.rows_quarantined, report.duplicates_skipped) == (13, 3, 10, 0)
    assert report.balanced
    assert sorted(result.replies["paragraph"].to_list()) == [4, 5, 9]


def test_import_checks_recommendations_when_given(tiny: Meeting) -> None:
    result = import_replies(FIXTURES / "replies_bad.csv", recommendations=tiny.recommendations)
    problems = _problems(result.quarantine)
    assert problems[12] == {"recommendation_letter"}
    assert problems[13] == {"paragraph"}
    assert result.report.rows_stored == 1 and result.report.rows_quarantined == 12
    assert result.report.balanced


def test_import_counts_stored_replies_as_duplicates() -> None:
    first = import_replies(FIXTURES / "replies_good.csv")
    again = import_replies(FIXTURES / "replies_good.csv", existing=first.replies)
    assert (again.report.rows_stored, again.report.duplicates_skipped, again.report.rows_quarantined) == (0, 7, 0)
    changed = first.replies.with_columns(pl.lit("Other words.").alias("summary")).head(1)
    conflict = import_replies(FIXTURES / "replies_good.csv", existing=changed)
    assert conflict.report.rows_quarantined == 1
    assert "a reply already stored" in conflict.quarantine["reason"].item()
    assert conflict.report.balanced


@pytest.mark.parametrize(
    ("value", "iso3"),
    [
        ("the Russian Federation", "RUS"),
        ("The Republic of Moldova", "MDA"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("czechia", "CZE"),
        ("DEU", "DEU"),
        ("Atlantis", None),
        ("XXX", None),
        ("Unknown", None),  # a placeholder, not a Government
        ("Other", None),
        ("", None),
        (None, None),
    ],
)
def test_resolve_country(value: str | None, iso3: str | None) -> None:
    assert resolve_country(value) == iso3


def test_resolve_country_without_the_country_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meetings_module, "_shared_resolve_iso3", None)
    assert resolve_country("the Russian Federation") == "RUS"
    assert resolve_country("Turkey") == "TUR"
    assert resolve_country("Republic of Moldova") == "MDA"
    assert resolve_country("swe") == "SWE"
    assert resolve_country("Atlantis") is None


def test_import_rejects_a_file_without_a_required_column() -> None:
    with pytest.raises(InputError, match="required columns missing: category"):
        import_replies(FIXTURES / "replies_missing_column.csv")


def test_import_rejects_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_replies(tmp_path / "absent.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        import_replies(tmp_path / "empty.csv")


def test_shipped_replies_pass_the_importer(tmp_path: Path) -> None:
    shipped = Path(list_shipped_meetings().filter(pl.col("meeting_id") == "honlea_europe_14_2022")["directory"].item())
    meeting = load_meeting(shipped)
    result = import_replies(shipped / "replies.csv", recommendations=meeting.recommendations)
    assert result.report.rows_quarantined == 0, result.quarantine.head(5)
    assert result.report.rows_stored == meeting.replies.height
    assert result.replies.equals(meeting.replies.sort("meeting_id", "paragraph", "country_iso3"))
