"""What the Trends page says: the title, the sentence on what the figures rest on, and the notes of its downloads."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.data import Dataset
from dashboard.query import Trend, measure_label, skew_note, source_of, uses_cases, view_years
from dashboard.state import BREAKDOWNS, ViewState

NO_FIGURES = "No figures match the current filters. Widen the years or clear some filters in the sidebar."
CHANGE_NOTE = "change_pct: per cent change from the previous period; empty where either is not reported"
NO_CHANGE_BAR = "No bar: the change cannot be computed because one of the two periods was not reported (or was zero)."
GROUP_LINES = (
    " A line *group: group total* is the group's figure (its reported total, or the sum of its parts where it has "
    "none) and *group: unspecified* what its totals hold beyond the substances named: each substance's line is its "
    "own rows, so add neither to them."
)


@dataclass(frozen=True)
class TrendText:
    monthly: bool
    period_name: str  # "month" or "year"
    title: str
    source: str  # the citation of the table the figures rest on
    summary: str  # Markdown: what the figures rest on, and how to read them
    notes: list[str]  # the CSV's header lines
    details: dict[str, str]  # what may stand below the chart
    change_title: str
    table_caption: str
    file_name: str
    change_file_name: str


def reporting_sentence(trend: Trend, state: ViewState) -> str:
    """How many countries the latest period's figures rest on, for a world or regional sum."""
    frame = trend.frame.filter(trend.frame["value"].is_not_null()) if trend.frame.height else trend.frame
    if frame.is_empty() or state.breakdown == "country" or "of" not in frame.columns:
        return ""
    latest = frame.filter(frame["period"] == frame["period"].max())
    if state.breakdown == "region":
        each = "; ".join(
            f"{row['series']}: {text.reporting_phrase(row['reporting'], row['of'], row['period'])}"
            for row in latest.sort("series").iter_rows(named=True)
        )
        return f" {each}."
    row = latest.sort("reporting", descending=True).row(0, named=True)
    phrase = text.reporting_phrase(row["reporting"], row["of"], row["period"])
    if latest.height == 1:
        return f" {row['series']}: {phrase}."
    return f" Each line is a sum of countries: at most {phrase} (the download gives each line's count)."


def trend_text(data: Dataset, state: ViewState, trend: Trend, *, monthly_possible: bool) -> TrendText:
    monthly = state.resolution == "month" and monthly_possible
    period_name = "month" if monthly else "year"
    label = measure_label(state)
    by_label = BREAKDOWNS[state.breakdown].lower()
    counted = text.what_is_counted(state)
    series_count = trend.frame["series"].n_unique() if trend.frame.height else 0
    first, last = view_years(data, state)
    title = f"{label}: {text.title_words(state, (first, last))} — by {by_label}, per {period_name}"
    cases = uses_cases(state)
    records_kind = "case records" if cases else "rows of the annual reports"
    dated = " with a known month" if monthly else ""
    summary = (
        f"These figures rest on **{trend.records:,} {records_kind}{dated}** from **{trend.countries:,} "
        f"{'country' if trend.countries == 1 else 'countries'}** ({text.year_range(first, last)}). "
        "**A gap in a line means not reported — never zero.**"
    )
    summary += reporting_sentence(trend, state)
    if (
        state.breakdown == "substance"
        and trend.frame.height
        and trend.frame["series"].str.ends_with(": group total").any()
    ):
        summary += GROUP_LINES
    kept = None
    if trend.series_total > series_count:
        kept = f"the {series_count} largest of {trend.series_total} {by_label} series over the period"
        summary += f" The chart draws {kept}."
    left_out = text.suspect_note(trend.suspect_left_out)
    if left_out:
        summary += f" {left_out}"
    if not monthly_possible:
        summary += " Monthly resolution is available for measures from case records."
    if state.log_scale:
        summary += " On a logarithmic scale a zero cannot be drawn: see the table."
    source = source_of(data, state)
    warning = skew_note(data, state)
    if warning:
        summary += f" **{warning}**"
    return TrendText(
        monthly=monthly,
        period_name=period_name,
        title=title,
        source=source,
        summary=summary,
        notes=text.download_notes(
            title,
            trend.unit,
            state.years(data.vocabulary),
            source,
            demo=data.is_demo,
            counted=text.view_in_words(state, (first, last), cases=cases),
            kept=kept,
        )
        + ([f"Left out: {left_out}"] if left_out else []),
        details={"table": "Table of the chart", "change": f"Change from the previous {period_name}"},
        change_title=f"Change from the previous {period_name}: {label[0].lower()}{label[1:]}, {counted}, by {by_label}",
        table_caption=f"One row per {period_name}, one column per {by_label} ({counted}), in {trend.unit}. "
        "A year a country did not report is written out as not reported (never zero).",
        file_name=f"trends-{state.breakdown}-{period_name}.csv",
        change_file_name=f"trends-change-{state.breakdown}-{period_name}.csv",
    )
