"""Column settings shared by the pages' tables."""

from __future__ import annotations

import math

import polars as pl
import streamlit as st

from dashboard import text
from dashboard.i18n import _


def wide_columns(table: pl.DataFrame, index: str, index_column, number_format: str = "localized") -> dict:
    """A wide table's columns: ``index_column`` for the ``index`` (the year or period), one number column a series."""
    return {
        index: index_column,
        **{
            c: st.column_config.NumberColumn(text.vocabulary_label(c), format=number_format)
            for c in table.columns
            if c != index
        },
    }


def translated(table: pl.DataFrame) -> pl.DataFrame:
    """A table to show, its column names in the reader's language (names the catalogue has; others as they are).
    Only for display: the frame a download holds keeps its own names."""
    names = {column: _(column) for column in table.columns}
    return table.rename(names) if len(set(names.values())) == len(names) else table


def readable_wide_columns(table: pl.DataFrame, index: str, index_column) -> dict:
    """A wide table written by ``text.readable_columns``: the index pinned (it stays in view when the table scrolls
    sideways on a narrow screen), the figures right-aligned as numbers are; a series or substance named in the
    reader's language (the column keeps its English name for the download)."""
    return {
        index: index_column,
        **{
            c: st.column_config.TextColumn(text.vocabulary_label(c), alignment="right")
            for c in table.columns
            if c != index
        },
    }


# A share is given to the grid as a fraction, for its "percent" format writes a percentage as the page's language
# does ("97.5%", "97,5 %", "97.5‎%"); a printf format ("%.1f%%") writes "97.5%" in every language. The step of a
# thousandth shows one decimal of the percentage.
SHARE_STEP = 0.001


def share_column(label: str) -> dict:
    """The column of a share in percent that ``shares_as_fractions`` gave as a fraction."""
    return st.column_config.NumberColumn(label, format="percent", step=SHARE_STEP)


def shares_as_fractions(table: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``table`` to show, its shares in percent (97.5) as fractions (0.975) for ``share_column``, rounded to its step
    here: the grid cuts the digits it does not show (0.2985 % read "0.2 %")."""
    decimals = round(-math.log10(SHARE_STEP))
    return table.with_columns((pl.col(c) / 100).round(decimals) for c in columns if c in table.columns)


def kilograms_column(label: str, **options) -> dict:
    """A column of kilograms in the page's language, with one decimal."""
    return st.column_config.NumberColumn(label, format=text.TABLE_NUMBER, step=text.TABLE_KILOGRAM_STEP, **options)


WHOLE_ROWS = 25  # a table up to this many rows is shown whole; a longer one scrolls


def whole_height(table: pl.DataFrame) -> str:
    """A grid's height: all of its rows when they are few (a year table: the last year, the latest figure, was the
    row hidden under the grid's scroll bar), else Streamlit's ten rows and a scroll bar."""
    return "content" if table.height <= WHOLE_ROWS else "auto"
