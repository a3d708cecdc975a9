"""Bytes the browser receives per page: on first load and on a rerun after a filter change (the Streamlit WebSocket
frames), in Debian's chromium against a real server.

Usage: python benchmarks/bench_payload.py [--store DIR]   (without --store: ../shared/data imported into a temp store)
Prints one JSON line {page: {"first_load_kb", "rerun_kb"}}; asserts nothing. Target (issue 13): a rerun under 1 MB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAGES = {"overview": "", "routes": "Routes", "trends": "Trends", "compare": "Compare_countries"}
PAGES["profile"] = "Country_profile?country=COL"


class Meter:
    """Counts the bytes of WebSocket frames the page receives."""

    def __init__(self, page) -> None:
        self.received = 0
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framereceived", self._count)

    def _count(self, payload) -> None:
        self.received += len(payload)


def change_filter(page) -> None:
    """Move the first year of the sidebar's year slider one step: every seizure page has it."""
    page.get_by_role("slider").first.press("ArrowRight")


def measure(server_url: str, chromium) -> dict:
    from tests.e2e.conftest import wait_for_app

    out = {}
    for key, path in PAGES.items():
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        meter = Meter(page)
        page.goto(f"{server_url}/{path}", wait_until="domcontentloaded")
        wait_for_app(page)
        first = meter.received
        change_filter(page)
        page.wait_for_timeout(500)
        wait_for_app(page)
        out[key] = {"first_load_kb": round(first / 1024), "rerun_kb": round((meter.received - first) / 1024)}
        context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from benchmarks.bench_pages import build_store
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    root = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-payload-"))
    if not args.store:
        build_store(root)
    server = start_server(root, "bench-payload")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            print(json.dumps(measure(server.url, browser)))
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
