"""Publish and present, in chromium against a real server on a copy of the real store: a view saved from its page,
published on the Saved views page, opened in a fresh browser context after a new import (the published figure, and
the notice that today's data differ); a 3-view deck presented with the keyboard at projector size. No request leaves
the host in any of it."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from dashboard.ingest import import_file
from dashboard.saved import Views
from dashboard.saved.db import SQLITE_FILE
from dashboard.store import Store
from tests.conftest import FIXTURES
from tests.e2e.conftest import assert_clean, open_page, screenshot, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e
PROJECTOR = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def own_store(real_store, tmp_path_factory):
    """A copy of the real store (this test imports into it), with its own SQLite database of views."""
    root = tmp_path_factory.mktemp("publish-store") / "store"
    shutil.copytree(real_store.root, root, ignore=shutil.ignore_patterns(SQLITE_FILE + "*"))
    return Store(root)


@pytest.fixture(scope="module")
def own_server(own_store, monkeypatch_module):
    monkeypatch_module.delenv("DASHBOARD_DB_URL", raising=False)
    server = start_server(own_store.root, "server-publish")
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _views(store: Store) -> Views:
    return Views(f"sqlite:///{store.root / SQLITE_FILE}")


def _plotted(page) -> list:
    """The y values of every trace of the first Plotly chart on the page, as the browser holds them."""
    return page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => Array.from(t.y || []))")


def test_save_publish_and_open_after_a_new_import(own_server, own_store, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{own_server.url}/Trends?m=seizures&grp=Cocaine-type", wait_until="domcontentloaded")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Save this view").click()
    sidebar.get_by_label("Title").fill("Cocaine seizures per year")
    sidebar.get_by_label("Note (what it shows, in a sentence)").fill("Case records of cocaine-type seizures.")
    sidebar.get_by_label("Your name").fill("HONLEA secretariat")
    sidebar.get_by_role("button", name="Save").click()
    page.get_by_text("Saved “Cocaine seizures per year”").wait_for(timeout=30000)
    saved = _views(own_store).list(author="HONLEA secretariat")
    assert [v.title for v in saved] == ["Cocaine seizures per year"]
    assert "m=seizures" in saved[0].query and "grp=Cocaine-type" in saved[0].query

    page.goto(f"{own_server.url}/Saved_views", wait_until="domcontentloaded")
    wait_for_app(page)
    page.get_by_role("button", name="Publish").first.click()
    notice = page.get_by_text(re.compile(r"Published as [\w-]{8}\."))
    notice.wait_for(timeout=60000)
    published_id = re.search(r"Published as ([\w-]{8})\.", notice.inner_text()).group(1)
    assert_clean_requests(requests, own_server.url)
    context.close()

    record = _views(own_store).published(published_id)
    frozen = json.loads(record.exhibits)[0]["figure"]["data"]
    report = import_file(FIXTURES / "cases" / "ids_sample.csv", own_store)  # the figure changes after this
    assert report.rows_stored > 0

    fresh = chromium.new_context(viewport=PROJECTOR)
    page = fresh.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{own_server.url}/View?v={published_id}", wait_until="domcontentloaded")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Cocaine seizures per year").first.wait_for()
    body = main.inner_text()
    assert f"Published view {published_id}" in body and record.snapshot[:12] in body and "app version" in body
    assert "today's data give a different figure" in body
    assert _plotted(page) == [list(t.get("y", [])) for t in frozen]
    assert page.get_by_text("Open the current view").count() == 1
    screenshot(page, "published-view-after-import")
    assert_clean_requests(requests, own_server.url)
    page.goto(f"{own_server.url}/View?v={published_id}&embed=1", wait_until="domcontentloaded")
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.get_by_text("Open the full view").count() == 1
    screenshot(page, "published-view-embed")
    fresh.close()


def assert_clean_requests(requests: list[str], base: str) -> None:
    foreign = [u for u in requests if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:"))]
    assert foreign == []


def _font_px(frame, selector: str) -> float:
    return frame.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_present_a_three_view_deck_with_the_keyboard(own_server, own_store, chromium):
    views = _views(own_store)
    urls = [("trends", "grp=Opioids&by=substance"), ("routes", ""), ("compare", "view=map")]
    made = [views.save(page=p, query=q, title=f"Slide {p}", note="", author="CND", snapshot="") for p, q in urls]
    deck = views.save_deck(title="CND briefing", author="CND", slides=[(v.id, f"Notes {v.page}") for v in made])

    context = chromium.new_context(viewport=PROJECTOR)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{own_server.url}/Present?deck={deck.id}", wait_until="domcontentloaded")
    wait_for_app(page)
    slides = page.frame_locator("iframe").first
    counter = slides.locator("#counter")
    counter.wait_for()
    assert counter.inner_text() == "1 / 3"
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('header[data-testid="stHeader"]').is_hidden()
    # A world or regional line has its reporting countries in a panel below: the years are that panel's ticks.
    ticks = ".xtick text, .x2tick text"
    slides.locator(ticks).first.wait_for()
    assert _font_px(slides, ticks) >= 20
    assert _font_px(slides, ".legendtext") >= 20
    assert _font_px(slides, ".gtitle") >= 40
    screenshot(page, "present-slide-1")
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == "2 / 3"
    slides.locator(".scattergeo").first.wait_for()
    screenshot(page, "present-slide-2")
    page.keyboard.press("PageDown")
    assert counter.inner_text() == "3 / 3"
    screenshot(page, "present-slide-3")
    page.keyboard.press("PageDown")  # the last slide stays
    assert counter.inner_text() == "3 / 3"
    page.keyboard.press("PageUp")
    assert counter.inner_text() == "2 / 3"
    page.keyboard.press(" ")
    assert counter.inner_text() == "3 / 3"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == "1 / 3"
    notes = slides.locator("#notes")
    assert notes.is_hidden()
    page.keyboard.press("n")
    assert notes.is_visible() and notes.inner_text() == "Notes trends"
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0
    assert_clean_requests(requests, own_server.url)
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/Saved_views"), timeout=30000)
    context.close()


def test_share_panel_downloads_a_png_offline(own_server, visit):
    page = open_page(visit, own_server, "Trends?grp=Opioids")
    page.get_by_role("button", name="Share and export").first.click()
    with page.expect_download(timeout=120000) as info:
        page.get_by_role("button", name="PNG", exact=True).first.click()
    assert info.value.suggested_filename == "trends-trend.png"
    assert_clean(visit, page)
