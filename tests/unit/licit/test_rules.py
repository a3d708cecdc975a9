"""The I2ES rules of dashboard.licit.rules: running balance, the estimate in force, and the three flags."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard.i18n import using
from dashboard.licit import rules
from dashboard.licit.model import AUTHORISATIONS_SCHEMA, ESTIMATES_SCHEMA
from dashboard.licit.rules import FLAG_EXCEEDS, FLAG_NO_ESTIMATE, FLAG_RECEIVED
from dashboard.schema import conform

NAMES = {"IND": "India", "CHN": "China", "MEX": "Mexico", "GHA": "Ghana", "FRA": "France"}


def authorisations(*rows: dict) -> pl.DataFrame:
    """Authorisations with sensible defaults: IND -> MEX, ephedrine, issued, 2024."""
    out = []
    for number, row in enumerate(rows, start=1):
        issued = dt.date.fromisoformat(row.get("issued", f"2024-{number:02d}-01"))
        out.append(
            {
                "authorisation_id": row.get("id", f"A{number}"),
                "exporting_iso3": row.get("exporter", "IND"),
                "importing_iso3": row.get("importer", "MEX"),
                "substance": row.get("substance", "Ephedrine"),
                "substance_class": "precursor",
                "quantity_kg": row["kg"],
                "issued_date": issued,
                "shipment_date": dt.date.fromisoformat(row["shipped"]) if row.get("shipped") else None,
                "status": row.get("status", "issued"),
                "quantity_received_kg": row.get("received"),
                "year": row.get("year", issued.year),
                "source_id": "test",
                "source_row": number + 1,
            }
        )
    return conform(pl.DataFrame(out, schema=AUTHORISATIONS_SCHEMA), AUTHORISATIONS_SCHEMA)


def estimates(*rows: dict) -> pl.DataFrame:
    out = [
        {
            "country_iso3": row.get("country", "MEX"),
            "substance": row.get("substance", "Ephedrine"),
            "substance_class": "precursor",
            "year": row.get("year", 2024),
            "estimate_kg": row["kg"],
            "kind": row.get("kind", "assessment"),
            "published_date": dt.date.fromisoformat(row["published"]) if row.get("published") else None,
            "source_id": "test",
            "source_row": number + 1,
        }
        for number, row in enumerate(rows, start=1)
    ]
    return conform(pl.DataFrame(out, schema=ESTIMATES_SCHEMA), ESTIMATES_SCHEMA)


def check(auth: pl.DataFrame, est: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    balance = rules.running_balance(auth, est)
    return balance, rules.flag_table(balance, NAMES)


def of_kind(flags: pl.DataFrame, flag: str) -> pl.DataFrame:
    return flags.filter(pl.col("flag") == flag)


# ---- the running balance and the estimate warning ----------------------------------------------------------------
def test_exactly_at_the_estimate_is_not_a_warning() -> None:
    balance, flags = check(authorisations({"kg": 60.0}, {"kg": 40.0}), estimates({"kg": 100.0}))
    assert balance["cumulative_kg"].to_list() == [60.0, 100.0]
    assert balance["remaining_kg"].to_list() == [40.0, 0.0]
    assert balance["exceeds_estimate"].to_list() == [False, False]
    assert flags.is_empty()


def test_rounding_at_the_estimate_is_not_a_warning() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floating point: still exactly the estimate of 0.3 kg.
    _, flags = check(authorisations({"kg": 0.1}, {"kg": 0.2}), estimates({"kg": 0.3}))
    assert of_kind(flags, FLAG_EXCEEDS).is_empty()


def test_the_authorisation_that_crosses_the_estimate_is_flagged() -> None:
    auth = authorisations({"kg": 60.0, "id": "A"}, {"kg": 30.0, "id": "B"}, {"kg": 20.0, "id": "C"})
    balance, flags = check(auth, estimates({"kg": 100.0}))
    assert balance["exceeds_estimate"].to_list() == [False, False, True]
    assert balance["crosses_estimate"].to_list() == [False, False, True]
    (row,) = of_kind(flags, FLAG_EXCEEDS).iter_rows(named=True)
    assert row["authorisation_id"] == "C"
    assert row["cumulative_kg"] == 110.0 and row["estimate_kg"] == 100.0
    assert row["difference_kg"] == pytest.approx(10.0)
    assert "takes authorised imports of Ephedrine into Mexico in 2024 to 110 kg, 10 kg above" in row["reason"]
    assert "assessment of 100 kg" in row["reason"]
    # The reason is written in the reader's language: the sentence, the names, the numbers and the unit.
    with using("fr"):
        (french,) = of_kind(rules.flag_table(balance), FLAG_EXCEEDS).iter_rows(named=True)
    assert french["reason"] == (
        "L'autorisation C (20 kg, exportateur : Inde) porte les importations autorisées (Éphédrine, Mexique, "
        "2024) à 110 kg, soit 10 kg au-dessus de la prévision de 100 kg."
    )


def test_authorisations_after_the_crossing_are_flagged_too_but_do_not_cross() -> None:
    auth = authorisations({"kg": 90.0}, {"kg": 20.0, "id": "crossing"}, {"kg": 5.0, "id": "after"})
    balance, flags = check(auth, estimates({"kg": 100.0}))
    assert balance["exceeds_estimate"].to_list() == [False, True, True]
    assert balance["crosses_estimate"].to_list() == [False, True, False]
    after = of_kind(flags, FLAG_EXCEEDS).filter(pl.col("authorisation_id") == "after").row(0, named=True)
    assert "already above" in after["reason"] and after["difference_kg"] == pytest.approx(15.0)


def test_balance_follows_issue_dates_not_file_order() -> None:
    auth = authorisations(
        {"kg": 30.0, "id": "late", "issued": "2024-09-01"},
        {"kg": 80.0, "id": "early", "issued": "2024-02-01"},
    )
    balance, flags = check(auth, estimates({"kg": 100.0}))
    assert balance["authorisation_id"].to_list() == ["early", "late"]
    assert balance["sequence"].to_list() == [1, 2]
    assert of_kind(flags, FLAG_EXCEEDS)["authorisation_id"].to_list() == ["late"]


def test_cancelled_counts_nothing_and_expired_counts_what_was_received() -> None:
    auth = authorisations(
        {"kg": 50.0, "status": "used", "shipped": "2024-01-20", "received": 50.0},
        {"kg": 500.0, "status": "cancelled"},
        {"kg": 300.0, "status": "expired"},
        {"kg": 40.0, "status": "expired", "shipped": "2024-04-20", "received": 25.0},
        {"kg": 25.0, "status": "pending"},
    )
    balance, flags = check(auth, estimates({"kg": 100.0}))
    assert balance["counted_kg"].to_list() == [50.0, 0.0, 0.0, 25.0, 25.0]
    assert balance["cumulative_kg"].to_list()[-1] == 100.0
    assert of_kind(flags, FLAG_EXCEEDS).is_empty()


def test_balances_are_kept_per_country_substance_and_year() -> None:
    auth = authorisations(
        {"kg": 80.0},
        {"kg": 80.0, "importer": "GHA"},
        {"kg": 80.0, "substance": "Pseudoephedrine"},
        {"kg": 80.0, "issued": "2023-06-01"},
        {"kg": 80.0, "issued": "2024-12-20", "year": 2025},
    )
    est = estimates(
        {"kg": 100.0},
        {"kg": 100.0, "country": "GHA"},
        {"kg": 100.0, "substance": "Pseudoephedrine"},
        {"kg": 100.0, "year": 2023},
        {"kg": 100.0, "year": 2025},
    )
    balance, flags = check(auth, est)
    assert balance["cumulative_kg"].to_list() == [80.0] * 5
    assert flags.is_empty()


def test_the_latest_published_estimate_is_the_one_in_force() -> None:
    est = estimates(
        {"kg": 200.0, "published": "2024-06-01"},  # supplementary estimate, published later
        {"kg": 100.0, "published": "2023-12-01"},
    )
    current = rules.current_estimates(est)
    assert current["estimate_kg"].to_list() == [200.0] and current["versions"].to_list() == [2]
    _, flags = check(authorisations({"kg": 150.0}), est)
    assert of_kind(flags, FLAG_EXCEEDS).is_empty()


def test_an_estimate_of_zero_is_exceeded_by_any_import() -> None:
    _, flags = check(authorisations({"kg": 1.0}), estimates({"kg": 0.0}))
    assert of_kind(flags, FLAG_EXCEEDS).height == 1
    assert of_kind(flags, FLAG_NO_ESTIMATE).is_empty()


# ---- quantity received ---------------------------------------------------------------------------------------------
def test_received_less_than_authorised() -> None:
    auth = authorisations({"kg": 100.0, "status": "used", "shipped": "2024-02-01", "received": 95.5, "id": "L"})
    _, flags = check(auth, estimates({"kg": 1000.0}))
    (row,) = of_kind(flags, FLAG_RECEIVED).iter_rows(named=True)
    assert row["authorisation_id"] == "L"
    assert row["difference_kg"] == pytest.approx(-4.5)
    assert "95.5 kg of Ephedrine received in Mexico" in row["reason"]
    assert "4.5 kg less than authorised" in row["reason"] and "(India) should be told" in row["reason"]


def test_received_more_than_authorised() -> None:
    auth = authorisations({"kg": 100.0, "status": "used", "shipped": "2024-02-01", "received": 103.0})
    _, flags = check(auth, estimates({"kg": 1000.0}))
    (row,) = of_kind(flags, FLAG_RECEIVED).iter_rows(named=True)
    assert row["difference_kg"] == pytest.approx(3.0)
    assert "3 kg more than authorised" in row["reason"]


def test_received_as_authorised_or_not_yet_received_is_no_flag() -> None:
    auth = authorisations(
        {"kg": 100.0, "status": "used", "shipped": "2024-02-01", "received": 100.0},
        {"kg": 50.0},
    )
    _, flags = check(auth, estimates({"kg": 1000.0}))
    assert flags.is_empty()


# ---- unknown estimate ----------------------------------------------------------------------------------------------
def test_unknown_estimate_is_its_own_flag_not_a_warning_against_zero() -> None:
    auth = authorisations({"kg": 400.0, "importer": "GHA"}, {"kg": 10.0, "importer": "GHA", "status": "cancelled"})
    balance, flags = check(auth, estimates({"kg": 100.0}))  # an estimate for Mexico only
    assert balance["has_estimate"].to_list() == [False, False]
    assert balance["exceeds_estimate"].to_list() == [None, None]
    assert balance["estimate_kg"].to_list() == [None, None] and balance["remaining_kg"].to_list() == [None, None]
    assert of_kind(flags, FLAG_EXCEEDS).is_empty()
    (row,) = of_kind(flags, FLAG_NO_ESTIMATE).iter_rows(named=True)  # the cancelled one needs no check
    assert row["difference_kg"] is None and row["estimate_kg"] is None
    assert "No estimate or assessment of Ephedrine for Ghana in 2024 is known" in row["reason"]
    assert "not an estimate of zero" in row["reason"]


def test_no_estimates_at_all() -> None:
    empty = pl.DataFrame(schema=ESTIMATES_SCHEMA)
    balance, flags = check(authorisations({"kg": 5.0}), empty)
    assert flags["flag"].to_list() == [FLAG_NO_ESTIMATE]
    summary = rules.balance_summary(balance, empty)
    assert summary["estimate_kg"].to_list() == [None] and summary["used_pct"].to_list() == [None]


# ---- summary, flows, kilograms -----------------------------------------------------------------------------------
def test_summary_lists_estimates_without_authorisations() -> None:
    est = estimates({"kg": 100.0}, {"kg": 50.0, "country": "GHA"})
    balance = rules.running_balance(authorisations({"kg": 120.0}), est)
    summary = rules.balance_summary(balance, est)
    rows = {r["importing_iso3"]: r for r in summary.iter_rows(named=True)}
    assert rows["MEX"]["authorised_kg"] == 120.0 and rows["MEX"]["remaining_kg"] == -20.0
    assert rows["MEX"]["used_pct"] == 120.0 and rows["MEX"]["exceeding"] == 1
    assert rows["GHA"]["authorised_kg"] == 0.0 and rows["GHA"]["remaining_kg"] == 50.0
    assert rows["GHA"]["authorisations"] == 0


def test_licit_flows_aggregate_exporter_to_importer_without_cancelled() -> None:
    auth = authorisations(
        {"kg": 10.0, "status": "used", "shipped": "2024-01-20", "received": 9.0},
        {"kg": 20.0},
        {"kg": 99.0, "status": "cancelled"},
        {"kg": 5.0, "exporter": "CHN"},
        {"kg": 7.0, "substance": "Pseudoephedrine"},
    )
    flows = rules.licit_flows(auth, substance="Ephedrine")
    assert flows.select("exporting_iso3", "importing_iso3", "authorisations", "quantity_kg").rows() == [
        ("IND", "MEX", 2, 30.0),
        ("CHN", "MEX", 1, 5.0),
    ]
    assert flows["received_kg"].to_list() == [9.0, None]
    assert rules.licit_flows(auth, years=(2023, 2023)).is_empty()


@pytest.mark.parametrize(
    ("value", "text"),
    [(120.0, "120 kg"), (1650.0, "1,650 kg"), (13.5, "13.5 kg"), (0.0, "0 kg"), (None, "an unknown quantity")],
)
def test_kilograms_read_like_people_write_them(value: float | None, text: str) -> None:
    assert rules.kg(value) == text
