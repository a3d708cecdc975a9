"""The one registry of measures: what each one is called, its unit, where its figures come from and how they show.

The table is data (``reference/measures.csv``): a new measure is a new row there, plus its computation in
``dashboard.query`` when it needs one. Every page, figure, table and download reads a measure's facts from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.reference import read_rows


@dataclass(frozen=True)
class Measure:
    key: str  # the value of ``m=`` in the URL
    label: str  # what a control, a table header or a sentence calls it, with its unit
    title: str  # what a chart title calls it: the title gives the unit after it ("Quantity seized ... (kg)")
    unit: str  # the unit every figure of it carries
    case_column: str | None  # the case-record column summed; None: the measure counts records
    needs_cases: bool  # only case records can give it (the annual reports have no such figure)
    table_decimals: int  # decimals a table shows; downloads keep full precision
    only_class: str | None  # the one substance class the measure exists for (ODP and CO2e: ods_hfc)
    map_label: str | None  # what the width of a route arc says; None: a route map cannot draw it


def _read() -> dict[str, Measure]:
    return {
        row["key"]: Measure(
            key=row["key"],
            label=row["label"],
            title=row["title"],
            unit=row["unit"],
            case_column=row["case_column"] or None,
            needs_cases=row["needs_cases"] == "true",
            table_decimals=int(row["table_decimals"]),
            only_class=row["only_class"] or None,
            map_label=row["map_label"] or None,
        )
        for row in read_rows("measures.csv")
    }


MEASURES: dict[str, Measure] = _read()
LABELS: dict[str, str] = {key: m.label for key, m in MEASURES.items()}
CASE_ONLY: frozenset[str] = frozenset(key for key, m in MEASURES.items() if m.needs_cases)
ON_ROUTE_MAP: dict[str, str] = {key: m.map_label for key, m in MEASURES.items() if m.map_label}


def measure(key: str) -> Measure:
    return MEASURES[key]
