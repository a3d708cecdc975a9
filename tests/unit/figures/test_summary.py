"""The text alternative of a chart is computed from the figure's own data: the numbers it names are the ones drawn."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.figures import charts, summary
from dashboard.query import Trend


def _trend(rows: dict[str, list[float | None]], years=(2018, 2019, 2020, 2021, 2022)) -> Trend:
    frame = pl.DataFrame(
        {
            "period": [y for _ in rows for y in years],
            "series": [name for name in rows for _ in years],
            "value": [v for values in rows.values() for v in values],
        },
        schema_overrides={"period": pl.Int32},
    )
    return Trend(frame=frame, measure="kg", unit="kg", records=10, countries=1)


def test_one_series_says_where_it_started_ended_and_peaked():
    trend = _trend({"Cocaine-type": [1257.0, 1500.0, 2500.0, 1900.0, 2014.0]})
    fig = charts.trend_figure(trend, log_scale=False, title="Cocaine seizures", source="UNODC", demo=False)
    words = summary.describe(fig, "t")
    assert words == ("Cocaine-type rose from 1,257 t in 2018 to 2,014 t in 2022; the highest was 2,500 t in 2020.")
    assert summary.alternative(fig, "t").startswith("Cocaine seizures. Cocaine-type rose")


def test_a_gap_is_not_read_as_zero():
    trend = _trend({"Opioids": [None, 40.0, None, 30.0, None]})
    fig = charts.trend_figure(trend, log_scale=False, title="t", source="s", demo=False)
    assert summary.describe(fig, "kg") == "Opioids fell from 40 kg in 2019 to 30 kg in 2021."


def test_several_series_name_the_largest_in_the_last_period():
    trend = _trend({"A": [1.0, 2.0, 3.0, 4.0, 500.0], "B": [9.0, 9.0, 9.0, 9.0, 900.0], "C": [1.0] * 5})
    fig = charts.trend_figure(trend, log_scale=False, title="t", source="s", demo=False)
    words = summary.describe(fig, "kg")
    assert words.startswith("3 series from 2018 to 2022.")
    assert "In 2022 the largest were B (900 kg), A (500 kg), C (1 kg)." in words
    assert words.endswith(" B rose from 9 kg in 2018 to 900 kg in 2022.")  # how the largest got there


def test_a_ranking_names_its_largest_bars_and_escaped_names_come_back_plain():
    fig = go.Figure(go.Bar(x=[5.0, 50.0, 20.0], y=["Chile", "Côte d&#39;Ivoire &amp; co", "Peru"], orientation="h"))
    words = summary.describe(fig, "kg")
    assert words == "3 bars; the largest: Côte d'Ivoire & co (50 kg), Peru (20 kg), Chile (5 kg)."


def test_a_choropleth_names_its_largest_countries():
    fig = go.Figure(go.Choropleth(locations=["COL", "PER", "BOL"], z=[300.0, 100.0, 200.0]))
    words = summary.describe(fig, "kg")
    assert words.startswith("A map of 3 countries with a figure; the largest: Colombia (300 kg)")


def test_an_empty_figure_says_nothing():
    assert summary.describe(go.Figure(), "kg") == ""


def test_the_routes_sentence_names_the_largest_corridors():
    table = pl.DataFrame(
        {"From": ["Colombia", "Peru", "Bolivia"], "To": ["Spain", "USA", "Brazil"], "kg": [5.0, 90.0, None]}
    )
    words = summary.routes(table, origin="From", destination="To", value="kg", unit="kg", what="corridors")
    assert words == "3 corridors. The largest: Peru to USA (90 kg), Colombia to Spain (5 kg)."
    assert summary.routes(table.head(0), origin="From", destination="To", value="kg", unit="kg", what="corridors") == (
        "No corridors to draw."
    )


def test_months_and_days_are_written_out():
    import datetime as dt

    monthly = go.Figure(go.Scatter(x=[dt.date(2015, 1, 1), dt.date(2015, 3, 1)], y=[2.0, 5.0], name="A", mode="lines"))
    assert summary.describe(monthly, "kg") == "A rose from 2 kg in January 2015 to 5 kg in March 2015."
    daily = go.Figure(go.Scatter(x=[dt.date(2024, 1, 12), dt.date(2024, 5, 3)], y=[9.0, 4.0], name="B", mode="lines"))
    assert summary.describe(daily, "kg") == "B fell from 9 kg in 12 January 2024 to 4 kg in 3 May 2024."
    from dashboard.i18n import using

    with using("fr"):  # the month in the reader's language (strftime would write it in English)
        assert "janvier 2015" in summary.describe(monthly, "kg"), summary.describe(monthly, "kg")


def test_the_sentence_is_the_language_s_own_unit_and_full_stop_included():
    from dashboard.i18n import using

    trend = _trend({"A": [1.0, 2.0, 3.0, 4.0, 5.0]})
    with using("zh"):
        fig = charts.trend_figure(trend, log_scale=False, title="t", source="s", demo=False)
        words = summary.describe(fig, "kg")
    # "kg" is the stored unit; a Chinese sentence ends with "。", not a Latin full stop.
    assert words.endswith("。") and "公斤" in words and "kg" not in words, words
