"""The licit-trade page: it runs on the demonstration data and on imported files, its selectors change the output,
and the URL restores a view."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import REPO_ROOT, TIMEOUT, run_page

PAGE = "pages/7_Licit_trade.py"
TEMPLATES = REPO_ROOT / "data" / "templates"


def selection(at: AppTest) -> tuple:
    return tuple(at.selectbox(key=k).value for k in ("w_licit_country", "w_licit_substance", "w_licit_year"))


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


TABLE_COLUMN = {  # a column only that table has
    "lic_balance_table": "Counted (kg)",
    "lic_flag_table": "Reason",
    "lic_flow_table": "From (exporter)",
    "lic_summary_table": "Used (%)",
}


def table(at: AppTest, key: str):
    return next(d.value for d in at.dataframe if TABLE_COLUMN[key] in d.value.columns)


def deck_spec(at: AppTest) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def text(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("caption", "markdown", "info", "subheader", "warning") for e in at.get(kind)
    )


def test_page_runs_on_demo_data(demo_store: Path) -> None:
    at = run_page(PAGE)
    assert any("not real authorisations or estimates" in w.value for w in at.warning)
    assert selection(at) == ("MEX", "Ephedrine", 2024)  # opens on the first authorisation above its estimate
    assert metrics(at) == ["1,500 kg", "1,800 kg", "300 kg", "2"]
    assert len(at.get("plotly_chart")) == 1
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "kg, anhydrous base" in figure["layout"]["title"]["text"]
    assert "NOT REAL AUTHORISATIONS" in json.dumps(figure["layout"])
    balance = table(at, "lic_balance_table")
    assert balance["Running total (kg)"].tolist() == [600, 1100, 1400, 1650, 1800]
    flags = table(at, "lic_flag_table")
    assert flags["Authorisation"].tolist() == ["MX-EPH-24-004", "MX-EPH-24-005"]
    assert all("assessment of 1,500 kg" in reason for reason in flags["Reason"])
    spec = deck_spec(at)
    assert "mapProvider" not in spec and spec.get("mapStyle") in (None, "__MAP_STYLE__")
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert layers["basemap"]["@@type"] == "GeoJsonLayer"
    assert layers["licit-flows"]["@@type"] == "ArcLayer" and len(layers["licit-flows"]["data"]) == 3
    assert len(layers["seizure-corridors"]["data"]) > 0  # demonstration seizures of ephedrine
    assert "do not imply official endorsement" in text(at)
    assert len(at.get("download_button")) >= 4


def test_changing_the_country_changes_the_output(demo_store: Path) -> None:
    at = run_page(PAGE)
    before = metrics(at), table(at, "lic_balance_table")["Authorisation"].tolist()
    at.selectbox(key="w_licit_country").select("GHA").run(timeout=TIMEOUT)
    assert not at.exception
    assert selection(at) == ("GHA", "Morphine", 2024)
    assert metrics(at) != before[0] and metrics(at)[:3] == ["120 kg", "120 kg", "0 kg"]  # exactly at the estimate
    assert table(at, "lic_balance_table")["Authorisation"].tolist() != before[1]
    assert at.query_params["imp"] == ["GHA"] or at.query_params["imp"] == "GHA"
    assert any("No flag" in s.value for s in at.success)


def test_changing_the_substance_and_year_changes_the_output(demo_store: Path) -> None:
    at = run_page(PAGE)
    at.selectbox(key="w_licit_substance").select("Pseudoephedrine").run(timeout=TIMEOUT)
    assert not at.exception
    assert selection(at) == ("MEX", "Pseudoephedrine", 2024)
    flags = table(at, "lic_flag_table")
    assert flags["Flag"].tolist() == ["Quantity received differs from the quantity authorised"]
    at.selectbox(key="w_licit_substance").select("Ephedrine").run(timeout=TIMEOUT)
    at.selectbox(key="w_licit_year").select(2023).run(timeout=TIMEOUT)
    assert not at.exception
    assert selection(at) == ("MEX", "Ephedrine", 2023)
    assert metrics(at)[:3] == ["1,500 kg", "1,500 kg", "0 kg"]


def test_query_params_restore_the_view(demo_store: Path) -> None:
    restored = run_page(PAGE, imp="KEN", lsub="Codeine", ly="2023", flags="all")
    assert selection(restored) == ("KEN", "Codeine", 2023)
    assert restored.segmented_control(key="w_licit_flags").value == "all"
    clicked = run_page(PAGE)
    clicked.selectbox(key="w_licit_country").select("KEN").run(timeout=TIMEOUT)
    clicked.selectbox(key="w_licit_year").select(2023).run(timeout=TIMEOUT)
    clicked.segmented_control(key="w_licit_flags").set_value("all").run(timeout=TIMEOUT)
    assert selection(clicked) == selection(restored)
    assert metrics(clicked) == metrics(restored)
    assert table(clicked, "lic_flag_table").equals(table(restored, "lic_flag_table"))
    assert len(table(restored, "lic_flag_table")) == 7  # every flag of the demonstration data


def test_invalid_params_fall_back_with_a_notice(demo_store: Path) -> None:
    at = run_page(PAGE, imp="ZZZ", lsub="Codeine", ly="1800")
    assert selection(at) == ("MEX", "Ephedrine", 2024)
    notice = " ".join(i.value for i in at.info)
    assert "importing country 'ZZZ' has no authorisation or estimate in the data" in notice
    assert "substance 'Codeine'" in notice and "year '1800'" in notice


def test_a_malformed_param_is_refused_by_the_url_schema(demo_store: Path) -> None:
    # Not even a well-formed token: the URL schema refuses it (as on every page), and the page opens on its default.
    at = run_page(PAGE, imp="<script>", ly="2023")
    assert selection(at) == ("MEX", "Ephedrine", 2023)
    notice = " ".join(i.value for i in at.info)
    assert "URL parameter 'imp'" in notice and "&lt;script&gt;" in notice and "<script>" not in notice


def test_unknown_estimate_is_shown_as_not_checked(demo_store: Path) -> None:
    at = run_page(PAGE, imp="NGA")
    assert selection(at) == ("NGA", "Pseudoephedrine", 2024)
    assert metrics(at)[0] == "none known" and metrics(at)[2] == "not checked"
    flags = table(at, "lic_flag_table")
    assert set(flags["Flag"]) == {"No estimate known: cannot be checked"}


def test_page_on_imported_files(demo_store: Path) -> None:
    from dashboard.ingest import import_file
    from dashboard.store import Store

    for name in ("licit_authorisations_example.csv", "licit_estimates_example.csv"):
        import_file(TEMPLATES / name, Store(demo_store))
    at = run_page(PAGE)
    assert not any("not real authorisations" in w.value for w in at.warning)
    assert selection(at) == ("THA", "Codeine", 2024)
    assert metrics(at)[:3] == ["250 kg", "290 kg", "40 kg"]
    assert "licit-trade template" in text(at)


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_the_selection_and_the_scope_of_flags_survive_other_choices(demo_store: Path) -> None:
    at = run_page(PAGE)
    at.segmented_control(key="w_licit_flags").set_value("all").run(timeout=TIMEOUT)
    assert param(at, "flags") == "all" and len(table(at, "lic_flag_table")) == 7
    at.selectbox(key="w_licit_country").select("KEN").run(timeout=TIMEOUT)
    assert selection(at) == ("KEN", "Codeine", 2024)
    assert at.segmented_control(key="w_licit_flags").value == "all" and len(table(at, "lic_flag_table")) == 7
    at.sidebar.slider(key="w_years").set_value((2016, 2020)).run(timeout=TIMEOUT)
    assert not at.exception
    assert selection(at) == ("KEN", "Codeine", 2024) and at.segmented_control(key="w_licit_flags").value == "all"
    assert [param(at, k) for k in ("imp", "lsub", "ly", "flags", "from", "to")] == [
        "KEN",
        "Codeine",
        "2024",
        "all",
        "2016",
        "2020",
    ]
    assert "**Seizure corridors** of Codeine, 2016–2020" in text(at)


def test_a_year_the_new_substance_does_not_have_follows_it(demo_store: Path) -> None:
    at = run_page(PAGE, ly="2023")
    assert selection(at) == ("MEX", "Ephedrine", 2023)
    at.selectbox(key="w_licit_substance").select("Pseudoephedrine").run(timeout=TIMEOUT)
    assert selection(at) == ("MEX", "Pseudoephedrine", 2024) and param(at, "ly") == "2024"
    assert not [i.value for i in at.info if "not valid" in i.value]  # a choice is never reported as a bad link
