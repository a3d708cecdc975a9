"""What an import did: rows read, stored, quarantined and skipped, and why.

Every importer returns a ``ParseResult``; the pipeline turns it into an ``ImportReport`` that is printed, saved
beside the store and shown on the Data page. The invariant ``rows_read == rows_stored + rows_quarantined +
duplicates_skipped`` is checked before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import polars as pl

from dashboard.i18n import _
from dashboard.schema import QUARANTINE_SCHEMA


class InputError(Exception):
    """A whole file cannot be imported. The message is one line that names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


@dataclass
class QuarantineBuilder:
    """Collects rejected rows of one file. Row numbers are the ones a person sees when opening the file."""

    file: str
    records: list[dict] = field(default_factory=list)
    frames: list[pl.DataFrame] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str, raw: dict | str | None = None) -> None:
        raw_text = raw if isinstance(raw, str) or raw is None else json.dumps(raw, ensure_ascii=False, default=str)
        self.records.append({"file": self.file, "row": row, "column": column, "reason": reason, "raw": raw_text})

    def add_frame(self, rejected: pl.DataFrame, row_column: str, column: str, reason: str | pl.Expr) -> None:
        """Quarantine every row of ``rejected`` (raw string columns plus ``row_column``) in one vectorised step."""
        if rejected.is_empty():
            return
        raw_columns = [c for c in rejected.columns if not c.startswith("__")]
        reason_expr = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
        frame = rejected.select(
            pl.lit(self.file).alias("file"),
            pl.col(row_column).cast(pl.Int64).alias("row"),
            pl.lit(column).alias("column"),
            reason_expr.cast(pl.String).alias("reason"),
            pl.struct(raw_columns).struct.json_encode().alias("raw") if raw_columns else pl.lit(None, pl.String),
        )
        self.frames.append(frame)

    def build(self) -> pl.DataFrame:
        parts = [pl.DataFrame(self.records, schema=QUARANTINE_SCHEMA)] if self.records else []
        parts += [f.cast(QUARANTINE_SCHEMA) for f in self.frames]
        if not parts:
            return pl.DataFrame(schema=QUARANTINE_SCHEMA)
        return pl.concat(parts).sort("row")


@dataclass
class ParseResult:
    """What one importer made of one file, before it is stored."""

    kind: str  # "cases" or "annual" (or another table the store knows)
    format: str  # the detected format's name
    rows_read: int
    stored: pl.DataFrame
    quarantine: pl.DataFrame
    duplicates_skipped: int = 0
    edition: str = ""
    citation: str = ""
    licence: str = ""
    notes: list[str] = field(default_factory=list)
    edition_inferred: bool = False  # the edition was inferred from the data years: cited as inferred


@dataclass
class ImportReport:
    file: str
    source_id: str
    kind: str
    format: str
    rows_read: int
    rows_stored: int
    rows_quarantined: int
    duplicates_skipped: int
    rows_repeated: int = 0  # stored rows that repeat an earlier row in every column (kept and flagged)
    already_imported: bool = False
    seconds: float = 0.0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_stored + self.rows_quarantined + self.duplicates_skipped

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def summary(self) -> str:
        """The report as a person reads it, in the current language (the CLI's and the Data page's): the stored
        reasons and notes are English and translated here (``ingest.messages``); numbers as the locale writes
        them."""
        from dashboard import text
        from dashboard.ingest.messages import shown, shown_counted

        if self.already_imported:
            return _("{file}: already imported as {source}; nothing changed.").format(
                file=self.file, source=self.source_id
            )
        lines = [
            f"{self.file}: {self.format} -> {self.kind} ({self.source_id})",
            "  "
            + _(
                "rows read {read} = stored {stored} + quarantined {quarantined} + exact duplicates skipped "
                "{skipped}  [{seconds} s]"
            ).format(
                read=text.count(self.rows_read),
                stored=text.count(self.rows_stored),
                quarantined=text.count(self.rows_quarantined),
                skipped=text.count(self.duplicates_skipped),
                seconds=text.number(self.seconds, decimals=1),
            ),
        ]

        for reason, count in sorted(self.quarantine_reasons.items(), key=lambda kv: -kv[1])[:10]:
            lines.append(
                "  " + _("quarantined {count}: {reason}").format(count=text.count(count), reason=shown_counted(reason))
            )
        lines += ["  " + _("note: {note}").format(note=shown(n)) for n in self.notes]
        return "\n".join(lines)


def count_reasons(quarantine: pl.DataFrame) -> dict[str, int]:
    """Quarantine reasons counted by their general form (column and reason), for the report."""
    if quarantine.is_empty():
        return {}
    counts = quarantine.group_by("column", "reason").len().sort("len", descending=True)
    return {f"{r['column']}: {r['reason']}": r["len"] for r in counts.iter_rows(named=True)}
