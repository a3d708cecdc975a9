"""The Trends page's URL parameters (declared in ``dashboard.state.PARAMS``): ``view``, what stands below the chart
(``table`` or ``change``). The breakdown (``by``), resolution (``res``) and log scale (``log``) are shared."""

from __future__ import annotations

from dashboard.state import ViewState, page_value, with_page

PAGE = "trends"


def below(state: ViewState) -> str:
    return page_value(state, PAGE, "view")


def with_below(state: ViewState, view: str) -> ViewState:
    return with_page(state, PAGE, view=view)


def controls_from_view(state: ViewState, *, monthly_possible: bool) -> tuple[str, str, bool]:
    """Breakdown, resolution and log scale as the view gives them; months only where case dates allow them."""
    return state.breakdown, state.resolution if monthly_possible else "year", state.log_scale
