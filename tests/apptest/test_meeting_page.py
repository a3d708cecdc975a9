"""The Meeting follow-up page: the shipped HONLEA Europe 14 note, widgets, URL state, hostile input, imported
meetings. The store is an empty temporary folder (the seizure pages then run on demonstration data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import REPO_ROOT, TIMEOUT, run_page

pytestmark = pytest.mark.usefixtures("demo_store")
PAGE = "pages/6_Meeting_follow_up.py"
TINY = REPO_ROOT / "tests" / "fixtures" / "meetings" / "tiny_meeting_2024"
SHIPPED = "honlea_europe_14_2022"
HOSTILE = "<img src=x onerror=alert(1)>"


def figures(at: AppTest) -> dict[str, dict]:
    """The page's Plotly figures by kind: "matrix" (heat map), "map" (choropleth), "counts" (bars)."""
    out = {}
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        kinds = {trace["type"] for trace in figure["data"]}
        name = "matrix" if "heatmap" in kinds else "map" if "choropleth" in kinds else "counts"
        out[name] = {"figure": figure, "config": json.loads(chart.proto.config or "{}")}
    return out


def texts(at: AppTest) -> list[str]:
    """Every piece of text the page shows (Markdown, captions, notices, headers, table cells)."""
    out = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader", "title") for e in at.get(kind)]
    for table in at.table:
        out += [str(v) for v in table.value.astype(str).to_numpy().ravel()]
    return out


def shown_replies(at: AppTest):
    return at.table[0].value


def test_the_shipped_meeting_opens_on_the_matrix() -> None:
    at = run_page(PAGE)
    assert at.selectbox(key="w_meetings_meeting").value == SHIPPED
    assert at.query_params["meeting"] == SHIPPED
    assert [m.value for m in at.metric][:2] == ["26", "13"]
    matrix = figures(at)["matrix"]["figure"]
    heatmap = next(t for t in matrix["data"] if t["type"] == "heatmap")
    assert len(heatmap["y"]) == 26 and heatmap["x"][0] == "1(a)" and len(heatmap["x"]) == 13
    assert "Paragraph 9:" in heatmap["hovertext"][heatmap["y"].index("Czechia")][0]
    alternative = at.dataframe[0].value
    assert len(alternative) == 26
    assert alternative.set_index("ISO3").loc["CZE", "1(a)"] == "Action (para. 9)"
    assert not any("Demonstration data" in w.value for w in at.warning)  # nothing here is demonstration data
    labels = [b.label for b in at.get("download_button")]
    assert "The matrix (Excel)" in labels and labels.count("Word") == 4 and labels.count("Markdown") == 4


def test_sorting_changes_the_matrix_and_the_url() -> None:
    at = run_page(PAGE)
    by_name = next(t for t in figures(at)["matrix"]["figure"]["data"] if t["type"] == "heatmap")["y"]
    at.segmented_control(key="w_meetings_sort").set_value("completeness").run(timeout=TIMEOUT)
    assert not at.exception
    by_completeness = next(t for t in figures(at)["matrix"]["figure"]["data"] if t["type"] == "heatmap")["y"]
    assert by_completeness != by_name and sorted(by_completeness) == sorted(by_name)
    assert by_completeness[-1] == "Azerbaijan"
    assert at.query_params["sort"] == "completeness"
    assert at.dataframe[0].value["Government"].iloc[-1] == "Azerbaijan"


def test_url_restores_sort_and_view() -> None:
    at = run_page(PAGE, sort="region")
    assert at.segmented_control(key="w_meetings_sort").value == "region"
    at = run_page(PAGE, view="map")
    shown = figures(at)
    assert "matrix" not in shown
    assert shown["map"]["config"]["topojsonURL"] == "/app/static/topojson/"
    assert any("does not list the Governments that were invited" in i.value for i in at.info)
    assert any("do not imply official endorsement" in c.value for c in at.caption)


def test_choosing_a_recommendation_and_searching_filters_the_replies() -> None:
    at = run_page(PAGE, view="rec")
    assert at.selectbox(key="w_meetings_rec").value == "1(a)"
    first = shown_replies(at)
    at.selectbox(key="w_meetings_rec").set_value("2(b)").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.query_params["rec"] == "2(b)"
    replies = shown_replies(at)
    assert len(replies) == 25 and not replies.equals(first)
    assert set(replies["Recommendation"]) == {"2\\(b\\)"}
    assert any("Paragraph 102." in m.value for m in at.markdown)
    at.text_input(key="w_meetings_q").input("CUSTOMS").run(timeout=TIMEOUT)
    assert not at.exception
    found = shown_replies(at)
    assert 0 < len(found) < len(replies)
    assert found["Summary"].str.contains("**customs**", case=False, regex=False).all()
    assert at.query_params["q"] == "CUSTOMS"
    at.toggle(key="w_meetings_all").set_value(True).run(timeout=TIMEOUT)
    assert len(shown_replies(at)) > len(found)
    assert at.query_params["all"] == "1"
    at.text_input(key="w_meetings_q").input("no reply contains this").run(timeout=TIMEOUT)
    assert not at.table and any(m.value.startswith("**0** replies") for m in at.markdown)


