"""The registry of input formats. Detection tries them in order; the first whose ``matches`` is true wins.

Each format module exposes ``FORMAT`` (or ``FORMATS``), a ``fileformat.Format``; add it to ``all_formats`` below.
"""

from __future__ import annotations

from functools import cache

from dashboard.ingest import licit, template, unodc_annual, unodc_cases
from dashboard.ingest.fileformat import Format

__all__ = ["Format", "all_formats"]


@cache
def all_formats() -> list[Format]:
    return [*unodc_annual.FORMATS, unodc_cases.FORMAT, *template.FORMATS, *licit.FORMATS]
