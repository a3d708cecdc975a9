"""What exported files say beside the figure: the footer lines of an image, the header of a standalone page, the
slide texts. Plain sentences; escaped where they go."""

from __future__ import annotations

from dashboard.i18n import N_, _

EXPORTED_ON = N_("Exported on")
PUBLISHED_ON = N_("Published on")
FILTERS = N_("Filters")
UNIT = N_("Unit")
LINK = N_("View")
SLIDE_SOURCE = N_("Source")
FULL_SCREEN = N_("Full screen")
NO_CHART = N_("This page has no chart to export.")
STANDALONE_NOTE = N_("A standalone copy: it opens without a network connection and shows the figures as exported.")


def footer_lines(*, filters: str, unit: str, dated: str, link: str) -> list[str]:
    return [
        _("Filters: {filters}").format(filters=filters),
        _("Unit: {unit} · {dated} · View: {link}").format(unit=_(unit), dated=dated, link=link),
    ]


def dated(date: str, *, published: bool) -> str:
    return (_("Published on {date}") if published else _("Exported on {date}")).format(date=date)
