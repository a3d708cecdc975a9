from __future__ import annotations

import polars as pl
import pytest

from dashboard.annual_rules import (
    RECORDS_COLUMN,
    VALUE_COLUMN,
    apply_totals_rule,
    group_totals,
    resolve_editions,
    totals_below_components,
)
from dashboard.schema import ANNUAL_SCHEMA, conform

COCAINE, CANNABIS, ATS = "Cocaine-type", "Cannabis-type", "Amphetamine-type stimulants (excl. ecstasy)"


def row(country, year, group, subgroup, kg, *, total_of=None, plant=False, edition=2023, source="s1", cls="drug"):
    return {
        "source_id": source,
        "edition_year": edition,
        "country_iso3": country,
        "year": year,
        "substance_group": group,
        "substance_subgroup": subgroup,
        "substance": f"{subgroup} {kg}",
        "substance_class": cls,
        "kg_equivalent": kg,
        "is_total": total_of is not None,
        "total_of": total_of,
        "is_plant_material": plant,
    }


def frame(rows) -> pl.LazyFrame:
    return conform(pl.DataFrame(rows), ANNUAL_SCHEMA).lazy()


def kg(lf: pl.LazyFrame, by: list[str], **kwargs) -> dict:
    out = group_totals(lf, by, **kwargs).collect()
    return {tuple(r[c] for c in by): r[VALUE_COLUMN] for r in out.to_dicts()}


def test_subgroup_total_replaces_its_components_only_where_present():
    lf = frame(
        [
            row("KEN", 2020, COCAINE, "Cocaine", 10.0),
            row("KEN", 2020, COCAINE, "Cocaine", 5.0),
            row("KEN", 2020, COCAINE, "Cocaine", 20.0, total_of="Cocaine"),
            row("KEN", 2020, COCAINE, "Other coca/cocaine-type", 1.0),  # not in the total's scope
            row("KEN", 2020, COCAINE, "Coca leaf and bush", 1000.0, plant=True),
            row("UGA", 2020, COCAINE, "Cocaine", 3.0),  # no total: components
            row("UGA", 2020, COCAINE, "Cocaine", 4.0),
        ]
    )
    assert kg(lf, ["country_iso3"]) == {("KEN",): 21.0, ("UGA",): 7.0}
    assert kg(lf, ["country_iso3"], include_plants=True) == {("KEN",): 1021.0, ("UGA",): 7.0}


def test_group_total_covers_every_subgroup_and_repeated_totals_are_summed():
    lf = frame(
        [
            row("BEL", 2021, ATS, "Amphetamine", 50.0),
            row("BEL", 2021, ATS, "Methamphetamine", 5.0),
            row("BEL", 2021, ATS, "Reported total", 40.0, total_of=ATS),
            row("BEL", 2021, ATS, "Reported total", 20.0, total_of=ATS),
            row("BEL", 2022, ATS, "Amphetamine", 7.0),
        ]
    )
    assert kg(lf, ["year"]) == {(2021,): 60.0, (2022,): 7.0}
    counted = apply_totals_rule(lf).collect()
    assert counted["is_total"].sum() == 2


def test_a_total_below_its_own_components_gives_way_to_them_and_is_flagged():
    # Afghanistan, cannabis, 2018 (WDR 2023): a reported total of 79,302 kg against 177,538 kg of resin alone.
    rows = [
        row("AFG", 2018, CANNABIS, "Cannabis resin", 177_538.0),
        row("AFG", 2018, CANNABIS, "Reported total", 79_302.0, total_of=CANNABIS),
        row("AFG", 2018, CANNABIS, "Cannabis plants", 900.0, plant=True),  # never part of the comparison
        row("PRT", 2020, COCAINE, "Cocaine", 10_066.0),
        row("PRT", 2020, COCAINE, "Cocaine", 0.0003, total_of="Cocaine"),
        row("KEN", 2020, COCAINE, "Cocaine", 10.0),
        row("KEN", 2020, COCAINE, "Cocaine", 10.0, total_of="Cocaine"),  # equal: the total is used
    ]
    assert kg(frame(rows), ["country_iso3"]) == {("AFG",): 177_538.0, ("PRT",): 10_066.0, ("KEN",): 10.0}
    flagged = totals_below_components(frame(rows).collect()).to_list()
    assert flagged == [False, True, False, False, True, False, False]
    kept = apply_totals_rule(frame(rows)).collect()
    assert kept.filter(pl.col("country_iso3") == "KEN")["is_total"].to_list() == [True]


def test_a_subgroup_total_counts_under_the_group_total_only_when_the_group_total_gives_way():
    rows = [
        row("ITA", 2020, ATS, "Amphetamine", 14_000.0),
        row("ITA", 2020, ATS, "Methamphetamine", 258.0),
        row("ITA", 2020, ATS, "Reported total", 1.5, total_of=ATS),
    ]
    assert kg(frame(rows), ["country_iso3"]) == {("ITA",): 14_258.0}


def test_totals_of_one_source_do_not_hide_another_source():
    lf = frame(
        [
            row("KEN", 2020, COCAINE, "Cocaine", 20.0, total_of="Cocaine", source="a"),
            row("KEN", 2020, COCAINE, "Cocaine", 9.0, source="b"),
        ]
    )
    assert kg(lf, ["source_id"]) == {("a",): 20.0, ("b",): 9.0}


