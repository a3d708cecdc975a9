"""The text alternative of a chart: one or two sentences computed from the figure's own data ("Cocaine-type went
from 1,257 t in 2018 to 2,014 t in 2022; the highest was 2,014 t in 2022").

It reads the finished figure, not the page's query, so that every chart of every page (and every published or
exported one) gets a sentence with the same numbers it draws, and a new chart needs no sentence code of its own.
Plain text: the caller escapes it for its destination (``alt=`` takes plain text).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard import text
from dashboard.countries import country_name
from dashboard.i18n import _

_TAG = re.compile(r"<[^>]+>")
MOST_NAMED = 3  # series or bars named in a sentence


def plain(value: object) -> str:
    """Plotly's HTML subset back to plain text: tags dropped, line breaks as spaces, entities decoded."""
    words = text.without_line_isolates(str(value or "")).replace(text.PLOTLY_LINE_BREAK, " ")
    return text.fold(html.unescape(_TAG.sub("", words)))


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        # A month of a monthly series is dated on its first day; any other date is a day.
        return text.month(value, written_out=True) if value.day == 1 else text.date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return plain(value)


def _amount(value: float, unit: str) -> str:
    return f"{text.number(value)} {unit}".strip()


def _points(trace: Any) -> list[tuple[Any, float]]:
    xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
    return [(x, float(y)) for x, y in zip(xs, ys, strict=False) if y is not None and x is not None]


def _data_traces(fig: go.Figure, kind: str) -> list[Any]:
    """The traces of ``kind`` that draw something (legend-only traces carry no point)."""
    return [t for t in fig.data if t.type == kind and (_points_h(t) if t.orientation == "h" else _points(t))]


def _one_series(name: str, points: list[tuple[Any, float]], unit: str) -> str:
    (x0, y0), (x1, y1) = points[0], points[-1]
    top_x, top_y = max(points, key=lambda p: p[1])
    verb = _("rose") if y1 > y0 else _("fell") if y1 < y0 else _("stayed")
    sentence = _("{name} {verb} from {start} in {first} to {end} in {last}").format(
        name=name, verb=verb, start=_amount(y0, unit), first=_when(x0), end=_amount(y1, unit), last=_when(x1)
    )
    if (top_x, top_y) not in (points[0], points[-1]):
        sentence += _("; the highest was {top} in {when}").format(top=_amount(top_y, unit), when=_when(top_x))
    return text.full_stop(sentence)


def _lines(traces: Sequence[Any], unit: str) -> str:
    if len(traces) == 1:
        return _one_series(plain(traces[0].name) or _("The series"), _points(traces[0]), unit)
    latest = max(p[0] for t in traces for p in _points(t))
    at_latest = sorted(
        ((plain(t.name), y) for t in traces for x, y in _points(t) if x == latest), key=lambda item: -item[1]
    )
    first = min(p[0] for t in traces for p in _points(t))
    sentence = _("{count} series from {first} to {last}.").format(
        count=len(traces), first=_when(first), last=_when(latest)
    )
    if at_latest:
        ranked = text.listed(text.with_aside(name, _amount(value, unit)) for name, value in at_latest[:MOST_NAMED])
        sentence = text.sentences(
            sentence, _("In {last} the largest were {ranked}.").format(last=_when(latest), ranked=ranked)
        )
        # Then how the largest got there, as a one-line chart says it ("B rose from 9 kg in 2018 to 900 kg in 2022").
        largest = next(t for t in traces if plain(t.name) == at_latest[0][0])
        sentence = text.sentences(sentence, _one_series(at_latest[0][0], _points(largest), unit))
    return sentence


def _bars(traces: Sequence[Any], unit: str) -> str:
    """Horizontal bars (a ranking): the largest ones. Vertical bars (changes): the range."""
    if all(t.orientation == "h" for t in traces):
        pairs = sorted(((plain(y), float(x)) for t in traces for y, x in _points_h(t)), key=lambda p: -p[1])
        ranked = text.listed(text.with_aside(name, _amount(value, unit)) for name, value in pairs[:MOST_NAMED])
        return _("{count} bars; the largest: {ranked}.").format(count=len(pairs), ranked=ranked)
    values = [(plain(t.name), x, y) for t in traces for x, y in _points(t)]
    low, high = min(values, key=lambda v: v[2]), max(values, key=lambda v: v[2])
    return _("Values range from {low} ({low_name}, {low_when}) to {high} ({high_name}, {high_when}).").format(
        low=_amount(low[2], unit),
        low_name=low[0],
        low_when=_when(low[1]),
        high=_amount(high[2], unit),
        high_name=high[0],
        high_when=_when(high[1]),
    )


