"""The licit-trade page's URL parameters (declared in ``dashboard.state.PARAMS``): ``imp`` (the importing country),
``lsub`` (the substance) and ``ly`` (the year), checked against the licit-trade data by
``dashboard.licit.model.resolve_selection``; and ``flags``, whose flags are listed (``selection`` or ``all``)."""

from __future__ import annotations

from dashboard.licit.model import Selection
from dashboard.state import ViewState, page_value, with_page

PAGE = "licit"


def asked(state: ViewState) -> tuple[str | None, str | None, str | None]:
    """The importing country, substance and year the view asks for, unchecked (None where it names none)."""
    return page_value(state, PAGE, "importer"), page_value(state, PAGE, "substance"), page_value(state, PAGE, "year")


def with_selection(state: ViewState, selection: Selection) -> ViewState:
    """The view showing ``selection``: all three parts are written out, so a copied link names what it shows."""
    year = None if selection.year is None else str(selection.year)
    return with_page(state, PAGE, importer=selection.country, substance=selection.substance, year=year)


def flag_scope(state: ViewState) -> str:
    return page_value(state, PAGE, "flags")


def with_flag_scope(state: ViewState, scope: str) -> ViewState:
    return with_page(state, PAGE, flags=scope)
