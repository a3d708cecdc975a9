"""The worst files of the hostile corpus uploaded on the Data page of a real server: each gives a plain one-line
message, the server stays up and answers another browser session meanwhile, a header written in Markdown makes the
browser fetch nothing from another host, and a workbook with two candidate sheets asks which one to import."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.store import Store
from tests.e2e.conftest import assert_clean, open_page, screenshot, start_server, stop_server, wait_for_app
from tests.hostile import make_corpus

pytestmark = [pytest.mark.e2e]

WORST = [
    ("xlsx-far-corner.xlsx", "XFD1048576"),
    ("bomb-repeated-row.csv.gz", "compression bomb"),
    ("nul-padded.csv", "binary data"),
    ("xlsx-inline-string-bomb.xlsx", "DASHBOARD_MAX_"),
    ("header-collide-case.csv", "would be read as the same column"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-upload")
    make_corpus.make(folder)
    evil = folder / "evil-header.csv"
    evil.write_text("![pixel](http://evil.example/p.png),<img src=http://evil.example/i.png>\n1,2\n", encoding="utf-8")
    return folder


class HealthProbe(threading.Thread):
    """Asks the server's health endpoint every 200 ms while an upload is read; counts the answers."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.answers, self.failures, self.running = url, 0, 0, True

    def run(self) -> None:
        while self.running:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as response:  # noqa: S310
                    self.answers += response.status == 200
            except OSError:
                self.failures += 1
            time.sleep(0.2)


def start_upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Import", exact=True).click()  # returns at once; the server reads meanwhile


def message_of(page) -> str:
    page.get_by_text("Not imported", exact=False).first.wait_for(timeout=60000)
    return page.locator('[data-testid="stAlert"]').last.inner_text()


def upload(page, path: Path) -> str:
    start_upload(page, path)
    return message_of(page)


def other_session(chromium, server) -> None:
    """Another person opens a page while the upload is read: it is served in full, without an error."""
    context = chromium.new_context()
    try:
        second = context.new_page()
        second.goto(f"{server.url}/Data?view=sources", wait_until="domcontentloaded")
        wait_for_app(second)
        assert second.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_the_worst_files_give_plain_messages_and_the_server_lives(tmp_path, chromium, visit, corpus):
    store = Store(tmp_path / "store")
    store.root.mkdir(parents=True)
    server = start_server(store.root, "server-hostile-upload")
    probe = HealthProbe(server.url)
    probe.start()
    try:
        page = open_page(visit, server, "Data?view=import")
        for name, phrase in WORST:
            start_upload(page, corpus / name)
            other_session(chromium, server)
            message = message_of(page)
            assert "Not imported" in message and phrase in message, (name, message)
            assert "Traceback" not in page.inner_text('[data-testid="stMain"]')
            page.reload(wait_until="domcontentloaded")
            wait_for_app(page)
        message = upload(page, corpus / "evil-header.csv")
        # Shown as text (an address is broken by a zero-width space so that nothing links it), never as an image.
        assert "![pixel](http:" in message and "<img src=http:" in message
        assert page.locator('[data-testid="stMain"] img[src*="evil.example"]').count() == 0
        # Sheet names written in Markdown and HTML are offered as plain text (assert_clean: nothing fetched).
        page.reload(wait_until="domcontentloaded")
        wait_for_app(page)
        message = upload(page, corpus / "xlsx-markdown-sheet-name.xlsx")
        assert "several sheets that may hold the table" in message
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Sheet to import").first.click()
        page.get_by_role("option", name="<b>two</b>", exact=True).wait_for(timeout=10000)
        page.keyboard.press("Escape")
        # A workbook with two sheets that may hold the table: the page asks which one, then imports it.
        page.reload(wait_until="domcontentloaded")
        wait_for_app(page)
        message = upload(page, corpus / "xlsx-two-candidates.xlsx")
        assert "several sheets that may hold the table ('2022', '2023')" in message
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Sheet to import").first
        box.click()
        box.locator("input").fill("2023")
        page.get_by_role("option", name="2023", exact=True).click()
        page.get_by_role("button", name="Import this sheet").click()
        page.get_by_text("Imported xlsx-two-candidates.xlsx").wait_for(timeout=60000)
        screenshot(page, "hostile-upload")
        assert_clean(visit, page)
        assert server.process.poll() is None, "the server is still running"
    finally:
        probe.running = False
        probe.join(timeout=10)
        stop_server(server)
    assert probe.failures == 0 and probe.answers > 0
    sources = store.sources()  # no refused file left a source behind; the chosen sheet's 4 rows are stored
    assert sources["file_name"].to_list() == ["xlsx-two-candidates.xlsx"]
    assert sources["rows_read"].to_list() == [4]
