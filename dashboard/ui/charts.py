"""Every chart, map and data grid of the app is drawn here, once, with its text alternative (WCAG 1.1.1):

* ``chart``: a Plotly figure in the project's own template (``theme=None``: Streamlit's theme would put 11 px grey
  text at 3.7:1 over it), named for assistive technology by its title and a sentence computed from its data
  (``figures.summary``), and a "Show as table" switch with the same numbers.
* ``deck``: the route map (a pydeck canvas, invisible to a screen reader) with the same sentence and switch.
* ``grid``: a data grid with an accessible name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import text
from dashboard.figures import summary
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import _, is_right_to_left

SHOW_TABLE_PREFIX = "w_table_"


def _table_switch(key: str, table: pl.DataFrame | None, name: str) -> None:
    if table is None or table.is_empty():
        return
    if st.toggle(_("Show as table"), key=SHOW_TABLE_PREFIX + key, help=_("The numbers of the chart above as a table")):
        grid(table, name=_("Table of the chart: {name}").format(name=name), key=f"{key}_alt_table")


def chart(
    shown: Exhibit | go.Figure,
    *,
    key: str,
    table: pl.DataFrame | None = None,
    unit: str = "",
    description: str | None = None,
    config: dict | None = None,
    **options: Any,
) -> Any:
    """Draw a Plotly figure (or an exhibit's) with its text alternative and its table switch; what
    ``st.plotly_chart`` returns (the selection when ``on_select`` is given).

    ``description``: the sentence when the page has a better one than the figure's data give (else computed)."""
    figure = shown.figure if isinstance(shown, Exhibit) else shown
    if isinstance(shown, Exhibit):
        table = shown.table if table is None else table
        unit = unit or shown.unit
    title = summary.title_of(figure)
    alt = summary.alternative(figure, unit, description=description) or _("Chart")
    result = st.plotly_chart(
        figure, theme=None, config={"displaylogo": False, **(config or {})}, key=key, alt=alt, **options
    )
    _table_switch(key, table, title or alt)
    return result


def deck(
    deck_obj: Any, *, key: str, description: str, name: str, table: pl.DataFrame | None = None, **options: Any
) -> Any:
    """Draw a pydeck map with its accessible name (``name``: what the map is; ``description``: what it shows, from
    its data) and its table switch; what ``st.pydeck_chart`` returns."""
    alt = f"{name}. {description}".strip()
    result = st.pydeck_chart(deck_obj, key=key, alt=alt, **options)
    _table_switch(key, table, name)
    return result


def blank_missing_text(frame: Any) -> Any:
    """``frame`` with an empty text cell where a text is missing: a missing text (a note, a place) is nothing to
    say, while the grid's placeholder says what a missing number means (see ``grid``)."""
    if not isinstance(frame, pl.DataFrame):
        return frame
    return frame.with_columns(pl.col(pl.String).fill_null(""))


def right_to_left_columns(columns: Sequence[str], column_config: dict | None) -> tuple[list[str], dict | None]:
    """A grid's column order and settings for a right-to-left page: the first column on the right. The grid (a
    canvas, glide-data-grid) has no right-to-left mode (glideapps/glide-data-grid#805), so its columns are given in
    reverse; a pinned column would stay on the left, last in reading order, so none is pinned there (``a11y.js``
    opens a wide grid scrolled to its right end instead, where its first column is)."""
    unpinned = {
        column: {**setting, "pinned": False} if isinstance(setting, dict) and setting.get("pinned") else setting
        for column, setting in (column_config or {}).items()
    }
    return list(reversed(columns)), (unpinned if column_config is not None else None)


def grid(frame: Any, *, name: str, **options: Any) -> Any:
    """A data grid named ``name`` for assistive technology (``st.dataframe``'s ``alt``). A missing number reads
    "not reported" in the page's language: the grid's own mark is the English word "None" (streamlit#7360), which a
    reader can take for "no seizures". On a right-to-left page the columns read from the right."""
    options.setdefault("hide_index", True)
    options.setdefault("placeholder", _(text.NOT_REPORTED))
    if isinstance(frame, pl.DataFrame):
        # A quantity the caller gave no setting for has the language's thousands separators ("1,500", not "1500").
        settings = dict(options.get("column_config") or {})
        for column, dtype in frame.schema.items():
            if dtype.is_float() and column not in settings:
                settings[column] = st.column_config.NumberColumn(column, format=text.TABLE_NUMBER)
        options["column_config"] = settings or options.get("column_config")
    if is_right_to_left() and isinstance(frame, pl.DataFrame):
        order = options.get("column_order") or frame.columns
        options["column_order"], options["column_config"] = right_to_left_columns(
            list(order), options.get("column_config")
        )
    return st.dataframe(blank_missing_text(frame), alt=name, **options)
