"""The data every page reads: the store's tables held once in memory, or the demonstration data when nothing is
imported. Pages get a ``Dataset`` and a ``ViewState`` and pass both to ``dashboard.query``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

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

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return build_vocabulary(self.cases, self.annual)

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
        )
    return Dataset(
        cases=store.scan("cases", public=public).collect()
        if "cases" in sources["kind"]
        else pl.DataFrame(schema=CASES_SCHEMA),
        annual=store.scan("annual", public=public).collect()
        if "annual" in sources["kind"]
        else pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
    )


def _distinct(frames: list[pl.DataFrame], column: str) -> tuple[str, ...]:
    values: set[str] = set()
    for frame in frames:
        if column in frame.columns and frame.height:
            values.update(v for v in frame[column].unique().to_list() if v)
    return tuple(sorted(values))


def build_vocabulary(cases: pl.DataFrame, annual: pl.DataFrame) -> Vocabulary:
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
