"""Small-cell suppression for public views: an aggregate of case records resting on fewer than
``DASHBOARD_MIN_CELL`` records (``access.min_cell``, default 3) is never shown, and neither is a cell that a shown
total minus its shown parts would give away.

Pure Polars, used by every public table, chart and download that aggregates case records:

1. ``suppressed_cells`` flags the cells (column ``SUPPRESSED``): first every cell of 1 to ``min_cell - 1``
   records (primary suppression), then, margin by margin until nothing changes, in every group of a margin that
   has exactly one flagged cell, the unflagged cell with the fewest records (secondary suppression). A margin is
   the columns a total is taken over: the grand total (``()``) and, by default, each set of all dimensions but one
   (for a country-by-year table: the total of each country and the total of each year).
2. ``hide`` empties the flagged cells' figures; the flag stays, so a reader (and a download) can tell a suppressed
   cell from a figure not reported.
3. ``totals`` gives a margin's totals with the same care: a total resting on too few records, or on a group that
   holds exactly one flagged cell, is flagged too.

The guarantee: in every group of every margin whose total is shown, no flagged cell is alone, so no flagged cell
equals a shown total minus its shown parts. (Several margins at once can in rare patterns still narrow a cell down;
docs/security.md says so.)
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import polars as pl

from dashboard.access import min_cell as configured_min_cell

SUPPRESSED = "suppressed"
_CELL = "__cell"
_ALL = "__all"


def default_margins(dimensions: Sequence[str]) -> list[tuple[str, ...]]:
    """The grand total and, for two or more dimensions, every set of all dimensions but one."""
    margins: list[tuple[str, ...]] = [()]
    if len(dimensions) > 1:
        margins += [tuple(c) for c in combinations(dimensions, len(dimensions) - 1)]
    return margins


def _limit(min_cell: int | None) -> int:
    return configured_min_cell() if min_cell is None else max(1, int(min_cell))


def _keyed(frame: pl.DataFrame, by: Sequence[str]) -> tuple[pl.DataFrame, list[str]]:
    """The frame with a constant key when ``by`` is empty (the grand total), and the key columns to group on."""
    if by:
        return frame, list(by)
    return frame.with_columns(pl.lit(0).alias(_ALL)), [_ALL]


def _secondary(work: pl.DataFrame, by: Sequence[str], count: str) -> list[int]:
    """The cells to flag so that no group of this margin holds exactly one flagged cell beside unflagged ones."""
    keyed, keys = _keyed(work, by)
    lonely = (
        keyed.group_by(keys)
        .agg(pl.col(SUPPRESSED).sum().alias("__flagged"), pl.len().alias("__cells"))
        .filter((pl.col("__flagged") == 1) & (pl.col("__cells") > 1))
        .select(keys)
    )
    if lonely.is_empty():
        return []
    candidates = keyed.join(lonely, on=keys, nulls_equal=True).filter(~pl.col(SUPPRESSED))
    chosen = candidates.sort(count, _CELL).group_by(keys, maintain_order=True).first()
    return chosen[_CELL].to_list()


def suppressed_cells(
    frame: pl.DataFrame,
    *,
    count: str,
    dimensions: Sequence[str],
    margins: Sequence[Sequence[str]] | None = None,
    min_cell: int | None = None,
) -> pl.DataFrame:
    """``frame`` (one row per cell: its ``dimensions``, the number of records ``count`` and any figures) with the
    boolean column ``SUPPRESSED``; figures untouched (``hide`` empties them)."""
    limit = _limit(min_cell)
    chosen_margins = [tuple(m) for m in (margins if margins is not None else default_margins(dimensions))]
    records = pl.col(count).fill_null(0)
    work = frame.with_row_index(_CELL).with_columns(((records > 0) & (records < limit)).alias(SUPPRESSED))
    changed = bool(work[SUPPRESSED].any())
    while changed:
        changed = False
        for by in chosen_margins:
            more = _secondary(work, by, count)
            if more:
                work = work.with_columns(pl.col(SUPPRESSED) | pl.col(_CELL).is_in(more))
                changed = True
    return work.drop(_CELL)


def hide(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """The figures of the flagged cells emptied (the flag stays beside them)."""
    flagged = pl.col(SUPPRESSED)
    return frame.with_columns(pl.when(flagged).then(None).otherwise(pl.col(c)).alias(c) for c in columns)


def totals(
    flagged: pl.DataFrame,
    by: Sequence[str],
    *,
    count: str,
    values: Sequence[str] = (),
    min_cell: int | None = None,
) -> pl.DataFrame:
    """The totals of ``flagged`` (``suppressed_cells``' output, figures not yet hidden) over the groups of ``by``,
    each with ``SUPPRESSED``: set when the total rests on too few records or its group holds exactly one flagged
    cell. Figures of flagged totals are emptied."""
    limit = _limit(min_cell)
    keyed, keys = _keyed(flagged, by)
    out = keyed.group_by(keys, maintain_order=True).agg(
        pl.col(count).sum(),
        *[pl.col(v).sum() for v in values],
        (pl.col(SUPPRESSED).sum() == 1).alias("__alone"),
    )
    records = pl.col(count).fill_null(0)
    out = out.with_columns((((records > 0) & (records < limit)) | pl.col("__alone")).alias(SUPPRESSED))
    out = hide(out, [count, *values]).drop("__alone")
    return out.drop(_ALL) if not by else out


def public_table(
    frame: pl.DataFrame,
    *,
    count: str,
    dimensions: Sequence[str],
    values: Sequence[str] = (),
    min_cell: int | None = None,
) -> pl.DataFrame:
    """``suppressed_cells`` then ``hide``: what a public view shows of an aggregate of case records."""
    flagged = suppressed_cells(frame, count=count, dimensions=dimensions, min_cell=min_cell)
    return hide(flagged, [count, *values])
