"""What the Overview says: the headline metrics' labels and help, the captions, and what the figures are and are not."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import text
from dashboard.data import Dataset
from dashboard.pages.overview.model import Overview
from dashboard.state import ViewState

TONNES_HELP = (
    "Tonnes (kilogram equivalent) in the annual reports for the years and regions chosen; totals are not added to "
    "their parts; plant material apart."
)
TREND_TITLE = "Quantity seized per year"
GROUPS_TITLE = "Quantity seized by substance group"
CORRIDORS_HEADING = "Main trafficking corridors in the case records"
NO_CORRIDOR = "No case record in the current filters names both an origin and a destination country."
ALL_ROUTES = "See all routes on the map"
TO_CHECK_HELP = (
    "Records of this corridor flagged check_amount (over 2 t in one air seizure or 100 kg in one postal item, often a "
    "slip of unit): kept as reported, worth a second look."
)
CAVEATS = """
**What these figures are, and are not**

- **Seizures measure enforcement as well as trafficking.** More seizures can mean more trafficking, or more or better
  policing, or better reporting. Compare countries and years with care.
- **Coverage varies.** Not every Government reports every year. A year a country did not report is shown as a gap,
  never as zero; the Data page has the full coverage matrix.
- **Totals are not added to their parts.** Where a country reports a total and its components, the total is used
  once. Plant material (coca leaf and bush, cannabis plants) is kept apart from processed drugs.
- **Units.** Kilograms are kilogram equivalents; other units (tablets, litres) are converted with documented
  factors, and the amount as reported is kept.
- **Sources.** Annual figures come from Governments' replies to the UNODC annual report questionnaire and other
  official sources; case records from the UNODC individual drug seizure reports. Each chart names its source.
"""


@dataclass(frozen=True)
class OverviewText:
    source: str  # the annual reports the tonnes and the trend rest on
    class_metrics: list[tuple[str, str]]  # (label, value) per substance class
    count_metrics: list[tuple[str, str, str | None]]  # (label, value, help)
    years_caption: str
    corridors_caption: str


def overview_text(data: Dataset, state: ViewState, figures: Overview) -> OverviewText:
    first, last = state.years(data.vocabulary)
    headline = figures.headline
    source = data.citation_for(cases=False)
    return OverviewText(
        source=source,
        class_metrics=[
            (label, text.quantity(figures.tonnes_by_class.get(cls), "t", decimals=1))
            for cls, label in text.CLASS_LABELS.items()
        ],
        count_metrics=[
            ("Seizure cases recorded", text.count(headline["seizures"]), None),
            ("Countries reporting", text.count(headline["countries_reporting_annual"]), "In the annual reports"),
            ("Countries in case records", text.count(headline["countries_reporting_cases"]), None),
            ("Latest year", str(headline["latest_year"] or "—"), None),
        ],
        years_caption=f"Years {text.year_range(first, last)}. Tonnes by class: {source}. Seizure cases: "
        f"{data.citation_for(cases=True)}. The charts below follow the substance-class filter (narcotic drugs and "
        "psychotropics unless you choose others).",
        corridors_caption=f"Based on {figures.corridors.records_with_route:,} of {figures.corridors.records_in_view:,} "
        "case records in the current filters: only those that name both an origin and a destination country.",
    )
