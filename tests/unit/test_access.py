"""The rules of who sees what: public mode, the login header (trusted only when configured), the small-cell limit."""

from __future__ import annotations

import pytest

from dashboard import access


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for name in (access.PUBLIC_ENV, access.TRUSTED_HEADER_ENV, access.MIN_CELL_ENV):
        monkeypatch.delenv(name, raising=False)


def test_without_login_or_public_mode_the_app_is_restricted_for_everyone():
    assert not access.viewer_is_public({"X-Forwarded-User": "mallory"})
    assert access.identity({"X-Forwarded-User": "mallory"}) is None  # a header nobody configured is not trusted


def test_public_mode_wins_over_any_identity(monkeypatch):
    monkeypatch.setenv(access.PUBLIC_ENV, "1")
    monkeypatch.setenv(access.TRUSTED_HEADER_ENV, "X-Forwarded-User")
    assert access.viewer_is_public({"X-Forwarded-User": "alice"})


@pytest.mark.parametrize(
    ("headers", "public"),
    [
        ({"x-forwarded-user": "alice@unodc.org"}, False),  # header names are case-insensitive
        ({"X-Forwarded-User": "  "}, True),
        ({"X-Forwarded-User": "a\x1b[2Jb"}, True),  # not a name
        ({"X-Forwarded-User": "x" * 500}, True),
        ({"X-Remote-User": "alice"}, True),  # another header than the configured one
        ({}, True),
        (None, True),
    ],
)
def test_behind_a_login_only_a_request_with_an_identity_sees_restricted_data(monkeypatch, headers, public):
    monkeypatch.setenv(access.TRUSTED_HEADER_ENV, "X-Forwarded-User")
    assert access.viewer_is_public(headers) is public


@pytest.mark.parametrize(("raw", "limit"), [("", 3), ("5", 5), ("0", 1), ("-4", 1), ("three", 3)])
def test_the_small_cell_limit(monkeypatch, raw, limit):
    monkeypatch.setenv(access.MIN_CELL_ENV, raw)
    assert access.min_cell() == limit
