"""Decisions kept as data: the CSV tables beside the code that applies them.

Each table is read by the one module whose rules use it (``dashboard.substances``, ``dashboard.countries``,
``dashboard.demo``); ``docs/data-model.md`` lists them. A reviewer can read, edit and diff a table in a spreadsheet
without reading Python.
"""

from __future__ import annotations

import csv
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent


def read_rows(name: str, directory: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    """The rows of one CSV table as text, in file order (order is meaningful in some tables)."""
    with (directory / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
