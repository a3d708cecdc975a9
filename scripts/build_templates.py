"""Write the import templates and their filled examples to data/templates/ (run: python scripts/build_templates.py).

The column lists come from dashboard.ingest.template, so the templates cannot drift from what the importer accepts.
The example rows are invented for illustration (no real seizure is described) and import without quarantine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import xlsxwriter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashboard.ingest.template import (  # noqa: E402
    ANNUAL_OPTIONAL,
    ANNUAL_REQUIRED,
    CASE_OPTIONAL,
    CASE_REQUIRED,
    CHANNELS,
    CONVEYANCES,
    ROUTINGS,
)
from dashboard.substances import GROUPS, unit_table  # noqa: E402

OUT = REPO / "data" / "templates"
CASE_COLUMNS = [*CASE_REQUIRED, *CASE_OPTIONAL]
ANNUAL_COLUMNS = [*ANNUAL_REQUIRED, *ANNUAL_OPTIONAL]

CASE_EXAMPLE = [
    {
        "date": "2023-03-14",
        "country": "Netherlands",
        "substance": "Cocaine hydrochloride",
        "amount": "812.5",
        "unit": "kg",
        "substance_group": "Cocaine-type",
        "place": "Rotterdam",
        "installation": "seaport",
        "conveyance": "sea",
        "concealment": "banana boxes in a reefer container",
        "producing_country": "Colombia",
        "departure_country": "Ecuador",
        "transit_countries": "Panama",
        "destination_country": "Netherlands",
        "routing": "border_inbound",
        "channel": "transshipment",
        "data_source": "Customs",
    },
    {
        "date": "2023-05-02",
        "country": "Thailand",
        "substance": "Methamphetamine",
        "amount": "120000",
        "unit": "tablet",
        "place": "Chiang Rai",
        "conveyance": "road",
        "departure_country": "Myanmar",
        "destination_country": "Malaysia",
        "transit_countries": "Lao People's Democratic Republic",
        "routing": "border_inbound",
        "data_source": "Police",
    },
    {
        "date": "2023-06",
        "country": "Belgium",
        "substance": "APAAN",
        "amount": "1.2",
        "unit": "t",
        "substance_group": "Precursors",
        "installation": "seaport",
        "conveyance": "sea",
        "departure_country": "China",
        "destination_country": "Netherlands",
        "routing": "transit",
        "channel": "transshipment",
        "data_source": "Customs",
    },
    {
        "date": "2023-07-21",
        "country": "India",
        "substance": "HCFC-22",
        "amount": "2600",
        "unit": "kg",
        "substance_group": "ODS and HFCs",
        "installation": "land border crossing",
        "conveyance": "road",
        "concealment": "cylinders declared as R-134a",
        "departure_country": "China",
        "routing": "border_inbound",
        "data_source": "Customs",
    },
    {
        "date": "2023-09-09",
        "country": "Poland",
        "substance": "R-404A",
        "amount": "1450",
        "unit": "kg",
        "conveyance": "road",
        "departure_country": "Ukraine",
        "destination_country": "Germany",
        "routing": "border_inbound",
        "channel": "re_export",
        "data_source": "Customs",
    },
    {
        "date": "2023-11-30",
        "country": "Germany",
        "substance": "MDMA",
        "amount": "3500",
        "unit": "tablet",
        "conveyance": "mail_courier",
        "concealment": "parcel, vacuum-sealed bags",
        "departure_country": "Netherlands",
        "destination_country": "Australia",
        "routing": "border_outbound",
        "channel": "e_commerce",
        "data_source": "Customs",
    },
]

ANNUAL_EXAMPLE = [
    {"country": "Kenya", "year": "2022", "substance": "Cannabis herb", "amount": "8474.4", "unit": "kg"},
    {"country": "Kenya", "year": "2022", "substance": "Heroin", "amount": "140", "unit": "kg"},
    {"country": "Kenya", "year": "2022", "substance": "Cannabis plants", "amount": "25344", "unit": "plants"},
    {
        "country": "Brazil",
        "year": "2022",
        "substance": "Cocaine hydrochloride",
        "amount": "61000",
        "unit": "kg",
    },
    {"country": "Brazil", "year": "2022", "substance": "Crack cocaine", "amount": "1200", "unit": "kg"},
    {
        "country": "Brazil",
        "year": "2022",
        "substance": "Cocaine, total",
        "substance_group": "Cocaine-type",
        "amount": "62800",
        "unit": "kg",
        "is_total": "yes",
        "total_of": "Cocaine",
        "comment": "total of the two rows above plus unspecified cocaine",
    },
    {"country": "India", "year": "2022", "substance": "HCFC-22", "amount": "12500", "unit": "kg"},
    {"country": "India", "year": "2022", "substance": "R-410A", "amount": "800", "unit": "kg"},
    {"country": "Mexico", "year": "2022", "substance": "Acetic anhydride", "amount": "3000", "unit": "l"},
    {"country": "Mexico", "year": "2022", "substance": "Ephedrine", "amount": "45", "unit": "kg"},
]


def frame(rows: list[dict], columns: list[str]) -> pl.DataFrame:
    return pl.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.String))


def write_xlsx(path: Path, columns: list[str], example: pl.DataFrame, required: tuple[str, ...]) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    optional = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    # The first sheet is the one the importer reads: fill it in. Cells are text so dates stay YYYY-MM-DD.
    blank = workbook.add_worksheet("Seizure cases")
    for col, name in enumerate(columns):
        blank.write_string(0, col, name, bold if name in required else optional)
        blank.set_column(col, col, max(14, len(name) + 2), text)
    blank.freeze_panes(1, 0)
    sheet = workbook.add_worksheet("Example")
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name, bold if name in required else optional)
        sheet.set_column(col, col, max(14, len(name) + 2))
    for row, values in enumerate(example.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value:
                sheet.write_string(row, col, value)
    allowed = workbook.add_worksheet("Allowed values")
    lists = {
        "conveyance": CONVEYANCES,
        "routing": ROUTINGS,
        "channel": CHANNELS,
        "substance_group": tuple(g.label for g in GROUPS.values()),
        "unit": tuple(unit_table()["unit"].to_list()),
    }
    for col, (name, values) in enumerate(lists.items()):
        allowed.write_string(0, col, name, bold)
        allowed.set_column(col, col, 40 if name == "substance_group" else 18)
        for row, value in enumerate(values, start=1):
            allowed.write_string(row, col, value)
    notes = workbook.add_worksheet("Read me")
    notes.set_column(0, 0, 120)
    for row, line in enumerate(
        [
            "Fill in the first sheet, 'Seizure cases', one row per seizure. Do not rename or add columns.",
            "Required (shaded): " + ", ".join(required) + ". All other columns may stay empty.",
            "Dates as YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known). Countries as names or ISO3 codes.",
            "ODS/HFC amounts in kg (or g, t): cylinders have no standard weight and are refused.",
            "Full documentation: docs/import-template.md in the dashboard's repository.",
        ]
    ):
        notes.write_string(row, 0, line)
    workbook.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cases_example = frame(CASE_EXAMPLE, CASE_COLUMNS)
    annual_example = frame(ANNUAL_EXAMPLE, ANNUAL_COLUMNS)
    frame([], CASE_COLUMNS).write_csv(OUT / "seizure_cases_template.csv")
    cases_example.write_csv(OUT / "seizure_cases_example.csv")
    frame([], ANNUAL_COLUMNS).write_csv(OUT / "annual_seizures_template.csv")
    annual_example.write_csv(OUT / "annual_seizures_example.csv")
    write_xlsx(OUT / "seizure_cases_template.xlsx", CASE_COLUMNS, cases_example, CASE_REQUIRED)
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
