"""The Overview's key findings, computed from the data in view: what changed most, record years, who reported (and
who did not), the corridor that grew most and where the largest region of destination is fed from. Pure Polars: each
finding is a fact with its figures; ``text.finding_sentences`` writes them as sentences.

Honest comparisons: a change between two years is computed over the countries that reported the group in both years
(like for like), never between two sums over different sets of countries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from dashboard import query
from dashboard.countries import SPECIAL_CODES, countries_frame
from dashboard.data import Dataset
from dashboard.state import ViewState

MIN_BASE_KG = 1000.0  # a change is only news from at least a tonne the year before: 5 kg -> 50 kg is not "+900 %"
NAMED = 15  # countries named in a sentence, the rest counted (a reader asks "who did not report?": name them)


@dataclass(frozen=True)
class Change:
    group: str
    year: int
    value: float  # kilograms in ``year``, countries that reported both years
    previous: float  # kilograms the year before, the same countries
    countries: int  # how many countries both figures rest on

    @property
    def change_pct(self) -> float:
        return (self.value / self.previous - 1) * 100


@dataclass(frozen=True)
class Record:
    group: str
    year: int  # the year with the largest figure
    value: float
    latest: int  # the latest year in view
    previous_high: float | None = None  # the largest figure before ``year`` (when the record is the latest year)
    previous_year: int | None = None


@dataclass(frozen=True)
class Reporting:
    year: int
    first_time: list[str] = field(default_factory=list)  # country names: a figure this year, none before in view
    stopped: list[str] = field(default_factory=list)  # a figure the year before, none this year
    reporting: int = 0
    since: int | None = None  # the first year of the view: "first time" means since then


@dataclass(frozen=True)
class Growth:
    origin: str
    destination: str
    origin_iso3: str
    destination_iso3: str
    year: int
    value: float
    previous: float | None  # null: no kilogram on the corridor the year before


@dataclass(frozen=True)
class Feed:
    region: str  # the region of destination receiving the most kilograms
    source: str  # the subregion of origin that sends it the most
    share_pct: float  # of the region's kilograms on corridors with both ends known
    total: float
    top_origin: str
    top_destination: str
    first_year: int
    last_year: int


@dataclass(frozen=True)
class Findings:
    change: Change | None
    record: Record | None
    reporting: Reporting | None
    growth: Growth | None
    feed: Feed | None


def findings(data: Dataset, state: ViewState, corridors: pl.DataFrame | None = None) -> Findings:
    """The findings of the view; ``corridors``: ``query.corridors(data, state).frame`` when the caller has it."""
    annual = state.with_(dataset="annual", measure="kg")
    per_country = _per_country_group(data, annual)
    routes = corridors if corridors is not None else query.corridors(data, state.with_(measure="kg")).frame
    return Findings(
        change=largest_rise(per_country),
        record=record_year(per_country),
        reporting=reporting(per_country),
        growth=fastest_corridor(data, state.with_(measure="kg")),
        feed=largest_feed(data, state, routes),
    )


def _per_country_group(data: Dataset, state: ViewState) -> pl.DataFrame:
    """Kilograms per country, year and substance group (totals not added to their parts); reported figures only."""
    lf = query.annual_kg(query.filter_annual(data, state), ["country_iso3", "year", "substance_group"])
    return lf.filter(pl.col("value").is_not_null()).collect()


def largest_rise(per_country: pl.DataFrame) -> Change | None:
    """The group whose kilograms rose most, in per cent, from the year before to the latest year of the view, over
    the countries that reported it both years; a base under ``MIN_BASE_KG`` does not count."""
    if per_country.is_empty():
        return None
    latest = int(per_country["year"].max())
    now = per_country.filter(pl.col("year") == latest)
    before = per_country.filter(pl.col("year") == latest - 1)
    both = now.join(before, on=["country_iso3", "substance_group"], suffix="_before")
    grouped = (
        both.group_by("substance_group")
        .agg(pl.col("value").sum(), pl.col("value_before").sum(), pl.len().alias("countries"))
        .filter(pl.col("value_before") >= MIN_BASE_KG)
        .with_columns((pl.col("value") / pl.col("value_before")).alias("ratio"))
        .sort(["ratio", "substance_group"], descending=[True, False])
    )
    if grouped.is_empty():
        return None
    row = grouped.row(0, named=True)
    return Change(row["substance_group"], latest, row["value"], row["value_before"], row["countries"])


def record_year(per_country: pl.DataFrame) -> Record | None:
    """A group whose latest year is its largest in view (the largest such group); else the largest group's record."""
    if per_country.is_empty():
        return None
    totals = per_country.group_by("substance_group", "year").agg(pl.col("value").sum())
    latest = int(totals["year"].max())
    best = (
        totals.sort(["value", "year"], descending=[True, True]).group_by("substance_group", maintain_order=True).first()
    )
    at_latest = best.filter(pl.col("year") == latest).sort("value", descending=True)
    if at_latest.height:
        row = at_latest.row(0, named=True)
        earlier = totals.filter((pl.col("substance_group") == row["substance_group"]) & (pl.col("year") < latest))
        high = earlier.sort("value", descending=True).head(1)
        return Record(
            row["substance_group"],
            latest,
            row["value"],
            latest,
            high["value"][0] if high.height else None,
            high["year"][0] if high.height else None,
        )
    largest = best.sort("value", descending=True).row(0, named=True)
    return Record(largest["substance_group"], largest["year"], largest["value"], latest)


