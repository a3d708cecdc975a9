"""ODP tonnes and tonnes of CO2 equivalent: the factors of dashboard.substances checked against the Montreal Protocol
handbook table in ../shared/data/reference, and the conversions of dashboard.query checked against hand-computed
values (ODP t = kg x ODP / 1000; t CO2e = kg x GWP100 / 1000; a blend's factors are mass-weighted sums)."""

from __future__ import annotations

import csv
import datetime as dt
import re

import polars as pl
import pytest

from dashboard import query, substances
from dashboard.data import Dataset
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, SOURCES_SCHEMA, conform
from dashboard.state import ViewState
from tests.conftest import SHARED_DATA

REFERENCE = SHARED_DATA / "reference" / "montreal-protocol-controlled-substances.csv"


def _norm(text: str) -> str:
    """The handbook writes U+2010 hyphens and lower-case names ("halon‐1211"); compare without either."""
    text = re.sub(r"[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", text)
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def handbook() -> list[dict[str, str]]:
    assert REFERENCE.is_file(), f"reference table expected at {REFERENCE}"
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def properties() -> dict[str, dict]:
    return {row["substance"]: row for row in substances.ods_properties().iter_rows(named=True)}


# ---- hand-computed examples --------------------------------------------------------------------------------------
def test_hcfc22_and_r410a_factors_by_hand(properties: dict[str, dict]) -> None:
    assert properties["HCFC-22"]["odp"] == 0.055 and properties["HCFC-22"]["gwp100"] == 1810
    assert properties["R-410A"]["odp"] == 0
    assert properties["R-410A"]["gwp100"] == pytest.approx(0.5 * 675 + 0.5 * 3500)  # 2087.5
    assert properties["R-502"]["odp"] == pytest.approx(0.488 * 0.055 + 0.512 * 0.6)
    assert properties["R-502"]["gwp100"] == pytest.approx(0.488 * 1810 + 0.512 * 7370)


def _cases(*rows: tuple[str, str, float]) -> pl.DataFrame:
    """Case records (country, substance, kg) in 2020, classified like the importers classify them."""
    frame = pl.DataFrame(
        {
            "record_id": [f"t:{i}" for i in range(len(rows))],
            "country_iso3": [r[0] for r in rows],
            "substance_as_reported": [r[1] for r in rows],
            "kg_equivalent": [r[2] for r in rows],
            "year": [2020] * len(rows),
            "seizure_date": [dt.date(2020, 6, 1)] * len(rows),
        }
    )
    classified = substances.classify_substances(frame["substance_as_reported"])
    frame = frame.with_columns(
        classified["substance"],
        classified["substance_group"],
        classified["substance_class"],
        pl.lit(False).alias("is_plant_material"),
    )
    return conform(frame, CASES_SCHEMA)


def _dataset(cases: pl.DataFrame) -> Dataset:
    return Dataset(
        cases=cases,
        annual=pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=pl.DataFrame(schema=SOURCES_SCHEMA),
        is_demo=False,
        version="test",
    )


def test_with_climate_impact_row_by_row() -> None:
    cases = _cases(
        ("ESP", "HCFC-22", 100.0),
        ("ESP", "R-410A", 100.0),
        ("ESP", "r22", 10.0),  # an alias: the same substance, the same factors
        ("ESP", "CFC-12", 10.0),
        ("ESP", "Halon-1301", 2.0),
        ("ESP", "Cocaine", 50.0),
    )
    out = query.with_climate_impact(cases.lazy()).collect().sort("record_id")  # a join need not keep the order
    assert out["substance"].to_list()[2] == "HCFC-22"
    assert out["odp_t"].to_list()[:4] == pytest.approx([100 * 0.055 / 1000, 0.0, 10 * 0.055 / 1000, 0.01])
    assert out["co2e_t"].to_list()[:4] == pytest.approx([181.0, 208.75, 18.1, 109.0])
    assert out["odp_t"][4] == pytest.approx(0.02)  # halon-1301: ODP 10
    assert out["co2e_t"][4] is None  # the handbook lists no GWP for halons: unknown, never zero
    assert out["odp_t"][5] is None and out["co2e_t"][5] is None  # not a controlled ODS or HFC


