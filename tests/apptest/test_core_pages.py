"""Overview, Country profile and Data pages in AppTest, on the demonstration data."""

from __future__ import annotations

import json
from functools import partial

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import meetings, text
from dashboard.i18n import using
from dashboard.pages.profile import model as profiles
from dashboard.pages.profile import text as profile_text
from dashboard.store import Store
from tests.apptest.conftest import run_page

pytestmark = pytest.mark.usefixtures("demo_store")
TIMEOUT = 90
run = partial(run_page, timeout=TIMEOUT)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_headlines_and_says_it_is_demonstration_data():
    at = run()
    assert any("Demonstration data" in w.value for w in at.warning)
    values = metrics(at)
    assert int(values["Seizure cases recorded"].replace(",", "")) > 1000
    assert values["Latest year"] == "2024"
    assert "What these figures are, and are not" in at.markdown[-1].value
    assert len(at.dataframe) == 1  # top corridors


def test_overview_filters_change_the_figures_and_the_url():
    at = run()
    before = metrics(at)
    at.multiselect(key="w_classes").set_value(["precursor"]).run(timeout=TIMEOUT)
    after = metrics(at)
    assert after["Seizure cases recorded"] != before["Seizure cases recorded"]
    # The tonnes of each class stand side by side whatever the class filter: they are never added together.
    assert after["Precursor chemicals"] == before["Precursor chemicals"]
    assert after["Narcotic drugs and psychotropics"] == before["Narcotic drugs and psychotropics"]
    assert at.query_params["cls"] in ("precursor", ["precursor"])
    at.multiselect(key="w_classes").set_value([]).run(timeout=TIMEOUT)
    assert at.query_params["cls"] in ("all", ["all"])  # every class, said explicitly (the default is drugs)


def test_overview_restores_its_view_from_the_url():
    at = run(cls=["ods_hfc"], **{"from": "2020"})
    assert at.multiselect(key="w_classes").value == ["ods_hfc"]
    assert at.slider(key="w_years").value == (2020, 2024)
    assert int(metrics(at)["Seizure cases recorded"].replace(",", "")) < 5000  # refrigerant cases only, 2020-2024


def test_overview_warns_about_invalid_link_values():
    at = run(m="<script>", cls=["drug", "bogus"])
    notice = " ".join(i.value for i in at.info)
    assert "not valid" in notice and "'bogus'" in notice
    assert at.multiselect(key="w_classes").value == ["drug"]


def test_country_profile_from_a_link_and_by_choice():
    at = run("pages/4_Country_profile.py", country="ESP")
    assert at.selectbox(key="w_profile_country").value == "ESP"
    headers = [h.value for h in at.header]
    assert "Spain" in headers
    inbound_caption = " ".join(c.value for c in at.caption)
    assert "case records name both ends of the route" in inbound_caption
    at.selectbox(key="w_profile_country").set_value("NLD").run(timeout=TIMEOUT)
    assert "Netherlands" in [h.value for h in at.header]
    assert at.query_params["country"] in ("NLD", ["NLD"])


def column_labels(frame) -> list[str]:
    config = json.loads(frame.proto.columns)
    return [config.get(column, {}).get("label", column) for column in frame.value.columns]


def test_country_profile_tables_are_readable_and_link_partners():
    at = run("pages/4_Country_profile.py", country="ESP")
    tables = {tuple(column_labels(d)): d for d in at.dataframe}
    inbound = tables[("From", "Profile", "Seizures", "Kilograms", "Main substances")]
    links = [link for link in inbound.value["partner_profile"].tolist() if link]
    assert links and all(link.startswith("Country_profile?country=") for link in links)
    config = json.loads(inbound.proto.columns)
    assert config["partner_profile"]["type_config"]["type"] == "link"
    for label in ("Conveyance", "Concealment"):
        (mix,) = [d for labels, d in tables.items() if labels[0] == label]
        assert column_labels(mix) == [label, "Seizures", "Kilograms", "Share"]
        formats = {k: v.get("type_config", {}).get("format") for k, v in json.loads(mix.proto.columns).items()}
        # Kilograms grouped as the corridor tables above write them ("1,048,092.6", not "1048092.6").
        assert formats["kg"] == text.TABLE_NUMBER and formats["share_pct"] == "percent"
    assert any(labels[0] == "Substance group" for labels in tables)  # the coverage table
    assert ("File", "Edition", "Citation", "Licence") in tables
    # Spain replied to the shipped HONLEA Europe meeting: the link opens that meeting on Spain's replies.
    replies = [p for p in at.get("page_link") if p.proto.label.startswith("Replies of Spain")]
    assert len(replies) == 1 and "meeting=honlea_europe_14_2022" in replies[0].proto.query_string


