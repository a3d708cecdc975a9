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


OPEN, CLOSE = "⟦", "⟧"


class _Marked:
    """A catalogue that wraps every message it is asked for in ⟦ ⟧: what reaches the output unwrapped never went
    through gettext (the English catalogue entries are translated later, so a French catalogue cannot tell)."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return f"{OPEN}{singular if count == 1 else plural}{CLOSE}"


@pytest.fixture()
def marked_fr(monkeypatch):
    """French with a marking catalogue: every translated message comes out as ⟦message⟧."""
    from dashboard import i18n

    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda lang: _Marked() if lang == "fr" else real(lang))
    with i18n.using("fr"):
        yield
