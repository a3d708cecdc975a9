"""The substance vocabulary: canonical groups, subgroups and names, classes, plant material, units and kg factors.

Every importer maps what a file calls a substance onto one canonical hierarchy (group > subgroup > substance) so
that editions with different vocabularies (UNODC's ``ATS`` in 2012-2019, ``Amphetamine-type stimulants (excluding
"ecstasy")`` from 2018 on) chain into one series. The tables live as CSV files in ``dashboard/reference/`` so that
they can be read, reviewed and cited; the rules that use them live here. ``docs/data-model.md`` documents both.

Everything public is vectorised: callers pass whole Series or frames; each *distinct* value is classified once in
Python (a few hundred values at most) and the answer is joined back onto the rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import polars as pl

from dashboard.reference import REFERENCE_DIR as REFERENCE_DIR  # re-exported: tests find the tables here
from dashboard.reference import read_rows
from dashboard.schema import SUBSTANCE_CLASSES


# ---- groups ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    key: str
    label: str  # the value stored in ``substance_group``
    substance_class: str
    fallback_subgroup: str  # where a substance goes when its own subgroup belongs to another group
    # A substance of this group stays in it whatever group the file files it under (khat under plant-based NPS,
    # alcohol under other miscellaneous, "Other drugs/substances" anywhere): a lens must never add it up unasked.
    own_group: bool = False


ATS_INCLUDING_ECSTASY = "ats_including_ecstasy"
SUBSTANCE_DECIDES = "substance_decides"  # a catch-all group of the file: the substance's own group is used


def _groups() -> dict[str, Group]:
    """The canonical groups of ``substance_groups.csv``, in its order. Unmatched names land in ``other``."""
    groups = {}
    for row in read_rows("substance_groups.csv"):
        if row["substance_class"] not in SUBSTANCE_CLASSES:
            raise ValueError(f"substance_groups.csv: {row['group']} has unknown class {row['substance_class']!r}")
        groups[row["group"]] = Group(
            row["group"], row["label"], row["substance_class"], row["fallback_subgroup"], row["own_group"] == "true"
        )
    return groups


def _group_aliases() -> dict[str, str]:
    """What each edition calls its drug groups, normalised (see ``normalize_name``), mapped to a canonical group key
    (or to ``ATS_INCLUDING_ECSTASY`` / ``SUBSTANCE_DECIDES``); every group's own label names it too."""
    aliases = {}
    for row in read_rows("substance_group_aliases.csv"):
        if row["group"] not in GROUPS and row["group"] not in (ATS_INCLUDING_ECSTASY, SUBSTANCE_DECIDES):
            raise ValueError(f"substance_group_aliases.csv: {row['alias']!r} names unknown group {row['group']!r}")
        aliases[row["alias"]] = row["group"]
    for group in GROUPS.values():
        aliases.setdefault(group.label.lower(), group.key)
    return aliases


GROUPS: dict[str, Group] = _groups()
GROUP_OTHER = GROUPS["other"].label
GROUP_BY_LABEL = {g.label: g for g in GROUPS.values()}
REPORTED_TOTAL = "Reported total"  # subgroup of group-level total rows
GROUP_ALIASES: dict[str, str] = _group_aliases()


# ---- sources of the factors -------------------------------------------------------------------------------------
SOURCES: dict[str, str] = {
    "unodc_methodology": (
        "UNODC, World Drug Report 2021, Statistical Annex, 'Drug seizures 2015-2019', sheet Methodology "
        "(typical consumption unit weights; 1 kg per litre; 100 g per cannabis plant)"
    ),
    "unodc_ats_table": (
        "UNODC, World Drug Report 2021, 'Drug seizures 2015-2019', sheet Methodology, embedded table "
        "'Weight of tablets in milligrams' (ATS and ecstasy tablets by region)"
    ),
    "unodc_implied": (
        "factor implied by UNODC's own kilogram equivalents in 'Drug seizures 2015-2019' (WDR 2021): "
        "kilogram equivalent / amount as reported, the same for every row of the drug"
    ),
    "si": "SI and international definitions of the unit (1 lb = 0.45359237 kg, 1 US gal = 3.785411784 l, ...)",
    "unit_label": "the unit's own label (e.g. 'Block (350gr)', 'Bottles (100 ml)')",
    "montreal_handbook": (
        "UNEP Ozone Secretariat, Handbook for the Montreal Protocol on Substances that Deplete the Ozone Layer "
        "(2019), Annexes A, B, C, E and F: ozone-depleting potential and 100-year global-warming potential"
    ),
    "ashrae34": "ASHRAE Standard 34, refrigerant designations: composition of blends by mass",
    "convention_1988": (
        "United Nations Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances, 1988, "
        "Tables I and II as amended to 2022 (INCB Red List)"
    ),
}

