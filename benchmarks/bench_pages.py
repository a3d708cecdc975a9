"""Server time of every page on the real data: first run (cold: loads the store) and re-render after a filter change.

Usage: python benchmarks/bench_pages.py [--store DIR]
Without --store it imports ../shared/data into a temporary store first. Prints a table; asserts nothing.
Target (issue 3): a filter change re-renders any page within 300 ms of server time; first page under 5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def build_store(root: Path) -> None:
    from dashboard.ingest import import_file
    from dashboard.store import Store

    shared = REPO.parent / "shared" / "data"
    store = Store(root)
    files = sorted((shared / "unodc-annual-seizures").iterdir())
    files.append(shared / "unodc-individual-seizures" / "ids_2011_2016_full.csv.gz")
    for path in files:
        report = import_file(path, store)
        print(f"imported {path.name}: {report.rows_stored:,} rows in {report.seconds:.1f} s")


def change_filter(at) -> None:
    """Move the start of the year slider: every page has it and every figure depends on it."""
    slider = at.slider(key="w_years")
    first, last = slider.value
    slider.set_value((first + 1, last))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    root = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-store-"))
    if not args.store:
        build_store(root)
    os.environ["DASHBOARD_DATA_DIR"] = str(root)

    from streamlit.testing.v1 import AppTest

    from dashboard.state import PAGES

    print(f"{'page':28} {'first run (s)':>14} {'filter change median (ms)':>27} {'max (ms)':>9}")
    for index, page in enumerate(PAGES.values()):
        at = AppTest.from_file(str(REPO / page.script), default_timeout=120)
        if page.url_path == "Country_profile":
            at.query_params["country"] = "COL"
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        if at.exception:
            print(f"{page.label:28} exception: {at.exception[0].message}")
            continue
        if not any(getattr(w, "key", None) == "w_years" for w in at.slider):
            print(f"{page.label:28} {first:14.2f} {'(no seizure filters)':>27}")
            continue
        timings = []
        for _ in range(args.repeats):
            change_filter(at)
            started = time.perf_counter()
            at.run()
            timings.append((time.perf_counter() - started) * 1000)
        label = page.label + (" (cold start)" if index == 0 else "")
        print(f"{label:28} {first:14.2f} {statistics.median(timings):27.0f} {max(timings):9.0f}")


if __name__ == "__main__":
    main()
