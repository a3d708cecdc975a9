"""Figures and tables of the Meeting follow-up page, on the tiny fixture meeting and the shipped HONLEA 14 note."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from dashboard import geo
from dashboard.meetings import (
    NO_REPLY,
    Meeting,
    country_order,
    country_replies,
    recommendation_key,
    recommendation_keys,
    reply_matrix,
    search_replies,
)
from dashboard.pages.meetings import figures
from dashboard.pages.meetings.text import SHORT_LABELS, SORTS


def heatmap(fig) -> dict:
    return next(t for t in fig.to_plotly_json()["data"] if t["type"] == "heatmap")


# ---- the matrix ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["tiny", "honlea"])
@pytest.mark.parametrize("sort", list(SORTS))
def test_every_matrix_cell_hover_names_its_paragraphs(request, name: str, sort: str) -> None:
    meeting: Meeting = request.getfixturevalue(name)
    trace = heatmap(figures.matrix_figure(meeting, sort=sort))
    order = country_order(meeting, sort)
    keys = recommendation_keys(meeting)
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
        assert str(reply["paragraph"]) in re.sub(r"<[^>]+>", "", trace["text"][i][j]).split(", ")
    for row in trace["hovertext"]:  # every cell, replied or not, names the recommendation's paragraph
        for j, cell in enumerate(row):
            assert f"(paragraph {rec_paragraph[keys[j]]})" in cell


def test_matrix_colours_follow_the_reply_categories(honlea: Meeting) -> None:
    trace = heatmap(figures.matrix_figure(honlea, sort="country"))
    long = reply_matrix(honlea)
    order = country_order(honlea, "country")["country_iso3"].to_list()
    keys = recommendation_keys(honlea)
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


def test_the_region_order_names_each_region(honlea: Meeting) -> None:
    regions = country_order(honlea, "region")["region"].to_list()
    assert heatmap(figures.matrix_figure(honlea, sort="region"))["y"][0].endswith("· " + regions[0])


def test_matrix_table_is_the_text_alternative(tiny: Meeting, honlea: Meeting) -> None:
    table = figures.matrix_table(tiny)
    assert table.columns == ["Government", "ISO3", "Region", "Answered", "1(a)", "1(b)", "2(a)"]
    france = table.filter(pl.col("ISO3") == "FRA").row(0, named=True)
    assert france["1(a)"] == "Action (para. 5)"
    assert france["1(b)"] == "Not competent / Action (para. 8, 9)"
    assert france["2(a)"] == SHORT_LABELS[NO_REPLY]
    assert france["Answered"] == "2 of 3"
    big = figures.matrix_table(honlea, sort="completeness")
    assert big.height == 26
    cells = big.drop("Government", "ISO3", "Region", "Answered")
    paragraphs = {int(p) for column in cells.columns for cell in cells[column] for p in re.findall(r"\d+", cell)}
    assert paragraphs == set(honlea.replies["paragraph"].to_list())
    legend = figures.legend_table()
    assert legend.height == len(figures.CATEGORY_ORDER) and legend.columns == ["In the table", "Category", "Meaning"]


def test_hover_text_shows_quotes_as_quotes(honlea: Meeting) -> None:
    hover = " ".join(cell for row in heatmap(figures.matrix_figure(honlea))["hovertext"] for cell in row)
    assert '"catch all"' in hover and "&quot;" not in hover


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
    assert "Italy" in traces["Invited, did not reply"]["hovertext"][0]
    status = figures.map_status(tiny)
    assert dict(zip(status["country_iso3"], status["status"], strict=True))["ITA"] == "Invited, did not reply"
    assert "3 of 4 invited" in figures.reply_map(tiny).layout.title.text
    assert figures.status_table(status).columns == ["Government", "ISO3", "Status", "Recommendations answered"]


# ---- one recommendation --------------------------------------------------------------------------------------------
def test_counts_figure_matches_the_counts(honlea: Meeting) -> None:
    counts = figures.counts_table(honlea, 2, "b")
    assert counts.columns == ["category", "Category", "Replies"]
    assert dict(zip(counts["category"], counts["Replies"], strict=True))[NO_REPLY] == 1
    bar = figures.counts_figure(honlea, 2, "b").to_plotly_json()["data"][0]
    assert list(bar["x"]) == counts["Replies"].to_list()


# ---- reply tables --------------------------------------------------------------------------------------------------
def test_replies_markdown_escapes_every_cell(tiny: Meeting) -> None:
    table = figures.replies_markdown(search_replies(tiny, ""), query="pipe")
    assert table.columns == ["Paragraph", "Government", "Recommendation", "Category", "Summary"]
    text = json.dumps(table.to_dicts())
    assert "<b>" not in text and "&lt;b&gt;" in text
    spain = table.filter(pl.col("Paragraph") == "6")["Summary"][0]
    assert "**pipe**" in spain and r"\|" in spain
    own = figures.replies_markdown(search_replies(tiny, "France"), by_country=True)
    assert own.columns == ["Recommendation", "Paragraph", "Category", "Summary"]


def test_download_tables(tiny: Meeting) -> None:
    assert figures.replies_table(search_replies(tiny, "")).columns == figures.REPLY_COLUMNS
    own = figures.own_replies_table(country_replies(tiny, "FRA"))
    assert own.columns == ["Recommendation", "Paragraph", "Category", "Summary"]
    assert own["Paragraph"].to_list() == [5, 8, 9]


def test_matrix_numbers_are_14_px_and_at_least_4_5_to_1_on_their_cell(honlea: Meeting) -> None:
    from dashboard.figures.colours import contrast

    trace = heatmap(figures.matrix_figure(honlea))
    assert trace["textfont"]["size"] >= 14
    fills = figures.CATEGORY_ORDER
    for z_row, text_row in zip(trace["z"], trace["text"], strict=True):
        for z, cell in zip(z_row, text_row, strict=True):
            if not re.sub(r"<[^>]+>", "", cell):
                continue
            colour = re.search(r"color:(#[0-9a-fA-F]{6})", cell)
            assert colour, cell
            assert contrast(colour[1], figures.CATEGORY_PALETTE[fills[z]]) >= 4.5, cell


def test_the_matrix_reads_as_a_table_in_arabic_and_keeps_its_order_in_english(honlea: Meeting) -> None:
    from dashboard.i18n import using

    with using("ar"):
        arabic = figures.matrix_figure(honlea).layout
    english = figures.matrix_figure(honlea).layout
    # The first recommendation on the right and the Governments' names at the right, as an Arabic table reads.
    assert arabic.xaxis.autorange == "reversed" and arabic.yaxis.side == "right"
    assert arabic.legend.x == 1 and arabic.legend.xanchor == "right" and arabic.hoverlabel.align == "right"
    assert english.xaxis.autorange is None and english.yaxis.side in (None, "left")
    assert english.legend.x == 0 and english.hoverlabel.align == "left"