# Weight of one counted unit (tablet, dose, blotter, ...) of a processed drug by canonical (group, subgroup), in
# milligrams, and the source key. UNODC converts every dose-like unit of a drug with the same factor; the 2015-2019
# workbook shows it row by row (e.g. 100 mg per capsule, tablet or dose of cocaine). ATS and ecstasy depend on the
# region and come from ATS_TABLET_MG. Plant material has its own table below. Groups or subgroups missing here have
# no documented factor: never invent one.
UNIT_WEIGHT_MG: dict[tuple[str, str], tuple[float, str]] = {
    ("cannabis", "Cannabis herb"): (500, "unodc_methodology"),
    ("cannabis", "Cannabis resin"): (135, "unodc_methodology"),
    ("cannabis", "Cannabis oil"): (300, "unodc_implied"),
    ("cocaine", "Cocaine"): (100, "unodc_methodology"),
    ("cocaine", "Other coca/cocaine-type"): (100, "unodc_implied"),
    ("opioids", "Heroin"): (30, "unodc_methodology"),
    ("opioids", "Morphine"): (100, "unodc_methodology"),
    ("opioids", "Opium"): (300, "unodc_methodology"),
    ("opioids", "Other illicit opiates"): (50, "unodc_implied"),
    ("opioids", "Other illicit opioids"): (25, "unodc_implied"),
    ("opioids", "Pharmaceutical opioids"): (50, "unodc_implied"),
    ("opioids", "Non-specified opioids"): (100, "unodc_implied"),
    ("hallucinogens", "LSD"): (0.05, "unodc_methodology"),
    ("hallucinogens", "Other hallucinogens"): (100, "unodc_implied"),
    ("hallucinogens", "Non-specified hallucinogens"): (100, "unodc_implied"),
    ("sedatives", "Benzodiazepines"): (10, "unodc_implied"),
    ("sedatives", "Barbiturates"): (10, "unodc_implied"),
    ("sedatives", "GHB/GBL"): (100, "unodc_implied"),
    ("sedatives", "Methaqualone"): (250, "unodc_implied"),
    ("sedatives", "Other sedatives and tranquillizers"): (10, "unodc_implied"),
    ("sedatives", "Non-specified sedatives and tranquillizers"): (10, "unodc_implied"),
    ("nps", "Ketamine and phencyclidine-type substances"): (25, "unodc_implied"),
    ("nps", "Synthetic cannabinoids"): (500, "unodc_implied"),
    ("nps", "Synthetic cathinones"): (20, "unodc_implied"),
    ("nps", "Phenethylamines"): (15, "unodc_implied"),
    ("nps", "Piperazines"): (100, "unodc_implied"),
    ("nps", "Plant-based NPS"): (500, "unodc_implied"),
    ("nps", "Tryptamines"): (0.05, "unodc_implied"),
    ("nps", "Other NPS"): (50, "unodc_implied"),
}
SUBSTANCE_UNIT_WEIGHT_MG: dict[str, tuple[float, str]] = {
    "Coca paste and cocaine base": (300, "unodc_implied"),
    "Psychotropic substances": (10, "unodc_implied"),
    "Other prescription medicines": (10, "unodc_implied"),
}

# Plant material counted rather than weighed, by canonical substance (or the cannabis subgroup of the same name).
# UNODC's methodology documents one weight for a counted plant: "Cannabis plants are assumed to have an average weight
# of 100 grams". Opium poppy plants and bushes, poppy straw, coca bushes and every other plant count have none, so
# they keep a null kg_equivalent (UNODC's own 2015-2019 table applies 100 g to poppy plants and 1 kg to coca bushes
# without documenting either: not taken over). A count in plants or bushes converts only for cannabis plants
# (PLANT_COUNT_SUBSTANCES); seeds and leaves counted one by one keep UNODC's implied weights. Any plant material
# missing here has no factor, whatever the group or subgroup would otherwise give.
PLANT_UNIT_WEIGHT_MG: dict[str, tuple[float, str]] = {
    "Cannabis plants": (100_000, "unodc_methodology"),  # per plant (and cutting, seedling, mother plant)
    "Cannabis seed": (10, "unodc_implied"),
    "Poppy seed": (1, "unodc_implied"),
    "Coca leaf": (10_000, "unodc_implied"),  # per leaf
}
PLANT_COUNT_SUBSTANCES = frozenset({"Cannabis plants"})

# UNODC's weights of ATS and ecstasy tablets, in mg, by the regions of its table (source: unodc_ats_table).
ATS_TABLET_REGIONS = (
    "Africa",
    "Asia (excluding Near and Middle East/South-West Asia)",
    "Europe",
    "Central and South America and Caribbean",
    "Near and Middle East/South-West Asia",
    "North America",
    "Oceania",
)
ATS_TABLET_MG: dict[str, tuple[float, ...]] = {
    # column of the table:            Afr  Asia  Eur  LatAm  NME  NAm  Oce
    "Ecstasy-type substances": (271, 300, 271, 271, 237, 250, 276),
    "Amphetamine": (250, 250, 253, 250, 170, 250, 250),
    "Methamphetamine": (250, 90, 225, 250, 250, 250, 250),
    "Prescription stimulants": (250, 250, 250, 250, 250, 250, 250),
    "Other stimulants": (250, 250, 250, 250, 250, 250, 250),
    "Non-specified ATS": (250, 250, 250, 250, 250, 250, 250),
}
# Without a region, the value most regions use (the modal column value) stands in.
ATS_TABLET_DEFAULT_MG = {"Ecstasy-type substances": 271, "Amphetamine": 250, "Methamphetamine": 250}


def ats_tablet_region(region: str | None, subregion: str | None = None) -> str | None:
    """The row of UNODC's tablet-weight table for a UNODC region/subregion (as the seizure files spell them)."""
    text = normalize_name(f"{region or ''} {subregion or ''}")
    if not text:
        return None
    if "near and middle east" in text or "south-west asia" in text:
        return ATS_TABLET_REGIONS[4]
    if "north america" in text or "northern america" in text:
        return ATS_TABLET_REGIONS[5]
    for needle, index in (("africa", 0), ("asia", 1), ("europe", 2), ("oceania", 6)):
        if needle in text:
            return ATS_TABLET_REGIONS[index]
    if any(n in text for n in ("america", "caribbean")):
        return ATS_TABLET_REGIONS[3]
    return None