def _points_h(trace: Any) -> list[tuple[Any, float]]:
    xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
    return [(y, float(x)) for x, y in zip(xs, ys, strict=False) if x is not None and y is not None]


def _map(traces: Sequence[Any], unit: str) -> str:
    pairs = [
        (country_name(str(loc)) or str(loc), float(z))
        for t in traces
        for loc, z in zip(list(t.locations or []), list(t.z if t.z is not None else []), strict=False)
        if z is not None
    ]
    # A one-colour layer (countries of one kind, or "no figure") has no scale: it is named by its legend entry.
    shaded = [p for p in pairs if len({z for _n, z in pairs}) > 1]
    if not shaded:
        kinds = [text.with_aside(plain(t.name), len(list(t.locations or []))) for t in traces if t.name]
        return _("A map of countries: {kinds}.").format(kinds=text.listed(kinds)) if kinds else ""
    ranked = sorted(shaded, key=lambda p: -p[1])
    top = text.listed(text.with_aside(name, _amount(value, unit)) for name, value in ranked[:MOST_NAMED])
    return _("A map of {count} countries with a figure; the largest: {top}.").format(count=len(ranked), top=top)


def _heatmap(trace: Any) -> str:
    rows, columns = list(trace.y or []), list(trace.x or [])
    filled = sum(1 for row in (trace.text or []) for cell in row if plain(cell))
    return _("A grid of {rows} rows by {columns} columns; {filled} cells hold a value.").format(
        rows=len(rows), columns=len(columns), filled=filled
    )


def describe(fig: go.Figure, unit: str = "") -> str:
    """One or two sentences on what ``fig`` shows, from its data; "" when it draws nothing. ``unit``: as stored ("kg")
    or already in the reader's language."""
    unit = plain(_(unit)) if unit else ""
    lines = [t for t in _data_traces(fig, "scatter") if "lines" in (t.mode or "lines")]
    if lines:
        return _lines(lines, unit)
    bars = _data_traces(fig, "bar")
    if bars:
        return _bars(bars, unit)
    maps = [t for t in fig.data if t.type == "choropleth"]
    if maps:
        return _map(maps, unit)
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    if heatmaps:
        return _heatmap(heatmaps[0])
    return ""


def title_of(fig: go.Figure) -> str:
    """The figure's title as plain text (without the unit in brackets that ``style.finish`` appends)."""
    title = text.without_line_isolates(str(fig.layout.title.text or ""))
    return plain(title.split("<span", 1)[0]).strip()


def alternative(fig: go.Figure, unit: str = "", *, description: str | None = None) -> str:
    """The accessible description of a chart: its title, then what it shows (``description``, else computed)."""
    title = title_of(fig)
    sentence = description if description is not None else describe(fig, unit)
    return text.sentences(text.full_stop(title) if title else "", sentence)


def routes(table: pl.DataFrame, *, origin: str, destination: str, value: str, unit: str, what: str) -> str:
    """The text alternative of a map of arcs (a canvas a screen reader cannot see): how many ``what`` it draws and
    the largest ones by ``value``, from the rows of its table."""
    if table.is_empty():
        return _("No {what} to draw.").format(what=what)
    ranked = table.filter(pl.col(value).is_not_null()).sort(value, descending=True).head(MOST_NAMED)
    largest = text.listed(
        _("{origin} to {destination} ({amount})").format(
            origin=plain(r[origin]), destination=plain(r[destination]), amount=_amount(float(r[value]), unit)
        )
        for r in ranked.iter_rows(named=True)
    )
    sentence = _("{count} {what}.").format(count=text.count(table.height), what=what)
    return f"{sentence} " + _("The largest: {largest}.").format(largest=largest) if largest else sentence
