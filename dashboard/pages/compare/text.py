"""What the Compare countries page says: its titles, captions and the notes of its downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.measures import MEASURES
from dashboard.state import ViewState

REGIONS_NOTE = (
    "The regions compared are those chosen in the sidebar filter (*Region of seizing country*), or all of them."
)
COUNTRIES_HELP = "By default, the four countries with the largest figures in the current filters."
MAP_HINT = "Click a country on the map to open its profile."
LOG_TIP = "Tip: switch on the logarithmic scale above to tell the smaller figures apart on the map."
MAP_ALTERNATIVE = "The map's table alternative is the ranking (choose *Ranking* above)."
RANKING_NOTE = "Orange bars: the countries compared above. The table above is this chart's table alternative."


@dataclass(frozen=True)
class CompareText:
    """The titles and captions of the page for the data and view it draws."""

    label: str  # the measure
    unit: str
    years: str  # "2015–2024"
    source: str
    demo: bool
    notes_years: tuple[int, int]
    ranking_title: str
    map_title: str
    top_title: str

    def side_by_side_title(self, kind: str) -> str:
        return f"{self.label}: {kind} side by side on one scale"

    def chart_labels(self, title: str) -> dict[str, object]:
        """The keyword arguments every figure builder takes: title, unit, source, demonstration watermark."""
        return {"title": title, "unit": self.unit, "source": self.source, "demo": self.demo}

    def notes(self, title: str) -> list[str]:
        return text.download_notes(title, self.unit, self.notes_years, self.source, demo=self.demo)

    def ranking_caption(self, countries: int) -> str:
        return (
            f"{self.label}, {self.years}. {countries:,} countries with a figure. Shares are of the total of the "
            "countries that reported in the current filters; a country that did not report is not counted as zero."
        )


def compare_text(data: Dataset, state: ViewState) -> CompareText:
    first, last = query.view_years(data, state)
    label = query.measure_label(state)
    measure = MEASURES[state.measure].label
    years = text.year_range(first, last)
    return CompareText(
        label=label,
        unit=query.unit(state),
        years=years,
        source=query.source_of(data, state),
        demo=data.is_demo,
        notes_years=state.years(data.vocabulary),
        ranking_title=f"{label}, {years}, by seizing country",
        map_title=f"{label}, {years}: world map",
        top_title=f"The 20 largest: {measure[0].lower()}{measure[1:]}",
    )


def too_few(kind: str) -> str:
    return f"Choose at least two {kind} to compare them side by side."


def reporting_caption(series: pl.DataFrame, kind: str) -> str:
    reporting = series.filter(series["value"].is_not_null())
    return (
        f"Every panel uses the same vertical scale. {reporting.height:,} of {series.height:,} "
        f"{'country' if kind == 'countries' else 'region'}-years have "
        "a figure; **a gap means not reported — never zero.**"
    )


def unshaped_caption(unshaped: Sequence[str]) -> str | None:
    return f"Too small for this map, but in the ranking: {', '.join(sorted(unshaped))}." if unshaped else None


def table_note(unit: str) -> str:
    return f"In {unit}. *None*: not reported (never zero)."
