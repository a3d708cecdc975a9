from __future__ import annotations

import polars as pl

from dashboard.saved import publish_refusal
from dashboard.saved.rules import may_show_published

SOURCES = pl.DataFrame(
    {"source_id": ["pub", "secret"], "file_name": ["wdr.xlsx", "customs_2024.csv"], "restricted": [False, True]}
)


def test_a_view_resting_on_a_restricted_source_cannot_be_published_and_says_why():
    refusal = publish_refusal(SOURCES, ["pub", "secret"])
    assert refusal is not None and "customs_2024.csv" in refusal and "restricted" in refusal
    assert publish_refusal(SOURCES, ["pub"]) is None
    assert publish_refusal(SOURCES.head(0), ["pub"]) is None


def test_public_mode_shows_only_published_views_of_public_known_sources():
    assert may_show_published(SOURCES, ["pub"], public=True)
    assert not may_show_published(SOURCES, ["secret"], public=True)
    assert not may_show_published(SOURCES, ["removed-since"], public=True)
    assert may_show_published(SOURCES, ["secret"], public=False)
