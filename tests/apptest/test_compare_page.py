"""The Compare countries page on the demonstration data: small multiples, ranking, map and URL state."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import TIMEOUT, run_page

pytestmark = pytest.mark.usefixtures("demo_store")
PAGE = "pages/3_Compare_countries.py"


def charts(at: AppTest) -> dict[str, tuple[dict, dict]]:
    """The page's Plotly charts, named by what their title says: (figure, config)."""
    out = {}
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        title = figure["layout"]["title"]["text"].replace("<br>", " ")  # long titles wrap
        name = "compare" if "side by side" in title else "map" if "world map" in title else "ranking"
        out[name] = (figure, json.loads(chart.proto.config or "{}"))
    return out


def panels(at: AppTest) -> list[str]:
    figure, _ = charts(at)["compare"]
    return [trace["name"] for trace in figure["data"]]


def test_page_runs_with_the_top_four_by_default() -> None:
    at = run_page(PAGE)
    assert any("Demonstration data" in w.value for w in at.warning)
    chosen = at.multiselect(key="w_compare_countries").value
    assert len(chosen) == 4
    figure, _ = charts(at)["compare"]
    assert len(figure["data"]) == 4
    axes = [k for k in figure["layout"] if k.startswith("yaxis") and k != "yaxis"]
    assert axes and all(figure["layout"][k]["matches"] == "y" for k in axes)
    assert "c" not in at.query_params  # the default selection keeps the link short
    ranking = at.dataframe[-1].value
    assert {"rank", "profile", "country_name", "share_region_pct", "share_world_pct"} <= set(ranking.columns)
    assert ranking["profile"].dropna().str.contains(r"Country_profile\?.*country=[A-Z]{3}").all()
    assert ranking["rank"].tolist() == sorted(ranking["rank"].tolist())
    # Shares reach the grid as fractions, which its "percent" format writes as the page's language writes a percentage.
    assert ranking["share_world_pct"].sum() == pytest.approx(1, abs=0.005)
    formats = {k: v.get("type_config", {}).get("format") for k, v in json.loads(at.dataframe[-1].proto.columns).items()}
    assert formats["share_world_pct"] == formats["share_region_pct"] == "percent"


def test_choosing_countries_changes_the_small_multiples() -> None:
    at = run_page(PAGE)
    before = panels(at)
    at.multiselect(key="w_compare_countries").set_value(["COL", "ESP"]).run(timeout=TIMEOUT)
    assert not at.exception
    after = panels(at)
    assert after != before and after == ["Colombia", "Spain"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["year", "Colombia", "Spain"]
    assert at.query_params["c"] == ["COL", "ESP"]
    ranking_figure, _ = charts(at)["ranking"]
    colours = dict(zip(ranking_figure["data"][0]["y"], ranking_figure["data"][0]["marker"]["color"], strict=True))
    assert colours["Colombia"] == colours["Spain"] != colours[next(n for n in colours if n not in after)]


def test_one_country_asks_for_another() -> None:
    at = run_page(PAGE)
    at.multiselect(key="w_compare_countries").set_value(["COL"]).run(timeout=TIMEOUT)
    assert not at.exception
    assert "compare" not in charts(at)
    assert any("at least two" in i.value for i in at.info)


def test_query_params_restore_the_view() -> None:
    at = run_page(PAGE, c=["COL", "ESP"], log="1")
    assert at.multiselect(key="w_compare_countries").value == ["COL", "ESP"]
    assert at.toggle(key="w_compare_log").value is True
    figure, _ = charts(at)["compare"]
    assert [t["name"] for t in figure["data"]] == ["Colombia", "Spain"]
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert not at.info


def test_regions_side_by_side() -> None:
    at = run_page(PAGE, cmp="regions")
    assert at.segmented_control(key="w_compare_kind").value == "regions"
    names = panels(at)
    assert len(names) >= 2 and set(names) <= {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_map_view_uses_project_topology_and_names_the_boundaries_disclaimer() -> None:
    at = run_page(PAGE, cview="map")
    assert at.segmented_control(key="w_compare_view").value == "map"
    figure, config = charts(at)["map"]
    assert config["topojsonURL"] == "/app/static/topojson/"
    assert all(trace["type"] == "choropleth" and trace["featureidkey"] == "id" for trace in figure["data"])
    assert not re.search(r"https?://", json.dumps(figure))
    assert figure["layout"]["geo"]["visible"] is False
    assert any("do not imply official endorsement" in c.value for c in at.caption)
    assert at.get("download_button")


def test_invalid_url_values_fall_back_with_notices() -> None:
    at = run_page(PAGE, by="<script>", c=["<script>", "COL", "ESP"], cview="<img src=x>")
    notices = " ".join(i.value for i in at.info)
    assert "'by'" in notices and "'c'" in notices and "'view'" in notices
    assert at.multiselect(key="w_compare_countries").value == ["COL", "ESP"]
    assert at.segmented_control(key="w_compare_view").value == "ranking"
