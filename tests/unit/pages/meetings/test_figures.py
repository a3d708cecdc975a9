"""Figures and tables of the Meeting follow-up page, on the tiny fixture meeting and the shipped HONLEA 14 note."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from dashboard import geo
from dashboard.figures import meetings as figures
from dashboard.meetings import (
    NO_REPLY,
    Meeting,
    recommendation_key,
    reply_matrix,
    search_replies,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def heatmap(fig) -> dict:
    return next(t for t in fig.to_plotly_json()["data"] if t["type"] == "heatmap")


# ---- the matrix ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tiny", "honlea"])
@pytest.mark.parametrize("sort", list(figures.SORTS))
def test_every_matrix_cell_hover_names_its_paragraphs(request, name: str, sort: str) -> None:
    meeting: Meeting = request.getfixturevalue(name)
    trace = heatmap(figures.matrix_figure(meeting, sort=sort))
    order = figures.country_order(meeting, sort)
    keys = figures.recommendation_keys(meeting)
    assert trace["x"] == keys
    assert len(trace["hovertext"]) == order.height
    rec_paragraph = {
        recommendation_key(r["issue_number"], r["recommendation_letter"]): r["paragraph"]
        for r in meeting.recommendations.iter_rows(named=True)
    }
    for reply in meeting.replies.iter_rows(named=True):
        i = order["country_iso3"].to_list().index(reply["country_iso3"])
        j = keys.index(recommendation_key(reply["issue_number"], reply["recommendation_letter"]))
        assert f"Paragraph {reply['paragraph']}:" in trace["hovertext"][i][j]
        assert str(reply["paragraph"]) in trace["text"][i][j].split(", ")
    for row in trace["hovertext"]:  # every cell, replied or not, names the recommendation's paragraph
        for j, cell in enumerate(row):
            assert f"(paragraph {rec_paragraph[keys[j]]})" in cell


def test_matrix_colours_follow_the_reply_categories(honlea: Meeting) -> None:
    trace = heatmap(figures.matrix_figure(honlea, sort="country"))
    long = reply_matrix(honlea)
    order = figures.country_order(honlea, "country")["country_iso3"].to_list()
    keys = figures.recommendation_keys(honlea)
    for cell in long.iter_rows(named=True):
        z = trace["z"][order.index(cell["country_iso3"])][keys.index(cell["recommendation_key"])]
        assert figures.CATEGORY_ORDER[z] == cell["category"]
    legend = [t["name"] for t in figures.matrix_figure(honlea).to_plotly_json()["data"] if t["type"] == "scatter"]
    assert "Action reported" in legend and "No reply" in legend
    assert "Not applicable" not in legend  # only the categories that occur


def test_matrix_hover_escapes_the_summaries(tiny: Meeting) -> None:
    hover = " ".join(cell for row in heatmap(figures.matrix_figure(tiny))["hovertext"] for cell in row)
    assert "&lt;b&gt;bold&lt;/b&gt;" in hover
    assert "<b>bold</b>" not in hover
    assert "%{" not in hover


def test_sorting_by_name_region_and_completeness(honlea: Meeting) -> None:
    by_name = figures.country_order(honlea, "country")
    assert by_name["country_name"].to_list() == sorted(by_name["country_name"].to_list())
    assert by_name.height == 26
    by_region = figures.country_order(honlea, "region")
    regions = by_region["region"].to_list()
    assert regions == sorted(regions)
    assert {"Central Asia", "Eastern Europe"} <= set(regions)
    by_completeness = figures.country_order(honlea, "completeness")
    answered = by_completeness["answered"].to_list()
    assert answered == sorted(answered, reverse=True)
    assert by_completeness["country_iso3"][-1] == "AZE"  # five of 13, the fewest
    with pytest.raises(ValueError):
        figures.country_order(honlea, "nonsense")
    region_figure = heatmap(figures.matrix_figure(honlea, sort="region"))
    assert region_figure["y"][0].endswith("· " + regions[0])


def test_matrix_table_is_the_text_alternative(tiny: Meeting, honlea: Meeting) -> None:
    table = figures.matrix_table(tiny)
    assert table.columns == ["Government", "ISO3", "Region", "Answered", "1(a)", "1(b)", "2(a)"]
    france = table.filter(pl.col("ISO3") == "FRA").row(0, named=True)
    assert france["1(a)"] == "Action (para. 5)"
    assert france["1(b)"] == "Not competent / Action (para. 8, 9)"
    assert france["2(a)"] == figures.SHORT_LABELS[NO_REPLY]
    assert france["Answered"] == "2 of 3"
    big = figures.matrix_table(honlea, sort="completeness")
    assert big.height == 26
    cells = big.drop("Government", "ISO3", "Region", "Answered")
    paragraphs = {int(p) for column in cells.columns for cell in cells[column] for p in re.findall(r"\d+", cell)}
    assert paragraphs == set(honlea.replies["paragraph"].to_list())
    assert figures.legend_table().height == len(figures.CATEGORY_ORDER)


# ---- the map -------------------------------------------------------------------------------------------------------


def test_map_uses_our_geojson_and_no_cdn(honlea: Meeting) -> None:
    fig = figures.reply_map(honlea)
    payload = fig.to_json()
    assert "cdn.plot.ly" not in payload and "https://" not in payload and "http://" not in payload
    traces = fig.to_plotly_json()["data"]
    assert traces and all(t["type"] == "choropleth" for t in traces)
    ours = {f["id"] for f in geo.world_geojson()["features"]}
    for trace in traces:
        assert trace["geojson"]["type"] == "FeatureCollection"
        assert {f["id"] for f in trace["geojson"]["features"]} <= ours
        assert trace["featureidkey"] == "id"
    replied = next(t for t in traces if t["name"] == "Replied")
    assert set(replied["locations"]) == set(honlea.replying_iso3) & ours
    assert not any(t["name"] == "Invited, did not reply" for t in traces)  # the note does not list them
    assert "invited list not known" in fig.layout.title.text
    assert fig.layout.geo.resolution == 110


def test_map_shows_invited_governments_that_did_not_reply(tiny: Meeting) -> None:
    traces = {t["name"]: t for t in figures.reply_map(tiny).to_plotly_json()["data"]}
    assert set(traces["Replied"]["locations"]) == {"FRA", "DEU", "ESP"}
    assert list(traces["Invited, did not reply"]["locations"]) == ["ITA"]
    status = figures.map_status(tiny)
    assert dict(zip(status["country_iso3"], status["status"], strict=True))["ITA"] == "Invited, did not reply"
    assert "3 of 4 invited" in figures.reply_map(tiny).layout.title.text


# ---- one recommendation, text helpers ------------------------------------------------------------------------------


def test_counts_figure_matches_the_counts(honlea: Meeting) -> None:
    counts = figures.recommendation_counts(honlea, 2, "b")
    assert dict(zip(counts["category"], counts["Replies"], strict=True)) == {
        "action_reported": 23,
        "view_expressed": 1,
        "no_jurisdiction": 1,
        NO_REPLY: 1,
    }
    bar = figures.counts_figure(honlea, 2, "b").to_plotly_json()["data"][0]
    assert list(bar["x"]) == counts["Replies"].to_list()


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
    assert figures.parse_recommendation(value, tiny) == expected


def test_text_from_data_or_users_is_made_inert() -> None:
    safe = figures.md_safe(HOSTILE)
    assert HOSTILE not in safe and "<" not in safe and "&lt;img" in safe
    assert figures.md_safe(":red[x] $y$ **z**") == r"\:red\[x\] \$y\$ \*\*z\*\*"
    marked = figures.highlighted("Its Customs and customs <b>", "CUSTOMS")
    assert marked == "Its **Customs** and **customs** &lt;b&gt;"
    assert figures.highlighted("a (b) c", "(b)") == r"a **\(b\)** c"
    assert figures.highlighted(HOSTILE, HOSTILE).count("**") == 2
    assert HOSTILE not in figures.highlighted(HOSTILE, HOSTILE)


def test_replies_markdown_escapes_every_cell(tiny: Meeting) -> None:
    table = figures.replies_markdown(search_replies(tiny, ""), query="pipe")
    assert table.columns == ["Paragraph", "Government", "Recommendation", "Category", "Summary"]
    text = json.dumps(table.to_dicts())
    assert "<b>" not in text and "&lt;b&gt;" in text
    spain = table.filter(pl.col("Paragraph") == "6")["Summary"][0]
    assert "**pipe**" in spain and r"\|" in spain
    own = figures.replies_markdown(search_replies(tiny, "France"), by_country=True)
    assert own.columns == ["Recommendation", "Paragraph", "Category", "Summary"]
    assert figures.silent_recommendations(tiny, "FRA") == ["2(a)"]


def test_meeting_caption_and_imports_caption(honlea: Meeting, tiny: Meeting) -> None:
    caption = figures.meeting_caption(honlea)
    assert caption.startswith("Fourteenth Meeting of Heads of National Drug Law Enforcement Agencies, Europe, Valetta")
    assert "12–15 September 2022" in caption and "as at 1 July 2022" in caption
    assert "V.22\\-10419" in caption  # Markdown-safe
    assert "6–8 May 2024" in figures.meeting_caption(tiny)
    line = figures.imports_caption(
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
    assert line.startswith("Imported: 1 reply file. Last: &lt;b&gt;x&lt;/b&gt;.csv on 2026\\-01\\-02: 1,200 rows read")


def test_hover_text_shows_quotes_as_quotes(honlea: Meeting) -> None:
    hover = " ".join(cell for row in heatmap(figures.matrix_figure(honlea))["hovertext"] for cell in row)
    assert '"catch all"' in hover and "&quot;" not in hover


def test_addresses_in_data_do_not_become_links() -> None:
    safe = figures.md_safe('=HYPERLINK("http://evil.example","click") see www.evil.example')
    assert "http://" not in safe.replace("\\", "") and "www." not in safe
    assert "http\\:\u200b//evil.example" in safe and "www\u200b.evil" in safe
