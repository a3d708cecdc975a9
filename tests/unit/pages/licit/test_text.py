"""What the licit-trade page says: headline figures, flag counts, headings, file names and download notes."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.licit import model
from dashboard.licit.model import Selection
from dashboard.pages.licit import text
from dashboard.pages.licit.model import SideBySide
from dashboard.store import Store
from tests.unit.datasets import dataset


@pytest.fixture(scope="module")
def trade() -> model.LicitData:
    return model.load_licit(Store("/nonexistent/licit-store"))


def view(trade: model.LicitData, *selection) -> model.SelectionView:
    return model.selection_view(trade, Selection(*selection))


def test_headline_above_at_and_without_the_estimate(trade: model.LicitData) -> None:
    assert text.headline(view(trade, "MEX", "Ephedrine", 2024)) == [
        ("Assessment 2024", "1,500 kg"),
        ("Authorised imports (counted)", "1,800 kg"),
        ("Above the estimate by", "300 kg"),
        ("Flags", "2"),
    ]
    assert text.headline(view(trade, "GHA", "Morphine", 2024))[2] == ("Left under the estimate", "0 kg")
    assert text.headline(view(trade, "KEN", "Codeine", 2024))[:2] == [
        ("Estimate 2024", "800 kg"),
        ("Authorised imports (counted)", "750 kg"),
    ]
    unknown = text.headline(view(trade, "NGA", "Pseudoephedrine", 2024))
    assert unknown[0] == ("Estimate 2024", "none known") and unknown[2] == ("Left under the estimate", "not checked")


def test_flag_counts_follow_the_order_of_the_kinds(trade: model.LicitData) -> None:
    assert text.flag_counts(trade.flags) == (
        "**Exceeds the estimate (I2ES warning)**: 2 · **Quantity received differs from the quantity authorised**: 3"
        " · **No estimate known: cannot be checked**: 2"
    )


def test_demonstration_data_are_named_as_such() -> None:
    assert text.DEMO_WARNING.startswith("**Demonstration data — not real authorisations or estimates.**")
    assert text.mixed_data(True, True) is None and text.mixed_data(False, False) is None
    assert text.mixed_data(True, False) == (
        "This map puts side by side licit flows that are demonstration data and seizures that are imported data. "
        "Do not read one against the other."
    )


def test_the_words_of_one_selection(trade: model.LicitData) -> None:
    flows = pl.DataFrame({"exporting_iso3": ["IND"]})
    side = SideBySide(flows=flows, seizures=None, years=(2015, 2024))
    words = text.licit_text(trade, view(trade, "GHA", "Morphine", 2023), dataset(citation="UNODC, test"), side)
    assert words.balance_title == "Authorised imports of Morphine into Ghana, 2023: running total against the estimate"
    assert words.source == f"{trade.citation}." and words.seizure_source == "Seizures: UNODC, test."
    assert words.sources == f"Source: {trade.citation}. Seizures: UNODC, test."
    assert words.balance_file == "licit-GHA-Morphine-2023-balance.csv"
    assert words.balance_notes == ["Authorised imports of Morphine into Ghana, 2023 (kg, anhydrous base)", words.source]
    assert words.flag_scopes == {"selection": "Ghana, Morphine, 2023", "all": "all data"}
    assert words.flag_file("all") == "licit-flags-all.csv"
    assert words.flag_file("selection") == "licit-GHA-Morphine-2023-flags.csv"
    assert words.map_heading == "Licit trade in Morphine, 2023, beside seizures of Morphine"
    assert words.flows_heading(1234) == "**Licit flows** (1,234 exporter–importer pairs, 2023)"
    assert words.seizures_heading == "**Seizure corridors** of Morphine, 2015–2024"
    assert words.no_route(12) == (
        "None of the 12 seizures of Morphine in 2015–2024 names both an origin and a destination country."
    )
    assert words.routed(3, 1200) == "3 of 1,200 seizure records name both ends of a route."
    assert words.seizures_file == "seizure-corridors-Morphine-2015-2024.csv"
    assert words.seizures_notes == ["Seizure corridors of Morphine, 2015-2024 (kg)", "Seizures: UNODC, test."]


def test_file_names_have_no_spaces(trade: model.LicitData) -> None:
    side = SideBySide(flows=pl.DataFrame(), seizures=None, years=(2020, 2020))
    words = text.licit_text(trade, view(trade, "MEX", "Ephedrine", 2024), dataset(), side)
    assert " " not in words.flows_file and words.seizures_heading.endswith(", 2020")  # one year, written once
    assert text.country_option("MEX") == "Mexico (MEX)"


def test_map_caption_counts_both_sets() -> None:
    caption = text.map_caption(pl.DataFrame({"a": range(3)}), pl.DataFrame({"a": range(1200)}), substance="Codeine")
    assert caption.startswith("Green arcs: licit trade in Codeine (exporter to importer, width by kilograms")
    assert "3 pairs" in caption and "1,200 corridors" in caption and "do not imply official endorsement" in caption
