"""Meeting folders: loading, validating and writing shipped meetings, and the catalogue of meetings on offer."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from dashboard.meetings import (
    REPLY_SCHEMA,
    CatalogueEntry,
    Meeting,
    MeetingDataError,
    catalogue,
    folder_signature,
    list_shipped_meetings,
    load_meeting,
    meetings_on_offer,
    open_entry,
    validate_meeting,
    write_meeting,
)
from tests.conftest import FIXTURES

TINY = FIXTURES / "meetings" / "tiny_meeting_2024"


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


# ---- the catalogue -------------------------------------------------------------------------------------------------
def rows(*meetings: tuple[str, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "meeting_id": [m for m, _ in meetings],
            "title": [f"Meeting {m}" for m, _ in meetings],
            "place": ["Vienna"] * len(meetings),
            "start_date": [d for _, d in meetings],
            "directory": [f"/data/{m}" for m, _ in meetings],
        },
        schema_overrides={"start_date": pl.String},
    )


def test_catalogue_is_newest_first_and_an_import_stands_in_for_a_shipped_meeting() -> None:
    stored = rows(("b", "2023-01-01"))
    shipped = rows(("a", "2021-05-01"), ("b", "2023-01-01"), ("c", None))
    entries = catalogue(stored, shipped)
    assert list(entries) == ["b", "a", "c"]
    assert entries["b"] == CatalogueEntry("b", "imported", "/data/b", "Meeting b", "Vienna", "2023-01-01")
    assert entries["a"].kind == "shipped" and entries["a"].directory == "/data/a"
    assert catalogue(rows(), rows()) == {}


def test_meetings_on_offer_opens_the_shipped_note(tmp_path: Path) -> None:
    offered = meetings_on_offer(tmp_path / "empty-store")
    entry = offered["honlea_europe_14_2022"]
    assert entry.kind == "shipped" and entry.start_date == dt.date(2022, 9, 12)
    assert open_entry(entry).replies.height == 296


def test_folder_signature_changes_with_a_file(tmp_path: Path) -> None:
    (tmp_path / "meeting.csv").write_text("a")
    before = folder_signature(tmp_path)
    assert [name for name, *_ in before] == ["meeting.csv"]
    (tmp_path / "meeting.csv").write_text("ab")
    os.utime(tmp_path / "meeting.csv", ns=(1, 1))
    assert folder_signature(tmp_path) != before
