"""Imported meetings in the store: import_meeting, store_meeting, list/load, and the CLI's import-meeting."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from dashboard import cli
from dashboard.ingest.meetings import import_meeting, store_meeting
from dashboard.ingest.report import InputError
from dashboard.meetings import (
    Meeting,
    MeetingDataError,
    is_stored_meeting,
    list_stored_meetings,
    load_meeting,
    load_stored_meeting,
    stored_meeting_imports,
)
from dashboard.store import Store
from tests.conftest import FIXTURES as FIXTURES_ROOT
from tests.conftest import REPO_ROOT

FIXTURES = FIXTURES_ROOT / "meetings"
TINY = FIXTURES / "tiny_meeting_2024"
HEADER = "meeting_id,issue_number,recommendation_letter,country_iso3,country_name_as_written,paragraph,summary,category"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


def test_import_a_meeting_folder(store: Store) -> None:
    result = import_meeting(TINY, store)
    report = result.replies.report
    assert report.balanced and report.rows_read == 7 and report.rows_stored == 7
    assert result.directory == store.root / "meetings" / "tiny_meeting_2024"
    assert is_stored_meeting("tiny_meeting_2024", store)
    listed = list_stored_meetings(store)
    assert listed["meeting_id"].to_list() == ["tiny_meeting_2024"]
    assert listed["replies"].to_list() == [7]
    stored = load_stored_meeting("tiny_meeting_2024", store)
    shipped = load_meeting(TINY)
    assert stored.replies.equals(shipped.replies)
    assert stored.recommendations.equals(shipped.recommendations)
    assert stored.info == shipped.info
    assert "rows read 7 = stored 7 + quarantined 0" in result.summary()
    assert not [p for p in (store.root / "meetings").iterdir() if p.name.startswith(".")]  # no work left over


def test_importing_again_counts_duplicates_and_keeps_every_report(store: Store) -> None:
    import_meeting(TINY, store)
    again = import_meeting(TINY, store)
    assert again.replies.report.rows_stored == 0
    assert again.replies.report.duplicates_skipped == 7
    assert load_stored_meeting("tiny_meeting_2024", store).replies.height == 7
    imports = stored_meeting_imports("tiny_meeting_2024", store)
    assert [r["rows_stored"] for r in imports] == [7, 0]
    assert all(r["imported_at"] and r["rows_read"] == 7 for r in imports)


def test_replies_without_meeting_files_are_added_to_the_stored_meeting(store: Store, tmp_path: Path) -> None:
    import_meeting(TINY, store)
    extra = tmp_path / "more" / "late_replies.csv"
    extra.parent.mkdir()
    extra.write_text(
        HEADER + "\n"
        "tiny_meeting_2024,2,a,ITA,Italy,12,A late reply from Italy.,action_planned\n"
        "tiny_meeting_2024,1,a,FRA,France,5,Not the stored text.,action_reported\n"
        "tiny_meeting_2024,1,z,ITA,Italy,13,No such recommendation.,action_reported\n",
        encoding="utf-8",
    )
    result = import_meeting(extra, store)
    report = result.replies.report
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (3, 1, 2)
    meeting = load_stored_meeting("tiny_meeting_2024", store)
    assert meeting.replies.height == 8
    assert "ITA" in meeting.replies["country_iso3"].to_list()
    lines = result.summary().splitlines()
    assert any(line.startswith("  row 3, paragraph:") for line in lines)
    assert any(line.startswith("  row 4, recommendation_letter:") for line in lines)
    quarantine_files = list((store.root / "meetings" / "tiny_meeting_2024" / "quarantine").glob("*.parquet"))
    assert sum(pl.read_parquet(p).height for p in quarantine_files) == 2


def test_meeting_files_beside_an_xlsx_reply_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "other_meeting"
    shutil.copytree(TINY, folder)
    meeting_csv = (folder / "meeting.csv").read_text(encoding="utf-8").replace("tiny_meeting_2024", "other_2025")
    (folder / "meeting.csv").write_text(meeting_csv.replace("FRA;DEU;ESP;ITA,FRA;DEU;ESP", ","), encoding="utf-8")
    for name in ("recommendations.csv", "replies.csv"):
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("tiny_meeting_2024", "other_2025"), encoding="utf-8")
    replies = pl.read_csv(folder / "replies.csv", infer_schema=False)
    (folder / "replies.csv").unlink()
    replies.write_excel(folder / "replies.xlsx")
    result = import_meeting(folder / "replies.xlsx", store)
    assert result.replies.report.rows_stored == 7
    meeting = load_stored_meeting("other_2025", store)
    assert meeting.invited_iso3 is None
    assert meeting.replying_iso3 == ["DEU", "FRA", "ESP"]  # derived from the replies: paragraph, then code


def test_refusals_are_one_line_input_errors(store: Store, tmp_path: Path) -> None:
    shipped = REPO_ROOT / "data" / "meetings" / "honlea_europe_14_2022"
    with pytest.raises(InputError, match="shipped with the dashboard"):
        import_meeting(shipped, store)
    with pytest.raises(InputError, match="no such file"):
        import_meeting(tmp_path / "missing.csv", store)
    with pytest.raises(InputError, match="meeting.csv"):
        import_meeting(FIXTURES / "replies_good.csv", store)  # no meeting files beside it, nothing stored
    with pytest.raises(InputError, match="required columns missing"):
        import_meeting(FIXTURES / "replies_missing_column.csv", store, meeting_dir=TINY)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="folder holds none"):
        import_meeting(empty, store)
    assert list_stored_meetings(store).is_empty()


def test_store_meeting_refuses_an_unsound_meeting_and_keeps_the_old_one(store: Store) -> None:
    good = load_meeting(TINY)
    store_meeting(good, store)
    bad_replies = good.replies.with_columns(pl.lit("nonsense").alias("category"))
    broken = Meeting(good.meeting, good.recommendations, bad_replies)
    with pytest.raises(MeetingDataError):
        store_meeting(broken, store)
    assert load_stored_meeting("tiny_meeting_2024", store).replies.equals(good.replies)
    with pytest.raises(MeetingDataError):
        load_stored_meeting("../escape", store)


def test_cli_import_meeting(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(store.root), "import-meeting", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert "rows read 7 = stored 7 + quarantined 0 + exact duplicates skipped 0" in out
    status = cli.main(
        ["--data-dir", str(store.root), "import-meeting", str(FIXTURES / "replies_bad.csv"), "--meeting-dir", str(TINY)]
    )
    captured = capsys.readouterr()
    assert status == 0
    assert "row 4, category: unknown category 'maybe'" in captured.out
    assert cli.main(["--data-dir", str(store.root), "import-meeting", "no-such-file.csv"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: no-such-file.csv:") and len(error.strip().splitlines()) == 1
