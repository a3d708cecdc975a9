"""The rules INCB's International Import and Export Authorization System (I2ES) applies to authorisations, as pure
Polars on the tables of ``dashboard.licit.model`` (``docs/licit-trade.md`` says the same in plain words):

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

from collections.abc import Callable

import polars as pl

from dashboard import text
from dashboard.countries import country_name
from dashboard.i18n import N_, _

COUNTED_STATUSES = ("issued", "used", "pending")  # count with the quantity authorised
TOLERANCE_KG = 1e-6  # 1 mg: differences below this are rounding, not a warning

FLAG_EXCEEDS = "exceeds_estimate"
FLAG_RECEIVED = "received_differs"
FLAG_NO_ESTIMATE = "no_estimate"
FLAGS = {
    FLAG_EXCEEDS: N_("Exceeds the estimate (I2ES warning)"),
    FLAG_RECEIVED: N_("Quantity received differs from the quantity authorised"),
    FLAG_NO_ESTIMATE: N_("No estimate known: cannot be checked"),
}

BALANCE_KEY = ["importing_iso3", "substance", "year"]  # one running balance each
_ORDER = [*BALANCE_KEY, "issued_date", "authorisation_id", "exporting_iso3", "source_id", "source_row"]
_ESTIMATE_KEY = ["country_iso3", "substance", "year"]

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

UNKNOWN_QUANTITY = N_("an unknown quantity")


def kg(value: float | None) -> str:
    """Kilograms of anhydrous base as the rules and the page write them: to the gram below a tonne (``0.25 kg``,
    ``13.5 kg``), to 100 g from a tonne up (``1,234.5 kg``), trailing zeros dropped (``120 kg``)."""
    decimals = 1 if value is not None and abs(value) >= 1000 else 3
    return text.quantity(value, "kg", decimals=decimals, missing=_(UNKNOWN_QUANTITY))


# ---- the estimate in force ---------------------------------------------------------------------------------------
def current_estimates(estimates: pl.DataFrame) -> pl.DataFrame:
    """One row per country, substance and year: the latest published estimate (see the module's rules), with
    ``versions`` = how many figures were given for it."""
    if estimates.is_empty():
        return estimates.select(*_ESTIMATE_KEY, "estimate_kg", "kind", "published_date", "source_id").with_columns(
            pl.lit(0, pl.UInt32).alias("versions")
        )
    ranked = estimates.with_row_index("__order").sort(
        ["published_date", "__order"], nulls_last=False, maintain_order=True
    )
    return (
        ranked.group_by(_ESTIMATE_KEY, maintain_order=True)
        .agg(
            pl.col("estimate_kg").last(),
            pl.col("kind").last(),
            pl.col("published_date").last(),
            pl.col("source_id").last(),
            pl.len().alias("versions"),
        )
        .sort(_ESTIMATE_KEY)
    )


def _in_force(estimates: pl.DataFrame) -> pl.DataFrame:
    """The estimates in force keyed like the running balance (importing country, substance, year)."""
    return current_estimates(estimates).select(
        pl.col("country_iso3").alias("importing_iso3"),
        "substance",
        "year",
        "estimate_kg",
        pl.col("kind").alias("estimate_kind"),
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
    frame = authorisations.sort(_ORDER, nulls_last=True, maintain_order=True).with_columns(counted_kg())
    frame = frame.with_columns(
        pl.col("counted_kg").cum_sum().over(BALANCE_KEY).alias("cumulative_kg"),
        pl.int_range(1, pl.len() + 1).over(BALANCE_KEY).alias("sequence"),
    ).with_columns((pl.col("cumulative_kg") - pl.col("counted_kg")).alias("previous_kg"))
    frame = frame.join(_in_force(estimates), on=BALANCE_KEY, how="left", maintain_order="left")
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
    summary = balance.group_by(BALANCE_KEY, maintain_order=True).agg(
        pl.col("estimate_kg").first(),
        pl.col("estimate_kind").first(),
        pl.col("counted_kg").sum().alias("authorised_kg"),
        pl.len().alias("authorisations"),
        pl.col("exceeds_estimate").fill_null(False).sum().alias("exceeding"),
        _received_differs().sum().alias("received_differs"),
    )
    if estimates is not None and estimates.height:
        unused = (
            _in_force(estimates)
            .with_columns(
                pl.lit(0.0).alias("authorised_kg"),
                *(pl.lit(0, pl.UInt32).alias(name) for name in ("authorisations", "exceeding", "received_differs")),
            )
            .join(summary.select(BALANCE_KEY), on=BALANCE_KEY, how="anti")
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
        .sort(BALANCE_KEY)
    )


def _received_differs() -> pl.Expr:
    difference = pl.col("quantity_received_kg") - pl.col("quantity_kg")
    return (pl.col("quantity_received_kg").is_not_null() & (difference.abs() > TOLERANCE_KG)).fill_null(False)


# ---- flags -------------------------------------------------------------------------------------------------------
Namer = Callable[[str], str]


def flag_table(balance: pl.DataFrame, names: dict[str, str] | None = None) -> pl.DataFrame:
    """The flag table (``FLAG_SCHEMA``): one row per authorisation and flag, with a reason in plain language.

    ``balance`` is the output of :func:`running_balance`; ``names`` maps ISO3 codes to the names used in reasons
    (by default the project's country table).
    """
    name = country_name if names is None else (lambda code: names.get(code, code))
    rows = [
        _flag_row(flag, r, difference(r), reason(r, name))
        for flag, flagged, difference, reason in _CHECKS
        for r in balance.filter(flagged).iter_rows(named=True)
    ]
    table = pl.DataFrame(rows, schema=FLAG_SCHEMA, orient="row") if rows else pl.DataFrame(schema=FLAG_SCHEMA)
    order = {flag: i for i, flag in enumerate(FLAGS)}
    return (
        table.with_columns(pl.col("flag").replace_strict(order, return_dtype=pl.Int8).alias("__rank"))
        .sort(["__rank", "importing_iso3", "substance", "year", "issued_date", "authorisation_id"], maintain_order=True)
        .drop("__rank")
    )


def _excess(r: dict) -> float:
    return r["cumulative_kg"] - r["estimate_kg"]


# What a reason calls the figure an authorisation is checked against (``estimate_kind``).
AGAINST = {
    "estimate": N_("the estimate of {quantity}"),
    "assessment": N_("the assessment of {quantity}"),
}


def _about(r: dict, name: Namer) -> dict[str, object]:
    """The words every reason takes from a row, in the reader's language."""
    return {
        "authorisation": r["authorisation_id"],
        "substance": text.vocabulary_label(r["substance"]),
        "importer": name(r["importing_iso3"]),
        "exporter": name(r["exporting_iso3"]),
        "year": r["year"],
        "quantity": kg(r["quantity_kg"]),
    }


def _exceeds_reason(r: dict, name: Namer) -> str:
    """The I2ES warning: the authorisation that crosses the estimate, or a later one that adds to the excess."""
    against = _(AGAINST.get(r["estimate_kind"], AGAINST["estimate"])).format(quantity=kg(r["estimate_kg"]))
    values = {
        **_about(r, name),
        "counted": kg(r["counted_kg"]),
        "against": against,
        "total": kg(r["cumulative_kg"]),
        "excess": kg(_excess(r)),
    }
    if r["crosses_estimate"]:
        return _(
            "Authorisation {authorisation} ({counted} from {exporter}) takes authorised imports of {substance} into "
            "{importer} in {year} to {total}, {excess} above {against}."
        ).format(**values)
    return _(
        "Authorisation {authorisation} ({counted} from {exporter}) adds to authorised imports of {substance} into "
        "{importer} in {year} that are already above {against}: the total is now {total}, {excess} above it."
    ).format(**values)


def _received_difference(r: dict) -> float:
    return r["quantity_received_kg"] - r["quantity_kg"]


def _received_reason(r: dict, name: Namer) -> str:
    """A quantity received other than the quantity authorised: the exporting country is the one to tell."""
    difference = _received_difference(r)
    values = {**_about(r, name), "received": kg(r["quantity_received_kg"]), "difference": kg(abs(difference))}
    if difference < 0:
        return _(
            "{received} of {substance} received in {importer} under authorisation {authorisation} for {quantity}: "
            "{difference} less than authorised. The exporting country ({exporter}) should be told."
        ).format(**values)
    return _(
        "{received} of {substance} received in {importer} under authorisation {authorisation} for {quantity}: "
        "{difference} more than authorised. The exporting country ({exporter}) should be told."
    ).format(**values)


def _unchecked_reason(r: dict, name: Namer) -> str:
    """No estimate known: the authorisation cannot be checked, which is not the same as an estimate of zero."""
    return _(
        "No estimate or assessment of {substance} for {importer} in {year} is known, so authorisation "
        "{authorisation} ({quantity} from {exporter}) cannot be checked. This is not an estimate of zero."
    ).format(**_about(r, name))


# The three checks, in the order of FLAGS: the flag, the authorisations it flags, the difference it records (null
# for no_estimate) and its reason. Cancelled authorisations need no estimate.
_CHECKS: tuple[tuple[str, pl.Expr, Callable[[dict], float | None], Callable[[dict, Namer], str]], ...] = (
    (FLAG_EXCEEDS, pl.col("exceeds_estimate").fill_null(False), _excess, _exceeds_reason),
    (FLAG_RECEIVED, _received_differs(), _received_difference, _received_reason),
    (FLAG_NO_ESTIMATE, ~pl.col("has_estimate") & (pl.col("status") != "cancelled"), lambda r: None, _unchecked_reason),
)


def _flag_row(flag: str, r: dict, difference: float | None, reason: str) -> dict:
    return {
        "flag": flag,
        **{k: r[k] for k in FLAG_SCHEMA if k in r and k not in {"flag", "difference_kg", "reason"}},
        "difference_kg": difference,
        "reason": reason,
    }


# ---- flows for the map -------------------------------------------------------------------------------------------
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