def test_country_profile_offers_replies_only_where_there_are_some():
    at = run("pages/4_Country_profile.py", country="COL")
    assert "COL" not in meetings.replying_countries(Store().root)
    assert not [p for p in at.get("page_link") if p.proto.label.startswith("Replies of")]


def test_method_caption_names_the_missing_answers_the_table_shows():
    mix = pl.DataFrame(
        {"category": ["sea", "unknown"], "seizures": [3, 1], "kg": [1.0, 2.0], "share_pct": [75.0, 25.0]}
    )
    caption = profile_text.method_caption(mix["category"].to_list(), ["sea", "unknown"])
    assert "'unknown'" in caption and "'not recorded'" not in caption
    assert "'not recorded'" in profile_text.method_caption(["not recorded"], ["not recorded"])
    # The note quotes the category as the table writes it in the reader's language, not the stored English word.
    with using("ar"):
        shown = profiles.method_table(mix, labels=text.CONVEYANCE_LABELS)["category"].to_list()
        arabic = profile_text.method_caption(mix["category"].to_list(), shown)
    assert shown[1] != "unknown" and f"'{shown[1]}'" in arabic and "unknown" not in arabic
    assert profiles.method_table(mix.with_columns(pl.lit("mail_courier").alias("category")))["category"][0] == (
        "mail courier"
    )


def test_country_profile_without_a_country_asks_for_one():
    at = run("pages/4_Country_profile.py")
    assert any("Choose a country" in i.value for i in at.info)


def test_data_page_sections_and_row_counts():
    at = run("pages/5_Data.py")
    first = at.markdown[0].value
    assert "annual report rows" in first
    at.radio(key="w_dataset").set_value("cases").run(timeout=TIMEOUT)
    assert "case records" in at.markdown[0].value
    at.segmented_control(key="w_data_section").set_value("coverage").run(timeout=TIMEOUT)
    table = at.dataframe[0].value
    assert "Country" in table.columns and "2015" in table.columns
    assert set(table["2015"].unique()) <= {"reported", "—"}
    assert (table["2015"] == "—").any()  # the demonstration data has gaps


def test_data_page_section_lives_in_the_link():
    at = run("pages/5_Data.py", view="coverage")
    assert at.segmented_control(key="w_data_section").value == "coverage"
    assert "Country" in at.dataframe[0].value.columns
    at.segmented_control(key="w_data_section").set_value("sources").run(timeout=TIMEOUT)
    assert at.query_params["view"] in ("sources", ["sources"])
    bad = run("pages/5_Data.py", view="<script>")
    assert bad.segmented_control(key="w_data_section").value == "data"
    assert any("'view'" in i.value for i in bad.info)


def test_an_old_data_link_with_section_still_opens_its_section():
    at = run("pages/5_Data.py", section="coverage")
    assert at.segmented_control(key="w_data_section").value == "coverage"
    assert not at.info  # a renamed key is no mistake of the user's


def test_the_flagged_figures_are_listed_in_the_reader_s_language():
    at = run("pages/5_Data.py", view="flags", lang="fr")
    (grid,) = at.dataframe
    labels = column_labels(grid)
    assert {"Ligne du graphique", "Chiffre", "Indicateurs", "Médiane de ses autres années"} & set(labels), labels
    assert not {"series", "value", "flags", "typical"} & set(labels), labels
    flags = [f for f in grid.value["flags"].dropna().tolist() if f]
    assert flags and not any("_" in f for f in flags), flags  # "outlier_year" said in words
