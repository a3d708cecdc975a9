"""The Meeting follow-up page's figures and tables: the reply matrix, the map of replying Governments, the counts by
category, and the text tables that stand in for them. No streamlit here.

Every cell is traceable: each matrix cell's hover and table cell names the paragraph(s) of the source document,
and a cell without a reply names the paragraph of the recommendation itself. Text from the data (summaries,
names as written, recommendation texts) may come from an imported file: it goes through ``text.plotly`` before it
reaches Plotly's HTML subset, and through ``text.markdown`` in the tables ``st.table`` renders as Markdown.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from dashboard import geo, text
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.figures.colours import text_on
from dashboard.figures.exhibit import Exhibit
from dashboard.figures.style import FONT_SIZE, finish, in_reading_direction
from dashboard.i18n import N_, _
from dashboard.meetings import (
    CATEGORIES,
    NO_REPLY,
    Meeting,
    category_label,
    completeness,
    country_order,
    meetings_on_offer,
    open_entry,
    recommendation_counts,
    recommendation_key,
    recommendation_keys,
    recommendations_by_key,
    reply_cells,
)
from dashboard.pages.meetings.params import meeting_choice, shown
from dashboard.pages.meetings.text import (
    MAP_TITLE,
    MATRIX_TITLE,
    MATRIX_UNIT,
    SHORT_LABELS,
    counts_title,
    export_notes,
    highlighted,
    legend_rows,
    meeting_words,
    source_line,
)
from dashboard.state import ViewState

# Okabe & Ito's colour-blind-safe colours, one per category; the "absent" kinds are greys of clearly different
# lightness. Every cell also carries text (paragraph numbers, and a short label in the table), so colour is never
# the only signal.
CATEGORY_PALETTE: dict[str, str] = {
    "action_reported": "#009E73",
    "action_planned": "#56B4E9",
    "not_implemented": "#D55E00",
    "view_expressed": "#F0E442",
    "no_jurisdiction": "#CC79A7",
    "not_applicable": "#E69F00",
    "reported_elsewhere": "#0072B2",
    "no_information": "#666666",
    NO_REPLY: "#EEEEEE",
}
CATEGORY_ORDER: list[str] = [*CATEGORIES, NO_REPLY]
REPLIED, INVITED = N_("Replied"), N_("Invited, did not reply")  # translated where shown
STATUS_COLOURS = {REPLIED: "#0072B2", INVITED: "#E69F00"}
OTHER_COLOUR = "#E3E3E3"
HOVER_WIDTH = 70  # characters per hover line
MATRIX_ROW = 26  # pixels a Government
MATRIX_MARGINS = (120, 120)  # pixels above and below the cells (the legend in 14 px takes two or three rows)
STATUS_COLUMNS = {
    "country_name": N_("Government"),
    "country_iso3": N_("ISO3"),
    "status": N_("Status"),
    "answered": N_("Recommendations answered"),
}
REPLY_TABLE = {
    "paragraph": N_("Paragraph"),
    "country_name": N_("Government"),
    "recommendation_key": N_("Recommendation"),
    "category_label": N_("Category"),
    "summary": N_("Summary"),
}
REPLY_COLUMNS = list(REPLY_TABLE.values())
OWN_REPLY_COLUMNS = [N_("Recommendation"), N_("Paragraph"), N_("Category"), N_("Summary")]


def _hover(value: object) -> str:
    return text.plotly(value, template=True)


def _wrapped(value: str, width: int = HOVER_WIDTH) -> str:
    """Long text wrapped for a hover label: wrapped first, then each line escaped, joined with <br>."""
    return "<br>".join(_hover(line) for line in textwrap.wrap(text.fold(value), width) or [""])


# ---- the matrix ----------------------------------------------------------------------------------------------------
def _cell_hover(name: str, key: str, paragraph: int, replies: list[dict]) -> str:
    head = _hover(_("{government} on recommendation {key} (paragraph {paragraph})")).format(
        government=f"<b>{_hover(name)}</b>", key=_hover(key), paragraph=paragraph
    )
    if not replies:
        return f"{head}<br>{_hover(_('No reply on this recommendation'))}"
    lines = [
        _hover(_("Paragraph {paragraph}: {category}")).format(
            paragraph=r["paragraph"], category=f"<b>{_hover(category_label(r['category']))}</b>"
        )
        + "<br>"
        + _wrapped(r["summary"])
        for r in replies
    ]
    return f"{head}<br>" + "<br>".join(lines)


def _matrix_grid(meeting: Meeting, order: pl.DataFrame) -> dict[str, list]:
    """The heat map's rows: z (the category's place in ``CATEGORY_ORDER``), text (paragraph numbers) and hover
    of every cell, and the categories that occur."""
    recs = recommendations_by_key(meeting)
    cells = reply_cells(meeting)
    index = {code: i for i, code in enumerate(CATEGORY_ORDER)}
    grid: dict[str, list] = {"z": [], "text": [], "hover": [], "present": []}
    for iso3, name in order.select("country_iso3", "country_name").iter_rows():
        replies_by_key = {key: cells.get((iso3, key), []) for key in recs}
        categories = [replies[0]["category"] if replies else NO_REPLY for replies in replies_by_key.values()]
        grid["z"].append([index[c] for c in categories])
        # Each number in black or white, whichever stands out more from its cell's colour (at least 4.5:1).
        grid["text"].append(
            [
                f"<span style='color:{text_on(CATEGORY_PALETTE[c])}'>"
                + text.listed(str(r["paragraph"]) for r in replies)
                + "</span>"
                for c, replies in zip(categories, replies_by_key.values(), strict=True)
            ]
        )
        grid["hover"].append(
            [_cell_hover(name, key, recs[key]["paragraph"], replies) for key, replies in replies_by_key.items()]
        )
        grid["present"] += categories
    return grid


def _legend(fig: go.Figure, present: set[str]) -> None:
    """One square per category that occurs, in category order."""
    for code in (c for c in CATEGORY_ORDER if c in present):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 13, "color": CATEGORY_PALETTE[code], "line": {"width": 0.5}},
                name=_hover(category_label(code)),
                showlegend=True,
                hoverinfo="skip",
            )
        )


def _colour_steps() -> list[list]:
    """A colour scale of even steps, one a category, so that z = a category's place gives its colour."""
    n = len(CATEGORY_ORDER)
    steps: list[list] = []
    for i, code in enumerate(CATEGORY_ORDER):
        steps += [[i / n, CATEGORY_PALETTE[code]], [(i + 1) / n, CATEGORY_PALETTE[code]]]
    return steps


