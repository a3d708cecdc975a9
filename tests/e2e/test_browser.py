"""Every page in a real browser against the real server: no error, no foreign request, maps drawn, permalinks, CSV."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from dashboard.state import PAGES as PAGE_REGISTRY
from tests.e2e.conftest import assert_clean, download_csv, open_page, screenshot, wait_for_app

PAGES = list(PAGE_REGISTRY.values())

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("page_info", PAGES, ids=[p.label for p in PAGES])
def test_every_page_renders_offline_on_demo_data(demo_server, visit, page_info):
    page = open_page(visit, demo_server, page_info.url_path)
    assert_clean(visit, page)
    if page_info.seizure_data:
        assert "Demonstration data" in page.inner_text('[data-testid="stMain"]')
    screenshot(page, f"demo-{page_info.url_path or 'Overview'}")


@pytest.mark.parametrize("page_info", PAGES, ids=[p.label for p in PAGES])
def test_every_page_renders_offline_on_real_data(real_server, visit, page_info):
    page = open_page(visit, real_server, page_info.url_path)
    assert_clean(visit, page)
    assert "Nothing has been imported yet" not in page.inner_text('[data-testid="stMain"]')
    screenshot(page, f"real-{page_info.url_path or 'Overview'}")


def _colour_pixels(png: bytes, target: tuple[int, int, int], tolerance: int = 40) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    close = np.abs(pixels - np.array(target, dtype=np.int16)) <= tolerance
    return int(close.all(axis=2).sum())


def test_route_map_draws_country_shapes_and_arcs(real_server, visit):
    page = open_page(visit, real_server, "Routes")
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(state="visible", timeout=30000)
    page.wait_for_timeout(3000)
    png = chart.screenshot()
    land = _colour_pixels(png, (220, 220, 220), tolerance=25)
    arcs = _colour_pixels(png, (0, 114, 178)) + _colour_pixels(png, (230, 159, 0))
    assert land > 5000, f"country shapes: {land} grey pixels"
    assert arcs > 200, f"arcs: {arcs} blue/orange pixels"
    assert_clean(visit, page)


def test_choropleth_draws_country_shapes(real_server, visit):
    page = open_page(visit, real_server, "Compare_countries?c=COL&c=ESP&cview=map")
    page.wait_for_selector("path.choroplethlocation", timeout=30000)
    assert page.locator("path.choroplethlocation").count() > 150
    assert_clean(visit, page)


def test_a_permalink_reproduces_its_view(demo_server, visit):
    page = open_page(visit, demo_server, "Compare_countries?c=COL&c=ESP&c=NLD&log=1&from=2017")
    assert_clean(visit, page)
    selected = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Colombia")
    assert selected.count() >= 1
    url = page.url
    assert "c=COL" in url and "c=ESP" in url and "from=2017" in url
    first_text = page.inner_text('[data-testid="stMain"]')
    again = visit.page.context.new_page()
    again.goto(url)
    wait_for_app(again)
    # plotly.js may still be drawing a chart below the fold on a busy machine: give it time, then compare.
    deadline = time.monotonic() + 30
    while again.inner_text('[data-testid="stMain"]') != first_text and time.monotonic() < deadline:
        again.wait_for_timeout(500)
    assert again.inner_text('[data-testid="stMain"]') == first_text


def test_an_invalid_link_falls_back_with_a_notice(demo_server, visit):
    page = open_page(visit, demo_server, "Trends?by=%3Cscript%3Ealert(1)%3C/script%3E&from=1066")
    assert_clean(visit, page)
    text = page.inner_text('[data-testid="stMain"]')
    assert "not valid" in text and "defaults" in text
    assert page.evaluate("() => window.__xss === undefined")


def test_csv_download_has_the_expected_rows(demo_server, visit, tmp_path):
    from dashboard import demo
    from dashboard.data import Dataset
    from dashboard.pages.data import model as datapage
    from dashboard.state import DEFAULT

    page = open_page(visit, demo_server, "Data")
    downloaded = download_csv(page, "Download the data (CSV)", tmp_path / "data.csv")
    dataset = Dataset(demo.demo_cases(), demo.demo_annual(), demo.demo_sources(), True, "demo")
    expected = datapage.filtered_rows(dataset, DEFAULT)
    assert downloaded.height == expected.height
    assert downloaded.columns == expected.columns


def test_a_click_on_the_route_map_leads_to_a_country_profile(demo_server, visit):
    page = open_page(visit, demo_server, "Routes")
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(state="visible", timeout=30000)
    page.wait_for_timeout(2000)
    box = chart.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    hit = None
    # Hover over a grid until the tooltip names a country dot; deck.gl needs the pointer there before the click.
    for fy in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        for fx in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
            page.mouse.move(x, y)
            page.wait_for_timeout(120)
            if tooltip.count() and tooltip.first.is_visible() and "routes from it" in tooltip.first.inner_text():
                hit = (x, y)
                break
        if hit:
            break
    assert hit, "no country dot found on the map"
    page.mouse.down()
    page.wait_for_timeout(80)
    page.mouse.up()
    link = page.get_by_text("Open the profile of").first
    link.wait_for(timeout=30000)
    name = link.inner_text().removeprefix("Open the profile of ").strip()
    link.click()
    wait_for_app(page)
    assert "Country_profile" in page.url and "country=" in page.url
    assert name in [h.inner_text() for h in page.locator("h2").all()]
    assert_clean(visit, page)


def test_several_first_visitors_at_once_on_a_fresh_server(chromium, tmp_path):
    """Sessions that start together run their scripts in parallel threads: the first imports must not race."""
    from tests.e2e.conftest import start_server, stop_server

    server = start_server(tmp_path / "empty-store", "server-concurrent")
    try:
        context = chromium.new_context(viewport={"width": 1200, "height": 900})
        pages = [context.new_page() for _ in range(4)]
        for page, path in zip(pages, ("", "Trends", "Compare_countries", "Routes"), strict=True):
            page.goto(f"{server.url}/{path}", wait_until="commit")
        for page in pages:
            wait_for_app(page)
            errors = page.locator('[data-testid="stException"]')
            assert errors.count() == 0, errors.first.inner_text()
        context.close()
    finally:
        stop_server(server)
    assert "Uncaught app execution" not in server.log.read_text()


def test_unodc_areas_in_the_subregion_filter_and_compare_by_unodc_region(real_server, visit):
    """Issue 15: UNODC's own areas offered beside the M49 ones, with their scheme, and compared side by side."""
    url = (
        "Compare_countries?cmp=regions&lvl=unodc_region"
        "&subreg=UNODC%20region%3A%20Africa&subreg=UNODC%20region%3A%20Europe"
    )
    page = open_page(visit, real_server, url)
    assert_clean(visit, page)
    main = page.inner_text('[data-testid="stMain"]')
    assert "UNODC region" in main and "Africa (UNODC region)" in main and "Europe (UNODC region)" in main
    screenshot(page, "real-compare-unodc-regions")
    # The sidebar's subregion filter lists UNODC subregions under their scheme, beside the M49 ones.
    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Subregion of seizing country")
    box.locator("input").click()
    box.locator("input").fill("West")
    page.wait_for_selector('[role="option"]', timeout=15000)
    options = page.locator('[role="option"]').all_inner_texts()
    assert "West and Central Africa (UNODC subregion)" in options and "Western Africa" in options
    page.wait_for_timeout(1000)  # the list fades in: a screenshot taken at once shows the sidebar through it
    screenshot(page, "real-subregion-filter-unodc")
    assert_clean(visit, page)
