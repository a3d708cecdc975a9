"""The data every page reads: the store's tables held once in memory, or the demonstration data when nothing is
imported. Pages get a ``Dataset`` and a ``ViewState`` and pass both to ``dashboard.query``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from dashboard.access import min_cell
from dashboard.i18n import _
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA
from dashboard.state import Vocabulary
from dashboard.store import Store, public_mode


@dataclass(frozen=True)
class Dataset:
    cases: pl.DataFrame
    annual: pl.DataFrame  # every stored row; query.annual_view applies the edition and total rules
    sources: pl.DataFrame
    is_demo: bool
    version: str
    # Where the data were read from: pages that read more of the store (licit trade, meetings) read the same one.
    store_root: Path | None = None
    public: bool = False  # a public view: case-record aggregates suppress small cells (``dashboard.disclosure``)

    def store(self) -> Store:
        """The store these data were read from (the configured one for the demonstration data)."""
        return Store(self.store_root) if self.store_root is not None else Store()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return build_vocabulary(self.cases, self.annual, min_count=min_cell() if self.public else 1)

    @property
    def citation(self) -> str:
        """One line naming every source of the seizure data."""
        # A citation is the source's own words; only the project's demonstration citations are in the catalogue.
        cited = [_(c) for c in self.sources["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else _("no source")

    def citation_for(self, *, cases: bool, source_ids: list[str] | None = None) -> str:
        """The sources of the case records, or of the annual reports: a chart names only what it rests on.
        ``source_ids``: only these sources (those whose rows a view shows); none of them: "no source"."""
        kind = "cases" if cases else "annual"
        rows = self.sources.filter(self.sources["kind"] == kind) if "kind" in self.sources.columns else self.sources
        if source_ids is not None:
            rows = rows.filter(pl.col("source_id").is_in(source_ids))
            if rows.is_empty():
                return _("none (no figure in this view)")
        cited = [_(c) for c in rows["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else self.citation


def load_dataset(store: Store | None = None, *, public: bool | None = None) -> Dataset:
    """Read the store into memory once; with nothing imported, generate the demonstration data instead.

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
            store_root=store.root,
            public=public,
        )
    cases, annual = merge_substance_spellings(
        store.scan("cases", public=public).collect()
        if "cases" in sources["kind"]
        else pl.DataFrame(schema=CASES_SCHEMA),
        store.scan("annual", public=public).collect()
        if "annual" in sources["kind"]
        else pl.DataFrame(schema=ANNUAL_SCHEMA),
    )
    return Dataset(
        cases=cases,
        annual=annual,
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
        store_root=store.root,
        public=public,
    )


def merge_substance_spellings(cases: pl.DataFrame, annual: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both tables with one spelling for each substance whose names differ only in case or spacing (files and
    editions spell new psychoactive substances differently); the name as reported stays in ``substance_as_reported``."""
    from dashboard.substances import merged_spellings

    names = [*cases["substance"].to_list(), *annual["substance"].to_list()]
    mapping = merged_spellings(names)
    if not mapping:
        return cases, annual
    fix = pl.col("substance").replace(mapping)
    return cases.with_columns(fix), annual.with_columns(fix)


def _pairs(frames: list[pl.DataFrame], first: str, second: str) -> tuple[tuple[str, str], ...]:
    pairs: set[tuple[str, str]] = set()
    for frame in frames:
        if first in frame.columns and second in frame.columns and frame.height:
            pairs.update((a, b) for a, b in frame.select(first, second).unique().iter_rows() if a and b)
    return tuple(sorted(pairs))


def _distinct(frames: list[pl.DataFrame], column: str, min_count: int = 1) -> tuple[str, ...]:
    """The values of ``column``; with ``min_count`` only those that many rows hold (in a public view a free-text
    value of one or two case records, such as a concealment, would describe those records)."""
    values: set[str] = set()
    for frame in frames:
        if column in frame.columns and frame.height:
            counts = frame[column].value_counts()
            values.update(v for v, n in counts.iter_rows() if v and n >= min_count)
    return tuple(sorted(values))


def build_vocabulary(cases: pl.DataFrame, annual: pl.DataFrame, *, min_count: int = 1) -> Vocabulary:
    from dashboard.countries import area_members, area_names, countries_frame, subregion_names

    frames = [cases, annual]
    years = [y for f in frames if f.height for y in (f["year"].min(), f["year"].max()) if y is not None]
    country_columns = ["country_iso3", "producing_iso3", "departure_iso3", "destination_iso3"]
    countries: set[str] = set()
    for frame in frames:
        for column in country_columns:
            if column in frame.columns and frame.height:
                countries.update(v for v in frame[column].unique().to_list() if v)
    regions = countries_frame().filter(pl.col("iso3").is_in(list(countries)))["region"].drop_nulls().unique()
    # An area is offered when a country of the data is in it.
    areas = [name for name in area_names() if countries.intersection(area_members([name]))]
    return Vocabulary(
        years=(int(min(years)), int(max(years))) if years else (2000, 2030),
        classes=_distinct(frames, "substance_class"),
        groups=_distinct(frames, "substance_group"),
        group_classes=_pairs(frames, "substance_group", "substance_class"),
        substances=_distinct(frames, "substance"),
        countries=tuple(sorted(countries)),
        regions=tuple(sorted(regions.to_list())),
        subregions=tuple(name for name in subregion_names() if name in areas),
        places=tuple(sorted(countries)) + tuple(areas),
        conveyances=_distinct([cases], "conveyance", min_count),
        concealments=_distinct([cases], "concealment", min_count),
        routings=_distinct([cases], "routing", min_count),
        channels=_distinct([cases], "channel", min_count),
    )