def matrix_figure(meeting: Meeting, *, sort: str = "country") -> go.Figure:
    """Governments x recommendations, each cell coloured by reply category and labelled with its paragraph
    number(s); the hover gives each reply's paragraph, category and summary (escaped). A legend lists the categories.
    """
    order = country_order(meeting, sort)
    grid = _matrix_grid(meeting, order)
    names = [_hover(n) for n in order["country_name"].to_list()]
    if sort == "region":
        names = [f"{n} · {_hover(r)}" for n, r in zip(names, order["region"].to_list(), strict=True)]
    fig = go.Figure(
        go.Heatmap(
            z=grid["z"],
            x=recommendation_keys(meeting),
            y=names,
            text=grid["text"],
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE},
            hovertext=grid["hover"],
            hoverinfo="text",
            colorscale=_colour_steps(),
            zmin=-0.5,
            zmax=len(CATEGORY_ORDER) - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            name=_("Replies"),
        )
    )
    _legend(fig, set(grid["present"]))
    top, bottom = MATRIX_MARGINS
    plot_height = MATRIX_ROW * max(order.height, 1)
    finish(
        fig,
        title=_(MATRIX_TITLE),
        unit=_("reply category; numbers in the cells are paragraphs of the note"),
        source=source_line(meeting),
        demo=False,
        height=plot_height + top + bottom,
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        legend={"orientation": "h", "x": 0, "y": -12 / plot_height, "yanchor": "top", "title": {"text": ""}},
        hoverlabel={"align": "left"},
    )
    fig.update_xaxes(side="top", type="category", tickfont={"size": FONT_SIZE}, showgrid=False, fixedrange=True)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, fixedrange=True)
    return in_reading_direction(fig, table=True)


def _table_cell(replies: list[dict]) -> str:
    """A matrix cell as text: "Action (para. 12)", short labels and paragraph numbers; "—" without a reply."""
    if not replies:
        return SHORT_LABELS[NO_REPLY]
    # The categories are the project's labels, translated; the paragraph numbers are the note's.
    labels = list(
        dict.fromkeys(_(SHORT_LABELS[c]) if c in SHORT_LABELS else c for c in (r["category"] for r in replies))
    )
    return _("{categories} (para. {paragraphs})").format(
        categories=" / ".join(labels), paragraphs=text.listed(str(r["paragraph"]) for r in replies)
    )


