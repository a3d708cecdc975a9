"""What the licit-trade page says: its notices and captions, the headline figures, the headings, and the notes and
file names of its downloads. Pure sentences: nothing here draws."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard import geo, text
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.licit.model import LicitData, SelectionView
from dashboard.licit.rules import FLAGS, kg
from dashboard.pages.licit.model import SideBySide

UNIT = N_("kg, anhydrous base")
LICIT_LEGEND = N_("Licit trade (exporter → importer)")
SEIZURE_LEGEND = N_("Seizure corridors (origin → destination)")
DEMO_WARNING_TEXT = N_(
    "**{label}.** No authorisations or estimates have been imported, so this page shows invented ones to show how "
    "the checks work. Import the templates of `data/templates/` with `python -m dashboard import FILE` (see "
    "docs/licit-trade.md)."
)
DEMO_WARNING = DEMO_WARNING_TEXT.format(label=text.demo_label("licit"))  # in English; ``demo_warning()`` translates


def demo_warning() -> str:
    return _(DEMO_WARNING_TEXT).format(label=text.demo_label("licit"))


INTRODUCTION = N_(
    "INCB's I2ES warns when an authorisation would take a country's authorised imports of a substance above its "
    "estimate or assessment for the year, and tells the exporting country when the quantity received differs from "
    "the quantity authorised. This page applies the same rules. Quantities are kilograms of anhydrous base."
)
NOTHING_IMPORTED = N_("No authorisation or estimate has been imported yet.")
COUNTING_NOTE = N_(
    "Issued, used and pending authorisations count with the quantity authorised; cancelled ones count nothing; "
    "expired ones count only what was received under them. A total exactly at the estimate is not a warning."
)
SELECTORS = (N_("Importing country"), N_("Substance"), N_("Year"))
FLAGS_HEADING = N_("Flags and their reasons")
FLAG_SCOPE_LABEL = N_("Show the flags of")
NO_FLAG = N_("No flag: every authorisation is within the estimate and every receipt matches its authorisation.")
SUMMARY_HEADING = N_("Every country, substance and year")
BALANCE_DOWNLOAD = N_("Download the running balance (CSV)")
FLAGS_DOWNLOAD = N_("Download the flags (CSV)")
FLOWS_DOWNLOAD = N_("Download the licit flows (CSV)")
SEIZURES_DOWNLOAD = N_("Download the seizure corridors (CSV)")
SUMMARY_DOWNLOAD = N_("Download the balances (CSV)")
SUMMARY_FILE = "licit-balances.csv"


def country_option(code: str) -> str:
    """An importing country as its selector offers it: ``Mexico (MEX)``."""
    return text.country_and_code(code)


def headline(view: SelectionView) -> list[tuple[str, str]]:
    """(label, value) of the headline figures: the estimate, the counted total, what is left (or the excess), the
    number of flags."""
    estimate = view.estimate_kg
    kind = _(ESTIMATE_KINDS.get(view.estimate_kind, ESTIMATE_KINDS["estimate"])).format(year=view.selection.year)
    out = [
        (kind, _("none known") if estimate is None else kg(estimate)),
        (_("Authorised imports (counted)"), kg(view.authorised_kg)),
    ]
    if estimate is None:
        out.append((_("Left under the estimate"), _("not checked")))
    elif view.excess_kg is not None:
        out.append((_("Above the estimate by"), kg(view.excess_kg)))
    else:
        out.append((_("Left under the estimate"), kg(estimate - view.authorised_kg)))
    out.append((_("Flags"), text.count(view.flags.height)))
    return out


def flag_counts(flags: pl.DataFrame) -> str:
    """How many flags of each kind, in the order of the kinds: ``**Exceeds the estimate (I2ES warning)**: 2``."""
    counts = dict(flags.group_by("flag").len().iter_rows())
    return " · ".join(
        text.labelled(f"**{_(label)}**", text.count(counts[flag])) for flag, label in FLAGS.items() if flag in counts
    )


def mixed_data(licit_demo: bool, seizures_demo: bool) -> str | None:
    """A warning when the map sets demonstration data beside imported data."""
    if licit_demo == seizures_demo:
        return None

    if licit_demo:
        return _(
            "This map puts side by side licit flows that are demonstration data and seizures that are imported data. "
            "Do not read one against the other."
        )
    return _(
        "This map puts side by side licit flows that are imported data and seizures that are demonstration data. "
        "Do not read one against the other."
    )


def map_caption(flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str) -> str:
    return (
        _(
            "Green arcs: licit trade in {substance} (exporter to importer, width by kilograms authorised, {pairs} "
            "pairs). Vermillion arcs: seizures of {substance} (origin to destination, width by kilograms seized, "
            "{corridors} corridors). Each arc is faint where it starts and solid where it ends; where both follow one "
            "route they bow apart; the two sets are scaled separately."
        ).format(substance=substance, pairs=text.count(flows.height), corridors=text.count(corridors.height))
        + " "
        + _(geo.BOUNDARIES_DISCLAIMER)
    )


ESTIMATE_KINDS = {"estimate": N_("Estimate {year}"), "assessment": N_("Assessment {year}")}
# The kind of an estimate in the summary table (the data's code is "estimate" or "assessment").
KIND_LABELS = {"estimate": N_("estimate"), "assessment": N_("assessment")}
BALANCE_TITLES = {
    "estimate": N_("Authorised imports of {substance} into {country}, {year}: running total against the estimate"),
    "assessment": N_("Authorised imports of {substance} into {country}, {year}: running total against the assessment"),
}


@dataclass(frozen=True)
class LicitText:
    """The headings, captions and download notes of one selection."""

    country_code: str  # the importing country (ISO3)
    country: str  # its name
    substance: str
    year: int
    source: str  # the licit-trade sources
    seizure_source: str
    seizure_years: tuple[int, int]
    balance_title: str

    @property
    def selection_words(self) -> str:
        """The selection in words, as an exported image of the balance carries it."""
        return _("importing country: {country}; substance: {substance}; year: {year}").format(
            country=self.country, substance=self.substance, year=self.year
        )

    @property
    def file_stub(self) -> str:
        return f"licit-{self.country_code}-{self.substance}-{self.year}".replace(" ", "_")

    # ---- the running balance
    @property
    def balance_file(self) -> str:
        return f"{self.file_stub}-balance.csv"

    @property
    def balance_notes(self) -> list[str]:
        return [
            _("Authorised imports of {substance} into {country}, {year} ({unit})").format(
                substance=self.substance, country=self.country, year=self.year, unit=_(UNIT)
            ),
            self.source,
        ]

    # ---- the flags
    @property
    def flag_scopes(self) -> dict[str, str]:
        return {"selection": text.listed([self.country, self.substance, self.year]), "all": _("all data")}

    def flag_file(self, scope: str) -> str:
        return "licit-flags-all.csv" if scope == "all" else f"{self.file_stub}-flags.csv"

    @property
    def flag_notes(self) -> list[str]:
        return [_("Licit-trade flags (I2ES rules; see docs/licit-trade.md)"), self.source]

    # ---- licit flows beside seizures
    @property
    def map_heading(self) -> str:
        return _("Licit trade in {substance}, {year}, beside seizures of {substance}").format(
            substance=self.substance, year=self.year
        )

    def flows_heading(self, pairs: int) -> str:
        return _("**Licit flows** ({pairs} exporter–importer pairs, {year})").format(
            pairs=text.count(pairs), year=self.year
        )

    @property
    def flows_file(self) -> str:
        return f"licit-flows-{self.substance}-{self.year}.csv".replace(" ", "_")

    @property
    def flows_notes(self) -> list[str]:
        return [
            _("Licit trade in {substance}, {year} ({unit})").format(
                substance=self.substance, year=self.year, unit=_(UNIT)
            ),
            self.source,
        ]

    @property
    def _seizure_years(self) -> str:
        return text.year_range(*self.seizure_years)

    @property
    def seizures_heading(self) -> str:
        return _("**Seizure corridors** of {substance}, {years}").format(
            substance=self.substance, years=self._seizure_years
        )

    @property
    def no_seizure(self) -> str:
        return _("The seizure data holds no seizure of {substance}.").format(substance=self.substance)

    def no_route(self, records: int) -> str:
        return _(
            "None of the {count} seizures of {substance} in {years} names both an origin and a destination country."
        ).format(count=text.count(records), substance=self.substance, years=self._seizure_years)

    def routed(self, with_route: int, records: int) -> str:
        return _("{with_route} of {records} seizure records name both ends of a route.").format(
            with_route=text.count(with_route), records=text.count(records)
        )

    @property
    def seizures_file(self) -> str:
        first, last = self.seizure_years
        return f"seizure-corridors-{self.substance}-{first}-{last}.csv".replace(" ", "_")

    @property
    def seizures_notes(self) -> list[str]:
        first, last = self.seizure_years
        return [
            _("Seizure corridors of {substance}, {first}-{last} (kg)").format(
                substance=self.substance, first=first, last=last
            ),
            self.seizure_source,
        ]

    @property
    def sources(self) -> str:
        return _("Source: {source}").format(source=text.sentences(self.source, self.seizure_source))

    @property
    def summary_notes(self) -> list[str]:
        return [self.source]


def licit_text(trade: LicitData, view: SelectionView, data: Dataset, side: SideBySide) -> LicitText:
    """The words of one selection, its licit-trade data and the seizures beside them."""
    selection = view.selection
    country = country_name(selection.country)
    substance = text.vocabulary_label(selection.substance)  # the words only; the selection keeps the data's name
    return LicitText(
        country_code=selection.country,
        country=country,
        substance=substance,
        year=selection.year,
        source=text.full_stop(trade.citation),
        seizure_source=_("Seizures: {source}.").format(source=data.citation_for(cases=True)),
        seizure_years=side.years,
        balance_title=_(BALANCE_TITLES.get(view.estimate_kind, BALANCE_TITLES["estimate"])).format(
            substance=substance, country=country, year=selection.year
        ),
    )
