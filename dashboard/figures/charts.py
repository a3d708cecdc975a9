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

from dashboard.figures.style import FACET_TITLES, OKABE_ITO, SEQUENTIAL, escape, finish

if TYPE_CHECKING:
    from dashboard.query import Trend

NO_FIGURE_COLOUR = "#d4d4d4"  # countries without a figure: grey, never the bottom of the colour scale
NO_SERIES = "(not specified)"
MAX_COLUMNS = 4  # small multiples per row
PANEL_HEIGHT = 260  # pixels a row of small multiples (plot area)


# ---- formatting --------------------------------------------------------------------------------------------------
def format_value(value: float | None) -> str:
    """A figure as a reader wants it in a hover: thousands separated, few decimals, never scientific."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not reported"
    magnitude = abs(value)
    if magnitude >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


def _hover_safe(text: object) -> str:
    """Escaped for Plotly's HTML subset, and with ``%`` as an entity so it can never start a ``%{...}`` field."""
    return escape(text).replace("%", "&#37;")


def _iso3_column(frame: pl.DataFrame) -> str:
    return "iso3" if "iso3" in frame.columns else "country_iso3"


def _name_column(frame: pl.DataFrame) -> str:
    for column in ("country_name", "name", "series"):
        if column in frame.columns:
            return column
    return _iso3_column(frame)


def _no_data(fig: go.Figure, message: str = "No figures for the current filters") -> None:
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


def compact(value: float) -> str:
    """Short axis label: 500, 2k, 1.5M."""
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:g}{suffix}"
    return f"{value:g}"


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
    return {"tickvals": ticks, "ticktext": [compact(t) for t in ticks]}


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
        _no_data(fig)
    else:
        for index, name in enumerate(series_order(frame)):
            rows = frame.filter(pl.col("series") == name)
            values = rows["value"].to_list()
            reporting = rows["reporting"].to_list() if "reporting" in rows.columns else [None] * rows.height
            custom = [
                [
                    period,
                    format_value(v),
                    "" if r is None else f"{int(r):,} {'country' if r == 1 else 'countries'} reporting",
                ]
                for period, v, r in zip(_period_text(rows), values, reporting, strict=True)
            ]
            fig.add_trace(
                go.Scatter(
                    x=rows["period"].to_list(),
                    y=values,
                    name=escape(name),
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 2},
                    marker={"size": 6},
                    customdata=custom,
                    hovertemplate=(
                        "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} "
                        + _hover_safe(unit)
                        + "<br>%{customdata[2]}<extra></extra>"
                    ),
                )
            )
        _period_axis(fig, frame)
        fig.update_yaxes(title_text=escape(unit), **_value_axis(log_scale, frame["value"].to_list()))
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
        _no_data(fig, "Not enough consecutive reported periods to compute a change")
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
                    name=escape(name),
                    marker_color=OKABE_ITO[index % len(OKABE_ITO)],
                    customdata=[[p, f"{c:+,.1f}"] for p, c in zip(_period_text(rows), changes, strict=True)],
                    hovertemplate=(
                        "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]}&#37; from the previous "
                        + _hover_safe(period_name)
                        + "<extra></extra>"
                    ),
                )
            )
        _period_axis(fig, shown)
        fig.update_yaxes(title_text=f"% change from previous {escape(period_name)}", ticksuffix="%", zeroline=True)
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
) -> go.Figure:
    """One small chart per country (or region), 2 to 8 of them, all on the SAME y scale (matching axes) so heights
    compare directly; years without a figure are gaps."""
    frame = complete_periods(frame.select(period, label, "value"), period=period, series=label)
    labels = list(order) if order is not None else frame[label].unique(maintain_order=True).to_list()
    labels = [name for name in labels if name in set(frame[label].to_list())] if not frame.is_empty() else []
    count = max(len(labels), 1)
    columns = min(count, MAX_COLUMNS)
    rows = math.ceil(count / columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes="all",
        shared_yaxes="all",
        subplot_titles=[f"<b>{escape(name)}</b>" for name in labels] or None,
        horizontal_spacing=0.03,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    if not labels:
        _no_data(fig)
    for index, name in enumerate(labels):
        rows_of = frame.filter(pl.col(label) == name).sort(period)
        values = rows_of["value"].to_list()
        fig.add_trace(
            go.Scatter(
                x=rows_of[period].to_list(),
                y=values,
                name=escape(name),
                mode="lines+markers",
                connectgaps=False,
                showlegend=False,
                line={"color": OKABE_ITO[0], "width": 2},
                marker={"size": 5},
                customdata=[[p, format_value(v)] for p, v in zip(_period_text(rows_of, period), values, strict=True)],
                hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} "
                + _hover_safe(unit)
                + "<extra></extra>",
            ),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    # One scale for every panel: every y axis matches the first one.
    fig.update_yaxes(**_value_axis(log_scale, frame["value"].to_list() if not frame.is_empty() else []))
    for name in [n for n in fig.layout if n.startswith("yaxis") and n != "yaxis"]:
        fig.layout[name].matches = "y"
    fig.update_yaxes(title_text=escape(unit), col=1)
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
    iso3, name = _iso3_column(frame), _name_column(frame)
    shown = frame.filter(pl.col("value").is_not_null()).sort("value", descending=True).head(top)
    fig = go.Figure()
    if shown.is_empty():
        _no_data(fig)
    else:
        marked = set(highlight)
        shares = [
            [
                format_value(row["value"]),
                "—" if row.get("share_world_pct") is None else f"{row['share_world_pct']:.1f}",
                "—" if row.get("share_region_pct") is None else f"{row['share_region_pct']:.1f}",
                escape(row.get("region") or "no region"),
            ]
            for row in shown.iter_rows(named=True)
        ]
        fig.add_trace(
            go.Bar(
                x=shown["value"].to_list(),
                y=[escape(n) for n in shown[name].to_list()],
                orientation="h",
                marker_color=[OKABE_ITO[1] if code in marked else OKABE_ITO[0] for code in shown[iso3].to_list()],
                customdata=shares,
                hovertemplate=(
                    "<b>%{y}</b><br>%{customdata[0]} "
                    + _hover_safe(unit)
                    + "<br>%{customdata[1]}&#37; of the world total"
                    + "<br>%{customdata[2]}&#37; of %{customdata[3]}<extra></extra>"
                ),
            )
        )
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(title_text=escape(unit), tickformat="~s")
    height = max(320, 24 * shown.height + 170)
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=height)