# ---- name matching -----------------------------------------------------------------------------------------------
_QUOTES = re.compile(r"[\"'“”‘’`´]")
_DASHES = re.compile(r"[‐‑‒–—−]")
_SPACES = re.compile(r"\s+")


def normalize_name(text: str | None) -> str:
    """Lower case, no quotes, plain hyphens, commas as spaces, single spaces: how aliases are written and matched."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = _DASHES.sub("-", _QUOTES.sub("", text)).replace(",", " ")
    return _SPACES.sub(" ", text).strip()


def _compact(text: str) -> str:
    return re.sub(r"[\s\-_.]", "", text)


@dataclass(frozen=True)
class Entry:
    substance: str
    group: str  # key of GROUPS
    subgroup: str
    is_plant_material: bool = False
    convention_table: str | None = None  # precursors: "I" or "II"
    regex: bool = False  # matched by a pattern, not by name: the reported name is kept as the substance


_PRECURSOR_SUBGROUP = {"I": "1988 Convention Table I", "II": "1988 Convention Table II"}


def _precursor_subgroup(substance: str, table: str | None) -> str:
    if table:
        return _PRECURSOR_SUBGROUP[table]
    if substance in ("Non-specified precursors", "Other precursors"):
        return substance
    return "Non-scheduled chemicals"


def _ods_subgroup(name: str) -> str:
    prefix = name.split("-")[0].upper()
    return {"CFC": "CFCs", "HCFC": "HCFCs", "HFC": "HFCs", "HALON": "Halons"}.get(
        prefix, "Other ozone-depleting substances"
    )


def _blend_subgroup(components: list[tuple[str, float]]) -> str:
    prefixes = {c.split("-")[0].upper() for c, _ in components}
    if "CFC" in prefixes:
        return "Blends containing CFCs"
    if "HCFC" in prefixes:
        return "Blends containing HCFCs"
    return "HFC blends"


@cache
def _entries() -> tuple[dict[str, Entry], dict[str, Entry]]:
    """Exact and compact (no spaces or hyphens) alias indexes over every reference table."""
    exact: dict[str, Entry] = {}

    def add(names: list[str], entry: Entry) -> None:
        for name in names:
            key = normalize_name(name)
            if key:
                exact.setdefault(key, entry)

    for row in read_rows("substances.csv"):
        entry = Entry(row["substance"], row["group"], row["subgroup"], row["is_plant_material"] == "true")
        add([row["substance"], *row["aliases"].split("|")], entry)
    for row in read_rows("precursors.csv"):
        table = row["convention_table"] or None
        entry = Entry(
            row["substance"], "precursors", _precursor_subgroup(row["substance"], table), convention_table=table
        )
        add([row["substance"], *row["aliases"].split("|")], entry)
    for row in read_rows("ods_hfc.csv"):
        add(
            [row["substance"], *row["aliases"].split("|")],
            Entry(row["substance"], "ods_hfc", _ods_subgroup(row["substance"])),
        )
    for row in read_rows("refrigerant_blends.csv"):
        subgroup = _blend_subgroup(_components(row["components"]))
        add([row["blend"], *row["aliases"].split("|")], Entry(row["blend"], "ods_hfc", subgroup))
    compact: dict[str, Entry] = {}
    for key, entry in exact.items():
        compact.setdefault(_compact(key), entry)
    return exact, compact


# Patterns for the long tail of case-record names (hundreds of NPS and medicines), in
# ``reference/substance_patterns.csv``: the reported name is kept as the substance, only group, subgroup and the plant
# flag come from the pattern. Order matters: the first match wins (seeds come first).
@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
    rows = read_rows("substance_patterns.csv")
    return tuple(
        (re.compile(r["pattern"]), _known_group(r["group"], r), r["subgroup"], r["is_plant_material"] == "true")
        for r in rows
    )


# Total rows of the UNODC annual files, in ``reference/substance_totals.csv``: (pattern on the name, pattern on the
# subgroup, pattern on the file's group (a rule for one group only), group key, the subgroup it totals or "" for the
# whole group, canonical name). Found by reading every
# group/subgroup/name of the three files (docs/data-model.md lists them). An empty group: a total of a kind not seen
# in UNODC's files, whose group and name come from the row's own name.
@cache
def _totals() -> tuple[tuple[re.Pattern[str] | None, ...], ...]:
    def pattern(text: str) -> re.Pattern[str] | None:
        return re.compile(text) if text else None

    return tuple(
        (
            pattern(r["name_pattern"]),
            pattern(r["subgroup_pattern"]),
            pattern(r["group_pattern"]),
            _known_group(r["group"], r) if r["group"] else "",
            r["total_of_subgroup"],
            r["substance"],
        )
        for r in read_rows("substance_totals.csv")
    )


# ---- UNODC's standard series -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    """One of the series the World Drug Report publishes (cocaine, heroin, ...), defined on the canonical hierarchy."""

    key: str  # the value of ``ser=`` in the URL
    label: str
    group: str  # canonical group label
    subgroups: tuple[str, ...]  # canonical subgroups that make it; empty: every subgroup of the group
    substances: tuple[str, ...]  # canonical substances that make it; empty: every substance of the subgroups
    definition: str  # what it counts, as the World Drug Report's annex labels say

    def members(self) -> tuple[str, ...]:
        """The canonical substances of the series (for tables with no subgroup column, such as case records)."""
        if self.substances:
            return self.substances
        table = substance_table().filter(pl.col("substance_group") == self.group)
        if self.subgroups:
            table = table.filter(pl.col("substance_subgroup").is_in(list(self.subgroups)))
        return tuple(table.filter(~pl.col("is_plant_material"))["substance"].to_list())


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split("|") if part)


@cache
def standard_series() -> dict[str, Series]:
    """UNODC's standard series (``reference/standard_series.csv``), in the table's order."""
    return {
        r["key"]: Series(
            r["key"],
            r["label"],
            GROUPS[_known_group(r["group"], r)].label,
            _split(r["subgroups"]),
            _split(r["substances"]),
            r["definition"],
        )
        for r in read_rows("standard_series.csv")
    }


@cache
def series_subgroups() -> frozenset[str]:
    """The canonical subgroups the standard series are made of (a substance names its own subgroup)."""
    exact, _ = _entries()
    subgroup_of = {e.substance: e.subgroup for e in exact.values()}
    found: set[str] = set()
    for series in standard_series().values():
        found.update(series.subgroups or (subgroup_of[s] for s in series.substances))
    return frozenset(found)


def series_condition(keys: tuple[str, ...], columns: list[str]) -> pl.Expr:
    """Rows of any of the standard series ``keys``. A reported total counts where its subgroup or group is part of
    the series (the totals rule then uses it instead of its parts); a table without a subgroup column (case records)
    is matched on the series' substances."""
    condition = pl.lit(False)
    for key in keys:
        series = standard_series()[key]
        in_series = pl.col("substance_group") == series.group
        if "substance_subgroup" in columns:
            if series.subgroups:
                in_series &= pl.col("substance_subgroup").is_in(list(series.subgroups))
            if series.substances:
                in_series &= pl.col("substance").is_in(list(series.substances))
        else:
            in_series &= pl.col("substance").is_in(list(series.members()))
        condition |= in_series
    return condition


