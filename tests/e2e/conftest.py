"""Browser tests: the real Streamlit server, driven by Playwright in Debian's chromium (never a downloaded browser).

One server runs on the demonstration data, one on the real files of ../shared/data imported into a temporary store.
Every request the browser makes is recorded, so a test can assert that nothing leaves the server's host.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import polars as pl
import pytest

from tests.e2e import placeholder_check

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    # English values the server found filling a translated message's placeholders (``placeholder_check.py``).
    placeholders: Path


def start_server(data_dir: Path, log_name: str, *, checked: bool = True) -> Server:
    """``streamlit run Home.py`` on ``data_dir``; ``checked``: with the check on translated messages' placeholders
    installed first (the browser tests), else exactly the README's command (a benchmark)."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"{log_name}.log"
    placeholders = ARTIFACTS / f"{log_name}.placeholders.jsonl"
    placeholders.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DASHBOARD_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        placeholder_check.LOG_VARIABLE: str(placeholders),
    }
    launcher = [str(Path(placeholder_check.__file__))] if checked else ["-m", "streamlit"]
    process = subprocess.Popen(
        [
            sys.executable,
            *launcher,
            "run",
            "Home.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return Server(url, process, log, placeholders)
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"streamlit did not start within 90 s; see {log}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[Server]:
    server = start_server(tmp_path_factory.mktemp("empty-store"), "server-demo")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def real_server(real_store) -> Iterator[Server]:
    server = start_server(real_store.root, "server-real")
    yield server
    stop_server(server)


@dataclass
class Browser:
    playwright: object
    browser: object


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is installed by scripts/setup.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Visit:
    page: object
    requests: list[str] = field(default_factory=list)
    # Where the server's placeholder log stood when the last page was opened.
    placeholders_from: int = 0

    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about"}:
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@pytest.fixture()
def visit(chromium) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    record = Visit(page)
    page.on("request", lambda request: record.requests.append(request.url))
    yield record
    context.close()


# Streamlit marks the app's root with the state of the script run ("initial" until the first run starts, "running",
# "notRunning" when done) and of the connection. A page has settled when the run is over, nothing is faded as stale,
# and it stayed so for ``quiet`` ms: a component's first report (the route map's width) starts one more run soon after.
_SETTLED_FOR = """(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]');
  const now = performance.now();
  if (!idle) { window.__dashboardIdleSince = null; return false; }
  if (window.__dashboardIdleSince == null) window.__dashboardIdleSince = now;
  return now - window.__dashboardIdleSince >= quiet;
}"""


def wait_for_app(page, timeout_ms: int = 90000) -> None:
    """Wait until Streamlit has finished running the script and the page has settled."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.evaluate("() => { window.__dashboardIdleSince = null; }")
    page.wait_for_function(_SETTLED_FOR, arg=1500, timeout=timeout_ms, polling=100)
    # Charts, maps and tables load their code lazily: wait until those requests are done and the canvas is drawn.
    # A page that keeps a request open (the presentation's deck frame) never reaches "networkidle": the checks below
    # (axes drawn, the run over and quiet) are what must hold, so that wait is bounded.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=20000)
    # Every Plotly chart has drawn its axes (on a busy machine plotly.js can lag behind the page by seconds).
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(chart => chart.querySelector("
        "'.main-svg .xtick, .main-svg .ytick, .main-svg .choroplethlocation, .main-svg .sankey'))",
        timeout=timeout_ms,
    )
    # The route map reruns once with the width the browser reports (dashboard.ui.viewport): wait for that run.
    page.wait_for_function(
        "() => { const legend = document.querySelector('.route-legend');"
        " const map = document.querySelector('[data-testid=\"stDeckGlJsonChart\"]');"
        " if (!legend || !map) return true;"
        " return Math.abs(JSON.parse(legend.dataset.panel)[0] - map.getBoundingClientRect().width) <= 12; }",
        timeout=timeout_ms,
    )
    page.evaluate("() => { window.__dashboardIdleSince = null; }")
    page.wait_for_function(_SETTLED_FOR, arg=1000, timeout=timeout_ms, polling=100)


def open_page(visit: Visit, server: Server, path: str):
    """Open ``path`` of ``server`` in the visit's page and wait until the app has settled; returns the page."""
    visit.placeholders_from = placeholder_check.size(server.placeholders)
    visit.page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
    wait_for_app(visit.page)
    return visit.page


def assert_clean(visit: Visit, page) -> None:
    """No exception on the page, and no request to any host but the server's."""
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert visit.foreign_requests() == []


def download_csv(page, button: str, target: Path) -> pl.DataFrame:
    """Click the download button named ``button``, save the file to ``target`` and read it as text columns, without
    the ``# `` note lines the app writes above the header."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        with page.expect_download(timeout=20000) as info:
            page.get_by_role("button", name=button).click()
        download = info.value
    except PlaywrightTimeoutError:
        # A button's file is made when it is clicked (a deferred download); a click that lands while a rerun replaces
        # the button holds the old file's id and starts nothing (Streamlit's media_file_manager says so). A person
        # clicks again once the page has settled; so does the test, once.
        wait_for_app(page)
        with page.expect_download(timeout=60000) as info:
            page.get_by_role("button", name=button).click()
        download = info.value
    download.save_as(target)
    body = "\n".join(line for line in target.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("# "))
    return pl.read_csv(io.StringIO(body), infer_schema=False)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
