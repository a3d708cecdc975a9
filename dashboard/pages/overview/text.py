"""What the Overview says: the headline metrics' labels and help, the captions, the notes of its downloads, and what
the figures are and are not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.pages.overview.model import TREND_SERIES, Overview
from dashboard.state import ViewState

FINDINGS_HEADING = N_("What changed")
FINDINGS_NOTE = N_(
    "Computed from the data in view: annual reports for the changes, records and reporting, case records for the "
    "corridors. Seizures measure enforcement as well as trafficking."
)
TREND_TITLE = N_("Quantity seized per year")
GROUPS_TITLE = N_("Quantity seized by substance group")
CORRIDORS_HEADING = N_("Main trafficking corridors in the case records")
NO_CORRIDOR = N_("No case record in the current filters names both an origin and a destination country.")
ALL_ROUTES = N_("See all routes on the map")
TO_CHECK_HELP = N_(
    "Records of this corridor with an amount flagged to check (over 2 t in one air seizure or 100 kg in one postal "
    "item, often a slip of unit): counted only when the sidebar includes amounts flagged to check."
)
CAVEATS = N_("""
**What these figures are, and are not**

- **Seizures measure enforcement as well as trafficking.** More seizures can mean more trafficking, or more or better
  policing, or better reporting. Compare countries and years with care.
- **Coverage varies.** Not every Government reports every year. A year a country did not report is shown as a gap,
  never as zero; the Data page has the full coverage matrix.
- **Totals are not added to their parts.** Where a country reports a total and its components, the total is used
  once (the components, where the total is smaller than they are). Plant material (coca leaf and bush, cannabis
  plants) is kept apart from processed drugs.
- **One year at a time.** The headline tonnes are each class's latest year, beside the year before: a sum over years
  would add editions and countries that report unevenly.
- **Units.** Kilograms are kilogram equivalents; other units (tablets, litres) are converted with documented
  factors, and the amount as reported is kept.
- **Sources.** Annual figures come from Governments' replies to the UNODC annual report questionnaire and other
  official sources; case records from the UNODC individual drug seizure reports. Each chart names its source.