def series_label_expr(keys: tuple[str, ...], columns: list[str]) -> pl.Expr:
    """The label of the standard series (of ``keys``) each row belongs to; null for rows of none."""
    labels = pl.lit(None, pl.String)
    for key in reversed(keys):
        labels = pl.when(series_condition((key,), columns)).then(pl.lit(standard_series()[key].label)).otherwise(labels)
    return labels


def _known_group(key: str, row: dict[str, str]) -> str:
    if key not in GROUPS:
        raise ValueError(f"substance reference table: unknown group {key!r} in {row}")
    return key


def _match(name: str) -> Entry | None:
    key = normalize_name(name)
    if not key:
        return None
    exact, compact = _entries()
    hit = exact.get(key)
    if hit is None:
        # "(please specify)" and similar trailing qualifiers do not change the substance.
        trimmed = re.sub(r"\s*\((please specify|specify|n\.?f\.?d\.?)\)$", "", key)
        hit = exact.get(trimmed) or compact.get(_compact(trimmed))
    if hit is not None:
        return hit
    for pattern, group, subgroup, plant in _patterns():
        if pattern.search(key):
            return Entry(name.strip(), group, subgroup, is_plant_material=plant, regex=True)
    return None


def _total(name: str, subgroup: str, group_name: str = "") -> tuple[str, str, str] | None:
    """(group key, total_of subgroup or "" for the whole group, canonical name) when the row is a reported total.
    A rule with a group pattern applies only in a group of that name (the file's own)."""
    n, s, g = normalize_name(name), normalize_name(subgroup), normalize_name(group_name)
    for name_pattern, subgroup_pattern, group_pattern, group, scope_subgroup, canonical in _totals():
        if group_pattern and not group_pattern.search(g):
            continue
        if (name_pattern and name_pattern.search(n)) or (subgroup_pattern and subgroup_pattern.search(s)):
            if not group:  # a total of a kind not seen in UNODC's files: the group comes from the name
                group = GROUP_ALIASES.get(n.removeprefix("total ").split(" (")[0], "other")
                canonical = f"{GROUPS[group].label} (reported total)"
            return group, scope_subgroup, canonical
    return None


@dataclass(frozen=True)
class Classified:
    substance: str | None
    group: str
    subgroup: str
    is_plant_material: bool
    is_total: bool
    total_of: str | None
    matched: bool


# Cached: a streamed import meets the same few hundred names in every batch (the answer is immutable).
@lru_cache(maxsize=1 << 16)
def classify_one(name: str | None, group: str | None = None, subgroup: str | None = None) -> Classified:
    """Classify one (name, edition group, edition subgroup) triple. See ``classify_substances``.

    A reported total is recognised first. Otherwise the name and the subgroup are matched against the reference
    tables; the file's own group decides the canonical group (``_group_key``) and the best match of that group gives
    the subgroup.
    """
    name = name.strip() if isinstance(name, str) and name.strip() else None
    given = GROUP_ALIASES.get(normalize_name(group)) if group else None
    total = _total(name or "", subgroup or "", group or "")
    if total is not None:
        return _total_row(total, given)
    entry, sub_entry = _name_and_subgroup_entries(name, subgroup)
    key = _group_key(given, entry, sub_entry)
    substance, plant, matched = _substance_of(entry, sub_entry, name or subgroup or "Unspecified")
    return Classified(substance, GROUPS[key].label, _subgroup_of(key, entry, sub_entry), plant, False, None, matched)


def _total_row(total: tuple[str, str, str], given: str | None) -> Classified:
    """A reported total, in the file's own group when it names one, filed under the subgroup it totals."""
    key, scope_subgroup, canonical = total
    key = given if given in GROUPS else key
    label = GROUPS[key].label
    return Classified(canonical, label, scope_subgroup or REPORTED_TOTAL, False, True, scope_subgroup or label, True)


