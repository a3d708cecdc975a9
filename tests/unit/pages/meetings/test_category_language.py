"""Meeting categories are the project's labels: translated in table and matrix cells; a Government's words are not."""

from __future__ import annotations

import polars as pl

from dashboard.meetings import Meeting, reply_matrix
from dashboard.pages.meetings import figures
from tests.unit.conftest import CLOSE, OPEN


def test_matrix_table_cells_are_translated(tiny: Meeting, marked_fr) -> None:
    france = figures.matrix_table(tiny).filter(pl.col("ISO3") == "FRA").row(0, named=True)
    assert france["1(a)"] == f"{OPEN}{OPEN}Action{CLOSE} (para. 5){CLOSE}"
    comma = f"{OPEN}, {CLOSE}"  # the list separator is the catalogue's
    assert france["1(b)"] == f"{OPEN}{OPEN}Not competent{CLOSE} / {OPEN}Action{CLOSE} (para. 8{comma}9){CLOSE}"
    assert france["Answered"] == f"{OPEN}2 of 3{CLOSE}"


def test_category_labels_of_the_replies_are_translated_but_not_the_summaries(tiny: Meeting, marked_fr) -> None:
    matrix = reply_matrix(tiny)
    labels = matrix["category_label"].drop_nulls().to_list()
    assert labels and all(label.startswith(OPEN) and label.endswith(CLOSE) for label in labels)
    summaries = [s for s in matrix["summary"].drop_nulls().to_list() if s]
    assert summaries and not any(OPEN in s for s in summaries)  # a Government's reply stays as written


def test_counts_table_category_is_translated(tiny: Meeting, marked_fr) -> None:
    counts = figures.counts_table(tiny, 1, "a")
    assert counts.height and all(c.startswith(OPEN) for c in counts["Category"].to_list())
