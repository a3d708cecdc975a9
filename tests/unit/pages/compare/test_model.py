"""The Compare countries page's choices, ranking table, map click and sentences."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard.data import Dataset, load_dataset
from dashboard.i18n import using
from dashboard.pages.compare import model as compare
from dashboard.pages.compare import params
from dashboard.pages.compare import text as words
from dashboard.state import MAX_COMPARE, ViewState, Vocabulary
from dashboard.store import Store
from tests.unit.datasets import dataset

VOCABULARY = Vocabulary(countries=("COL", "ESP", "FRA", "NLD", "USA", "XUN"), regions=("Americas", "Europe"))


def ranking() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rank": [1, 2, 3, 4, 5, 6, 7],
            "country_iso3": ["XUN", "COL", "ESP", "FRA", "NLD", "USA", "PER"],
            "country_name": ["Unknown", "Colombia", "Spain", "France", "Netherlands", "United States", "Peru"],
            "region": [None, "Americas", "Europe", "Europe", "Europe", "Americas", "Americas"],
            "year": [2020] * 7,
            "value": [500.0, 100.0, 50.0, 40.0, 30.0, 20.0, None],
            "share_region_pct": [None, 80.0, 40.0, 30.0, 30.0, 20.0, None],
            "share_world_pct": [None, 40.0, 20.0, 16.0, 12.0, 8.0, None],
            "region_reporting": [None, 2, 3, 3, 3, 2, 2],
            "region_of": [None, 57, 51, 51, 51, 57, 57],
            "world_reporting": [5] * 7,
            "world_of": [249] * 7,
        }
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(Store(Path(tmp_path_factory.mktemp("empty-store"))))


def test_defaults_are_the_four_largest_real_countries_with_a_figure() -> None:
    assert compare.countries_with_a_figure(ranking())["country_iso3"].to_list() == ["COL", "ESP", "FRA", "NLD", "USA"]
    assert compare.default_countries(ranking()) == ("COL", "ESP", "FRA", "NLD")
    # The chooser lists them by name (Colombia, France, Netherlands, Spain, ...), not by code.
    assert compare.country_options(VOCABULARY) == ["COL", "FRA", "NLD", "ESP", "USA"]
    with using("es"):  # Colombia, España, Estados Unidos, Francia, Países Bajos
        assert compare.country_options(VOCABULARY) == ["COL", "ESP", "USA", "FRA", "NLD"]


def test_the_chooser_shows_the_views_countries_or_the_defaults() -> None:
    options = compare.country_options(VOCABULARY)
    assert compare.chooser_countries(ViewState(), ("COL", "ESP"), options) == ["COL", "ESP"]
    assert compare.chooser_countries(ViewState(countries=("USA", "PER", "XUN")), ("COL",), options) == ["USA"]


def test_comparison_of_countries_keeps_the_link_short_while_the_defaults_are_shown() -> None:
    defaults = ("COL", "ESP")
    shown = compare.comparison("countries", ["COL", "ESP"], ViewState(), defaults, VOCABULARY)
    assert shown.countries == () and shown.compared == ["COL", "ESP"]
    assert shown.label_column == "country_name" and shown.order == ["Colombia", "Spain"] and shown.what == "countries"
    chosen = compare.comparison("countries", ["ESP", "COL"], ViewState(), defaults, VOCABULARY)
    assert chosen.countries == ("ESP", "COL")
    kept = compare.comparison("countries", ["COL", "ESP"], ViewState(countries=("COL", "ESP")), defaults, VOCABULARY)
    assert kept.countries == ("COL", "ESP")  # chosen in the URL: stays there


def test_comparison_of_regions_takes_the_sidebar_regions_or_all() -> None:
    every = compare.comparison("regions", [], ViewState(countries=("COL",)), (), VOCABULARY)
    assert every.compared == ["Americas", "Europe"] and every.label_column == "region" and every.what == "regions"
    assert every.countries == ("COL",)  # the compared countries wait in the URL
    some = compare.comparison("regions", [], ViewState(regions=("Europe",)), (), VOCABULARY)
    assert some.compared == some.order == ["Europe"]


def test_compared_series(demo: Dataset) -> None:
    state = ViewState()
    nothing = compare.comparison("countries", [], state, (), demo.vocabulary)
    assert compare.compared_series(demo, state, nothing) is None
    countries = ["COL", "ESP"]
    series = compare.compared_series(
        demo, state, compare.comparison("countries", countries, state, (), demo.vocabulary)
    )
    assert set(series["country_iso3"]) == set(countries)
    regions = compare.comparison("regions", [], state, (), demo.vocabulary)
    assert set(compare.compared_series(demo, state, regions)["region"]) == set(demo.vocabulary.regions)


def test_ranking_table_links_real_countries_to_their_profile() -> None:
    table = compare.ranking_table(ranking(), lambda iso3: f"Country_profile?country={iso3}")
    assert table.columns == compare.RANKING_COLUMNS
    assert table["profile"].to_list()[:2] == [None, "Country_profile?country=COL"]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (None, None),
        ({}, None),
        ({"selection": {"points": [{"x": 1}]}}, None),
        ({"selection": {"points": [{"location": "XUN"}]}}, None),
        ({"selection": {"points": [{"location": ""}, {"location": "ESP"}]}}, "ESP"),
    ],
)
def test_clicked_country(selection, expected) -> None:
    assert compare.clicked_country(selection) == expected


def test_a_clicked_country_can_join_a_comparison_of_countries_with_room() -> None:
    options = ["COL", "ESP", "FRA"]
    assert compare.can_add("FRA", "countries", options, ["COL"])
    assert not compare.can_add("FRA", "regions", options, ["COL"])
    assert not compare.can_add("COL", "countries", options, ["COL"])
    assert not compare.can_add("PER", "countries", options, ["COL"])
    assert not compare.can_add("FRA", "countries", options, ["COL"] * MAX_COMPARE)


def test_compare_page_titles_and_captions() -> None:
    page = words.compare_text(dataset(demo=True), ViewState(measure="seizures", year_from=2016))
    assert page.unit == "seizures" and page.years == "2016–2020"
    drugs = "narcotic drugs and psychotropics"
    assert page.ranking_title(2020) == f"Number of seizures: {drugs}, 2020, by seizing country"
    assert page.map_title(2019) == f"Number of seizures: {drugs}, 2019: world map"
    assert page.top_title(2020) == f"The 20 largest in 2020: {drugs}"
    assert page.side_by_side_title("regions") == (
        f"Number of seizures: {drugs}, 2016–2020, regions side by side on one scale"
    )
    europe = words.compare_text(dataset(), ViewState(regions=("Europe",), conveyances=("air",)))
    assert europe.ranking_title(2020) == (
        "Quantity seized, from case records: narcotic drugs and psychotropics, Europe, conveyance: air, "
        "2020, by seizing country"
    )
    assert page.chart_labels("T") == {"title": "T", "unit": "seizures", "source": "UNODC, test", "demo": True}
    notes = page.notes("T")
    assert notes[:3] == [
        "DEMONSTRATION DATA - NOT REAL SEIZURES",
        "T",
        f"What is counted: {drugs}; 2016–2020; all regions; plant material left out; amounts flagged to check left out",
    ]
    caption = page.ranking_caption(ranking(), 2020)
    assert caption.startswith(
        "Number of seizures, 2020. Shares are of 2020's total (5 of 249 countries and territories reported in 2020)"
    )
    heroin = words.compare_text(dataset(), ViewState(substances=("Heroin",)))
    assert heroin.ranking_title(2020) == "Quantity seized, from annual reports: Heroin, 2020, by seizing country"
    # A title leaves the unit to the bracket the figure puts after it; a caption has no such bracket.
    assert heroin.ranking_caption(ranking(), 2020).startswith("Quantity seized (kilograms), from annual reports, 2020.")


def test_sentences() -> None:
    series = pl.DataFrame(
        {"region": ["Africa", "Africa", "Europe"], "year": [2021, 2022, 2022], "value": [1.0, None, 2.0]}
    ).with_columns(reporting=pl.Series([3, 0, 12]), of=pl.Series([54, 54, 51]))
    assert words.reporting_caption(series, "countries").startswith(
        "Every panel uses the same vertical scale. 2 of 3 country-years have a figure"
    )
    regions = words.reporting_caption(series, "regions")
    assert "2 of 3 region-years" in regions
    assert regions.endswith(
        "Each region's sum rests on its reporting countries: Europe: 12 of 51 countries and territories reported in "
        "2022."
    )

    with using("zh"):
        chinese = words.reporting_caption(series, "regions")
    # A region and its count are a label and its value ("："), not two items of a list ("、"); no Latin full stop.
    assert "：" in chinese and chinese.endswith("。") and not chinese.endswith(".。"), chinese
    assert "。 " not in chinese, chinese
    assert words.too_few("regions") == "Choose at least two regions to compare them side by side."
    assert words.unshaped_caption([]) is None
    assert words.unshaped_caption(["Tuvalu", "Nauru"]) == "Too small for this map, but in the ranking: Nauru, Tuvalu."


def test_what_is_compared_and_what_stands_below_are_page_parameters() -> None:
    assert (params.kind(ViewState()), params.below(ViewState())) == ("countries", "ranking")
    state = params.with_choices(ViewState(), kind="regions", view="map")
    assert state.page == {"kind": "regions", "view": "map"}
    assert params.with_choices(state, kind="countries", view="ranking").page == {}
