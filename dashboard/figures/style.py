"""One look for every figure: a colour-blind-safe palette, an explicit template, a title with measure and unit, and a
source line. An explicit template matters: importing streamlit switches plotly's default to placeholder colours that
only Streamlit's frontend understands, so an exported image would otherwise come out black.
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito (2008), distinguishable with the common forms of colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe
FONT = "DejaVu Sans, Arial, sans-serif"  # system fonts only: no web font is fetched

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.colorway = OKABE_ITO
TEMPLATE.layout.font = {"family": FONT, "size": 13, "color": "#222222"}
TEMPLATE.layout.title = {"x": 0, "xanchor": "left", "font": {"size": 16}}
TEMPLATE.layout.paper_bgcolor = "white"
TEMPLATE.layout.plot_bgcolor = "white"

DEMO_WATERMARK = "DEMONSTRATION DATA — NOT REAL SEIZURES"


def escape(text: object) -> str:
    """Plotly renders a subset of HTML in titles and hovers: data-derived text must be escaped."""
    return html.escape(str(text), quote=False)  # plotly.js shows &quot; literally


def finish(fig: go.Figure, *, title: str, unit: str, source: str, demo: bool, height: int | None = None) -> go.Figure:
    """Title with measure and unit, a source line under the plot, and a watermark on demonstration data."""
    wrapped = textwrap.wrap(f"Source: {source}", width=140) or [""]
    source_line = "<br>".join(escape(line) for line in wrapped)
    if demo:
        source_line = f"<b>{DEMO_WATERMARK}</b> · {source_line}"
        fig.add_annotation(
            text=DEMO_WATERMARK,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 26, "color": "rgba(200,0,0,0.13)"},
            textangle=-20,
        )
    # The source sits under the title, where no legend or axis title can cover it, and travels with every export.
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": f"{escape(title)} <span style='font-size:12px;color:#555'>({escape(unit)})</span>",
            "subtitle": {"text": source_line, "font": {"size": 11, "color": "#555555"}},
        },
        margin={"l": 10, "r": 10, "t": 64 + 14 * len(wrapped), "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 11}},
    )
    if height:
        fig.update_layout(height=height)
    return fig
