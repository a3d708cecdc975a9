"""What several pages say the same way: what a chart names, the header lines of its download, a table's decimals."""

from __future__ import annotations

from dashboard.data import Dataset
from dashboard.query import source_of
from dashboard.state import ViewState

DEMO_NOTE = "DEMONSTRATION DATA - NOT REAL SEIZURES"
NOT_REPORTED_NOTE = "An empty value means not reported (not zero)."


def chart_labels(data: Dataset, state: ViewState, title: str, unit: str) -> dict[str, object]:
    """What every chart names (figure builders' keyword arguments): its title, unit and source (only the table it
    rests on), and whether the data are a demonstration (the figure then carries a watermark)."""
    return {"title": title, "unit": unit, "source": source_of(data, state), "demo": data.is_demo}


def download_notes(data: Dataset, state: ViewState, title: str, unit: str) -> list[str]:
    """The lines above a chart's data in its CSV: what it is, its unit, years and source, and that a gap is a gap."""
    first, last = state.years(data.vocabulary)
    notes = [title, f"Unit: {unit}", f"Years {first}-{last}", f"Source: {source_of(data, state)}", NOT_REPORTED_NOTE]
    return [DEMO_NOTE, *notes] if data.is_demo else notes


def table_decimals(measure: str) -> int:
    """Decimals a table shows: whole kilograms and seizures, three for tonnes. Downloads keep full precision."""
    return 0 if measure in {"kg", "seizures"} else 3
