"""Reference test: UNODC's world series of cocaine, heroin, cannabis herb, methamphetamine and "ecstasy", 2018-2022,
recomputed here from the raw WDR 2023 workbook with openpyxl and plain Python, independently of the project's code
(nothing from ``dashboard`` but the store's path is used to compute them), and checked to the kilogram against the
dashboard's query layer and against the Trends page's CSV download.

The series follow the World Drug Report's own labels in the workbook:

* cocaine: DrugSubGroup "Cocaine" (hydrochloride, crack, paste and base, non-specified); where a country-year has
  "Cocaine (total of the above, ...)", that total instead of its parts, unless it is smaller than its parts;
* heroin: DrugName "Heroin"; cannabis herb: DrugSubGroup "Cannabis herb (marijuana)"; methamphetamine: DrugSubGroup
  "Methamphetamine" (with "yaba");
* "ecstasy": DrugGroup "“Ecstasy”-type substances", the row 'Total "ecstasy"-type substances ...' instead of the
  parts where a country-year has it (and it is not smaller than they are).

Every row with a kilogram figure counts, identical rows included (they can be distinct reports).
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.realdata

YEARS = range(2018, 2023)
WORKBOOK = "unodc-annual-seizures/drug_seizures_2018_2022.xlsx"
LABELS = {  # the key of ``ser=`` and the label its line has
    "cocaine": "Cocaine",
    "heroin": "Heroin",
    "cannabis_herb": "Cannabis herb",
    "methamphetamine": "Methamphetamine",
    "ecstasy": '"Ecstasy"',
}


def raw_rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)["Export"]
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # the title row
    header = [str(c) for c in next(rows)]
    return [dict(zip(header, row, strict=False)) for row in rows]


def total_or_parts(rows: list[dict], is_total) -> float:
    totals = [r["kg"] for r in rows if is_total(r)]
    parts = sum(r["kg"] for r in rows if not is_total(r))
    return sum(totals) if totals and sum(totals) >= parts else parts


def recompute(path: Path) -> dict[str, dict[int, float]]:
    """World kilograms per series and year, from the raw workbook."""
    members = {
        "cocaine": lambda r: r["DrugSubGroup"] == "Cocaine",
        "heroin": lambda r: r["DrugName"] == "Heroin",
        "cannabis_herb": lambda r: r["DrugSubGroup"] == "Cannabis herb (marijuana)",
        "methamphetamine": lambda r: r["DrugSubGroup"] == "Methamphetamine",
        "ecstasy": lambda r: r["DrugGroup"] == "“Ecstasy”-type substances",
    }
    totals = {
        "cocaine": lambda r: str(r["DrugName"]).startswith("Cocaine (total of the above"),
        "ecstasy": lambda r: str(r["DrugName"]).startswith('Total "ecstasy"-type substances'),
    }
    by_country: dict[tuple[str, str, int], list[dict]] = defaultdict(list)
    for row in raw_rows(path):
        if row["Kilograms"] is None or row["Reference year"] is None:
            continue
        year = int(row["Reference year"])
        for key, member in members.items():
            if year in YEARS and member(row):
                by_country[(key, str(row["msCode"]), year)].append({**row, "kg": float(row["Kilograms"])})
    world: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (key, _, year), rows in by_country.items():
        is_total = totals.get(key, lambda r: False)
        world[key][year] += total_or_parts(rows, is_total)
    return world


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> dict[str, dict[int, float]]:
    found = recompute(shared_data / WORKBOOK)
    assert set(found) == set(LABELS) and all(set(years) == set(YEARS) for years in found.values())
    return found


@pytest.fixture(scope="module")
def data(real_store):
    from dashboard.data import load_dataset

    return load_dataset(real_store, public=False)


@pytest.mark.parametrize("key", list(LABELS))
def test_the_query_layer_gives_unodc_s_series_to_the_kilogram(reference, data, key):
    from dashboard import query
    from dashboard.state import from_query

    state, notices = from_query({"ser": key, "from": "2018", "to": "2022"}, data.vocabulary, page="trends")
    assert not notices
    trend = query.trend(data, state)
    found = {row["period"]: row["value"] for row in trend.frame.iter_rows(named=True)}
    assert set(trend.frame["series"]) == {LABELS[key]}
    for year in YEARS:
        assert found[year] == pytest.approx(reference[key][year], abs=0.5), (key, year)


@pytest.mark.parametrize("key", list(LABELS))
def test_the_trends_download_gives_unodc_s_series_to_the_kilogram(reference, data, key):
    # The CSV as the Trends page's download button builds it: the same frame and note lines, the same writer.
    import csv

    from dashboard import query
    from dashboard.exports import csv_bytes
    from dashboard.pages.trends.text import trend_text
    from dashboard.state import from_query

    state, _ = from_query({"ser": key, "from": "2018", "to": "2022"}, data.vocabulary, page="trends")
    trend = query.trend(data, state)
    content = csv_bytes(trend.frame, header_lines=trend_text(data, state, trend, monthly_possible=False).notes)
    lines = content.decode("utf-8-sig").splitlines()
    notes = [line for line in lines if line.startswith("# ")]
    assert f"# What is counted: {LABELS[key]};" in "\n".join(notes)
    assert any("World Drug Report 2023" in note for note in notes)
    table = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("# ")))))
    found = {int(row["period"]): float(row["value"]) for row in table}
    assert {row["series"] for row in table} == {LABELS[key]}
    for year in YEARS:
        assert found[year] == pytest.approx(reference[key][year], abs=0.5), (key, year)
