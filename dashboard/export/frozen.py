"""The frozen form of exhibits, as a published view keeps them: each figure's Plotly specification and its data
table, with title, unit, source and filters. Thawing gives back exhibits that draw and export exactly as published."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import plotly.io as pio
import polars as pl

from dashboard.figures.exhibit import Exhibit


def freeze(exhibits: Sequence[Exhibit]) -> str:
    return json.dumps(
        [
            {
                "key": e.key,
                "title": e.title,
                "unit": e.unit,
                "source": e.source,
                "filters": e.filters,
                "is_map": e.is_map,
                "notes": list(e.notes),
                "figure": json.loads(pio.to_json(e.figure, validate=False)),
                "table": json.loads(e.table.write_json()),
                "columns": e.table.columns,
            }
            for e in exhibits
        ],
        sort_keys=True,
    )


def thaw(frozen: str) -> list[Exhibit]:
    out = []
    for item in json.loads(frozen):
        rows = item["table"]
        table = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame(schema=item["columns"])
        out.append(
            Exhibit(
                key=item["key"],
                title=item["title"],
                figure=pio.from_json(json.dumps(item["figure"]), skip_invalid=True),
                table=table,
                unit=item["unit"],
                source=item["source"],
                filters=item["filters"],
                is_map=item["is_map"],
                notes=tuple(item.get("notes", ())),
            )
        )
    return out


SIGNIFICANT = 10  # digits of a value the comparison looks at


def _steady(value: object) -> object:
    """A value as the comparison sees it: sums of floats come out of a parallel engine in any order, so their last
    bits differ from run to run; ten significant digits are far beyond what any figure shows."""
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT}g}")
    if isinstance(value, dict):
        return {k: _steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def _fingerprint(tables: Sequence[tuple[str, list]]) -> str:
    digest = hashlib.sha256()
    for key, rows in tables:
        digest.update(key.encode())
        digest.update(json.dumps(_steady(rows), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def table_fingerprint(exhibits: Sequence[Exhibit]) -> str:
    """A hash of the exhibits' data tables: equal when today's data give the same figures as published."""
    return _fingerprint([(e.key, json.loads(e.table.write_json())) for e in exhibits])


def frozen_fingerprint(frozen: str) -> str:
    """``table_fingerprint`` of the exhibits as they were frozen."""
    return _fingerprint([(item["key"], item["table"]) for item in json.loads(frozen)])
