"""Licit trade against estimates: import and export authorisations, annual estimates and assessments, and the rules
INCB's International Import and Export Authorization System (I2ES) applies to them.

Two canonical tables, stored like the seizure tables (``store.register_table``):

* ``authorisations``: one row per import/export authorisation (quantities in kilograms of anhydrous base);
* ``estimates``: one row per country, substance, year and published figure (an estimate for narcotic drugs, an
  assessment for psychotropic substances, or a precursor's annual legitimate requirement entered as an assessment).

The rules, as pure Polars (``docs/licit-trade.md`` says the same in plain words):

* **Running balance.** Per importing country, substance and year, authorisations are taken in issue-date order (ties:
  authorisation number, exporting country, file row) and their counted quantities added up. Issued, used and pending
  authorisations count with the quantity authorised; a cancelled one counts nothing; an expired one counts only what
  was received under it (nothing when no receipt is recorded).
* **The estimate in force** for a country, substance and year is the latest published one (``published_date``; a
  figure without a date ranks before dated ones; among equals the one imported last, and in a file the lower row).
* ``exceeds_estimate`` (the I2ES warning): an authorisation whose counted quantity leaves the running total *above*
  the estimate. A total exactly at the estimate is not a warning; differences under ``TOLERANCE_KG`` (1 mg) are
  rounding. The first such authorisation *crosses* the estimate; later ones add to a total already above it.
* ``received_differs``: a quantity received other than the quantity authorised, less or more, with the difference
  (received minus authorised). The exporting country is the one to tell.
* ``no_estimate``: no estimate or assessment is known for the importing country, substance and year. This is its
  own flag: the authorisation cannot be checked, and it is never compared with zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

from dashboard.store import Store, register_table

AUTHORISATIONS = "authorisations"
ESTIMATES = "estimates"

STATUSES = ("issued", "used", "expired", "cancelled", "pending")
COUNTED_STATUSES = ("issued", "used", "pending")  # count with the quantity authorised
ESTIMATE_KINDS = ("estimate", "assessment")
TOLERANCE_KG = 1e-6  # 1 mg: differences below this are rounding, not a warning

FLAG_EXCEEDS = "exceeds_estimate"
FLAG_RECEIVED = "received_differs"
FLAG_NO_ESTIMATE = "no_estimate"
FLAGS = {
    FLAG_EXCEEDS: "Exceeds the estimate (I2ES warning)",
    FLAG_RECEIVED: "Quantity received differs from the quantity authorised",
    FLAG_NO_ESTIMATE: "No estimate known: cannot be checked",
}

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

register_table(AUTHORISATIONS, AUTHORISATIONS_SCHEMA)
register_table(ESTIMATES, ESTIMATES_SCHEMA)

_GROUP = ["importing_iso3", "substance", "year"]
_ORDER = [*_GROUP, "issued_date", "authorisation_id", "exporting_iso3", "source_id", "source_row"]

FLAG_SCHEMA: dict[str, pl.DataType] = {
    "flag": pl.String(),
    "authorisation_id": pl.String(),
    "exporting_iso3": pl.String(),
    "importing_iso3": pl.String(),
    "substance": pl.String(),
    "year": pl.Int32(),
    "issued_date": pl.Date(),
    "status": pl.String(),
    "quantity_kg": pl.Float64(),
    "quantity_received_kg": pl.Float64(),
    "cumulative_kg": pl.Float64(),
    "estimate_kg": pl.Float64(),
    "difference_kg": pl.Float64(),  # excess over the estimate, or received minus authorised; null for no_estimate
    "reason": pl.String(),
    "source_id": pl.String(),
    "source_row": pl.Int64(),
}


# ---- the estimate in force ---------------------------------------------------------------------------------------
def current_estimates(estimates: pl.DataFrame) -> pl.DataFrame:
    """One row per country, substance and year: the latest published estimate (see the module's rules), with
    ``versions`` = how many figures were given for it."""
    key = ["country_iso3", "substance", "year"]
    if estimates.is_empty():
        return estimates.select(*key, "estimate_kg", "kind", "published_date", "source_id").with_columns(
            pl.lit(0, pl.UInt32).alias("versions")
        )
    ranked = estimates.with_row_index("__order").sort(
        ["published_date", "__order"], nulls_last=False, maintain_order=True
    )
    return (
        ranked.group_by(key, maintain_order=True)
        .agg(
            pl.col("estimate_kg").last(),
            pl.col("kind").last(),
            pl.col("published_date").last(),
            pl.col("source_id").last(),
            pl.len().alias("versions"),
        )
        .sort(key)
    )


# ---- the running balance -----------------------------------------------------------------------------------------
def counted_kg() -> pl.Expr:
    """The quantity an authorisation takes from the estimate: authorised for issued, used and pending ones; what was
    received for an expired one (nothing when no receipt is recorded); nothing for a cancelled one."""
    status = pl.col("status")
    return (
        pl.when(status.is_in(list(COUNTED_STATUSES)))
        .then(pl.col("quantity_kg"))
        .when(status == "expired")
        .then(pl.col("quantity_received_kg").fill_null(0.0))
        .otherwise(pl.lit(0.0))
        .alias("counted_kg")
    )


def running_balance(authorisations: pl.DataFrame, estimates: pl.DataFrame) -> pl.DataFrame:
    """Every authorisation in balance order with ``counted_kg``, ``cumulative_kg`` (running total of its importing
    country, substance and year), ``previous_kg``, the estimate in force (``estimate_kg``, ``estimate_kind``;
    null when none is known), ``remaining_kg``, ``has_estimate``, ``exceeds_estimate`` (null without an estimate),
    ``crosses_estimate`` (the authorisation that first goes above it) and ``sequence`` (1, 2, ... in the group)."""
    current = current_estimates(estimates).select(
        pl.col("country_iso3").alias("importing_iso3"),
        "substance",
        "year",
        "estimate_kg",
        pl.col("kind").alias("estimate_kind"),
    )
    frame = authorisations.sort(_ORDER, nulls_last=True, maintain_order=True).with_columns(counted_kg())
    frame = frame.with_columns(
        pl.col("counted_kg").cum_sum().over(_GROUP).alias("cumulative_kg"),
        pl.int_range(1, pl.len() + 1).over(_GROUP).alias("sequence"),
    ).with_columns((pl.col("cumulative_kg") - pl.col("counted_kg")).alias("previous_kg"))
    frame = frame.join(current, on=_GROUP, how="left", maintain_order="left")
    has = pl.col("estimate_kg").is_not_null()
    above = pl.col("cumulative_kg") > pl.col("estimate_kg") + TOLERANCE_KG
    was_above = pl.col("previous_kg") > pl.col("estimate_kg") + TOLERANCE_KG
    exceeds = pl.when(has).then((pl.col("counted_kg") > 0) & above).otherwise(None)
    return frame.with_columns(
        has.alias("has_estimate"),
        (pl.col("estimate_kg") - pl.col("cumulative_kg")).alias("remaining_kg"),
        exceeds.alias("exceeds_estimate"),
        pl.when(has).then(exceeds & ~was_above).otherwise(None).alias("crosses_estimate"),
    )


def balance_summary(balance: pl.DataFrame, estimates: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per importing country, substance and year: the estimate, what was authorised (counted), what remains, the
    share used (null without an estimate, or with an estimate of zero), and how many authorisations were flagged.
    With ``estimates``, a country, substance and year with an estimate but no authorisation is listed too."""
    summary = balance.group_by(_GROUP, maintain_order=True).agg(
        pl.col("estimate_kg").first(),
        pl.col("estimate_kind").first(),
        pl.col("counted_kg").sum().alias("authorised_kg"),
        pl.len().alias("authorisations"),
        pl.col("exceeds_estimate").fill_null(False).sum().alias("exceeding"),
        _received_differs().sum().alias("received_differs"),
    )
    if estimates is not None and estimates.height:
        unused = (
            current_estimates(estimates)
            .select(
                pl.col("country_iso3").alias("importing_iso3"),
                "substance",
                "year",
                "estimate_kg",
                pl.col("kind").alias("estimate_kind"),
                pl.lit(0.0).alias("authorised_kg"),
                pl.lit(0, pl.UInt32).alias("authorisations"),
                pl.lit(0, pl.UInt32).alias("exceeding"),
                pl.lit(0, pl.UInt32).alias("received_differs"),
            )
            .join(summary.select(_GROUP), on=_GROUP, how="anti")
        )
        summary = pl.concat([summary, unused.cast(summary.schema)])
    used = (
        pl.when(pl.col("estimate_kg") > 0)
        .then(pl.col("authorised_kg") / pl.col("estimate_kg") * 100)
        .otherwise(None)
        .alias("used_pct")
    )
    return (
        summary.with_columns((pl.col("estimate_kg") - pl.col("authorised_kg")).alias("remaining_kg"))
        .with_columns(used)
        .sort(_GROUP)
    )


def _received_differs() -> pl.Expr:
    difference = pl.col("quantity_received_kg") - pl.col("quantity_kg")
    return (pl.col("quantity_received_kg").is_not_null() & (difference.abs() > TOLERANCE_KG)).fill_null(False)


# ---- flags -------------------------------------------------------------------------------------------------------
def flag_table(balance: pl.DataFrame, names: dict[str, str] | None = None) -> pl.DataFrame:
    """The flag table (``FLAG_SCHEMA``): one row per authorisation and flag, with a reason in plain language.

    ``balance`` is the output of :func:`running_balance`; ``names`` maps ISO3 codes to the names used in reasons
    (by default the project's country table).
    """
    if names is None:
        from dashboard.countries import country_name

        def name(code: str) -> str:
            return country_name(code)
    else:

        def name(code: str) -> str:
            return names.get(code, code)

    rows: list[dict] = []
    exceeding = balance.filter(pl.col("exceeds_estimate").fill_null(False))
    for r in exceeding.iter_rows(named=True):
        excess = r["cumulative_kg"] - r["estimate_kg"]
        what = f"{r['substance']} into {name(r['importing_iso3'])} in {r['year']}"
        if r["crosses_estimate"]:
            reason = (
                f"Authorisation {r['authorisation_id']} ({kg(r['counted_kg'])} from {name(r['exporting_iso3'])}) "
                f"takes authorised imports of {what} to {kg(r['cumulative_kg'])}, {kg(excess)} above the "
                f"{r['estimate_kind']} of {kg(r['estimate_kg'])}."
            )
        else:
            reason = (
                f"Authorisation {r['authorisation_id']} ({kg(r['counted_kg'])} from {name(r['exporting_iso3'])}) "
                f"adds to authorised imports of {what} that are already above the {r['estimate_kind']} of "
                f"{kg(r['estimate_kg'])}: the total is now {kg(r['cumulative_kg'])}, {kg(excess)} above it."
            )
        rows.append(_flag_row(FLAG_EXCEEDS, r, excess, reason))

    differing = balance.filter(_received_differs())
    for r in differing.iter_rows(named=True):
        difference = r["quantity_received_kg"] - r["quantity_kg"]
        direction = "less" if difference < 0 else "more"
        reason = (
            f"{kg(r['quantity_received_kg'])} of {r['substance']} received in {name(r['importing_iso3'])} under "
            f"authorisation {r['authorisation_id']} for {kg(r['quantity_kg'])}: {kg(abs(difference))} {direction} "
            f"than authorised. The exporting country ({name(r['exporting_iso3'])}) should be told."
        )
        rows.append(_flag_row(FLAG_RECEIVED, r, difference, reason))

    unchecked = balance.filter(~pl.col("has_estimate") & (pl.col("status") != "cancelled"))
    for r in unchecked.iter_rows(named=True):
        reason = (
            f"No estimate or assessment of {r['substance']} for {name(r['importing_iso3'])} in {r['year']} is known, "
            f"so authorisation {r['authorisation_id']} ({kg(r['quantity_kg'])} from {name(r['exporting_iso3'])}) "
            "cannot be checked. This is not an estimate of zero."
        )
        rows.append(_flag_row(FLAG_NO_ESTIMATE, r, None, reason))

    table = pl.DataFrame(rows, schema=FLAG_SCHEMA, orient="row") if rows else pl.DataFrame(schema=FLAG_SCHEMA)
    order = {flag: i for i, flag in enumerate(FLAGS)}
    return (
        table.with_columns(pl.col("flag").replace_strict(order, return_dtype=pl.Int8).alias("__rank"))
        .sort(["__rank", "importing_iso3", "substance", "year", "issued_date", "authorisation_id"], maintain_order=True)
        .drop("__rank")
    )


def _flag_row(flag: str, r: dict, difference: float | None, reason: str) -> dict:
    return {
        "flag": flag,
        **{k: r[k] for k in FLAG_SCHEMA if k in r and k not in {"flag", "difference_kg", "reason"}},
        "difference_kg": difference,
        "reason": reason,
    }


def kg(value: float | None) -> str:
    """A quantity as people read it: ``1,234.5 kg``, ``0.25 kg``, ``120 kg``."""
    if value is None:
        return "an unknown quantity"
    value = float(value)
    big = abs(value) >= 1000
    text = f"{value:,.1f}".removesuffix(".0") if big else f"{value:,.3f}".rstrip("0").rstrip(".")
    return f"{text or '0'} kg"


# ---- flows for the map -------------------------------------------------------------------------------------------
FLOW_SCHEMA: dict[str, pl.DataType] = {
    "exporting_iso3": pl.String(),
    "importing_iso3": pl.String(),
    "authorisations": pl.UInt32(),
    "quantity_kg": pl.Float64(),
    "received_kg": pl.Float64(),
    "first_year": pl.Int32(),
    "last_year": pl.Int32(),
    "substances": pl.String(),
}


def licit_flows(
    authorisations: pl.DataFrame,
    *,
    substance: str | None = None,
    years: tuple[int, int] | None = None,
    importing: str | None = None,
) -> pl.DataFrame:
    """Exporter -> importer pairs of authorised trade (cancelled authorisations left out): how many authorisations,
    the kilograms authorised, the kilograms received where receipts are recorded (null when none is), the years,
    and the substances. Largest first."""
    lf = authorisations.lazy().filter(pl.col("status") != "cancelled")
    if substance is not None:
        lf = lf.filter(pl.col("substance") == substance)
    if years is not None:
        lf = lf.filter(pl.col("year").is_between(*years))
    if importing is not None:
        lf = lf.filter(pl.col("importing_iso3") == importing)
    received = pl.col("quantity_received_kg")
    frame = (
        lf.group_by("exporting_iso3", "importing_iso3")
        .agg(
            pl.len().alias("authorisations"),
            pl.col("quantity_kg").sum(),
            pl.when(received.count() > 0).then(received.sum()).otherwise(None).alias("received_kg"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("substance").unique().sort().str.join(", ").alias("substances"),
        )
        .collect()
    )
    return frame.cast(FLOW_SCHEMA).sort(
        ["quantity_kg", "exporting_iso3", "importing_iso3"], descending=[True, False, False]
    )


# ---- loading -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LicitData:
    authorisations: pl.DataFrame  # AUTHORISATIONS_SCHEMA
    estimates: pl.DataFrame  # ESTIMATES_SCHEMA
    sources: pl.DataFrame  # the registry rows the tables come from
    is_demo: bool
    version: str

    @cached_property
    def balance(self) -> pl.DataFrame:
        return running_balance(self.authorisations, self.estimates)

    @cached_property
    def flags(self) -> pl.DataFrame:
        return flag_table(self.balance)

    @cached_property
    def summary(self) -> pl.DataFrame:
        return balance_summary(self.balance, self.estimates)

    @property
    def citation(self) -> str:
        cited = [c for c in self.sources["citation"].unique(maintain_order=True).to_list() if c]
        return "; ".join(cited) if cited else "no source"

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


def load_licit(store: Store | None = None) -> LicitData:
    """The imported licit-trade tables, or the demonstration tables when neither kind has been imported.

    When only one kind is imported the other stays empty (never demonstration rows mixed with real ones).
    """
    store = store or Store()
    sources = store.sources().filter(pl.col("kind").is_in([AUTHORISATIONS, ESTIMATES]))
    if sources.is_empty():
        from dashboard import demo_licit

        return LicitData(
            authorisations=demo_licit.demo_authorisations(),
            estimates=demo_licit.demo_estimates(),
            sources=demo_licit.demo_sources(),
            is_demo=True,
            version="demo",
        )
    authorisations = store.scan(AUTHORISATIONS).collect()
    return LicitData(
        authorisations=latest_authorisations(authorisations),
        estimates=store.scan(ESTIMATES).collect(),
        sources=sources,
        is_demo=bool(sources["is_demo"].fill_null(False).all()),
        version=store.version(),
    )


# ---- the page's selection ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    country: str | None  # importing country (ISO3)
    substance: str | None
    year: int | None


@dataclass(frozen=True)
class SelectionView:
    """What the page shows for one importing country, substance and year."""

    selection: Selection
    rows: pl.DataFrame  # running_balance rows, in balance order
    flags: pl.DataFrame  # FLAG_SCHEMA rows
    estimate_kg: float | None  # the estimate in force; None when none is known
    estimate_kind: str  # estimate | assessment ("estimate" when none is known)
    authorised_kg: float  # the counted total

    def headline(self) -> list[tuple[str, str]]:
        """(label, value) pairs: the estimate, the counted total, what is left (or the excess), the flags."""
        year = self.selection.year
        estimate = self.estimate_kg
        out = [
            (f"{self.estimate_kind.capitalize()} {year}", kg(estimate) if estimate is not None else "none known"),
            ("Authorised imports (counted)", kg(self.authorised_kg)),
        ]
        if estimate is None:
            out.append(("Left under the estimate", "not checked"))
        elif self.authorised_kg > estimate + TOLERANCE_KG:
            out.append(("Above the estimate by", kg(self.authorised_kg - estimate)))
        else:
            out.append(("Left under the estimate", kg(estimate - self.authorised_kg)))
        out.append(("Flags", f"{self.flags.height:,}"))
        return out


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
    exceeding = data.flags.filter(pl.col("flag") == FLAG_EXCEEDS)
    if exceeding.height:
        row = exceeding.row(0, named=True)
        return Selection(row["importing_iso3"], row["substance"], row["year"])
    if data.summary.height:
        row = data.summary.sort("year", descending=True, maintain_order=True).row(0, named=True)
        return Selection(row["importing_iso3"], row["substance"], row["year"])
    return Selection(None, None, None)


def resolve_selection(
    data: LicitData, country: str | None, substance: str | None, year: str | int | None
) -> tuple[Selection, list[str]]:
    """The selection asked for (e.g. by URL parameters), each part checked against the data; a part that is not in
    the data falls back to the default (with a notice), and a part left out follows from the ones before it."""
    notices: list[str] = []
    default = default_selection(data)
    countries = data.importing_countries()
    if country is not None and country not in countries:
        notices.append(f"importing country {_shown(country)} has no authorisation or estimate in the data")
        country = None
    if country is None:
        country = default.country
    if country is None:
        return Selection(None, None, None), notices
    options = data.substances_of(country)
    if substance is not None and substance not in options:
        notices.append(f"substance {_shown(substance)} has no authorisation or estimate for {country}")
        substance = None
    if substance is None:
        substance = default.substance if default.country == country and default.substance in options else options[0]
    years = data.years_of(country, substance)
    chosen: int | None = None
    if year is not None:
        text = str(year)
        if text.isdigit() and int(text) in years:
            chosen = int(text)
        else:
            notices.append(f"year {_shown(text)} has no authorisation or estimate for {country} and {substance}")
    if chosen is None:
        same = default.country == country and default.substance == substance and default.year in years
        chosen = default.year if same else (years[0] if years else None)
    return Selection(country, substance, chosen), notices


def _shown(value: object) -> str:
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in str(value))[:40]
    return repr(cleaned)
