"""The licit-trade page's figures and tables: the running balance against the estimate, the flag table, and a map of
licit flows beside seizures of the same substance.

Every text that comes from data is escaped (``text.plotly``) before it reaches a Plotly title or hover. Map tooltips
are plain text (``dashboard.figures.deck``), so data never becomes markup there either; the map uses the project's
own basemap: no tiles, no map provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck

from dashboard import geo, text
from dashboard.countries import country_names
from dashboard.data import Dataset
from dashboard.figures.deck import (
    arc_ends,
    arc_layer,
    bearing,
    common_frame,
    country_dots,
    country_positions,
    fitted_view,
    mercator_line,
    moved_into_frame,
    offline_deck,
    sqrt_scaled,
    tooltip_text,
)
from dashboard.figures.exhibit import Exhibit
from dashboard.figures.style import FONT_SIZE, OKABE_ITO, WARNING_TEXT, finish
from dashboard.i18n import N_, _
from dashboard.licit.model import SelectionView, load_licit, resolve_selection, selection_view
from dashboard.licit.rules import FLAG_EXCEEDS, FLAG_NO_ESTIMATE, FLAG_RECEIVED, FLAGS, kg
from dashboard.pages.licit.model import SideBySide, side_by_side
from dashboard.pages.licit.params import asked
from dashboard.pages.licit.text import (
    ESTIMATE_KINDS,
    KIND_LABELS,
    LICIT_LEGEND,
    SEIZURE_LEGEND,
    UNIT,
    LicitText,
    licit_text,
)
from dashboard.state import ViewState

LINE_COLOUR = OKABE_ITO[0]  # blue: the running total
ESTIMATE_COLOUR = OKABE_ITO[7]  # black: the estimate
EXCEEDS_COLOUR = OKABE_ITO[5]  # vermillion: authorisations above the estimate
MUTED_COLOUR = "#767676"  # cancelled and expired authorisations (4.5:1: a marker needs 3:1)
LICIT_RGB = [0, 158, 115]  # Okabe-Ito bluish green: licit flows
SEIZURE_RGB = [213, 94, 0]  # Okabe-Ito vermillion: seizure corridors
ARC_WIDTH = (1.5, 12.0)
NODE_RADIUS = 5
LICIT_PANEL = (900, 520)  # pixels: the map spans the page
MAX_ARCS = 200
# The two ends of an arc: column -> the role of its country, as a dot's tooltip names it.
LICIT_ENDS = {"exporting_iso3": N_("licit exporter"), "importing_iso3": N_("licit importer")}
SEIZURE_ENDS = {"origin_iso3": N_("seizure origin"), "destination_iso3": N_("seizure destination")}


# ---- the running balance -----------------------------------------------------------------------------------------
def balance_figure(view: SelectionView, *, title: str, source: str, demo: bool) -> go.Figure:
    """Step line of the running total of authorised imports over the year (issue dates), with the estimate as a
    horizontal line; authorisations above the estimate are marked."""
    rows, estimate_kg, estimate_kind = view.rows, view.estimate_kg, view.estimate_kind
    substance, year = view.selection.substance, view.selection.year
    fig = go.Figure()
    dates = [d for d in rows["issued_date"].to_list() if d is not None]
    left, right = min([dt.date(year, 1, 1), *dates]), max([dt.date(year, 12, 31), *dates])
    if rows.height:
        _running_total(fig, rows, left, right)
    if estimate_kg is not None:
        kind = _(ESTIMATE_KINDS.get(estimate_kind, ESTIMATE_KINDS["estimate"])).format(year=year)
        label = _("{estimate}: {amount}").format(estimate=kind, amount=kg(estimate_kg))
        fig.add_trace(
            go.Scatter(
                x=[left, right],
                y=[estimate_kg, estimate_kg],
                mode="lines",
                line={"color": ESTIMATE_COLOUR, "dash": "dash", "width": 1.8},
                name=label,
                hovertemplate=text.plotly(label, template=True) + "<extra></extra>",
            )
        )
    else:
        warning = {"yanchor": "top", "font": {"size": FONT_SIZE, "color": WARNING_TEXT}}
        no_estimate = _("No estimate known for {year}: not checked (this is not an estimate of zero)").format(year=year)
        _notice(fig, no_estimate, y=0.99, **warning)
    if rows.is_empty():
        nothing = _("No authorisation to import {substance} in {year}").format(substance=substance, year=year)
        _notice(fig, nothing, y=0.5, font={"size": FONT_SIZE})
    top = max([estimate_kg or 0.0, *(rows["cumulative_kg"].to_list() if rows.height else [0.0])])
    headroom = 1.12 if estimate_kg is not None else 1.3  # room for the "no estimate" notice above the line
    axis_title = text.plotly(_(UNIT))  # "kg, anhydrous base": the unit once (the title gives it in brackets too)
    fig.update_yaxes(title_text=axis_title, rangemode="tozero", range=[0, top * headroom if top else 1])
    fig.update_xaxes(title_text=text.plotly(_("date of issue")), range=[left, right])
    fig = finish(fig, title=title, unit=_(UNIT), source=source, demo=demo, height=470, demo_of="licit")
    # The legend goes under the axis title (tick labels and title take about 50 pixels under the plot).
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    return fig.update_layout(legend={"y": -56 / plot_height})


def _running_total(fig: go.Figure, rows: pl.DataFrame, left: dt.date, right: dt.date) -> None:
    """The step line from the start of the year to its end, and a marker per authorisation by what it did."""
    totals = rows["cumulative_kg"].to_list()
    fig.add_trace(
        go.Scatter(
            x=[left, *rows["issued_date"].to_list(), right],
            y=[0.0, *totals, totals[-1]],
            mode="lines",
            line={"shape": "hv", "color": LINE_COLOUR, "width": 2.5},
            name=text.plotly(_("Authorised imports, running total")),
            hoverinfo="skip",
        )
    )
    names = country_names()
    exceeds = rows["exceeds_estimate"].fill_null(False)
    muted = rows["status"].is_in(["cancelled", "expired"])
    for label, mask, colour, symbol in (
        (_("Authorisation"), ~exceeds & ~muted, LINE_COLOUR, "circle"),
        (_("Above the estimate (I2ES warning)"), exceeds, EXCEEDS_COLOUR, "x"),
        (_("Cancelled or expired"), muted & ~exceeds, MUTED_COLOUR, "circle-open"),
    ):
        part = rows.filter(mask)
        if part.height:
            fig.add_trace(
                go.Scatter(
                    x=part["issued_date"].to_list(),
                    y=part["cumulative_kg"].to_list(),
                    mode="markers",
                    marker={"color": colour, "size": 11 if symbol == "x" else 8, "symbol": symbol},
                    name=text.plotly(label),
                    text=[_hover(r, names) for r in part.iter_rows(named=True)],
                    hovertemplate="%{text}<extra></extra>",
                )
            )


def _notice(fig: go.Figure, words: str, *, y: float, **options: Any) -> None:
    """A line of text across the plot, where a line or the data would be."""
    fig.add_annotation(text=text.plotly(words), xref="paper", yref="paper", x=0.5, y=y, showarrow=False, **options)


def _hover(r: dict[str, Any], names: dict[str, str]) -> str:
    esc = text.plotly
    lines = [
        esc(_("{authorisation} from {country}")).format(
            authorisation=f"<b>{esc(r['authorisation_id'])}</b>",
            country=esc(names.get(r["exporting_iso3"], r["exporting_iso3"])),
        ),
        esc(
            _("Issued {date}; status {status}").format(
                date=text.date(r["issued_date"]), status=_(STATUS_WORDS.get(r["status"], r["status"]))
            )
        ),
        esc(_("Authorised: {kg} (counted: {counted})").format(kg=kg(r["quantity_kg"]), counted=kg(r["counted_kg"]))),
        esc(_("Running total: {kg}").format(kg=kg(r["cumulative_kg"]))),
    ]
    if r.get("quantity_received_kg") is not None:
        lines.append(esc(_("Received: {kg}").format(kg=kg(r["quantity_received_kg"]))))
    if r.get("remaining_kg") is not None:
        lines.append(esc(_("Left under the estimate: {kg}").format(kg=kg(r["remaining_kg"]))))
    return "<br>".join(lines)


# ---- tables ------------------------------------------------------------------------------------------------------
_SHORT = {
    FLAG_EXCEEDS: N_("exceeds the estimate"),
    FLAG_RECEIVED: N_("received differs"),
    FLAG_NO_ESTIMATE: N_("no estimate"),
}
# An authorisation's status (dashboard.licit.model.STATUSES) as a table shows it.
STATUS_WORDS = {
    "issued": N_("issued"),
    "used": N_("used"),
    "expired": N_("expired"),
    "cancelled": N_("cancelled"),
    "pending": N_("pending"),
}


# One header for each column, whichever table shows it.
HEADERS = {
    "sequence": "#",
    "authorisation_id": N_("Authorisation"),
    "substance": N_("Substance"),
    "year": N_("Year"),
    "status": N_("Status"),
    "quantity_kg": N_("Authorised (kg)"),
    "counted_kg": N_("Counted (kg)"),
    "cumulative_kg": N_("Running total (kg)"),
    "estimate_kg": N_("Estimate (kg)"),
    "remaining_kg": N_("Left under the estimate (kg)"),
    "quantity_received_kg": N_("Received (kg)"),
    "difference_kg": N_("Difference (kg)"),
    "reason": N_("Reason"),
}


def _in_words(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A column of the project's own vocabulary (a status, a substance) in the reader's language."""
    if column == "status":
        return text.named_in_language(frame, column, lambda value: _(STATUS_WORDS.get(value, value)))
    return text.named_in_language(frame, column)