def _log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    first, last = math.floor(low), math.ceil(high)
    values = list(range(first, last + 1))
    return [float(v) for v in values], [format_value(10.0**v) for v in values]


def choropleth(
    frame: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    demo: bool,
    log_scale: bool = False,
    shapes_url: str | None = None,
) -> go.Figure:
    """A world map of ``query.by_country``: Cividis for countries with a figure, grey for those without (never the
    colour of zero). The shapes are the project's own (``geo.world_geojson``); base layers are off so plotly.js
    draws nothing it would have to fetch (the page still passes ``topojsonURL`` for the topology it loads).

    With ``shapes_url`` (the app passes ``geo.WORLD_GEOJSON_URL``) both traces name the shapes by URL, so the
    browser fetches them once from the app instead of receiving 700 KB inside every figure; exports leave it out."""
    from dashboard import geo

    iso3, name = _iso3_column(frame), _name_column(frame)
    features = geo.world_geojson()["features"]
    shaped = {f["id"] for f in features}
    reported = frame.filter(pl.col("value").is_not_null() & pl.col(iso3).is_in(list(shaped)))
    with_figure = set(reported[iso3].to_list())
    missing = [f for f in features if f["id"] not in with_figure]
    present = [f for f in features if f["id"] in with_figure]
    line = {"color": "white", "width": 0.4}
    unselected = {"marker": {"opacity": 0.55}}  # a clicked country stands out without washing out the rest

    fig = go.Figure()
    if missing:
        fig.add_trace(
            go.Choropleth(
                geojson=shapes_url or {"type": "FeatureCollection", "features": missing},
                featureidkey="id",
                locations=[f["id"] for f in missing],
                z=[0] * len(missing),
                colorscale=[[0, NO_FIGURE_COLOUR], [1, NO_FIGURE_COLOUR]],
                showscale=False,
                marker_line=line,
                unselected=unselected,
                name="No figure",
                customdata=[escape((f.get("properties") or {}).get("name") or f["id"]) for f in missing],
                hovertemplate="<b>%{customdata}</b><br>No figure reported<extra></extra>",
            )
        )
    if present:
        values = reported["value"].to_list()
        colour_bar: dict = {"title": {"text": escape(unit)}, "thickness": 14, "len": 0.75}
        if log_scale:
            positive = [v for v in values if v > 0]
            floor = math.log10(min(positive)) if positive else 0.0
            z = [math.log10(v) if v > 0 else floor for v in values]
            if positive:
                ticks, labels = _log_ticks(floor, math.log10(max(positive)))
                colour_bar.update(tickvals=ticks, ticktext=labels)
        else:
            z = values
        world = reported["share_world_pct"].to_list() if "share_world_pct" in reported.columns else [None] * len(z)
        fig.add_trace(
            go.Choropleth(
                geojson=shapes_url or {"type": "FeatureCollection", "features": present},
                featureidkey="id",
                locations=reported[iso3].to_list(),
                z=z,
                colorscale=SEQUENTIAL,
                marker_line=line,
                unselected=unselected,
                colorbar=colour_bar,
                name=escape(unit),
                customdata=[
                    [escape(n), format_value(v), "—" if w is None else f"{w:.1f}"]
                    for n, v, w in zip(reported[name].to_list(), values, world, strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]} "
                    + _hover_safe(unit)
                    + "<br>%{customdata[2]}&#37; of the world total<extra></extra>"
                ),
            )
        )
    # The whole world on a fixed frame: fitting the bounds to the shapes would centre the map on the Pacific, because
    # Fiji and Russia cross the antimeridian. Latitudes stop short of Antarctica, which has no shape anyway.
    fig.update_geos(
        visible=False,
        projection_type="natural earth",
        projection_rotation={"lon": 0},
        lonaxis_range=[-180, 180],
        lataxis_range=[-57, 84],
        showframe=False,
        bgcolor="white",
    )
    if missing:
        fig.add_annotation(
            text="Grey: no figure reported (not zero)",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": 11, "color": "#555555"},
        )
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=560)


def countries_without_shape(frame: pl.DataFrame) -> list[str]:
    """Names of countries with a figure that the map cannot draw (small island states absent from the geometry)."""
    from dashboard import geo
    from dashboard.countries import SPECIAL_CODES

    iso3, name = _iso3_column(frame), _name_column(frame)
    drawable = {f["id"] for f in geo.world_geojson()["features"]} | set(SPECIAL_CODES)
    return frame.filter(pl.col("value").is_not_null() & ~pl.col(iso3).is_in(list(drawable)))[name].to_list()
