"""How much a file may ask of the reader: every limit in one table, each overridable by an environment variable.

The limits live in ``dashboard/reference/reading_limits.csv`` (name, value, unit, what); ``DASHBOARD_MAX_<NAME>``
(``DASHBOARD_MAX_FILE_MB=50``) overrides one for a run. Readers check them before they allocate, so a refusal costs
the server almost nothing, and the worker process (``worker.py``) enforces the memory and time limits from outside,
for anything the checks do not foresee. A refusal is an ``InputError`` naming the file, the limit and the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from dashboard.i18n import _
from dashboard.ingest.report import InputError
from dashboard.reference import read_rows
from dashboard.text import fill

LIMITS_TABLE = "reading_limits.csv"
ENV_PREFIX = "DASHBOARD_MAX_"
MB = 1 << 20


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    unit: str
    what: str

    @property
    def variable(self) -> str:
        return ENV_PREFIX + self.name.upper()

    @property
    def bytes(self) -> int:
        """The limit in bytes, for the limits given in MB."""
        return self.value * MB if self.unit == "MB" else self.value


@cache
def _defaults() -> dict[str, Limit]:
    return {r["name"]: Limit(r["name"], int(r["value"]), r["unit"], r["what"]) for r in read_rows(LIMITS_TABLE)}


def limit(name: str) -> Limit:
    """One limit, as the table gives it or as ``DASHBOARD_MAX_<NAME>`` overrides it (a positive whole number)."""
    default = _defaults()[name]
    raw = os.environ.get(default.variable, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{default.variable}={raw!r}: a limit must be a positive whole number of {default.unit}")
    return Limit(default.name, value, default.unit, default.what)


def all_limits() -> list[Limit]:
    """Every limit in force, in the table's order (for documentation and the worker's environment)."""
    return [limit(name) for name in _defaults()]


def value(name: str) -> int:
    return limit(name).value


def refusal(file: str, name: str, found: str) -> InputError:
    """The refusal of a file over one limit: what was found, the limit and how to raise it."""
    lim = limit(name)
    message = _("{found}; the limit is {value:,} {unit} ({variable}); nothing was imported")
    return InputError(file, fill(message, found=found, value=lim.value, unit=lim.unit, variable=lim.variable))


def check(file: str, name: str, amount: int, found: str) -> None:
    """Refuse ``file`` when ``amount`` (in the limit's unit, bytes for MB limits) is over the limit ``name``."""
    if amount > limit(name).bytes:
        raise refusal(file, name, found)


def check_growth(file: str, compressed: int, decompressed: int, what: str | None = None) -> None:
    """The absolute cap and the ratio of a decompression, checked as the bytes come (call it on every block)."""
    what = what or _("once decompressed")
    larger = fill(_("{what}, it is larger than {size:,} MB"), what=what, size=decompressed // MB)
    check(file, "decompressed_mb", decompressed, larger)
    if decompressed > limit("ratio_floor_mb").bytes and decompressed > value("ratio") * max(compressed, 1):
        growth = decompressed // max(compressed, 1)
        found = fill(_("{what}, it grows more than {growth:,} times (a compression bomb)"), what=what, growth=growth)
        raise refusal(file, "ratio", found)
