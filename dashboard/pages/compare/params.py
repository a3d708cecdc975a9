"""The Compare countries page's URL parameters (declared in ``dashboard.state.PARAMS``): ``cmp``, what is compared
(``countries`` or ``regions``), ``lvl``, the areas regions are (UN M49 regions or subregions, UNODC regions or
subregions), ``view``, what stands below (``ranking`` or ``map``; ``cview`` in older links), and
``yr``, the year of the ranking and the map (the latest of the view unless chosen).
The compared countries (``c``) and the log scale (``log``) are shared view state."""

from __future__ import annotations

from dashboard.i18n import N_
from dashboard.state import ViewState, page_value, with_page

PAGE = "compare"
KINDS = {"countries": N_("Countries"), "regions": N_("Regions")}
VIEWS = {"ranking": N_("Ranking"), "map": N_("World map")}


def kind(state: ViewState) -> str:
    return page_value(state, PAGE, "kind")


def level(state: ViewState) -> str:
    """The areas a regional comparison compares (a key of ``state.AREA_LEVEL_LABELS``)."""
    return page_value(state, PAGE, "level")


def below(state: ViewState) -> str:
    return page_value(state, PAGE, "view")


def ranking_year(state: ViewState) -> int | None:
    return page_value(state, PAGE, "year")


def with_choices(state: ViewState, *, kind: str, view: str, level: str | None = None) -> ViewState:
    return with_page(state, PAGE, kind=kind, view=view, **({} if level is None else {"level": level}))


def with_ranking_year(state: ViewState, year: int | None, latest: int | None) -> ViewState:
    """The view with the ranking's year; the latest year is the default, left out of the link."""
    return with_page(state, PAGE, year=None if year == latest else year)
