"""Issue 15 in AppTest on the real files: the Data page's flagged figures and its large Excel export, Compare's
outlier switch, the subregion filter and the Routes place filters."""

from __future__ import annotations

import json
from functools import partial

import pytest

from tests.apptest.conftest import run_page

TIMEOUT = 180
run = partial(run_page, timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def real_data(real_store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(real_store.root))


def texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "info") for e in at.get(kind))


def test_the_data_page_lists_flagged_figures(real_store) -> None:
    at = run("pages/5_Data.py", view="flags", grp="Cannabis-type")
    assert not at.exception
    assert "flagged country-years" in texts(at)
    table = at.dataframe[0].value
    assert "Namibia" in table["country_name"].to_list()


def test_every_case_record_in_excel_is_prepared_on_request_with_a_progress_indicator(real_store) -> None:
    at = run("pages/5_Data.py", ds="cases", cls="all", chk="1", plants="1")
    assert not at.exception
    prepare = [b for b in at.button if b.label.startswith("Prepare the Excel file")]
    every = real_store.scan("cases").select("record_id").collect().height
    assert prepare and f"{every:,} rows" in prepare[0].label


def test_compare_leaves_outliers_out_and_the_switch_brings_them_back(real_store) -> None:
    at = run("pages/3_Compare_countries.py", grp="Cannabis-type", yr="2020")
    assert not at.exception
    assert "Namibia 2020" in texts(at)  # named as left out
    at.checkbox(key="w_outliers").check().run(timeout=TIMEOUT)
    assert not at.exception
    assert at.query_params["outl"] in ("1", ["1"])
    assert "Left out of the ranking" not in texts(at)


def test_routes_keeps_corridors_to_europe_via_west_africa(real_store) -> None:
    at = run("pages/1_Routes.py", dest="Europe", via="Western Africa")
    assert not at.exception
    assert at.multiselect(key="w_routes_dest").value == ["Europe"]
    assert at.multiselect(key="w_routes_via").value == ["Western Africa"]
    assert "to Europe, departing from or via Western Africa" in "\n".join(h.value for h in at.subheader)
    transit = at.toggle(key="w_routes_transit")
    assert transit.disabled and transit.value is False  # the case file has no transit field, and the page says so
    assert "transit" not in at.query_params
    assert "no transit field" in texts(at)


def test_the_subregion_filter_narrows_a_trend(real_store) -> None:
    at = run("pages/2_Trends.py", ser="cocaine", subreg="Western Africa")
    assert not at.exception
    assert at.multiselect(key="w_subregions").value == ["Western Africa"]
    (figure, *_) = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert "Western Africa" in figure["layout"]["title"]["text"]
    bars = [trace for trace in figure["data"] if trace["type"] == "bar"]
    assert bars and max(bars[0]["y"]) <= 17  # countries reporting, of Western Africa's 17
