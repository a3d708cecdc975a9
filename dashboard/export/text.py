"""What exported files say beside the figure: the footer lines of an image, the header of a standalone page, the
slide texts. Plain sentences; escaped where they go."""

from __future__ import annotations

EXPORTED_ON = "Exported on"
PUBLISHED_ON = "Published on"
FILTERS = "Filters"
UNIT = "Unit"
LINK = "View"
SLIDE_SOURCE = "Source"
FULL_SCREEN = "Full screen"
NO_CHART = "This page has no chart to export."
STANDALONE_NOTE = "A standalone copy: it opens without a network connection and shows the figures as exported."


def footer_lines(*, filters: str, unit: str, dated: str, link: str) -> list[str]:
    return [f"{FILTERS}: {filters}", f"{UNIT}: {unit} · {dated} · {LINK}: {link}"]


def dated(date: str, *, published: bool) -> str:
    return f"{PUBLISHED_ON if published else EXPORTED_ON} {date}"
