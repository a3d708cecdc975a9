"""What the Country profile computes: one country's seizures, corridors, methods, coverage and sources.

The profile reuses the general queries on a dataset restricted to the country, so its figures follow exactly the
same rules as every other page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from dashboard import query, text
from dashboard.countries import country_name
from dashboard.cubes import RECORDS
from dashboard.data import Dataset
from dashboard.demo import registry_in_words
from dashboard.i18n import _
from dashboard.state import ViewState


def restrict(dataset: Dataset, *, cases: pl.Expr | None = None, annual: pl.Expr | None = None) -> Dataset:
    """A dataset with only the rows matching the given conditions; its vocabulary is the full one."""
    restricted = replace(
        dataset,
        cases=dataset.cases.filter(cases) if cases is not None else dataset.cases,
        annual=dataset.annual.filter(annual) if annual is not None else dataset.annual,
    )
    restricted.__dict__["vocabulary"] = dataset.vocabulary  # same years and choices as the page's sidebar
    # The cubes have the columns the conditions name, so the profile reads them, never the records.
    restricted.__dict__["case_cube"] = dataset.case_cube.filter(cases) if cases is not None else dataset.case_cube
    restricted.__dict__["annual_cube"] = (
        dataset.annual_cube.filter(annual) if annual is not None else dataset.annual_cube
    )
    return restricted


@dataclass(frozen=True)
class Profile:
    iso3: str
    name: str
    region: str | None
    subregion: str | None
    trend: query.Trend
    inbound: query.Corridors  # corridors ending in the country
    outbound: query.Corridors  # corridors starting in the country
    conveyance: pl.DataFrame
    concealment: pl.DataFrame
    coverage: pl.DataFrame  # year, substance_group, reported (bool)
    sources: pl.DataFrame
    case_records: int
    years: tuple[int, int] = (0, 0)  # the years the trend covers
    uses_cases: bool = False  # the trend counts case records (its notes then say so)


def country_profile(dataset: Dataset, state: ViewState, iso3: str) -> Profile:
    from dashboard.countries import countries_frame

    info = countries_frame().filter(pl.col("iso3") == iso3)
    name = country_name(iso3) if info.height else iso3  # the UN short name in the reader's language
    own = restrict(dataset, cases=pl.col("country_iso3") == iso3, annual=pl.col("country_iso3") == iso3)
    anywhere = state.with_(regions=(), subregions=())  # one country's profile: no region filter applies
    trend = query.trend(own, anywhere.with_(breakdown="group"), top=10)
    origin = "producing_iso3" if state.origin == "producing" else "departure_iso3"
    inbound = query.corridors(restrict(dataset, cases=pl.col("destination_iso3") == iso3), anywhere)
    outbound = query.corridors(restrict(dataset, cases=pl.col(origin) == iso3), anywhere)
    return Profile(
        iso3=iso3,
        name=name,
        region=info["region"][0] if info.height else None,
        subregion=info["subregion"][0] if info.height else None,
        trend=trend,
        inbound=inbound,
        outbound=outbound,
        conveyance=query.mix(own, anywhere, "conveyance"),
        concealment=query.mix(own, anywhere, "concealment"),
        coverage=reporting_coverage(own, state),
        sources=sources_of(dataset, iso3),
        case_records=int(own.case_cube[RECORDS].sum()),
        years=query.view_years(own, state),
        uses_cases=query.uses_cases(state),
    )


def reporting_coverage(dataset: Dataset, state: ViewState) -> pl.DataFrame:
    """For each year the profile's chart shows and each substance group in view: did the country report a figure in
    the table the chart reads (annual reports, or case records), under the view's filters? A year or a row the chart
    does not show is never marked reported."""
    state = state.with_(regions=(), subregions=())
    rows = query.filter_cases(dataset, state) if query.uses_cases(state) else query.filter_annual(dataset, state)
    reported = rows.select("year", "substance_group").unique().collect()
    first, last = query.view_years(dataset, state)
    groups = reported["substance_group"].unique().sort()
    grid = pl.DataFrame({"year": list(range(first, last + 1))}, schema={"year": pl.Int32}).join(
        pl.DataFrame({"substance_group": groups}), how="cross"
    )
    return grid.join(
        reported.with_columns(pl.lit(True).alias("reported")), on=["year", "substance_group"], how="left"
    ).with_columns(pl.col("reported").fill_null(False))


# ---- tables as the page shows them -------------------------------------------------------------------------------
def method_table(mix: pl.DataFrame, rows: int = 12, *, labels: dict[str, str] | None = None) -> pl.DataFrame:
    """The largest ``rows`` categories of a conveyance or concealment mix, with readable category names: with
    ``labels`` (``text.CASE_LABELS``) in the reader's language, else as recorded."""
    # Null is counted as "not recorded" (query.mix): that word is the interface's.
    top = mix.head(rows)
    if labels is not None:
        named = text.named_in_language(top, "category", lambda code: _(labels.get(code, code.replace("_", " "))))
    else:
        named = pl.col("category").str.replace_all("_", " ")
    return top.with_columns(
        pl.when(pl.col("category") == "not recorded").then(pl.lit(_("not recorded"))).otherwise(named).alias("category")
    )


def corridor_table(corridors: pl.DataFrame, *, partner: str, rows: int = 15) -> pl.DataFrame:
    """The largest ``rows`` corridors to or from the country, by the other end (``partner``: ``origin`` or
    ``destination``): partner (name), partner_iso3, seizures, kg, top_substances."""
    top = corridors.head(rows)
    return top.select(
        # The reader's language names the other end (the data's names are English).
        text.named_in_language(top, "partner", country_name, source=f"{partner}_iso3"),
        pl.col(f"{partner}_iso3").alias("partner_iso3"),
        "seizures",
        "kg",
        text.named_in_language(top, "top_substances", text.vocabulary_list),
    )


def sources_of(dataset: Dataset, iso3: str) -> pl.DataFrame:
    ids = set(dataset.case_cube.filter(pl.col("country_iso3") == iso3)["source_id"].unique().to_list())
    ids |= set(dataset.annual.filter(pl.col("country_iso3") == iso3)["source_id"].unique().to_list())
    found = dataset.sources.filter(pl.col("source_id").is_in(list(ids)) | pl.col("is_demo").fill_null(False))
    return text.sources_in_words(registry_in_words(found).select("file_name", "edition", "citation", "licence"))
