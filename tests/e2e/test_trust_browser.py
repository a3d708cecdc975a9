"""Issue 15 in a real browser against the real server: the flagged series ringed (Netherlands cocaine 2016 carried
over, Namibia cannabis 2020 an outlier), the Data page's flagged figures, the subregion filter and the Routes place
filters, each screenshotted into test-artifacts/ to be looked at."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_clean, open_page, screenshot

pytestmark = pytest.mark.e2e


def legend(page) -> list[str]:
    """The legend entries plotly.js drew (SVG text, which the page's inner text leaves out)."""
    page.wait_for_selector('[data-testid="stPlotlyChart"] text.legendtext', timeout=30000)
    return page.locator('[data-testid="stPlotlyChart"] text.legendtext').all_text_contents()


def axis_titles(page) -> list[str]:
    return page.locator('[data-testid="stPlotlyChart"] text.ytitle, text.y2title').all_text_contents()


def test_the_netherlands_cocaine_line_is_ringed_in_2016(real_server, visit):
    page = open_page(visit, real_server, "Trends?ser=cocaine&reg=Europe&by=country&from=2014&to=2018")
    assert "Hollow ring: rests on a flagged figure (hover)" in legend(page) and "Netherlands" in legend(page)
    assert_clean(visit, page)
    screenshot(page, "issue15-trends-netherlands-carried-over")


def test_the_world_cannabis_line_is_ringed_in_2020_with_its_reporting_panel(real_server, visit):
    page = open_page(visit, real_server, "Trends?grp=Cannabis-type")
    assert "Hollow ring: rests on a flagged figure (hover)" in legend(page)
    assert "reporting" in axis_titles(page)
    assert_clean(visit, page)
    screenshot(page, "issue15-trends-cannabis-namibia-outlier")


def test_the_data_page_lists_the_flagged_figures(real_server, visit):
    page = open_page(visit, real_server, "Data?view=flags&grp=Cannabis-type")
    main = page.inner_text('[data-testid="stMain"]')
    assert "flagged country-years" in main and "outlier year" in main
    assert_clean(visit, page)
    screenshot(page, "issue15-data-flagged-figures")


def test_a_west_africa_cocaine_trend_from_the_subregion_filter(real_server, visit):
    page = open_page(visit, real_server, "Trends?ser=cocaine&subreg=Western%20Africa")
    label = page.locator('[data-testid="stSidebar"]').get_by_text("Subregion of seizing country (UN M49 or UNODC)")
    label.first.wait_for(timeout=30000)
    assert "Western Africa" in page.inner_text('[data-testid="stSidebar"]')
    assert "Western Africa" in page.inner_text('[data-testid="stMain"]')
    assert_clean(visit, page)
    screenshot(page, "issue15-trends-west-africa-cocaine")
    label.first.scroll_into_view_if_needed()
    screenshot(page, "issue15-sidebar-subregion-filter")


def test_corridors_feeding_europe_via_west_africa(real_server, visit):
    page = open_page(visit, real_server, "Routes?dest=Europe&via=Western%20Africa")
    main = page.inner_text('[data-testid="stMain"]')
    assert "to Europe, departing from or via Western Africa" in main
    assert "no transit field" in main
    assert_clean(visit, page)
    screenshot(page, "issue15-routes-europe-via-west-africa")


def test_compare_leaves_namibia_2020_out_of_the_ranking(real_server, visit):
    page = open_page(visit, real_server, "Compare_countries?grp=Cannabis-type&yr=2020")
    main = page.inner_text('[data-testid="stMain"]')
    assert "Left out of the ranking" in main and "Namibia 2020" in main
    assert_clean(visit, page)
    page.get_by_text("Left out of the ranking").first.scroll_into_view_if_needed()  # Streamlit scrolls inside
    screenshot(page, "issue15-compare-outlier-left-out")
