"""One look for every figure: a colour-blind-safe palette, an explicit template, a title with measure and unit, and a
source line. Legibility is WCAG 2.2 AA (docs/accessibility.md): chart text 14 px (the source line 12 px), text at
least 4.5:1 on white, lines and markers at least 3:1, and a marker shape and dash beside every colour.

An explicit template matters: importing streamlit switches plotly's default to placeholder colours that
only Streamlit's frontend understands, so an exported image would otherwise come out black.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import text
from dashboard.i18n import SOURCE_LANGUAGE, _, is_right_to_left, language
from dashboard.reference import read_rows
from dashboard.substances import GROUPS

# Okabe & Ito (2008), distinguishable with the common forms of colour-vision deficiency. Orange, sky blue and yellow
# are 1.3-2.3:1 on white, too faint for a line (WCAG 1.4.11 asks 3:1), so series take their colours from PALETTE.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Cividis"  # perceptually uniform, and its lightness climbs under deuteranopia and protanopia too
# System fonts only: no web font is fetched. Debian's Noto fonts (set-up installs them) carry Arabic and Chinese for
# server-side exports, where kaleido's chromium would otherwise draw empty boxes.
FONT = "DejaVu Sans, Arial, Noto Sans Arabic, Noto Sans CJK SC, sans-serif"
TEXT_COLOUR = "#222222"  # 15.9:1 on white
MUTED_COLOUR = "#555555"  # 7.5:1 on white: the source line and the unit
WARNING_TEXT = "#A23B00"  # a darker vermillion for warning text, 6.6:1 on white (vermillion itself is 3.9:1)
FONT_SIZE = 14  # every chart text (ticks, legend, hover, annotations)
SOURCE_SIZE = 12  # the source line
LEGEND_WRAP = 24  # characters a line of a legend entry: a right-hand legend stays under a quarter of a 930 px chart


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: colour, marker symbol and line dash, so that colour is never the only signal."""

    colour: str
    symbol: str
    dash: str


PALETTE: tuple[SeriesStyle, ...] = tuple(
    SeriesStyle(r["colour"], r["symbol"], r["dash"]) for r in read_rows("palette.csv")
)
# One style per substance group on every page, keyed by the group's label (what a series is called).
GROUP_STYLES: dict[str, SeriesStyle] = {
    GROUPS[r["group"]].label: PALETTE[int(r["slot"])] for r in read_rows("group_colours.csv")
}


def series_style(name: object, index: int) -> SeriesStyle:
    """The style of a series: its substance group's own when it is a group, else the ``index``-th of the palette."""
    return GROUP_STYLES.get(str(name)) or PALETTE[index % len(PALETTE)]


def legend_name(name: str) -> str:
    """A legend entry wrapped on lines of ``LEGEND_WRAP`` characters, escaped for plotly (long names would make a
    right-hand legend take half the chart)."""
    return "<br>".join(wrap_lines(name, LEGEND_WRAP))


_AXIS = {
    "tickfont": {"size": FONT_SIZE, "color": TEXT_COLOUR},
    "title": {"font": {"size": FONT_SIZE, "color": TEXT_COLOUR}},
    "linecolor": "#767676",  # 4.5:1: the axis line is the frame a reader measures against
    "gridcolor": "#E5E5E5",
}
TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.colorway = [s.colour for s in PALETTE[:5]]
TEMPLATE.layout.font = {"family": FONT, "size": FONT_SIZE, "color": TEXT_COLOUR}
TEMPLATE.layout.title = {"x": 0, "xanchor": "left", "font": {"size": 17, "color": TEXT_COLOUR}}
TEMPLATE.layout.paper_bgcolor = "white"
TEMPLATE.layout.plot_bgcolor = "white"
TEMPLATE.layout.xaxis.update(_AXIS)
TEMPLATE.layout.yaxis.update(_AXIS)
TEMPLATE.layout.legend = {"font": {"size": FONT_SIZE, "color": TEXT_COLOUR}}
TEMPLATE.layout.hoverlabel = {"font": {"size": FONT_SIZE}}
TEMPLATE.layout.annotationdefaults = {"font": {"size": FONT_SIZE, "color": TEXT_COLOUR}}
TEMPLATE.layout.coloraxis.colorbar = {"tickfont": {"size": FONT_SIZE, "color": TEXT_COLOUR}}
TEMPLATE.data.choropleth = [go.Choropleth(colorbar={"tickfont": {"size": FONT_SIZE, "color": TEXT_COLOUR}})]
TEMPLATE.data.heatmap = [go.Heatmap(colorbar={"tickfont": {"size": FONT_SIZE, "color": TEXT_COLOUR}})]


