"""What the Country profile says: its headings, captions and the notes under its tables."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard import text
from dashboard.i18n import N_, _, n_

CHOOSE = N_("Choose a country to see its profile. Every map and table that names a country links here.")
GAPS_NOTE = N_("Gaps are years the country did not report that substance group: not zeros.")
NO_CORRIDOR = N_("No case record names this corridor.")
NO_CASES = N_("No case records.")
COVERAGE_HEADING = N_("Reporting coverage")
COVERAGE_NOTE = N_("'reported': the country gave at least one figure for that group and year; '—': not reported.")
SOURCES_HEADING = N_("Sources")
# What the categories for a missing answer mean; each note quotes the category as the table shows it (a concealment
# as recorded, a conveyance and "not recorded" in the reader's language).
UNRECORDED = {
    "unknown": N_("'{category}': the record leaves it blank or says it is not known"),
    "not recorded": N_("'{category}': the record has no value at all"),
}
METHOD_HEADINGS = {"Conveyance": N_("Conveyance of its seizures"), "Concealment": N_("Concealment of its seizures")}


def trend_title(name: str) -> str:
    return _("What {country} seizes").format(country=name)


def corridor_headings(name: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(heading, partner column, partner label) for seizures bound for the country, then those that left it."""
    return (
        (_("Seizures bound for {country}: where they came from").format(country=name), "origin", _("From")),
        (_("Seizures that left {country}: where they were going").format(country=name), "destination", _("To")),
    )


def routed_records(records: int) -> str:
    return n_(
        "{count} case record names both ends of the route.",
        "{count} case records name both ends of the route.",
        records,
    ).format(count=text.count(records))


def method_heading(label: str) -> str:
    return _(METHOD_HEADINGS[label]) if label in METHOD_HEADINGS else f"{label}"


def method_caption(recorded: Sequence[str], shown: Sequence[str]) -> str:
    """What the shares count, and what the categories for missing answers mean (only those the table shows):
    ``recorded`` the table's categories as stored, ``shown`` the same rows as the table writes them."""
    named = dict(zip(recorded, shown, strict=False))
    notes = [_(note).format(category=named[category]) for category, note in UNRECORDED.items() if category in named]
    return text.full_stop(text.grouped([_("Share of the country's case records"), *notes]))


def replies_link(name: str) -> str:
    return _("Replies of {country} to meeting recommendations").format(country=name)
