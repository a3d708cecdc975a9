"""What each cube holds, read from ``reference/cubes.csv``: its key columns and its measures.

A cube is its table's rows compacted by every column a page filters or groups on; its measures add up exactly
(counts and sums), so any roll-up of a cube equals the same roll-up of the records. Both builders (Polars and Spark)
read this one definition.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from dashboard.reference import REFERENCE_DIR, read_rows

SUSPECT_FLAG = "check_amount"  # the one quality flag the pages filter on (see dashboard.query)
RECORDS = "records"  # the weight column: how many rows a cube row stands for


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str  # count (rows), sum (null when every row lacks a figure), count_non_null
    column: str | None = None  # the record column summed or counted


@dataclass(frozen=True)
class Cube:
    name: str  # also the store table it compacts (cases, annual)
    keys: tuple[str, ...]
    suspect: str | None  # a key reduced to whether the row is flagged check_amount
    measures: tuple[Measure, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        keys = (*self.keys, self.suspect) if self.suspect else self.keys
        return (*keys, *(m.name for m in self.measures))

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (*self.keys, self.suspect) if self.suspect else self.keys


@cache
def cubes() -> dict[str, Cube]:
    rows = read_rows("cubes.csv")
    found: dict[str, Cube] = {}
    for name in dict.fromkeys(r["cube"] for r in rows):
        mine = [r for r in rows if r["cube"] == name]
        measures = []
        for r in mine:
            kind, _, column = r["role"].partition(":")
            if kind in {"count", "sum", "count_non_null"}:
                measures.append(Measure(r["column"], kind, column or (r["column"] if kind == "sum" else None)))
        suspect = next((r["column"] for r in mine if r["role"] == "suspect"), None)
        keys = tuple(r["column"] for r in mine if r["role"] == "key")
        found[name] = Cube(name, keys, suspect, tuple(measures))
    return found


@cache
def spec_version() -> str:
    """Changes when the cube definition changes, so cubes built to an older definition are never read."""
    return hashlib.sha256((REFERENCE_DIR / "cubes.csv").read_bytes()).hexdigest()[:10]