def matrix_table(meeting: Meeting, *, sort: str = "country") -> pl.DataFrame:
    """The matrix as text, the accessible alternative to ``matrix_figure``.

    Columns: Government, ISO3, Region, Answered ("11 of 13"), then one column per recommendation key whose cell
    reads "Action (para. 12)" (short category label and paragraph numbers; "—" without a reply).
    """
    keys = recommendation_keys(meeting)
    cells = reply_cells(meeting)
    rows = [
        {
            "Government": row["country_name"],
            "ISO3": row["country_iso3"],
            "Region": text.vocabulary_label(row["region"]) if row["region"] else row["region"],
            "Answered": _("{answered} of {total}").format(
                answered=text.count(row["answered"]), total=text.count(row["total"])
            ),
            **{key: _table_cell(cells.get((row["country_iso3"], key), [])) for key in keys},
        }
        for row in country_order(meeting, sort).iter_rows(named=True)
    ]
    schema = dict.fromkeys([N_("Government"), "ISO3", N_("Region"), N_("Answered"), *keys], pl.String)
    return pl.DataFrame(rows, schema=schema)


def legend_table() -> pl.DataFrame:
    """The categories: short label (as in the table), full label, what it means (plain language)."""
    return pl.DataFrame(legend_rows(), schema=[N_("In the table"), N_("Category"), N_("Meaning")], orient="row")


# ---- the map -------------------------------------------------------------------------------------------------------
def map_status(meeting: Meeting) -> pl.DataFrame:
    """One row per Government the note names (replying, and invited when known).

    Columns: country_iso3, country_name, status ("Replied", "Invited, did not reply"), answered (Int64),
    total (Int64), drawable (bool: the map has a shape for it).
    """
    done = completeness(meeting, include_invited=True)
    shaped = {f["id"] for f in geo.world_geojson()["features"]}
    return done.select(
        "country_iso3",
        "country_name",
        pl.when(pl.col("replied")).then(pl.lit(REPLIED)).otherwise(pl.lit(INVITED)).alias("status"),
        pl.col("recommendations_answered").alias("answered"),
        pl.col("recommendations_total").alias("total"),
        pl.col("country_iso3").is_in(list(shaped)).alias("drawable"),
    ).sort("status", "country_name", descending=[True, False])


def _renamed(frame: pl.DataFrame, columns: Mapping[str, str]) -> pl.DataFrame:
    """``frame``'s ``columns`` (column -> label) under their labels, in that order."""
    return frame.select(pl.col(column).alias(label) for column, label in columns.items())


def status_table(status: pl.DataFrame) -> pl.DataFrame:
    """The Governments of the map (``map_status``) as its table and download show them."""
    words = {REPLIED: _(REPLIED), INVITED: _(INVITED)}
    return _renamed(
        status.with_columns(pl.col("status").replace_strict(words, default=pl.col("status"))), STATUS_COLUMNS
    )


def _view_ranges(codes: list[str]) -> tuple[list[float], list[float]]:
    points = [p for p in (geo.centroid_of(c) for c in codes) if p is not None]
    if not points:
        return [-58.0, 85.0], [-180.0, 180.0]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    lat_range = [max(min(lats) - 12, -58.0), min(max(lats) + 12, 85.0)]
    lon_range = [max(min(lons) - 20, -180.0), min(max(lons) + 20, 180.0)]
    return lat_range, lon_range


def _near(iso3: str, lat_range: list[float], lon_range: list[float], margin: float = 25.0) -> bool:
    point = geo.centroid_of(iso3)
    if point is None:
        return False
    lat, lon = point
    return (
        lat_range[0] - margin <= lat <= lat_range[1] + margin and lon_range[0] - margin <= lon <= lon_range[1] + margin
    )


def _shapes(features: list[dict], name: str, colour: str, hover: list[str], *, legend: bool) -> go.Choropleth:
    """Countries of one kind in one colour, from the project's own shapes."""
    return go.Choropleth(
        geojson={"type": "FeatureCollection", "features": features},
        featureidkey="id",
        locations=[f["id"] for f in features],
        z=[1 if legend else 0] * len(features),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker_line={"color": "white", "width": 0.5},
        name=name,
        showlegend=legend,
        hovertext=hover,
        hoverinfo="text",
    )


