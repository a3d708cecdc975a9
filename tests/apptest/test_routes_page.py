"""The Routes page on the demonstration data: it runs, its widgets change the corridors, and the URL restores a view."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import query
from dashboard.data import load_dataset
from dashboard.state import ViewState
from dashboard.store import Store
from tests.apptest.conftest import TIMEOUT, run_page

pytestmark = pytest.mark.usefixtures("demo_store")
PAGE = "pages/1_Routes.py"


def corridors(at: AppTest) -> list[tuple]:
    table = at.dataframe[0].value
    return list(table[["From", "To", "Seizures"]].itertuples(index=False, name=None))


def deck_spec(at: AppTest) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def page_text(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("caption", "markdown", "info", "subheader") for e in at.get(kind))


def test_page_runs_on_demo_data() -> None:
    at = run_page(PAGE)
    assert any("Demonstration data" in w.value for w in at.warning)
    assert len(at.dataframe) == 1 and len(corridors(at)) > 0
    text = page_text(at)
    assert "The map rests on" in text and "name both an origin and a destination country" in text
    assert "do not imply official endorsement" in text
    assert "Source:" in text
    spec = deck_spec(at)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # no tiles (see figures/routes.py)
    kinds = {layer["@@type"] for layer in spec["layers"]}
    assert {"GeoJsonLayer", "ArcLayer", "ScatterplotLayer"} <= kinds
    arcs = next(layer for layer in spec["layers"] if layer["id"] == "corridors")
    assert 0 < len(arcs["data"]) <= 300
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["text"] == "{tooltip}"  # shown as text only
    assert at.segmented_control(key="w_routes_origin").value == "departure"
    assert at.segmented_control(key="w_routes_width").value == "kg"
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels.count("Download the corridors (CSV)") == 1
    # The Share panel under the map: the static rendering of the route map as images and HTML, its data.
    assert {"PNG", "PNG, 2x", "SVG", "PDF", "HTML (opens offline)", "CSV", "Excel"} <= set(labels)


def test_conveyance_filter_changes_the_corridors() -> None:
    at = run_page(PAGE)
    before = corridors(at)
    at.sidebar.multiselect(key="w_conveyances").set_value(["sea"]).run(timeout=TIMEOUT)
    assert not at.exception
    after = corridors(at)
    assert after and after != before


def test_origin_control_changes_the_corridors() -> None:
    at = run_page(PAGE)
    before = corridors(at)
    at.segmented_control(key="w_routes_origin").set_value("producing").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.segmented_control(key="w_routes_origin").value == "producing"
    assert corridors(at) != before
    assert "from producing country" in page_text(at).lower()


def test_width_control_follows_and_sets_the_measure() -> None:
    at = run_page(PAGE)
    at.segmented_control(key="w_routes_width").set_value("seizures").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.sidebar.radio(key="w_measure").value == "seizures"
    seizures = [row[2] for row in corridors(at)]
    assert seizures == sorted(seizures, reverse=True)
    assert "number of seizures" in page_text(at).lower()


def test_query_params_restore_the_view() -> None:
    restored = run_page(PAGE, origin="producing", conv=["sea"], m="seizures")
    assert restored.segmented_control(key="w_routes_origin").value == "producing"
    assert restored.segmented_control(key="w_routes_width").value == "seizures"
    assert restored.sidebar.multiselect(key="w_conveyances").value == ["sea"]

    clicked = run_page(PAGE)
    clicked.sidebar.multiselect(key="w_conveyances").set_value(["sea"]).run(timeout=TIMEOUT)
    clicked.segmented_control(key="w_routes_origin").set_value("producing").run(timeout=TIMEOUT)
    clicked.segmented_control(key="w_routes_width").set_value("seizures").run(timeout=TIMEOUT)
    assert corridors(restored) == corridors(clicked)
    assert corridors(restored) != corridors(run_page(PAGE))


def test_invalid_origin_falls_back_with_a_notice() -> None:
    at = run_page(PAGE, origin="<b>nowhere</b>")
    assert at.segmented_control(key="w_routes_origin").value == "departure"
    assert any("origin" in i.value for i in at.info)


def test_view_without_routes_says_so_instead_of_an_empty_map() -> None:
    # A substance of the demonstration data with records in view but none naming both ends of a route.
    data = load_dataset(Store())
    unrouted = [
        substance
        for substance in data.vocabulary.substances
        if (found := query.corridors(data, ViewState(substances=(substance,)))).records_in_view
        and not found.records_with_route
    ]
    assert unrouted, "the demonstration data should hold a substance never seized on a known route"
    at = run_page(PAGE, sub=unrouted[0])
    assert not at.get("deck_gl_json_chart")
    assert any("No route to draw" in i.value for i in at.info)


def test_transit_toggle_removes_the_transit_layers() -> None:
    at = run_page(PAGE)
    assert {"transit-legs", "transit-countries"} <= {layer["id"] for layer in deck_spec(at)["layers"]}
    at.toggle(key="w_routes_transit").set_value(False).run(timeout=TIMEOUT)
    assert not at.exception
    assert not {"transit-legs", "transit-countries"} & {layer["id"] for layer in deck_spec(at)["layers"]}
    restored = run_page(PAGE, transit="0")
    assert restored.toggle(key="w_routes_transit").value is False
