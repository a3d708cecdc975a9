"""Every download of a public view says so in its note lines; a restricted view's notes are left as they are."""

from __future__ import annotations

from dashboard.ui.audience import download_notes, public_view


def test_public_downloads_say_they_are_public(monkeypatch):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    monkeypatch.setenv("DASHBOARD_MIN_CELL", "5")
    assert public_view()
    notes = download_notes(["Source: UNODC"])
    assert notes[0] == "Source: UNODC" and notes[1].startswith("Public view: aggregates only")
    assert "fewer than 5 case records" in notes[1]
    assert download_notes(notes) == notes  # said once


def test_restricted_downloads_are_left_alone(monkeypatch):
    monkeypatch.delenv("DASHBOARD_PUBLIC", raising=False)
    monkeypatch.delenv("DASHBOARD_TRUSTED_HEADER", raising=False)
    assert not public_view()
    assert download_notes(["Source: UNODC"]) == ["Source: UNODC"]


def test_behind_a_login_a_session_without_headers_is_public(monkeypatch):
    monkeypatch.delenv("DASHBOARD_PUBLIC", raising=False)
    monkeypatch.setenv("DASHBOARD_TRUSTED_HEADER", "X-Forwarded-User")
    assert public_view()  # no browser session here: no headers, no identity
