"""What an input format is: how a file is recognised, parsed and stored. The registry of formats is ``formats.py``;
each format module (``unodc_annual``, ``unodc_cases``, ``template``, ``licit``) defines its own with this class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    # Identical rows of an aggregate table may be one figure repeated; identical case records without an identifier
    # are usually separate seizures (the same small amount seized at the same place on the same day), so a case
    # format keeps them and flags them instead. So do UNODC's annual tables: their identical rows can be distinct
    # reports (Argentina, cannabis herb, 2019: two rows of 1 kg that the earlier edition gives as 0.95 kg of
    # cigarettes and 1.08 kg of buds).
    skip_identical_rows: bool = True
    repeated_flag: str = "repeated_record"  # the quality flag of a kept row that repeats an earlier one