# The header above the plot: the title pinned to the top of the figure, the source line (the title's subtitle) under
# it, then room for what sits just above the plot area (facet titles, the top tick label). Plotly does not make room
# for a subtitle by itself, so the top margin is computed from the number of lines. Heights in pixels.
SOURCE_WRAP = 69  # characters a line of the source: about 360 px at 12 px, the narrowest column that has a chart
TITLE_WRAP = 94  # characters a line of the title (17 px); most titles stay on one line
TITLE_PAD = 10  # above the title
TITLE_LINE = 23  # one line of the 17 px title
SUBTITLE_GAP = 13  # between the title and the source (plotly puts 1.6 em of the subtitle's font there)
SUBTITLE_LINE = 16  # one line of the 12 px source
HEADER_GAP = 16  # under the source, so the top tick label (half a line above the plot) stays clear
FACET_TITLES = 24  # room for subplot titles, which plotly puts just above each panel


def header_height(title_lines: int, source_lines: int, *, extra: int = 0) -> int:
    """The top margin for a title of ``title_lines`` and a source of ``source_lines`` lines, plus ``extra``."""
    return (
        TITLE_PAD
        + TITLE_LINE * max(title_lines, 1)
        + SUBTITLE_GAP
        + SUBTITLE_LINE * max(source_lines, 1)
        + HEADER_GAP
        + extra
    )


def wrap_lines(words: str, width: int) -> list[str]:
    """``words`` in lines of at most ``width`` characters (a longer word keeps its line), escaped for plotly."""
    return [text.plotly(line) for line in textwrap.wrap(words, width=width, break_long_words=False)] or [""]


def finish(
    fig: go.Figure,
    *,
    title: str,
    unit: str,
    source: str,
    demo: bool,
    height: int | None = None,
    top_extra: int = 0,
    demo_of: str = "seizures",
) -> go.Figure:
    """Title with measure and unit, the source line under it, and a watermark on demonstration data.

    The top margin fits the title and the wrapped source; ``top_extra`` adds room for what the figure puts above
    its plot area (``FACET_TITLES`` for small multiples). ``demo_of`` says what demonstration data are not
    (``text.DEMO_OF``)."""
    source_lines = wrap_lines(_("Source: {source}").format(source=source), SOURCE_WRAP)
    if demo:
        watermark = text.plotly(text.demo_watermark(demo_of))
        source_lines.insert(0, f"<b>{watermark}</b>")
        fig.add_annotation(
            text=watermark,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 26, "color": "rgba(200,0,0,0.13)"},
            textangle=-20,
        )
    title_lines = wrap_lines(title, TITLE_WRAP)
    unit_words = text.bracketed(_(unit))
    unit_html = f"<span style='font-size:{FONT_SIZE}px;color:{MUTED_COLOUR}'>{text.plotly(unit_words)}</span>"
    if len(title_lines[-1]) + len(unit_words) + 1 > TITLE_WRAP:
        title_lines.append("")  # a long unit gets a line of its own rather than run off the figure
    title_lines[-1] += (text.aside_separator(unit_words) if title_lines[-1] else "") + unit_html
    # The source sits under the title, where no legend or axis title can cover it, and travels with every export.
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": "<br>".join(title_lines),
            "subtitle": {"text": "<br>".join(source_lines), "font": {"size": SOURCE_SIZE, "color": MUTED_COLOUR}},
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": multiline_title_pad(len(title_lines), TITLE_LINE)},
        },
        margin={"l": 10, "r": 10, "t": header_height(len(title_lines), len(source_lines), extra=top_extra), "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": FONT_SIZE}},
        separators=text.plotly_separators(),
    )
    if height:
        fig.update_layout(height=height)
    localised_ticks(fig)
    return in_reading_direction(fig)


