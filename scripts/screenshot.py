"""Screenshot app pages as a person sees them, in Debian's chromium, once Streamlit has finished running.

Usage: python scripts/screenshot.py BASE_URL PATH[?QUERY]... [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="test-artifacts/shots")
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": args.height})
        foreign: list[str] = []
        page.on(
            "request",
            lambda r: (
                foreign.append(r.url)
                if "127.0.0.1" not in r.url and "localhost" not in r.url and not r.url.startswith(("data:", "blob:"))
                else None
            ),
        )
        for path in args.paths:
            page.goto(f"{args.base}/{path}")
            wait_for_app(page)
            page.wait_for_timeout(2000)
            name = (path.split("?")[0] or "Overview").replace("/", "_")
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            errors = page.locator('[data-testid="stException"]').count()
            print(f"{target}  exceptions={errors}")
        print("foreign requests:", foreign or "none")
        browser.close()


if __name__ == "__main__":
    main()