def test_zero_stays_zero_and_no_figure_stays_null():
    lf = frame([row("KEN", 2020, CANNABIS, "Cannabis herb", 0.0), row("UGA", 2020, CANNABIS, "Cannabis herb", None)])
    out = group_totals(lf, ["country_iso3"]).collect()
    assert out[VALUE_COLUMN].to_list() == [0.0, None]
    assert out[RECORDS_COLUMN].to_list() == [1, 1]


def test_newest_edition_wins_per_country_year():
    lf = frame(
        [
            row("KEN", 2018, CANNABIS, "Cannabis herb", 100.0, edition=2021, source="old"),
            row("KEN", 2018, COCAINE, "Cocaine", 5.0, edition=2021, source="old"),
            row("KEN", 2018, CANNABIS, "Cannabis herb", 120.0, edition=2023, source="new"),
            row("KEN", 2017, CANNABIS, "Cannabis herb", 90.0, edition=2021, source="old"),  # only the old edition
            row("UGA", 2018, CANNABIS, "Cannabis herb", 7.0, edition=2021, source="old"),
            row(
                "KEN",
                2018,
                "Ozone-depleting substances and HFCs",
                "HCFCs",
                30.0,
                edition=2019,
                source="ods",
                cls="ods_hfc",
            ),
        ]
    )
    resolved = resolve_editions(lf).collect()
    kept = sorted(zip(resolved["country_iso3"], resolved["year"], resolved["source_id"], strict=True))
    assert kept == [("KEN", 2017, "old"), ("KEN", 2018, "new"), ("KEN", 2018, "ods"), ("UGA", 2018, "old")]
    assert kg(resolve_editions(lf), ["country_iso3", "year"]) == {
        ("KEN", 2017): 90.0,
        ("KEN", 2018): 150.0,
        ("UGA", 2018): 7.0,
    }


@pytest.mark.parametrize("by", [["substance_group"], ["country_iso3", "year", "substance_subgroup"]])
def test_group_totals_returns_requested_keys(by):
    lf = frame([row("KEN", 2020, COCAINE, "Cocaine", 1.0)])
    assert group_totals(lf, by).collect().columns == [*by, VALUE_COLUMN, RECORDS_COLUMN]


# ---- comments into flags, and outlier years (issue 15) ---------------------------------------------------------------
def test_comment_phrases_become_flags() -> None:
    from dashboard.annual_rules import comment_flags

    comments = pl.DataFrame(
        {
            "c": [
                "Data for 2015 (2016 data not available)",
                "Data for England & Wales and Northern Ireland only. Financial year 2016/17.",
                "First 9 months",
                "Approximately",
                "Between April 2012 and March 2013",
                "National Seizure System (NSS)",
                None,
            ]
        }
    )
    flags = comments.select(comment_flags(pl.col("c"))).to_series().to_list()
    assert flags == [
        ["carried_over"],
        ["financial_year", "partial"],
        ["partial"],
        ["estimate"],
        ["financial_year"],
        [],
        [],
    ]


def test_a_year_far_from_its_own_series_is_an_outlier_and_its_neighbours_are_not() -> None:
    from dashboard.annual_rules import OUTLIER_FACTOR, outlier_years

    years = [2018, 2019, 2020, 2021, 2022]
    values = [3_003.0, 2_500.0, 1_414_153.0, 2_634.0, 3_800.0]  # Namibia's cannabis, 2019 made up
    frame = pl.DataFrame({"country_iso3": ["NAM"] * 5, "series": ["Cannabis"] * 5, "year": years, "value": values})
    judged = outlier_years(frame, ["country_iso3", "series"])
    assert judged["outlier"].to_list() == [False, False, True, False, False]
    assert judged.filter(pl.col("year") == 2020)["typical"].item() == pytest.approx((2_634 + 3_003) / 2)
    # A jump just under the factor is no outlier.
    below = frame.with_columns(
        pl.when(pl.col("year") == 2020).then(2_818.5 * (OUTLIER_FACTOR - 1)).otherwise(pl.col("value")).alias("value")
    )
    assert not outlier_years(below, ["country_iso3", "series"])["outlier"].any()


def test_a_short_series_or_a_small_jump_has_no_outlier() -> None:
    from dashboard.annual_rules import outlier_years

    short = pl.DataFrame({"k": ["a"] * 3, "year": [2020, 2021, 2022], "value": [1.0, 5_000.0, 1.0]})
    assert not outlier_years(short, ["k"])["outlier"].any()  # two other years: no yardstick
    small = pl.DataFrame({"k": ["a"] * 5, "year": list(range(2018, 2023)), "value": [1.0, 1.0, 900.0, 1.0, 1.0]})
    assert not outlier_years(small, ["k"])["outlier"].any()  # both sides under the minimum
    gaps = pl.DataFrame({"k": ["a"] * 5, "year": list(range(2018, 2023)), "value": [10.0, None, 9e5, 12.0, 11.0]})
    judged = outlier_years(gaps, ["k"])
    assert judged["outlier"].to_list() == [False, False, True, False, False]  # a gap is neither judged nor a yardstick