def _headed(*columns: str, frame: pl.DataFrame | None = None) -> list[pl.Expr]:
    """The columns under their headers; with ``frame``, a status or a substance named in the reader's language."""
    return [
        (_in_words(frame, column) if frame is not None and column in ("status", "substance") else pl.col(column)).alias(
            HEADERS[column]
        )
        for column in columns
    ]


def _named(column: str, names: dict[str, str]) -> pl.Expr:
    """A column of ISO3 codes as country names (a code without a name stays as it is)."""
    return pl.col(column).replace_strict(names, default=pl.col(column))


def _date_text(column: str) -> pl.Expr:
    """A date as ``YYYY-MM-DD`` text (tables show a bare date column with a time of day)."""
    return pl.col(column).dt.to_string("%Y-%m-%d")


def balance_table(rows: pl.DataFrame, flags: pl.DataFrame) -> pl.DataFrame:
    """The running balance of one selection as a readable table (the chart's table alternative)."""
    names = country_names()
    flagged = (
        flags.group_by("authorisation_id", "exporting_iso3")
        .agg(
            pl.col("flag")
            .replace_strict({k: _(v) for k, v in _SHORT.items()}, default=pl.col("flag"))
            .str.join("; ")
            .alias(N_("Flags"))
        )
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
        *_headed("sequence", "authorisation_id"),
        _named("exporting_iso3", names).alias(N_("Exporting country")),
        _date_text("issued_date").alias(N_("Issued")),
        _date_text("shipment_date").alias(N_("Shipped")),
        *_headed("status", "quantity_kg", "counted_kg", "cumulative_kg", frame=table),
        *_headed("estimate_kg", "remaining_kg", "quantity_received_kg"),
        pl.col("Flags").fill_null(""),
    )


