"""Pure Polars aggregations the pages use: a dataset and a view state in, small frames out.

Rules that keep the statistics honest live here and in ``dashboard.annual_rules``: totals are never added to their
components, plant material stays apart unless asked for, not-reported is a null (never a zero), and every measure says
how many records it rests on.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import polars as pl

from dashboard import annual_rules, disclosure, text
from dashboard.countries import (
    SPECIAL_CODES,
    UNODC_LEVELS,
    area_expr,
    area_members,
    countries_frame,
    country_names,
    name_order,
    subarea_expr,
)
from dashboard.cubes import RECORDS
from dashboard.data import Dataset, per_view
from dashboard.i18n import N_, _
from dashboard.measures import CASE_ONLY as CASE_MEASURES
from dashboard.measures import MEASURES
from dashboard.state import CASE_ONLY_FILTERS, FILTER_PARAMS, ViewState, Vocabulary, measure_scope
from dashboard.substances import series_condition, series_label_expr

_CASE_FILTERS = tuple((p.attribute, p.column) for p in FILTER_PARAMS if "cases" in p.tables)
_ANNUAL_FILTERS = tuple((p.attribute, p.column) for p in FILTER_PARAMS if "annual" in p.tables)


SUSPECT_FLAG = "check_amount"  # a case record whose amount is unlikely for its conveyance (see unodc_cases)


CELL_RECORDS = "__records"  # the case records an aggregate cell rests on, while small cells are found


def public_cells(frame: pl.DataFrame, dataset: Dataset, dimensions: list[str], values: list[str]) -> pl.DataFrame:
    """Case-record aggregates as a public view may show them: in a public dataset, cells resting on too few records
    (and those a total would give away) get ``suppressed`` true and empty ``values`` (``dashboard.disclosure``);
    elsewhere the frame as it is. Either way without the ``CELL_RECORDS`` column."""
    if not dataset.public or CELL_RECORDS not in frame.columns:
        return frame.drop(CELL_RECORDS, strict=False)
    flagged = disclosure.suppressed_cells(frame, count=CELL_RECORDS, dimensions=dimensions)
    return disclosure.hide(flagged, values).drop(CELL_RECORDS)


def _n() -> pl.Expr:
    """How many records: queries read cubes, whose rows each stand for ``records`` records."""
    return pl.col(RECORDS).sum()


def uses_cases(state: ViewState) -> bool:
    """Counting seizures, ODP and CO2e need case records, and so do filters on how a seizure was made (annual
    reports have no conveyance or channel); otherwise kilograms may come from either table."""
    if any(getattr(state, name) for name in CASE_ONLY_FILTERS):
        return True
    return state.measure in CASE_MEASURES or state.dataset == "cases"


@per_view
def view_years(dataset: Dataset, state: ViewState, *, cases: bool | None = None) -> tuple[int, int]:
    """The years a view really covers: the chosen range cut to the years the table it reads has (case records may
    span far fewer years than the annual reports)."""
    first, last = state.years(dataset.vocabulary)
    table = dataset.case_cube if (uses_cases(state) if cases is None else cases) else dataset.annual
    if table.is_empty():
        return first, last
    low, high = table["year"].min(), table["year"].max()
    return (max(first, int(low)), min(last, int(high))) if low <= last and high >= first else (first, last)


CONCENTRATION_WARNING = 0.4  # above this share of records from one country, a case-record series mostly shows it


@per_view
def skew_note(dataset: Dataset, state: ViewState) -> str | None:
    """A warning when case records in view come mostly from one country: such a series shows that country's
    reporting (and enforcement) as much as trafficking."""
    if not uses_cases(state):
        return None
    counts = (
        filter_cases(dataset, state).group_by("country_iso3").agg(_n().alias("n")).sort("n", descending=True)
    ).collect()
    total = counts["n"].sum() if counts.height else 0
    if not total or counts["n"][0] / total <= CONCENTRATION_WARNING:
        return None
    from dashboard.countries import country_name

    share = counts["n"][0] / total * 100
    return _(
        "{share} of these case records come from {country}: the series shows that country's reporting and "
        "enforcement as much as trafficking. Jumps between years can be changes in reporting."
    ).format(share=text.percent(share, decimals=0), country=country_name(counts["country_iso3"][0]))


def mixed_classes_warning(state: ViewState, vocabulary: Vocabulary) -> str | None:
    """Kilograms of drugs, precursor chemicals and refrigerants added together mean little: say so when a view does."""
    if state.measure != "kg":
        return None
    chosen = set(state.classes or vocabulary.classes) & set(vocabulary.classes)
    if len(chosen) < 2:
        return None
    return _(
        "This view adds up kilograms of different classes of substances (for example precursor chemicals, which are "
        "seized by the tonne, and drugs). Choose one substance class in the sidebar to compare like with like."
    )


@per_view
def source_of(dataset: Dataset, state: ViewState, *, cases: bool | None = None) -> str:
    """The citation of the sources a view's figures come from: only the editions (or case-record releases) whose rows
    are in the view once the edition rule and the filters have applied."""
    cases = uses_cases(state) if cases is None else cases
    rows = filter_cases(dataset, state) if cases else filter_annual(dataset, state)
    used = rows.select(pl.col("source_id").unique()).collect()["source_id"].to_list()
    return dataset.citation_for(cases=cases, source_ids=used)


@per_view
def suspect_left_out(dataset: Dataset, state: ViewState) -> int:
    """Case records in the view flagged ``check_amount`` that are left out (none when the view includes them)."""
    if state.include_suspect:
        return 0
    every = filter_cases(dataset, state.with_(include_suspect=True))
    return int(every.select(pl.col(RECORDS).filter(_suspect()).sum()).collect().item() or 0)


def _suspect() -> pl.Expr:
    return pl.col("quality_flags").fill_null("").str.contains(SUSPECT_FLAG, literal=True)


def unit(state: ViewState) -> str:
    return MEASURES[state.measure].unit


def measure_label(state: ViewState, *, in_title: bool = False) -> str:
    """The measure of the view in words, with where its kilograms come from; ``in_title``: without its unit, for a
    chart title that gives the unit after it (``figures.style.finish``), so that it is not said twice."""
    chosen = MEASURES[state.measure]
    label = _(chosen.title if in_title else chosen.label)
    if state.measure == "kg":
        label = (
            _("{measure}, from case records") if uses_cases(state) else _("{measure}, from annual reports")
        ).format(measure=label)
    return label


def region_members(regions: tuple[str, ...]) -> list[str]:
    return countries_frame().filter(pl.col("region").is_in(list(regions)))["iso3"].to_list()


def _apply_filters(lf: pl.LazyFrame, state: ViewState, vocabulary: Vocabulary, filters) -> pl.LazyFrame:
    first, last = state.years(vocabulary)
    lf = lf.filter(pl.col("year").is_between(first, last))
    for attribute, column in filters:
        values = getattr(state, attribute)
        if values:
            lf = lf.filter(pl.col(column).is_in(list(values)))
    if state.series:
        lf = lf.filter(series_condition(state.series, lf.collect_schema().names()))
    if state.regions:
        lf = lf.filter(pl.col("country_iso3").is_in(region_members(state.regions)))
    if state.subregions:
        lf = lf.filter(pl.col("country_iso3").is_in(area_members(state.subregions)))
    if not state.include_plants:
        lf = lf.filter(~pl.col("is_plant_material").fill_null(False))
    return lf


CLIMATE_ONLY = N_(
    "Ozone-depleting potential and CO2 equivalent apply only to ozone-depleting substances and HFC refrigerants, "
    "and the loaded data has no seizure of them in this view. Import them with the project's template "
    "(docs/import-template.md), or choose another measure."
)


def empty_reason(state: ViewState) -> str | None:
    """Why a view may have no figure at all, beyond "nothing matches the filters"."""
    return _(CLIMATE_ONLY) if MEASURES[state.measure].only_class else None


def filter_cases(
    dataset: Dataset, state: ViewState, *, ignore: tuple[str, ...] = (), records: bool = False
) -> pl.LazyFrame:
    """The case cube's rows in view (column ``records``: how many records each stands for); with ``records``, the
    case records themselves, lazily, for a drill-down that lists them."""
    filters = tuple(f for f in _CASE_FILTERS if f[0] not in ignore)
    state = measure_scope(state)
    rows = dataset.cases.lazy() if records else dataset.case_rows()
    lf = _apply_filters(rows, state, dataset.vocabulary, filters)
    if not state.include_suspect:
        lf = lf.filter(~_suspect())
    if MEASURES[state.measure].only_class == "ods_hfc":
        lf = with_climate_impact(lf)
    return lf


def filter_annual(dataset: Dataset, state: ViewState, *, records: bool = False) -> pl.LazyFrame:
    """Annual rows after the edition rule (newest edition per country-year) and the view's filters: the annual
    cube's (column ``records``), or with ``records`` the rows themselves, for a drill-down that lists them."""
    resolved = annual_rules.resolve_editions(dataset.annual.lazy() if records else dataset.annual_rows())
    return _apply_filters(resolved, state, dataset.vocabulary, _ANNUAL_FILTERS)


