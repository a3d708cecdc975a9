"""An exhibit: one figure of a page with everything that travels with it (its data table, title, unit, source and
the filters in words), as the page draws it. Pages build their exhibits in pure code (``main_figures``), so the
screen, an export, a published view and a slide show the same figure."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.state import ViewState


@dataclass(frozen=True)
class Exhibit:
    key: str  # unique on its page ("trend", "map", ...): file names and the CLI's --all use it
    title: str  # plain text; escaped where it is shown
    figure: go.Figure
    table: pl.DataFrame  # the figure's data, as a download gives it
    unit: str
    source: str
    filters: str  # the view's filters in words (dashboard.text.filters_in_words)
    is_map: bool = False  # maps carry the United Nations disclaimer on boundaries and names
    notes: tuple[str, ...] = ()  # the note lines of the data download


def filters_of(data: Dataset, state: ViewState) -> str:
    """The filters of ``state`` in words, with the years the view covers in ``data``."""
    return text.filters_in_words(state, query.view_years(data, state), cases=query.uses_cases(state))
