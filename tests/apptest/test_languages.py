"""The interface language in AppTest: ``lang=`` in the link, the selector, and what stays in the data's own words."""

from __future__ import annotations

from functools import partial

import pytest

from tests.apptest.conftest import run_page

pytestmark = pytest.mark.usefixtures("demo_store")
TIMEOUT = 90
run = partial(run_page, timeout=TIMEOUT)


def test_link_language_translates_the_frame_and_the_page():
    at = run(lang="fr")
    assert at.selectbox(key="w_lang").value == "fr"
    assert at.title[0].value == "Trafic illicite de substances placées sous contrôle : vue d'ensemble"
    labels = {m.label for m in at.metric}
    assert "Cas de saisie enregistrés" in labels and "Seizure cases recorded" not in labels
    value = next(m.value for m in at.metric if m.label == "Cas de saisie enregistrés")
    assert "\u202f" in value or value.isdigit()  # French grouping: a narrow no-break space, never a comma
    assert "," not in value


def test_selector_changes_the_language_and_writes_it_to_the_link():
    at = run()
    assert at.selectbox(key="w_lang").value == "en"
    assert "lang" not in at.query_params
    at.selectbox(key="w_lang").set_value("ar").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.query_params["lang"] in ("ar", ["ar"])
    assert at.title[0].value == "الاتجار غير المشروع بالمواد الخاضعة للمراقبة: نظرة عامة"


def test_an_unknown_language_falls_back_to_english_with_a_notice():
    at = run(lang="xx")
    assert at.selectbox(key="w_lang").value == "en"
    assert any("'lang'" in info.value for info in at.info)


def test_trends_page_in_russian_names_groups_in_russian():
    at = run("pages/2_Trends.py", lang="ru", by="group")
    assert at.title[0].value == "Тенденции"
    assert "Данные: **записи ежегодных докладов (" in at.markdown[0].value  # counts in the Russian form


def test_a_missing_number_in_a_grid_reads_not_reported_in_the_page_language():
    at = run("pages/2_Trends.py", lang="fr", view="table")
    grids = at.dataframe
    assert grids, "the table view draws a grid"
    assert {grid.proto.placeholder for grid in grids} == {"non communiqué"}


def test_an_arabic_grid_gives_its_columns_from_the_right():
    arabic = run("pages/5_Data.py", lang="ar").dataframe[0].proto
    english = run("pages/5_Data.py").dataframe[0].proto
    assert list(english.column_order) == [] and list(arabic.column_order)
    assert list(arabic.column_order)[-1] == "country_iso3"  # the first column, drawn on the right


def test_a_notice_about_the_link_is_written_in_the_link_s_language():
    at = run("pages/3_Compare_countries.py", lang="fr", cmp="COL")
    notices = " ".join(info.value for info in at.info)
    assert "'cmp'" in notices, notices
    # The link was read before its language was known; the notice is written again in French.
    assert "is not one of" not in notices and "ignored" not in notices, notices


def test_the_coverage_caption_names_the_word_its_cells_say():
    at = run("pages/5_Data.py", view="coverage", lang="fr")
    caption = " ".join(m.value for m in at.markdown)
    # The cells say "communiqué"; the caption explains that word, not the English "reported".
    assert "**communiqué**" in caption and "reported" not in caption, caption


def test_the_sidebar_offers_how_a_seizure_was_made_in_words_of_the_language_in_its_order():
    at = run("pages/2_Trends.py", lang="fr")
    options = {box.label: box.options for box in at.multiselect}
    # Codes of the store ("air", "mail_courier", "border_inbound") and the form's concealments, in French words and in
    # French alphabetical order ("à la frontière" among the a).
    assert options["Moyen de transport"][:3] == ["aérien", "autre", "courrier ou messagerie"]
    routings = options["Itinéraire"]
    assert routings[0] == "à la frontière, à l'entrée" and "border inbound" not in routings
    concealments = options["Mode de dissimulation"]
    assert "Bagages" in concealments and concealments == sorted(concealments, key=str.casefold)
    groups = options["Groupe de substances"]
    assert groups.index("Cocaïne et produits de la coca") < groups.index("Opioïdes")