def flag_display(flags: pl.DataFrame) -> pl.DataFrame:
    """The flag table as people read it: what, which authorisation, between whom, how much, and why."""
    names = country_names()
    return flags.select(
        pl.col("flag").replace_strict({k: _(v) for k, v in FLAGS.items()}, default=pl.col("flag")).alias(N_("Flag")),
        *_headed("authorisation_id"),
        _named("exporting_iso3", names).alias(N_("Exporting country")),
        _named("importing_iso3", names).alias(N_("Importing country")),
        *_headed("substance", "year", frame=flags),
        _date_text("issued_date").alias(N_("Issued")),
        *_headed("status", "quantity_kg", "quantity_received_kg", "cumulative_kg", frame=flags),
        *_headed("estimate_kg", "difference_kg", "reason"),
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
        _named("exporting_iso3", names).alias(N_("From (exporter)")),
        _named("importing_iso3", names).alias(N_("To (importer)")),
        pl.col("authorisations").alias(N_("Authorisations")),
        pl.col("quantity_kg").alias(N_("Authorised (kg)")),
        pl.col("received_kg").alias(N_("Received (kg)")),
        pl.col("first_year").alias(N_("From year")),
        pl.col("last_year").alias(N_("To year")),
    )


def corridor_view(corridors: pl.DataFrame) -> pl.DataFrame:
    """Seizure corridors of one substance as a short readable table, largest first by kilograms."""
    names = country_names()
    return corridors.sort("kg", descending=True, nulls_last=True).select(
        _named("origin_iso3", names).alias(N_("From")),
        _named("destination_iso3", names).alias(N_("To")),
        pl.col("seizures").alias(N_("Seizures")),
        pl.col("kg").round(1).alias(N_("Kilograms")),
        pl.col("first_year").alias(N_("From year")),
        pl.col("last_year").alias(N_("To year")),
    )


