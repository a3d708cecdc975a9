"""One look for every figure: a colour-blind-safe palette, an explicit template, a title with measure and unit, and a
source line. Legibility is WCAG 2.2 AA (docs/accessibility.md): chart text 14 px (the source line 12 px), text at
least 4.5:1 on white, lines and markers at least 3:1, and a marker shape and dash beside every colour.

An explicit template matters: importing streamlit switches plotly's default to placeholder colours that
only Streamlit's frontend understands, so an exported image would otherwise come out black.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import text
from dashboard.i18n import _
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
    unit_html = f"<span style='font-size:{FONT_SIZE}px;color:{MUTED_COLOUR}'>({text.plotly(_(unit))})</span>"
    if len(title_lines[-1]) + len(unit) + 3 > TITLE_WRAP:
        title_lines.append("")  # a long unit gets a line of its own rather than run off the figure
    title_lines[-1] += f" {unit_html}"
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
    parts = lines_html.split("<br>")
    head = [parts.pop(0)] if parts and parts[0].startswith("<b>") else []
    return head + (textwrap.wrap(" ".join(parts), width=width, break_long_words=False) or [""])


def presentation(fig: go.Figure, *, height: int = SLIDE_HEIGHT) -> go.Figure:
    """A copy of a finished figure in the large-type theme, sized for a 1920x1080 slide."""
    out = go.Figure(fig)
    title = (out.layout.title.text or "").replace(f"font-size:{FONT_SIZE}px", f"font-size:{SLIDE_SUBTITLE + 4}px")
    words, unit = (title.split(" <span", 1) + [""])[:2]
    # Wrapped again for the large type: the screen's lines would run off the slide, or leave it half empty.
    title_lines = _rewrapped(words, SLIDE_TITLE_WRAP)
    source_lines = _rewrapped(out.layout.title.subtitle.text or "", SLIDE_SOURCE_WRAP)
    title = "<br>".join(title_lines) + (f" <span{unit}" if unit else "")
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
    return out


def multiline_title_pad(lines: int, line_height: float) -> int:
    """The top pad of a title of ``lines``: plotly anchors a multi-line title at the top by its last line, so the
    lines above it would leave the figure."""
    return int(TITLE_PAD + (lines - 1) * line_height)