def test_measures_add_up_to_hand_computed_totals() -> None:
    data = _dataset(
        _cases(
            ("ESP", "HCFC-22", 100.0),
            ("ESP", "R-410A", 100.0),
            ("FRA", "HFC-134a", 1000.0),
            ("FRA", "Halon-1301", 2.0),
            ("FRA", "Cocaine", 50.0),
        )
    )
    odp = query.by_country(data, ViewState(measure="odp_t", classes=("ods_hfc",)))
    co2e = query.by_country(data, ViewState(measure="co2e_t", classes=("ods_hfc",)))
    kg = query.by_country(data, ViewState(measure="kg", dataset="cases", classes=("ods_hfc",)))
    value = {
        m: dict(zip(f["country_iso3"], f["value"], strict=True)) for m, f in (("odp", odp), ("co2e", co2e), ("kg", kg))
    }
    assert value["odp"]["ESP"] == pytest.approx(0.0055)
    assert value["odp"]["FRA"] == pytest.approx(0.02)  # HFC-134a adds 0; the halon adds 2 x 10 / 1000
    assert value["co2e"]["ESP"] == pytest.approx(181.0 + 208.75)
    assert value["co2e"]["FRA"] == pytest.approx(1430.0)  # the halon has no GWP and adds nothing
    assert value["kg"] == {"ESP": pytest.approx(200.0), "FRA": pytest.approx(1002.0)}

    trend = query.trend(data, ViewState(measure="co2e_t", classes=("ods_hfc",)))
    assert trend.unit == "t CO2e" and trend.records == 4
    assert trend.frame["value"].sum() == pytest.approx(181.0 + 208.75 + 1430.0)


def test_a_view_with_no_ozone_depleting_substance_has_no_figure_not_zero() -> None:
    data = _dataset(_cases(("FRA", "Cocaine", 50.0), ("FRA", "Halon-1301", 2.0)))
    frame = query.by_country(data, ViewState(measure="co2e_t"))
    assert frame["value"].to_list() == [None]


# ---- the factors against the handbook ----------------------------------------------------------------------------
def test_every_pure_substance_matches_the_handbook(handbook: list[dict[str, str]], properties: dict) -> None:
    by_formula = {row["Formula"]: row for row in handbook}
    gwp_by_name: dict[str, float] = {}
    for row in handbook:
        if row["100-Year Global Warming Potential"]:
            gwp_by_name[_norm(row["Substance"])] = float(row["100-Year Global Warming Potential"])
    pure = [p for p in properties.values() if p["kind"] == "pure"]
    assert len(pure) >= 40
    for prop in pure:
        row = by_formula.get(prop["formula"])
        assert row is not None, f"{prop['substance']}: formula {prop['formula']} not in the handbook"
        assert _norm(row["Substance"]).startswith(_norm(prop["substance"])), (prop["substance"], row["Substance"])
        assert prop["annex"] == f"{row['Annex']}, {row['Group']}"
        odp_text = row["Ozone-Depleting Potential"]
        expected_odp = float(odp_text) if odp_text else 0.0  # HFCs (Annex F) have no ODP: zero
        assert prop["odp"] == pytest.approx(expected_odp), prop["substance"]
        expected_gwp = gwp_by_name.get(_norm(prop["substance"]))
        if expected_gwp is None:
            assert prop["gwp100"] is None, f"{prop['substance']}: a GWP the handbook does not give"
        else:
            assert prop["gwp100"] == pytest.approx(expected_gwp), prop["substance"]


def test_blends_are_mass_weighted_sums_of_handbook_values(handbook: list[dict[str, str]], properties: dict) -> None:
    odp_by_name = {_norm(r["Substance"]): r["Ozone-Depleting Potential"] for r in handbook if r["Substance"]}
    gwp_by_name = {
        _norm(r["Substance"]): float(r["100-Year Global Warming Potential"])
        for r in handbook
        if r["100-Year Global Warming Potential"]
    }
    with (substances.REFERENCE_DIR / "refrigerant_blends.csv").open(encoding="utf-8", newline="") as handle:
        blends = list(csv.DictReader(handle))
    assert {"R-410A", "R-404A", "R-502"} <= {b["blend"] for b in blends}
    for blend in blends:
        parts = [(name, float(share)) for name, share in (p.split(":") for p in blend["components"].split("|"))]
        assert sum(share for _, share in parts) == pytest.approx(1.0)
        odp = sum(share * float(odp_by_name.get(_norm(name)) or 0.0) for name, share in parts)
        gwp = sum(share * gwp_by_name[_norm(name)] for name, share in parts)
        prop = properties[blend["blend"]]
        assert prop["kind"] == "blend"
        assert prop["odp"] == pytest.approx(odp, abs=1e-6), blend["blend"]
        assert prop["gwp100"] == pytest.approx(gwp, abs=1e-3), blend["blend"]
