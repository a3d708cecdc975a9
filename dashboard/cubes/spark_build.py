"""The same cubes built with Apache Spark (PySpark) from the same Parquet store, for stores beyond one machine.

``python -m dashboard build-cubes --engine spark --master local[2]`` runs Spark on this machine (the tests do);
with a cluster URL (``spark://host:7077``) the executors read the store's Parquet files, so the store must then be
on storage every executor sees under the same path. Cubes are small, so the driver collects each one and writes it
as the Polars build does: the app serves cubes from the store, whatever built them.
"""

from __future__ import annotations

import polars as pl

from dashboard.cubes.spec import SUSPECT_FLAG, Cube, cubes
from dashboard.store import Store


def session(master: str):  # -> pyspark.sql.SparkSession; pyspark is imported only when Spark is asked for
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName("seizure-dashboard cubes")
        # Offline and quiet: no web UI (it would open a port), few shuffle partitions for cubes this small.
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def compact(frame, cube: Cube):  # frame: pyspark.sql.DataFrame
    """The Spark rendition of ``polars_build.compact``: the same keys, the same measures."""
    from pyspark.sql import functions as F

    keys = [F.col(k) for k in cube.keys]
    if cube.suspect:
        flagged = F.coalesce(F.col(cube.suspect), F.lit("")).contains(SUSPECT_FLAG)
        keys.append(F.when(flagged, F.lit(SUSPECT_FLAG)).otherwise(F.lit("")).alias(cube.suspect))
    measures = []
    for m in cube.measures:
        if m.kind == "count":
            measures.append(F.count(F.lit(1)).alias(m.name))
        elif m.kind == "count_non_null":
            measures.append(F.count(F.col(m.column)).alias(m.name))
        else:  # Spark's sum of nothing but nulls is null: "not reported", as in the Polars build
            measures.append(F.sum(F.col(m.column)).alias(m.name))
    return frame.groupBy(*keys).agg(*measures)


def build_partials(store: Store, todo: list[tuple[str, str]], *, master: str) -> dict[tuple[str, str], pl.DataFrame]:
    """The partial cubes of the sources ``todo`` ((source_id, kind) pairs): one Spark job per kind over all their
    files, split by source afterwards (a source is a key of every cube)."""
    from dashboard.cubes import cube_schema

    spark = session(master)
    out: dict[tuple[str, str], pl.DataFrame] = {}
    try:
        for kind in dict.fromkeys(k for _, k in todo):
            ids = [i for i, k in todo if k == kind]
            cube = cubes()[kind]
            paths = [str(store.table_path(kind, i)) for i in ids]
            table = pl.from_arrow(compact(spark.read.parquet(*paths), cube).toArrow())
            assert isinstance(table, pl.DataFrame)
            table = table.select(list(cube.columns)).cast(cube_schema(kind))  # type: ignore[arg-type]
            table = table.sort(list(cube.key_columns), nulls_last=True)
            for source_id in ids:
                out[(source_id, kind)] = table.filter(pl.col("source_id") == source_id)
    finally:
        spark.stop()
    return out