def summary_table(summary: pl.DataFrame) -> pl.DataFrame:
    """Every importing country, substance and year: estimate, authorised, left, share used and flag counts."""
    return summary.select(
        _named("importing_iso3", country_names()).alias(N_("Importing country")),
        pl.col("importing_iso3").alias(N_("ISO3")),
        text.named_in_language(summary, "substance").alias(N_("Substance")),
        pl.col("year").alias(N_("Year")),
        pl.col("estimate_kind")
        .replace_strict({k: _(v) for k, v in KIND_LABELS.items()}, default=None, return_dtype=pl.String)
        .fill_null(_("none known"))
        .alias(N_("Kind")),
        pl.col("estimate_kg").alias(N_("Estimate (kg)")),
        pl.col("authorised_kg").alias(N_("Authorised, counted (kg)")),
        pl.col("remaining_kg").alias(N_("Left under the estimate (kg)")),
        pl.col("used_pct").round(1).alias(N_("Used (%)")),
        pl.col("authorisations").alias(N_("Authorisations")),
        pl.col("exceeding").alias(N_("Above the estimate")),
        pl.col("received_differs").alias(N_("Received differs")),
    )


# ---- the map -----------------------------------------------------------------------------------------------------
def flow_layers(
    flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str, max_arcs: int = MAX_ARCS
) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of the map's layers: licit arcs (exporter -> importer, width by kg authorised), seizure arcs (origin ->
    destination of ``dashboard.query.corridors``, width by kg seized) and a dot per country at either end.
    Ends without a known position are left out. Widths share no scale: each set is scaled to its own largest."""
    positions = country_positions()
    names = country_names()
    ends: dict[str, set[str]] = {}

    not_recorded = _("not recorded")

    def licit_tooltip(r: dict[str, Any]) -> list[str]:
        received = not_recorded if r["received_kg"] is None else kg(r["received_kg"])
        between = text.corridor(
            names.get(r["exporting_iso3"], r["exporting_iso3"]), names.get(r["importing_iso3"], r["importing_iso3"])
        )
        return [
            _("Licit trade: {corridor}").format(corridor=between),
            _("{substance}: {quantity} authorised; received {received}").format(
                substance=substance, quantity=kg(r["quantity_kg"]), received=received
            ),
            _("Authorisations: {count}; years: {years}").format(
                count=text.count(r["authorisations"]),
                years=text.year_range(r["first_year"], r["last_year"], missing=not_recorded),
            ),
        ]

    def seizure_tooltip(r: dict[str, Any]) -> list[str]:
        between = text.corridor(
            names.get(r["origin_iso3"], r["origin_iso3"]), names.get(r["destination_iso3"], r["destination_iso3"])
        )
        return [
            _("Seizures: {corridor}").format(corridor=between),
            _("{substance}: {quantity}; seizures: {count}").format(
                substance=substance, quantity=kg(r["kg"]), count=text.count(r["seizures"])
            ),
            _("Years: {years}").format(years=text.year_range(r["first_year"], r["last_year"], missing=not_recorded)),
        ]

    licit = _drawable(flows, LICIT_ENDS, positions).head(max_arcs)
    seizures = _drawable(corridors, SEIZURE_ENDS, positions)
    seizures = seizures.sort("kg", descending=True, nulls_last=True).head(max_arcs) if seizures.height else seizures
    licit_arcs = _arcs(licit, LICIT_ENDS, "quantity_kg", licit_tooltip, ends)
    seizure_arcs = _arcs(seizures, SEIZURE_ENDS, "kg", seizure_tooltip, ends)
    nodes = []
    for code, roles in sorted(ends.items()):
        lon, lat = positions[code]
        nodes.append(
            {
                "position": [round(lon, 4), round(lat, 4)],
                "tooltip": tooltip_text([names.get(code, code), text.listed(sorted(_(role) for role in roles))]),
            }
        )
    return licit_arcs, seizure_arcs, nodes


def _drawable(frame: pl.DataFrame, ends: dict[str, str], positions: dict[str, tuple[float, float]]) -> pl.DataFrame:
    """The rows whose two ends have a known position."""
    if frame.is_empty():
        return frame
    return frame.filter(pl.all_horizontal(pl.col(column).is_in(list(positions)) for column in ends))


def _arcs(
    rows: pl.DataFrame,
    between: dict[str, str],
    size: str,
    tooltip: Callable[[dict[str, Any]], list[str]],
    ends: dict[str, set[str]],
) -> list[dict]:
    """One arc per row between the countries of the two columns of ``between`` (column -> the role of its country),
    width by ``size`` (square root, against the largest); the countries at either end go into ``ends`` with their
    role."""
    positions = country_positions()
    (start, start_role), (end, end_role) = between.items()
    largest = float(rows[size].max() or 0) if rows.height else 0.0
    arcs = []
    for r in rows.iter_rows(named=True):
        source, target = arc_ends(positions[r[start]], positions[r[end]])
        ends.setdefault(r[start], set()).add(start_role)
        ends.setdefault(r[end], set()).add(end_role)
        arcs.append(
            {
                "source": source,
                "target": target,
                "width": sqrt_scaled(r[size], largest, ARC_WIDTH),
                "tooltip": tooltip_text(tooltip(r)),
            }
        )
    return arcs


def flow_deck(flows: pl.DataFrame, corridors: pl.DataFrame, *, substance: str, max_arcs: int = MAX_ARCS) -> pydeck.Deck:
    """Licit flows (green) and seizure corridors (vermillion) of one substance on the project's own basemap; each
    arc is faint at its start and solid at its end, so the direction shows."""
    licit_arcs, seizure_arcs, nodes = framed(*flow_layers(flows, corridors, substance=substance, max_arcs=max_arcs))
    # Tilted in opposite directions, the two sets bow apart where licit trade and seizures share a route.
    layers = [
        arc_layer("seizure-corridors", seizure_arcs, [*SEIZURE_RGB, 70], [*SEIZURE_RGB, 235], get_tilt=-4),
        arc_layer("licit-flows", licit_arcs, [*LICIT_RGB, 70], [*LICIT_RGB, 235], get_tilt=4),
        country_dots(nodes, radius=NODE_RADIUS),
    ]
    return offline_deck(
        layers, fitted_view([*licit_arcs, *seizure_arcs], width_px=LICIT_PANEL[0], height_px=LICIT_PANEL[1])
    )


def framed(licit_arcs: list[dict], seizure_arcs: list[dict], nodes: list[dict]) -> tuple[list, list, list]:
    """Both sets of arcs and the dots moved into one window of longitudes (``deck.moved_into_frame``), so arcs keep
    the short way of the Routes map and each lands on the one copy of its countries the view shows."""
    moved, placed, _ = moved_into_frame([*licit_arcs, *seizure_arcs], nodes)
    return moved[: len(licit_arcs)], moved[len(licit_arcs) :], placed


# ---- the static rendering of the map (exports, published views, slides) -------------------------------------------
def _arc_traces(fig: go.Figure, arcs: list[dict], rgb: list[int], name: str) -> None:
    """Each arc straight on a Mercator map, as the deck draws it, with an arrowhead short of its end (the end's dot
    would hide it); one legend entry."""
    colour = f"rgba({rgb[0]},{rgb[1]},{rgb[2]},0.85)"
    heads: list[tuple[float, float, float]] = []
    for index, arc in enumerate(arcs):
        lons, lats = mercator_line(arc["source"], arc["target"])
        heads.append((lons[-4], lats[-4], bearing([lons[-5], lats[-5]], [lons[-4], lats[-4]])))
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": colour, "width": arc["width"] / 2},
                name=name,
                legendgroup=name,
                showlegend=index == 0,
                hoverinfo="text",
                text=text.plotly(arc["tooltip"].replace("\n", " · ")),
            )
        )
    if heads:
        lon, lat, angle = zip(*heads, strict=True)
        fig.add_trace(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="markers",
                marker={"symbol": "triangle-up", "size": 11, "color": colour, "angle": list(angle)},
                legendgroup=name,
                showlegend=False,
                hoverinfo="skip",
            )
        )


def flow_map_figure(side: SideBySide, words: LicitText, *, demo: bool) -> go.Figure:
    """The map of licit flows beside seizure corridors as a Plotly geo figure: the same arcs, widths and colours
    as the page's map, over the bundled topology."""
    licit_arcs, seizure_arcs, nodes = flow_layers(side.flows, side.corridors, substance=words.substance)
    fig = go.Figure()
    _arc_traces(fig, seizure_arcs, SEIZURE_RGB, _(SEIZURE_LEGEND))
    _arc_traces(fig, licit_arcs, LICIT_RGB, _(LICIT_LEGEND))
    if nodes:
        fig.add_trace(
            go.Scattergeo(
                lon=[n["position"][0] for n in nodes],
                lat=[n["position"][1] for n in nodes],
                mode="markers",
                marker={"size": NODE_RADIUS * 2, "color": "rgba(40,40,40,0.7)", "line": {"color": "white", "width": 1}},
                text=[text.plotly(n["tooltip"].splitlines()[0]) for n in nodes],
                hoverinfo="text",
                showlegend=False,
            )
        )
    fig.update_geos(**geo.plotly_world_geo(projection_type="mercator", showcountries=True, countrycolor="white"))
    frame = common_frame([*licit_arcs, *seizure_arcs])
    if frame is not None:  # centred on the arcs, so that one crossing the date line is not cut at the map's edge
        middle = ((sum(frame) / 2 + 180.0) % 360.0) - 180.0
        fig.update_geos(
            projection_rotation_lon=middle, center={"lon": middle}, lonaxis_range=[middle - 180, middle + 180]
        )
    source = f"{words.source} {words.seizure_source}"
    return finish(fig, title=words.map_heading, unit=UNIT, source=source, demo=demo, height=600, demo_of="licit")


