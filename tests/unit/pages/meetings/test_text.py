"""The Meeting follow-up page's catalogue, URL parameters and sentences, on the tiny fixture and the shipped
note (fixtures ``tiny`` and ``honlea`` in conftest.py)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import polars as pl

from dashboard.meetings import Meeting, country_replies, search_replies
from dashboard.state import ViewState, Vocabulary
from dashboard.views import meetings as page

HOSTILE = "<img src=x onerror=alert(1)>"


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
    entries = page.catalogue(stored, shipped)
    assert list(entries) == ["b", "a", "c"]
    assert entries["b"] == page.CatalogueEntry("imported", "/data/b", "Meeting b, Vienna, 2023 (imported)")
    assert entries["a"] == page.CatalogueEntry("shipped", "/data/a", "Meeting a, Vienna, 2021")
    assert page.catalogue(rows(), rows()) == {}


def test_folder_signature_changes_with_a_file(tmp_path: Path) -> None:
    (tmp_path / "meeting.csv").write_text("a")
    before = page.folder_signature(str(tmp_path))
    assert [name for name, *_ in before] == ["meeting.csv"]
    (tmp_path / "meeting.csv").write_text("ab")
    os.utime(tmp_path / "meeting.csv", ns=(1, 1))
    assert page.folder_signature(str(tmp_path)) != before


def test_with_every_country() -> None:
    vocabulary = page.with_every_country(Vocabulary(countries=("ESP", "COL")), ["CZE", "ESP"])
    assert vocabulary.countries == ("COL", "CZE", "ESP")


def test_normalised_query() -> None:
    assert page.normalised_query("  two\n  words ") == "two words"
    assert page.normalised_query(None) == ""
    assert len(page.normalised_query("x" * 500)) == 200


def test_meeting_from_url() -> None:
    entries = page.catalogue(rows(), rows(("new", "2024-01-01"), ("old", "2020-01-01")))
    assert page.meeting_from_url({}, entries) == ("new", [])
    assert page.meeting_from_url({"meeting": "old"}, entries) == ("old", [])
    chosen, notices = page.meeting_from_url({"meeting": HOSTILE}, entries)
    assert chosen == "new" and notices == [f"URL parameter 'meeting': {HOSTILE!r} is not valid here; ignored"]


def test_controls_from_url_defaults(tiny: Meeting) -> None:
    controls, notices = page.controls_from_url(ViewState(), "tiny", tiny)
    assert notices == []
    assert controls == page.MeetingControls("tiny", "matrix", "country", "", False, "1(a)", None)
    with_country, _ = page.controls_from_url(ViewState(country="FRA"), "tiny", tiny)
    assert with_country.view == "country" and with_country.country == "FRA"


def test_controls_from_url_read_and_check_every_parameter(tiny: Meeting) -> None:
    extras = {"view": "rec", "sort": "completeness", "rec": "1b", "q": "  a  b ", "all": "1"}
    controls, notices = page.controls_from_url(ViewState(extras=extras), "tiny", tiny)
    assert notices == []
    assert (controls.view, controls.sort, controls.rec, controls.query, controls.search_all) == (
        "rec",
        "completeness",
        "1(b)",
        "a b",
        True,
    )
    bad = {"view": "nonsense", "sort": HOSTILE, "rec": "9(z)", "all": "yes"}
    controls, notices = page.controls_from_url(ViewState(extras=bad), "tiny", tiny)
    assert [n.split(":")[0] for n in notices] == ["URL parameter 'view'", "URL parameter 'sort'", "URL parameter 'rec'"]
    assert notices[2] == "URL parameter 'rec': '9(z)' is not a recommendation of this meeting; ignored"
    assert (controls.view, controls.sort, controls.rec, controls.search_all) == ("matrix", "country", "1(a)", False)


def test_url_extras_hold_only_what_differs_from_the_defaults() -> None:
    defaults = page.MeetingControls("m", "matrix", "country", "", False, "1(a)", None)
    old = {"meeting": "x", "view": "map", "sort": "region", "rec": "2(a)", "q": "old", "all": "1", "lic": "keep"}
    assert page.url_extras(old, defaults, first_rec="1(a)") == {"lic": "keep", "meeting": "m"}
    chosen = page.MeetingControls("m", "rec", "region", "customs", True, "2(b)", None)
    assert page.url_extras({}, chosen, first_rec="1(a)") == {
        "meeting": "m",
        "view": "rec",
        "sort": "region",
        "rec": "2(b)",
        "q": "customs",
        "all": "1",
    }
    a_government = page.MeetingControls("m", "country", "country", "", False, None, "FRA")
    assert page.url_extras({}, a_government, first_rec="1(a)") == {"meeting": "m"}  # its view is the default
    matrix_of_a_government = replace(defaults, country="FRA")
    assert page.url_extras({}, matrix_of_a_government, first_rec="1(a)") == {"meeting": "m", "view": "matrix"}


def test_headline(honlea: Meeting) -> None:
    from dashboard.figures.meetings import replying_governments

    labels = [(label, value) for label, value, _ in page.headline(honlea, replying_governments(honlea))]
    assert labels[:2] == [("Governments that replied", 26), ("Recommendations", 13)]


def test_table_height() -> None:
    assert page.table_height(12, 640) == "content" and page.table_height(13, 640) == 640


def test_map_tables(tiny: Meeting) -> None:
    from dashboard.figures.meetings import map_status

    status = map_status(tiny)
    assert page.status_table(status).columns == ["Government", "ISO3", "Status", "Recommendations answered"]
    assert page.unshaped_caption(status.with_columns(drawable=pl.lit(True))) is None
    hidden = status.with_columns(drawable=pl.lit(False), country_name=pl.lit(HOSTILE))
    assert HOSTILE not in page.unshaped_caption(hidden) and "&lt;img" in page.unshaped_caption(hidden)


def test_recommendation_texts_are_escaped(tiny: Meeting) -> None:
    recs = page.recommendations_by_key(tiny)
    assert list(recs) == ["1(a)", "1(b)", "2(a)"]
    assert page.recommendation_option("1(a)", recs["1(a)"]) == "1(a) · issue 1: First issue | with a pipe"
    assert len(page.recommendation_option("1(a)", {**recs["1(a)"], "issue_title": "x" * 200})) == 110
    text = page.recommendation_markdown(recs["2(a)"])
    assert text.startswith("**Issue 2. Second issue**\n\n> **Paragraph 10.** \\=Governments")
    assert "\\|" in page.recommendation_markdown(recs["1(a)"])


def test_found_sentence() -> None:
    assert page.found_sentence(3, "1(a)", "  ", search_all=False) == "**3** replies on recommendation 1(a)."
    assert page.found_sentence(0, "1(a)", "x", search_all=True) == "**0** replies on all recommendations contain “x”."
    assert "&lt;img" in page.found_sentence(1, "1(a)", HOSTILE, search_all=True)


def test_file_names() -> None:
    assert page.replies_file_name("m", "2(b)") == "m-replies-2b.csv"


def test_one_government(tiny: Meeting) -> None:
    assert page.not_replied_notice(tiny, "ITA") == (
        "Italy is not among the Governments that replied to this questionnaire. It was invited but did not reply."
    )
    assert page.not_replied_notice(tiny, "PER").endswith("replied to this questionnaire.")
    own = country_replies(tiny, "FRA")
    assert page.government_summary(tiny, "FRA", own) == (
        f"France replied on **2 of 3** recommendations, in {own['paragraph'].n_unique()} paragraphs of the note. "
        "Nothing on: 2(a)."
    )
    assert page.own_replies_table(own).columns == ["Recommendation", "Paragraph", "Category", "Summary"]
    assert page.own_replies_table(search_replies(tiny, "")).height == tiny.replies.height


def test_issues(tiny: Meeting) -> None:
    assert page.issues(tiny) == [(1, "Issue 1. First issue \\| with a pipe"), (2, "Issue 2. Second issue")]
