"""The Trends page: the controls' values as the view gives them, and the titles, sentences and notes of the trend."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import Dataset
from dashboard.query import Trend, measure_label, skew_note, uses_cases, view_years
from dashboard.state import BREAKDOWNS, ViewState
from dashboard.views.shared import download_notes

NO_FIGURES = "No figures match the current filters. Widen the years or clear some filters in the sidebar."
CHANGE_NOTE = "change_pct: per cent change from the previous period; empty where either is not reported"
NO_CHANGE_BAR = "No bar: the change cannot be computed because one of the two periods was not reported (or was zero)."


def controls_from_view(state: ViewState, *, monthly_possible: bool) -> tuple[str, str, bool]:
    """Breakdown, resolution and log scale as the view gives them; months only where case dates allow them."""
    return state.breakdown, state.resolution if monthly_possible else "year", state.log_scale


@dataclass(frozen=True)
class TrendText:
    monthly: bool
    period_name: str  # "month" or "year"
    title: str
    summary: str  # Markdown: what the figures rest on, and how to read them
    notes: list[str]  # the CSV's header lines
    details: dict[str, str]  # what may stand below the chart
    change_title: str
    table_caption: str
    file_name: str
    change_file_name: str


def trend_text(data: Dataset, state: ViewState, trend: Trend, *, monthly_possible: bool) -> TrendText:
    monthly = state.resolution == "month" and monthly_possible
    period_name = "month" if monthly else "year"
    label = measure_label(state)
    by_label = BREAKDOWNS[state.breakdown].lower()
    title = f"{label} — by {by_label}, per {period_name}"
    series_count = trend.frame["series"].n_unique() if trend.frame.height else 0
    first, last = view_years(data, state)
    records_kind = "case records" if uses_cases(state) else "rows of the annual reports"
    dated = " with a known month" if monthly else ""
    summary = (
        f"These figures rest on **{trend.records:,} {records_kind}{dated}** from **{trend.countries:,} "
        f"{'country' if trend.countries == 1 else 'countries'}** ({first}–{last}). "
        "**A gap in a line means not reported — never zero.**"
    )
    if trend.series_total > series_count:
        summary += (
            f" The chart draws the {series_count} largest of {trend.series_total} {by_label} series over the period."
        )
    if not monthly_possible:
        summary += " Monthly resolution is available for measures from case records."
    if state.log_scale:
        summary += " On a logarithmic scale a zero cannot be drawn: see the table."
    warning = skew_note(data, state)
    if warning:
        summary += f" **{warning}**"
    return TrendText(
        monthly=monthly,
        period_name=period_name,
        title=title,
        summary=summary,
        notes=download_notes(data, state, title, trend.unit),
        details={"table": "Table of the chart", "change": f"Change from the previous {period_name}"},
        change_title=f"Change from the previous {period_name}: {label[0].lower()}{label[1:]}, by {by_label}",
        table_caption=f"One row per {period_name}, one column per {by_label}, in {trend.unit}. *None*: not reported.",
        file_name=f"trends-{state.breakdown}-{period_name}.csv",
        change_file_name=f"trends-change-{state.breakdown}-{period_name}.csv",
    )
