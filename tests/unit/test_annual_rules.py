from __future__ import annotations

import polars as pl
import pytest

from dashboard.annual_rules import RECORDS_COLUMN, VALUE_COLUMN, apply_totals_rule, group_totals, resolve_editions
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
            row("BEL", 2021, ATS, "Reported total", 2.0, total_of=ATS),
            row("BEL", 2022, ATS, "Amphetamine", 7.0),
        ]
    )
    assert kg(lf, ["year"]) == {(2021,): 42.0, (2022,): 7.0}
    counted = apply_totals_rule(lf).collect()
    assert counted["is_total"].sum() == 2


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
