from __future__ import annotations

import csv
import re

import polars as pl
import pytest

from dashboard.reference import read_rows
from dashboard.substances import (
    ATS_INCLUDING_ECSTASY,
    GROUP_ALIASES,
    GROUP_OTHER,
    GROUPS,
    REFERENCE_DIR,
    SUBSTANCE_DECIDES,
    _known_group,
    canonical_unit,
    classify_one,
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


def test_plant_counts_convert_only_for_cannabis_plants():
    # UNODC's methodology documents 100 g per cannabis plant and no weight for any other counted plant.
    cases = [  # (amount, unit, substance, kg)
        (10.0, "Plants", "Cannabis plants", 1.0),
        (10.0, "Unit", "Seedlings", 1.0),  # cuttings, seedlings and mother plants are cannabis plants
        (927_611_728.0, "Bush", "Poppy straw", None),
        (10.0, "Plants", "Opium Poppy", None),
        (10.0, "Unit", "Opium Poppy", None),
        (10.0, "Capsule", "Opium Poppy", None),
        (10.0, "Bush", "Coca bush", None),
        (10.0, "Unit", "Coca Plant", None),
        (10.0, "Unit", "Coca Seeds", None),
        (10.0, "Plants", "Coca leaf", None),
        (10.0, "Plants", "Heroin", None),
        (10.0, "Plants", "Cannabis herb", None),
        (10.0, "Plants", "Cannabis seed", None),
        (1000.0, "Seeds", "Cannabis seed", 0.01),  # 10 mg per seed, implied by UNODC's kg equivalents
        (1000.0, "Seeds", "Marijuana seeds", 0.01),
        (1000.0, "Unit", "Poppy Seeds", 0.001),
        (10.0, "Leaf", "Coca leaf", 0.1),
    ]
    frame = pl.DataFrame(
        {"amount": [c[0] for c in cases], "unit": [c[1] for c in cases], "substance": [c[2] for c in cases]}
    )
    out = to_kg(frame, "amount", "unit", "substance")
    for (_, unit, substance, kg), got, method in zip(cases, out["kg_equivalent"], out["kg_method"], strict=True):
        if kg is None:
            assert got is None and method.startswith("not convertible"), (unit, substance, got)
        else:
            assert got == pytest.approx(kg), (unit, substance)
    assert "cannabis plants only" in out["kg_method"][2]


def test_plant_counts_with_the_files_own_placement():
    # The annual importer passes canonical group and subgroup: the same rule must hold there.
    frame = pl.DataFrame(
        {
            "amount": [10.0, 10.0, 10.0, 10.0],
            "unit": ["Plants", "Plants", "Bush", "Unit"],
            "substance": ["Cannabis plants", "Opium poppy plants", "Coca bush", "Opium poppy plants"],
            "group": ["Cannabis-type", "Opioids", "Cocaine-type", "Opioids"],
            "subgroup": ["Cannabis plants", "Opium poppy", "Coca leaf and bush", "Opium poppy"],
        }
    )
    out = to_kg(frame, "amount", "unit", "substance", group_col="group", subgroup_col="subgroup")
    assert out["kg_equivalent"].to_list() == [pytest.approx(1.0), None, None, None]


def _seed_names() -> list[str]:
    with (REFERENCE_DIR / "substances.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [n for r in rows for n in [r["substance"], *r["aliases"].split("|")]]
    return [n for n in names if re.search(r"\bseeds?\b", n, re.IGNORECASE)]


def test_every_seed_is_plant_material():
    names = _seed_names()
    assert {"Cannabis seed", "Poppy seed", "Coca seed", "Poppy/cannabis seeds"} <= set(names)
    names += ["Coca Seeds", "Poppy Seeds", "Marijuana seeds", "Hemp seeds", "Khat seeds", "Seeds"]
    assert all(r["is_plant_material"] for r in classify(names)), [
        r for r in classify(names) if not r["is_plant_material"]
    ]
    mixed = classify(["Poppy/cannabis seeds"], ["Non-specified"], ["Non-specified"])[0]
    assert mixed["is_plant_material"] and mixed["substance_matched"]
    assert mixed["substance_group"] == GROUPS["other_drugs"].label  # UNODC's catch-all: cannot be split
    assert classify(["Marijuana seeds"])[0]["substance_subgroup"] == "Cannabis seed"
    assert not classify(["Cannabis plant in alcoholic beverage"])[0]["is_plant_material"]


def test_alcohol_khat_kratom_and_unidentified_substances_are_their_own_groups_outside_the_drugs():
    # Not under international control (or not identified at all): wherever UNODC files them ("Other miscellaneous",
    # plant-based NPS, any group), they are a group of their own in class "other", so no drug or NPS total adds them.
    cases = [
        (
            "Alcohol",
            ("Other miscellaneous", "Alcohol", "Any other drugs/substances", None),
            "Alcohol, tobacco and caffeine",
        ),
        ("Caffeine", ("Other miscellaneous", None), "Alcohol, tobacco and caffeine"),
        ("Khat", ("NPS", "Substances not under international control", None), "Khat and kratom"),
        ("Kratom (Mitragyna speciosa)", ("NPS", None), "Khat and kratom"),
        ("Other drugs/substances", ("Any other drugs/substances", "Sedatives and tranquillizers"), GROUP_OTHER),
        ("Psychotropic substances", ("Any other drugs/substances", "Non-specified"), GROUP_OTHER),
        ("Other", (None,), GROUP_OTHER),
    ]
    for name, groups, expected in cases:
        for group in groups:
            row = classify([name], [group])[0]
            assert (row["substance_group"], row["substance_class"]) == (expected, "other"), (name, group, row)
            assert row["is_plant_material"] is False
    with (REFERENCE_DIR / "substances.csv").open(encoding="utf-8", newline="") as handle:
        notes = {r["substance"]: r["note"] for r in csv.DictReader(handle)}
    assert "not under international control" in notes["Alcohol"] and "Other miscellaneous" in notes["Alcohol"]
    # An unknown name under a real drug group stays in that group: only what the vocabulary knows is moved.
    assert classify(["Heroin-like powder X"], ["Opioids"])[0]["substance_group"] == "Opioids"


def test_a_row_filed_under_a_standard_series_subgroup_stays_in_it():
    # Italy, 2014-2015: "Heroin: Monoacetylmorphine". UNODC counts it as heroin; so does the heroin series here.
    heroin = classify_one("Monoacetylmorphine", "Opioids", "Heroin")
    assert (heroin.substance, heroin.subgroup) == ("Heroin", "Heroin")
    assert classify_one("Monoacetylmorphine").subgroup == "Other illicit opiates"  # named alone, it is not heroin
    assert classify_one("Poppy straw", "Opioids", "Opium").is_plant_material  # plant material stays plant material
    # A catch-all subgroup does not hold a named precursor back from its table.
    assert classify_one("Toluene", "Precursors", "Other precursors").subgroup == "1988 Convention Table II"


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


# Representative (name, edition group, edition subgroup) triples, most from the real UNODC files, with the
# classification the code gave before classify_one was split into steps and its rules moved to reference tables:
# (substance, group, subgroup, is_plant_material, is_total, total_of, matched).
COCAINE_TOTAL = (
    "Cocaine (total of the above, including if unspecified/undistinguished, but excluding coca leaf and coca bush)"
)
ATS_TOTAL = (
    "Total amphetamine-type stimulants (ATS) (including the above, all other ATS, and any unspecified/undistinguished"
    " quantities of ATS)"
)
ECSTASY_TOTAL = (
    'Total "ecstasy"-type substances (including the above, all other substances of this type and any'
    " unspecified/undistinguished quantities of substances of this type)"
)
ATS_LABEL = "Amphetamine-type stimulants (excl. ecstasy)"
NPS_LABEL = "New psychoactive substances"
NOT_CONTROLLED = "Substances not under international control"
PINNED_TRIPLES = [
    (
        (COCAINE_TOTAL, "Cocaine-type", "Cocaine"),
        ("Cocaine (reported total)", "Cocaine-type", "Cocaine", False, True, "Cocaine", True),
    ),
    (
        (COCAINE_TOTAL, None, None),
        ("Cocaine (reported total)", "Cocaine-type", "Cocaine", False, True, "Cocaine", True),
    ),
    (
        (ATS_TOTAL, "Amphetamine-type stimulants (excluding “ecstasy”)", 'Reported total ATS (excluding "ecstasy")'),
        ("ATS excl. ecstasy (reported total)", ATS_LABEL, "Reported total", False, True, ATS_LABEL, True),
    ),
    (
        (ECSTASY_TOTAL, "“Ecstasy”-type substances", "“Ecstasy”-type substances"),
        (
            "Ecstasy-type (reported total)",
            "Ecstasy-type substances",
            "Reported total",
            False,
            True,
            "Ecstasy-type substances",
            True,
        ),
    ),
    (
        ("Cannabis-type", "Cannabis-type drugs", "Reported total Cannabis-type"),
        ("Cannabis-type (reported total)", "Cannabis-type", "Reported total", False, True, "Cannabis-type", True),
    ),
    (
        ("Total opioids", None, None),
        ("Opioids (reported total)", "Opioids", "Reported total", False, True, "Opioids", True),
    ),
    (
        ("Total precursors", "Precursors", None),
        ("Precursors (reported total)", "Precursors", "Reported total", False, True, "Precursors", True),
    ),
    (
        ("MDMA", "ATS", "Ecstasy-type substances"),
        ("MDMA", "Ecstasy-type substances", "Ecstasy-type substances", False, False, None, True),
    ),
    (("Methamphetamine", "ATS", None), ("Methamphetamine", ATS_LABEL, "Methamphetamine", False, False, None, True)),
    (
        ("Phentermine", "ATS", "Prescription stimulants"),
        ("Phentermine", ATS_LABEL, "Prescription stimulants", False, False, None, True),
    ),
    (
        ("Maxiton Forte", "ATS", "Methamphetamine"),
        ("Methamphetamine", ATS_LABEL, "Methamphetamine", False, False, None, True),
    ),
    (
        ("4-fluoroethamphetamine", "ATS", "Prescription stimulants"),
        ("4-fluoroethamphetamine", ATS_LABEL, "Prescription stimulants", False, False, None, False),
    ),
    (("Mephedrone", None, None), ("Mephedrone", ATS_LABEL, "Other stimulants", False, False, None, True)),
    (
        ("Mephedrone", NOT_CONTROLLED, "Synthetic cathinones"),
        ("Mephedrone", NPS_LABEL, "Synthetic cathinones", False, False, None, True),
    ),
    (
        ("Mephedrone and its derivatives", "ATS", "Other stimulants"),
        ("Mephedrone and its derivatives", ATS_LABEL, "Other stimulants", False, False, None, False),
    ),
    (
        ("Pharmaceuticals", "Non-specified", "Psychotropic substances"),
        ("Other prescription medicines", "Other drugs", "Other drugs", False, False, None, True),
    ),
    (
        ("Piperazines", "Non-specified", "Non-specified"),
        ("Piperazines", NPS_LABEL, "Piperazines", False, False, None, True),
    ),
    (
        ("Non-specified", "Non-specified", "Non-specified"),
        ("Other drugs/substances", "Unidentified or unclassified substances", "Unspecified", False, False, None, True),
    ),
    (
        ("Poppy/cannabis seeds", "Non-specified", "Non-specified"),
        ("Poppy/cannabis seeds", "Other drugs", "Other drugs", True, False, None, True),
    ),
    (
        ("Poppy/cannabis seeds", None, None),
        ("Poppy/cannabis seeds", "Other drugs", "Other drugs", True, False, None, True),
    ),
    (("Marijuana seeds", None, None), ("Marijuana seeds", "Cannabis-type", "Cannabis seed", True, False, None, False)),
    (
        ("Khat seeds", None, None),
        ("Khat seeds", "Unidentified or unclassified substances", "Unspecified", True, False, None, False),
    ),
    (("coca seeds", None, None), ("Coca seed", "Cocaine-type", "Coca leaf and bush", True, False, None, True)),
    (
        ("Poppy seed", "Opioids", "Other illicit opiates"),
        ("Poppy seed", "Opioids", "Opium poppy", True, False, None, True),
    ),
    (("Bulbs", "Opioids", "Poppy plants"), ("Opium poppy plants", "Opioids", "Opium poppy", True, False, None, True)),
    (
        ("Dried cannabis", "Cannabis-type", "Cannabis plants"),
        ("Cannabis plants", "Cannabis-type", "Cannabis plants", True, False, None, True),
    ),
    (
        ("Dried Leaves", "Cannabis-type", "Marijuana (herb)"),
        ("Cannabis herb", "Cannabis-type", "Cannabis herb", False, False, None, True),
    ),
    (
        ("Novazine", None, None),
        ("Novazine", "Unidentified or unclassified substances", "Unspecified", False, False, None, False),
    ),
    (("Zzz-unknown", "Opioids", None), ("Zzz-unknown", "Opioids", "Other illicit opioids", False, False, None, False)),
    (("  Heroin  ", "Opiates", None), ("Heroin", "Opioids", "Heroin", False, False, None, True)),
    (("Acetylfentanyl", None, None), ("Acetylfentanyl", "Opioids", "Other illicit opioids", False, False, None, False)),
    (("XLR-11", None, None), ("XLR-11", NPS_LABEL, "Synthetic cannabinoids", False, False, None, False)),
    (
        ("3-MMC (3-Methylmethcathinone)", NOT_CONTROLLED, "Synthetic cathinones"),
        ("3-MMC (3-Methylmethcathinone)", NPS_LABEL, "Synthetic cathinones", False, False, None, False),
    ),
    (
        ("Disomnilan (Flunitrazepam)", None, None),
        ("Disomnilan (Flunitrazepam)", "Sedatives and tranquillizers", "Benzodiazepines", False, False, None, False),
    ),
    (
        ("GBL or GHB", NOT_CONTROLLED, "Other substances not under int. control"),
        ("GHB", NPS_LABEL, "Other NPS", False, False, None, True),
    ),
    (
        ("Gamma-Butyrolactone (GBL)", "Sedatives and tranquillizers", "GBL/GHB"),
        ("GBL", "Sedatives and tranquillizers", "GHB/GBL", False, False, None, True),
    ),
    (
        ("Coca paste/refined cocaine base (intermediate products) (please specify)", None, None),
        ("Coca paste and cocaine base", "Cocaine-type", "Cocaine", False, False, None, True),
    ),
    (("R-410A", None, None), ("R-410A", "Ozone-depleting substances and HFCs", "HFC blends", False, False, None, True)),
    (
        ("R-999", None, None),
        ("R-999", "Ozone-depleting substances and HFCs", "Other ODS and HFCs", False, False, None, False),
    ),
    (
        ("Acetic anhydride", None, None),
        ("Acetic anhydride", "Precursors", "1988 Convention Table I", False, False, None, True),
    ),
    (
        ("Sodium hydroxide", None, None),
        ("Other non-scheduled chemicals", "Precursors", "Non-scheduled chemicals", False, False, None, True),
    ),
    ((None, "Opioids", "Heroin"), ("Heroin", "Opioids", "Heroin", False, False, None, True)),
    (
        (None, None, None),
        ("Unspecified", "Unidentified or unclassified substances", "Unspecified", False, False, None, False),
    ),
    (
        ("   ", "bogus group", None),
        ("Unspecified", "Unidentified or unclassified substances", "Unspecified", False, False, None, False),
    ),
    (
        ("Leonotis leonurus", None, None),
        ("Other plant-based NPS", NPS_LABEL, "Plant-based NPS", False, False, None, True),
    ),
]


@pytest.mark.parametrize(("triple", "expected"), PINNED_TRIPLES, ids=[repr(t) for t, _ in PINNED_TRIPLES])
def test_pinned_classifications(triple: tuple[str | None, str | None, str | None], expected: tuple) -> None:
    found = classify_one(*triple)
    got = (found.substance, found.group, found.subgroup, found.is_plant_material, found.is_total, found.total_of)
    assert (*got, found.matched) == expected


def test_rule_tables_name_known_groups() -> None:
    keys = set(GROUPS)
    assert {row["group"] for row in read_rows("substance_patterns.csv")} <= keys
    assert {row["group"] for row in read_rows("substance_totals.csv")} - {""} <= keys
    assert set(GROUP_ALIASES.values()) <= keys | {ATS_INCLUDING_ECSTASY, SUBSTANCE_DECIDES}
    with pytest.raises(ValueError, match="unknown group 'opiates'"):
        _known_group("opiates", {"pattern": "opium"})


def test_near_duplicate_spellings_are_one_substance() -> None:
    from dashboard.substances import merged_spellings

    names = ["4-MA (4-Methylamphetamine)", "4-MA (4-methylamphetamine)", "4-MA (4-methylamphetamine)"]
    names += ["alpha-PHpP (PV8)", "Alpha-PHpP (PV8)", "Heroin", "Cocaine  base", "cocaine base"]
    mapping = merged_spellings(names)
    assert mapping == {
        "4-MA (4-Methylamphetamine)": "4-MA (4-methylamphetamine)",  # the more frequent spelling
        "alpha-PHpP (PV8)": "Alpha-PHpP (PV8)",  # a tie: the one with more capitals
        "cocaine base": "Cocaine  base",
    }
