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
from dashboard.figures.style import FACET_TITLES, MUTED_COLOUR, PALETTE, finish, legend_name, series_style, wrap_lines
from dashboard.i18n import N_, SOURCE_LANGUAGE, _, is_right_to_left, language, n_

if TYPE_CHECKING:
    from dashboard.query import Trend

NO_SERIES = "(not specified)"
FROM_PREVIOUS = {"year": N_("{change} from the previous year"), "month": N_("{change} from the previous month")}
CHANGE_AXIS = {"year": N_("% change from previous year"), "month": N_("% change from previous month")}
MAX_COLUMNS = 4  # small multiples per row
PANEL_HEIGHT = 260  # pixels a row of small multiples (plot area)


def iso3_column(frame: pl.DataFrame) -> str:
    return "iso3" if "iso3" in frame.columns else "country_iso3"


def name_column(frame: pl.DataFrame) -> str:
    for column in ("country_name", "name", "series"):
        if column in frame.columns:
            return column
    return iso3_column(frame)


def no_data(fig: go.Figure, message: str | None = None) -> None:
    fig.add_annotation(
        text=message or _("No figures for the current filters"),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 15, "color": MUTED_COLOUR},
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
    return {"type": "linear", "rangemode": "tozero", "tickformat": text.axis_format(values)}


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
        if language() == SOURCE_LANGUAGE:
            fig.update_xaxes(tickformat="%b %Y", **selector)
            return
        # plotly.js names months in English only (its locales are not bundled): the labels come from CLDR instead.
        months = sorted(d for d in frame[period].unique().to_list() if d is not None)
        shown = months[:: max(1, math.ceil(len(months) / 8))]
        fig.update_xaxes(tickvals=shown, ticktext=[text.plotly(text.month(d)) for d in shown], **selector)
        return
    if not frame.is_empty():
        span = int(frame[period].max()) - int(frame[period].min())
        fig.update_xaxes(tickformat="d", dtick=1 if span <= 12 else None, **selector)


def _period_text(frame: pl.DataFrame, period: str = "period") -> list[str]:
    if _is_monthly(frame, period):
        return [text.month(d) for d in frame[period].to_list()]
    return [str(p) for p in frame[period].to_list()]


BAR_PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")  # a fill pattern beside each bar colour


# ---- Trends -------------------------------------------------------------------------------------------------------
REPORTING_SHARE = 0.22  # of the plot's height: the panel of countries reporting under a regional or world total
MAX_NOTES_SHOWN = 4  # flagged country-years named in one point's hover; the download has them all


def _flag_hover(notes: str | None) -> str:
    """The notes of a point, one per line, at most ``MAX_NOTES_SHOWN`` of them, escaped for Plotly."""
    parts = [n for n in (notes or "").split("; ") if n]
    shown = [text.plotly(n) for n in parts[:MAX_NOTES_SHOWN]]
    if len(parts) > MAX_NOTES_SHOWN:
        shown.append(text.plotly(_("and {count} more (see the download)").format(count=len(parts) - MAX_NOTES_SHOWN)))
    return "<br>".join(shown)


def _flag_rings(fig: go.Figure, rows: pl.DataFrame, color: str, *, legend: bool, row: int | None, col: int = 1) -> bool:
    """A hollow ring over each point whose figure holds a flagged country-year (carried over, an estimate, a
    financial year, part of the year, an outlier year); its hover names them. True when any ring was drawn."""
    if "flagged" not in rows.columns:
        return False
    points = [
        (period, value, notes)
        for period, value, notes, flagged in zip(
            rows["period"].to_list(),
            rows["value"].to_list(),
            rows["notes"].to_list(),
            rows["flagged"].to_list(),
            strict=True,
        )
        if flagged and value is not None
    ]
    if not points:
        return False
    fig.add_trace(
        go.Scatter(
            x=[point[0] for point in points],
            y=[point[1] for point in points],
            mode="markers",
            name=text.plotly(_(text.FLAGGED_LEGEND)),
            legendgroup="flagged",
            legendrank=2000,
            showlegend=legend,
            marker={"symbol": "circle-open", "size": 15, "line": {"width": 2, "color": color}, "color": color},
            customdata=[[_flag_hover(point[2])] for point in points],
            hovertemplate="%{customdata[0]}<extra></extra>",
        ),
        **({"row": row, "col": col} if row else {}),
    )
    return True


