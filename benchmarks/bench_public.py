"""What public mode costs on the real data: small-cell suppression of each case-record aggregate, against the same
aggregate for staff, and the store check.

Usage: python benchmarks/bench_public.py [--store DIR]
Without --store it imports ../shared/data into a temporary store first. Prints a table; asserts nothing.
Target: a public page re-renders within the 300 ms of bench_pages.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_pages import build_store  # noqa: E402


def _median_ms(run, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(args.store) if args.store else Path(folder)
        if not args.store:
            build_store(root)
        from dashboard import query
        from dashboard.data import load_dataset
        from dashboard.pages.data import model
        from dashboard.state import DEFAULT
        from dashboard.store import Store

        store = Store(root)
        public, staff = load_dataset(store, public=True), load_dataset(store, public=False)
        state = DEFAULT.with_(dataset="cases")
        rows = model.public_rows(public, state)
        print(
            f"Data page cells (year, country, substance): {rows.height:,}, suppressed {int(rows['suppressed'].sum()):,}"
        )
        corridors = query.corridors(public, state)
        print(f"corridors shown {corridors.frame.height:,}, left out {corridors.suppressed:,}")
        print(f"{'aggregate':<28}{'public ms':>12}{'staff ms':>12}")
        measured = {
            "Data page table": (lambda: model.public_rows(public, state), lambda: model.filtered_rows(staff, state)),
            "trend": (lambda: query.trend(public, state), lambda: query.trend(staff, state)),
            "country-years": (lambda: query.country_years(public, state), lambda: query.country_years(staff, state)),
            "corridors": (lambda: query.corridors(public, state), lambda: query.corridors(staff, state)),
            "mix of conveyances": (
                lambda: query.mix(public, state, "conveyance"),
                lambda: query.mix(staff, state, "conveyance"),
            ),
        }
        for name, (for_public, for_staff) in measured.items():
            print(f"{name:<28}{_median_ms(for_public):>12.0f}{_median_ms(for_staff):>12.0f}")
        print(f"store check (every file read in full): {_median_ms(store.check, repeat=3):.0f} ms")


if __name__ == "__main__":
    main()
