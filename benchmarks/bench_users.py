"""Simultaneous users: U browser contexts (one chromium) on P app processes over one store, each changing a filter
on a page and waiting until the page has settled; prints the median and p95 of filter change to settled page.

    python benchmarks/bench_users.py --users 20 --processes 2 [--store DIR] [--changes 3]

Users are spread over the processes as a sticky proxy would (user i on process i mod P). "Settled": the rerun the
change started is over and drawn (Streamlit's script state on the app's root, timed in the browser). Browser,
servers and users share the machine's cores, so on a 2-core machine this measures what two cores allow, not what a
server with its own cores would give. Prints one JSON line; asserts nothing. Target (issue 13): p95 under 2 s for 20
users on the real data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAGES = ("Trends", "Routes", "", "Compare_countries")


# Resolves with the ms from the change until the rerun it started is over and drawn (Streamlit's script state on the
# app's root went "running", then "notRunning" with nothing left stale, then two animation frames), or with -1 when
# no rerun started within 5 seconds. The state attribute is set at once; the running indicator (``stStatusWidget``)
# shows only for a run that lasts, so a quick rerun would not be seen by it.
WATCH = """() => new Promise(resolve => {
  const start = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  let seen = false;
  const tick = () => {
    const running = app.getAttribute('data-test-script-state') === 'running';
    seen = seen || running;
    const done = seen && !running && !document.querySelector('[data-stale="true"]');
    if (done) return requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
    if (!seen && performance.now() - start > 5000) return resolve(-1);
    setTimeout(tick, 10);
  };
  tick();
})"""


async def settled(page, timeout_ms: int = 180_000) -> None:
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=timeout_ms,
    )


async def user(browser, url: str, path: str, changes: int, timings: list[float], missed: list[int]) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{url}/{path}", wait_until="domcontentloaded", timeout=300_000)
    slider = page.get_by_role("slider").first
    await slider.wait_for(state="attached", timeout=180_000)
    await settled(page)
    await page.wait_for_timeout(1000)
    for i in range(changes):
        watcher = asyncio.ensure_future(page.evaluate(WATCH))
        await slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        elapsed_ms = await watcher
        if elapsed_ms >= 0:
            timings.append(elapsed_ms / 1000)
        else:
            missed.append(1)
        await settled(page)
    await context.close()


async def run(urls: list[str], users: int, changes: int) -> tuple[list[float], int]:
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    timings: list[float] = []
    missed: list[int] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        await asyncio.gather(
            *(user(browser, urls[i % len(urls)], PAGES[i % len(PAGES)], changes, timings, missed) for i in range(users))
        )
        await browser.close()
    return timings, len(missed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--store")
    args = parser.parse_args()
    from benchmarks.bench_pages import build_store
    from tests.e2e.conftest import start_server, stop_server

    root = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-users-"))
    if not args.store:
        build_store(root)
    servers = [start_server(root, f"bench-users-{i}", checked=False) for i in range(args.processes)]
    try:
        timings, missed = asyncio.run(run([s.url for s in servers], args.users, args.changes))
    finally:
        for server in servers:
            stop_server(server)
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        json.dumps(
            {
                "users": args.users,
                "processes": args.processes,
                "changes": len(timings),
                "no_rerun_seen": missed,
                "median_s": round(statistics.median(timings), 2),
                "p95_s": round(p95, 2),
                "max_s": round(ordered[-1], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
