"""What the Country profile says: its headings, captions and the notes under its tables."""

from __future__ import annotations

import polars as pl

CHOOSE = "Choose a country to see its profile. Every map and table that names a country links here."
GAPS_NOTE = "Gaps are years the country did not report that substance group: not zeros."
NO_CORRIDOR = "No case record names this corridor."
NO_CASES = "No case records."
COVERAGE_HEADING = "Reporting coverage"
COVERAGE_NOTE = "'reported': the country gave at least one figure for that group and year; '—': not reported."
SOURCES_HEADING = "Sources"
UNRECORDED = {
    "unknown": "'unknown': the record leaves it blank or says it is not known",
    "not recorded": "'not recorded': the record has no value at all",
}


def trend_title(name: str) -> str:
    return f"What {name} seizes"


def corridor_headings(name: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(heading, partner column, partner label) for seizures bound for the country, then those that left it."""
    return (
        (f"Seizures bound for {name}: where they came from", "origin", "From"),
        (f"Seizures that left {name}: where they were going", "destination", "To"),
    )


def routed_records(records: int) -> str:
    return f"{records:,} case {'record names' if records == 1 else 'records name'} both ends of the route."


def method_heading(label: str) -> str:
    return f"{label} of its seizures"


def method_caption(mix: pl.DataFrame) -> str:
    """What the shares count, and what the categories for missing answers mean (only those the table shows)."""
    shown = set(mix["category"].to_list())
    notes = [note for category, note in UNRECORDED.items() if category in shown]
    return "Share of the country's case records" + ("; " + "; ".join(notes) if notes else "") + "."


def replies_link(name: str) -> str:
    return f"Replies of {name} to meeting recommendations"