def _status_hover(iso3: str, status: str, answered: Mapping[str, int], total: int) -> str:
    name = f"<b>{_hover(country_name(iso3))}</b>"
    if status == REPLIED:
        replied = _("Replied: answered {answered} of {total} recommendations").format(
            answered=answered[iso3], total=total
        )
        return f"{name}<br>{_hover(replied)}"
    return f"{name}<br>{_hover(_(INVITED))}"


def reply_map(meeting: Meeting) -> go.Figure:
    """Replying Governments (and, where the invited list is known, invited ones that did not reply) on the
    project's own country shapes. Other countries are drawn in light grey. Pass
    ``config={"topojsonURL": geo.TOPOJSON_URL}`` to ``st.plotly_chart``."""
    status = map_status(meeting)
    features = geo.world_geojson()["features"]
    by_status: dict[str, dict[str, int]] = {REPLIED: {}, INVITED: {}}
    for row in status.iter_rows(named=True):
        by_status[row["status"]][row["country_iso3"]] = row["answered"]
    invited_known = meeting.invited_iso3 is not None
    named = set(status["country_iso3"].to_list())
    lat_range, lon_range = _view_ranges(status["country_iso3"].to_list())
    # Only the shapes near the view are sent to the browser: the whole world would be ten times the data.
    others = [f for f in features if f["id"] not in named and _near(f["id"], lat_range, lon_range)]
    other_note = _("Not invited") if invited_known else _("Not among the replying Governments")
    hover = [f"{_hover(country_name(f['id']))}<br>{_hover(other_note)}" for f in others]
    fig = go.Figure(_shapes(others, other_note, OTHER_COLOUR, hover, legend=False))
    total = meeting.recommendations.height
    for label, answered in by_status.items():
        shown = [f for f in features if f["id"] in answered]
        if shown:
            hover = [_status_hover(f["id"], label, answered, total) for f in shown]
            fig.add_trace(_shapes(shown, _(label), STATUS_COLOURS[label], hover, legend=True))
    fig.update_geos(
        **geo.plotly_world_geo(
            visible=False,
            projection_type="natural earth",
            lataxis_range=lat_range,
            lonaxis_range=lon_range,
            center={"lat": sum(lat_range) / 2, "lon": sum(lon_range) / 2},
            bgcolor="white",
        )
    )
    replied = len(by_status[REPLIED])
    unit = (
        _("{replied} of {invited} invited Governments replied").format(
            replied=replied, invited=replied + len(by_status[INVITED])
        )
        if invited_known
        else _("{replied} Governments replied; invited list not known").format(replied=replied)
    )
    finish(fig, title=_(MAP_TITLE), unit=unit, source=source_line(meeting), demo=False)
    fig.update_layout(
        height=560,
        margin={"l": 0, "r": 0, "b": 10},
        legend={
            "orientation": "v",
            "x": 0.01,
            "y": 0.02,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#999999",
            "borderwidth": 1,
        },
    )
    return fig


# ---- one recommendation --------------------------------------------------------------------------------------------
def counts_table(meeting: Meeting, issue_number: int, letter: str) -> pl.DataFrame:
    """Replies on one recommendation counted by category (zero counts left out), in category order.

    Columns: category, Category (label), Replies (Int64). ``NO_REPLY`` counts the replying Governments that said
    nothing on it.
    """
    counts = recommendation_counts(meeting, issue_number, letter)
    return counts.select("category", pl.col("category_label").alias("Category"), pl.col("count").alias("Replies"))


