"""The data every page reads: the store's cubes held in memory with lazy scans of its records, or the
demonstration data when nothing is imported. Pages get a ``Dataset`` and a ``ViewState`` and pass both to
``dashboard.query``, which aggregates the cubes (``dashboard.cubes``) and reads records only for drill-down, so a
server's memory grows with the cubes, not with the number of case records.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import polars as pl

from dashboard import cubes
from dashboard.access import min_cell
from dashboard.countries import set_unodc_membership, unodc_membership
from dashboard.i18n import _, language
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA
from dashboard.state import Vocabulary
from dashboard.store import Store, public_mode
from dashboard.text import citation

# The aggregates a server keeps per loaded dataset: every session of a process reads the same Dataset (the frame
# caches it per store version), so a view one user has opened costs the next user nothing. Small: each entry is one
# page's aggregate, not records.
RESULTS_KEPT = 512
_P = ParamSpec("_P")
_R = TypeVar("_R")


class Results:
    """A bounded, thread-safe memory of query results, least recently used first out."""

    def __init__(self, entries: int = RESULTS_KEPT) -> None:
        self._entries = entries
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], _R]) -> _R:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()  # outside the lock: two sessions may compute one key at once, never wait on each other
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self._entries:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forgets every result (a benchmark timing the queries themselves, not the memory of them)."""
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


def _hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return frozenset(value)
    hash(value)  # a TypeError here: the call is not kept (see ``per_view``)
    return value


def per_view(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Keeps what ``fn(dataset, ...)`` returns in the dataset's ``results``, per arguments and interface language.
    Only for pure aggregations of the dataset whose callers never change what they get (Polars frames, frozen
    dataclasses); a call with an argument that cannot be hashed is computed and not kept."""

    @functools.wraps(fn)
    def kept(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        dataset, rest = args[0], args[1:]
        try:
            key = (fn.__module__, fn.__qualname__, language(), _hashable(rest), _hashable(kwargs))
        except TypeError:
            return fn(*args, **kwargs)
        return dataset.results.get_or_compute(key, lambda: fn(*args, **kwargs))  # type: ignore[attr-defined]

    return kept


@dataclass(frozen=True)
class Dataset:
    cases: pl.DataFrame | pl.LazyFrame  # the case records: a lazy scan of the store (drill-down only), or a frame
    annual: pl.DataFrame  # every stored row; query.filter_annual applies the edition and total rules
    sources: pl.DataFrame
    is_demo: bool
    version: str
    # Where the data were read from: pages that read more of the store (licit trade, meetings) read the same one.
    store_root: Path | None = None
    public: bool = False  # a public view: case-record aggregates suppress small cells (``dashboard.disclosure``)
    store_cubes: cubes.Cubes | None = None  # the store's cubes; None: built in memory from the tables above
    use_cubes: bool = True  # False: aggregate the records themselves (the tests compare both)

    @cached_property
    def results(self) -> Results:
        """Aggregates computed on these data (``per_view``), shared by every session that reads them."""
        return Results()

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

    def store(self) -> Store:
        """The store these data were read from (the configured one for the demonstration data)."""
        return Store(self.store_root) if self.store_root is not None else Store()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        # The case cube has every column the vocabulary lists, at a fraction of the records' size.
        return build_vocabulary(self.case_cube, self.annual, min_count=min_cell() if self.public else 1)

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
        cited = [citation(c) for c in rows["citation"].unique(maintain_order=True).to_list() if c]
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

        demo_cases, demo_annual = demo.demo_cases(), demo.demo_annual()
        set_unodc_membership(unodc_membership(demo_annual, demo_cases))
        return Dataset(
            cases=demo_cases,
            annual=demo_annual,
            sources=demo.demo_sources(),
            is_demo=True,
            version="demo",
            store_root=store.root,
            public=public,
        )
    stored = cubes.load(store, sources)
    cases = store.scan("cases", public=public) if "cases" in sources["kind"] else pl.LazyFrame(schema=CASES_SCHEMA)
    annual = (
        store.scan("annual", public=public).collect()
        if "annual" in sources["kind"]
        else pl.DataFrame(schema=ANNUAL_SCHEMA)
    )
    # Which UNODC region and subregion each country is in: from the stored rows themselves (the latest edition
    # wins), never from a table of this project.
    set_unodc_membership(unodc_membership(annual, cases))
    mapping = spelling_mapping(stored.cases, annual)
    if mapping:  # one spelling per substance, in the records, the annual rows and both cubes alike
        fix = pl.col("substance").replace(mapping)
        cases, annual = cases.with_columns(fix), annual.with_columns(fix)
        stored = cubes.Cubes(cases=stored.cases.with_columns(fix), annual=stored.annual.with_columns(fix))
    return Dataset(
        cases=cases,
        annual=annual,
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
        store_root=store.root,
        public=public,
        store_cubes=stored,
    )


def spelling_mapping(cases: pl.DataFrame, annual: pl.DataFrame) -> dict[str, str]:
    """Each substance spelling that differs from another only in case or spacing (files and editions spell new
    psychoactive substances differently) -> the one kept; the name as reported stays in ``substance_as_reported``.
    ``cases`` may be the case cube: its ``records`` weigh each spelling."""
    from dashboard.substances import merged_spellings

    counts: dict[str, int] = {}
    for frame in (cases, annual):
        weight = pl.col("records").sum() if "records" in frame.columns else pl.len()
        for name, n in frame.group_by("substance").agg(weight.alias("n")).iter_rows():
            if name:
                counts[name] = counts.get(name, 0) + int(n)
    return merged_spellings(counts)


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
            # A cube's row stands for its ``records``: a value is held by that many records.
            weight = pl.col("records").sum() if "records" in frame.columns else pl.len()
            counts = frame.group_by(column).agg(weight.alias("n"))
            values.update(v for v, n in counts.iter_rows() if v and n >= min_count)
    return tuple(sorted(values))


def build_vocabulary(cases: pl.DataFrame, annual: pl.DataFrame, *, min_count: int = 1) -> Vocabulary:
    """The allowed filter values: from the case records (or their cube, which has the same columns) and the annual
    rows; ``min_count``: free-text values held by fewer records are not offered (a public view)."""
    from dashboard.countries import area_members, area_names, countries_frame, subregion_names, unodc_area_names

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
    # UNODC's regions, then its subregions, of the loaded store (``countries.set_unodc_membership``).
    unodc = [name for name in unodc_area_names() if countries.intersection(area_members([name]))]
    return Vocabulary(
        years=(int(min(years)), int(max(years))) if years else (2000, 2030),
        classes=_distinct(frames, "substance_class"),
        groups=_distinct(frames, "substance_group"),
        group_classes=_pairs(frames, "substance_group", "substance_class"),
        substances=_distinct(frames, "substance"),
        countries=tuple(sorted(countries)),
        regions=tuple(sorted(regions.to_list())),
        subregions=tuple(name for name in subregion_names() if name in areas) + tuple(unodc),
        unodc_areas=tuple(unodc),
        places=tuple(sorted(countries)) + tuple(areas) + tuple(unodc),
        conveyances=_distinct([cases], "conveyance", min_count),
        concealments=_distinct([cases], "concealment", min_count),
        routings=_distinct([cases], "routing", min_count),
        channels=_distinct([cases], "channel", min_count),
    )
