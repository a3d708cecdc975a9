"""The page queries run twice, on the cubes and on the records, for tests that say the two agree."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from polars.testing import assert_frame_equal

from dashboard import query
from dashboard.data import Dataset
from dashboard.pages.profile.model import country_profile
from dashboard.state import ViewState

VIEWS: dict[str, ViewState] = {
    "default": ViewState(),
    "every class": ViewState(classes=()),
    "cases kg": ViewState(dataset="cases"),
    "seizures": ViewState(measure="seizures"),
    "seizures with suspect": ViewState(measure="seizures", include_suspect=True, include_plants=True),
    "by substance": ViewState(breakdown="substance"),
    "by region, cases": ViewState(breakdown="region", dataset="cases"),
    "by country": ViewState(breakdown="country", measure="seizures"),
    "months": ViewState(resolution="month", measure="seizures"),
    "plants": ViewState(include_plants=True, breakdown="substance"),
    "co2e": ViewState(measure="co2e_t", classes=()),
    "producing origin": ViewState(origin="producing", measure="seizures"),
}


def _frames(dataset: Dataset, state: ViewState) -> dict[str, pl.DataFrame | object]:
    out: dict[str, pl.DataFrame | object] = {}
    trend = query.trend(dataset, state)
    out["trend"] = trend.frame
    out["trend counts"] = (trend.records, trend.countries, trend.series_total, trend.suspect_left_out)
    routes = query.corridors(dataset, state)
    out["corridors"] = routes.frame.sort("origin_iso3", "destination_iso3")
    out["corridor counts"] = (routes.records_in_view, routes.records_with_route, routes.suspect_left_out)
    out["shares"] = query.shares_by_year(dataset, state).sort("country_iso3", "year")
    out["coverage"] = query.coverage(dataset, state).sort("country_iso3", "year")
    out["source"] = query.source_of(dataset, state)
    out["years"] = query.view_years(dataset, state)
    headline = query.headline(dataset, state)
    out["headline"] = {k: v for k, v in headline.items() if k != "kg_by_group"}
    out["kg by group"] = headline["kg_by_group"].sort("substance_class", "substance_group")
    out["mix"] = query.mix(dataset, state, "conveyance").sort("category")
    countries = sorted(dataset.vocabulary.countries)[:4]
    out["compare"] = query.compare(dataset, state, countries)
    out["regions"] = query.compare_regions(dataset, state, list(dataset.vocabulary.regions[:3]))
    out["latest"] = query.latest_year_figures(dataset, state, ["substance_group"]).sort("substance_group")
    return out


def _profile(dataset: Dataset, state: ViewState, iso3: str) -> dict[str, object]:
    p = country_profile(dataset, state, iso3)
    return {
        "trend": p.trend.frame,
        "inbound": p.inbound.frame.sort("origin_iso3", "destination_iso3"),
        "outbound": p.outbound.frame.sort("origin_iso3", "destination_iso3"),
        "conveyance": p.conveyance.sort("category"),
        "concealment": p.concealment.sort("category"),
        "coverage": p.coverage,
        "sources": p.sources,
        "counts": (p.case_records, p.years),
    }


def _same(name: str, on_cubes: object, on_records: object) -> None:
    if isinstance(on_cubes, pl.DataFrame):
        assert isinstance(on_records, pl.DataFrame), name
        assert_frame_equal(on_cubes, on_records, check_exact=False, rel_tol=1e-9, abs_tol=1e-9, check_dtypes=False)
    else:
        assert on_cubes == on_records, f"{name}: cubes {on_cubes!r} != records {on_records!r}"


def assert_cubes_match_records(dataset: Dataset, views: dict[str, ViewState] = VIEWS, profiles: int = 2) -> int:
    """Every query of every view gives the same figures on the cubes as on the records; returns how many figures
    were compared (so a test can say it compared something)."""
    records = replace(dataset, use_cubes=False)
    compared = 0
    for view_name, state in views.items():
        cubed, plain = _frames(dataset, state), _frames(records, state)
        for name in cubed:
            _same(f"{view_name}: {name}", cubed[name], plain[name])
            compared += 1
    busiest = dataset.case_cube.group_by("country_iso3").agg(pl.col("records").sum()).sort("records").tail(profiles)
    for iso3 in busiest["country_iso3"].to_list():
        cubed, plain = _profile(dataset, ViewState(), iso3), _profile(records, ViewState(), iso3)
        for name in cubed:
            _same(f"profile {iso3}: {name}", cubed[name], plain[name])
            compared += 1
    return compared
