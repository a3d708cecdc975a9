"""The Trends page on the demonstration data: it runs, its controls change the output, and the URL restores a view."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.countries import countries_frame
from tests.apptest.conftest import TIMEOUT, run_page

pytestmark = pytest.mark.usefixtures("demo_store")
PAGE = "pages/2_Trends.py"


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def series_in_table(at: AppTest) -> list[str]:
    return [c for c in at.dataframe[0].value.columns if c != "period"]


def page_text(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("caption", "markdown", "info") for e in at.get(kind))


def test_page_runs_on_demo_data() -> None:
    at = run_page(PAGE)
    assert any("Demonstration data" in w.value for w in at.warning)
    assert at.segmented_control(key="w_trends_breakdown").value == "group"
    assert at.segmented_control(key="w_trends_resolution").value == "year"
    assert at.segmented_control(key="w_trends_resolution").disabled  # annual reports have no months
    assert at.toggle(key="w_trends_log").value is False
    (figure,) = figures(at)
    assert "kg" in figure["layout"]["title"]["text"]
    assert figure["layout"]["yaxis"]["type"] == "linear"
    lines = [trace for trace in figure["data"] if trace.get("mode") == "lines+markers"]
    assert lines and all(trace["connectgaps"] is False for trace in lines)
    # Under the world lines, the countries reporting each year (issue 15).
    assert any(trace["type"] == "bar" for trace in figure["data"])
    assert "DEMONSTRATION DATA" in json.dumps(figure["layout"]["annotations"])
    # One drug by default (like with like), with the switch to another series or to every drug.
    assert at.segmented_control(key="w_trends_series").value == "cocaine"
    assert series_in_table(at) == ["Cocaine"]
    text = page_text(at)
    assert "These figures rest on" in text and "never zero" in text
    assert any(b.proto.label.startswith("Download") for b in at.get("download_button"))


def test_series_switch_shows_one_drug_or_every_drug() -> None:
    at = run_page(PAGE)
    at.segmented_control(key="w_trends_series").set_value("heroin").run(timeout=TIMEOUT)
    assert not at.exception
    assert series_in_table(at) == ["Heroin"] and at.query_params["ser"] == "heroin"
    at.segmented_control(key="w_trends_series").set_value("every").run(timeout=TIMEOUT)
    assert not at.exception
    assert len(series_in_table(at)) >= 2  # every drug: one line per group, never added up
    assert at.query_params["every"] == "1" and "ser" not in at.query_params


def test_breakdown_control_changes_the_table_and_url() -> None:
    at = run_page(PAGE)
    groups = series_in_table(at)
    at.segmented_control(key="w_trends_breakdown").set_value("region").run(timeout=TIMEOUT)
    assert not at.exception
    regions = series_in_table(at)
    assert regions != groups
    assert set(regions) <= {"Africa", "Americas", "Asia", "Europe", "Oceania", "(not specified)"}
    assert at.query_params["by"] == "region"
    trace_names = {trace["name"] for trace in figures(at)[0]["data"] if trace.get("mode") == "lines+markers"}
    assert trace_names == set(regions)


def test_log_toggle_and_change_view() -> None:
    at = run_page(PAGE)
    at.toggle(key="w_trends_log").set_value(True).run(timeout=TIMEOUT)
    assert figures(at)[0]["layout"]["yaxis"]["type"] == "log"
    assert at.query_params["log"] == "1"
    at.segmented_control(key="w_trends_below").set_value("change").run(timeout=TIMEOUT)
    assert not at.exception
    trend, change = figures(at)
    assert change["layout"]["barmode"] == "group"
    assert "% change" in change["layout"]["title"]["text"]
    # The first year was reported: its change cannot be computed, which the table says, not "not reported".
    first = at.dataframe[0].value.iloc[0]
    assert "cannot be computed" in set(first.to_list()) and "not reported" not in set(first.to_list())


def test_the_change_chart_names_its_unit_in_the_page_language() -> None:
    arabic = figures(run_page(PAGE, lang="ar", view="change"))[1]["layout"]["title"]["text"]
    assert "كغ" in arabic and "kg" not in arabic, arabic


def test_query_params_restore_the_view() -> None:
    at = run_page(PAGE, by="country", log="1")
    assert at.segmented_control(key="w_trends_breakdown").value == "country"
    assert at.toggle(key="w_trends_log").value is True
    assert figures(at)[0]["layout"]["yaxis"]["type"] == "log"
    countries = set(countries_frame()["name"].to_list())
    assert set(series_in_table(at)) <= countries
    assert not at.info  # nothing invalid, no notice


def test_monthly_resolution_from_case_dates() -> None:
    at = run_page(PAGE, m="seizures", res="month")
    resolution = at.segmented_control(key="w_trends_resolution")
    assert resolution.value == "month" and not resolution.disabled
    periods = at.dataframe[0].value["period"]
    assert periods.nunique() > 12  # months, not years
    assert "with a known month" in page_text(at)
    # Written as ISO does ("2022-01"), not with the grid's English month names ("Jan 2022") in every language.
    period = json.loads(at.dataframe[0].proto.columns)["period"]
    assert period["type_config"]["format"] == "YYYY-MM"


def test_month_falls_back_to_year_without_case_records() -> None:
    at = run_page(PAGE, res="month")  # kilograms from annual reports have no months
    assert at.segmented_control(key="w_trends_resolution").value == "year"
    assert "res" not in at.query_params


def test_invalid_url_value_falls_back_with_a_notice() -> None:
    at = run_page(PAGE, by="<script>alert(1)</script>")
    assert at.segmented_control(key="w_trends_breakdown").value == "group"
    notices = " ".join(i.value for i in at.info)
    assert "'by'" in notices and "ignored" in notices
    assert figures(at)  # the page still draws its default view