def test_url_restores_a_recommendation_and_a_search() -> None:
    at = run_page(PAGE, view="rec", rec="3(c)", q="Controlled Deliveries")
    assert at.selectbox(key="w_meetings_rec").value == "3(c)"
    assert at.text_input(key="w_meetings_q").value == "Controlled Deliveries"
    found = shown_replies(at)
    assert 0 < len(found) < 23
    assert all(r == "3\\(c\\)" for r in found["Recommendation"])
    at = run_page(PAGE, view="rec", rec="4d")  # the short form is accepted too
    assert at.selectbox(key="w_meetings_rec").value == "4(d)"


def test_country_in_the_url_shows_that_governments_replies() -> None:
    at = run_page(PAGE, country="CZE")
    assert at.segmented_control(key="w_meetings_view").value == "country"
    assert at.selectbox(key="w_meetings_country").value == "CZE"
    assert any(s.value == "Replies of Czechia" for s in at.subheader)
    replies = shown_replies(at)
    assert len(replies) == 13
    assert replies["Paragraph"].tolist()[0] == "9"
    assert not at.info  # CZE is not in the demonstration seizure data, but it is a valid Government here
    at.selectbox(key="w_meetings_country").set_value("SRB").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.query_params["country"] == "SRB"
    assert any(s.value == "Replies of Serbia" for s in at.subheader)


def test_a_government_that_did_not_reply() -> None:
    at = run_page(PAGE, country="ITA")
    assert any("Italy is not among the Governments that replied" in i.value for i in at.info)


def test_hostile_search_text_is_only_shown_escaped() -> None:
    at = run_page(PAGE, view="rec", q=HOSTILE, all="1")
    shown = texts(at)
    assert not any(HOSTILE in text for text in shown)
    assert any("&lt;img src" in text for text in shown)
    for item in figures(at).values():
        assert HOSTILE not in json.dumps(item["figure"])
    at = run_page(PAGE, view="rec", q="customs", rec=HOSTILE, sort=HOSTILE, meeting=HOSTILE)
    assert at.selectbox(key="w_meetings_meeting").value == SHIPPED
    notices = " ".join(i.value for i in at.info)
    assert all(f"'{key}'" in notices for key in ("rec", "sort", "meeting")) and "ignored" in notices
    assert not any(HOSTILE in text for text in texts(at))


def test_invalid_url_values_fall_back_with_a_notice() -> None:
    at = run_page(PAGE, view="nonsense", sort="sideways", rec="99(z)", meeting="no_such_meeting")
    notices = " ".join(i.value for i in at.info)
    for key in ("view", "sort", "rec", "meeting"):
        assert f"'{key}'" in notices
    assert at.segmented_control(key="w_meetings_view").value == "matrix"


def test_an_imported_meeting_is_offered_and_shown(demo_store: Path) -> None:
    from dashboard.ingest.meetings import import_meeting
    from dashboard.store import Store

    import_meeting(TINY, Store(demo_store))
    at = run_page(PAGE, meeting="tiny_meeting_2024", view="map")
    assert at.selectbox(key="w_meetings_meeting").value == "tiny_meeting_2024"
    options = at.selectbox(key="w_meetings_meeting").options
    assert len(options) == 2 and options[0] == "Tiny Test Meeting, Testville, 2024 (imported)", options
    traces = {t["name"]: t for t in figures(at)["map"]["figure"]["data"]}
    assert list(traces["Invited, did not reply"]["locations"]) == ["ITA"]
    assert any("Imported: 1 reply file." in c.value for c in at.caption)
    at = run_page(PAGE, meeting="tiny_meeting_2024", view="rec")
    cells = " ".join(texts(at))
    assert "<b>bold</b>" not in cells and "&lt;b&gt;bold&lt;/b&gt;" in cells


def test_choosing_another_meeting_brings_its_own_recommendations(demo_store: Path) -> None:
    from dashboard.ingest.meetings import import_meeting
    from dashboard.store import Store

    import_meeting(TINY, Store(demo_store))
    at = run_page(PAGE, meeting=SHIPPED, view="rec", rec="2(b)", q="customs")
    assert at.selectbox(key="w_meetings_rec").value == "2(b)"
    at.selectbox(key="w_meetings_meeting").set_value("tiny_meeting_2024").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.selectbox(key="w_meetings_rec").value == "1(a)"  # the tiny meeting has no 2(b)
    assert at.selectbox(key="w_meetings_rec").options[-1].startswith("2(a)")
    assert at.text_input(key="w_meetings_q").value == "customs"  # the search stays
    assert dict(at.query_params) == {"meeting": "tiny_meeting_2024", "view": "rec", "q": "customs"}
    assert not at.info  # the link named a sound recommendation: nothing to say
    at.selectbox(key="w_meetings_rec").set_value("2(a)").run(timeout=TIMEOUT)
    assert at.query_params["rec"] == "2(a)" and at.selectbox(key="w_meetings_meeting").value == "tiny_meeting_2024"
