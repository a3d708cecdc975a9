"""What a data grid is given: a missing text as an empty cell (the grid would draw the English word "None")."""

import polars as pl

from dashboard.ui.charts import blank_missing_text


def test_a_missing_text_is_an_empty_cell_and_a_missing_number_stays_missing():
    frame = pl.DataFrame({"origin": ["COL", None], "kg_equivalent": [12.5, None], "year": [2021, 2022]})
    shown = blank_missing_text(frame)
    assert shown["origin"].to_list() == ["COL", ""]
    # A number stays a number (it sorts as one); the grid marks its gap, faded.
    assert shown["kg_equivalent"].to_list() == [12.5, None] and shown.schema == frame.schema
    assert shown["year"].to_list() == [2021, 2022]
