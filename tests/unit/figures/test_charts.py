"""The figures of the Trends and Compare pages: gaps stay gaps, one scale, our own geometry, escaped text."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import geo, text
from dashboard.figures import charts, maps, style
from dashboard.query import Trend

HOSTILE = "<script>alert(1)</script><b>x</b>%{y}"
SOURCE = "Test source"


def trend_frame() -> pl.DataFrame:
    # A: 2016 not reported (null row) and 2018 absent from every series; B: a real zero in 2017.
    return pl.DataFrame(
        {
            "period": [2015, 2016, 2017, 2019, 2015, 2016, 2017, 2019],
            "series": ["A"] * 4 + [HOSTILE] * 4,
            "value": [1.0, None, 3.0, 4.0, 5.0, 6.0, 0.0, 2.0],
            "reporting": [1, None, 2, 2, 1, 1, 1, 1],
        },
        schema_overrides={"period": pl.Int32},
    )


def make_trend(frame: pl.DataFrame | None = None) -> Trend:
    return Trend(frame=trend_frame() if frame is None else frame, measure="kg", unit="kg", records=8, countries=2)


def compare_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "year": [2015, 2016, 2017] * 3,
            "country_name": ["Colombia"] * 3 + ["Spain"] * 3 + [HOSTILE] * 3,
            "value": [100.0, None, 300.0, 10.0, 20.0, None, 1.0, 2.0, 3.0],
        }
    )


def ranking_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "country_iso3": ["COL", "ESP", "FRA", "XUN"],
            "country_name": ["Colombia", "Spain", HOSTILE, "Unknown"],
            "region": ["Americas", "Europe", "Europe", None],
            "value": [100.0, 50.0, 0.0, None],
            "share_world_pct": [66.7, 33.3, 0.0, None],
            "share_region_pct": [100.0, 100.0, 0.0, None],
        }
    )


def all_figures() -> dict[str, go.Figure]:
    changes = trend_frame().with_columns(
        change_pct=(pl.col("value") / pl.col("value").shift(1).over("series", order_by="period") - 1) * 100
    )
    return {
        "trend": charts.trend_figure(make_trend(), log_scale=False, title="Quantity seized", source=SOURCE, demo=True),
        "change": charts.change_figure(changes, title="Change", unit="kg", source=SOURCE, demo=True),
        "small_multiples": charts.small_multiples(
            compare_frame(), title="Side by side", unit="kg", source=SOURCE, demo=True
        ),
        "ranking": charts.ranking_figure(ranking_frame(), top=20, title="Ranking", unit="kg", source=SOURCE, demo=True),
        "choropleth": maps.choropleth(ranking_frame(), title="Map", unit="kg", source=SOURCE, demo=True),
    }


def trace_named(fig: go.Figure, name: str) -> go.BaseTraceType:
    return next(t for t in fig.data if t.name == name)


# ---- gaps ---------------------------------------------------------------------------------------------------------
def test_not_reported_periods_stay_null_and_lines_break() -> None:
    fig = charts.trend_figure(make_trend(), log_scale=False, title="T", source=SOURCE, demo=False)
    a = trace_named(fig, "A")
    points = dict(zip(a.x, a.y, strict=True))
    assert points[2016] is None  # a null row stays null
    assert points[2018] is None  # a year no series reported is still on the axis, as a gap
    assert points[2015] == 1.0 and points[2019] == 4.0
    assert all(t.connectgaps is False for t in fig.data)
    b = trace_named(fig, text.plotly(HOSTILE))
    assert dict(zip(b.x, b.y, strict=True))[2017] == 0.0  # a reported zero is a zero, not a gap


def test_monthly_periods_are_completed_month_by_month() -> None:
    from datetime import date

    frame = pl.DataFrame(
        {"period": [date(2020, 1, 1), date(2020, 4, 1)], "series": ["A", "A"], "value": [1.0, 2.0], "reporting": [1, 1]}
    )
    fig = charts.trend_figure(make_trend(frame), log_scale=True, title="T", source=SOURCE, demo=False)
    assert list(fig.data[0].y) == [1.0, None, None, 2.0]
    assert fig.layout.yaxis.type == "log"
    assert list(fig.layout.yaxis.ticktext) == ["1", "2"]


def test_log_axis_ticks_are_readable() -> None:
    frame = trend_frame().with_columns(pl.col("value") * 1000)
    fig = charts.trend_figure(make_trend(frame), log_scale=True, title="T", source=SOURCE, demo=False)
    assert list(fig.layout.yaxis.ticktext) == ["1k", "2k", "5k", "10k"]


def test_small_multiples_keep_gaps() -> None:
    fig = charts.small_multiples(compare_frame(), title="S", unit="kg", source=SOURCE, demo=False)
    colombia = trace_named(fig, "Colombia")
    assert list(colombia.y) == [100.0, None, 300.0]
    assert colombia.connectgaps is False


LONG_SOURCE = (
    "UNODC, World Drug Report 2018, Statistical Annex, Drug seizures, 2012-2016; UNODC, World Drug Report 2021, "
    "Statistical Annex, Drug seizures, 2015-2019; UNODC, World Drug Report 2023, Statistical Annex 7.1, Drug "
    "seizures, 2018-2022; UNODC, Individual Drug Seizures (IDS) case-level records, United Nations Office on Drugs "
    "and Crime, Vienna"
)


def subtitle_lines(fig: go.Figure) -> list[str]:
    return fig.layout.title.subtitle.text.split("<br>")


@pytest.mark.parametrize("demo", [False, True])
def test_source_is_wrapped_and_the_top_margin_holds_title_and_source(demo: bool) -> None:
    short = charts.trend_figure(make_trend(), log_scale=False, title="T", source=SOURCE, demo=demo)
    long = charts.trend_figure(make_trend(), log_scale=False, title="T", source=LONG_SOURCE, demo=demo)
    lines = subtitle_lines(long)
    extra = len(lines) - len(subtitle_lines(short))
    assert extra >= 3  # the long source takes several lines
    assert all(len(re.sub(r"<[^>]+>", "", line)) <= style.SOURCE_WRAP for line in lines)
    assert " ".join(lines[1:] if demo else lines) == f"Source: {LONG_SOURCE}"
    assert ("DEMONSTRATION DATA" in lines[0]) is demo
    # The title is pinned to the top and the margin grows a line at a time, so the source never reaches the plot.
    assert (long.layout.title.y, long.layout.title.yref, long.layout.title.yanchor) == (1, "container", "top")
    assert long.layout.margin.t - short.layout.margin.t == extra * style.SUBTITLE_LINE
    assert long.layout.margin.t == style.header_height(1, len(lines))


def test_long_titles_wrap_and_keep_their_unit() -> None:
    title = "Quantity seized, from annual reports: countries and regions side by side on one scale, " * 2
    fig = charts.trend_figure(make_trend(), log_scale=False, title=title, source=SOURCE, demo=False)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 2 and "(kg)" in lines[-1]
    assert fig.layout.margin.t == style.header_height(2, 1)


def test_the_unit_after_a_chinese_title_is_in_full_width_brackets_with_no_space_and_travels_to_the_slide() -> None:
    from dashboard.figures import summary
    from dashboard.i18n import using

    with using("zh"):
        fig = charts.trend_figure(make_trend(), log_scale=False, title="缉获量", source=SOURCE, demo=False)
        slide = style.presentation(fig)
        alternative_title = summary.title_of(fig)
    assert re.fullmatch(r"缉获量<span style='[^']*'>（公斤）</span>", fig.layout.title.text)
    assert re.fullmatch(r"缉获量<span style='[^']*'>（公斤）</span>", slide.layout.title.text)
    assert alternative_title == "缉获量"
    english = charts.trend_figure(make_trend(), log_scale=False, title="Seized", source=SOURCE, demo=False)
    assert re.fullmatch(r"Seized <span style='[^']*'>\(kg\)</span>", english.layout.title.text)
    assert re.fullmatch(r"Seized <span style='[^']*'>\(kg\)</span>", style.presentation(english).layout.title.text)
    assert summary.title_of(english) == "Seized"


def test_small_multiples_leave_room_for_the_panel_titles() -> None:
    one_row = charts.small_multiples(compare_frame(), title="S", unit="kg", source=LONG_SOURCE, demo=False)
    margin = one_row.layout.margin
    assert margin.t == style.header_height(1, len(subtitle_lines(one_row)), extra=style.FACET_TITLES)
    assert one_row.layout.height - margin.t - margin.b == charts.PANEL_HEIGHT  # the panels keep their height
    assert all(a.yanchor == "bottom" and a.y == 1 for a in one_row.layout.annotations if a.text.startswith("<b>"))


def test_change_has_no_bar_where_a_period_was_not_reported() -> None:
    frame = pl.DataFrame(
        {
            "period": [2015, 2016, 2017],
            "series": ["A", "A", "A"],
            "value": [1.0, None, 3.0],
            "change_pct": [None, None, None],
        }
    )
    fig = charts.change_figure(frame, title="C", unit="kg", source=SOURCE, demo=False)
    assert not [t for t in fig.data if isinstance(t, go.Bar)]


# ---- one scale ------------------------------------------------------------------------------------------------------
def test_small_multiples_share_one_y_scale() -> None:
    fig = charts.small_multiples(
        compare_frame(), title="S", unit="kg", source=SOURCE, demo=False, order=["Spain", "Colombia", HOSTILE]
    )
    axes = [name for name in fig.layout if name.startswith("yaxis")]
    assert len(axes) == 3
    assert all(fig.layout[name].matches == "y" for name in axes if name != "yaxis")
    assert [t.name for t in fig.data] == ["Spain", "Colombia", text.plotly(HOSTILE)]  # in the chosen order
    assert {t.yaxis for t in fig.data} == {"y", "y2", "y3"}


def test_small_multiples_wrap_at_four_per_row() -> None:
    frame = pl.DataFrame(
        {"year": [2020] * 8, "country_name": [f"Country {i}" for i in range(8)], "value": [float(i) for i in range(8)]}
    )
    fig = charts.small_multiples(frame, title="S", unit="kg", source=SOURCE, demo=False)
    assert len(fig.data) == 8
    assert all(fig.layout[n].matches == "y" for n in fig.layout if n.startswith("yaxis") and n != "yaxis")
    assert (
        fig.layout.height
        > charts.small_multiples(frame.head(4), title="S", unit="kg", source=SOURCE, demo=False).layout.height
    )


# ---- map ----------------------------------------------------------------------------------------------------------
def test_choropleth_uses_our_geometry_and_no_cdn() -> None:
    fig = maps.choropleth(ranking_frame(), title="Map", unit="kg", source=SOURCE, demo=False)
    ids = {f["id"] for f in geo.world_geojson()["features"]}
    drawn = []
    for trace in fig.data:
        assert isinstance(trace, go.Choropleth)
        assert trace.featureidkey == "id"
        features = {f["id"] for f in trace.geojson["features"]}
        assert features <= ids
        assert set(trace.locations) == features
        drawn += list(trace.locations)
    assert sorted(drawn) == sorted(ids)  # every shape once: with a figure, or grey
    assert "ATA" not in ids
    assert fig.layout.geo.visible is False
    text = fig.to_json()
    assert not re.search(r"https?://", text)
    assert "cdn.plot.ly" not in text and "world_110m" not in text


def test_choropleth_leaves_countries_without_figure_grey_not_zero() -> None:
    fig = maps.choropleth(ranking_frame(), title="Map", unit="kg", source=SOURCE, demo=False)
    grey, coloured = fig.data
    assert grey.showscale is False
    assert {c for _, c in grey.colorscale} == {maps.NO_FIGURE_COLOUR}
    assert "ESP" not in grey.locations and "COL" not in grey.locations
    assert "FRA" in coloured.locations  # a reported zero is coloured, at the bottom of the scale
    assert "BRA" in grey.locations  # no figure at all: grey
    assert coloured.colorscale[0][1] != maps.NO_FIGURE_COLOUR
    assert any("no figure reported (not zero)" in (a.text or "") for a in fig.layout.annotations)


def test_choropleth_log_colours_keep_labels_in_the_unit() -> None:
    fig = maps.choropleth(ranking_frame(), title="Map", unit="kg", source=SOURCE, demo=False, log_scale=True)
    coloured = fig.data[-1]
    assert max(coloured.z) == pytest.approx(2.0)
    assert "100" in coloured.colorbar.ticktext


def test_countries_without_shape_skips_placeholders() -> None:
    frame = ranking_frame().with_columns(pl.col("value").fill_null(1.0))
    assert maps.countries_without_shape(frame) == []


# ---- escaping and labelling -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["trend", "change", "small_multiples", "ranking", "choropleth"])
def test_hostile_text_is_escaped(name: str) -> None:
    fig = all_figures()[name]
    spec = fig.to_json()
    assert "<script>" not in spec and "<b>x</b>" not in spec
    assert "&lt;script&gt;" in spec
    for trace in fig.data:
        template = trace.hovertemplate or ""
        assert HOSTILE not in template and text.plotly(HOSTILE) not in template  # names come via fields


@pytest.mark.parametrize("name", ["trend", "change", "small_multiples", "ranking", "choropleth"])
def test_every_figure_has_unit_in_title_source_and_demo_notice(name: str) -> None:
    fig = all_figures()[name]
    assert "kg" in fig.layout.title.text
    notes = [a.text for a in fig.layout.annotations] + [fig.layout.title.subtitle.text or ""]
    assert any(f"Source: {SOURCE}" in n for n in notes)
    assert any("DEMONSTRATION DATA" in n for n in notes)
    assert fig.layout.template.layout.colorway  # an explicit template, not Streamlit's placeholder colours


def test_trend_hover_names_unit_and_reporting_countries() -> None:
    fig = charts.trend_figure(make_trend(), log_scale=False, title="T", source=SOURCE, demo=False)
    a = trace_named(fig, "A")
    assert "kg" in a.hovertemplate and "%{customdata[2]}" in a.hovertemplate
    assert a.customdata[2][2] == "2 countries reporting"
    assert a.customdata[1][1] == "not reported"


def test_empty_frames_give_a_labelled_figure() -> None:
    empty = trend_frame().clear()
    fig = charts.trend_figure(make_trend(empty), log_scale=False, title="T", source=SOURCE, demo=False)
    assert any("No figures" in a.text for a in fig.layout.annotations)
    assert "kg" in fig.layout.title.text


def test_wide_table_is_the_chart_as_a_table() -> None:
    table = charts.wide_table(trend_frame())
    assert table.columns[0] == "period"
    assert set(table.columns[1:]) == {"A", HOSTILE}
    assert table["period"].to_list() == [2015, 2016, 2017, 2018, 2019]
    assert table.filter(pl.col("period") == 2016)["A"].item() is None


def test_no_colour_of_the_map_scale_is_a_grey_like_the_no_figure_grey() -> None:
    # Issue 15: Cividis passes through grey, so the United States' 1.9 Mt looked like "no figure reported".
    fig = maps.choropleth(ranking_frame(), title="Map", unit="kg", source=SOURCE, demo=False)
    coloured = fig.data[1]

    def rgb(colour: str) -> tuple[int, ...]:
        if colour.startswith("#"):
            return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return tuple(int(float(p)) for p in colour[colour.index("(") + 1 : -1].split(",")[:3])

    for _, colour in coloured.colorscale:
        red, green, blue = rgb(colour)
        assert max(red, green, blue) - min(red, green, blue) > 40, colour  # far from any grey
