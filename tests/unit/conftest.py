"""Fixtures shared by the unit tests: the tiny fixture meeting and the shipped HONLEA 14 note."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.meetings import SHIPPED_MEETINGS_DIR, Meeting, load_meeting

MEETING_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


@pytest.fixture(scope="module")
def tiny() -> Meeting:
    return load_meeting(MEETING_FIXTURES / "tiny_meeting_2024")


@pytest.fixture(scope="module")
def honlea() -> Meeting:
    return load_meeting(SHIPPED_MEETINGS_DIR / "honlea_europe_14_2022")
