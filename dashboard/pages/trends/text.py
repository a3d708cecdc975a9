"""What the Trends page says: the title, the sentence on what the figures rest on, and the notes of its downloads."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.data import Dataset
from dashboard.i18n import N_, _, n_
from dashboard.query import Trend, measure_label, skew_note, source_of, uses_cases, view_years
from dashboard.state import BREAKDOWNS, ViewState

NO_FIGURES = N_("No figures match the current filters. Widen the years or clear some filters in the sidebar.")
CHANGE_NOTE = N_("change_pct: per cent change from the previous period; empty where either is not reported")
# A change with no figure: the period was reported, but not the one before it (or that one was zero).
NO_CHANGE = N_("cannot be computed")
NO_CHANGE_BAR = N_(
    "No bar: the change cannot be computed because one of the two periods was not reported (or was zero)."
)
GROUP_LINES = N_(
    " A line *group: group total* is the group's figure (its reported total, or the sum of its parts where it has "
    "none) and *group: unspecified* what its totals hold beyond the substances named: each substance's line is its "
    "own rows, so add neither to them."
)


PER_PERIOD = {"month": N_("month"), "year": N_("year")}
CHANGE_FROM = {"month": N_("Change from the previous month"), "year": N_("Change from the previous year")}
TABLE_CAPTION = {
    "month": N_(
        "One row per month, one column per {breakdown} ({what}), in {unit}. A month with no figure is written out as "
        "not reported (never zero)."
    ),
    "year": N_(
        "One row per year, one column per {breakdown} ({what}), in {unit}. A year a country did not report is written "
        "out as not reported (never zero)."
    ),
}
RECORDS_KIND = {  # (from case records, monthly)
    (True, True): N_("{count} case records with a known month"),
    (True, False): N_("{count} case records"),
    (False, True): N_("{count} rows of the annual reports with a known month"),
    (False, False): N_("{count} rows of the annual reports"),
}


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
    if state.breakdown in ("region", "subregion", "unodc_region", "unodc_subregion"):
        each = text.grouped(
            text.labelled(
                text.vocabulary_label(row["series"]),
                text.reporting_phrase(row["reporting"], row["of"], row["period"]),
            )
            for row in latest.sort("series").iter_rows(named=True)
        )
        return text.full_stop(each)
    row = latest.sort("reporting", descending=True).row(0, named=True)
    phrase = text.reporting_phrase(row["reporting"], row["of"], row["period"])
    if latest.height == 1:
        return text.full_stop(text.labelled(text.vocabulary_label(row["series"]), phrase))
    return _("Each line is a sum of countries: at most {phrase} (the download gives each line's count).").format(
        phrase=phrase
    )


def trend_text(data: Dataset, state: ViewState, trend: Trend, *, monthly_possible: bool) -> TrendText:
    monthly = state.resolution == "month" and monthly_possible
    period_name = "month" if monthly else "year"
    label = measure_label(state, in_title=True)
    # Inside a sentence, in lower case, but an acronym stays as it is ("by UNODC subregion").
    by_label = " ".join(w if w.isupper() else w.lower() for w in _(BREAKDOWNS[state.breakdown]).split(" "))
    counted = text.what_is_counted(state)
    series_count = trend.frame["series"].n_unique() if trend.frame.height else 0
    first, last = view_years(data, state)
    per = _(PER_PERIOD[period_name])
    title = _("{measure}: {what} — by {breakdown}, per {period}").format(
        measure=label, what=text.title_words(state, (first, last)), breakdown=by_label, period=per
    )
    cases = uses_cases(state)
    records = _(RECORDS_KIND[(cases, monthly)]).format(count=text.count(trend.records))
    countries = n_("{count} country", "{count} countries", trend.countries).format(count=text.count(trend.countries))
    summary = _(
        "These figures rest on **{records}** from **{countries}** ({years}). **A gap in a line means not reported — "
        "never zero.**"
    ).format(records=records, countries=countries, years=text.year_range(first, last))
    summary = text.sentences(summary, reporting_sentence(trend, state))
    if (
        state.breakdown == "substance"
        and trend.frame.height
        and trend.frame["series"].str.ends_with(": group total").any()
    ):
        summary = text.sentences(summary, _(GROUP_LINES))
    kept = None
    if trend.series_total > series_count:
        kept = _("the {shown} largest of {total} {breakdown} series over the period").format(
            shown=series_count, total=trend.series_total, breakdown=by_label
        )
        summary = text.sentences(summary, _("The chart draws {kept}.").format(kept=kept))
    left_out = text.suspect_note(trend.suspect_left_out)
    summary = text.sentences(summary, left_out)
    if not monthly_possible:
        summary = text.sentences(summary, _("Monthly resolution is available for measures from case records."))
    if state.log_scale:
        summary = text.sentences(summary, _("On a logarithmic scale a zero cannot be drawn: see the table."))
    source = source_of(data, state)
    warning = skew_note(data, state)
    if warning:
        summary = text.sentences(summary, f"**{warning}**")
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
        + ([_("Left out: {what}").format(what=left_out)] if left_out else []),
        details={"table": _("Table of the chart"), "change": _(CHANGE_FROM[period_name])},
        change_title=_("{change}: {measure}, {what}, by {breakdown}").format(
            change=_(CHANGE_FROM[period_name]),
            measure=f"{label[0].lower()}{label[1:]}",
            what=counted,
            breakdown=by_label,
        ),
        table_caption=_(TABLE_CAPTION[period_name]).format(breakdown=by_label, what=counted, unit=_(trend.unit)),
        file_name=f"trends-{state.breakdown}-{period_name}.csv",
        change_file_name=f"trends-change-{state.breakdown}-{period_name}.csv",
    )