def _name_and_subgroup_entries(name: str | None, subgroup: str | None) -> tuple[Entry | None, Entry | None]:
    """The reference entries of the name and of the file's subgroup (a subgroup counts only when a table names it)."""
    entry = _match(name) if name else None
    sub_entry = _match(subgroup) if subgroup else None
    if sub_entry is not None and sub_entry.regex:
        sub_entry = None
    if sub_entry is not None and sub_entry.is_plant_material and (entry is None or not entry.is_plant_material):
        # The file files the row under plant material ("Cannabis plants: dried cannabis"): it stays plant material.
        entry = sub_entry
    elif (
        sub_entry is not None
        and entry is not None
        and sub_entry.subgroup in series_subgroups()
        and entry.group == sub_entry.group
        and entry.subgroup != sub_entry.subgroup
        and not entry.is_plant_material
    ):
        # Filed under a subgroup of one of UNODC's standard series ("Heroin: Monoacetylmorphine"): UNODC counts the
        # row in that series, whatever its free-text specifics say, so the row stays there.
        entry = sub_entry
    return entry, sub_entry


def _by_precedence(entry: Entry | None, sub_entry: Entry | None) -> tuple[Entry, ...]:
    """The entries in the order they decide: the name matched by a table, the subgroup, the name matched by a pattern.

    A name matched only by a pattern does not outrank the file's own subgroup ("Non-specified: Poppy/cannabis seeds"
    stays unspecified rather than becoming cannabis)."""
    ranked = (entry if entry is not None and not entry.regex else None, sub_entry, entry)
    return tuple(e for e in ranked if e is not None)


def _group_key(given: str | None, entry: Entry | None, sub_entry: Entry | None) -> str:
    """The canonical group: a group of its own (``Group.own_group``) when the best entry has one, else the file's
    own (UNODC's old ATS split by its ecstasy rows), else the best entry's."""
    best = next(iter(_by_precedence(entry, sub_entry)), None)
    if best is not None and GROUPS[best.group].own_group:
        return best.group
    if given == ATS_INCLUDING_ECSTASY:
        deciding = sub_entry or entry
        return "ecstasy" if deciding is not None and deciding.group == "ecstasy" else "ats"
    if given is not None and given != SUBSTANCE_DECIDES:
        return given
    return next((e.group for e in _by_precedence(entry, sub_entry) if e.group), "other")


def _subgroup_of(key: str, entry: Entry | None, sub_entry: Entry | None) -> str:
    """The subgroup of the best entry in the canonical group, else the group's fallback subgroup."""
    return next((e.subgroup for e in _by_precedence(entry, sub_entry) if e.group == key), GROUPS[key].fallback_subgroup)


def _substance_of(entry: Entry | None, sub_entry: Entry | None, unmatched: str) -> tuple[str, bool, bool]:
    """(canonical substance, plant material, matched by a table); an unmatched name is kept as reported."""
    if entry is not None:
        return entry.substance, entry.is_plant_material, not entry.regex
    if sub_entry is not None:
        return sub_entry.substance, sub_entry.is_plant_material, True
    return unmatched, False, False


CLASSIFY_SCHEMA: dict[str, pl.DataType] = {
    "substance_as_reported": pl.String(),
    "substance": pl.String(),
    "substance_group": pl.String(),
    "substance_subgroup": pl.String(),
    "substance_class": pl.String(),
    "is_plant_material": pl.Boolean(),
    "is_total": pl.Boolean(),
    "total_of": pl.String(),
    "substance_matched": pl.Boolean(),  # false: name unknown, kept as reported (group from the file or "Other")
}


