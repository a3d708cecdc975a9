"""Figures of the Trends and Compare countries pages (and the trend lines other pages reuse).

Rules every builder keeps: a period without a figure stays ``None`` in the trace (so the line breaks there, it never
drops to zero), data-derived text is escaped before Plotly renders it as HTML, and every figure goes through
``style.finish`` for its title with measure and unit, its source line and the demonstration watermark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import text
from dashboard.figures.style import FACET_TITLES, OKABE_ITO, finish

if TYPE_CHECKING:
    from dashboard.query import Trend

NO_SERIES = "(not specified)"
MAX_COLUMNS = 4  # small multiples per row
PANEL_HEIGHT = 260  # pixels a row of small multiples (plot area)


def iso3_column(frame: pl.DataFrame) -> str:
    return "iso3" if "iso3" in frame.columns else "country_iso3"


def name_column(frame: pl.DataFrame) -> str:
    for column in ("country_name", "name", "series"):
        if column in frame.columns:
            return column
    return iso3_column(frame)


def no_data(fig: go.Figure, message: str = "No figures for the current filters") -> None:
    fig.add_annotation(
        text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font={"size": 15, "color": "#555"}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


def _after_finish(fig: go.Figure, *, legend_right: bool = False) -> go.Figure:
    """Layout that ``style.finish`` cannot know: a legend on the right (long series names, many series)."""
    if legend_right:
        fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"})
    return fig


def _log_axis_ticks(values: Sequence[float | None]) -> dict:
    """Ticks at 1, 2 and 5 times the powers of ten that the data span, labelled in full (plotly's own log ticks
    label every digit of a decade, or only the powers of ten)."""
    positive = [v for v in values if v is not None and v > 0]
    if not positive:
        return {}
    low, high = min(positive), max(positive)
    ticks = [
        m * 10.0**e
        for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        for m in (1, 2, 5)
        if low / 2 <= m * 10.0**e <= high * 2
    ]
    return {"tickvals": ticks, "ticktext": [text.compact(t) for t in ticks]}


def _value_axis(log_scale: bool, values: Sequence[float | None] = ()) -> dict:
    """A linear axis from zero, or a log axis with readable ticks."""
    if log_scale:
        return {"type": "log", **_log_axis_ticks(values)}
    return {"type": "linear", "rangemode": "tozero", "tickformat": "~s"}


# ---- periods and gaps --------------------------------------------------------------------------------------------
def complete_periods(frame: pl.DataFrame, *, period: str = "period", series: str = "series") -> pl.DataFrame:
    """Every series at every year (or month) between the first and last period, with ``null`` where nothing was
    reported. A period missing from every series would otherwise vanish from the x axis and the line would be drawn
    straight across it."""
    if frame.is_empty():
        return frame
    frame = frame.with_columns(pl.col(series).cast(pl.String).fill_null(NO_SERIES))
    dtype = frame.schema[period]
    first, last = frame[period].min(), frame[period].max()
    if dtype.is_integer():
        periods = pl.DataFrame({period: list(range(int(first), int(last) + 1))}, schema={period: dtype})
    elif dtype == pl.Date:
        periods = pl.DataFrame({period: pl.date_range(first, last, interval="1mo", eager=True)}).cast({period: dtype})
    else:
        return frame
    grid = periods.join(frame.select(pl.col(series).unique()), how="cross")
    return grid.join(frame, on=[period, series], how="left").sort(series, period)


def series_order(frame: pl.DataFrame, value: str = "value", series: str = "series") -> list[str]:
    """Largest series first, so the legend reads in the order of the lines' magnitude."""
    named = pl.col(series).cast(pl.String).fill_null(NO_SERIES)
    totals = frame.group_by(named).agg(pl.col(value).sum().alias("_total"))
    return totals.sort(["_total", series], descending=[True, False], nulls_last=True)[series].to_list()


def _is_monthly(frame: pl.DataFrame, period: str = "period") -> bool:
    return frame.schema.get(period) == pl.Date


def _period_axis(fig: go.Figure, frame: pl.DataFrame, period: str = "period", **selector) -> None:
    if _is_monthly(frame, period):
        fig.update_xaxes(tickformat="%b %Y", **selector)
        return
    if not frame.is_empty():
        span = int(frame[period].max()) - int(frame[period].min())
        fig.update_xaxes(tickformat="d", dtick=1 if span <= 12 else None, **selector)


def _period_text(frame: pl.DataFrame, period: str = "period") -> list[str]:
    if _is_monthly(frame, period):
        return [d.strftime("%b %Y") if d else "" for d in frame[period].to_list()]
    return [str(p) for p in frame[period].to_list()]