def _read_as_a_table(fig: go.Figure) -> None:
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right")
    for trace in fig.data:
        if "colorbar" in trace and trace.showscale is not False:
            trace.colorbar.update(x=-0.02, xanchor="right")


def in_reading_direction(fig: go.Figure, *, table: bool = False) -> go.Figure:
    """``fig`` laid out for a right-to-left language (nothing changes in another): every line of its texts read right
    to left (``text.right_to_left_lines``), the title, its source line and a legend under the plot starting at the
    right, and hovers aligned right. The axes keep their order: time still runs left to right. Called last by each
    function that writes a figure's texts; applying it again changes nothing.

    ``table``: the figure is a table drawn as cells (categories on both axes, as the meeting matrix), which is read
    as a table is: its first column on the right and its row labels at the right (a colour scale moves to the left,
    out of their way)."""
    if not is_right_to_left():
        return fig
    # Bars across (a ranking, groups by size) read from their names, which stand on the right: the bars grow to the
    # left, from a zero on the right, as an Arabic bar chart is drawn. A time or number axis elsewhere keeps its order.
    bars_across = bool(fig.data) and all(t.type == "bar" and t.orientation == "h" for t in fig.data)
    if table or bars_across:
        _read_as_a_table(fig)
    lines = text.right_to_left_lines
    layout = fig.layout
    if layout.title.text:
        layout.title.text = lines(layout.title.text)
    if layout.title.subtitle.text:
        layout.title.subtitle.text = lines(layout.title.subtitle.text)
    layout.title.update(x=1, xanchor="right", pad={"r": 10})
    fig.for_each_xaxis(lambda axis: axis.title.text and axis.title.update(text=lines(axis.title.text)))
    fig.for_each_yaxis(lambda axis: axis.title.text and axis.title.update(text=lines(axis.title.text)))
    # A tick label with words ("2 مليون") reads as its language does: the number first, on the right.
    fig.for_each_yaxis(lambda axis: axis.ticktext and axis.update(ticktext=[lines(t) for t in axis.ticktext]))
    fig.for_each_xaxis(lambda axis: axis.ticktext and axis.update(ticktext=[lines(t) for t in axis.ticktext]))
    for annotation in layout.annotations:
        if annotation.text:
            annotation.text = lines(annotation.text)
    if layout.legend.orientation == "h" and not layout.legend.x:
        layout.legend.update(x=1, xanchor="right")
    layout.hoverlabel.align = "right"
    for trace in fig.data:
        if isinstance(getattr(trace, "name", None), str) and trace.name:
            trace.name = lines(trace.name)
        if isinstance(getattr(trace, "hovertemplate", None), str) and trace.hovertemplate:
            trace.hovertemplate = lines(trace.hovertemplate)
    return fig


# ---- tick labels in the reader's locale ----------------------------------------------------------------------------
# The tick formats plotly would write with d3 (English SI suffixes: "10k", "1.5M", "2G"), which the reader's locale
# writes otherwise ("10 k", "1,5 M", "2 Md" in French, "1万" in Chinese). A year ("d") or date axis is left alone.
_NUMBER_FORMATS = (None, "", "~s", ",~r")
_TRACES_WITH_AXES = frozenset({"scatter", "scattergl", "bar", "box", "violin", "histogram", "funnel", "waterfall"})
TICKS = 5  # d3's count: 5-10 ticks, about as many as plotly draws on a chart of 480-560 px


