"""The statistics rules for annual aggregates: which edition counts, and totals never added to their components.

* ``resolve_editions``: where several editions (UNODC World Drug Reports, a secretariat's own tables) cover the same
  country-year, only the newest edition that has any row for that country-year is kept. Editions revise earlier
  years; adding them would count a seizure twice. ODS/HFC figures form their own series (no UNODC edition covers
  them), so a drug edition never hides them and they never hide drug figures.
* ``apply_totals_rule`` / ``group_totals``: UNODC files hold reported totals beside their components (``Cocaine
  (total of the above ...)``, ``Total amphetamine-type stimulants ...``). Within one source, country and year, a
  total is used where its group or subgroup has one, the components otherwise; never both. A group total covers its
  whole group, a subgroup total its subgroup; several total rows for the same scope are summed (repeated keys are
  aggregated, never one picked). A total smaller than its own components (Afghanistan's cannabis total of 79,302 kg
  for 2018 against 177,538 kg of resin) cannot be the total of them: the larger of the two is used, and the importer
  flags the total ``total_below_components`` (``totals_below_components``). Plant material (coca leaf and bush,
  cannabis plants, poppy) is never covered by a total and is left out unless asked for.

* ``comment_flags``: UNODC's comment on a row ("Data for 2015 (2016 data not available)", "Financial year
  2015/16", "First 9 months", "Approximately") read into flags by the phrases of ``reference/comment_flags.csv``:
  ``carried_over``, ``estimate``, ``financial_year``, ``partial``. The comment itself is kept beside them.
* ``outlier_years``: a country-year that departs from the same country's other years by more than the factor of
  ``reference/outlier_rule.csv`` (the method is in ``docs/data-model.md``) is ``outlier_year``.

Both take and return lazy frames with the canonical annual columns (``dashboard.schema.ANNUAL_SCHEMA``).
"""

from __future__ import annotations

import polars as pl

from dashboard.reference import read_rows
from dashboard.schema import CLASS_ODS_HFC

VALUE_COLUMN = "kg"  # kilograms, summed; null when every row of the group has no kilogram figure
RECORDS_COLUMN = "records"  # rows the figure rests on


def resolve_editions(annual: pl.LazyFrame) -> pl.LazyFrame:
    """Only the rows of the newest edition that has any row for each (country_iso3, year)."""
    series = (pl.col("substance_class") == CLASS_ODS_HFC).fill_null(False)
    partition = [pl.col("country_iso3"), pl.col("year"), series]
    # A source without an edition year loses to any dated edition of the same country-year.
    edition = pl.col("edition_year").fill_null(-1)
    return annual.filter(edition == edition.max().over(partition))


def _partition(columns: list[str]) -> list[str]:
    source = [c for c in ("source_id", "edition_year") if c in columns][:1]
    return [*source, "country_iso3", "year"]


TOTAL_BELOW_COMPONENTS = "total_below_components"


