"""The Meeting follow-up page in a real browser: it draws offline, its permalinks work, hostile text stays inert,
and the XLSX matrix it downloads holds one row per replying Government and no formula."""

from __future__ import annotations

from urllib.parse import quote

import openpyxl
import pytest

from dashboard.meetings import SHIPPED_MEETINGS_DIR, load_meeting
from tests.e2e.conftest import assert_clean, open_page, screenshot

pytestmark = pytest.mark.e2e
SHIPPED = "honlea_europe_14_2022"


def test_matrix_draws_and_downloads_as_xlsx(demo_server, visit, tmp_path):
    page = open_page(visit, demo_server, "Meeting_follow_up")
    page.wait_for_selector(".js-plotly-plot g.hm", timeout=30000)
    assert_clean(visit, page)
    main = page.inner_text('[data-testid="stMain"]')
    assert "Who replied on what" in main and "Czechia" in main
    assert "Demonstration data" not in main  # the replies are the real note, whatever the seizure store holds
    assert f"meeting={SHIPPED}" in page.url
    screenshot(page, "meeting-follow-up")

    with page.expect_download() as info:
        page.get_by_role("button", name="The matrix (Excel)").click()
    target = tmp_path / "matrix.xlsx"
    info.value.save_as(target)
    assert info.value.suggested_filename == f"{SHIPPED}-matrix.xlsx"

    workbook = openpyxl.load_workbook(target)
    sheet = workbook["Matrix"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Government")
    body = [row for row in rows[header_at + 1 :] if row[0]]
    meeting = load_meeting(SHIPPED_MEETINGS_DIR / SHIPPED)
    assert len(body) == 26
    assert {row[1] for row in body} == set(meeting.replying_iso3)
    czechia = next(row for row in body if row[1] == "CZE")
    assert "(para. 9)" in czechia[2]  # 1(a): every cell names its paragraph
    for name in workbook.sheetnames:  # nothing a spreadsheet would run
        for row in workbook[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{cell.coordinate} is a formula"
    assert visit.foreign_requests() == []


def test_map_draws_our_shapes_offline(demo_server, visit):
    page = open_page(visit, demo_server, "Meeting_follow_up?view=map")
    page.wait_for_selector("path.choroplethlocation", timeout=30000)
    assert page.locator("path.choroplethlocation").count() > 26
    assert "invited list not known" in page.inner_text('[data-testid="stMain"]')
    assert_clean(visit, page)
    screenshot(page, "meeting-follow-up-map")


def test_permalink_to_a_government_and_hostile_search(demo_server, visit):
    page = open_page(visit, demo_server, "Meeting_follow_up?country=CZE")
    assert "Replies of Czechia" in page.inner_text('[data-testid="stMain"]')
    assert_clean(visit, page)
    screenshot(page, "meeting-follow-up-country")

    hostile = "<img src=x onerror=window.__xss=1>"
    page = open_page(visit, demo_server, f"Meeting_follow_up?view=rec&all=1&q={quote(hostile)}")
    main = page.inner_text('[data-testid="stMain"]')
    assert "0 replies on all recommendations contain" in main
    assert hostile in main  # shown as text
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    assert page.evaluate("() => window.__xss === undefined")
    assert_clean(visit, page)


def test_the_map_has_a_share_panel_whose_link_names_the_meeting(demo_server, visit):
    page = open_page(visit, demo_server, "Meeting_follow_up?view=map")
    page.wait_for_selector("path.choroplethlocation", timeout=30000)
    page.get_by_role("button", name="Share and export").first.click()
    link = page.locator('[data-testid="stPopoverBody"] code').first.inner_text()
    assert f"meeting={SHIPPED}" in link and "view=map" in link
    with page.expect_download(timeout=120000) as info:
        page.get_by_role("button", name="PNG", exact=True).first.click()
    assert info.value.suggested_filename == "meetings-map.png"
    assert_clean(visit, page)