def classify_substances(
    names: pl.Series, groups: pl.Series | None = None, subgroups: pl.Series | None = None
) -> pl.DataFrame:
    """Canonical substance, group, subgroup, class and flags for each name, row for row (same length and order).

    ``groups``: the file's own drug group of each row, when it has one; it decides the canonical group so that a
    file's totals stay coherent with their components (UNODC 2018-2022 puts mephedrone under ATS, 2015-2019 under
    NPS). ``subgroups``: the file's subgroup-level name (UNODC's ``Drug`` or ``DrugSubGroup``), used when the name
    itself is unknown or a free-text specific. Unknown names are never dropped: they keep their reported name and
    fall into the file's group, or ``Unidentified or unclassified substances``.
    """
    n = len(names)
    frame = pl.DataFrame(
        {
            "__name": names.cast(pl.String),
            "__group": groups.cast(pl.String) if groups is not None else pl.Series([None] * n, dtype=pl.String),
            "__subgroup": subgroups.cast(pl.String)
            if subgroups is not None
            else pl.Series([None] * n, dtype=pl.String),
        }
    )
    distinct = frame.unique(maintain_order=True)
    results = [classify_one(*row) for row in distinct.iter_rows()]
    lookup = distinct.with_columns(
        pl.Series("substance", [r.substance for r in results], dtype=pl.String),
        pl.Series("substance_group", [r.group for r in results], dtype=pl.String),
        pl.Series("substance_subgroup", [r.subgroup for r in results], dtype=pl.String),
        pl.Series("substance_class", [GROUP_BY_LABEL[r.group].substance_class for r in results], dtype=pl.String),
        pl.Series("is_plant_material", [r.is_plant_material for r in results], dtype=pl.Boolean),
        pl.Series("is_total", [r.is_total for r in results], dtype=pl.Boolean),
        pl.Series("total_of", [r.total_of for r in results], dtype=pl.String),
        pl.Series("substance_matched", [r.matched for r in results], dtype=pl.Boolean),
    )
    joined = frame.join(
        lookup, on=["__name", "__group", "__subgroup"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.rename({"__name": "substance_as_reported"}).select(list(CLASSIFY_SCHEMA))


def substance_table() -> pl.DataFrame:
    """Every canonical substance with its group, subgroup, class, plant flag and precursor table, for docs and UI."""
    exact, _ = _entries()
    seen: dict[str, Entry] = {}
    for entry in exact.values():
        seen.setdefault(entry.substance, entry)
    rows = [
        {
            "substance": e.substance,
            "substance_group": GROUPS[e.group].label,
            "substance_subgroup": e.subgroup,
            "substance_class": GROUPS[e.group].substance_class,
            "is_plant_material": e.is_plant_material,
            "convention_table": e.convention_table,
        }
        for e in seen.values()
    ]
    schema = {
        "substance": pl.String,
        "substance_group": pl.String,
        "substance_subgroup": pl.String,
        "substance_class": pl.String,
        "is_plant_material": pl.Boolean,
        "convention_table": pl.String,
    }
    return pl.DataFrame(rows, schema=schema).sort(
        "substance_class", "substance_group", "substance_subgroup", "substance"
    )


def precursor_table() -> pl.DataFrame:
    """Precursors with the table of the 1988 Convention they are listed in (null: not scheduled)."""
    rows = read_rows("precursors.csv")
    return pl.DataFrame(
        {
            "substance": [r["substance"] for r in rows],
            "convention_table": [r["convention_table"] or None for r in rows],
            "note": [r["note"] for r in rows],
            "source": [SOURCES["convention_1988"]] * len(rows),
        },
        schema={"substance": pl.String, "convention_table": pl.String, "note": pl.String, "source": pl.String},
    )


# ---- ODS and HFCs ------------------------------------------------------------------------------------------------
def _components(text: str) -> list[tuple[str, float]]:
    parts = [p.split(":") for p in text.split("|") if p]
    return [(name, float(share)) for name, share in parts]


@cache
def _ods_properties() -> pl.DataFrame:
    pure = read_rows("ods_hfc.csv")
    values = {r["substance"]: (float(r["odp"]), float(r["gwp100"]) if r["gwp100"] else None) for r in pure}
    rows = [
        {
            "substance": r["substance"],
            "kind": "pure",
            "annex": f"Annex {r['annex']}, Group {r['group']}",
            "formula": r["formula"],
            "odp": values[r["substance"]][0],
            "gwp100": values[r["substance"]][1],
            "composition": None,
            "source": SOURCES["montreal_handbook"],
        }
        for r in pure
    ]
    for r in read_rows("refrigerant_blends.csv"):
        components = _components(r["components"])
        if abs(sum(share for _, share in components) - 1) > 1e-9:
            raise ValueError(f"blend {r['blend']}: mass fractions do not add up to 1")
        odp = sum(share * values[name][0] for name, share in components)
        gwps = [values[name][1] for name, _ in components]
        # A blend's GWP is the mass-weighted sum of its components'; unknown when one component has none listed.
        gwp = None if any(g is None for g in gwps) else sum(s * g for (_, s), g in zip(components, gwps, strict=True))
        rows.append(
            {
                "substance": r["blend"],
                "kind": "blend",
                "annex": None,
                "formula": None,
                "odp": round(odp, 6),
                "gwp100": round(gwp, 3) if gwp is not None else None,
                "composition": " + ".join(f"{share:.1%} {name}" for name, share in components),
                "source": f"{SOURCES['ashrae34']}; component values: {SOURCES['montreal_handbook']}",
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "substance": pl.String,
            "kind": pl.String,
            "annex": pl.String,
            "formula": pl.String,
            "odp": pl.Float64,
            "gwp100": pl.Float64,
            "composition": pl.String,
            "source": pl.String,
        },
    )


def ods_properties() -> pl.DataFrame:
    """ODP and 100-year GWP per kg of each controlled substance and blend (substance, odp, gwp100, source, ...).

    ODP tonnes = kg x odp / 1000; CO2-equivalent tonnes = kg x gwp100 / 1000. HFCs have ODP 0; halons, carbon
    tetrachloride and a few others have no GWP in the Handbook's table, so theirs is null (never a guessed value).
    """
    return _ods_properties().clone()


# ---- units and kilograms -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    code: str
    kind: str  # mass, volume, dose, plant, count, area
    base: str  # kg for mass and volume; the counted unit otherwise
    factor: float  # kg per unit (mass, volume) or counted units per unit (e.g. 1000 for "thousand tablets")
    label: str


@cache
def _units() -> dict[str, Unit]:
    index: dict[str, Unit] = {}
    for row in read_rows("units.csv"):
        unit = Unit(row["unit"], row["kind"], row["base_unit"], float(row["factor"]), row["label"])
        for alias in [row["unit"], *row["aliases"].split("|")]:
            index.setdefault(normalize_name(alias), unit)
    return index


def unit_info(text: str | None) -> Unit | None:
    """The canonical unit for a unit as written (``Kilogram``, ``gr``, ``Blotting paper``, ``R-410A`` is not one)."""
    key = normalize_name(text)
    if not key:
        return None
    units = _units()
    return units.get(key) or units.get(key.rstrip("s")) or units.get(re.sub(r"\s*\(.*\)$", "", key))


def canonical_unit(units: pl.Series) -> pl.Series:
    """Canonical unit codes (kg, g, l, ml, tablet, plant, ...) for each unit as written; null when unknown."""
    distinct = units.cast(pl.String).unique()
    mapping = {u: (info.code if (info := unit_info(u)) else None) for u in distinct.to_list() if u is not None}
    return units.cast(pl.String).replace_strict(mapping, default=None, return_dtype=pl.String).alias(units.name)


def unit_table() -> pl.DataFrame:
    """Every canonical unit with its kind and factor, for docs and the template's allowed values."""
    rows = read_rows("units.csv")
    return pl.DataFrame(
        {
            "unit": [r["unit"] for r in rows],
            "kind": [r["kind"] for r in rows],
            "label": [r["label"] for r in rows],
            "factor": [float(r["factor"]) for r in rows],
            "base_unit": [r["base_unit"] for r in rows],
            "aliases": [r["aliases"] for r in rows],
        }
    )


_MASS_SOURCE = {"block_350g": "unit_label", "g_100": "unit_label", "paper_0.1g": "unit_label"}
_VOLUME_SOURCE = {"bottle_100ml": "unit_label", "bottle_5ml": "unit_label"}


def _unit_weight(classified: Classified, region: str | None) -> tuple[float, str] | None:
    """kg per counted unit of a substance and the phrase saying where the factor comes from."""
    group = GROUP_BY_LABEL[classified.group].key
    if classified.is_plant_material:
        # Plant material converts only with its own documented weights, never with its group's dose factors.
        key = classified.substance or ""
        if key not in PLANT_UNIT_WEIGHT_MG and group == "cannabis":
            key = classified.subgroup  # a cannabis plant or seed under another name ("Marijuana seeds")
        if key not in PLANT_UNIT_WEIGHT_MG:
            return None
        mg, source = PLANT_UNIT_WEIGHT_MG[key]
        return mg / 1e6, f"{_fmt_mg(mg)} per unit of {key} ({_short(source)})"
    if classified.substance in SUBSTANCE_UNIT_WEIGHT_MG:
        mg, source = SUBSTANCE_UNIT_WEIGHT_MG[classified.substance]
        return mg / 1e6, f"{_fmt_mg(mg)} per unit of {classified.substance} ({_short(source)})"
    if group in {"ats", "ecstasy"}:
        column = "Ecstasy-type substances" if group == "ecstasy" else classified.subgroup
        if column not in ATS_TABLET_MG:
            return None
        row = ats_tablet_region(region) if region else None
        if row is not None:
            mg = ATS_TABLET_MG[column][ATS_TABLET_REGIONS.index(row)]
            where = row
        else:
            mg = ATS_TABLET_DEFAULT_MG.get(column, 250)
            where = "no region given: modal value across regions"
        return mg / 1e6, f"{_fmt_mg(mg)} per tablet of {column} ({where}; {_short('unodc_ats_table')})"
    hit = UNIT_WEIGHT_MG.get((group, classified.subgroup))
    if hit is None:
        return None
    mg, source = hit
    return mg / 1e6, f"{_fmt_mg(mg)} per unit of {classified.subgroup} ({_short(source)})"


def _is_plant_count_convertible(classified: Classified) -> bool:
    """Whether a count in plants or bushes of this substance has a documented weight (cannabis plants only)."""
    return classified.substance in PLANT_COUNT_SUBSTANCES or (
        GROUP_BY_LABEL[classified.group].key == "cannabis" and classified.subgroup in PLANT_COUNT_SUBSTANCES
    )


def _fmt_mg(mg: float) -> str:
    if mg >= 1_000_000:
        return f"{mg / 1e6:g} kg"
    if mg >= 1000:
        return f"{mg / 1000:g} g"
    return f"{mg:g} mg"


def _short(source: str) -> str:
    return {
        "unodc_methodology": "UNODC WDR 2021 methodology",
        "unodc_ats_table": "UNODC WDR 2021 tablet-weight table",
        "unodc_implied": "implied by UNODC WDR 2021 kg equivalents",
        "unit_label": "the unit's label",
        "si": "unit definition",
    }[source]


@lru_cache(maxsize=1 << 16)  # one answer per distinct combination, met again in every batch of a large file
def _conversion(
    unit_raw: str | None,
    substance: str | None,
    region: str | None,
    group: str | None = None,
    subgroup: str | None = None,
) -> tuple[float | None, str, str | None]:
    """(kg per unit as reported or None, kg_method, canonical unit) for one distinct combination."""
    info = unit_info(unit_raw)
    if unit_raw is None or not str(unit_raw).strip():
        return None, "not convertible: no unit given", None
    if info is None:
        return None, f"not convertible: unknown unit '{unit_raw}'", None
    if info.kind == "mass":
        if info.code == "kg":
            return 1.0, "reported in kilograms", info.code
        source = _short(_MASS_SOURCE.get(info.code, "si"))
        return info.factor, f"{info.label} x {info.factor:g} kg ({source})", info.code
    if info.kind == "volume":
        source = _short(_VOLUME_SOURCE.get(info.code, "si"))
        litres = info.factor
        return litres, f"{info.label} = {litres:g} l x 1 kg per litre (UNODC convention; {source})", info.code
    if info.kind in {"dose", "plant"}:
        classified = classify_one(substance)
        if group in GROUP_BY_LABEL and subgroup:
            # The file's own placement decides the factor (mushrooms under plant-based NPS: 500 mg, not 100 mg).
            classified = Classified(substance, group, subgroup, classified.is_plant_material, False, None, True)
        if info.kind == "plant" and not _is_plant_count_convertible(classified):
            # A count of plants or bushes: UNODC documents a weight per plant for cannabis plants only.
            counted = "bushes" if info.code == "bush" else "plants"
            what = substance or "an unnamed substance"
            why = "UNODC's 100 g per plant is for cannabis plants only"
            return None, f"not convertible: a count of {counted} of {what} has no kg equivalent ({why})", info.code
        weight = _unit_weight(classified, region) if substance else None
        if weight is None:
            what = substance or "an unnamed substance"
            return None, f"not convertible: no documented weight per {info.base} of {what}", info.code
        kg, phrase = weight
        multiplier = f"{info.factor:g} x " if info.factor != 1 else ""
        return kg * info.factor, f"{info.label}: {multiplier}{phrase}", info.code
    return None, f"not convertible: no documented weight per {info.label}", info.code


def to_kg(
    frame: pl.DataFrame,
    amount_col: str,
    unit_col: str,
    substance_col: str,
    *,
    region_col: str | None = None,
    group_col: str | None = None,
    subgroup_col: str | None = None,
) -> pl.DataFrame:
    """``frame`` with ``kg_equivalent``, ``kg_method`` and canonical ``unit`` added, row for row.

    Mass units convert exactly, volumes at UNODC's 1 kg per litre, counted units (tablets, doses, blotters,
    seeds, ...) with UNODC's documented weight per unit of the substance; counts of plants or bushes only for cannabis
    plants (100 g each), never for poppy, coca or other plants; ATS and ecstasy tablets by region when
    ``region_col`` (a UNODC region or subregion) is given. ``group_col`` and ``subgroup_col`` (canonical labels, as
    ``classify_substances`` gives them) pick the factor of the file's own placement of the substance. Anything
    else gets a null ``kg_equivalent`` and a ``kg_method`` saying why: a missing factor is never guessed.
    """

    def optional(column: str | None) -> pl.Expr:
        return pl.col(column).cast(pl.String) if column else pl.lit(None, dtype=pl.String)

    keys = frame.select(
        pl.col(unit_col).cast(pl.String).alias("__u"),
        pl.col(substance_col).cast(pl.String).alias("__s"),
        optional(region_col).alias("__r"),
        optional(group_col).alias("__g"),
        optional(subgroup_col).alias("__sg"),
    )
    distinct = keys.unique(maintain_order=True)
    answers = [_conversion(*row) for row in distinct.iter_rows()]
    lookup = distinct.with_columns(
        pl.Series("__factor", [a[0] for a in answers], dtype=pl.Float64),
        pl.Series("__method", [a[1] for a in answers], dtype=pl.String),
        pl.Series("__unit", [a[2] for a in answers], dtype=pl.String),
    )
    joined = keys.join(
        lookup, on=["__u", "__s", "__r", "__g", "__sg"], how="left", nulls_equal=True, maintain_order="left"
    )
    amount = frame[amount_col].cast(pl.Float64)
    kg = amount * joined["__factor"]
    method = pl.select(
        pl.when(amount.is_null())
        .then(pl.lit("not convertible: no amount"))
        .otherwise(pl.lit(joined["__method"]))
        .alias("kg_method")
    ).to_series()
    return frame.with_columns(
        kg.alias("kg_equivalent"),
        method.alias("kg_method"),
        joined["__unit"].alias("unit"),
    )


def spelling_key(name: str) -> str:
    """Names that differ only in letter case or spacing are one substance: "4-MA (4-Methylamphetamine)" and
    "4-MA (4-methylamphetamine)" (two editions of UNODC's tables spell it both ways)."""
    return " ".join(name.casefold().split())


def merged_spellings(names: list[str | None] | dict[str, int]) -> dict[str, str]:
    """Each spelling that has a near-duplicate -> the one spelling kept: the most frequent in ``names`` (a list, or
    each name with its count), then the one with the more capitals (a name's own capitalisation, "PHpP"), then the
    first in sort order. Only names that need rewriting are in the mapping."""
    counts: dict[str, int] = {}
    for name, count in names.items() if isinstance(names, dict) else ((n, 1) for n in names):
        if name:
            counts[name] = counts.get(name, 0) + count
    variants: dict[str, list[str]] = {}
    for name in counts:
        variants.setdefault(spelling_key(name), []).append(name)
    mapping: dict[str, str] = {}
    for spellings in variants.values():
        if len(spellings) < 2:
            continue
        kept = sorted(spellings, key=lambda s: (-counts[s], -sum(c.isupper() for c in s), s))[0]
        mapping.update({s: kept for s in spellings if s != kept})
    return mapping


# ---- names in the interface's other languages -------------------------------------------------------------------
@cache
def _translations(lang: str) -> dict[str, str]:
    """Group and substance names in ``lang``, from the reviewed table ``reference/substance_names.csv`` (its
    ``basis`` column says where each comes from: INN, INCB, UNODC, UNEP or the project's own translation)."""
    names = {row["name"]: row["translation"] for row in read_rows("substance_names.csv") if row["lang"] == lang}
    # UN M49 regions and subregions, the other vocabulary a filter and a chart show (reference/region_names.csv).
    regions = {row["name"]: row["translation"] for row in read_rows("region_names.csv") if row["lang"] == lang}
    return {**regions, **names}


def localised_name(name: str, lang: str) -> str:
    """A substance group's, substance's or UN M49 region's name in ``lang``; the name itself (English, or as the data
    has it) when the table has none."""
    return _translations(lang).get(name, name) if lang != "en" else name
