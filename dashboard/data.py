"""The data every page reads: the store's cubes held in memory with lazy scans of its records, or the
demonstration data when nothing is imported. Pages get a ``Dataset`` and a ``ViewState`` and pass both to
``dashboard.query``, which aggregates the cubes (``dashboard.cubes``) and reads records only for drill-down, so a
server's memory grows with the cubes, not with the number of case records.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

from dashboard import cubes
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA
from dashboard.state import Vocabulary
from dashboard.store import Store, public_mode


@dataclass(frozen=True)
class Dataset:
    cases: pl.DataFrame | pl.LazyFrame  # the case records: a lazy scan of the store (drill-down only), or a frame
    annual: pl.DataFrame  # every stored row; query.filter_annual applies the edition and total rules
    sources: pl.DataFrame
    is_demo: bool
    version: str
    store_cubes: cubes.Cubes | None = None  # the store's cubes; None: built in memory from the tables above
    use_cubes: bool = True  # False: aggregate the records themselves (the tests compare both)

    @cached_property
    def case_cube(self) -> pl.DataFrame:
        if self.store_cubes is not None:
            return self.store_cubes.cases
        return cubes.case_cube(self.cases.lazy()).collect()

    @cached_property
    def annual_cube(self) -> pl.DataFrame:
        if self.store_cubes is not None:
            return self.store_cubes.annual
        return cubes.annual_cube(self.annual.lazy()).collect()

    def case_rows(self) -> pl.LazyFrame:
        """What aggregations of case records read: the case cube, whose ``records`` column says how many records
        each row stands for (with ``use_cubes=False``, the records themselves, each standing for one)."""
        if self.use_cubes:
            return self.case_cube.lazy()
        return self.cases.lazy().with_columns(pl.lit(1, pl.Int64).alias(cubes.RECORDS))

    def annual_rows(self) -> pl.LazyFrame:
        """What aggregations of annual reports read: the annual cube (or the rows, with ``use_cubes=False``)."""
        if self.use_cubes:
            return self.annual_cube.lazy()
        return self.annual.lazy().with_columns(pl.lit(1, pl.Int64).alias(cubes.RECORDS))

    @cached_property
    def vocabulary(self) -> Vocabulary:
        # The case cube has every column the vocabulary lists, at a fraction of the records' size.
        return build_vocabulary(self.case_cube, self.annual)

    @property
    def citation(self) -> str:
        """One line naming every source of the seizure data."""
        cited = [c for c in self.sources["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else "no source"

    def citation_for(self, *, cases: bool, source_ids: list[str] | None = None) -> str:
        """The sources of the case records, or of the annual reports: a chart names only what it rests on.
        ``source_ids``: only these sources (those whose rows a view shows); none of them: "no source"."""
        kind = "cases" if cases else "annual"
        rows = self.sources.filter(self.sources["kind"] == kind) if "kind" in self.sources.columns else self.sources
        if source_ids is not None:
            rows = rows.filter(pl.col("source_id").is_in(source_ids))
            if rows.is_empty():
                return "none (no figure in this view)"
        cited = [c for c in rows["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else self.citation


def load_dataset(store: Store | None = None, *, public: bool | None = None) -> Dataset:
    """Read the store's cubes into memory (the records stay on disk, scanned lazily for drill-down); with nothing
    imported, generate the demonstration data instead.

    In a public view (``DASHBOARD_PUBLIC=1``, or ``public=True``) restricted sources are never read."""
    store = store or Store()
    public = public_mode() if public is None else public
    sources = store.sources(public=public)
    # Licit-trade or meeting imports alone leave the seizure pages on the demonstration data.
    sources = sources.filter(pl.col("kind").is_in(["cases", "annual"]))
    if sources.is_empty():
        from dashboard import demo

        return Dataset(
            cases=demo.demo_cases(),
            annual=demo.demo_annual(),
            sources=demo.demo_sources(),
            is_demo=True,
            version="demo",
        )
    return Dataset(
        cases=store.scan("cases", public=public) if "cases" in sources["kind"] else pl.LazyFrame(schema=CASES_SCHEMA),
        annual=store.scan("annual", public=public).collect()
        if "annual" in sources["kind"]
        else pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
        store_cubes=cubes.load(store, sources),
    )


def _distinct(frames: list[pl.DataFrame], column: str) -> tuple[str, ...]:
    values: set[str] = set()
    for frame in frames:
        if column in frame.columns and frame.height:
            values.update(v for v in frame[column].unique().to_list() if v)
    return tuple(sorted(values))


def build_vocabulary(cases: pl.DataFrame, annual: pl.DataFrame) -> Vocabulary:
    """The allowed filter values: from the case records (or their cube, which has the same columns) and the annual
    rows."""
    from dashboard.countries import countries_frame

    frames = [cases, annual]
    years = [y for f in frames if f.height for y in (f["year"].min(), f["year"].max()) if y is not None]
    country_columns = ["country_iso3", "producing_iso3", "departure_iso3", "destination_iso3"]
    countries: set[str] = set()
    for frame in frames:
        for column in country_columns:
            if column in frame.columns and frame.height:
                countries.update(v for v in frame[column].unique().to_list() if v)
    regions = countries_frame().filter(pl.col("iso3").is_in(list(countries)))["region"].drop_nulls().unique()
    return Vocabulary(
        years=(int(min(years)), int(max(years))) if years else (2000, 2030),
        classes=_distinct(frames, "substance_class"),
        groups=_distinct(frames, "substance_group"),
        substances=_distinct(frames, "substance"),
        countries=tuple(sorted(countries)),
        regions=tuple(sorted(regions.to_list())),
        conveyances=_distinct([cases], "conveyance"),
        concealments=_distinct([cases], "concealment"),
        routings=_distinct([cases], "routing"),
        channels=_distinct([cases], "channel"),
    )
