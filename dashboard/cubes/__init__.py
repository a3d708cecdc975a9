"""Cubes: the aggregations every page starts from, built once per imported source and kept in the store.

A cube is a table's rows compacted by every column a page filters or groups on (``reference/cubes.csv``), with
measures that add up exactly: ``records`` (rows), ``kg_equivalent`` (a sum, null where no row has a figure) and
``kg_records``. The case cube holds country x substance x year x month x method x corridor; the annual cube holds
what the edition and totals rules need (source, edition, country, year, group, subgroup, substance, total or not,
plant or not), so ``dashboard.query`` applies exactly the same rules to cubes as to records, and pages read cubes
while records are read only for drill-down.

Layout under the store::

    cubes/<spec version>/<kind>/<source_id>.parquet     one partial cube per source (kind: cases, annual)

A source's id is the hash of its file, so a partial never goes stale: adding a source builds its partial, removing
it deletes it, and the combine step is a concatenation of the partials of the sources a view may read (restricted
ones are left out in public mode, as for the records). A change of ``cubes.csv`` changes the spec version, so
cubes of an older definition are never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.cubes.polars_build import annual_cube, build_partial, case_cube, compact
from dashboard.cubes.spec import RECORDS, SUSPECT_FLAG, cubes, spec_version
from dashboard.store import TABLE_SCHEMAS, Store, _atomic_write_parquet

KINDS = ("cases", "annual")
ENGINES = ("polars", "spark")


@dataclass(frozen=True)
class Cubes:
    cases: pl.DataFrame
    annual: pl.DataFrame


def cube_schema(kind: str) -> dict[str, pl.DataType]:
    cube = cubes()[kind]
    table = TABLE_SCHEMAS[kind]
    schema: dict[str, pl.DataType] = {k: table[k] for k in cube.key_columns}
    for m in cube.measures:
        schema[m.name] = pl.Float64() if m.kind == "sum" else pl.Int64()
    return schema


def cube_root(store: Store) -> Path:
    return store.root / "cubes" / spec_version()


def partial_path(store: Store, kind: str, source_id: str) -> Path:
    return cube_root(store) / kind / f"{source_id}.parquet"


def _wanted(store: Store) -> pl.DataFrame:
    return store.sources().filter(pl.col("kind").is_in(list(KINDS))).select("source_id", "kind")


def write_partial(store: Store, kind: str, source_id: str, cube: pl.DataFrame) -> Path:
    path = partial_path(store, kind, source_id)
    _atomic_write_parquet(cube.select(list(cube_schema(kind))).cast(cube_schema(kind)), path)  # type: ignore[arg-type]
    return path


def _stale(store: Store) -> list[Path]:
    """Partials of sources no longer in the registry. A partial written after the registry as read here belongs to a
    source another process has just imported: it is kept."""
    as_read = store.registry_path.stat().st_mtime_ns if store.registry_path.exists() else 0
    wanted = {(k, i) for i, k in _wanted(store).iter_rows()}
    return [
        path
        for kind in KINDS
        if (cube_root(store) / kind).is_dir()
        for path in (cube_root(store) / kind).glob("*.parquet")
        if (kind, path.stem) not in wanted and _mtime(path) <= as_read
    ]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:  # deleted by another process meanwhile: nothing left to delete
        return 1 << 62


def missing(store: Store, *, rebuild: bool = False) -> list[tuple[str, str]]:
    """(source_id, kind) of the sources whose partial cube is not built yet (all of them with ``rebuild``)."""
    return [(i, k) for i, k in _wanted(store).iter_rows() if rebuild or not partial_path(store, k, i).exists()]


def refresh(store: Store, *, engine: str = "polars", master: str | None = None, rebuild: bool = False) -> dict:
    """Bring the cubes in step with the registry: build the partials of new sources, delete those of removed ones.
    Returns what it did: {"built": [...], "removed": [...], "engine": ...}."""
    todo = missing(store, rebuild=rebuild)
    if todo and engine == "spark":
        from dashboard.cubes.spark_build import build_partials

        for (source_id, kind), cube in build_partials(store, todo, master=master or "local[2]").items():
            write_partial(store, kind, source_id, cube)
    else:
        for source_id, kind in todo:
            table = pl.scan_parquet(store.table_path(kind, source_id))
            write_partial(store, kind, source_id, build_partial(table, kind))
    removed = _stale(store)
    for path in removed:
        path.unlink(missing_ok=True)
    return {"engine": engine, "built": [i for i, _ in todo], "removed": [p.stem for p in removed]}


def read(store: Store, kind: str, source_ids: list[str]) -> pl.DataFrame:
    """The combined cube of these sources (their partials, one after the other: a source is a key of the cube, so
    partials never overlap)."""
    paths = [partial_path(store, kind, i) for i in source_ids]
    absent = [p for p in paths if not p.exists()]
    if absent:
        refresh(store)  # imported by another process, or before cubes existed: build what is missing now
    frames = [pl.read_parquet(p) for p in paths if p.exists()]
    return pl.concat(frames) if frames else pl.DataFrame(schema=cube_schema(kind))


def load(store: Store, sources: pl.DataFrame) -> Cubes:
    """The cubes of the sources of the registry rows ``sources`` (already filtered for public mode)."""
    ids = {kind: sources.filter(pl.col("kind") == kind)["source_id"].to_list() for kind in KINDS}
    return Cubes(cases=read(store, "cases", ids["cases"]), annual=read(store, "annual", ids["annual"]))


__all__ = [
    "ENGINES",
    "KINDS",
    "RECORDS",
    "SUSPECT_FLAG",
    "Cubes",
    "annual_cube",
    "case_cube",
    "compact",
    "cubes",
    "cube_schema",
    "load",
    "partial_path",
    "read",
    "refresh",
]