def _kg_where(condition: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(pl.col("kg_equivalent")).otherwise(0.0).fill_null(0.0).sum()


def _scopes(columns: list[str]) -> dict[str, pl.Expr]:
    """Per row: which rows count at the subgroup level and at the group level, and whether each total is used.

    Subgroup level: a subgroup total where it is at least its components, else the components. Group level: the group
    total where it is at least what the subgroup level gives for the group, else the subgroup level."""
    partition = _partition(columns)
    is_total = pl.col("is_total").fill_null(False)
    plant = pl.col("is_plant_material").fill_null(False)
    group_total = is_total & (pl.col("total_of") == pl.col("substance_group")).fill_null(False)
    subgroup_total = is_total & ~group_total
    parts = ~is_total & ~plant
    in_subgroup = [*partition, "substance_group", "substance_subgroup"]
    in_group = [*partition, "substance_group"]
    subgroup_used = subgroup_total.any().over(in_subgroup) & (
        _kg_where(subgroup_total).over(in_subgroup) >= _kg_where(parts).over(in_subgroup)
    )
    subgroup_level = (subgroup_total & subgroup_used) | (parts & ~subgroup_used)
    group_used = group_total.any().over(in_group) & (
        _kg_where(group_total).over(in_group) >= _kg_where(subgroup_level).over(in_group)
    )
    return {
        "keep": (plant & ~is_total) | (group_total & group_used) | (subgroup_level & ~group_used),
        "below": (group_total & ~group_used) | (subgroup_total & ~subgroup_used & ~group_used),
    }


def apply_totals_rule(annual: pl.LazyFrame) -> pl.LazyFrame:
    """The rows that count: each total where it exists (and is not below its components), the components where it
    does not, plant material as is."""
    return annual.filter(_scopes(annual.collect_schema().names())["keep"])


def totals_below_components(annual: pl.DataFrame) -> pl.Series:
    """Per row: a total row smaller than its own components (the components are used instead)."""
    return annual.select(_scopes(annual.columns)["below"].fill_null(False).alias(TOTAL_BELOW_COMPONENTS)).to_series()


def group_totals(annual: pl.LazyFrame, by: list[str], *, include_plants: bool = False) -> pl.LazyFrame:
    """Kilograms by ``by`` without double counting totals and components; plant material only when asked.

    Columns: ``by``, ``kg`` (``VALUE_COLUMN``) and ``records`` (``RECORDS_COLUMN``). A group whose rows all lack a
    kilogram figure gets a null, not a zero: a reported 0 kg stays 0, no figure stays "no figure".
    """
    counted = apply_totals_rule(annual)
    if not include_plants:
        counted = counted.filter(~pl.col("is_plant_material").fill_null(False))
    kg = pl.col("kg_equivalent")
    # A cube's row stands for ``records`` rows (dashboard.cubes); a table's row for one.
    weighted = RECORDS_COLUMN in counted.collect_schema().names()
    rows = pl.col(RECORDS_COLUMN).sum() if weighted else pl.len()
    return (
        counted.group_by(by)
        .agg(
            pl.when(kg.count() > 0).then(kg.sum()).otherwise(None).alias(VALUE_COLUMN),
            rows.cast(pl.Int64).alias(RECORDS_COLUMN),
        )
        .sort(by)
    )


# ---- what a row's comment says about its figure ---------------------------------------------------------------------
COMMENT_PHRASES: tuple[tuple[str, str], ...] = tuple((r["flag"], r["pattern"]) for r in read_rows("comment_flags.csv"))
COMMENT_FLAGS: tuple[str, ...] = tuple(dict.fromkeys(flag for flag, _ in COMMENT_PHRASES))


def comment_flags(comment: pl.Expr) -> pl.Expr:
    """The flags a comment's phrases give (a list, each flag once, in the table's order; empty without a comment)."""
    hits = [
        pl.when(pl.any_horizontal(comment.str.contains(f"(?i){p}") for f, p in COMMENT_PHRASES if f == flag))
        .then(pl.lit(flag))
        .otherwise(None)
        for flag in COMMENT_FLAGS
    ]
    return pl.concat_list(hits).list.drop_nulls()


# ---- a year that departs from its own series ------------------------------------------------------------------------
OUTLIER_FLAG = "outlier_year"
_RULE = {row["parameter"]: float(row["value"]) for row in read_rows("outlier_rule.csv")}
OUTLIER_FACTOR = _RULE["factor"]  # a year more than this many times (or less than 1/this) the median of the others
OUTLIER_MIN_YEARS = int(_RULE["min_other_years"])  # other years with a figure the median needs
OUTLIER_MIN_KG = _RULE["min_kg"]  # below this on both sides, a jump is too small to matter
RING_SHARE = _RULE["ring_share"]  # the share of a sum its flagged country-years must make for the sum to be ringed


def outlier_years(per_year: pl.DataFrame, keys: list[str], value: str = "value") -> pl.DataFrame:
    """``per_year`` (one row per ``keys`` and ``year``) with ``outlier`` (bool) and ``typical`` (the median of the
    series' other years): a year whose figure is more than ``OUTLIER_FACTOR`` times that median, or less than its
    1/``OUTLIER_FACTOR``, where at least ``OUTLIER_MIN_YEARS`` other years have a figure and the larger side is at least
    ``OUTLIER_MIN_KG``. The median of the *other* years, so the year judged never sets its own yardstick."""
    frame = per_year.with_row_index("__i")
    figures = frame.filter(pl.col(value).is_not_null()).select("__i", *keys, "year", value)
    if figures.is_empty():
        return per_year.with_columns(pl.lit(False).alias("outlier"), pl.lit(None, pl.Float64).alias("typical"))
    others = (
        figures.join(figures.select(*keys, pl.col("year").alias("__y"), pl.col(value).alias("__v")), on=keys)
        .filter(pl.col("year") != pl.col("__y"))
        .group_by("__i")
        .agg(pl.col("__v").median().alias("typical"), pl.len().alias("__n"))
    )
    v, typical = pl.col(value), pl.col("typical")
    far = (v > typical * OUTLIER_FACTOR) | (v * OUTLIER_FACTOR < typical)
    large = pl.max_horizontal(v, typical) >= OUTLIER_MIN_KG
    flagged = (far & large & (pl.col("__n") >= OUTLIER_MIN_YEARS)).fill_null(False)
    return (
        frame.join(others, on="__i", how="left").with_columns(flagged.alias("outlier")).sort("__i").drop("__i", "__n")
    )