def balance_exhibit(view: SelectionView, words: LicitText, *, demo: bool) -> Exhibit:
    figure = balance_figure(view, title=words.balance_title, source=words.source, demo=demo)
    table = balance_table(view.rows, view.flags)
    notes = tuple(words.balance_notes)
    return Exhibit(
        "balance", words.balance_title, figure, table, UNIT, words.source, words.selection_words, notes=notes
    )


def map_exhibit(side: SideBySide, words: LicitText, *, demo: bool) -> Exhibit:
    return Exhibit(
        "map",
        words.map_heading,
        flow_map_figure(side, words, demo=demo),
        flow_table(side.flows),
        UNIT,
        f"{words.source} {words.seizure_source}",
        words.selection_words,
        is_map=True,
        notes=tuple(words.flows_notes),
    )


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    """The running balance and the map of the selection the view names (or the default one): what the command
    line and published views export."""
    trade = load_licit(data.store())
    selection, _notices = resolve_selection(trade, *asked(state))
    if not selection.complete:
        return []
    view = selection_view(trade, selection)
    side = side_by_side(trade, data, state, selection)
    words = licit_text(trade, view, data, side)
    return [balance_exhibit(view, words, demo=trade.is_demo), map_exhibit(side, words, demo=trade.is_demo)]
