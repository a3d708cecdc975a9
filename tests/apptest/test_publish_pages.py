"""The Saved views, Published views and Present pages in AppTest, on the demonstration data and a fresh SQLite file
under the store folder."""

from __future__ import annotations

import pytest

from dashboard import catalogue, text
from dashboard.data import load_dataset
from dashboard.saved import Views
from dashboard.store import Store
from tests.apptest.conftest import run_page

SAVED, VIEW, PRESENT = "pages/8_Saved_views.py", "pages/9_View.py", "pages/10_Present.py"


@pytest.fixture()
def views(demo_store) -> Views:
    return Views(f"sqlite:///{demo_store / 'views.sqlite'}")


def _texts(at) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)


def test_saved_views_are_listed_and_filtered_by_author_and_page(views):
    views.save(page="trends", query="grp=Opioids", title="Opioid trend", note="", author="CND", snapshot="")
    views.save(page="routes", query="", title="Corridors", note="", author="WCO", snapshot="")
    everything = _texts(run_page(SAVED))
    assert "Opioid trend" in everything and "Corridors" in everything
    by_author = _texts(run_page(SAVED, author="WCO"))
    assert "Corridors" in by_author and "Opioid trend" not in by_author
    by_page = _texts(run_page(SAVED, on="trends"))
    assert "Opioid trend" in by_page and "Corridors" not in by_page


def test_a_published_view_shows_its_frozen_figure_and_facts(views, demo_store):
    saved = views.save(
        page="trends", query="grp=Opioids", title="Opioid trend", note="As published.", author="CND", snapshot=""
    )
    published = catalogue.publish(views, saved, load_dataset(Store(demo_store)), Store(demo_store))
    at = run_page(VIEW, v=published.id)
    assert at.title[0].value == "Opioid trend"
    assert text.markdown(f"Published view {published.id}") in _texts(at)  # as the page writes it, escaped
    assert "Today's data give the same figure." in _texts(at)
    assert len(at.get("plotly_chart")) == 1
    home = run_page(None, v=published.id)  # "/?v=<id>" leads to the published view
    assert not home.exception


def test_a_withdrawn_view_leaves_a_notice_and_an_unknown_one_says_so(views, demo_store):
    saved = views.save(page="trends", query="", title="Old trend", note="", author="CND", snapshot="")
    published = catalogue.publish(views, saved, load_dataset(Store(demo_store)), Store(demo_store))
    views.withdraw(published.id, note="superseded by the 2026 edition")
    at = run_page(VIEW, v=published.id)
    assert "was withdrawn" in at.warning[0].value and "superseded" in at.warning[0].value
    assert len(at.get("plotly_chart")) == 0
    missing = run_page(VIEW, v="nothere1")
    assert "no published view at this address" in missing.warning[0].value


def test_the_present_page_offers_the_decks(views):
    made = views.save(page="trends", query="", title="T", note="", author="A", snapshot="")
    views.save_deck(title="Briefing", author="A", slides=[(made.id, "")])
    at = run_page(PRESENT)
    assert any("Choose a deck" in i.value for i in at.info)
    labels = [link.proto.label for link in at.get("page_link")]
    assert "Briefing (1)" in labels


def test_a_public_view_saves_nothing_and_shows_no_published_view_of_a_restricted_source(views, demo_store, monkeypatch):
    saved = views.save(page="trends", query="", title="Internal", note="", author="CND", snapshot="")
    data = load_dataset(Store(demo_store))
    published = views.publish(saved, exhibits="[]", source_ids=["a-restricted-source"], snapshot="")
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    page = run_page(SAVED)
    assert any("public view" in i.value for i in page.info) and "Internal" not in _texts(page)
    trends = run_page("pages/2_Trends.py")
    assert not [e for e in trends.sidebar.get("expandable") if "Save this view" in str(e.proto)]
    hidden = run_page(VIEW, v=published.id)
    assert "not public" in hidden.warning[0].value and len(hidden.get("plotly_chart")) == 0
    assert data.is_demo


def test_a_deck_is_made_of_saved_views_in_order_with_each_slides_notes(views):
    first = views.save(page="trends", query="", title="First", note="", author="A", snapshot="")
    second = views.save(page="routes", query="", title="Second", note="", author="A", snapshot="")
    at = run_page(SAVED)
    at.text_input(key="w_saved_deck_title").input("Briefing")
    at.multiselect(key="w_saved_deck_views").set_value([second.id, first.id]).run()
    at.text_area(key=f"w_saved_deck_notes_{second.id}").input("Start with the corridors.")
    at.text_area(key=f"w_saved_deck_notes_{first.id}").input("Then the trend.")
    at.button(key="w_saved_save_deck").click().run()
    assert not at.exception
    (deck,) = views.decks()
    assert deck.title == "Briefing"
    assert [(s.view.title, s.notes) for s in deck.slides] == [
        ("Second", "Start with the corridors."),
        ("First", "Then the trend."),
    ]
