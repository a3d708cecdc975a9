"""What the Compare countries page says: its titles, captions and the notes of its downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.state import ViewState

EVERY_DRUG_NOTE = N_(
    "Every drug: these kilograms add up different drugs, so cannabis swamps cocaine and heroin; UNODC publishes no "
    "such sum. Choose one drug above to compare like with like."
)

REGIONS_NOTE = N_(
    "The areas compared are those chosen in the sidebar filters (*Region of seizing country* for UN M49 regions, "
    "*Subregion of seizing country* for the others), or all of them at the chosen level."
)
LEVELS_HELP = N_(
    "UN M49 regions and subregions are the UN Statistics Division's; UNODC regions and subregions are UNODC's own "
    "(West and Central Africa, Near and Middle East/ South-West Asia...), as its annual files place each country (the "
    "latest edition decides where editions differ), named as UNODC writes them. Each country counts in one area."
)
COUNTRIES_HELP = N_("By default, the four countries with the largest figures in the current filters.")
MAP_HINT = N_("Click a country on the map to open its profile.")
LOG_TIP = N_("Tip: switch on the logarithmic scale above to tell the smaller figures apart on the map.")
MAP_ALTERNATIVE = N_("The map's table alternative is the ranking (choose *Ranking* above).")
RANKING_NOTE = N_("Orange bars: the countries compared above. The table above is this chart's table alternative.")
YEAR_LABEL = N_("Year")
YEAR_HELP = N_("The ranking and the map show one year: a share is of that year's total, never of a sum over years.")
REGION_REPORTING = N_("Region's countries reporting")
REGION_OF = N_("of the region's countries")
SHARES_DOWNLOAD = N_("Download the shares of every year (CSV)")


@dataclass(frozen=True)
class CompareText:
    """The titles and captions of the page for the data and view it draws."""

    label: str  # the measure, with its unit (a caption or a message)
    title_label: str  # the measure in a chart title, which gives the unit after it
    unit: str
    years: str  # "2015–2024"
    source: str
    demo: bool
    notes_years: tuple[int, int]
    counted: str  # what the figures count: the substances (or classes), and the regions and ways a filter keeps
    in_words: str  # every filter, in words, for the downloads
    left_out: str | None  # case records flagged check_amount left out

    @property
    def shares_title(self) -> str:
        return _("{measure}: {what}, by seizing country and year, with shares of each year's totals").format(
            measure=self.title_label, what=self.counted
        )

    def side_by_side_title(self, kind: str) -> str:
        title = _(SIDE_BY_SIDE.get(kind, SIDE_BY_SIDE["countries"]))
        return title.format(measure=self.title_label, what=self.counted, years=self.years)

    def ranking_title(self, year: int | None) -> str:
        return _("{measure}: {what}, {year}, by seizing country").format(
            measure=self.title_label, what=self.counted, year=year
        )

    def map_title(self, year: int | None) -> str:
        return _("{measure}: {what}, {year}: world map").format(measure=self.title_label, what=self.counted, year=year)

    def top_title(self, year: int | None) -> str:
        return _("The 20 largest in {year}: {what}").format(year=year, what=self.counted)

    def chart_labels(self, title: str) -> dict[str, object]:
        """The keyword arguments every figure builder takes: title, unit, source, demonstration watermark."""
        return {"title": title, "unit": self.unit, "source": self.source, "demo": self.demo}

    def notes(self, title: str, *, years: tuple[int, int] | None = None) -> list[str]:
        notes = text.download_notes(
            title, self.unit, years or self.notes_years, self.source, demo=self.demo, counted=self.in_words
        )
        return notes + ([_("Left out: {what}").format(what=self.left_out)] if self.left_out else [])

    def ranking_caption(self, ranking: pl.DataFrame, year: int | None) -> str:
        """What the shares are of: one year's totals, and how many countries reported that year."""
        if ranking.is_empty():
            return _("{measure}: no country has a figure in the current filters.").format(measure=self.label)
        row = ranking.row(0, named=True)
        world = text.reporting_phrase(row["world_reporting"], row["world_of"], year)
        caption = _(
            "{measure}, {year}. Shares are of {year}'s total ({world}) and of each region's total of that year (the "
            "last columns say how many of the region's countries reported); a country that did not report is not "
            "counted as zero."
        ).format(measure=self.label, year=year, world=world)
        return text.sentences(caption, self.left_out)


