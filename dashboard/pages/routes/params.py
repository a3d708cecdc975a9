"""The Routes page's URL parameters (declared in ``dashboard.state.PARAMS``): ``top`` (how many corridors, 25 by
default), ``agg`` (country, subregion or region at either end), ``transit`` (draw transit countries, shown unless
``transit=0``), ``dest`` and ``via`` (corridors to these destinations, departing from or passing through these
countries or UN M49 areas). The arcs' origin (``origin``) and width (``m``) are shared view state."""

from __future__ import annotations

from dashboard.measures import ON_ROUTE_MAP
from dashboard.state import ViewState, page_value, with_page

PAGE = "routes"


def shows_transit(state: ViewState) -> bool:
    return bool(page_value(state, PAGE, "transit"))


def with_transit(state: ViewState, shown: bool) -> ViewState:
    return with_page(state, PAGE, transit=shown)


def destinations(state: ViewState) -> tuple[str, ...]:
    """The destinations the corridors are kept to (``dest``: countries or UN M49 areas); empty: every one."""
    return tuple(page_value(state, PAGE, "destinations") or ())


def via(state: ViewState) -> tuple[str, ...]:
    """The departure or transit countries or areas the corridors are kept to (``via``); empty: every one."""
    return tuple(page_value(state, PAGE, "via") or ())


def with_places(state: ViewState, dest: tuple[str, ...], through: tuple[str, ...]) -> ViewState:
    return with_page(state, PAGE, destinations=tuple(dest), via=tuple(through))


def width_measure(state: ViewState) -> str:
    """The measure the arcs' width shows: the view's, when the map can draw it, else kilograms."""
    return state.measure if state.measure in ON_ROUTE_MAP else "kg"


def with_width(state: ViewState, width_by: str) -> ViewState:
    """The view after a choice of arc width: that measure, unless the choice is what the map already shows for a
    measure it cannot draw (the view then keeps its measure)."""
    return state if width_by == width_measure(state) else state.with_(measure=width_by)


def top_n(state: ViewState) -> int:
    """How many corridors the map, the matrix and the flows show (``top``; 25 unless chosen)."""
    return int(page_value(state, PAGE, "top"))


def level(state: ViewState) -> str:
    """What a corridor joins (``agg``): countries, UN M49 subregions or regions."""
    return page_value(state, PAGE, "level")


def with_selection(state: ViewState, *, top: int, level: str) -> ViewState:
    return with_page(state, PAGE, top=str(top), level=level)