# ---- Trends -------------------------------------------------------------------------------------------------------
def trend_figure(trend: Trend, *, log_scale: bool, title: str, source: str, demo: bool) -> go.Figure:
    """Lines with markers, one per series; not-reported periods are gaps (``connectgaps=False``), never zeros."""
    frame = complete_periods(trend.frame)
    fig = go.Figure()
    unit = trend.unit
    if frame.is_empty():
        no_data(fig)
    else:
        for index, name in enumerate(series_order(frame)):
            rows = frame.filter(pl.col("series") == name)
            values = rows["value"].to_list()
            reporting = rows["reporting"].to_list() if "reporting" in rows.columns else [None] * rows.height
            custom = [
                [
                    period,
                    text.number(v),
                    "" if r is None else f"{int(r):,} {'country' if r == 1 else 'countries'} reporting",
                ]
                for period, v, r in zip(_period_text(rows), values, reporting, strict=True)
            ]
            fig.add_trace(
                go.Scatter(
                    x=rows["period"].to_list(),
                    y=values,
                    name=text.plotly(name),
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 2},
                    marker={"size": 6},
                    customdata=custom,
                    hovertemplate=(
                        "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} "
                        + text.plotly(unit, template=True)
                        + "<br>%{customdata[2]}<extra></extra>"
                    ),
                )
            )
        _period_axis(fig, frame)
        fig.update_yaxes(title_text=text.plotly(unit), **_value_axis(log_scale, frame["value"].to_list()))
        fig.update_layout(hovermode="closest")
    finish(fig, title=title, unit=unit, source=source, demo=demo, height=480)
    return _after_finish(fig, legend_right=True)


def change_figure(
    frame: pl.DataFrame, *, title: str, unit: str, source: str, demo: bool, period_name: str = "year"
) -> go.Figure:
    """Bars of the change from the previous period in per cent, one colour per series. ``frame`` holds period,
    series and ``change_pct`` (``query.with_change``); a change that cannot be computed has no bar."""
    if "change_pct" not in frame.columns:
        from dashboard.query import with_change

        frame = with_change(frame)
    fig = go.Figure()
    frame = frame.with_columns(pl.col("series").cast(pl.String).fill_null(NO_SERIES))
    shown = frame.filter(pl.col("change_pct").is_not_null())
    if shown.is_empty():
        no_data(fig, "Not enough consecutive reported periods to compute a change")
    else:
        for index, name in enumerate(series_order(frame)):
            rows = shown.filter(pl.col("series") == name).sort("period")
            if rows.is_empty():
                continue
            changes = rows["change_pct"].to_list()
            fig.add_trace(
                go.Bar(
                    x=rows["period"].to_list(),
                    y=changes,
                    name=text.plotly(name),
                    marker_color=OKABE_ITO[index % len(OKABE_ITO)],
                    customdata=[[p, f"{c:+,.1f}"] for p, c in zip(_period_text(rows), changes, strict=True)],
                    hovertemplate=(
                        "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]}&#37; from the previous "
                        + text.plotly(period_name, template=True)
                        + "<extra></extra>"
                    ),
                )
            )
        _period_axis(fig, shown)
        fig.update_yaxes(title_text=f"% change from previous {text.plotly(period_name)}", ticksuffix="%", zeroline=True)
        fig.update_layout(barmode="group")
    finish(fig, title=title, unit=f"% change in {unit}", source=source, demo=demo, height=440)
    return _after_finish(fig, legend_right=True)


