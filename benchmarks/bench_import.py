"""Import time and peak memory of the UNODC Individual Drug Seizures file, and of a 10x synthetic scale-up of it.

    python benchmarks/bench_import.py                 # the real file (../shared/data) and the 10x scale-up
    python benchmarks/bench_import.py --no-scale      # the real file only
    python benchmarks/bench_import.py --file F.csv.gz # any file the importer reads

Each import runs in a fresh child process into an empty temporary store, so the figures include reading, parsing,
validation and the Parquet write, but no cache from an earlier run. Peak memory is the child's maximum resident set
size as the kernel reports it (``getrusage(RUSAGE_CHILDREN)``). That figure is the maximum over *all* children a
process has waited for, so every measurement is taken by its own small measuring process, which starts exactly one
import child.

The scale-up repeats the real file ten times; copy k has its dates moved k days earlier and " ~k" added to the place,
so that copies are not exact duplicates of each other (duplicates within the release stay duplicates in every copy).

Targets on the project's 2-core reference machine: the real file in under 10 s and under 1.5 GB peak.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL_FILE = REPO.parent / "shared" / "data" / "unodc-individual-seizures" / "ids_2011_2016_full.csv.gz"
TARGET_SECONDS = 10.0
TARGET_MB = 1536.0
SCALE = 10


def child(path: Path, profile: bool) -> None:
    """Import one file into an empty store and print the report's figures as JSON (runs in the measured process)."""
    sys.path.insert(0, str(REPO))
    from dashboard.ingest import import_file
    from dashboard.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-store-") as root:
        started = time.perf_counter()
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            report = profiler.runcall(import_file, path, Store(root))
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        else:
            report = import_file(path, Store(root))
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "import_seconds": seconds,
                "rows_read": report.rows_read,
                "rows_stored": report.rows_stored,
                "rows_quarantined": report.rows_quarantined,
                "duplicates_skipped": report.duplicates_skipped,
            }
        )
    )


def measure(path: Path, profile: bool) -> None:
    """Start one import child, wait for it, and print its figures with its peak RSS and wall time."""
    command = [sys.executable, __file__, "--child", str(path)] + (["--profile"] if profile else [])
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"import of {path.name} failed (exit {done.returncode})")
    if profile:
        sys.stderr.write(done.stderr)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    # CPU time does not grow when other processes compete for the two cores, unlike wall time.
    figures["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    figures["wall_seconds"] = wall
    print(json.dumps(figures))


def run(path: Path, profile: bool = False) -> dict:
    command = [sys.executable, __file__, "--measure", str(path)] + (["--profile"] if profile else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    if profile:
        sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def scale_up(source: Path, factor: int, folder: Path) -> Path:
    """The source repeated ``factor`` times with shifted dates and places, written as a gzipped ``;`` file."""
    import polars as pl

    raw = pl.read_csv(source, separator=";", infer_schema=False)
    plain = folder / f"ids_x{factor}.csv"
    with plain.open("wb") as out:
        for k in range(factor):
            copy = raw.with_columns(
                (pl.col("SEIZURE_DATE").str.to_date("%Y-%m-%d", strict=False) - pl.duration(days=k))
                .dt.to_string("%Y-%m-%d")
                .fill_null(pl.col("SEIZURE_DATE")),
                pl.concat_str([pl.col("PLACE").fill_null(""), pl.lit(f" ~{k}")]).str.strip_chars(),
            )
            copy.write_csv(out, separator=";", include_header=k == 0)
    packed = folder / f"ids_x{factor}.csv.gz"
    with plain.open("rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
        shutil.copyfileobj(src, dst, 1 << 22)
    plain.unlink()
    return packed


def show(label: str, figures: dict, *, targets: bool) -> None:
    verdict = ""
    if targets:
        ok = figures["wall_seconds"] < TARGET_SECONDS and figures["peak_mb"] < TARGET_MB
        verdict = f"  target < {TARGET_SECONDS:.0f} s and < {TARGET_MB / 1024:.1f} GB: {'met' if ok else 'MISSED'}"
    print(
        f"{label}\n"
        f"  rows read {figures['rows_read']:,} = stored {figures['rows_stored']:,}"
        f" + quarantined {figures['rows_quarantined']:,} + duplicates {figures['duplicates_skipped']:,}\n"
        f"  import {figures['import_seconds']:.2f} s (process wall {figures['wall_seconds']:.2f} s,"
        f" CPU {figures['cpu_seconds']:.2f} s), peak RSS {figures['peak_mb']:,.0f} MB{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=REAL_FILE, help="file to import (default: the real case file)")
    parser.add_argument("--no-scale", action="store_true", help=f"skip the {SCALE}x synthetic scale-up")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary of each import to stderr")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.profile)
    if args.measure:
        return measure(args.measure, args.profile)

    if not args.file.is_file():
        raise SystemExit(f"no such file: {args.file}")
    # Wall times mean little on a busy machine: the load average says how busy it was.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    show(f"{args.file.name}", run(args.file, args.profile), targets=args.file == REAL_FILE)
    if args.no_scale:
        return None
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        started = time.perf_counter()
        scaled = scale_up(args.file, SCALE, Path(folder))
        print(
            f"(generated {scaled.name}, {scaled.stat().st_size / 2**20:,.0f} MB gzipped, in"
            f" {time.perf_counter() - started:.0f} s)"
        )
        show(f"{SCALE}x synthetic scale-up", run(scaled, args.profile), targets=False)
    return None


if __name__ == "__main__":
    main()
