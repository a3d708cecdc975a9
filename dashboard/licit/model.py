"""The licit-trade tables, what the store holds of them, and one selection of them.

Two canonical tables, stored like the seizure tables (``store.register_table``):

* ``authorisations``: one row per import/export authorisation (quantities in kilograms of anhydrous base);
* ``estimates``: one row per country, substance, year and published figure (an estimate for narcotic drugs, an
  assessment for psychotropic substances, or a precursor's annual legitimate requirement entered as an assessment).

``load_licit`` reads them (never a restricted source in a public view), or gives the demonstration tables when
neither kind has been imported. ``resolve_selection`` checks one importing country, substance and year (e.g. from a
link) against the data, and ``selection_view`` gives what a page shows for it. The rules are in
``dashboard.licit.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

from dashboard.i18n import _, language
from dashboard.licit import demo, rules
from dashboard.schema import conform
from dashboard.state import shown
from dashboard.store import Store, public_mode, register_table

AUTHORISATIONS = "authorisations"
ESTIMATES = "estimates"

STATUSES = ("issued", "used", "expired", "cancelled", "pending")
ESTIMATE_KINDS = ("estimate", "assessment")

AUTHORISATIONS_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.String(),  # stable: source_id + source_row
    "authorisation_id": pl.String(),  # the authorisation's number as issued
    "exporting_iso3": pl.String(),
    "importing_iso3": pl.String(),
    "substance": pl.String(),  # canonical name (dashboard.substances)
    "substance_class": pl.String(),  # drug, precursor, nps, ods_hfc
    "quantity_kg": pl.Float64(),  # authorised, kilograms of anhydrous base
    "issued_date": pl.Date(),  # date of issue (for a pending authorisation: of the application)
    "shipment_date": pl.Date(),  # null until shipped
    "status": pl.String(),  # issued, used, expired, cancelled, pending
    "quantity_received_kg": pl.Float64(),  # null until the importing country confirms receipt
    "year": pl.Int32(),  # the estimate year the authorisation counts against (default: year of issue)
    "source_id": pl.String(),
    "source_row": pl.Int64(),  # row number as a person sees it in the input file
}

ESTIMATES_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.String(),
    "country_iso3": pl.String(),
    "substance": pl.String(),
    "substance_class": pl.String(),
    "year": pl.Int32(),
    "estimate_kg": pl.Float64(),  # zero is a real estimate: any import exceeds it
    "kind": pl.String(),  # estimate | assessment
    "published_date": pl.Date(),  # null when not known; the latest published figure is the one in force
    "source_id": pl.String(),
    "source_row": pl.Int64(),
}

TABLES = {AUTHORISATIONS: AUTHORISATIONS_SCHEMA, ESTIMATES: ESTIMATES_SCHEMA}
for _kind, _schema in TABLES.items():
    register_table(_kind, _schema)


# ---- the data ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LicitData:
    authorisations: pl.DataFrame  # AUTHORISATIONS_SCHEMA
    estimates: pl.DataFrame  # ESTIMATES_SCHEMA
    sources: pl.DataFrame  # the registry rows the tables come from
    is_demo: bool
    version: str

    @cached_property
    def balance(self) -> pl.DataFrame:
        return rules.running_balance(self.authorisations, self.estimates)

    @property
    def flags(self) -> pl.DataFrame:
        """The flags, their reasons written in the reader's language (kept once per language)."""
        kept = self.__dict__.setdefault("_flags_by_language", {})
        if language() not in kept:
            kept[language()] = rules.flag_table(self.balance)
        return kept[language()]

    @cached_property
    def summary(self) -> pl.DataFrame:
        return rules.balance_summary(self.balance, self.estimates)

    @property
    def citation(self) -> str:
        cited = [_(c) for c in self.sources["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else _("no source")

    def importing_countries(self) -> list[str]:
        """Countries with an authorisation to import or an estimate, sorted by code."""
        codes = set(self.authorisations["importing_iso3"].to_list()) | set(self.estimates["country_iso3"].to_list())
        return sorted(c for c in codes if c)

    def substances_of(self, country: str) -> list[str]:
        """Substances the country imports under authorisation or has an estimate for."""
        imported = self.authorisations.filter(pl.col("importing_iso3") == country)["substance"].to_list()
        estimated = self.estimates.filter(pl.col("country_iso3") == country)["substance"].to_list()
        return sorted(set(imported) | set(estimated))

    def years_of(self, country: str, substance: str) -> list[int]:
        """Years with an authorisation or an estimate for the country and substance, latest first."""
        imported = self.authorisations.filter(
            (pl.col("importing_iso3") == country) & (pl.col("substance") == substance)
        )["year"].to_list()
        estimated = self.estimates.filter((pl.col("country_iso3") == country) & (pl.col("substance") == substance))[
            "year"
        ].to_list()
        return sorted({int(y) for y in [*imported, *estimated] if y is not None}, reverse=True)


def latest_authorisations(authorisations: pl.DataFrame) -> pl.DataFrame:
    """One row per authorisation (number, exporting and importing country): the one imported last wins, so a later
    file can update a status or a quantity received. Rows are in import order, as ``Store.scan`` gives them."""
    if authorisations.is_empty():
        return authorisations
    return authorisations.unique(
        subset=["authorisation_id", "exporting_iso3", "importing_iso3"], keep="last", maintain_order=True
    )


def load_licit(store: Store | None = None, *, public: bool | None = None) -> LicitData:
    """The imported licit-trade tables, or the demonstration tables when neither kind has been imported.

    When only one kind is imported the other stays empty (never demonstration rows mixed with real ones). In a public
    view (``DASHBOARD_PUBLIC=1``, or ``public=True``) restricted sources are never read, as for the seizure data."""
    store = store or Store()
    public = public_mode() if public is None else public
    sources = store.sources(public=public).filter(pl.col("kind").is_in(list(TABLES)))
    if sources.is_empty():
        return demo_data()
    return LicitData(
        authorisations=latest_authorisations(store.scan(AUTHORISATIONS, public=public).collect()),
        estimates=store.scan(ESTIMATES, public=public).collect(),
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
    )


def demo_data() -> LicitData:
    """The demonstration authorisations and estimates (``dashboard.licit.demo``) in their canonical schemas."""
    tables = {kind: conform(demo.rows(kind), schema) for kind, schema in TABLES.items()}
    return LicitData(
        authorisations=tables[AUTHORISATIONS],
        estimates=tables[ESTIMATES],
        sources=demo.sources({kind: table.height for kind, table in tables.items()}),
        is_demo=True,
        version="demo",
    )


# ---- one selection -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    country: str | None  # importing country (ISO3)
    substance: str | None
    year: int | None

    @property
    def complete(self) -> bool:
        return self.country is not None and self.substance is not None and self.year is not None


@dataclass(frozen=True)
class SelectionView:
    """What a page shows for one importing country, substance and year."""

    selection: Selection
    rows: pl.DataFrame  # running_balance rows, in balance order
    flags: pl.DataFrame  # FLAG_SCHEMA rows
    estimate_kg: float | None  # the estimate in force; None when none is known
    estimate_kind: str  # estimate | assessment ("estimate" when none is known)
    authorised_kg: float  # the counted total

    @property
    def excess_kg(self) -> float | None:
        """How far the counted total is above the estimate (beyond rounding); None when it is not, or none is known."""
        if self.estimate_kg is None or self.authorised_kg <= self.estimate_kg + rules.TOLERANCE_KG:
            return None
        return self.authorised_kg - self.estimate_kg


def selection_view(data: LicitData, selection: Selection) -> SelectionView:
    """Rows, flags, estimate and counted total of one importing country, substance and year."""
    key = (
        (pl.col("importing_iso3") == selection.country)
        & (pl.col("substance") == selection.substance)
        & (pl.col("year") == selection.year)
    )
    rows = data.balance.filter(key)
    summary = data.summary.filter(key)
    estimate = summary["estimate_kg"][0] if summary.height else None
    kind = (summary["estimate_kind"][0] if summary.height else None) or "estimate"
    return SelectionView(
        selection=selection,
        rows=rows,
        flags=data.flags.filter(key),
        estimate_kg=estimate,
        estimate_kind=kind,
        authorised_kg=float(rows["counted_kg"].sum()) if rows.height else 0.0,
    )


def default_selection(data: LicitData) -> Selection:
    """What the page opens on: the first authorisation above its estimate, else the first balance of the data."""
    exceeding = data.flags.filter(pl.col("flag") == rules.FLAG_EXCEEDS)
    if exceeding.height:
        row = exceeding.row(0, named=True)
        return Selection(row["importing_iso3"], row["substance"], row["year"])
    if data.summary.height:
        row = data.summary.sort("year", descending=True, maintain_order=True).row(0, named=True)
        return Selection(row["importing_iso3"], row["substance"], row["year"])
    return Selection(None, None, None)


def default_substance(data: LicitData, country: str) -> str | None:
    """The substance shown for a country when none is chosen: the default selection's, else the first."""
    default = default_selection(data)
    options = data.substances_of(country)
    if default.country == country and default.substance in options:
        return default.substance
    return options[0] if options else None


def default_year(data: LicitData, country: str, substance: str) -> int | None:
    """The year shown for a country and substance when none is chosen: the default selection's, else the latest."""
    default = default_selection(data)
    years = data.years_of(country, substance)
    if (default.country, default.substance) == (country, substance) and default.year in years:
        return default.year
    return years[0] if years else None


def resolve_selection(
    data: LicitData, country: str | None, substance: str | None, year: str | int | None
) -> tuple[Selection, list[str]]:
    """The selection asked for (e.g. by URL parameters), each part checked against the data; a part that is not in
    the data falls back to the default (with a notice), and a part left out follows from the ones before it."""
    notices: list[str] = []
    if country is not None and country not in data.importing_countries():
        notices.append(f"importing country {shown(country)} has no authorisation or estimate in the data")
        country = None
    country = country or default_selection(data).country
    if country is None:
        return Selection(None, None, None), notices
    if substance is not None and substance not in data.substances_of(country):
        notices.append(f"substance {shown(substance)} has no authorisation or estimate for {country}")
        substance = None
    substance = substance or default_substance(data, country)
    chosen = _year(year, data.years_of(country, substance))
    if year is not None and chosen is None:
        notices.append(f"year {shown(str(year))} has no authorisation or estimate for {country} and {substance}")
    return Selection(country, substance, chosen or default_year(data, country, substance)), notices


def _year(year: str | int | None, years: list[int]) -> int | None:
    text = str(year)
    return int(text) if text.isdigit() and int(text) in years else None
