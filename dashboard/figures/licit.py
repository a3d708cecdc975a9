"""Figures and tables of the licit-trade page: the running balance against the estimate, the flag table, and a map
of licit flows beside seizures of the same substance.

Every text that comes from data is HTML-escaped before it reaches a Plotly title or hover (Plotly renders a subset of
HTML). Map tooltips are plain text (a deck.gl *text* tooltip, set with ``innerText``), so data never becomes markup
there either. Map layers get plain lists of dicts (a polars frame as layer data draws nothing) and use the project's
own basemap (``routes.offline_deck``): no tiles, no map provider.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck

from dashboard import geo
from dashboard.countries import country_names
from dashboard.figures import deck as routes
from dashboard.figures.style import OKABE_ITO, finish
from dashboard.licit import FLAG_EXCEEDS, FLAG_NO_ESTIMATE, FLAG_RECEIVED, FLAGS, kg
from dashboard.text import plotly as escape

UNIT = "kg, anhydrous base"
DEMO_WATERMARK = "DEMONSTRATION DATA — NOT REAL SEIZURES"  # until the licit page uses finish(demo_of=)
LICIT_WATERMARK = "DEMONSTRATION DATA — NOT REAL AUTHORISATIONS"
LINE_COLOUR = OKABE_ITO[0]  # blue: the running total
ESTIMATE_COLOUR = OKABE_ITO[7]  # black: the estimate
EXCEEDS_COLOUR = OKABE_ITO[5]  # vermillion: authorisations above the estimate
MUTED_COLOUR = "#999999"  # cancelled and expired authorisations
LICIT_RGB = [0, 158, 115]  # Okabe-Ito bluish green: licit flows
SEIZURE_RGB = [213, 94, 0]  # Okabe-Ito vermillion: seizure corridors
ARC_WIDTH = (1.5, 12.0)
NODE_RADIUS = 5


# ---- the running balance -----------------------------------------------------------------------------------------
def balance_figure(
    rows: pl.DataFrame,
    *,
    estimate_kg: float | None,
    estimate_kind: str | None,
    country: str,
    substance: str,
    year: int,
    source: str,
    demo: bool,
) -> go.Figure:
    """Step line of the running total of authorised imports over the year (issue dates), with the estimate as a
    horizontal line; authorisations above the estimate are marked. ``rows``: :func:`dashboard.licit.running_balance`
    rows of one importing country, substance and year, in balance order."""
    fig = go.Figure()
    names = country_names()
    start = dt.date(year, 1, 1)
    end = dt.date(year, 12, 31)
    dates = [d for d in rows["issued_date"].to_list() if d is not None]
    left, right = min([start, *dates]), max([end, *dates])
    if rows.height:
        xs = [left, *rows["issued_date"].to_list(), right]
        totals = rows["cumulative_kg"].to_list()
        ys = [0.0, *totals, totals[-1]]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"shape": "hv", "color": LINE_COLOUR, "width": 2.5},
                name="Authorised imports, running total",
                hoverinfo="skip",
            )
        )
        exceeds = rows["exceeds_estimate"].fill_null(False)
        muted = rows["status"].is_in(["cancelled", "expired"])
        for label, mask, colour, symbol in (
            ("Authorisation", ~exceeds & ~muted, LINE_COLOUR, "circle"),
            ("Above the estimate (I2ES warning)", exceeds, EXCEEDS_COLOUR, "x"),
            ("Cancelled or expired", muted & ~exceeds, MUTED_COLOUR, "circle-open"),
        ):
            part = rows.filter(mask)
            if part.is_empty():
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["issued_date"].to_list(),
                    y=part["cumulative_kg"].to_list(),
                    mode="markers",
                    marker={"color": colour, "size": 11 if symbol == "x" else 8, "symbol": symbol},
                    name=label,
                    text=[_hover(r, names) for r in part.iter_rows(named=True)],
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    kind = estimate_kind or "estimate"
    if estimate_kg is not None:
        fig.add_trace(
            go.Scatter(
                x=[left, right],
                y=[estimate_kg, estimate_kg],
                mode="lines",
                line={"color": ESTIMATE_COLOUR, "dash": "dash", "width": 1.8},
                name=f"{kind.capitalize()}: {kg(estimate_kg)}",
                hovertemplate=escape(f"{kind.capitalize()} {year}: {kg(estimate_kg)}") + "<extra></extra>",
            )
        )
    else:
        fig.add_annotation(
            text=escape(f"No estimate known for {year}: not checked (this is not an estimate of zero)"),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.99,
            yanchor="top",
            showarrow=False,
            font={"size": 13, "color": EXCEEDS_COLOUR},
        )
    if rows.is_empty():
        fig.add_annotation(
            text=escape(f"No authorisation to import {substance} in {year}"),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 13},
        )
    top = max([estimate_kg or 0.0, *(rows["cumulative_kg"].to_list() if rows.height else [0.0])])
    headroom = 1.12 if estimate_kg is not None else 1.3  # room for the "no estimate" notice above the line
    fig.update_yaxes(title_text=f"kilograms ({UNIT})", rangemode="tozero", range=[0, top * headroom if top else 1])
    fig.update_xaxes(title_text="date of issue", range=[left, right])
    title = f"Authorised imports of {substance} into {country}, {year}: running total against the {kind}"
    fig = licit_finish(fig, title=title, unit=UNIT, source=source, demo=demo, height=470)
    # The legend goes under the axis title (tick labels and title take about 50 pixels under the plot).
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    return fig.update_layout(legend={"y": -56 / plot_height})


def licit_finish(
    fig: go.Figure, *, title: str, unit: str, source: str, demo: bool, height: int | None = None
) -> go.Figure:
    """``style.finish`` with the watermark saying what the demonstration data stands in for."""
    fig = finish(fig, title=title, unit=unit, source=source, demo=demo, height=height)
    if demo:
        for annotation in fig.layout.annotations:
            if annotation.text and DEMO_WATERMARK in annotation.text:
                annotation.text = annotation.text.replace(DEMO_WATERMARK, LICIT_WATERMARK)
        subtitle = fig.layout.title.subtitle
        if subtitle.text and DEMO_WATERMARK in subtitle.text:
            subtitle.text = subtitle.text.replace(DEMO_WATERMARK, LICIT_WATERMARK)
    return fig


def _hover(r: dict[str, Any], names: dict[str, str]) -> str:
    lines = [
        f"<b>{escape(r['authorisation_id'])}</b> from {escape(names.get(r['exporting_iso3'], r['exporting_iso3']))}",
        f"Issued {escape(r['issued_date'])}; status {escape(r['status'])}",
        f"Authorised: {escape(kg(r['quantity_kg']))} (counted: {escape(kg(r['counted_kg']))})",
        f"Running total: {escape(kg(r['cumulative_kg']))}",
    ]
    if r.get("quantity_received_kg") is not None:
        lines.append(f"Received: {escape(kg(r['quantity_received_kg']))}")
    if r.get("remaining_kg") is not None:
        lines.append(f"Left under the estimate: {escape(kg(r['remaining_kg']))}")
    return "<br>".join(lines)


# ---- tables ------------------------------------------------------------------------------------------------------
def balance_table(rows: pl.DataFrame, flags: pl.DataFrame) -> pl.DataFrame:
    """The running balance of one selection as a readable table (the chart's table alternative)."""
    names = country_names()
    flagged = (
        flags.group_by("authorisation_id", "exporting_iso3")
        .agg(pl.col("flag").replace_strict(_SHORT, default=pl.col("flag")).str.join("; ").alias("Flags"))
        .rename({"authorisation_id": "__id", "exporting_iso3": "__exp"})
    )
    table = rows.join(
        flagged,
        left_on=["authorisation_id", "exporting_iso3"],
        right_on=["__id", "__exp"],
        how="left",
        maintain_order="left",
    )
    return table.select(
        pl.col("sequence").alias("#"),
        pl.col("authorisation_id").alias("Authorisation"),
        pl.col("exporting_iso3").replace_strict(names, default=pl.col("exporting_iso3")).alias("Exporting country"),
        _date_text("issued_date").alias("Issued"),
        _date_text("shipment_date").alias("Shipped"),
        pl.col("status").alias("Status"),
        pl.col("quantity_kg").alias("Authorised (kg)"),
        pl.col("counted_kg").alias("Counted (kg)"),
        pl.col("cumulative_kg").alias("Running total (kg)"),
        pl.col("estimate_kg").alias("Estimate (kg)"),
        pl.col("remaining_kg").alias("Left under the estimate (kg)"),
        pl.col("quantity_received_kg").alias("Received (kg)"),
        pl.col("Flags").fill_null(""),
    )


def _date_text(column: str) -> pl.Expr:
    """A date as ``YYYY-MM-DD`` text (tables show a bare date column with a time of day)."""
    return pl.col(column).dt.to_string("%Y-%m-%d")


_SHORT = {
    FLAG_EXCEEDS: "exceeds the estimate",
    FLAG_RECEIVED: "received differs",
    FLAG_NO_ESTIMATE: "no estimate",
}


def flag_display(flags: pl.DataFrame) -> pl.DataFrame:
    """The flag table as people read it: what, which authorisation, between whom, how much, and why."""
    names = country_names()
    return flags.select(
        pl.col("flag").replace_strict(FLAGS, default=pl.col("flag")).alias("Flag"),
        pl.col("authorisation_id").alias("Authorisation"),
        pl.col("exporting_iso3").replace_strict(names, default=pl.col("exporting_iso3")).alias("Exporting country"),
        pl.col("importing_iso3").replace_strict(names, default=pl.col("importing_iso3")).alias("Importing country"),
        pl.col("substance").alias("Substance"),
        pl.col("year").alias("Year"),
        _date_text("issued_date").alias("Issued"),
        pl.col("status").alias("Status"),
        pl.col("quantity_kg").alias("Authorised (kg)"),
        pl.col("quantity_received_kg").alias("Received (kg)"),
        pl.col("cumulative_kg").alias("Running total (kg)"),
        pl.col("estimate_kg").alias("Estimate (kg)"),
        pl.col("difference_kg").alias("Difference (kg)"),
        pl.col("reason").alias("Reason"),
    )


def flag_export(flags: pl.DataFrame) -> pl.DataFrame:
    """The flags for download: the readable table plus the machine-readable flag and ISO3 codes."""
    return flag_display(flags).with_columns(
        flags["flag"].alias("flag_code"),
        flags["exporting_iso3"].alias("exporting_iso3"),
        flags["importing_iso3"].alias("importing_iso3"),
        flags["source_id"].alias("source_id"),
        flags["source_row"].alias("source_row"),
    )


def flow_table(flows: pl.DataFrame) -> pl.DataFrame:
    names = country_names()
    return flows.select(
        pl.col("exporting_iso3").replace_strict(names, default=pl.col("exporting_iso3")).alias("From (exporter)"),
        pl.col("importing_iso3").replace_strict(names, default=pl.col("importing_iso3")).alias("To (importer)"),
        pl.col("authorisations").alias("Authorisations"),
        pl.col("quantity_kg").alias("Authorised (kg)"),
        pl.col("received_kg").alias("Received (kg)"),
        pl.col("first_year").alias("From year"),
        pl.col("last_year").alias("To year"),
    )


# ---- the map -----------------------------------------------------------------------------------------------------
def flow_layers(
    flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str, max_arcs: int = 200
) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of the map's layers: licit arcs (exporter -> importer, width by kg authorised), seizure arcs (origin ->
    destination of :func:`dashboard.query.corridors`, width by kg seized) and a dot per country at either end.
    Ends without a known position are left out. Widths share no scale: each set is scaled to its own largest."""
    positions = routes.country_positions()
    names = country_names()
    licit_rows = flows.filter(
        pl.col("exporting_iso3").is_in(list(positions)) & pl.col("importing_iso3").is_in(list(positions))
    ).head(max_arcs)
    seizure_rows = (
        corridors.filter(
            pl.col("origin_iso3").is_in(list(positions)) & pl.col("destination_iso3").is_in(list(positions))
        )
        .sort("kg", descending=True, nulls_last=True)
        .head(max_arcs)
        if corridors.height
        else corridors
    )
    licit_max = float(licit_rows["quantity_kg"].max() or 0) if licit_rows.height else 0.0
    seizure_max = float(seizure_rows["kg"].max() or 0) if seizure_rows.height else 0.0
    licit_arcs = []
    ends: dict[str, set[str]] = {}
    for r in licit_rows.iter_rows(named=True):
        source, target = routes.arc_ends(positions[r["exporting_iso3"]], positions[r["importing_iso3"]])
        ends.setdefault(r["exporting_iso3"], set()).add("licit exporter")
        ends.setdefault(r["importing_iso3"], set()).add("licit importer")
        received = "not recorded" if r["received_kg"] is None else kg(r["received_kg"])
        licit_arcs.append(
            {
                "source": source,
                "target": target,
                "width": routes.sqrt_scaled(r["quantity_kg"], licit_max, ARC_WIDTH),
                "tooltip": routes.tooltip_text(
                    [
                        f"Licit trade: {names.get(r['exporting_iso3'], r['exporting_iso3'])} → "
                        f"{names.get(r['importing_iso3'], r['importing_iso3'])}",
                        f"{substance}: {kg(r['quantity_kg'])} authorised; received {received}",
                        f"Authorisations: {r['authorisations']:,}; years {_years(r['first_year'], r['last_year'])}",
                    ]
                ),
            }
        )
    seizure_arcs = []
    for r in seizure_rows.iter_rows(named=True):
        source, target = routes.arc_ends(positions[r["origin_iso3"]], positions[r["destination_iso3"]])
        ends.setdefault(r["origin_iso3"], set()).add("seizure origin")
        ends.setdefault(r["destination_iso3"], set()).add("seizure destination")
        seizure_arcs.append(
            {
                "source": source,
                "target": target,
                "width": routes.sqrt_scaled(r["kg"], seizure_max, ARC_WIDTH),
                "tooltip": routes.tooltip_text(
                    [
                        f"Seizures: {names.get(r['origin_iso3'], r['origin_iso3'])} → "
                        f"{names.get(r['destination_iso3'], r['destination_iso3'])}",
                        f"{substance}: {r['seizures']:,} seizures, {kg(r['kg'])}",
                        f"Years {_years(r['first_year'], r['last_year'])}",
                    ]
                ),
            }
        )
    nodes = []
    for code, roles in sorted(ends.items()):
        lon, lat = positions[code]
        nodes.append(
            {
                "position": [round(lon, 4), round(lat, 4)],
                "tooltip": routes.tooltip_text([names.get(code, code), ", ".join(sorted(roles))]),
            }
        )
    return licit_arcs, seizure_arcs, nodes


LICIT_PANEL = (900, 520)  # pixels: the map spans the page


def flow_deck(flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str, max_arcs: int = 200) -> pydeck.Deck:
    """Licit flows (green) and seizure corridors (vermillion) of one substance on the project's own basemap; each
    arc is faint at its start and solid at its end, so the direction shows."""
    licit_arcs, seizure_arcs, nodes = framed(*flow_layers(flows, corridors, substance=substance, max_arcs=max_arcs))
    # Tilted in opposite directions, the two sets bow apart where licit trade and seizures share a route.
    layers = [
        routes.arc_layer("seizure-corridors", seizure_arcs, [*SEIZURE_RGB, 70], [*SEIZURE_RGB, 235], get_tilt=-4),
        routes.arc_layer("licit-flows", licit_arcs, [*LICIT_RGB, 70], [*LICIT_RGB, 235], get_tilt=4),
        routes.country_dots(nodes, radius=NODE_RADIUS),
    ]
    return routes.offline_deck(layers, fitted_view([*licit_arcs, *seizure_arcs]))


def framed(licit_arcs: list[dict], seizure_arcs: list[dict], nodes: list[dict]) -> tuple[list, list, list]:
    """The rows moved by whole turns into one window of longitudes (``routes.common_frame``) where there is one:
    arcs keep the short way of the Routes map, and each lands on the one copy of its countries the view shows."""
    frame = routes.common_frame([*licit_arcs, *seizure_arcs])
    if frame is None:
        return licit_arcs, seizure_arcs, nodes
    west = frame[0]

    def moved(arc: dict) -> dict:
        low = min(arc["source"][0], arc["target"][0])
        shift = routes.into_frame(low, west) - low
        ends = {key: [round(arc[key][0] + shift, 4), arc[key][1]] for key in ("source", "target")}
        return {**arc, **ends}

    def placed(node: dict) -> dict:
        lon, lat = node["position"]
        return {**node, "position": [round(routes.into_frame(lon, west), 4), lat]}

    return [moved(a) for a in licit_arcs], [moved(a) for a in seizure_arcs], [placed(n) for n in nodes]


def fitted_view(
    arcs: list[dict], *, width_px: int = LICIT_PANEL[0], height_px: int = LICIT_PANEL[1]
) -> pydeck.ViewState:
    """A view that shows every arc end with a margin, one copy of the world at most; the inhabited world, as on the
    Routes map, when there is nothing to show or the arcs go all round the world."""
    frame = routes.common_frame(arcs)
    if frame is None:
        return routes.world_view(width_px, height_px)
    lats = [p[1] for arc in arcs for p in (arc["source"], arc["target"])]
    west, east = frame
    lon_pad = max(30.0 - (east - west), 0.0) / 2 + 0.15 * (east - west)
    lat_pad = max(20.0 - (max(lats) - min(lats)), 0.0) / 2 + 0.15 * (max(lats) - min(lats))
    return routes.fit_view(
        west - lon_pad,
        max(min(lats) - lat_pad, -80.0),
        east + lon_pad,
        min(max(lats) + lat_pad, 84.0),
        width_px=width_px,
        height_px=height_px,
    )


def map_caption(flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str) -> str:
    return (
        f"Green arcs: licit trade in {substance} (exporter to importer, width by kilograms authorised, "
        f"{flows.height:,} pairs). Vermillion arcs: seizures of {substance} (origin to destination, width by "
        f"kilograms seized, {corridors.height:,} corridors). Each arc is faint where it starts and solid where it "
        "ends; where both follow one route they bow apart; the two sets are scaled separately. "
        + geo.BOUNDARIES_DISCLAIMER
    )


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return "not recorded"
    return str(first) if first == last or last is None else f"{first}–{last}"


def empty_corridors() -> pl.DataFrame:
    """A corridor frame with no rows, for a substance the seizure data does not hold."""
    return pl.DataFrame(
        schema={
            "origin_iso3": pl.String,
            "destination_iso3": pl.String,
            "seizures": pl.UInt32,
            "kg": pl.Float64,
            "first_year": pl.Int32,
            "last_year": pl.Int32,
        }
    )


def corridor_view(corridors: pl.DataFrame) -> pl.DataFrame:
    """Seizure corridors of one substance as a short readable table, largest first by kilograms."""
    names = country_names()
    return corridors.sort("kg", descending=True, nulls_last=True).select(
        pl.col("origin_iso3").replace_strict(names, default=pl.col("origin_iso3")).alias("From"),
        pl.col("destination_iso3").replace_strict(names, default=pl.col("destination_iso3")).alias("To"),
        pl.col("seizures").alias("Seizures"),
        pl.col("kg").round(1).alias("Kilograms"),
        pl.col("first_year").alias("From year"),
        pl.col("last_year").alias("To year"),
    )


def summary_table(summary: pl.DataFrame) -> pl.DataFrame:
    """Every importing country, substance and year: estimate, authorised, left, share used and flag counts."""
    names = country_names()
    return summary.select(
        pl.col("importing_iso3").replace_strict(names, default=pl.col("importing_iso3")).alias("Importing country"),
        pl.col("importing_iso3").alias("ISO3"),
        pl.col("substance").alias("Substance"),
        pl.col("year").alias("Year"),
        pl.col("estimate_kind").fill_null("none known").alias("Kind"),
        pl.col("estimate_kg").alias("Estimate (kg)"),
        pl.col("authorised_kg").alias("Authorised, counted (kg)"),
        pl.col("remaining_kg").alias("Left under the estimate (kg)"),
        pl.col("used_pct").round(1).alias("Used (%)"),
        pl.col("authorisations").alias("Authorisations"),
        pl.col("exceeding").alias("Above the estimate"),
        pl.col("received_differs").alias("Received differs"),
    )
