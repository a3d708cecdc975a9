"""Export times on the real data: the first PNG export (starts kaleido's chromium), later PNG exports of every
page's main chart, a published view's PNG, and a 10-slide PPTX deck.

Usage: python benchmarks/bench_exports.py [--store DIR]
Without --store it imports ../shared/data into a temporary store first. Prints figures; asserts nothing.
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

URLS = [
    "/Trends?grp=Opioids",
    "/",
    "/Routes",
    "/Compare_countries?view=map",
    "/Country_profile?country=COL",
    "/Trends?by=region",
    "/Routes?grp=Cocaine-type",
    "/Compare_countries",
    "/Trends?m=seizures&res=month",
    "/Country_profile?country=NLD",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    args = parser.parse_args()
    from benchmarks.bench_pages import build_store
    from dashboard import catalogue
    from dashboard.data import load_dataset
    from dashboard.export import frozen, images, slides
    from dashboard.store import Store

    root = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-exports-"))
    if not args.store:
        build_store(root)
    data = load_dataset(Store(root), public=False)
    exhibits = []
    for url in URLS:
        found = catalogue.parse_url(url, data)
        exhibits.append((url, catalogue.main_figures(data, found.page, found.state)[0]))

    started = time.perf_counter()
    images.image(exhibits[0][1], "png", link=URLS[0], dated="d")
    print(f"first PNG export (starts chromium): {time.perf_counter() - started:6.2f} s")
    for url, exhibit in exhibits:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            images.image(exhibit, "png", link=url, dated="d")
            times.append(time.perf_counter() - started)
        print(f"later PNG export  {url:34} median {statistics.median(times):6.2f} s")
    published = frozen.thaw(frozen.freeze([exhibits[0][1]]))[0]
    started = time.perf_counter()
    images.image(published, "png", link="published view x", dated="d", scale=2)
    print(f"published view PNG at 2x:           {time.perf_counter() - started:6.2f} s")
    contents = [slides.SlideContent(exhibit, url, f"notes for {url}") for url, exhibit in exhibits]
    started = time.perf_counter()
    body = slides.pptx_bytes(contents, dated="d")
    print(f"10-slide PPTX:                      {time.perf_counter() - started:6.2f} s ({len(body) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