def wide_table(
    frame: pl.DataFrame,
    *,
    period: str = "period",
    series: str = "series",
    value: str = "value",
    order: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The table alternative of a line chart: one row per period, one column per series (largest first, or in
    ``order``); an empty cell means not reported."""
    if frame.is_empty():
        return pl.DataFrame({period: []})
    completed = complete_periods(frame.select(period, series, value), period=period, series=series)
    order = list(order) if order is not None else series_order(completed, value=value, series=series)
    wide = completed.pivot(on=series, index=period, values=value, sort_columns=False).sort(period)
    return wide.select(period, *[c for c in order if c in wide.columns])


# ---- Compare countries --------------------------------------------------------------------------------------------
def small_multiples(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    demo: bool,
    label: str = "country_name",
    period: str = "year",
    order: Sequence[str] | None = None,
    log_scale: bool = False,
    shared_scale: bool = True,
    max_columns: int = MAX_COLUMNS,
) -> go.Figure:
    """One small chart per country (or region), 2 to 8 of them, all on the SAME y scale (matching axes) so heights
    compare directly; years without a figure are gaps. ``shared_scale=False``: each panel on its own scale, for
    series whose sizes differ by orders of magnitude (tonnes of cannabis beside tonnes of heroin)."""
    frame = complete_periods(frame.select(period, label, "value"), period=period, series=label)
    labels = list(order) if order is not None else frame[label].unique(maintain_order=True).to_list()
    labels = [name for name in labels if name in set(frame[label].to_list())] if not frame.is_empty() else []
    count = max(len(labels), 1)
    columns = max(min(count, max_columns), 1)
    rows = math.ceil(count / columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes="all",
        shared_yaxes="all" if shared_scale else False,
        subplot_titles=[f"<b>{text.plotly(name)}</b>" for name in labels] or None,
        horizontal_spacing=0.03,
        # About 80 px between rows (a panel title and the year ticks), however many rows: a phone has six.
        vertical_spacing=min(0.16, 80 / (PANEL_HEIGHT * rows)) if rows > 1 else 0.1,
    )
    if not labels:
        no_data(fig)
    for index, name in enumerate(labels):
        rows_of = frame.filter(pl.col(label) == name).sort(period)
        values = rows_of["value"].to_list()
        fig.add_trace(
            go.Scatter(
                x=rows_of[period].to_list(),
                y=values,
                name=text.plotly(name),
                mode="lines+markers",
                connectgaps=False,
                showlegend=False,
                line={"color": OKABE_ITO[0], "width": 2},
                marker={"size": 5},
                customdata=[[p, text.number(v)] for p, v in zip(_period_text(rows_of, period), values, strict=True)],
                hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} "
                + text.plotly(unit, template=True)
                + "<extra></extra>",
            ),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    # One scale for every panel: every y axis matches the first one.
    fig.update_yaxes(**_value_axis(log_scale, frame["value"].to_list() if not frame.is_empty() else []))
    for name in [n for n in fig.layout if n.startswith("yaxis") and n != "yaxis"]:
        fig.layout[name].matches = "y" if shared_scale else None
    if not shared_scale:
        fig.update_yaxes(rangemode="tozero", showticklabels=True)
    fig.update_yaxes(title_text=text.plotly(unit), col=1)
    if not frame.is_empty():
        _period_axis(fig, frame, period)
        fig.update_xaxes(dtick=None, nticks=6, showticklabels=True)  # every panel keeps its years
    # The subplot titles sit just above each panel: finish leaves room for them under the title and source.
    finish(fig, title=title, unit=unit, source=source, demo=demo, top_extra=FACET_TITLES)
    margin = fig.layout.margin
    return fig.update_layout(height=margin.t + margin.b + PANEL_HEIGHT * rows)


def ranking_figure(
    frame: pl.DataFrame,
    top: int = 20,
    *,
    title: str = "Ranking",
    unit: str = "",
    source: str = "",
    demo: bool = False,
    highlight: Sequence[str] = (),
) -> go.Figure:
    """Horizontal bars of the ``top`` countries of ``query.by_country``; the compared countries stand out."""
    iso3, name = iso3_column(frame), name_column(frame)
    shown = frame.filter(pl.col("value").is_not_null()).sort("value", descending=True).head(top)
    fig = go.Figure()
    if shown.is_empty():
        no_data(fig)
    else:
        marked = set(highlight)
        shares = [
            [
                text.number(row["value"]),
                "—" if row.get("share_world_pct") is None else f"{row['share_world_pct']:.1f}",
                "—" if row.get("share_region_pct") is None else f"{row['share_region_pct']:.1f}",
                text.plotly(row.get("region") or "no region"),
            ]
            for row in shown.iter_rows(named=True)
        ]
        fig.add_trace(
            go.Bar(
                x=shown["value"].to_list(),
                y=[text.plotly(n) for n in shown[name].to_list()],
                orientation="h",
                marker_color=[OKABE_ITO[1] if code in marked else OKABE_ITO[0] for code in shown[iso3].to_list()],
                customdata=shares,
                hovertemplate=(
                    "<b>%{y}</b><br>%{customdata[0]} "
                    + text.plotly(unit, template=True)
                    + "<br>%{customdata[1]}&#37; of the world total"
                    + "<br>%{customdata[2]}&#37; of %{customdata[3]}<extra></extra>"
                ),
            )
        )
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(title_text=text.plotly(unit), tickformat="~s")
    height = max(320, 24 * shown.height + 170)
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=height)