""")


def tonnes_help(reporting: int | None, year: int | None) -> str:
    return _(
        "Tonnes (kilogram equivalent) in the annual reports for {year}, the latest year of this class in the years "
        "and regions chosen; {reporting} countries reported it. Totals are not added to their parts; plant "
        "material apart. The change is from the year before."
    ).format(year=year, reporting=text.count(reporting or 0))


class ClassMetric(NamedTuple):
    label: str
    value: str
    change: str | None  # "-12.3% on 2021", in the reader's language
    # The arrow follows the change's sign, not its text: a language may write the sign after words ("与 2021 年相比
    # -12.3%"), and Streamlit, reading only the first character, would point up.
    arrow: Literal["up", "down", "off"]
    help: str
    reported: bool = True  # False: the value is the words "not reported", set smaller than a figure


@dataclass(frozen=True)
class OverviewText:
    source: str  # the annual reports the trend rests on
    latest_source: str  # those the latest year's tonnes and groups rest on
    class_metrics: list[ClassMetric]  # per substance class
    count_metrics: list[tuple[str, str, str | None]]  # (label, value, help)
    years_caption: str
    corridors_caption: str
    trend_title: str
    trend_notes: list[str]  # the trend's download: what it counts and keeps
    groups_title: str
    groups_notes: list[str]


NO_CLASS_FIGURE = N_("No annual report in the years and regions chosen gives a figure for this class.")


def _class_metric(label: str, row: dict | None, latest: int | None) -> ClassMetric:
    """One class's tonnes in its latest year (named when it is not the latest of all), and the change on the year
    before."""
    if row is None:
        return ClassMetric(label, _(text.NOT_REPORTED), None, "off", _(NO_CLASS_FIGURE), reported=False)
    change = text.percent(row["change_pct"], signed=True, missing="") if row["previous"] else None
    delta = _("{change} on {year}").format(change=change, year=row["year"] - 1) if change else None
    value = text.quantity(row["value"] / 1000, "t", decimals=1)
    if row["year"] != latest:
        value = text.with_aside(value, row["year"])
    pct = row["change_pct"] if delta else None
    arrow = "off" if not pct else ("down" if pct < 0 else "up")
    return ClassMetric(label, value, delta, arrow, tonnes_help(row["reporting"], row["year"]))


def overview_text(data: Dataset, state: ViewState, figures: Overview) -> OverviewText:
    # The years each table really has in view: annual reports start in 2012 where case records start in 2011.
    first, last = query.view_years(data, state, cases=False)
    case_years = text.year_range(*query.view_years(data, state, cases=True))
    headline = figures.headline
    source = query.source_of(data, state, cases=False)
    by_class = {row["substance_class"]: row for row in figures.by_class.iter_rows(named=True)}
    trend = figures.trend
    shown = trend.frame["series"].n_unique() if trend.frame.height else 0
    kept = (
        _("the {shown} largest of {total} substance groups over the period").format(
            shown=shown, total=trend.series_total
        )
        if trend.series_total
        else None
    )
    groups_year = headline["groups_year"]
    groups_title = _("Quantity seized by substance group, {year}").format(year=groups_year)
    # The latest year's figures rest only on the editions that give that year.
    latest = state.with_(year_from=groups_year, year_to=groups_year) if groups_year else state
    latest_source = query.source_of(data, latest, cases=False)
    counted = text.view_in_words(state, (first, last), cases=False)
    left_out = text.suspect_note(headline["suspect_left_out"])
    return OverviewText(
        source=source,
        latest_source=latest_source,
        class_metrics=[
            _class_metric(_(label), by_class.get(cls), groups_year) for cls, label in text.CLASS_LABELS.items()
        ],
        count_metrics=[
            (_("Seizure cases recorded"), text.count(headline["seizures"]), None),
            (_("Countries reporting"), text.count(headline["countries_reporting_annual"]), _("In the annual reports")),
            (_("Countries in case records"), text.count(headline["countries_reporting_cases"]), None),
            (_("Latest year"), str(headline["latest_year"] or "—"), None),
        ],
        years_caption=_(
            "Annual reports {years}; case records {case_years}. Tonnes by class: {year} (each class's latest year, "
            "beside the change from the year before), {source}. Seizure cases: {case_source}. The charts below follow "
            "the substance-class filter (narcotic drugs and psychotropics unless you choose others)."
        ).format(
            years=text.year_range(first, last),
            case_years=case_years,
            year=groups_year,
            source=latest_source,
            case_source=query.source_of(data, state, cases=True),
        ),
        corridors_caption=text.sentences(
            _(
                "Based on {with_route} of {in_view} case records in the current filters: only those that name both an "
                "origin and a destination country."
            ).format(
                with_route=text.count(figures.corridors.records_with_route),
                in_view=text.count(figures.corridors.records_in_view),
            ),
            left_out,
        ),
        trend_title=_("{title}: {what}, by substance group").format(
            title=_(TREND_TITLE), what=text.title_words(state, (first, last))
        )
        + _(" (each panel on its own scale)"),
        trend_notes=text.download_notes(
            _("{title}: {what}, by substance group").format(title=_(TREND_TITLE), what=text.what_is_counted(state)),
            "kg",
            (first, last),
            source,
            demo=data.is_demo,
            counted=counted,
            kept=kept or _("every substance group (at most {count})").format(count=TREND_SERIES),
        ),
        groups_title=groups_title,
        groups_notes=text.download_notes(
            groups_title,
            "kg",
            (groups_year or first, groups_year or last),
            latest_source,
            demo=data.is_demo,
            counted=text.view_in_words(state, (groups_year or first, groups_year or last), cases=False),
            kept=_("every substance group with rows in the year"),
        ),
    )
