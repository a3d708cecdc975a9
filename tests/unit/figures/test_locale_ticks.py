"""Tick labels of value axes in the reader's locale (Babel, through text.py), never plotly's English SI suffixes."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import text
from dashboard.figures import charts, maps, style
from dashboard.i18n import using
from dashboard.query import Trend

NBSP = "\u00a0"  # CLDR's space between a number and its compact suffix in French ("10 k")
NARROW_NBSP = "\u202f"  # CLDR's French thousands separator ("1 234")


def big_trend() -> Trend:
    frame = pl.DataFrame(
        {
            "period": [2015, 2016, 2017, 2015, 2016, 2017],
            "series": ["A"] * 3 + ["B"] * 3,
            "value": [1200.0, 15_400.0, 9_400.0, 500.0, 2_500_000.0, None],
            "reporting": [1, 1, 1, 1, 1, None],
        },
        schema_overrides={"period": pl.Int32},
    )
    return Trend(frame=frame, measure="kg", unit="kg", records=6, countries=2)


def trend(lang: str) -> go.Figure:
    with using(lang):
        return charts.trend_figure(big_trend(), log_scale=False, title="Quantity", source="S", demo=False)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["0", f"500{NBSP}k", f"1{NBSP}M", f"1,5{NBSP}M", f"2{NBSP}M", f"2,5{NBSP}M"]),
        ("ar", ["0", f"500{NBSP}ألف", f"1{NBSP}مليون", f"1.5{NBSP}مليون", f"2{NBSP}مليون", f"2.5{NBSP}مليون"]),
        ("zh", ["0", "50万", "100万", "150万", "200万", "250万"]),
    ],
)
def test_a_trends_value_axis_is_written_by_the_locale(lang: str, expected: list[str]) -> None:
    fig = trend(lang)
    axis = fig.layout.yaxis
    assert axis.tickmode == "array" and list(axis.tickvals) == [0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6]
    assert [text.without_line_isolates(t) for t in axis.ticktext] == expected
    assert axis.hoverformat == ",.10~r"  # the hover in full with the locale's separators, never "1.5M"
    assert fig.layout.xaxis.tickvals is None  # the year axis stays as plotly writes years ("d")


def test_english_keeps_plotlys_own_ticks_which_follow_a_zoom() -> None:
    fig = trend("en")
    assert fig.layout.yaxis.tickvals is None and fig.layout.yaxis.tickformat == "~s"


def test_french_thousands_and_decimals() -> None:
    with using("fr"):
        assert style.tick_labels([0.0, 0.5, 1.0, 1.5]) == ["0", "0,5", "1", "1,5"]  # decimal comma
        # Below ten thousand the number in full ("2 000"), then the short form ("20 k").
        assert style.tick_labels([0.0, 2000.0, 4000.0]) == ["0", f"2{NARROW_NBSP}000", f"4{NARROW_NBSP}000"]
        assert style.tick_labels([0.0, 20_000.0]) == ["0", f"20{NBSP}k"]
        # Below a thousand the plain number, never an SI prefix (issue 15): 0.14, not "140m".
        small = style.tick_labels(style.nice_ticks(0.0, 0.74))
        assert small == ["0", "0,2", "0,4", "0,6", "0,8"] and not any("m" in t for t in small)
        assert text.plotly_separators() == "," + NARROW_NBSP  # hovers: "1 234,5"


def test_chinese_compact_numbers_start_at_ten_thousand() -> None:
    with using("zh"):
        assert style.tick_labels([0.0, 5000.0, 10_000.0, 15_000.0]) == ["0", "5,000", "1万", "1.5万"]


@pytest.mark.parametrize(("low", "high"), [(0.0, 15_000.0), (0.0, 0.74), (-50.0, 80.0), (3.0, 7.0), (0.0, 1.0)])
def test_nice_ticks_cover_the_data_at_round_steps(low: float, high: float) -> None:
    ticks = style.nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and 5 <= len(ticks) <= 11
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    mantissa = f"{steps.pop():e}"  # "2.000000e+03"
    assert mantissa.startswith(("1.000000", "2.000000", "5.000000")), mantissa


def test_stacked_bars_are_ticked_to_their_sum() -> None:
    with using("fr"):
        fig = go.Figure([go.Bar(x=["a", "b"], y=[800.0, 100.0]), go.Bar(x=["a", "b"], y=[700.0, 50.0])])
        fig.update_layout(barmode="stack")
        style.finish(fig, title="t", unit="kg", source="s", demo=False)
    assert max(fig.layout.yaxis.tickvals) >= 1500 and fig.layout.yaxis.ticktext[-1] == f"1{NARROW_NBSP}600"
    assert fig.layout.xaxis.tickvals is None  # a category axis is left alone


def test_a_maps_colour_scale_is_written_by_the_locale() -> None:
    frame = pl.DataFrame(
        {"country_iso3": ["COL", "ESP"], "country_name": ["Colombia", "Spain"], "value": [120_000.0, 30_000.0]}
    )
    with using("fr"):
        fig = maps.choropleth(frame, title="Map", unit="kg", source="S", demo=False)
    bars = [t.colorbar for t in fig.data if getattr(t, "colorbar", None) is not None and t.colorbar.ticktext]
    assert bars and all(NBSP + "k" in label for label in bars[0].ticktext[1:])


def test_panels_on_one_scale_are_ticked_to_the_largest_panel_wherever_it_stands() -> None:
    # Five regions in two rows, the largest second: make_subplots' shared axes match the bottom-left panel's, so
    # ticks taken from the first column alone were bunched at the foot of every panel (0, 10 k, 20 k of 1.6 M).
    scales = {"Africa": 1e4, "Americas": 8e5, "Asia": 2e4, "Europe": 2e5, "Oceania": 5e3}
    frame = pl.DataFrame(
        [
            {"year": y, "region": name, "value": scale * (1 + (y - 2012) / 10)}
            for name, scale in scales.items()
            for y in range(2012, 2023)
        ]
    )
    with using("ar"):
        fig = charts.small_multiples(frame, title="t", unit="kg", source="s", demo=False, label="region")
    ticked = [fig.layout[n] for n in fig.layout if n.startswith("yaxis") and fig.layout[n].tickvals]
    assert len(ticked) >= 5
    assert all(max(axis.tickvals) >= 1.6e6 for axis in ticked), [axis.tickvals for axis in ticked]


def test_a_change_axis_keeps_its_percent_sign_in_the_locale() -> None:
    frame = pl.DataFrame(
        {"period": [2016, 2017, 2016, 2017], "series": ["A", "A", "B", "B"], "change_pct": [-20.0, 35.0, 10.0, None]},
        schema_overrides={"period": pl.Int32},
    )
    frame = frame.with_columns(value=pl.lit(1.0))
    with using("fr"):
        fig = charts.change_figure(frame, title="C", unit="kg", source="S", demo=False)
    axis = fig.layout.yaxis
    # Labels given as text take no suffix: each one carries the French percent ("20 %"), and no "%" is added twice.
    assert axis.ticktext and all(label.endswith(f"{NBSP}%") for label in axis.ticktext)
    assert not axis.ticksuffix
    with using("en"):
        english = charts.change_figure(frame, title="C", unit="kg", source="S", demo=False)
    assert english.layout.yaxis.ticksuffix == "%" and english.layout.yaxis.tickvals is None
