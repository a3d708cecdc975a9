"""The cubes built with Polars (streaming engine): one partial cube per imported source."""

from __future__ import annotations

import polars as pl

from dashboard.cubes.spec import RECORDS, SUSPECT_FLAG, Cube, cubes


def _measure(kind: str, column: str | None, name: str) -> pl.Expr:
    if kind == "count":
        return pl.len().cast(pl.Int64).alias(name)
    if kind == "count_non_null":
        return pl.col(column).count().cast(pl.Int64).alias(name)
    # A sum of nothing but missing figures is "not reported", never zero.
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum()).otherwise(None).alias(name)


def suspect_key(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column).fill_null("").str.contains(SUSPECT_FLAG, literal=True))
        .then(pl.lit(SUSPECT_FLAG))
        .otherwise(pl.lit(""))
        .alias(column)
    )


def compact(rows: pl.LazyFrame, cube: Cube) -> pl.LazyFrame:
    """The cube of ``rows``: one row per distinct key, its measures added up; sorted, so two builds of the same
    rows give the same file."""
    keys = [pl.col(k) for k in cube.keys]
    if cube.suspect:
        keys.append(suspect_key(cube.suspect))
    aggregations = [_measure(m.kind, m.column, m.name) for m in cube.measures]
    return rows.group_by(keys).agg(aggregations).sort(list(cube.key_columns), nulls_last=True)


def case_cube(cases: pl.LazyFrame) -> pl.LazyFrame:
    return compact(cases, cubes()["cases"])


def annual_cube(annual: pl.LazyFrame) -> pl.LazyFrame:
    return compact(annual, cubes()["annual"])


def build_partial(table: pl.LazyFrame, kind: str) -> pl.DataFrame:
    """One source's cube; the streaming engine keeps memory to the cube's size, not the table's."""
    return compact(table, cubes()[kind]).collect(engine="streaming")


__all__ = ["RECORDS", "annual_cube", "build_partial", "case_cube", "compact", "suspect_key"]