def reporting(per_country: pl.DataFrame) -> Reporting | None:
    """Who reported a figure (for any group) in the latest year of the view for the first time, and who reported the
    year before but not in the latest year."""
    years = per_country.select("country_iso3", "year").unique()
    if years.is_empty():
        return None
    latest = int(years["year"].max())
    now = set(years.filter(pl.col("year") == latest)["country_iso3"].to_list())
    before = set(years.filter(pl.col("year") == latest - 1)["country_iso3"].to_list())
    earlier = set(years.filter(pl.col("year") < latest)["country_iso3"].to_list())
    names = dict(countries_frame().select("iso3", "name").iter_rows())
    first_time = sorted(names.get(c, c) for c in now - earlier) if earlier else []
    stopped = sorted(names.get(c, c) for c in before - now)
    return Reporting(latest, first_time, stopped, len(now), int(years["year"].min()))


def fastest_corridor(data: Dataset, state: ViewState) -> Growth | None:
    """The corridor of the case records whose kilograms grew most, in tonnes, from the year before to the last
    year of the case records in view (the same rules as the Routes page: ``query.corridors``)."""
    first, last = query.view_years(data, state, cases=True)
    if data.case_cube.is_empty() or last <= first:
        return None
    per_year = query.corridor_years(data, state.with_(year_from=last - 1, year_to=last))
    keys = ["origin_iso3", "destination_iso3"]
    now = per_year.filter((pl.col("year") == last) & pl.col("kg").is_not_null())
    before = per_year.filter(pl.col("year") == last - 1).select(*keys, pl.col("kg").alias("kg_before"))
    joined = now.join(before, on=keys, how="left")
    if joined.is_empty():
        return None
    grown = joined.with_columns((pl.col("kg") - pl.col("kg_before").fill_null(0.0)).alias("growth"))
    row = grown.sort(["growth", *keys], descending=[True, False, False]).row(0, named=True)
    if row["growth"] <= 0:
        return None
    names = dict(countries_frame().select("iso3", "name").iter_rows())
    return Growth(
        names.get(row["origin_iso3"], row["origin_iso3"]),
        names.get(row["destination_iso3"], row["destination_iso3"]),
        row["origin_iso3"],
        row["destination_iso3"],
        last,
        row["kg"],
        row["kg_before"],
    )


def largest_feed(data: Dataset, state: ViewState, corridors: pl.DataFrame) -> Feed | None:
    """The region of destination that the case records' corridors (``query.corridors``) bring the most kilograms
    to, and the subregion of origin that sends it the largest share (corridors within the region itself included)."""
    found = corridors.filter(pl.col("kg").is_not_null())
    found = found.filter(~pl.col("origin_iso3").is_in(list(SPECIAL_CODES)))
    if found.is_empty():
        return None
    places = countries_frame().select("iso3", "region", "subregion")
    frame = found.join(
        places.select(pl.col("iso3").alias("destination_iso3"), pl.col("region").alias("to_region")),
        on="destination_iso3",
    ).join(places.select(pl.col("iso3").alias("origin_iso3"), pl.col("subregion").alias("from_sub")), on="origin_iso3")
    frame = frame.drop_nulls(["to_region", "from_sub"])
    if frame.is_empty():
        return None
    region = frame.group_by("to_region").agg(pl.col("kg").sum()).sort(["kg", "to_region"], descending=[True, False])
    to_region, total = region.row(0)
    into = frame.filter(pl.col("to_region") == to_region)
    sources = into.group_by("from_sub").agg(pl.col("kg").sum()).sort(["kg", "from_sub"], descending=[True, False])
    source, amount = sources.row(0)
    top = into.filter(pl.col("from_sub") == source).sort("kg", descending=True).row(0, named=True)
    first, last = query.view_years(data, state, cases=True)
    return Feed(
        to_region,
        source,
        amount / total * 100,
        total,
        top["origin_country_name"] or top["origin_iso3"],
        top["destination_country_name"] or top["destination_iso3"],
        first,
        last,
    )
