"""Server-side images of exhibits: PNG (at 1x and 2x), SVG and PDF through kaleido and Debian's chromium.

Offline by construction: plotly.js comes from the plotly package, the base topology from the bundled
``static/topojson/`` (``plotly.io.defaults.topojson``), and MathJax is off. The same exhibit and stamp always give the
same bytes: fixed size, fixed fonts, and the date in the image is the one passed in (a published view's own date).
"""

from __future__ import annotations

import copy
import shutil
import textwrap
import threading

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import geo
from dashboard import text as escape
from dashboard.export import text
from dashboard.figures.exhibit import Exhibit
from dashboard.figures.style import TITLE_LINE, TITLE_PAD, in_reading_direction, multiline_title_pad
from dashboard.i18n import _, is_right_to_left

FORMATS = ("png", "svg", "pdf")
EXPORT_WIDTH = 1200  # pixels at scale 1
DEFAULT_HEIGHT = 600
FOOTER_WRAP = 190  # characters a line of the footer at 11 px across the export width
FOOTER_LINE = 15  # pixels a line of the 11 px footer
FOOTER_PAD = 8
COLOUR_BAR = 110  # pixels of right margin for a colour bar and its labels
LEGEND_ROW = 22  # pixels a row of the 11 px legend

_started = threading.Lock()
_running = False


def start() -> None:
    """Start kaleido's browser once per process (the first export pays for it; later ones reuse it)."""
    global _running
    with _started:
        if _running:
            return
        pio.defaults.topojson = geo.topojson_file_url()
        pio.defaults.mathjax = None
        browser = shutil.which("chromium")
        if browser:
            # Debian's chromium, never a downloaded one.
            import os

            os.environ.setdefault("BROWSER_PATH", browser)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _running = True


def _lines(words: str) -> list[str]:
    return [escape.plotly(line) for line in textwrap.wrap(words, FOOTER_WRAP, break_long_words=True)] or [""]


def _legend_rows(fig: go.Figure) -> int:
    """Rows a horizontal legend takes across the export width (plotly wraps its items)."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False and t.type != "choropleth"]
    if fig.layout.showlegend is False or not names:
        return 0
    width = sum(len(n) * 7 + 50 for n in names)
    return max(1, -(-width // (EXPORT_WIDTH - 40)))


def stamped(exhibit: Exhibit, *, link: str, dated: str) -> go.Figure:
    """A copy of the exhibit's figure at export size, with the filters in words, the unit, the date and the link
    (or published id) under the plot, and on maps the United Nations disclaimer on boundaries and names.

    The bottom margin holds the legend under the plot and then the footer, so plotly has no reason to grow it (and
    the footer, placed by the plot's height, stays where it was put)."""
    fig = go.Figure(copy.deepcopy(exhibit.figure.to_dict()))
    lines: list[str] = []
    for line in text.footer_lines(filters=exhibit.filters, unit=exhibit.unit, dated=dated, link=link):
        lines += _lines(line)
    if exhibit.is_map:
        lines += _lines(_(geo.BOUNDARIES_DISCLAIMER))
    footer = FOOTER_LINE * len(lines) + 2 * FOOTER_PAD
    layout = fig.layout
    height = int(layout.height or DEFAULT_HEIGHT)
    top = int(layout.margin.t or 80)
    bottom = int(layout.margin.b or 40)
    plot_height = max(height - top - bottom, 120)
    legend_below = layout.legend.orientation == "h" and (layout.legend.y or 0) < 0
    rows = _legend_rows(fig) if legend_below else 0
    if rows:
        # The legend hangs from y (a fraction of the plot's height below it); room for it before the footer.
        bottom = max(bottom, int(-(layout.legend.y or 0) * plot_height) + LEGEND_ROW * rows + FOOTER_PAD)
    new_bottom = bottom + footer
    new_height = top + plot_height + new_bottom
    start = "right" if is_right_to_left() else "left"  # the footer starts where the reader's lines start
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=1 if start == "right" else 0,
        xanchor=start,
        y=-(new_bottom - FOOTER_PAD) / plot_height,
        yanchor="bottom",
        align=start,
        showarrow=False,
        font={"size": 11, "color": "#444444"},
    )
    margin = {"b": new_bottom}
    if any(getattr(t, "showscale", False) is not False and hasattr(t, "colorbar") for t in fig.data):
        margin["r"] = max(int(layout.margin.r or 0), COLOUR_BAR)  # a colour bar sits in the right margin
    fig.update_layout(width=EXPORT_WIDTH, height=new_height, margin=margin)
    title_lines = (layout.title.text or "").count("<br>") + 1
    # plotly anchors a multi-line title by its last line: moved down so that its first line starts at the top.
    if layout.title.pad.t is None or layout.title.pad.t <= TITLE_PAD:  # the large-type theme sets its own
        fig.update_layout(title={"pad": {"t": multiline_title_pad(title_lines, TITLE_LINE), "l": 8, "r": 8}})
    return in_reading_direction(fig)


def render(fig: go.Figure, fmt: str, *, scale: float = 1) -> bytes:
    """``fig`` as PNG, SVG or PDF bytes, at its own size (``stamped`` sets it) times ``scale``."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    start()
    layout = fig.layout
    opts = {
        "format": fmt,
        "width": int(layout.width or EXPORT_WIDTH),
        "height": int(layout.height or DEFAULT_HEIGHT),
        "scale": scale,
    }
    return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, topojson=geo.topojson_file_url())


def image(exhibit: Exhibit, fmt: str, *, link: str, dated: str, scale: float = 1) -> bytes:
    return render(stamped(exhibit, link=link, dated=dated), fmt, scale=scale)