def counts_figure(meeting: Meeting, issue_number: int, letter: str) -> go.Figure:
    """Horizontal bars: how many replies on one recommendation fall in each category."""
    counts = counts_table(meeting, issue_number, letter)
    fig = go.Figure(
        go.Bar(
            x=counts["Replies"].to_list(),
            y=[_hover(label) for label in counts["Category"].to_list()],
            orientation="h",
            marker={
                "color": [CATEGORY_PALETTE.get(c, "#999999") for c in counts["category"].to_list()],
                "line": {"color": "#555555", "width": 0.5},
            },
            text=counts["Replies"].to_list(),
            textposition="outside",
            hovertemplate="%{y}: %{x} " + _hover(_("replies")) + "<extra></extra>",
            showlegend=False,
        )
    )
    finish(
        fig,
        title=counts_title(recommendation_key(issue_number, letter)),
        unit=_("number of replies"),
        source=source_line(meeting),
        demo=False,
        height=170 + 34 * max(counts.height, 1),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    most = int(counts["Replies"].max() or 0)
    fig.update_xaxes(rangemode="tozero", tickformat="d", dtick=1 if most <= 8 else None)
    fig.update_layout(margin={"l": 10, "r": 30, "b": 40})
    return fig


# ---- reply tables --------------------------------------------------------------------------------------------------
def replies_table(replies: pl.DataFrame) -> pl.DataFrame:
    """Replies (``dashboard.meetings.REPLY_VIEW_COLUMNS``) as the page downloads them: Paragraph, Government,
    Recommendation, Category, Summary, in paragraph order."""
    return _renamed(replies.sort("paragraph", "country_name"), REPLY_TABLE)


def own_replies_table(own: pl.DataFrame) -> pl.DataFrame:
    """One Government's replies (``dashboard.meetings.country_replies``) as its download holds them."""
    return replies_table(own).select(OWN_REPLY_COLUMNS)


def replies_markdown(replies: pl.DataFrame, *, query: str | None = None, by_country: bool = False) -> pl.DataFrame:
    """Replies (``REPLY_VIEW_COLUMNS``) for ``st.table``, which renders Markdown: every text cell goes through
    ``text.markdown`` and the search ``query`` is shown in bold in the summaries. Paragraph order.

    Columns: Paragraph, Government, Recommendation, Category, Summary; with ``by_country`` (one Government's
    replies): Recommendation, Paragraph, Category, Summary.
    """
    rows = [
        {
            "Paragraph": str(r["paragraph"]),
            "Government": text.markdown(r["country_name"]),
            "Recommendation": text.markdown(r["recommendation_key"]),
            "Category": text.markdown(r["category_label"]),
            "Summary": highlighted(r["summary"], query),
        }
        for r in replies.sort("paragraph", "country_name").iter_rows(named=True)
    ]
    columns = OWN_REPLY_COLUMNS if by_country else REPLY_COLUMNS
    return pl.DataFrame(rows, schema=dict.fromkeys(REPLY_COLUMNS, pl.String)).select(columns)


# ---- exhibits ------------------------------------------------------------------------------------------------------
def matrix_exhibit(meeting: Meeting, *, sort: str) -> Exhibit:
    table = matrix_table(meeting, sort=sort)
    return Exhibit(
        "matrix",
        MATRIX_TITLE,
        matrix_figure(meeting, sort=sort),
        table,
        MATRIX_UNIT,
        source_line(meeting),
        meeting_words(meeting),
        notes=tuple(export_notes(meeting)),
    )


def map_exhibit(meeting: Meeting) -> Exhibit:
    figure = reply_map(meeting)
    return Exhibit(
        "map",
        MAP_TITLE,
        figure,
        status_table(map_status(meeting)),
        "Governments",
        source_line(meeting),
        meeting_words(meeting),
        is_map=True,
        notes=tuple(export_notes(meeting)),
    )


def counts_exhibit(meeting: Meeting, rec_key: str) -> Exhibit:
    rec = recommendations_by_key(meeting)[rec_key]
    issue, letter = rec["issue_number"], rec["recommendation_letter"]
    return Exhibit(
        "counts",
        counts_title(rec_key),
        counts_figure(meeting, issue, letter),
        counts_table(meeting, issue, letter).drop("category"),
        "number of replies",
        source_line(meeting),
        meeting_words(meeting),
        notes=tuple(export_notes(meeting)),
    )


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    """The meeting's charts as the view names them (its meeting, order and recommendation), the one its view shows
    first: the command line and published views export these."""
    offered = meetings_on_offer(data.store())
    if not offered:
        return []
    meeting_id, _ = meeting_choice(state, offered)
    meeting = open_entry(offered[meeting_id])
    chosen, _ = shown(state, meeting_id, meeting)
    exhibits = {
        "matrix": matrix_exhibit(meeting, sort=chosen.sort),
        "map": map_exhibit(meeting),
        "rec": counts_exhibit(meeting, chosen.rec),
    }
    first = exhibits.pop(chosen.view, None)
    return [first, *exhibits.values()] if first else list(exhibits.values())
