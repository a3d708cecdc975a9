"""The column-mapping step: a table whose columns are not all recognised is mapped to roles by a person, once.

A mapping says, for each column of a table, which role it plays (``country``, ``code``, ``year``, ``kg``, ...; see
``unodc_annual.ROLES``) or ``ignore``. It is saved under the data directory, keyed by the table's *shape* (its
normalised header, in any order), so the next file of the same shape imports without asking. From the command line a
mapping is a JSON file, ``{"columns": {"Ctry": "country", "Yr": "year", ...}, "edition": "WDR 2024"}`` (or just the
``columns`` object), given with ``python -m dashboard import FILE --mapping mapping.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.i18n import _
from dashboard.ingest.readers import _norm
from dashboard.ingest.report import InputError
from dashboard.ingest.unodc_annual import IGNORE, ROLES
from dashboard.store import Store

MAPPINGS_DIR = "mappings"
CHOICES = (*ROLES, IGNORE)


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str]  # column header as in the file -> role or "ignore"
    edition: str | None = None  # the edition the person named, if any
    header: tuple[str, ...] = field(default=())  # the header it was made for, in the file's order

    def to_json(self) -> str:
        saved = {
            "columns": self.columns,
            "edition": self.edition,
            "header": list(self.header),
            "saved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        }
        return json.dumps(saved, indent=2, ensure_ascii=False)


class MappingNeeded(InputError):
    """The table's columns are not all recognised: a person has to say what they mean (the mapping step)."""

    def __init__(self, file: str, reason: str, columns: list[str], guesses: dict[str, str | None]) -> None:
        super().__init__(file, reason)
        self.columns = columns
        self.guesses = guesses


def shape_key(columns: list[str]) -> str:
    """The shape of a table: its normalised header as a set, so a file with its columns reordered is the same shape."""
    names = sorted(_norm(c) for c in columns)
    return hashlib.sha256("|".join(names).encode("utf-8")).hexdigest()[:16]


def parse_mapping(data: object, source: str) -> ColumnMapping:
    """A mapping from its JSON form; ``InputError`` naming ``source`` and the problem when it is not one."""
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        columns, edition = data["columns"], data.get("edition")
    elif isinstance(data, dict):
        columns, edition = data, None
    else:
        raise InputError(
            source,
            _("a column mapping is a JSON object: {example}").format(example='{"columns": {"column": "role", ...}}'),
        )
    bad = {str(c): str(r) for c, r in columns.items() if r not in CHOICES}
    if bad:
        column, role = next(iter(bad.items()))
        raise InputError(
            source,
            _("column {column} is mapped to {role}, which is not one of {roles}").format(
                column=repr(column), role=repr(role), roles=", ".join(CHOICES)
            ),
        )
    if edition is not None and not isinstance(edition, str):
        raise InputError(source, _("the edition of a column mapping is a text such as 'WDR 2024'"))
    return ColumnMapping({str(c): str(r) for c, r in columns.items()}, edition or None)


def read_mapping_file(path: Path | str) -> ColumnMapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path.name, _("the column mapping cannot be read ({error})").format(error=error)) from None
    except json.JSONDecodeError as error:
        raise InputError(
            path.name,
            _("the column mapping is not valid JSON (line {line}: {error})").format(line=error.lineno, error=error.msg),
        ) from None
    return parse_mapping(data, path.name)


def check_against(mapping: ColumnMapping, columns: list[str], file: str) -> None:
    """A mapping names only columns the table has."""
    absent = [c for c in mapping.columns if c not in columns]
    if absent:
        raise InputError(
            file,
            _("the column mapping names column(s) the file does not have: {columns}").format(
                columns=", ".join(map(repr, absent))
            ),
        )


def saved_mapping(store: Store, columns: list[str]) -> ColumnMapping | None:
    """The mapping saved for tables of this shape, if any."""
    text = store.read_text(f"{MAPPINGS_DIR}/{shape_key(columns)}.json")
    if text is None:
        return None
    try:
        return parse_mapping(json.loads(text), "saved column mapping")
    except (json.JSONDecodeError, InputError):
        return None  # a damaged saved mapping is asked for again rather than trusted


def save_mapping(store: Store, columns: list[str], mapping: ColumnMapping) -> Path:
    kept = ColumnMapping(mapping.columns, mapping.edition, tuple(columns))
    return store.save_text(f"{MAPPINGS_DIR}/{shape_key(columns)}.json", kept.to_json())
