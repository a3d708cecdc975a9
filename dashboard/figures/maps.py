"""World maps drawn with Plotly from the project's own geometry: the choropleth of a measure by country.

A country without a figure is grey (``NO_FIGURE_COLOUR``), never the bottom of the colour scale: "not reported" is not
zero. The shapes come by URL from the app's own static folder, and the topology plotly.js would fetch from its CDN is
the bundled one (``geo.TOPOJSON_URL``), so nothing leaves the machine.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from dashboard import geo, text
from dashboard.figures.charts import iso3_column, name_column
from dashboard.figures.style import FONT_SIZE, MUTED_COLOUR, finish
from dashboard.i18n import _

NO_FIGURE_COLOUR = "#d4d4d4"  # countries without a figure: grey, never the bottom of the colour scale
# Viridis, not the charts' Cividis: Cividis passes through grey in its middle, so a country with a mid-scale figure
# (the United States' 1.9 Mt) read as "no figure reported". Viridis has no grey anywhere and is colour-blind safe.
MAP_SCALE = "Viridis"


def _log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    first, last = math.floor(low), math.ceil(high)
    values = list(range(first, last + 1))
    return [float(v) for v in values], [text.number(10.0**v) for v in values]


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
    """A world map of ``query.by_country``: Viridis for countries with a figure, grey for those without (never the
    colour of zero). The shapes are the project's own (``geo.world_geojson``); base layers are off so plotly.js
    draws nothing it would have to fetch (the page still passes ``topojsonURL`` for the topology it loads).

    With ``shapes_url`` (the app passes ``geo.WORLD_GEOJSON_URL``) both traces name the shapes by URL, so the
    browser fetches them once from the app instead of receiving 700 KB inside every figure; exports leave it out."""

    iso3, name = iso3_column(frame), name_column(frame)
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
                name=text.plotly(_("No figure")),
                customdata=[text.plotly((f.get("properties") or {}).get("name") or f["id"]) for f in missing],
                hovertemplate="<b>%{customdata}</b><br>"
                + text.plotly(_("No figure reported"), template=True)
                + "<extra></extra>",
            )
        )
    if present:
        values = reported["value"].to_list()
        colour_bar: dict = {"title": {"text": text.plotly(_(unit))}, "thickness": 14, "len": 0.75}
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
                colorscale=MAP_SCALE,
                marker_line=line,
                unselected=unselected,
                colorbar=colour_bar,
                name=text.plotly(_(unit)),
                customdata=[
                    [
                        text.plotly(n),
                        text.number(v),
                        text.plotly(_("{share} of the world total").format(share=text.percent(w, missing="—"))),
                    ]
                    for n, v, w in zip(reported[name].to_list(), values, world, strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]} "
                    + text.plotly(_(unit), template=True)
                    + "<br>%{customdata[2]}<extra></extra>"
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
            text=text.plotly(_("Grey: no figure reported (not zero)")),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": FONT_SIZE, "color": MUTED_COLOUR},
        )
    return finish(fig, title=title, unit=unit, source=source, demo=demo, height=560)


def countries_without_shape(frame: pl.DataFrame) -> list[str]:
    """Names of countries with a figure that the map cannot draw (small island states absent from the geometry)."""
    from dashboard.countries import SPECIAL_CODES

    iso3, name = iso3_column(frame), name_column(frame)
    drawable = {f["id"] for f in geo.world_geojson()["features"]} | set(SPECIAL_CODES)
    return frame.filter(pl.col("value").is_not_null() & ~pl.col(iso3).is_in(list(drawable)))[name].to_list()
