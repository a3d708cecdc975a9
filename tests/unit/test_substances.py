from __future__ import annotations

import polars as pl
import pytest

from dashboard.substances import (
    GROUP_OTHER,
    GROUPS,
    canonical_unit,
    classify_substances,
    ods_properties,
    precursor_table,
    to_kg,
)


def classify(names, groups=None, subgroups=None) -> list[dict]:
    g = pl.Series(groups, dtype=pl.String) if groups is not None else None
    s = pl.Series(subgroups, dtype=pl.String) if subgroups is not None else None
    return classify_substances(pl.Series(names, dtype=pl.String), g, s).to_dicts()


def test_rows_keep_length_and_order_and_unknowns_are_kept():
    out = classify(["Heroin", "Zzz-unknown", None, "Heroin", "Coca paste"])
    assert [r["substance"] for r in out] == [
        "Heroin",
        "Zzz-unknown",
        "Unspecified",
        "Heroin",
        "Coca paste and cocaine base",
    ]
    assert out[1]["substance_group"] == GROUP_OTHER and out[1]["substance_matched"] is False
    assert out[2]["substance_group"] == GROUP_OTHER


def test_editions_vocabularies_meet():
    old = classify(["Ecstasy-type substances"], ["ATS"], ["Ecstasy-type substances"])[0]
    new = classify(
        ["3,4-methylenedioxymethamphetamine (MDMA)"], ["“Ecstasy”-type substances"], ["“Ecstasy”-type substances"]
    )[0]
    assert old["substance_group"] == new["substance_group"] == GROUPS["ecstasy"].label
    amph_old = classify(["Amphetamine"], ["ATS"], ["Amphetamine"])[0]
    amph_new = classify(["Amphetamine"], ['Amphetamine-type stimulants (excluding "ecstasy")'], ["Amphetamine"])[0]
    assert amph_old["substance_group"] == amph_new["substance_group"] == GROUPS["ats"].label


def test_totals_are_recognised():
    cocaine, ats, cannabis, plain = classify(
        [
            "Cocaine (total of the above, including if unspecified/undistinguished, but excluding coca leaf and"
            " coca bush)",
            "Total amphetamine-type stimulants (ATS) (including the above, all other ATS, and any unspecified)",
            "Cannabis-type",
            "Cannabis-type",
        ],
        ["Cocaine-type", "Amphetamine-type stimulants (excluding “ecstasy”)", "Cannabis-type drugs", "Cannabis-type"],
        ["Cocaine", 'Reported total ATS (excluding "ecstasy")', "Reported total Cannabis-type", "Cannabis-type"],
    )
    assert cocaine["is_total"] and cocaine["total_of"] == "Cocaine" and cocaine["substance_subgroup"] == "Cocaine"
    assert ats["is_total"] and ats["total_of"] == GROUPS["ats"].label
    assert cannabis["is_total"]
    assert not plain["is_total"]  # the 2015-2019 "Cannabis-type" row is unspecified cannabis, not a total


def test_plant_material_and_classes():
    rows = classify(["Coca leaf", "Coca bush", "Cannabis plants", "Poppy straw", "Cannabis herb", "Khat"])
    assert [r["is_plant_material"] for r in rows] == [True, True, True, True, False, False]
    assert classify(["Acetic anhydride"])[0]["substance_class"] == "precursor"
    assert classify(["R-410A"])[0]["substance_class"] == "ods_hfc"
    assert classify(["HCFC 22"])[0]["substance"] == "HCFC-22"
    assert classify(["AB-CHMINACA"])[0]["substance_class"] == "nps"


def test_precursors_name_their_convention_table():
    table = precursor_table()
    tables = dict(zip(table["substance"], table["convention_table"], strict=True))
    assert tables["Ephedrine"] == "I" and tables["APAAN"] == "I" and tables["Acetic anhydride"] == "I"
    assert tables["Acetone"] == "II" and tables["Sulphuric acid"] == "II"
    assert tables["Methylamine"] is None


def test_ods_blends_are_mass_weighted():
    props = {r["substance"]: r for r in ods_properties().to_dicts()}
    assert props["R-410A"]["gwp100"] == pytest.approx(0.5 * 675 + 0.5 * 3500)
    assert props["R-404A"]["gwp100"] == pytest.approx(0.44 * 3500 + 0.52 * 4470 + 0.04 * 1430)
    assert props["R-502"]["odp"] == pytest.approx(0.488 * 0.055 + 0.512 * 0.6)
    assert props["HFC-134a"]["odp"] == 0 and props["CFC-11"]["odp"] == 1.0
    assert props["Halon-1301"]["gwp100"] is None  # not in the Handbook's table: never guessed


def test_canonical_units():
    out = canonical_unit(pl.Series(["Kilogram", "gr", "Blotting paper", "Plants", "Cc", "bushel", None]))
    assert out.to_list() == ["kg", "g", "blotter", "plant", "ml", None, None]


def test_to_kg_factors_and_reasons():
    frame = pl.DataFrame(
        {
            "amount": [2.0, 500.0, 3.0, 1000.0, 1000.0, 10.0, 4.0, 5.0, 7.0, None],
            "unit": ["kg", "g", "Litre", "Tablet", "Tablet", "Plants", "Piece", "furlong", "Blotter", "kg"],
            "substance": [
                "Heroin",
                "Heroin",
                "GHB",
                "MDMA",
                "Methamphetamine",
                "Cannabis plants",
                "Heroin",
                "Heroin",
                "LSD",
                "Heroin",
            ],
            "region": [None, None, None, "Europe", "Asia", None, None, None, None, None],
        }
    )
    out = to_kg(frame, "amount", "unit", "substance", region_col="region")
    kg = out["kg_equivalent"].to_list()
    assert kg[:3] == [2.0, 0.5, 3.0]
    assert kg[3] == pytest.approx(1000 * 271e-6)  # ecstasy tablet, Europe
    assert kg[4] == pytest.approx(1000 * 90e-6)  # methamphetamine tablet, Asia
    assert kg[5] == pytest.approx(1.0)  # 100 g per cannabis plant (UNODC methodology)
    assert kg[6] is None and "no documented weight per piece" in out["kg_method"][6]
    assert kg[7] is None and "unknown unit 'furlong'" in out["kg_method"][7]
    assert kg[8] == pytest.approx(7 * 0.05e-6)
    assert kg[9] is None and out["kg_method"][9] == "not convertible: no amount"
    assert out["unit"].to_list()[:4] == ["kg", "g", "l", "tablet"]
    assert out.height == frame.height


def test_case_record_names_all_classify():
    # A sample of the individual-seizure file's DRUG_NAME values, long tail included.
    names = [
        "Coca paste",
        "Cocaine Base",
        "Cocaine HCL",
        "JWH-018",
        "5F-AKB48",
        "N-Methylephedrone",
        "Unknown",
        "Benzodiazepine",
        "Poppy straw",
        "Ephedrone",
        "Alprazolam (Xanax)",
        "Acetone/Ethyl Ether",
    ]
    out = classify(names)
    assert len(out) == len(names)
    assert all(r["substance_group"] for r in out)
    assert out[3]["substance_subgroup"] == "Synthetic cannabinoids"
    assert out[6]["substance_group"] == GROUP_OTHER