def nice_ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """Tick values at 1, 2 or 5 times a power of ten covering ``low`` to ``high`` (d3's "nice" ticks, which plotly's
    own axes use), about ``count`` of them."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    error = raw / power  # d3's tickIncrement: the multiple nearest the raw step (in the log sense)
    step = power * (
        10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    )
    # One step beyond each end: plotly pads its range past the data, and draws no tick outside the range.
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    # round(): 3 * 0.1 is 0.30000000000000004, whose label would carry the noise.
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return [round(i * step, digits) for i in range(first, last + 1)]


def tick_labels(values: list[float]) -> list[str]:
    """Labels of tick values as the locale writes them (text.py's Babel formats): the locale's compact form ("1,5 M")
    from a thousand up, the plain number below it (0.14, never "140m": issue 15)."""
    largest = max((abs(v) for v in values), default=0.0)
    if largest >= 1000:
        return [text.compact(v) for v in values]
    steps = [b - a for a, b in zip(values, values[1:], strict=False) if b > a]
    step = min(steps, default=1.0)
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return [text.number(v, decimals=decimals) for v in values]


def _numbers(values: object) -> list[float]:
    if values is None:
        return []
    out = []
    for value in values:  # type: ignore[attr-defined]
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                return []  # a category axis
            continue
        if math.isfinite(value):
            out.append(float(value))
    return out


def _axis_values(fig: go.Figure) -> dict[str, list[float]]:
    """The figures each axis shows ("xaxis", "yaxis2"...), stacked bars summed per category as plotly stacks them."""
    values: dict[str, list[float]] = {}
    stacked = fig.layout.barmode in ("stack", "relative")
    stacks: dict[tuple[str, object], list[float]] = {}
    for trace in fig.data:
        if trace.type not in _TRACES_WITH_AXES:
            continue
        x_axis = "xaxis" + (trace.xaxis or "x")[1:]
        y_axis = "yaxis" + (trace.yaxis or "y")[1:]
        if stacked and trace.type == "bar":
            horizontal = trace.orientation == "h"
            axis, categories = (x_axis, trace.y) if horizontal else (y_axis, trace.x)
            amounts = trace.x if horizontal else trace.y
            for category, amount in zip(categories or (), amounts or (), strict=False):
                if isinstance(amount, int | float) and not isinstance(amount, bool) and math.isfinite(amount):
                    sums = stacks.setdefault((axis, category), [0.0, 0.0])
                    sums[0 if amount >= 0 else 1] += amount
            continue
        for axis, data in ((x_axis, trace.x), (y_axis, trace.y)):
            values.setdefault(axis, []).extend(_numbers(data))
    for (axis, _category), (positive, negative) in stacks.items():
        values.setdefault(axis, []).extend([positive, negative])
    return values


def _axis(fig: go.Figure, name: str):  # noqa: ANN202 (plotly's axis classes differ for x and y)
    try:
        return fig.layout[name]
    except (KeyError, ValueError):  # an axis no subplot made: plotly makes it when it is first set
        fig.update_layout({name: {}})
        return fig.layout[name]


def _dates(values: object) -> list[dt.date]:
    """The dates among an axis's values (Python dates and datetimes, NumPy datetime64), others left out."""
    found = []
    for value in values if values is not None else ():
        if isinstance(value, np.datetime64):
            value = value.astype("datetime64[D]").astype(dt.date)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            found.append(value)
    return found


_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def _localised_date_ticks(fig: go.Figure) -> None:
    """Month ticks of every date axis named by the locale ("janv. 2024", "2024年1月"): plotly.js writes month names
    in English only (its locale bundles are not served offline). At most eight ticks, on the first of a month."""
    for trace in fig.data:
        if trace.type not in _TRACES_WITH_AXES:
            continue
        axis = _axis(fig, "xaxis" + (trace.xaxis or "x")[1:])
        dates = _dates(trace.x)
        if not dates or axis.tickvals is not None or axis.type not in (None, "-", "date"):
            continue
        first, last = min(dates), max(dates)
        months = (last.year - first.year) * 12 + last.month - first.month
        step = next((s for s in _MONTH_STEPS if months // s < 8), _MONTH_STEPS[-1])
        ticks, index = [], first.year * 12 + first.month - 1
        index += -index % step
        while index <= last.year * 12 + last.month - 1:
            ticks.append(dt.date(index // 12, index % 12 + 1, 1))
            index += step
        if len(ticks) >= 2:
            label = text.month if step < 12 else (lambda day: text.year_range(day.year, day.year))
            axis.update(tickmode="array", tickvals=ticks, ticktext=[label(day) for day in ticks])


# Below this many pixels a tick label is crowded by its neighbours (a 14 px font and its spacing).
TICK_SPACING_PX = 45


def _tick_count(fig: go.Figure, axis: go.layout.XAxis | go.layout.YAxis) -> int:
    """About as many ticks as the axis has room for, as plotly's own ticks do: a short panel under a chart (the
    reporting countries under Trends' lines) gets two or three, not five crammed into 60 pixels."""
    domain = axis.domain or (0.0, 1.0)
    height = fig.layout.height or 450
    margin = fig.layout.margin
    plot = height - (margin.t or 0) - (margin.b or 0)
    along = (domain[1] - domain[0]) * (plot if axis.plotly_name.startswith("y") else 900)
    return max(2, min(TICKS, int(along // TICK_SPACING_PX)))


def _scale_groups(fig: go.Figure, values: dict[str, list[float]]) -> dict[str, list[str]]:
    """The axes with figures, grouped by the scale they share: an axis that matches another ("matches": "y") shares
    its scale, and so does every axis along a chain of matches (make_subplots' shared axes match the bottom-left
    panel's, which may match the first), so that their ticks come from every panel's figures."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    names = {n for n in fig.layout if n.startswith(("xaxis", "yaxis"))} | set(values)
    for name in names:
        target = _axis(fig, name).matches
        if target:
            parent[root(name)] = root(name[:5] + target[1:])
    groups: dict[str, list[str]] = {}
    for name in values:
        groups.setdefault(root(name), []).append(name)
    return groups


def localised_ticks(fig: go.Figure) -> go.Figure:
    """Tick labels of every linear value axis written by the locale (text.py, Babel) instead of plotly's English
    SI suffixes, and hovers that fall back to the axis format written in full with the locale's separators. English
    keeps plotly's own ticks, which follow a zoom (they read as text.compact writes them)."""
    if language() == SOURCE_LANGUAGE:
        return fig
    values = _axis_values(fig)
    groups = _scale_groups(fig, values)
    bars = any(trace.type == "bar" for trace in fig.data)
    for key, names in groups.items():
        shown = [v for name in names for v in values[name]]
        axes = [_axis(fig, name) for name in sorted({*names, key})]
        if not shown or any(
            a.type not in (None, "-", "linear") or a.tickformat not in _NUMBER_FORMATS or a.tickvals is not None
            for a in axes
        ):
            continue
        low, high = min(shown), max(shown)
        if bars or any(a.rangemode == "tozero" for a in axes):  # plotly's range reaches zero there
            low, high = min(low, 0.0), max(high, 0.0)
        ticks = nice_ticks(low, high, _tick_count(fig, axes[0]))
        if len(ticks) < 2:
            continue
        for axis in axes:
            labels = tick_labels(ticks)
            if axis.ticksuffix == "%":  # a suffix is not put after labels given as text: the locale's percent instead
                labels = [text.percent(v, decimals=0) for v in ticks]
                axis.ticksuffix = None
            axis.update(tickmode="array", tickvals=ticks, ticktext=labels)
            if axis.hoverformat is None:
                axis.hoverformat = ",.10~r"  # hovers in full, with the locale's separators (layout.separators)
    _localised_date_ticks(fig)
    for trace in fig.data:  # the colour scales of heatmaps and choropleths
        bar = getattr(trace, "colorbar", None)
        z = getattr(trace, "z", None)
        if bar is None or z is None or bar.tickvals is not None or bar.tickformat not in _NUMBER_FORMATS:
            continue
        flat = _numbers([v for row in z for v in (row if isinstance(row, list | tuple) else [row])])
        ticks = nice_ticks(min(flat, default=0.0), max(flat, default=0.0))
        if len(ticks) >= 2:
            bar.update(tickmode="array", tickvals=ticks, ticktext=tick_labels(ticks))
    return fig


# ---- the meeting-room look: large type for a projector at 1920x1080 ------------------------------------------------
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
SLIDE_FONT = 22  # axis and legend text (at least 20 px on a 1920x1080 screen)
SLIDE_TITLE = 44  # the title (at least 40 px)
SLIDE_SUBTITLE = 22  # the source line
SLIDE_TITLE_LINE = 54
SLIDE_TITLE_WRAP = 68  # characters a line of the 44 px title across a 1920 px slide
SLIDE_SOURCE_WRAP = 140  # characters a line of the 22 px source line
SLIDE_SUBTITLE_LINE = 28


def _rewrapped(lines_html: str, width: int) -> list[str]:
    """Lines of escaped text joined and wrapped again at ``width``; a bold first line (the demonstration label) stays
    a line of its own."""
    parts = text.without_line_isolates(lines_html).split(text.PLOTLY_LINE_BREAK)
    head = [parts.pop(0)] if parts and parts[0].startswith("<b>") else []
    return head + (textwrap.wrap(" ".join(parts), width=width, break_long_words=False) or [""])


def presentation(fig: go.Figure, *, height: int = SLIDE_HEIGHT) -> go.Figure:
    """A copy of a finished figure in the large-type theme, sized for a 1920x1080 slide."""
    out = go.Figure(fig)
    title = text.without_line_isolates(out.layout.title.text or "")
    title = title.replace(f"font-size:{FONT_SIZE}px", f"font-size:{SLIDE_SUBTITLE + 4}px")
    words, unit = (title.split("<span", 1) + [""])[:2]
    separator = " " if words.endswith(" ") else ""  # none before a full-width bracket (``text.aside_separator``)
    words = words.removesuffix(" ")
    # Wrapped again for the large type: the screen's lines would run off the slide, or leave it half empty.
    title_lines = _rewrapped(words, SLIDE_TITLE_WRAP)
    source_lines = _rewrapped(out.layout.title.subtitle.text or "", SLIDE_SOURCE_WRAP)
    title = "<br>".join(title_lines) + (f"{separator}<span{unit}" if unit else "")
    top = TITLE_PAD + SLIDE_TITLE_LINE * len(title_lines) + SLIDE_SUBTITLE_LINE * len(source_lines) + 3 * HEADER_GAP
    if any(a.yref == "paper" and (a.y or 0) >= 1 for a in out.layout.annotations):
        top += 2 * FACET_TITLES  # small multiples: their titles sit just above the plot, in large type too
    big = {"size": SLIDE_FONT}
    out.update_layout(
        width=SLIDE_WIDTH,
        height=height,
        font={"size": SLIDE_FONT},
        title={
            "text": title,
            "font": {"size": SLIDE_TITLE},
            "subtitle": {"text": "<br>".join(source_lines), "font": {"size": SLIDE_SUBTITLE}},
            "pad": {"t": multiline_title_pad(len(title_lines), SLIDE_TITLE_LINE), "l": 8},
        },
        legend={"font": big},
        margin={"l": 40, "r": 40, "t": top, "b": 120},
        hoverlabel={"font": big},
    )
    out.update_xaxes(tickfont=big, title_font=big)
    out.update_yaxes(tickfont=big, title_font=big)
    out.update_annotations(font_size=SLIDE_FONT)
    return in_reading_direction(out)


def multiline_title_pad(lines: int, line_height: float) -> int:
    """The top pad of a title of ``lines``: plotly anchors a multi-line title at the top by its last line, so the
    lines above it would leave the figure."""
    return int(TITLE_PAD + (lines - 1) * line_height)
