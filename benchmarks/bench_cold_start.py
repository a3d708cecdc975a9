"""Cold start: from launching the Streamlit server on the real store to the Overview drawn in chromium.

Usage: python benchmarks/bench_cold_start.py [--store DIR]   (without --store, ../shared/data is imported first)
Prints the seconds; asserts nothing. Target (issue 3): first page under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_pages import build_store  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    args = parser.parse_args()
    root = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-store-"))
    if not args.store:
        build_store(root)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        server = start_server(root, "bench-cold-start")
        up = time.perf_counter() - started
        try:
            page.goto(server.url)
            page.wait_for_selector('[data-testid="stMetric"]', timeout=60000)
            page.wait_for_selector(".js-plotly-plot", timeout=60000)
            drawn = time.perf_counter() - started
        finally:
            stop_server(server)
            browser.close()
    print(f"server answering its health check: {up:.2f} s")
    print(f"Overview with figures and a chart drawn in the browser: {drawn:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
