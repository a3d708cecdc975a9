"""From a URL as copied from the address bar to the page's exhibits, outside Streamlit; publishing and its rules."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import catalogue
from dashboard.data import load_dataset
from dashboard.saved import Views
from dashboard.state import PAGES
from dashboard.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return load_dataset(Store(tmp_path_factory.mktemp("empty")), public=False)


@pytest.mark.parametrize(
    ("url", "page", "query"),
    [
        ("/Trends?grp=Opioids&from=2015", "trends", "grp=Opioids&from=2015"),
        ("http://example.org/Routes?transit=0", "routes", "transit=0"),
        ("/", "overview", ""),
        ("Compare_countries?view=map&embed=1", "compare", "view=map"),
        ("/Trends?grp=Nonsense", "trends", ""),
    ],
)
def test_urls_name_a_page_and_a_view(demo, url, page, query):
    found = catalogue.parse_url(url, demo)
    assert (found.page, found.query) == (page, query)


def test_an_unknown_path_is_refused(demo):
    with pytest.raises(catalogue.NotAView, match="not the path of a page"):
        catalogue.parse_url("/etc/passwd", demo)


# What an exported image names as the view's filters: the years for the seizure pages, the selection elsewhere.
FILTER_WORDS = {"licit": "importing country: ", "meetings": "Fourteenth Meeting of Heads of National Drug Law"}


@pytest.mark.parametrize("page", sorted(catalogue.MAIN_FIGURES))
def test_every_page_with_charts_gives_exhibits_that_say_what_they_show(demo, page):
    query = "country=COL" if page == "profile" else ""
    found = catalogue.target(page, query, demo)
    exhibits = catalogue.main_figures(demo, page, found.state)
    assert exhibits
    for exhibit in exhibits:
        assert (
            exhibit.title
            and exhibit.unit
            and exhibit.source
            and exhibit.filters.startswith(FILTER_WORDS.get(page, "Years "))
        )
        assert exhibit.figure.layout.title.text and not exhibit.table.is_empty()
    assert len({e.key for e in exhibits}) == len(exhibits)
    assert catalogue.permalink(page, query) == f"/{PAGES[page].url_path}" + (f"?{query}" if query else "")


def test_a_view_on_a_restricted_source_cannot_be_published(demo, tmp_path):
    views = Views(f"sqlite:///{tmp_path / 'v.sqlite'}")
    saved = views.save(page="trends", query="", title="T", note="", author="A", snapshot="")
    restricted = demo.sources.with_columns(pl.lit(True).alias("restricted"))

    class RestrictedStore(Store):
        def sources(self, *, public: bool = False) -> pl.DataFrame:
            return restricted

    with pytest.raises(PermissionError, match="restricted data"):
        catalogue.publish(views, saved, demo, RestrictedStore(tmp_path / "store"))
    assert views.publications() == []
    published = catalogue.publish(views, saved, demo, Store(tmp_path / "store"))
    assert published.source_ids == tuple(catalogue.sources_of(demo, catalogue.target("trends", "", demo).state))
    assert not catalogue.differs_today(published, demo)


def test_the_meeting_chart_a_view_shows_comes_first_and_names_its_recommendation(demo):
    found = catalogue.target("meetings", "view=rec&rec=2b", demo)
    exhibits = catalogue.main_figures(demo, "meetings", found.state)
    assert [e.key for e in exhibits] == ["counts", "matrix", "map"]
    assert exhibits[0].title == "Replies on recommendation 2(b) by category"
    assert exhibits[0].table["Replies"].sum() > 0
    assert exhibits[2].is_map


def test_the_licit_charts_follow_the_selection_of_the_link(demo):
    found = catalogue.target("licit", "", demo)
    default = catalogue.main_figures(demo, "licit", found.state)
    assert [e.key for e in default] == ["balance", "map"]
    assert default[1].is_map and default[1].table.height > 0
    country = default[0].filters.split(";")[0].removeprefix("importing country: ")
    other = catalogue.target("licit", f"{found.query}&ly=1990", demo)  # a year the data lack: the default year
    assert catalogue.main_figures(demo, "licit", other.state)[0].title == default[0].title
    assert country in default[0].title
