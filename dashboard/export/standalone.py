"""A standalone HTML file of a view: plotly.js and (for maps) the base topology inlined, so it opens offline by a
double click and shows the figures as exported, each with its title, filters, unit, source, date and link."""

from __future__ import annotations

import json
from collections.abc import Sequence

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard import geo
from dashboard.export import text
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import _, is_right_to_left, language
from dashboard.text import html_text

TOPOLOGY = "world_110m"


def script_json(value: object) -> str:
    # Inside a <script> element "</" would end it: data can never close the script.
    return json.dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def geo_assets() -> str:
    topology = json.loads((geo.static_topojson_dir() / f"{TOPOLOGY}.json").read_text(encoding="utf-8"))
    # plotly.js looks in window.PlotlyGeoAssets before it fetches a topology: nothing is fetched.
    return f"window.PlotlyGeoAssets = {{topojson: {{{TOPOLOGY}: {script_json(topology)}}}}};"


def html_page(exhibits: Sequence[Exhibit], *, title: str, link: str, dated: str) -> str:
    """One page holding every exhibit; ``link`` is the view's permalink or published id."""
    blocks = []
    for index, exhibit in enumerate(exhibits):
        spec = json.loads(pio.to_json(exhibit.figure, validate=False))
        lines = text.footer_lines(filters=exhibit.filters, unit=exhibit.unit, dated=dated, link=link)
        if exhibit.is_map:
            lines.append(_(geo.BOUNDARIES_DISCLAIMER))
        notes = "".join(f"<p class='note'>{html_text(line)}</p>" for line in lines)
        blocks.append(
            f"<section><div id='figure-{index}' class='figure'></div>{notes}</section>"
            f"<script>Plotly.newPlot('figure-{index}', {script_json(spec['data'])}, "
            f"{script_json(spec['layout'])}, {{displaylogo: false, responsive: true}});</script>"
        )
    assets = geo_assets() if any(e.is_map for e in exhibits) else ""
    return (
        f"<!DOCTYPE html><html lang='{language()}' dir='{'rtl' if is_right_to_left() else 'ltr'}'>"
        # Charts keep their own order in a right-to-left page: the first year stays on the left of the axis.
        "<head><meta charset='utf-8'><style>.js-plotly-plot{direction:ltr}</style>"
        f"<title>{html_text(title)}</title>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; script-src 'unsafe-inline' "
        "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222}"
        ".note{font-size:12px;color:#444;margin:2px 0}section{margin-bottom:32px}</style>"
        f"<script>{get_plotlyjs()}</script><script>{assets}</script></head><body>"
        f"<h1 style='font-size:20px'>{html_text(title)}</h1>"
        f"<p class='note'>{html_text(_(text.STANDALONE_NOTE))}</p>" + "".join(blocks) + "</body></html>"
    )
