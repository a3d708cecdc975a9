"""Questions asked of a meeting: the reply matrix, counts, replies of a recommendation or a Government, search,
completeness, and who replied to which meeting."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import collation
from dashboard.meetings import CATEGORIES, NO_REPLY, Meeting, queries
from tests.conftest import FIXTURES


def test_reply_matrix_covers_every_country_and_recommendation(tiny: Meeting) -> None:
    matrix = queries.reply_matrix(tiny)
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
    matrix = queries.reply_matrix(tiny, include_invited=True)
    italy = matrix.filter(pl.col("country_iso3") == "ITA")
    assert italy.height == 3
    assert set(italy["category"]) == {NO_REPLY}
    assert italy["replied"].to_list() == [False] * 3
    assert queries.governments(tiny).filter(pl.col("country_iso3") == "ITA")["invited"].to_list() == [True]


def test_wide_matrix_has_one_column_per_recommendation(tiny: Meeting) -> None:
    wide = queries.reply_matrix_wide(tiny)
    assert wide.columns == ["country_iso3", "country_name", "1(a)", "1(b)", "2(a)"]
    assert wide.filter(pl.col("country_iso3") == "DEU")["2(a)"].item() == "view_expressed"
    with pytest.raises(ValueError):
        queries.reply_matrix_wide(tiny, value="country_iso3")


def test_category_counts_are_complete_and_add_up(tiny: Meeting) -> None:
    counts = queries.category_counts(tiny)
    assert counts.height == 3 * (len(CATEGORIES) + 1)
    replied = counts.filter(pl.col("category") != NO_REPLY)["count"].sum()
    assert replied == tiny.replies.height
    one_a = dict(counts.filter(pl.col("recommendation_key") == "1(a)").select("category", "count").iter_rows())
    assert one_a["action_reported"] == 2 and one_a["action_planned"] == 1 and one_a[NO_REPLY] == 0
    assert queries.category_counts(tiny, include_no_reply=False).filter(pl.col("category") == NO_REPLY).is_empty()


def test_country_and_recommendation_replies(tiny: Meeting) -> None:
    france = queries.country_replies(tiny, "fra")
    assert france["paragraph"].to_list() == [5, 8, 9]
    assert france["recommendation_key"].to_list() == ["1(a)", "1(b)", "1(b)"]
    assert queries.country_replies(tiny, "ITA").is_empty()
    assert queries.country_replies(tiny, "ITA").columns == france.columns
    assert queries.recommendation_replies(tiny, 1, "a")["country_iso3"].to_list() == ["FRA", "DEU", "ESP"]


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
    assert queries.search_replies(tiny, query)["paragraph"].to_list() == paragraphs


def test_search_filters(tiny: Meeting) -> None:
    assert queries.search_replies(tiny, "", issue_number=2)["paragraph"].to_list() == [11, 12]
    assert queries.search_replies(tiny, "", recommendation_letter="b")["paragraph"].to_list() == [8, 9]
    assert queries.search_replies(tiny, "", category="action_planned")["paragraph"].to_list() == [6]


def test_completeness(tiny: Meeting) -> None:
    table = {r["country_iso3"]: r for r in queries.completeness(tiny).iter_rows(named=True)}
    assert table["FRA"]["recommendations_answered"] == 2
    assert table["FRA"]["recommendations_substantive"] == 2
    assert table["FRA"]["replies"] == 3
    assert table["DEU"]["recommendations_substantive"] == 1
    assert table["ESP"]["completeness"] == pytest.approx(2 / 3)
    assert "ITA" not in table
    invited = queries.completeness(tiny, include_invited=True)
    assert invited.filter(pl.col("country_iso3") == "ITA")["completeness"].item() == 0


# ---- the Governments in order, the recommendations -------------------------------------------------------------
def test_sorting_by_name_region_and_completeness(honlea: Meeting) -> None:
    by_name = queries.country_order(honlea, "country")
    names = by_name["country_name"].to_list()
    # In alphabetical order, where an accent does not count: "Türkiye" before "Turkmenistan" (by code point after).
    assert names.index("Türkiye") == names.index("Turkmenistan") - 1
    assert names == [names[i] for i in collation.in_order(names, "en")]
    assert by_name.height == 26
    assert queries.replying_governments(honlea) == by_name["country_iso3"].to_list()
    regions = queries.country_order(honlea, "region")["region"].to_list()
    assert regions == sorted(regions)
    assert {"Central Asia", "Eastern Europe"} <= set(regions)
    by_completeness = queries.country_order(honlea, "completeness")
    answered = by_completeness["answered"].to_list()
    assert answered == sorted(answered, reverse=True)
    assert by_completeness["country_iso3"][-1] == "AZE"  # five of 13, the fewest
    with pytest.raises(ValueError):
        queries.country_order(honlea, "nonsense")


def test_a_government_named_only_as_invited_gets_its_name(tiny: Meeting) -> None:
    assert queries.governments(tiny).filter(pl.col("country_iso3") == "ITA")["country_name"].item() == "Italy"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1(a)", (1, "a")),
        ("1a", (1, "a")),
        (" 2(A) ", (2, "a")),
        ("1-b", (1, "b")),
        ("9(z)", None),
        ("", None),
        ("1(a)<script>", None),
        (None, None),
    ],
)
def test_parse_recommendation(tiny: Meeting, value: str | None, expected) -> None:
    assert queries.parse_recommendation(value, tiny) == expected


def test_recommendations_in_document_order(tiny: Meeting) -> None:
    assert queries.recommendation_keys(tiny) == ["1(a)", "1(b)", "2(a)"]
    assert queries.recommendations_by_key(tiny)["2(a)"]["paragraph"] == 10
    assert queries.silent_recommendations(tiny, "FRA") == ["2(a)"]
    assert [r["paragraph"] for r in queries.reply_cells(tiny)[("FRA", "1(b)")]] == [8, 9]


def test_recommendation_counts_leave_out_the_zeros(honlea: Meeting) -> None:
    counts = queries.recommendation_counts(honlea, 2, "b")
    assert dict(zip(counts["category"], counts["count"], strict=True)) == {
        "action_reported": 23,
        "view_expressed": 1,
        "no_jurisdiction": 1,
        NO_REPLY: 1,
    }


# ---- across meetings -----------------------------------------------------------------------------------------
def test_replying_countries_name_the_newest_meeting_of_each_government(tmp_path: Path) -> None:
    from dashboard.ingest.meetings import import_meeting
    from dashboard.store import Store

    replied = queries.replying_countries(tmp_path)
    assert replied["CZE"] == "honlea_europe_14_2022" and "COL" not in replied
    import_meeting(FIXTURES / "meetings" / "tiny_meeting_2024", Store(tmp_path))  # newer, and a new file: read again
    replied = queries.replying_countries(tmp_path)
    assert replied["FRA"] == replied["DEU"] == "tiny_meeting_2024" and replied["CZE"] == "honlea_europe_14_2022"
