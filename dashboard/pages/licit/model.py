"""What the licit-trade page reads beside its selection (``dashboard.licit.model``): the licit flows of the selected
substance and year, and the seizure corridors of the same substance in the sidebar's years."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard import query
from dashboard.data import Dataset
from dashboard.licit.model import LicitData, Selection
from dashboard.licit.rules import licit_flows
from dashboard.state import DEFAULT, ViewState

CORRIDOR_SCHEMA: dict[str, pl.DataType] = {
    "origin_iso3": pl.String(),
    "destination_iso3": pl.String(),
    "seizures": pl.UInt32(),
    "kg": pl.Float64(),
    "first_year": pl.Int32(),
    "last_year": pl.Int32(),
}


@dataclass(frozen=True)
class SideBySide:
    """Licit trade and seizures of one substance, for the map and the two tables beside it."""

    flows: pl.DataFrame  # dashboard.licit.rules.licit_flows of the selected year
    seizures: query.Corridors | None  # None: the seizure data hold no seizure of the substance
    years: tuple[int, int]  # of the seizures: the sidebar's

    @property
    def corridors(self) -> pl.DataFrame:
        """The seizure corridors (no rows when the seizure data hold none of the substance)."""
        return self.seizures.frame if self.seizures is not None else pl.DataFrame(schema=CORRIDOR_SCHEMA)


def seizure_view(state: ViewState, substance: str) -> ViewState:
    """The seizures to set beside licit trade: case records of the substance alone (a precursor such as ephedrine is
    not in the default class), plant material included, in the sidebar's years; no other filter."""
    return DEFAULT.with_(
        classes=(),
        substances=(substance,),
        year_from=state.year_from,
        year_to=state.year_to,
        include_plants=True,
        dataset="cases",
    )


def side_by_side(trade: LicitData, data: Dataset, state: ViewState, selection: Selection) -> SideBySide:
    substance, year = selection.substance, selection.year
    flows = licit_flows(trade.authorisations, substance=substance, years=(year, year))
    held = substance in data.vocabulary.substances
    seizures = query.corridors(data, seizure_view(state, substance)) if held else None
    return SideBySide(flows=flows, seizures=seizures, years=state.years(data.vocabulary))
