"""The Data and sources page's URL parameter (declared in ``dashboard.state.PARAMS``): ``view``, the section shown
(``data``, ``sources``, ``reports``, ``coverage``, ``import``; ``section`` in older links)."""

from __future__ import annotations

from dashboard.state import ViewState, page_value, with_page

PAGE = "data"


def section(state: ViewState) -> str:
    return page_value(state, PAGE, "view")


def with_section(state: ViewState, view: str) -> ViewState:
    return with_page(state, PAGE, view=view)
