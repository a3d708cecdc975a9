"""The registry of input formats. Detection tries them in order; the first whose ``matches`` is true wins.

Each format module exposes ``FORMAT`` (or ``FORMATS``); add it to ``all_formats`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dashboard.ingest.readers import RawTable
from dashboard.ingest.report import ParseResult


@dataclass(frozen=True)
class Format:
    name: str
    kind: str  # the store table it fills: "cases", "annual", ...
    description: str  # one phrase a user recognises, used in "unknown format" messages
    matches: Callable[[RawTable], bool]
    parse: Callable[[RawTable, str], ParseResult]  # (table, source_id) -> result
    header_hint: frozenset[str] | None = None  # columns that identify the header row in files with title rows
    # Identical rows of an aggregate table are one figure repeated; identical case records without an identifier
    # are usually separate seizures (the same small amount seized at the same place on the same day), so a case
    # format keeps them and flags them instead.
    skip_identical_rows: bool = True


@cache
def all_formats() -> list[Format]:
    # Imported here, not at module top, so that a format module can import Format from this module.
    from dashboard.ingest import licit, template, unodc_annual, unodc_cases

    return [*unodc_annual.FORMATS, unodc_cases.FORMAT, *template.FORMATS, *licit.FORMATS]
