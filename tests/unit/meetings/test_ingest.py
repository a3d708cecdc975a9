"""The importer of other meetings' reply files (``dashboard.ingest.meetings.import_replies``), and the resolution of
the Governments they name."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from dashboard.ingest.meetings import import_replies
from dashboard.ingest.report import InputError
from dashboard.meetings import REPLY_SCHEMA, Meeting, list_shipped_meetings, load_meeting, resolve_country
from dashboard.schema import QUARANTINE_SCHEMA
from tests.conftest import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "meetings"


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


@pytest.mark.parametrize(
    ("value", "iso3"),
    [
        ("the Russian Federation", "RUS"),
        ("The Republic of Moldova", "MDA"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("czechia", "CZE"),
        ("DEU", "DEU"),
        ("swe", "SWE"),
        ("Republic of Moldova", "MDA"),
        ("Kyrgyz Republic", "KGZ"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
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
