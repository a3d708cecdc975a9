"""What the Meeting follow-up page says, on the tiny fixture and the shipped note (fixtures ``tiny`` and ``honlea``
in conftest.py): labels, captions and sentences, every piece of data in them made inert."""

from __future__ import annotations

import polars as pl

from dashboard.meetings import CatalogueEntry, Meeting, country_replies, recommendations_by_key, replying_governments
from dashboard.pages.meetings import text as page
from dashboard.pages.meetings.figures import map_status

HOSTILE = "<img src=x onerror=alert(1)>"


def test_meeting_labels() -> None:
    shipped = CatalogueEntry("a", "shipped", "/data/a", "Meeting a", "Vienna", "2021-05-01")
    assert page.meeting_label(shipped) == "Meeting a, Vienna, 2021"
    imported = CatalogueEntry("b", "imported", "/data/b", "Meeting b", None, None)
    assert page.meeting_label(imported) == "Meeting b (imported)"
    assert page.meeting_label(CatalogueEntry("c", "shipped", "/data/c")) == "c"


def test_meeting_caption_and_imports_caption(honlea: Meeting, tiny: Meeting) -> None:
    caption = page.meeting_caption(honlea)
    assert caption.startswith("Fourteenth Meeting of Heads of National Drug Law Enforcement Agencies, Europe, Valetta")
    assert "12–15 September 2022" in caption and "as at 1 July 2022" in caption
    assert "V\\.22\\-10419" in caption  # Markdown-safe
    assert "6–8 May 2024" in page.meeting_caption(tiny)
    from dashboard.i18n import using

    with using("zh"):
        chinese = page.meeting_caption(honlea)
    assert "15日。" in chinese and "15日." not in chinese, chinese  # the title's sentence ends with "。"
    line = page.imports_caption(
        [
            {
                "file": "<b>x</b>.csv",
                "imported_at": "2026-01-02T03:04:05+00:00",
                "rows_read": 1200,
                "rows_stored": 1000,
                "rows_quarantined": 150,
                "duplicates_skipped": 50,
            }
        ]
    )
    assert line.startswith(
        "Imported: 1 reply file. Last: &lt;b&gt;x&lt;/b&gt;\\.csv on 2026\\-01\\-02: 1,200 rows read"
    )
    assert line.endswith("1,000 stored, 150 quarantined, 50 duplicates skipped.")


def test_headline(honlea: Meeting) -> None:
    labels = [(label, value) for label, value, _ in page.headline(honlea, replying_governments(honlea))]
    assert labels == [
        ("Governments that replied", 26),
        ("Recommendations", 13),
        ("Reply paragraphs", 281),
        ("Replies", 296),
    ]


def test_table_height() -> None:
    assert page.table_height(12, 640) == "content" and page.table_height(13, 640) == 640


def test_unshaped_caption(tiny: Meeting) -> None:
    status = map_status(tiny)
    assert page.unshaped_caption(status.with_columns(drawable=pl.lit(True))) is None
    hidden = status.with_columns(drawable=pl.lit(False), country_name=pl.lit(HOSTILE))
    assert HOSTILE not in page.unshaped_caption(hidden) and "&lt;img" in page.unshaped_caption(hidden)


def test_recommendation_texts_are_escaped(tiny: Meeting) -> None:
    recs = recommendations_by_key(tiny)
    assert page.recommendation_option("1(a)", recs["1(a)"]) == "1(a) · issue 1: First issue | with a pipe"
    assert len(page.recommendation_option("1(a)", {**recs["1(a)"], "issue_title": "x" * 200})) == 110
    text = page.recommendation_markdown(recs["2(a)"])
    assert text.startswith("**Issue 2. Second issue**\n\n> **Paragraph 10.** \\=Governments")
    assert "\\|" in page.recommendation_markdown(recs["1(a)"])


def test_found_sentence() -> None:
    assert page.found_sentence(3, "1(a)", "  ", search_all=False) == "**3** replies on recommendation 1(a)."
    assert page.found_sentence(0, "1(a)", "x", search_all=True) == "**0** replies on all recommendations contain “x”."
    assert "&lt;img" in page.found_sentence(1, "1(a)", HOSTILE, search_all=True)


def test_the_search_is_shown_in_bold_and_nothing_else_is_markup() -> None:
    assert page.highlighted("Its Customs and customs <b>", "CUSTOMS") == "Its **Customs** and **customs** &lt;b&gt;"
    assert page.highlighted("a (b) c", "(b)") == r"a **\(b\)** c"
    assert page.highlighted("  two\n words ", None) == "two words"
    assert page.highlighted(HOSTILE, HOSTILE).count("**") == 2
    assert HOSTILE not in page.highlighted(HOSTILE, HOSTILE)


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
    assert page.replies_heading("CZE") == "Replies of Czechia"
    assert page.government_option("CZE") == "Czechia (CZE)"


def test_issues(tiny: Meeting) -> None:
    assert page.issues(tiny) == [(1, "Issue 1. First issue \\| with a pipe"), (2, "Issue 2. Second issue")]


def test_every_category_has_a_short_label_and_a_meaning() -> None:
    assert [short for short, _, _ in page.legend_rows()][-1] == "—"
    assert len(page.legend_rows()) == len(page.MEANINGS) == 9