def with_climate_impact(lf: pl.LazyFrame) -> pl.LazyFrame:
    from dashboard.substances import ods_properties

    props = ods_properties().lazy().select("substance", "odp", "gwp100")
    return lf.join(props, on="substance", how="left").with_columns(
        (pl.col("kg_equivalent") * pl.col("odp") / 1000).alias("odp_t"),
        (pl.col("kg_equivalent") * pl.col("gwp100") / 1000).alias("co2e_t"),
    )


def case_measure(measure: str) -> pl.Expr:
    column = MEASURES[measure].case_column
    if column is None:
        return _n().alias("value")
    # A sum of nothing is "no figure", not zero.
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum()).otherwise(None).alias("value")


def _sum_or_null(column: str) -> pl.Expr:
    """A sum of nothing but missing figures is "not reported", never zero."""
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum()).otherwise(None).alias(column)


def annual_kg(lf: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """Kilograms by ``by`` without adding totals to their components; column ``value``."""
    # Plant material was already kept or dropped by the view's filter, so the rule must not drop it again.
    return annual_rules.group_totals(lf, by, include_plants=True).rename({annual_rules.VALUE_COLUMN: "value"})


def group_label(state: ViewState, columns: list[str], present: pl.DataFrame | None = None) -> pl.Expr:
    """What a group-level line counts, in words: the standard series it is (``ser=``), or the group with the
    substances a filter keeps ("Opioids: Heroin only"), or the group itself. ``present``: the (group, substance)
    pairs in view, to name a filter's substances under their group."""
    if state.series:
        return series_label_expr(state.series, columns)
    if state.substances and present is not None:
        chosen = present.filter(pl.col("substance").is_in(list(state.substances)))
        names = chosen.group_by("substance_group").agg(pl.col("substance").unique().sort())
        labels = {group: text.group_with_substances(group, subs) for group, subs in names.iter_rows()}
        return pl.col("substance_group").replace(labels)
    return pl.col("substance_group")


def _series_column(state: ViewState, label: pl.Expr) -> pl.Expr:
    return {
        "group": label,
        "substance": pl.col("substance"),
        "region": pl.col("region"),
        "subregion": subarea_expr(),
        "unodc_region": area_expr("unodc_region"),
        "unodc_subregion": area_expr("unodc_subregion"),
        "country": pl.col("country_name"),
    }[state.breakdown].alias("series")


def with_country_names(lf: pl.LazyFrame, column: str = "country_iso3", prefix: str = "") -> pl.LazyFrame:
    names = (
        countries_frame()
        .lazy()
        .select(
            pl.col("iso3").alias(column),
            pl.col("name").alias(f"{prefix}country_name"),
            pl.col("region").alias(f"{prefix}region"),
            pl.col("subregion").alias(f"{prefix}subregion"),
        )
    )
    lf = lf.join(names, on=column, how="left")
    # The names in the reader's language (UN short names; English from the country table), so that a table, a chart
    # and ``countries.country_name`` always agree.
    shown = pl.col(column).replace_strict(country_names(), default=None, return_dtype=pl.String)
    return lf.with_columns(
        pl.coalesce(shown, pl.col(f"{prefix}country_name"), pl.col(column)).alias(f"{prefix}country_name")
    )


WHOLE_GROUP, UNSPECIFIED = text.WHOLE_GROUP, text.UNSPECIFIED


@dataclass(frozen=True)
class Trend:
    frame: pl.DataFrame  # period, series, value (null = not reported), reporting (countries with a figure), of
    measure: str
    unit: str
    records: int  # the rows the figures rest on
    countries: int = 0  # the seizing countries those rows come from
    series_total: int = 0  # series in the view before only the ``top`` largest were kept
    suspect_left_out: int = 0  # case records flagged check_amount left out of the figures


@per_view
def trend(dataset: Dataset, state: ViewState, *, top: int = 8) -> Trend:
    """A time series per series key; missing reports stay null so charts draw gaps, not zeros. Every point says how
    many countries reported it (``reporting``) of how many could have (``of``: the region's countries, or those of
    the regions in view)."""
    cases = uses_cases(state)
    grouped, records, countries = _case_trend(dataset, state) if cases else _annual_trend(dataset, state)
    frame = public_cells(grouped.collect(), dataset, ["period", "series"], ["value"])
    series_total = frame["series"].n_unique()
    frame = _keep_top_series(frame, top)
    frame = complete_grid(frame, "period", "series")
    return Trend(
        frame=_with_possible_reporters(frame, state).sort("series", "period"),
        measure=state.measure,
        unit=unit(state),
        records=records,
        countries=countries,
        series_total=series_total,
        suspect_left_out=suspect_left_out(dataset, state) if cases else 0,
    )


def _present(lf: pl.LazyFrame, state: ViewState) -> pl.DataFrame | None:
    return lf.select("substance_group", "substance").unique().collect() if state.substances else None


def _case_trend(dataset: Dataset, state: ViewState) -> tuple[pl.LazyFrame, int, int]:
    monthly = state.resolution == "month"
    period = pl.date(pl.col("year"), pl.col("month").fill_null(1), 1) if monthly else pl.col("year")
    lf = with_country_names(filter_cases(dataset, state))
    if monthly:
        lf = lf.filter(pl.col("month").is_not_null())
    records, countries = lf.select(_n(), pl.col("country_iso3").n_unique()).collect().row(0)
    label = group_label(state, lf.collect_schema().names(), _present(lf, state))
    grouped = lf.group_by(period.alias("period"), _series_column(state, label)).agg(
        case_measure(state.measure), pl.col("country_iso3").n_unique().alias("reporting"), _n().alias(CELL_RECORDS)
    )
    return grouped, records, countries


def _annual_rows(dataset: Dataset, state: ViewState) -> pl.LazyFrame:
    """The annual rows in view, with the country's names and the group label of the line they belong to."""
    # The rows themselves, not the annual cube: the trust flags read each row's comment (the rows are few).
    rows = filter_annual(dataset, state, records=True).with_columns(pl.lit(1, pl.Int64).alias(RECORDS))
    lf = with_country_names(rows)
    return lf.with_columns(group_label(state, lf.collect_schema().names(), _present(lf, state)).alias("__group"))


def _annual_per_country(lf: pl.LazyFrame, state: ViewState) -> pl.LazyFrame:
    """country_iso3, year, series, value: each country's figure on each line, totals reconciled per country-year."""
    if state.breakdown == "substance":
        return _substance_lines(lf).select("country_iso3", "year", "series", "value")
    keys = ["__group"] if state.breakdown == "group" else []
    per_country = with_country_names(annual_kg(lf, ["country_iso3", "year", *keys]))
    per_country = per_country.with_columns(_series_column(state, pl.col("__group") if keys else pl.lit("")))
    return per_country.select("country_iso3", "year", "series", "value")


def _annual_trend(dataset: Dataset, state: ViewState) -> tuple[pl.LazyFrame, int, int]:
    lf = _annual_rows(dataset, state)
    records, countries = lf.select(_n(), pl.col("country_iso3").n_unique()).collect().row(0)
    per_country = with_trust(_annual_per_country(lf, state).collect(), dataset, state)
    grouped = (
        per_country.lazy()
        .group_by(pl.col("year").alias("period"), "series")
        .agg(
            _sum_or_null("value"),
            pl.col("country_iso3").n_unique().alias("reporting"),
            _flagged_share().alias("flagged"),
            pl.col("note").drop_nulls().sort().str.join("; ").alias("notes"),
            pl.col("comment").drop_nulls().unique().sort().str.join(" / ").alias("comments"),
        )
    )
    return grouped, records, countries


def _flagged_share() -> pl.Expr:
    """A point rests on flagged figures when they make at least ``annual_rules.RING_SHARE`` of it (any flagged
    figure, for one country's line; a flagged zero or a point without a figure, when nothing else is there)."""
    flagged = pl.col("note").is_not_null()
    weight = pl.col("value").filter(flagged).abs().sum()
    whole = pl.col("value").abs().sum()
    alone = (pl.len() == 1) & flagged.any()
    return alone | (flagged.any() & (weight >= whole * annual_rules.RING_SHARE))


# ---- trust: what UNODC's comments say, and years far from their own series ------------------------------------------
def _row_key(state: ViewState) -> list[str]:
    """The column of an annual row that names the line it counts in, where one row can only be on one line."""
    return {"group": ["__group"], "substance": ["substance"]}.get(state.breakdown, [])


def comment_flags_per_country(lf: pl.LazyFrame, state: ViewState) -> pl.LazyFrame:
    """country_iso3, year (and the line's key): the comment flags and the comments of the rows in view behind a
    figure (every comment, flagged or not: a country's line shows them on hover). A total's comment and its
    components' both count: UNODC comments the country-year, whichever row carries it."""
    key = _row_key(state)
    # Few rows have a comment (411 of 30,000 in the real tables): the phrases are looked for in those only.
    commented = lf.filter(pl.col("comment").is_not_null()).with_columns(
        annual_rules.comment_flags(pl.col("comment")).alias("__flags")
    )
    return commented.group_by("country_iso3", "year", *key).agg(
        pl.col("__flags")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique(maintain_order=True)
        .alias("flags"),
        pl.col("comment").unique(maintain_order=True).str.join(" / ").alias("comment"),
    )


def with_trust(per_country: pl.DataFrame, dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """``per_country`` (country_iso3, year, series, value) with ``outlier`` (the year departs from the same country's
    other years on that line, all years of the data considered: ``annual_rules.outlier_years``), ``typical`` (the
    median of those other years), ``flags`` (what the rows' comments say) and ``note`` (both in words, null when
    neither)."""
    if state.year_from is None and state.year_to is None:
        series = annual_rules.outlier_years(per_country, ["country_iso3", "series"])  # the view has every year
    else:
        series = _outliers_every_year(dataset, state)
    frame = per_country.join(
        series.select("country_iso3", "year", "series", "outlier", "typical"),
        on=["country_iso3", "year", "series"],
        how="left",
    )
    comments = comment_flags_per_country(_annual_rows(dataset, state), state).collect()
    key = _row_key(state)
    if key:
        comments = comments.rename({key[0]: "series"})
    frame = frame.join(comments, on=["country_iso3", "year", *(["series"] if key else [])], how="left")
    return _with_notes(frame.with_columns(pl.col("outlier").fill_null(False)))


_OUTLIERS: dict[tuple, pl.DataFrame] = {}  # (dataset, view without its years) -> its lines judged on every year
_OUTLIERS_KEPT = 32


@per_view
def _outliers_every_year(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Each line of the view, every year of the data, judged by ``annual_rules.outlier_years``. Kept for the next
    change of years (the slider moves; the judgement does not), per dataset and store version."""
    every = state.with_(year_from=None, year_to=None, page={})
    key = (id(dataset), dataset.version, every)
    if key not in _OUTLIERS:
        if len(_OUTLIERS) >= _OUTLIERS_KEPT:
            # Sessions run in threads: another may have emptied or changed the table meanwhile.
            with contextlib.suppress(StopIteration, RuntimeError, KeyError):
                _OUTLIERS.pop(next(iter(_OUTLIERS)))
        judged = _annual_per_country(_annual_rows(dataset, every), every).collect()
        _OUTLIERS[key] = annual_rules.outlier_years(judged, ["country_iso3", "series"])
    return _OUTLIERS[key]


def _with_notes(frame: pl.DataFrame) -> pl.DataFrame:
    """``note``: a flagged row's flags in words (null for the many rows without a flag)."""
    frame = frame.with_row_index("__row")
    flagged = frame.filter(pl.col("outlier") | (pl.col("flags").list.len() > 0).fill_null(False))
    names = dict(countries_frame().select("iso3", "name").iter_rows())
    notes = []
    for row in flagged.iter_rows(named=True):
        name = names.get(row["country_iso3"]) or SPECIAL_CODES.get(row["country_iso3"], row["country_iso3"])
        flags = [*(row["flags"] or []), *([annual_rules.OUTLIER_FLAG] if row["outlier"] else [])]
        if not flags:
            notes.append(None)
            continue
        note = text.flag_note(name, row["year"], flags, row["comment"])
        if row["outlier"]:
            note += text.outlier_detail(row["value"], row["typical"])
        notes.append(note)
    written = flagged.select("__row").with_columns(pl.Series("note", notes, dtype=pl.String))
    return frame.join(written, on="__row", how="left").sort("__row").drop("__row")


@per_view
def flagged_country_years(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Every flagged country-year in view, by line: country, year, series, value, the flags, the comment and the
    median of the country's other years (for the Data page's list and its download)."""
    if uses_cases(state):
        return pl.DataFrame()
    per_country = with_trust(_annual_per_country(_annual_rows(dataset, state), state).collect(), dataset, state)
    flagged = with_country_names(per_country.filter(pl.col("note").is_not_null()).lazy()).collect()
    return flagged.select(
        "country_name",
        "country_iso3",
        "year",
        "series",
        "value",
        pl.concat_list(
            pl.col("flags").fill_null([]),
            pl.when(pl.col("outlier"))
            .then(pl.lit([annual_rules.OUTLIER_FLAG]))
            .otherwise(pl.lit([], pl.List(pl.String))),
        )
        .list.join(";")
        .alias("flags"),
        "typical",
        "comment",
        "note",
    ).sort(name_order(), "series", "year")


def _substance_lines(lf: pl.LazyFrame) -> pl.LazyFrame:
    """By substance: each substance's own rows (a reported total is no substance). Where a group's figure rests on a
    reported total somewhere in view, a line for the whole group and one for what its totals hold beyond the
    substances named. One figure does not depend on the path to it: MDMA here is what ``sub=MDMA`` gives."""
    is_total = pl.col("is_total").fill_null(False)
    keys = ["country_iso3", "year", "__group"]
    own = (
        lf.filter(~is_total)
        .group_by(*keys, pl.col("substance").alias("series"))
        .agg(_sum_or_null("kg_equivalent").alias("value"))
    )
    with_totals = lf.filter(is_total.any().over("__group"))
    parts = with_totals.filter(~is_total).group_by(keys).agg(pl.col("kg_equivalent").sum().alias("__parts"))
    whole = annual_kg(with_totals, keys).join(parts, on=keys, how="left").with_columns(pl.col("__parts").fill_null(0))
    # Rounding in the published figures must not show as a negative remainder.
    rest = pl.when(pl.col("value").is_not_null()).then(pl.max_horizontal(pl.col("value") - pl.col("__parts"), 0.0))
    lines = [
        own,
        whole.select(*keys, pl.format(WHOLE_GROUP, pl.col("__group")).alias("series"), "value"),
        whole.select(*keys, pl.format(UNSPECIFIED, pl.col("__group")).alias("series"), rest.alias("value")),
    ]
    return pl.concat(lines, how="vertical_relaxed")


def _with_possible_reporters(frame: pl.DataFrame, state: ViewState) -> pl.DataFrame:
    """``of``: how many countries could have reported a series: a region's countries for a region line, one for a
    country line, the countries of the regions in view (or of the world) otherwise."""
    if state.breakdown == "region":
        return frame.join(region_sizes().rename({"region": "series"}), on="series", how="left")
    if state.breakdown in ("subregion", *UNODC_LEVELS):
        names = frame["series"].drop_nulls().unique().to_list() if frame.height else []
        sizes = pl.DataFrame(
            {"series": names, "of": [len(area_members([n])) for n in names]},
            schema={"series": pl.String, "of": pl.Int64},
        )
        return frame.join(sizes, on="series", how="left")
    if state.breakdown == "country":
        return frame.with_columns(pl.lit(1, pl.Int64).alias("of"))
    return frame.with_columns(pl.lit(possible_reporters(state), pl.Int64).alias("of"))


def possible_reporters(state: ViewState) -> int:
    """The countries and territories that could report in a view: those of its regions and subregions (both filters
    apply), else of the world."""
    if not state.regions and not state.subregions:
        return int(region_sizes()["of"].sum())
    return len(area_countries(state))


def area_countries(state: ViewState) -> list[str]:
    """The countries of the view's regions and subregions (both filters apply; call with at least one chosen)."""
    members = set(area_members(state.regions)) if state.regions else None
    if state.subregions:
        inside = set(area_members(state.subregions))
        members = inside if members is None else members & inside
    return sorted(members or ())


def region_sizes() -> pl.DataFrame:
    """region, of: the countries and territories of each UN M49 region (today's, not historical ones)."""
    members = countries_frame().filter(pl.col("region").is_not_null() & ~pl.col("is_historical").fill_null(False))
    return members.group_by("region").agg(pl.len().cast(pl.Int64).alias("of")).sort("region")


def _keep_top_series(frame: pl.DataFrame, top: int) -> pl.DataFrame:
    if frame.is_empty() or frame["series"].n_unique() <= top:
        return frame
    # Ties in alphabetical order: the lines kept must not depend on the order the rows come in.
    ranked = frame.group_by("series").agg(pl.col("value").sum())
    ranked = ranked.sort(["value", "series"], descending=[True, False], nulls_last=True)["series"]
    return frame.filter(pl.col("series").is_in(ranked.head(top).to_list()))


def complete_grid(frame: pl.DataFrame, period: str, series: str) -> pl.DataFrame:
    """Every series at every period: a period without a figure gets a null row, so a line breaks there."""
    if frame.is_empty():
        return frame
    grid = frame.select(pl.col(period).unique()).join(frame.select(pl.col(series).unique()), how="cross")
    return grid.join(frame, on=[period, series], how="left")


def with_change(trend_frame: pl.DataFrame) -> pl.DataFrame:
    """Year-on-year (or period-on-period) change in per cent; null where either side is not reported or zero."""
    previous = pl.col("value").shift(1).over("series", order_by="period")
    return trend_frame.with_columns(
        pl.when(previous > 0).then((pl.col("value") / previous - 1) * 100).otherwise(None).alias("change_pct")
    )


@dataclass(frozen=True)
class Corridors:
    frame: (
        pl.DataFrame
    )  # origin_iso3, destination_iso3, names, seizures, kg, first_year, last_year, substances, transit
    records_in_view: int
    records_with_route: int
    suspect_left_out: int = 0  # case records flagged check_amount left out (the view does not include them)
    suppressed: int = 0  # corridors a public view leaves out: too few seizures (``dashboard.disclosure``)


def route_filter(lf: pl.LazyFrame, destinations: tuple[str, ...] = (), via: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Case records whose destination is in ``destinations`` and whose departure or transit country is in ``via``
    (countries as ISO3 codes, or UN M49 areas: "Europe", "Western Africa"); an empty choice keeps every record."""
    if destinations:
        lf = lf.filter(pl.col("destination_iso3").is_in(area_members(destinations)))
    if via:
        stops = area_members(via)
        transit = pl.col("transit_iso3").fill_null("").str.split("|").list.eval(pl.element().is_in(stops)).list.any()
        lf = lf.filter(pl.col("departure_iso3").is_in(stops) | transit)
    return lf


def has_transit_field(dataset: Dataset) -> bool:
    """Whether any case record names a transit country: the UNODC individual seizures export has no such field, and
    its importer writes "unknown" (``XUN``) on every record."""
    named = dataset.case_cube["transit_iso3"].drop_nulls().str.split("|").explode()
    return bool(named.filter(~named.is_in(list(SPECIAL_CODES))).len())


def _origin_column(state: ViewState) -> str:
    return "producing_iso3" if state.origin == "producing" else "departure_iso3"


def _routed(lf: pl.LazyFrame, origin: str) -> pl.LazyFrame:
    """Case records that name both ends of a corridor: two different countries (unknown, other, multiple out)."""
    known = list(SPECIAL_CODES)
    return lf.filter(
        pl.col(origin).is_not_null()
        & pl.col("destination_iso3").is_not_null()
        & ~pl.col(origin).is_in(known)
        & ~pl.col("destination_iso3").is_in(known)
        & (pl.col(origin) != pl.col("destination_iso3"))
    )


@per_view
def corridor_years(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Kilograms per corridor and year (origin_iso3, destination_iso3, year, kg; null where no record of the
    corridor that year gives kilograms), by the same rules as ``corridors``."""
    origin = _origin_column(state)
    return (
        _routed(filter_cases(dataset, state), origin)
        .group_by(pl.col(origin).alias("origin_iso3"), "destination_iso3", "year")
        .agg(_sum_or_null("kg_equivalent").alias("kg"))
        .collect()
    )


@per_view
def corridors(
    dataset: Dataset, state: ViewState, *, destinations: tuple[str, ...] = (), via: tuple[str, ...] = ()
) -> Corridors:
    """Origin-destination pairs from case records with both ends known (unknown/other/multiple excluded);
    ``destinations`` and ``via``: see ``route_filter``."""
    origin = _origin_column(state)
    lf = route_filter(filter_cases(dataset, state), destinations, via)
    routed = _routed(lf, origin)
    counts = lf.select(_n().alias("all")).collect().item() or 0, routed.select(_n()).collect().item() or 0
    pair = [pl.col(origin).alias("origin_iso3"), "destination_iso3"]
    # The three substances seized most often on the corridor; ties in alphabetical order, so a figure is the same
    # whatever order the rows come in.
    by_substance = routed.group_by(*pair, "substance").agg(_n().alias("__n"))
    top = by_substance.group_by("origin_iso3", "destination_iso3").agg(
        pl.col("substance").sort_by(["__n", "substance"], descending=[True, False]).head(3).alias("top_substances")
    )
    frame = (
        routed.group_by(*pair)
        .agg(
            _n().alias("seizures"),
            pl.when(pl.col("kg_equivalent").count() > 0).then(pl.col("kg_equivalent").sum()).alias("kg"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("transit_iso3").drop_nulls().unique().sort().head(5).alias("transit"),
            pl.col(RECORDS).filter(_suspect()).sum().alias("to_check"),
            _n().alias(CELL_RECORDS),
        )
        .join(top, on=["origin_iso3", "destination_iso3"], how="left")
        .with_columns(
            pl.col("top_substances").list.join(", "),
            pl.col("transit").list.join("|"),
        )
    )
    frame = with_country_names(frame, "origin_iso3", prefix="origin_")
    frame = with_country_names(frame, "destination_iso3", prefix="destination_")
    sort_by = "seizures" if state.measure == "seizures" else "kg"
    shown = public_cells(frame.collect(), dataset, ["origin_iso3", "destination_iso3"], ["seizures"])
    hidden = int(shown["suppressed"].sum()) if "suppressed" in shown.columns else 0
    if "suppressed" in shown.columns:
        # A corridor of one or two seizures would show their years, substances and transit countries: left out.
        shown = shown.filter(~pl.col("suppressed")).drop("suppressed")
    # Corridors with no kilogram figure go last, never first.
    ranked = shown.sort(sort_by, descending=True, nulls_last=True)
    return Corridors(ranked, counts[0], counts[1], suspect_left_out(dataset, state), suppressed=hidden)


@per_view
def country_years(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """The measure per seizing country and year (country_iso3, year, value), annual kilograms reconciled per
    country-year; only the country-years with rows in view."""
    if uses_cases(state):
        lf = (
            filter_cases(dataset, state)
            .group_by("country_iso3", "year")
            .agg(case_measure(state.measure), _n().alias(CELL_RECORDS))
        )
        return public_cells(lf.collect(), dataset, ["country_iso3", "year"], ["value"])
    return annual_kg(filter_annual(dataset, state), ["country_iso3", "year"]).collect()


@per_view
def country_year_outliers(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """country_iso3, year, outlier, typical: the view's figure per country-year judged against the same country's
    other years of the data (``annual_rules.outlier_years``); annual reports only (none for case records)."""
    if uses_cases(state):
        return pl.DataFrame(schema={"country_iso3": pl.String, "year": pl.Int32, "outlier": pl.Boolean})
    every_year = country_years(dataset, state.with_(year_from=None, year_to=None))
    return annual_rules.outlier_years(every_year, ["country_iso3"]).select("country_iso3", "year", "outlier", "typical")


@per_view
def shares_by_year(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Every country-year with its share of that year's world and regional totals, and how many countries those
    totals rest on (``world_reporting`` of ``world_of``, ``region_reporting`` of ``region_of``). A share is of one
    year, among the countries that reported that year: never of a sum over years that countries reported unevenly.

    ``outlier``: the country-year departs from the country's other years; unless the view includes outliers
    (``outl=1``), such a row keeps its figure but counts in no total and no ranking (``ranking_of`` leaves it out)."""
    frame = with_country_names(country_years(dataset, state).lazy()).collect()
    frame = frame.join(country_year_outliers(dataset, state), on=["country_iso3", "year"], how="left").with_columns(
        pl.col("outlier").fill_null(False)
    )
    counted = pl.col("value").is_not_null() & (pl.lit(state.include_outliers) | ~pl.col("outlier"))
    frame = frame.with_columns(pl.when(counted).then(pl.col("value")).alias("__counted"))
    # A left-out outlier still reported: the counts of reporting countries keep it (the ranking's note names it).
    with_figure = pl.col("value").is_not_null()
    world_of = int(region_sizes()["of"].sum())
    return (
        frame.join(region_sizes(), on="region", how="left")
        .rename({"of": "region_of"})
        .with_columns(
            pl.col("__counted").sum().over("year").alias("__world"),
            pl.col("__counted").sum().over("year", "region").alias("__region"),
            with_figure.sum().over("year").cast(pl.Int64).alias("world_reporting"),
            with_figure.sum().over("year", "region").cast(pl.Int64).alias("region_reporting"),
            pl.lit(world_of, pl.Int64).alias("world_of"),
        )
        .with_columns(
            # A left-out outlier is no part of the totals, so it has no share of them.
            pl.when(pl.col("__world") > 0).then(pl.col("__counted") / pl.col("__world") * 100).alias("share_world_pct"),
            pl.when(pl.col("__region") > 0)
            .then(pl.col("__counted") / pl.col("__region") * 100)
            .alias("share_region_pct"),
        )
        .drop("__world", "__region", "__counted")
        .sort("year", "value", descending=[False, True], nulls_last=True)
    )


def ranking_of(shares: pl.DataFrame, year: int | None, *, include_outliers: bool = False) -> pl.DataFrame:
    """The ranking of one year of ``shares_by_year``: the year asked for when it has figures, else the latest;
    outlier country-years left out unless ``include_outliers``."""
    chosen = ranking_year(shares, year)
    if not include_outliers and "outlier" in shares.columns:
        shares = shares.filter(~pl.col("outlier"))
    return (
        shares.filter(pl.col("year") == pl.lit(chosen, dtype=shares.schema["year"]))
        .sort("value", descending=True, nulls_last=True)
        .with_row_index("rank", offset=1)
    )


@per_view
def by_country(dataset: Dataset, state: ViewState, *, year: int | None = None) -> pl.DataFrame:
    """The ranking of seizing countries in one year (``year``, or the latest of the view): rank, country_iso3,
    country_name, region, year, value, share_world_pct and share_region_pct (shares of that year's totals), and the
    countries those totals rest on."""
    return ranking_of(shares_by_year(dataset, state), year, include_outliers=state.include_outliers)


def outliers_left_out(shares: pl.DataFrame, year: int | None, state: ViewState) -> pl.DataFrame:
    """The outlier country-years a ranking of ``year`` leaves out (none when the view includes them)."""
    if state.include_outliers or "outlier" not in shares.columns:
        return shares.clear()
    chosen = pl.lit(ranking_year(shares, year), dtype=shares.schema["year"])
    return shares.filter(pl.col("outlier") & (pl.col("year") == chosen))


def ranking_year(shares: pl.DataFrame, wanted: int | None) -> int | None:
    """The year a ranking shows: the one asked for when the view has figures for it, else the latest with a figure
    (else the latest with a row: a year whose rows have no figure shows them as not reported)."""
    years = shares.filter(pl.col("value").is_not_null())["year"].unique().sort().to_list()
    if not years:
        return shares["year"].max() if shares.height else None  # type: ignore[return-value]
    return wanted if wanted in years else years[-1]


@per_view
def compare(dataset: Dataset, state: ViewState, countries: list[str]) -> pl.DataFrame:
    """Yearly measure for each compared country (or region name), nulls where it did not report."""
    rows = []
    if uses_cases(state):
        lf = filter_cases(dataset, state).filter(pl.col("country_iso3").is_in(countries))
        frame = lf.group_by("country_iso3", "year").agg(case_measure(state.measure), _n().alias(CELL_RECORDS))
        frame = public_cells(frame.collect(), dataset, ["country_iso3", "year"], ["value"])
    else:
        lf = filter_annual(dataset, state).filter(pl.col("country_iso3").is_in(countries))
        frame = annual_kg(lf, ["country_iso3", "year"]).collect()
    first, last = view_years(dataset, state)  # a year the table does not cover is no reporting gap
    years = pl.DataFrame({"year": list(range(first, last + 1))}, schema={"year": frame.schema.get("year", pl.Int32)})
    grid = years.join(pl.DataFrame({"country_iso3": countries}), how="cross")
    rows = with_country_names(grid.join(frame, on=["country_iso3", "year"], how="left").lazy()).collect()
    if not uses_cases(state):
        rows = _with_country_flags(rows, dataset, state)
    return rows.sort("country_iso3", "year")


def _with_country_flags(rows: pl.DataFrame, dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Compared countries' years with ``flagged`` and ``notes``: each country's own total judged and its comments
    read, as on a Trends line by country."""
    by_country = state.with_(breakdown="country")
    per = rows.filter(pl.col("value").is_not_null()).select(
        "country_iso3", "year", pl.col("country_name").alias("series"), "value"
    )
    trusted = with_trust(per, dataset, by_country).select(
        "country_iso3", "year", pl.col("note").is_not_null().alias("flagged"), pl.col("note").alias("notes")
    )
    return rows.join(trusted, on=["country_iso3", "year"], how="left").with_columns(pl.col("flagged").fill_null(False))


@per_view
def compare_regions(dataset: Dataset, state: ViewState, regions: list[str], level: str = "region") -> pl.DataFrame:
    """Yearly measure for each compared area (of the seizing country) at ``level`` (``countries.AREA_SCHEMES``: UN
    M49 region or subregion, UNODC region or subregion): region (the area's name), year, value, reporting (countries
    with a figure) of ``of`` (the area's countries); the value is null where no country of the area reported.
    Annual kilograms are reconciled per country before they are added up; each country is in one area of a level."""
    area = area_expr(level).alias("region")
    if uses_cases(state):
        lf = filter_cases(dataset, state).with_columns(area).filter(pl.col("region").is_in(regions))
        frame = lf.group_by("region", "year").agg(
            case_measure(state.measure), pl.col("country_iso3").n_unique().alias("reporting"), _n().alias(CELL_RECORDS)
        )
        frame = public_cells(frame.collect(), dataset, ["region", "year"], ["value"]).lazy()
    else:
        per_country = annual_kg(filter_annual(dataset, state), ["country_iso3", "year"]).with_columns(area)
        frame = (
            per_country.filter(pl.col("region").is_in(regions))
            .group_by("region", "year")
            .agg(
                pl.when(pl.col("value").count() > 0).then(pl.col("value").sum()).otherwise(None).alias("value"),
                pl.col("country_iso3").n_unique().alias("reporting"),
            )
        )
    frame = frame.collect()
    first, last = view_years(dataset, state)  # a year the table does not cover is no reporting gap
    years = pl.DataFrame({"year": list(range(first, last + 1))}, schema={"year": frame.schema.get("year", pl.Int32)})
    grid = years.join(pl.DataFrame({"region": regions}, schema={"region": pl.String}), how="cross")
    sizes = (
        region_sizes()
        if level == "region"
        else pl.DataFrame(
            {"region": regions, "of": [len(area_members([r])) for r in regions]},
            schema={"region": pl.String, "of": pl.Int64},
        )
    )
    grid = grid.join(frame, on=["region", "year"], how="left").join(sizes, on="region", how="left")
    return grid.with_columns(pl.col("reporting").fill_null(0)).sort("region", "year")


@per_view
def coverage(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """Country by year: whether the country reported anything matching the view's filters, in the table the view
    reads (annual reports, or case records when the measure or a filter needs them)."""
    lf = filter_cases(dataset, state) if uses_cases(state) else filter_annual(dataset, state)
    reported = lf.group_by("country_iso3", "year").agg(_n().alias("rows")).collect()
    return with_country_names(reported.lazy()).collect().sort(name_order(), "year")


@per_view
def yearly(dataset: Dataset, state: ViewState, by: list[str]) -> pl.DataFrame:
    """Annual kilograms by ``by`` and year (reconciled per country-year first), with the countries reporting."""
    per_country = annual_kg(filter_annual(dataset, state), ["country_iso3", "year", *by])
    return (
        per_country.group_by(*by, "year")
        .agg(_sum_or_null("value"), pl.col("country_iso3").n_unique().cast(pl.Int64).alias("reporting"))
        .collect()
    )


@per_view
def latest_year_figures(dataset: Dataset, state: ViewState, by: list[str]) -> pl.DataFrame:
    """For each key of ``by``: the latest year with a figure in view, its kilograms, the year before's and the change
    (``by``, year, value, previous, change_pct, reporting). A headline is one year, never a sum over years that
    editions and countries cover unevenly."""
    return latest_of(yearly(dataset, state, by), by)


def latest_of(yearly_frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """``latest_year_figures`` of a frame ``yearly`` already made (a page that also draws the years reuses it)."""
    frame = yearly_frame.filter(pl.col("value").is_not_null())
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, pl.Float64).alias(c) for c in ("previous", "change_pct"))
    latest = frame.filter(pl.col("year") == pl.col("year").max().over(by))
    previous = frame.select(*by, (pl.col("year") + 1).alias("year"), pl.col("value").alias("previous"))
    return (
        latest.join(previous, on=[*by, "year"], how="left")
        .with_columns(
            pl.when(pl.col("previous") > 0).then((pl.col("value") / pl.col("previous") - 1) * 100).alias("change_pct")
        )
        .sort("value", descending=True)
    )


@per_view
def headline(dataset: Dataset, state: ViewState) -> dict:
    """The Overview's figures for the current filters: kilograms by group in the latest year, and counts."""
    annual = filter_annual(dataset, state)
    latest_annual = annual.select(pl.col("year").max()).collect().item()
    in_latest = state.with_(year_from=latest_annual, year_to=latest_annual) if latest_annual else state
    kg_by_group = (
        yearly(dataset, in_latest, ["substance_class", "substance_group"]).sort("value", descending=True)
        if latest_annual
        else pl.DataFrame(schema={"substance_class": pl.String, "substance_group": pl.String, "value": pl.Float64})
    )
    cases = filter_cases(dataset, state)
    case_stats = cases.select(
        _n().alias("seizures"),
        pl.col("country_iso3").n_unique().alias("countries"),
        pl.col("year").max().alias("latest"),
    ).collect()
    annual_stats = annual.select(
        pl.col("country_iso3").n_unique().alias("countries"), pl.col("year").max().alias("latest")
    ).collect()
    latest = [v for v in (case_stats["latest"][0], annual_stats["latest"][0]) if v is not None]
    return {
        "kg_by_group": kg_by_group,
        "groups_year": latest_annual,
        "seizures": int(case_stats["seizures"][0]),
        "countries_reporting_annual": int(annual_stats["countries"][0]),
        "countries_reporting_cases": int(case_stats["countries"][0]),
        "latest_year": max(latest) if latest else None,
        "suspect_left_out": suspect_left_out(dataset, state),
    }


@per_view
def mix(dataset: Dataset, state: ViewState, column: str, *, country: str | None = None) -> pl.DataFrame:
    """Share of seizures by a categorical column (conveyance, concealment, routing); missing values counted apart."""
    lf = filter_cases(dataset, state)
    if country:
        lf = lf.filter(pl.col("country_iso3") == country)
    frame = (
        lf.group_by(pl.col(column).fill_null("not recorded").alias("category"))
        .agg(_n().alias("seizures"), pl.col("kg_equivalent").sum().alias("kg"))
        .collect()
    )
    total = frame["seizures"].sum()
    frame = frame.with_columns((pl.col("seizures") / total * 100).alias("share_pct") if total else pl.lit(None))
    if dataset.public:
        frame = _public_mix(frame)
    return frame.sort("seizures", descending=True, nulls_last=True)


def _public_mix(frame: pl.DataFrame) -> pl.DataFrame:
    """A public view's mix: the categories of too few seizures (free text that would describe them) become one line
    with no figures."""
    flagged = disclosure.suppressed_cells(
        frame.with_columns(pl.col("seizures").alias(CELL_RECORDS)), count=CELL_RECORDS, dimensions=["category"]
    ).drop(CELL_RECORDS)
    if not flagged["suppressed"].any():
        return flagged
    kept = flagged.filter(~pl.col("suppressed"))
    other = pl.DataFrame(
        {"category": [text.FEW_RECORDS], "seizures": [None], "kg": [None], "share_pct": [None], "suppressed": [True]},
        schema=kept.schema,
    )
    return pl.concat([kept, other])
