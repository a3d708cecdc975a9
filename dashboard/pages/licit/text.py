"""What the licit-trade page says: its notices and captions, the headline figures, the headings, and the notes and
file names of its downloads. Pure sentences: nothing here draws."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard import geo, text
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.i18n import _
from dashboard.licit.model import LicitData, SelectionView
from dashboard.licit.rules import FLAGS, kg
from dashboard.pages.licit.model import SideBySide

UNIT = "kg, anhydrous base"
DEMO_WARNING = (
    f"**{text.demo_label('licit')}.** No authorisations or estimates have been imported, so this page shows invented "
    "ones to show how the checks work. Import the templates of `data/templates/` with `python -m dashboard import "
    "FILE` (see docs/licit-trade.md)."
)
INTRODUCTION = (
    "INCB's I2ES warns when an authorisation would take a country's authorised imports of a substance above its "
    "estimate or assessment for the year, and tells the exporting country when the quantity received differs from "
    "the quantity authorised. This page applies the same rules. Quantities are kilograms of anhydrous base."
)
NOTHING_IMPORTED = "No authorisation or estimate has been imported yet."
COUNTING_NOTE = (
    "Issued, used and pending authorisations count with the quantity authorised; cancelled ones count nothing; "
    "expired ones count only what was received under them. A total exactly at the estimate is not a warning."
)
SELECTORS = ("Importing country", "Substance", "Year")
FLAGS_HEADING = "Flags and their reasons"
FLAG_SCOPE_LABEL = "Show the flags of"
NO_FLAG = "No flag: every authorisation is within the estimate and every receipt matches its authorisation."
SUMMARY_HEADING = "Every country, substance and year"
BALANCE_DOWNLOAD = "Download the running balance (CSV)"
FLAGS_DOWNLOAD = "Download the flags (CSV)"
FLOWS_DOWNLOAD = "Download the licit flows (CSV)"
SEIZURES_DOWNLOAD = "Download the seizure corridors (CSV)"
SUMMARY_DOWNLOAD = "Download the balances (CSV)"
SUMMARY_FILE = "licit-balances.csv"


def country_option(code: str) -> str:
    """An importing country as its selector offers it: ``Mexico (MEX)``."""
    return f"{country_name(code)} ({code})"


def headline(view: SelectionView) -> list[tuple[str, str]]:
    """(label, value) of the headline figures: the estimate, the counted total, what is left (or the excess), the
    number of flags."""
    estimate = view.estimate_kg
    kind = f"{view.estimate_kind.capitalize()} {view.selection.year}"
    out = [
        (kind, "none known" if estimate is None else kg(estimate)),
        ("Authorised imports (counted)", kg(view.authorised_kg)),
    ]
    if estimate is None:
        out.append(("Left under the estimate", "not checked"))
    elif view.excess_kg is not None:
        out.append(("Above the estimate by", kg(view.excess_kg)))
    else:
        out.append(("Left under the estimate", kg(estimate - view.authorised_kg)))
    out.append(("Flags", text.count(view.flags.height)))
    return out


def flag_counts(flags: pl.DataFrame) -> str:
    """How many flags of each kind, in the order of the kinds: ``**Exceeds the estimate (I2ES warning)**: 2``."""
    counts = dict(flags.group_by("flag").len().iter_rows())
    return " · ".join(f"**{label}**: {text.count(counts[flag])}" for flag, label in FLAGS.items() if flag in counts)


def mixed_data(licit_demo: bool, seizures_demo: bool) -> str | None:
    """A warning when the map sets demonstration data beside imported data."""
    if licit_demo == seizures_demo:
        return None

    def what(demo: bool) -> str:
        return "demonstration data" if demo else "imported data"

    return (
        f"This map puts side by side licit flows that are {what(licit_demo)} and seizures that are "
        f"{what(seizures_demo)}. Do not read one against the other."
    )


def map_caption(flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str) -> str:
    return (
        f"Green arcs: licit trade in {substance} (exporter to importer, width by kilograms authorised, "
        f"{text.count(flows.height)} pairs). Vermillion arcs: seizures of {substance} (origin to destination, width "
        f"by kilograms seized, {text.count(corridors.height)} corridors). Each arc is faint where it starts and solid "
        "where it ends; where both follow one route they bow apart; the two sets are scaled separately. "
        + _(geo.BOUNDARIES_DISCLAIMER)
    )


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
        return f"importing country: {self.country}; substance: {self.substance}; year: {self.year}"

    @property
    def file_stub(self) -> str:
        return f"licit-{self.country_code}-{self.substance}-{self.year}".replace(" ", "_")

    # ---- the running balance
    @property
    def balance_file(self) -> str:
        return f"{self.file_stub}-balance.csv"

    @property
    def balance_notes(self) -> list[str]:
        return [f"Authorised imports of {self.substance} into {self.country}, {self.year} ({UNIT})", self.source]

    # ---- the flags
    @property
    def flag_scopes(self) -> dict[str, str]:
        return {"selection": f"{self.country}, {self.substance}, {self.year}", "all": "all data"}

    def flag_file(self, scope: str) -> str:
        return "licit-flags-all.csv" if scope == "all" else f"{self.file_stub}-flags.csv"

    @property
    def flag_notes(self) -> list[str]:
        return ["Licit-trade flags (I2ES rules; see docs/licit-trade.md)", self.source]

    # ---- licit flows beside seizures
    @property
    def map_heading(self) -> str:
        return f"Licit trade in {self.substance}, {self.year}, beside seizures of {self.substance}"

    def flows_heading(self, pairs: int) -> str:
        return f"**Licit flows** ({text.count(pairs)} exporter–importer pairs, {self.year})"

    @property
    def flows_file(self) -> str:
        return f"licit-flows-{self.substance}-{self.year}.csv".replace(" ", "_")

    @property
    def flows_notes(self) -> list[str]:
        return [f"Licit trade in {self.substance}, {self.year} ({UNIT})", self.source]

    @property
    def _seizure_years(self) -> str:
        return text.year_range(*self.seizure_years)

    @property
    def seizures_heading(self) -> str:
        return f"**Seizure corridors** of {self.substance}, {self._seizure_years}"

    @property
    def no_seizure(self) -> str:
        return f"The seizure data holds no seizure of {self.substance}."

    def no_route(self, records: int) -> str:
        return (
            f"None of the {text.count(records)} seizures of {self.substance} in {self._seizure_years} names both an "
            "origin and a destination country."
        )

    def routed(self, with_route: int, records: int) -> str:
        return f"{text.count(with_route)} of {text.count(records)} seizure records name both ends of a route."

    @property
    def seizures_file(self) -> str:
        first, last = self.seizure_years
        return f"seizure-corridors-{self.substance}-{first}-{last}.csv".replace(" ", "_")

    @property
    def seizures_notes(self) -> list[str]:
        first, last = self.seizure_years
        return [f"Seizure corridors of {self.substance}, {first}-{last} (kg)", self.seizure_source]

    @property
    def sources(self) -> str:
        return f"Source: {self.source} {self.seizure_source}"

    @property
    def summary_notes(self) -> list[str]:
        return [self.source]


def licit_text(trade: LicitData, view: SelectionView, data: Dataset, side: SideBySide) -> LicitText:
    """The words of one selection, its licit-trade data and the seizures beside them."""
    selection = view.selection
    country = country_name(selection.country)
    return LicitText(
        country_code=selection.country,
        country=country,
        substance=selection.substance,
        year=selection.year,
        source=f"{trade.citation}.",
        seizure_source=f"Seizures: {data.citation_for(cases=True)}.",
        seizure_years=side.years,
        balance_title=f"Authorised imports of {selection.substance} into {country}, {selection.year}: running total "
        f"against the {view.estimate_kind}",
    )
