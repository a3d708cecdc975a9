"""Column settings shared by the pages' tables."""

from __future__ import annotations

import polars as pl
import streamlit as st


def wide_columns(table: pl.DataFrame, index: str, index_column, number_format: str = "localized") -> dict:
    """A wide table's columns: ``index_column`` for the ``index`` (the year or period), one number column a series."""
    return {
        index: index_column,
        **{c: st.column_config.NumberColumn(c, format=number_format) for c in table.columns if c != index},
    }


def readable_wide_columns(table: pl.DataFrame, index: str, index_column) -> dict:
    """A wide table written by ``text.readable_columns``: the index pinned (it stays in view when the table scrolls
    sideways on a narrow screen), the figures right-aligned as numbers are."""
    return {
        index: index_column,
        **{c: st.column_config.TextColumn(c, alignment="right") for c in table.columns if c != index},
    }
