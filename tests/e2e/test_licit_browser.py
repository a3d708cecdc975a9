"""The licit-trade page in a real browser against the real server on the demonstration data: no error, no request
to any other host, the map draws countries and arcs, a permalink restores the view, the flags download."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.conftest import assert_clean, download_csv, open_page, screenshot

pytestmark = pytest.mark.e2e


def _pixels(png: bytes, target: tuple[int, int, int], tolerance: int = 30) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    r0, g0, b0 = target
    return sum(
        1
        for r, g, b in image.get_flattened_data()
        if abs(r - r0) <= tolerance and abs(g - g0) <= tolerance and abs(b - b0) <= tolerance
    )


def _shown(page, script: str) -> None:
    """Wait until the page shows what ``script`` (a JavaScript condition) asks for: tables and metrics are drawn
    some seconds after the script has run, and the time it takes varies from one visit to the next."""
    page.wait_for_function(f"() => {script}", timeout=30000)


def test_licit_page_renders_offline_with_map_and_flags(demo_server, visit):
    page = open_page(visit, demo_server, "Licit_trade")
    assert_clean(visit, page)
    _shown(page, "document.querySelectorAll('[data-testid=\"stDataFrame\"]').length >= 5")
    main = page.inner_text('[data-testid="stMain"]')
    assert "not real authorisations or estimates" in main
    page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=30000)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.scroll_into_view_if_needed()
    chart.wait_for(state="visible", timeout=30000)
    page.wait_for_timeout(3000)
    png = chart.screenshot()
    land = _pixels(png, (222, 222, 222), tolerance=20)
    green = _pixels(png, (0, 158, 115), tolerance=45)
    assert land > 5000, f"country shapes: {land} grey pixels"
    assert green > 100, f"licit arcs: {green} green pixels"
    screenshot(page, "demo-Licit_trade")
    assert_clean(visit, page)


def test_licit_permalink_restores_the_view(demo_server, visit):
    page = open_page(visit, demo_server, "Licit_trade?imp=GHA&lsub=Morphine&ly=2023")
    assert_clean(visit, page)
    _shown(page, "document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Estimate 2023')")
    # The flags' scope control (it names the selection) is drawn after the figures: under load, seconds after.
    _shown(page, "document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Ghana, Morphine, 2023')")
    main = page.inner_text('[data-testid="stMain"]')
    assert "Ghana, Morphine, 2023" in main and "Estimate 2023" in main, main[:1500]
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
    assert "Authorised imports of Morphine into Ghana, 2023" in (
        page.locator(".js-plotly-plot .gtitle").first.text_content() or ""
    )
    assert "imp=GHA" in page.url and "ly=2023" in page.url
    screenshot(page, "demo-Licit_trade-GHA-2023")


def test_licit_flags_download_has_every_flag(demo_server, visit, tmp_path):
    from dashboard.licit.model import load_licit
    from dashboard.store import Store

    page = open_page(visit, demo_server, "Licit_trade?flags=all")
    downloaded = download_csv(page, "Download the flags (CSV)", tmp_path / "flags.csv")
    expected = load_licit(Store(tmp_path / "nothing-imported")).flags
    assert downloaded.height == expected.height
    assert downloaded["flag_code"].to_list() == expected["flag"].to_list()
    assert_clean(visit, page)
