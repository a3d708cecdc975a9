"""Scale: N synthetic case records imported, then every big page's filter change timed on the server, beside DuckDB.

    python benchmarks/bench_scale.py --rows 1000000            # prints one JSON line
    python benchmarks/bench_scale.py --rows 10000000 --keep DIR  # keeps the generated file and the store in DIR

The synthetic records have the real schema and distributions: rows of the real UNODC case file
(../shared/data/unodc-individual-seizures) drawn with replacement, each amount multiplied by a log-normal factor
(sigma 0.3) so that draws of one row differ, written as a UNODC export (";"-separated, the same columns). The bad
rows of the real file are drawn as often as the good ones, so the import quarantines its share of them too.

Each measurement runs in its own child process; memory is that child's peak resident set (``RUSAGE_CHILDREN``):
``import_peak_mb`` of the import (``import_file``, as the command line and the Data page call it), ``server_rss_mb``
of a server's work: loading the dataset (``load_dataset``: the cubes, the records left on disk) and building every
big page's exhibits (``catalogue.MAIN_FIGURES``: queries and Plotly figures, what a rerun computes before Streamlit
sends it) for ``--repeats`` filter changes (the first year moved). ``pages`` holds the median ms of those changes,
``queries_ms`` the same for the page's queries alone (the rest is building Plotly figures, whatever the rows).
``import_cpu_s``: the import's CPU seconds (all threads), a figure the machine's other work does not inflate as it
does ``import_s``; ``load_average``: the machine's load averages before and after the run.
``duckdb_ms``: the median ms of DuckDB running each page's main aggregation on the same store's record files, with
the same filter change (DuckDB reads the records; the app reads its cubes). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_FILE = REPO.parent / "shared" / "data" / "unodc-individual-seizures" / "ids_2011_2016_full.csv.gz"
CHUNK = 1_000_000
PAGES = {
    "overview": "",
    "routes": "m=seizures",
    "trends": "m=seizures&ds=cases",
    "compare": "",
    "profile": "country=COL",
}


def generate(rows: int, target: Path, seed: int = 13) -> None:
    import numpy as np
    import polars as pl

    real = pl.read_csv(REAL_FILE, separator=";", infer_schema=False)
    rng = np.random.default_rng(seed)
    with target.open("wb") as out:
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            drawn = real[rng.integers(0, real.height, n)]
            factor = pl.Series(rng.lognormal(0.0, 0.3, n))
            amount = pl.col("AMOUNT").cast(pl.Float64, strict=False)
            drawn = drawn.with_columns(
                pl.when(amount.is_not_null())
                .then((amount * factor).round(3).cast(pl.String))
                .otherwise(pl.col("AMOUNT"))
                .alias("AMOUNT")
            )
            drawn.write_csv(out, separator=";", include_header=start == 0)


def child_import(source: Path, root: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from dashboard.ingest import import_file, streaming
    from dashboard.store import Store

    started, cpu = time.perf_counter(), os.times()
    report = import_file(source, Store(root))
    done = os.times()
    return {
        "import_s": round(time.perf_counter() - started, 2),
        # CPU seconds of every thread: what the import costs, whatever else the shared machine runs meanwhile.
        "import_cpu_s": round(done.user + done.system - cpu.user - cpu.system, 1),
        "rows_stored": report.rows_stored,
        "rows_quarantined": report.rows_quarantined,
        "streamed": streaming.wants(source),
        "balanced": report.balanced,
    }


def _years(first: int, last: int, repeats: int) -> list[int]:
    return [first + 1 + (i % max(1, last - first - 1)) for i in range(repeats)]


def _queries() -> dict:
    """Each page's queries alone (without building Plotly figures)."""
    from dashboard import query
    from dashboard.pages.profile.model import country_profile

    return {
        "overview": lambda d, s: (query.headline(d, s), query.shares_by_year(d, s)),
        "routes": query.corridors,
        "trends": query.trend,
        "compare": query.shares_by_year,
        "profile": lambda d, s: country_profile(d, s, "COL"),
    }


def child_serve(root: Path, repeats: int) -> dict:
    sys.path.insert(0, str(REPO))
    from dashboard import state as view
    from dashboard.catalogue import MAIN_FIGURES
    from dashboard.data import load_dataset
    from dashboard.store import Store

    queries = _queries()

    started = time.perf_counter()
    data = load_dataset(Store(root))
    load_s = time.perf_counter() - started
    first, last = data.vocabulary.years
    pages, only_queries = {}, {}
    for page, query in PAGES.items():
        timings, query_timings = [], []
        for year in [first, *_years(first, last, repeats)]:  # the first run warms the caches; not counted
            params = dict(p.split("=") for p in f"{query}&from={year}".strip("&").split("&"))
            state, _ = view.from_query(params, data.vocabulary, page=page)
            # Each timing starts with nothing remembered: a server keeps every view's results (``Dataset.results``),
            # so the second timing of one view would measure that memory, not the work.
            data.results.clear()
            started = time.perf_counter()
            queries[page](data, state)
            query_timings.append((time.perf_counter() - started) * 1000)
            data.results.clear()
            started = time.perf_counter()
            MAIN_FIGURES[page](data, state)
            timings.append((time.perf_counter() - started) * 1000)
        pages[page] = round(statistics.median(timings[1:]), 1)
        only_queries[page] = round(statistics.median(query_timings[1:]), 1)
    return {"load_s": round(load_s, 2), "pages": pages, "queries": only_queries, "cube_rows": data.case_cube.height}