MAX_COMMENT = 160  # characters of UNODC's comment a hover shows (the Data page and downloads have it whole)


def _comment_hover(rows: pl.DataFrame, *, one_country: bool) -> list[str]:
    """UNODC's comment on each point of one country's line, as a hover line ("" for a sum of countries, whose
    comments are many: its flagged ones are named by the rings)."""
    if not one_country or "comments" not in rows.columns:
        return [""] * rows.height
    out = []
    for comment in rows["comments"].to_list():
        if not comment:
            out.append("")
            continue
        short = comment if len(comment) <= MAX_COMMENT else comment[: MAX_COMMENT - 1] + "…"
        out.append("<br>" + text.plotly(_("UNODC's comment: {comment}").format(comment=short)))
    return out


def _reporting_bars(fig: go.Figure, rows: pl.DataFrame, name: str, color: str) -> None:
    """Countries reporting each period, under the total they make up: a rise in a sum may be more reporters."""
    fig.add_trace(
        go.Bar(
            x=rows["period"].to_list(),
            y=rows["reporting"].fill_null(0).to_list(),
            name=text.plotly(text.vocabulary_label(name)),
            legendgroup=text.plotly(name),
            showlegend=False,
            marker_color=color,
            opacity=0.7,
            hovertemplate="%{x}: %{y} " + text.plotly(_("countries reporting"), template=True) + "<extra></extra>",
        ),
        row=2,
        col=1,
    )