def compare_text(data: Dataset, state: ViewState) -> CompareText:
    first, last = query.view_years(data, state)
    cases = query.uses_cases(state)
    return CompareText(
        label=query.measure_label(state),
        title_label=query.measure_label(state, in_title=True),
        unit=query.unit(state),
        years=text.year_range(first, last),
        source=query.source_of(data, state),
        demo=data.is_demo,
        notes_years=state.years(data.vocabulary),
        counted=text.title_words(state),
        in_words=text.view_in_words(state, (first, last), cases=cases),
        left_out=text.suspect_note(query.suspect_left_out(data, state)) if cases else None,
    )


SIDE_BY_SIDE = {
    "countries": N_("{measure}: {what}, {years}, countries side by side on one scale"),
    "regions": N_("{measure}: {what}, {years}, regions side by side on one scale"),
}
TOO_FEW = {
    "countries": N_("Choose at least two countries to compare them side by side."),
    "regions": N_("Choose at least two regions to compare them side by side."),
}
PANEL_YEARS = {
    "countries": N_(
        "Every panel uses the same vertical scale. {reporting} of {total} country-years have a figure; **a gap means "
        "not reported — never zero.**"
    ),
    "regions": N_(
        "Every panel uses the same vertical scale. {reporting} of {total} region-years have a figure; **a gap means "
        "not reported — never zero.**"
    ),
}


def too_few(kind: str) -> str:
    return _(TOO_FEW.get(kind, TOO_FEW["countries"]))


def reporting_caption(series: pl.DataFrame, kind: str) -> str:
    reporting = series.filter(series["value"].is_not_null())
    caption = _(PANEL_YEARS["countries" if kind == "countries" else "regions"]).format(
        reporting=text.count(reporting.height), total=text.count(series.height)
    )
    if kind == "regions" and reporting.height:
        latest = reporting.filter(reporting["year"] == reporting["year"].max()).sort("region")
        each = text.grouped(
            text.labelled(
                text.vocabulary_label(row["region"]), text.reporting_phrase(row["reporting"], row["of"], row["year"])
            )
            for row in latest.iter_rows(named=True)
        )
        caption = text.sentences(
            caption, text.full_stop(_("Each region's sum rests on its reporting countries: ") + each)
        )
    return caption


def unshaped_caption(unshaped: Sequence[str]) -> str | None:
    if not unshaped:
        return None
    return _("Too small for this map, but in the ranking: {countries}.").format(countries=text.listed(sorted(unshaped)))


def table_note(unit: str) -> str:
    return _("In {unit}. A year a country did not report is written out as not reported (never zero).").format(
        unit=unit
    )


def outliers_note(left_out: pl.DataFrame) -> str | None:
    """Which outlier country-years the ranking leaves out, and how to include them."""
    if left_out.is_empty():
        return None
    named = text.grouped(
        _("{country} {year} ({value} kg; median of its other years: {typical} kg)").format(
            country=row["country_name"],
            year=row["year"],
            value=text.number(row["value"]),
            typical=text.number(row["typical"]),
        )
        for row in left_out.iter_rows(named=True)
    )
    # Only the names come from data: they are escaped, the sentence's own emphasis is kept.
    return _(
        "Left out of the ranking and of its totals as outlier years (far from the country's other years): {named}. "
        "Tick *Include outlier years in rankings* in the sidebar to rank them."
    ).format(named=text.markdown(named))
