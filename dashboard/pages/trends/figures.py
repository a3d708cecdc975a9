"""The Trends page's figures as exhibits: the trend chart, and the change chart when it stands below
(``main_figures`` builds them from a view, for the page, an export, a published view or a slide)."""

from __future__ import annotations

from dashboard import query
from dashboard.data import Dataset
from dashboard.figures import charts
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.i18n import _
from dashboard.pages.trends.params import below, controls_from_view
from dashboard.pages.trends.text import CHANGE_NOTE, TrendText, trend_text
from dashboard.state import ViewState


def trend_exhibit(trend: query.Trend, words: TrendText, state: ViewState, *, demo: bool, filters: str) -> Exhibit:
    figure = charts.trend_figure(trend, log_scale=state.log_scale, title=words.title, source=words.source, demo=demo)
    return Exhibit(
        "trend", words.title, figure, trend.frame, trend.unit, words.source, filters, notes=tuple(words.notes)
    )


def change_exhibit(trend: query.Trend, words: TrendText, *, demo: bool, filters: str) -> Exhibit:
    changes = query.with_change(trend.frame)
    figure = charts.change_figure(
        changes,
        title=words.change_title,
        unit=trend.unit,
        source=words.source,
        demo=demo,
        period_name=words.period_name,
    )
    table = changes.select("period", "series", "value", "change_pct")
    return Exhibit(
        "change",
        words.change_title,
        figure,
        table,
        trend.unit,
        words.source,
        filters,
        notes=(*words.notes, _(CHANGE_NOTE)),
    )


def settled(state: ViewState) -> ViewState:
    """The view as the page's controls settle it (months only where case dates allow them)."""
    breakdown, resolution, log_scale = controls_from_view(state, monthly_possible=query.uses_cases(state))
    return state.with_(breakdown=breakdown, resolution=resolution, log_scale=log_scale)


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    state = settled(state)
    trend = query.trend(data, state)
    if trend.frame.is_empty():
        return []
    words = trend_text(data, state, trend, monthly_possible=query.uses_cases(state))
    filters = filters_of(data, state)
    out = [trend_exhibit(trend, words, state, demo=data.is_demo, filters=filters)]
    if below(state) == "change":
        out.append(change_exhibit(trend, words, demo=data.is_demo, filters=filters))
    return out