DUCKDB_SQL = {
    "overview": """SELECT substance_group, count(*), sum(kg_equivalent), count(DISTINCT country_iso3) FROM cases
        WHERE {where} GROUP BY substance_group""",
    "routes": """SELECT departure_iso3, destination_iso3, count(*), sum(kg_equivalent), min(year), max(year)
        FROM cases WHERE {where} AND departure_iso3 IS NOT NULL AND destination_iso3 IS NOT NULL
        AND departure_iso3 <> destination_iso3 GROUP BY 1, 2""",
    "trends": """SELECT year, substance_group, count(*), count(DISTINCT country_iso3) FROM cases WHERE {where}
        GROUP BY 1, 2""",
    "compare": """SELECT country_iso3, year, count(*), sum(kg_equivalent) FROM cases WHERE {where} GROUP BY 1, 2""",
    "profile": """SELECT year, substance_group, count(*), sum(kg_equivalent) FROM cases
        WHERE {where} AND country_iso3 = 'COL' GROUP BY 1, 2""",
}
WHERE = (
    "year BETWEEN {first} AND {last} AND substance_class = 'drug' AND NOT coalesce(is_plant_material, false) "
    "AND coalesce(quality_flags, '') NOT LIKE '%check_amount%'"
)


def child_duckdb(root: Path, repeats: int) -> dict:
    import duckdb

    files = sorted(str(p) for p in (root / "cases").glob("*.parquet"))
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.execute(f"CREATE VIEW cases AS SELECT * FROM read_parquet({files!r})")  # noqa: S608 (our own paths)
    first, last = con.execute("SELECT min(year), max(year) FROM cases").fetchone()
    out = {}
    for page, sql in DUCKDB_SQL.items():
        timings = []
        for year in [first, *_years(first, last, repeats)]:
            started = time.perf_counter()
            con.execute(sql.format(where=WHERE.format(first=year, last=last))).fetchall()  # noqa: S608 (numbers)
            timings.append((time.perf_counter() - started) * 1000)
        out[page] = round(statistics.median(timings[1:]), 1)
    return out


def measured(*args: str) -> tuple[dict, float]:
    """Run this script as a child doing one measurement; its JSON and its peak memory in MB."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"child {args[:2]} failed:\n{done.stderr[-4000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return json.loads(done.stdout.strip().splitlines()[-1]), peak_mb


# A file of millions of records is over the upload limits (200 MB, 5M rows: reference/reading_limits.csv); an
# operator importing one from the command line raises them the same way (docs/security-reading.md).
LIMITS = {"DASHBOARD_MAX_FILE_MB": "1000000", "DASHBOARD_MAX_ROWS": "2000000000"}


def main() -> None:
    for name, value in LIMITS.items():
        os.environ.setdefault(name, value)  # inherited by every measuring child
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", help="a folder to keep the generated file and the store in")
    parser.add_argument("--child", choices=("import", "serve", "duckdb"), help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = {
            "import": lambda: child_import(Path(args.source), Path(args.root)),
            "serve": lambda: child_serve(Path(args.root), args.repeats),
            "duckdb": lambda: child_duckdb(Path(args.root), args.repeats),
        }[args.child]
        print(json.dumps(run()))
        return
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    source, root = work / f"synthetic_{args.rows}.csv", work / "store"
    try:
        if not source.exists():
            started = time.perf_counter()
            generate(args.rows, source)
            print(f"generated {source} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)
        load_before = os.getloadavg()
        # RUSAGE_CHILDREN is the peak over every child waited for, so each measurement is taken by its own runner.
        imported = _one("import", source, root)
        served = _one("serve", source, root, args.repeats)
        duck = _one("duckdb", source, root, args.repeats)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                "rows": args.rows,
                "import_s": imported["import_s"],
                "import_cpu_s": imported["import_cpu_s"],
                "import_peak_mb": imported["peak_mb"],
                "server_rss_mb": served["peak_mb"],
                "pages": served["pages"],
                "queries_ms": served["queries"],
                "duckdb_ms": duck["pages"] if "pages" in duck else {k: v for k, v in duck.items() if k != "peak_mb"},
                "rows_stored": imported["rows_stored"],
                "rows_quarantined": imported["rows_quarantined"],
                "streamed_import": imported["streamed"],
                "cube_rows": served["cube_rows"],
                "server_load_s": served["load_s"],
                # The 1-, 5- and 15-minute load averages before and after (2 cores shared with other work).
                "load_average": [round(x, 1) for x in (*load_before, *os.getloadavg())],
            }
        )
    )


def _one(kind: str, source: Path, root: Path, repeats: int = 5) -> dict:
    """One measurement in a fresh runner process (which starts the measuring child), so peaks do not mix."""
    code = (
        "import json, sys; sys.argv = sys.argv[:1]; import runpy; "
        f"m = runpy.run_path({__file__!r}); "
        f"out, peak = m['measured']('--child', {kind!r}, '--source', {str(source)!r}, '--root', {str(root)!r}, "
        f"'--repeats', {str(repeats)!r}); out['peak_mb'] = round(peak); print(json.dumps(out))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
