"""Small-cell suppression: every small cell hidden, and (on 300 random tables) no hidden cell is the only hidden
one of a group whose total is shown, so that a total minus its shown parts never gives it away."""

from __future__ import annotations

import random

import polars as pl
import pytest

from dashboard import disclosure
from dashboard.disclosure import SUPPRESSED


def random_table(rng: random.Random, dims: int) -> pl.DataFrame:
    sizes = [rng.randint(1, 5) for _ in range(dims)]
    rows = []
    for index in range(sizes[0] * (sizes[1] if dims > 1 else 1) * (sizes[2] if dims > 2 else 1)):
        if rng.random() < 0.2:
            continue  # some cells have no record at all: they are absent, as in a group_by
        key, cell = index, {}
        for d, size in enumerate(sizes):
            cell[f"d{d}"] = f"v{key % size}"
            key //= size
        records = rng.choice([1, 1, 2, 2, 3, 4, 7, 20, 150])
        cell["records"] = records
        cell["kg"] = round(records * rng.uniform(0.1, 9.0), 3)
        rows.append(cell)
    return pl.DataFrame(rows, schema={**{f"d{d}": pl.String for d in range(dims)}, "records": pl.Int64, "kg": float})


@pytest.mark.parametrize("seed", range(300))
def test_on_random_tables_no_hidden_cell_is_alone_in_a_group_whose_total_is_shown(seed):
    rng = random.Random(seed)
    dims = [f"d{d}" for d in range(rng.randint(1, 3))]
    table = random_table(rng, len(dims))
    if table.is_empty():
        return
    limit = rng.choice([2, 3, 5])
    flagged = disclosure.suppressed_cells(table, count="records", dimensions=dims, min_cell=limit)
    assert flagged.height == table.height
    # primary: every small cell is hidden; nothing is shown that rests on fewer records than the limit
    small = flagged.filter(pl.col("records") < limit)
    assert small[SUPPRESSED].all()
    # secondary: in every group of every margin with two cells or more, hidden cells are none or several, so the
    # group's total minus its shown cells never isolates one (the totals' own flag is not needed for that)
    for by in disclosure.default_margins(dims):
        keyed = flagged.with_columns(pl.lit(0).alias("all"))
        groups = keyed.group_by(list(by) or ["all"]).agg(
            pl.col(SUPPRESSED).sum().alias("hidden"), pl.len().alias("cells"), pl.col("records").sum()
        )
        assert groups.filter((pl.col("cells") > 1) & (pl.col("hidden") == 1)).is_empty(), (by, groups)
        # a shown total rests on enough records and never on a group with one hidden cell
        shown_totals = disclosure.totals(flagged, by, count="records", values=["kg"], min_cell=limit)
        assert shown_totals.filter(~pl.col(SUPPRESSED))["records"].ge(limit).all()
        lonely = groups.filter(pl.col("hidden") == 1)
        if by:
            assert shown_totals.join(lonely, on=list(by)).filter(~pl.col(SUPPRESSED)).is_empty()
        elif lonely.height:
            assert shown_totals[SUPPRESSED][0]
    # hiding empties exactly the flagged figures
    public = disclosure.hide(flagged, ["records", "kg"])
    assert public.filter(pl.col(SUPPRESSED))["kg"].null_count() == int(flagged[SUPPRESSED].sum())
    assert public.filter(~pl.col(SUPPRESSED))["kg"].null_count() == 0


def test_a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it():
    table = pl.DataFrame({"country": ["A", "A", "A", "B"], "year": [1, 2, 3, 1], "records": [1, 40, 9, 50]})
    flagged = disclosure.suppressed_cells(table, count="records", dimensions=["country", "year"], min_cell=3)
    assert flagged[SUPPRESSED].to_list()[:3] == [True, False, True]  # 1 primary, then 9 (smaller than 40)
    # year 1 then holds one hidden cell (A) beside B: B goes too, or A = total(year 1) - B
    assert flagged[SUPPRESSED][3]


def test_nothing_is_hidden_when_every_cell_is_large_enough():
    table = pl.DataFrame({"country": ["A", "B"], "records": [3, 10], "kg": [1.0, 2.0]})
    public = disclosure.public_table(table, count="records", dimensions=["country"], values=["kg"], min_cell=3)
    assert not public[SUPPRESSED].any() and public["kg"].to_list() == [1.0, 2.0]


def test_the_limit_comes_from_the_environment_and_a_typo_keeps_the_default(monkeypatch):
    table = pl.DataFrame({"country": ["A", "B", "C"], "records": [4, 10, 12]})
    monkeypatch.setenv("DASHBOARD_MIN_CELL", "5")
    assert disclosure.suppressed_cells(table, count="records", dimensions=["country"])[SUPPRESSED][0]
    monkeypatch.setenv("DASHBOARD_MIN_CELL", "five")
    assert not disclosure.suppressed_cells(table, count="records", dimensions=["country"])[SUPPRESSED].any()
