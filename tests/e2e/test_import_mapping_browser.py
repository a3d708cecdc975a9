"""The column-mapping step in a real browser: a UNODC table whose columns are partly unknown is uploaded on the Data
page, its columns mapped once, imported with full accounting, and its mapping kept for the next file of that shape."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard.ingest.mapping import MAPPINGS_DIR
from dashboard.store import Store
from tests.e2e.conftest import assert_clean, open_page, screenshot, start_server, stop_server, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.realdata]


@pytest.fixture()
def upload(shared_data: Path, tmp_path: Path) -> Path:
    """200 rows of the real 2018-2022 workbook, two of its headers in words no synonym knows."""
    raw = pl.read_excel(
        shared_data / "unodc-annual-seizures" / "drug_seizures_2018_2022.xlsx",
        sheet_name="Export",
        read_options={"header_row": 1},
        infer_schema_length=0,
    ).head(200)
    path = tmp_path / "incautaciones.csv"
    raw.rename({"Country": "País", "Kilograms": "Cantidad (kg)"}).write_csv(path)
    return path


def choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    # The option list is virtual: only the options in view are in the page, so type to bring this one into view.
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_an_unknown_layout_is_mapped_on_the_data_page_and_imported(tmp_path, chromium, visit, upload):
    store = Store(tmp_path / "store")
    store.root.mkdir(parents=True)
    server = start_server(store.root, "server-mapping")
    try:
        page = open_page(visit, server, "Data?view=import")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Import", exact=True).click()
        page.get_by_text("Not imported yet").wait_for(timeout=30000)
        page.get_by_text("What does each column hold?").wait_for(
            timeout=30000
        )  # the mapping step draws after the report
        main = page.inner_text('[data-testid="stMain"]')
        assert "unknown column(s) 'País', 'Cantidad (kg)'" in main
        assert "What does each column hold?" in main
        choose(page, "País", "Country (name)")
        choose(page, "Cantidad (kg)", "Kilograms (kilogram equivalent)")
        page.get_by_role("button", name="Import with this mapping").click()
        page.get_by_text("Imported incautaciones.csv").wait_for(timeout=30000)
        wait_for_app(page)
        screenshot(page, "import-mapping")
        assert_clean(visit, page)
    finally:
        stop_server(server)
    sources = store.sources()
    assert sources["format"].to_list() == ["unodc_annual_mapped"]
    assert sources["rows_read"].to_list() == [200]
    assert (sources["rows_stored"] + sources["rows_quarantined"]).to_list() == [200]
    assert sources["edition_inferred"].to_list() == [True]  # neither the file nor the person named it
    assert len(list((store.root / MAPPINGS_DIR).glob("*.json"))) == 1