def trend_figure(
    trend: Trend, *, log_scale: bool, title: str, source: str, demo: bool, show_reporting: bool = True
) -> go.Figure:
    """Lines with markers, one per series; not-reported periods are gaps (``connectgaps=False``), never zeros. A
    hollow ring marks a figure resting on a flagged country-year; under a sum of countries (a world or regional
    total), a panel of the countries reporting each period (``show_reporting=False``: one country's lines)."""
    frame = complete_periods(trend.frame)
    sums = (
        show_reporting
        and "of" in frame.columns
        and "reporting" in frame.columns
        and frame["of"].drop_nulls().max() not in (None, 1)
    )
    fig = (
        make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[1 - REPORTING_SHARE, REPORTING_SHARE])
        if sums
        else go.Figure()
    )
    place = {"row": 1, "col": 1} if sums else {}
    unit = trend.unit
    if frame.is_empty():
        no_data(fig)
    else:
        ringed = False
        for index, name in enumerate(series_order(frame)):
            rows = frame.filter(pl.col("series") == name)
            values = rows["value"].to_list()
            reporting = rows["reporting"].to_list() if "reporting" in rows.columns else [None] * rows.height
            comments = _comment_hover(rows, one_country=not sums)
            custom = [
                [
                    period,
                    text.number(v),
                    ""
                    if r is None
                    else n_("{count} country reporting", "{count} countries reporting", int(r)).format(
                        count=text.count(int(r))
                    ),
                    comment,
                ]
                for period, v, r, comment in zip(_period_text(rows), values, reporting, comments, strict=True)
            ]
            look = series_style(name, index)
            fig.add_trace(
                go.Scatter(
                    x=rows["period"].to_list(),
                    y=values,
                    name=legend_name(text.vocabulary_label(name)),
                    legendgroup=text.plotly(name),
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": look.colour, "width": 2.5, "dash": look.dash},
                    marker={"size": 8, "symbol": look.symbol},
                    customdata=custom,
                    hovertemplate=(
                        f"<b>{text.plotly(text.vocabulary_label(name), template=True)}</b><br>%{{customdata[0]}}: "
                        "%{customdata[1]} "
                        + text.plotly(_(unit), template=True)
                        + "<br>%{customdata[2]}%{customdata[3]}<extra></extra>"
                    ),
                ),
                **place,
            )
            ringed = _flag_rings(fig, rows, look.colour, legend=not ringed, row=1 if sums else None) or ringed
            if sums:
                _reporting_bars(fig, rows, name, look.colour)
        _period_axis(fig, frame)
        fig.update_yaxes(title_text=text.plotly(_(unit)), **_value_axis(log_scale, frame["value"].to_list()), **place)
        if sums:
            fig.update_yaxes(title_text=text.plotly(_("reporting")), rangemode="tozero", row=2, col=1)
            fig.update_layout(barmode="group")
        fig.update_layout(hovermode="closest")
    finish(fig, title=title, unit=unit, source=source, demo=demo, height=560 if sums else 480)
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
        no_data(fig, _("Not enough consecutive reported periods to compute a change"))
    else:
        for index, name in enumerate(series_order(frame)):
            rows = shown.filter(pl.col("series") == name).sort("period")
            if rows.is_empty():
                continue
            changes = rows["change_pct"].to_list()
            look = series_style(name, index)
            fig.add_trace(
                go.Bar(
                    x=rows["period"].to_list(),
                    y=changes,
                    name=legend_name(text.vocabulary_label(name)),
                    marker={"color": look.colour, "pattern": {"shape": BAR_PATTERNS[index % len(BAR_PATTERNS)]}},
                    customdata=[
                        [p, text.plotly(_(FROM_PREVIOUS[period_name]).format(change=text.percent(c, signed=True)))]
                        for p, c in zip(_period_text(rows), changes, strict=True)
                    ],
                    hovertemplate=(
                        f"<b>{text.plotly(text.vocabulary_label(name), template=True)}</b><br>%{{customdata[0]}}: "
                        "%{customdata[1]}<extra></extra>"
                    ),
                )
            )
        _period_axis(fig, shown)
        axis_title = text.plotly(_(CHANGE_AXIS.get(period_name, CHANGE_AXIS["year"])))
        fig.update_yaxes(title_text=axis_title, ticksuffix="%", zeroline=True)
        fig.update_layout(barmode="group")
    finish(fig, title=title, unit=_("% change in {unit}").format(unit=_(unit)), source=source, demo=demo, height=440)
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
    kept = [period, label, "value", *(c for c in ("flagged", "notes") if c in frame.columns)]
    frame = complete_periods(frame.select(kept), period=period, series=label)
    labels = list(order) if order is not None else frame[label].unique(maintain_order=True).to_list()
    labels = [name for name in labels if name in set(frame[label].to_list())] if not frame.is_empty() else []
    count = max(len(labels), 1)
    columns = max(min(count, max_columns), 1)
    rows = math.ceil(count / columns)
    # The panels are read as the page is: from the left, or from the right in a right-to-left language (each panel's
    # own axes still run left to right).
    mirrored = is_right_to_left()

    def place(index: int) -> dict[str, int]:
        column = index % columns
        return {"row": index // columns + 1, "col": columns - column if mirrored else column + 1}

    # A panel's title wraps to the panel's width (about 95 characters of bold 17 px across the figure).
    wrapped = {name: wrap_lines(text.vocabulary_label(name), max(16, 95 // columns)) for name in labels}
    title_lines = max((len(lines) for lines in wrapped.values()), default=1)
    titles = [""] * (rows * columns)  # make_subplots takes them row by row, left to right
    for index, name in enumerate(labels):
        at = place(index)
        titles[(at["row"] - 1) * columns + at["col"] - 1] = "<br>".join(f"<b>{line}</b>" for line in wrapped[name])
    fig = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes="all",
        shared_yaxes="all" if shared_scale else False,
        subplot_titles=titles if labels else None,
        # Panels on their own scales each carry tick labels ("1.5 million"), which need room between the panels.
        horizontal_spacing=0.03 if shared_scale else 0.09,
        # About 80 px between rows (a panel title and the year ticks), however many rows: a phone has six; a title
        # line more takes another 20.
        vertical_spacing=min(0.2, (60 + 20 * title_lines) / (PANEL_HEIGHT * rows)) if rows > 1 else 0.1,
    )
    if not labels:
        no_data(fig)
    ringed = False
    for index, name in enumerate(labels):
        rows_of = frame.filter(pl.col(label) == name).sort(period)
        values = rows_of["value"].to_list()
        fig.add_trace(
            go.Scatter(
                x=rows_of[period].to_list(),
                y=values,
                name=text.plotly(text.vocabulary_label(name)),
                mode="lines+markers",
                connectgaps=False,
                showlegend=False,
                line={"color": PALETTE[0].colour, "width": 2},
                marker={"size": 6},
                customdata=[[p, text.number(v)] for p, v in zip(_period_text(rows_of, period), values, strict=True)],
                hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} "
                + text.plotly(_(unit), template=True)
                + "<extra></extra>",
            ),
            **place(index),
        )
        if "flagged" in rows_of.columns:
            # The legend has one entry, the rings' (the panels' titles name the countries).
            drawn = _flag_rings(
                fig, rows_of.rename({period: "period"}), PALETTE[0].colour, legend=not ringed, **place(index)
            )
            ringed = ringed or drawn
    # One scale for every panel: every y axis matches the first one (make_subplots made the first match the
    # bottom-left panel's, which would close a circle).
    fig.update_yaxes(**_value_axis(log_scale, frame["value"].to_list() if not frame.is_empty() else []))
    fig.layout.yaxis.matches = None
    for name in [n for n in fig.layout if n.startswith("yaxis") and n != "yaxis"]:
        fig.layout[name].matches = "y" if shared_scale else None
    if not shared_scale:
        fig.update_yaxes(rangemode="tozero", showticklabels=True)
    edge = columns if mirrored else 1  # the column the first panel of each row stands in
    if mirrored:  # the scale stands beside the first panel, on its right
        fig.update_yaxes(side="right")
        if shared_scale:
            fig.update_yaxes(showticklabels=False)
            fig.update_yaxes(showticklabels=True, col=edge)
    fig.update_yaxes(title_text=text.plotly(_(unit)), col=edge)
    if not frame.is_empty():
        _period_axis(fig, frame, period)
        # Every panel keeps its years, level: slanted, the labels of one panel ran into the next ("2022" on "2012").
        fig.update_xaxes(dtick=None, nticks=4, tickangle=0, showticklabels=True)
    # The subplot titles sit just above each panel: finish leaves room for them under the title and source.
    finish(fig, title=title, unit=unit, source=source, demo=demo, top_extra=FACET_TITLES * title_lines)
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
                text.plotly(
                    _("{share} of the world total").format(share=text.percent(row.get("share_world_pct"), missing="—"))
                ),
                text.plotly(
                    _("{share} of {region}").format(
                        share=text.percent(row.get("share_region_pct"), missing="—"),
                        region=text.vocabulary_label(row.get("region")) if row.get("region") else _("no region"),
                    )
                ),
            ]
            for row in shown.iter_rows(named=True)
        ]
        fig.add_trace(
            go.Bar(
                x=shown["value"].to_list(),
                y=[text.plotly(n) for n in shown[name].to_list()],
                orientation="h",
                # A compared country's bar is hatched and says so, not only coloured.
                text=[_("compared") if code in marked else "" for code in shown[iso3]],
                textposition="auto",
                textfont={"size": 14},
                marker={
                    "color": [PALETTE[1].colour if code in marked else PALETTE[0].colour for code in shown[iso3]],
                    "pattern": {
                        "shape": ["/" if code in marked else "" for code in shown[iso3]],
                        "fgcolor": "#ffffff",  # one colour: plotly.js takes no list here
                    },
                },
                customdata=shares,
                hovertemplate=(
                    "<b>%{y}</b><br>%{customdata[0]} "
                    + text.plotly(_(unit), template=True)
                    + "<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(title_text=text.plotly(_(unit)), tickformat=text.axis_format(shown["value"].to_list()))
    height = max(320, 24 * shown.height + 170)
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=height)
