"""Figures and tables of the Meeting follow-up page: the reply matrix, the map of replying Governments, the counts
by category, and the text tables that stand in for them. No streamlit here.

Every cell is traceable: each matrix cell's hover and table cell names the paragraph(s) of the source document,
and a cell without a reply names the paragraph of the recommendation itself. Text from the data (summaries,
names as written, recommendation texts) may come from an imported file: it is escaped before it reaches Plotly's
HTML subset, and ``md_safe`` makes it inert in Streamlit Markdown.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap

import plotly.graph_objects as go
import polars as pl

from dashboard import geo
from dashboard.countries import country_name, region_of, subregion_of
from dashboard.figures.style import finish
from dashboard.meetings import (
    CATEGORIES,
    NO_REPLY,
    Meeting,
    category_counts,
    category_label,
    completeness,
    recommendation_key,
)

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
SHORT_LABELS: dict[str, str] = {
    "action_reported": "Action",
    "action_planned": "Planned",
    "not_implemented": "Not done",
    "view_expressed": "View",
    "no_jurisdiction": "Not competent",
    "not_applicable": "Not applicable",
    "reported_elsewhere": "Elsewhere",
    "no_information": "No information",
    NO_REPLY: "—",
}
SORTS: dict[str, str] = {"country": "Name", "region": "Region", "completeness": "Completeness"}

REPLIED_COLOUR = "#0072B2"
INVITED_COLOUR = "#E69F00"
OTHER_COLOUR = "#E3E3E3"
HOVER_WIDTH = 70  # characters per hover line


# ---- text helpers --------------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:^=-])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)")
_ZWSP = "\u200b"


def _md_inline(text: str) -> str:
    """``md_safe`` without trimming: runs of whitespace become one space, edges are kept."""
    cleaned = re.sub(r"\s+", " ", _CONTROL.sub(" ", text))
    # GitHub-flavoured Markdown turns bare "http://..." and "www...." into links, escaped or not: a zero-width space
    # keeps an address from imported data from becoming a link that leaves the dashboard.
    cleaned = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}{_ZWSP}{m[2] or m[4]}", cleaned)
    return html.escape(_MD_SPECIAL.sub(r"\\\1", cleaned), quote=True)


def md_safe(text: object) -> str:
    """Text from data or from a user made inert for ``st.markdown`` and ``st.table``: Markdown and Streamlit's
    directives (``:red[...]``, ``$...$``, ``:icon:``) are backslash-escaped and HTML characters become entities."""
    return _md_inline(" ".join(("" if text is None else str(text)).split()))


def highlighted(text: object, query: str | None) -> str:
    """``md_safe`` text with every occurrence of ``query`` (literal, any case) in bold."""
    needle = " ".join((query or "").split())
    value = " ".join(("" if text is None else str(text)).split())
    if not needle:
        return md_safe(value)
    parts = re.split(f"({re.escape(needle)})", value, flags=re.IGNORECASE)
    return "".join(f"**{_md_inline(part)}**" if i % 2 else _md_inline(part) for i, part in enumerate(parts))


def _hover(text: object) -> str:
    """Escaped for Plotly's HTML subset; ``%`` as an entity so it can never start a ``%{...}`` field.

    Quotes stay as they are: with ``<`` and ``>`` escaped they cannot open a tag, and plotly.js does not decode
    ``&quot;`` (it would show literally)."""
    return html.escape(str(text), quote=False).replace("%", "&#37;")


def _wrapped(text: str, width: int = HOVER_WIDTH) -> str:
    """Long text wrapped for a hover label: wrapped first, then each line escaped, joined with <br>."""
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    return "<br>".join(_hover(line) for line in lines)


def parse_recommendation(value: str | None, meeting: Meeting) -> tuple[int, str] | None:
    """(issue, letter) of a recommendation key from the URL ("1(a)", "1a", "1-a"), or None when the meeting
    has no such recommendation."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*[(\-_.]?\s*([A-Za-z])\s*\)?\s*", value or "")
    if not match:
        return None
    issue, letter = int(match.group(1)), match.group(2).lower()
    known = set(meeting.recommendations.select("issue_number", "recommendation_letter").iter_rows())
    return (issue, letter) if (issue, letter) in known else None


def recommendation_keys(meeting: Meeting) -> list[str]:
    """Recommendation keys ("1(a)", ...) in document order."""
    recs = meeting.recommendations.sort("issue_number", "recommendation_letter")
    return [recommendation_key(i, letter) for i, letter in recs.select("issue_number", "recommendation_letter").rows()]


def meeting_label(meeting_row: dict, *, imported: bool = False) -> str:
    """A chooser label: "Fourteenth Meeting of ..., Valetta, 2022" (plus "imported" for stored meetings)."""
    parts = [str(meeting_row.get("title") or meeting_row.get("meeting_id"))]
    if meeting_row.get("place"):
        parts.append(str(meeting_row["place"]))
    if meeting_row.get("start_date"):
        parts.append(str(meeting_row["start_date"])[:4])
    label = ", ".join(parts)
    return f"{label} (imported)" if imported else label


def source_line(meeting: Meeting) -> str:
    info = meeting.info
    return str(info.get("source_citation") or info.get("document_symbol") or info.get("title") or meeting.meeting_id)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def meeting_caption(meeting: Meeting) -> str:
    """One Markdown-safe paragraph on the meeting: title, place and dates, the meeting reviewed, the cut-off of the
    replies, the source and the document's job number."""
    info = meeting.info
    place = " ".join(p for p in (str(info["place"] or ""), _dates(info["start_date"], info["end_date"])) if p)
    text = f"{md_safe(info['title'])}" + (f", {md_safe(place)}" if place else "") + ". "
    text += f"Replies on the recommendations of the {md_safe(info['reviewed_meeting'] or 'previous meeting')}"
    if info["replies_as_at"]:
        text += f", as at {_day(info['replies_as_at'])}"
    text += f". Source: {md_safe(source_line(meeting))}."
    if info["job_number"]:
        text += f" Document: {md_safe(info['job_number'])}."
    return text


def imports_caption(imports: list[dict]) -> str:
    """One Markdown-safe line on an imported meeting's reply files (``stored_meeting_imports``), latest last."""
    last = imports[-1]
    return (
        f"Imported: {len(imports)} reply file{'s' if len(imports) != 1 else ''}. Last: {md_safe(last.get('file'))} "
        f"on {md_safe(str(last.get('imported_at', ''))[:10])}: {int(last.get('rows_read', 0)):,} rows read, "
        f"{int(last.get('rows_stored', 0)):,} stored, {int(last.get('rows_quarantined', 0)):,} quarantined, "
        f"{int(last.get('duplicates_skipped', 0)):,} duplicates skipped."
    )


# ---- the Governments, in the chosen order -------------------------------------------------------------------------


def country_order(meeting: Meeting, sort: str = "country") -> pl.DataFrame:
    """The replying Governments in display order, with what each sort uses.

    Columns: country_iso3, country_name, region (UN M49 subregion, or region, or "Other"), answered (Int64:
    recommendations with at least one reply), total (Int64), completeness (Float64, 0..1).
    ``sort``: "country" (name), "region" (region, then name) or "completeness" (most answered first, then name).
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    done = completeness(meeting).filter(pl.col("replied"))
    regions = {iso3: subregion_of(iso3) or region_of(iso3) or "Other" for iso3 in done["country_iso3"].to_list()}
    frame = done.select(
        "country_iso3",
        "country_name",
        pl.col("country_iso3").replace_strict(regions, return_dtype=pl.String).alias("region"),
        pl.col("recommendations_answered").alias("answered"),
        pl.col("recommendations_total").alias("total"),
        "completeness",
    )
    if sort == "region":
        return frame.sort("region", "country_name")
    if sort == "completeness":
        return frame.sort(["answered", "country_name"], descending=[True, False])
    return frame.sort("country_name")


def replying_governments(meeting: Meeting) -> list[str]:
    """ISO3 codes of the Governments that replied (listed as replying, or with a reply), by name."""
    return country_order(meeting, "country")["country_iso3"].to_list()


def _cells(meeting: Meeting) -> dict[tuple[str, str], list[dict]]:
    """(ISO3, recommendation key) -> that Government's replies on it, in paragraph order."""
    out: dict[tuple[str, str], list[dict]] = {}
    for reply in meeting.replies.sort("paragraph").iter_rows(named=True):
        key = recommendation_key(reply["issue_number"], reply["recommendation_letter"])
        out.setdefault((reply["country_iso3"], key), []).append(reply)
    return out


def _rec_paragraphs(meeting: Meeting) -> dict[str, int]:
    return {
        recommendation_key(r["issue_number"], r["recommendation_letter"]): r["paragraph"]
        for r in meeting.recommendations.iter_rows(named=True)
    }


# ---- the matrix ----------------------------------------------------------------------------------------------------


def matrix_figure(meeting: Meeting, *, sort: str = "country") -> go.Figure:
    """Governments x recommendations, each cell coloured by reply category and labelled with its paragraph
    number(s); the hover gives each reply's paragraph, category and summary (escaped). A legend lists the categories.
    """
    order = country_order(meeting, sort)
    keys = recommendation_keys(meeting)
    rec_paragraph = _rec_paragraphs(meeting)
    cells = _cells(meeting)
    index = {code: i for i, code in enumerate(CATEGORY_ORDER)}
    names = [_hover(n) for n in order["country_name"].to_list()]
    if sort == "region":
        names = [f"{n} · {_hover(r)}" for n, r in zip(names, order["region"].to_list(), strict=True)]

    z: list[list[int]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    present: set[str] = set()
    for iso3, name in zip(order["country_iso3"].to_list(), order["country_name"].to_list(), strict=True):
        z_row, text_row, hover_row = [], [], []
        for key in keys:
            replies = cells.get((iso3, key), [])
            category = replies[0]["category"] if replies else NO_REPLY
            present.add(category)
            head = f"<b>{_hover(name)}</b> on recommendation {key} (paragraph {rec_paragraph[key]})"
            if replies:
                lines = [
                    f"Paragraph {r['paragraph']}: <b>{_hover(category_label(r['category']))}</b><br>"
                    + _wrapped(r["summary"])
                    for r in replies
                ]
                body = "<br>".join(lines)
            else:
                body = "No reply on this recommendation"
            z_row.append(index[category])
            text_row.append(", ".join(str(r["paragraph"]) for r in replies))
            hover_row.append(f"{head}<br>{body}")
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)

    n = len(CATEGORY_ORDER)
    colorscale = []
    for i, code in enumerate(CATEGORY_ORDER):
        colorscale += [[i / n, CATEGORY_PALETTE[code]], [(i + 1) / n, CATEGORY_PALETTE[code]]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=keys,
            y=names,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 10},
            hovertext=hover,
            hoverinfo="text",
            colorscale=colorscale,
            zmin=-0.5,
            zmax=n - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            name="Replies",
        )
    )
    for code in CATEGORY_ORDER:  # the legend: one square per category that occurs
        if code in present:
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
    top, bottom = 120, 64
    plot_height = 26 * max(order.height, 1)
    finish(
        fig,
        title="Who replied on what: Governments by recommendation",
        unit="reply category; numbers in the cells are paragraphs of the note",
        source=source_line(meeting),
        demo=False,
        height=plot_height + top + bottom,
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        legend={"orientation": "h", "x": 0, "y": -12 / plot_height, "yanchor": "top", "title": {"text": ""}},
        hoverlabel={"align": "left"},
    )
    fig.update_xaxes(side="top", type="category", tickfont={"size": 12}, showgrid=False, fixedrange=True)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, fixedrange=True)
    return fig


def matrix_table(meeting: Meeting, *, sort: str = "country") -> pl.DataFrame:
    """The matrix as text, the accessible alternative to ``matrix_figure``.

    Columns: Government, ISO3, Region, Answered ("11 of 13"), then one column per recommendation key whose cell
    reads "Action (para. 12)" (short category label and paragraph numbers; "—" without a reply).
    """
    order = country_order(meeting, sort)
    keys = recommendation_keys(meeting)
    cells = _cells(meeting)
    rows = []
    for row in order.iter_rows(named=True):
        out = {
            "Government": row["country_name"],
            "ISO3": row["country_iso3"],
            "Region": row["region"],
            "Answered": f"{row['answered']} of {row['total']}",
        }
        for key in keys:
            replies = cells.get((row["country_iso3"], key), [])
            if not replies:
                out[key] = SHORT_LABELS[NO_REPLY]
                continue
            labels = list(dict.fromkeys(SHORT_LABELS.get(r["category"], r["category"]) for r in replies))
            paragraphs = ", ".join(str(r["paragraph"]) for r in replies)
            out[key] = f"{' / '.join(labels)} (para. {paragraphs})"
        rows.append(out)
    schema = {"Government": pl.String, "ISO3": pl.String, "Region": pl.String, "Answered": pl.String}
    return pl.DataFrame(rows, schema={**schema, **dict.fromkeys(keys, pl.String)})


def legend_table() -> pl.DataFrame:
    """The categories: short label (as in the table), full label, what it means (plain language)."""
    meaning = {
        "action_reported": "A measure is in place, done or under way.",
        "action_planned": "A measure is planned, being prepared or considered, not yet in place.",
        "not_implemented": "The measure has not been taken, or the law does not allow it.",
        "view_expressed": "A view or readiness to act, with no measure taken or planned.",
        "no_jurisdiction": "The replying authority is not competent; often it names the one that is.",
        "not_applicable": "The recommendation does not concern the Government.",
        "reported_elsewhere": "Answered under another recommendation.",
        "no_information": "Information could not be obtained in time.",
        NO_REPLY: "The Government replied to the questionnaire but said nothing on this recommendation.",
    }
    return pl.DataFrame(
        {
            "In the table": [SHORT_LABELS[c] for c in CATEGORY_ORDER],
            "Category": [category_label(c) for c in CATEGORY_ORDER],
            "Meaning": [meaning[c] for c in CATEGORY_ORDER],
        }
    )


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
        pl.when(pl.col("replied")).then(pl.lit("Replied")).otherwise(pl.lit("Invited, did not reply")).alias("status"),
        pl.col("recommendations_answered").alias("answered"),
        pl.col("recommendations_total").alias("total"),
        pl.col("country_iso3").is_in(list(shaped)).alias("drawable"),
    ).sort("status", "country_name", descending=[True, False])


def _view_ranges(codes: list[str]) -> tuple[list[float], list[float]]:
    points = [geo.centroid_of(c) for c in codes]
    points = [p for p in points if p is not None]
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


def reply_map(meeting: Meeting) -> go.Figure:
    """Replying Governments (and, where the invited list is known, invited ones that did not reply) on the
    project's own country shapes. Other countries are drawn in light grey. Pass
    ``config={"topojsonURL": geo.TOPOJSON_URL}`` to ``st.plotly_chart``."""
    status = map_status(meeting)
    features = geo.world_geojson()["features"]
    by_status: dict[str, dict[str, int]] = {"Replied": {}, "Invited, did not reply": {}}
    for row in status.iter_rows(named=True):
        by_status[row["status"]][row["country_iso3"]] = row["answered"]
    total = meeting.recommendations.height
    invited_known = meeting.invited_iso3 is not None
    named = set(status["country_iso3"].to_list())
    lat_range, lon_range = _view_ranges(status["country_iso3"].to_list())
    line = {"color": "white", "width": 0.5}
    fig = go.Figure()
    # Only the shapes near the view are sent to the browser: the whole world would be ten times the data.
    others = [f for f in features if f["id"] not in named and _near(f["id"], lat_range, lon_range)]
    other_note = "Not invited" if invited_known else "Not among the replying Governments"
    fig.add_trace(
        go.Choropleth(
            geojson={"type": "FeatureCollection", "features": others},
            featureidkey="id",
            locations=[f["id"] for f in others],
            z=[0] * len(others),
            colorscale=[[0, OTHER_COLOUR], [1, OTHER_COLOUR]],
            showscale=False,
            marker_line=line,
            name=other_note,
            showlegend=False,
            hovertext=[f"{_hover(country_name(f['id']))}<br>{other_note}" for f in others],
            hoverinfo="text",
        )
    )
    for label, colour in (("Replied", REPLIED_COLOUR), ("Invited, did not reply", INVITED_COLOUR)):
        answered = by_status[label]
        shown = [f for f in features if f["id"] in answered]
        if not shown:
            continue
        if label == "Replied":
            hover = [
                f"<b>{_hover(country_name(f['id']))}</b><br>Replied: answered {answered[f['id']]} of {total} "
                "recommendations"
                for f in shown
            ]
        else:
            hover = [f"<b>{_hover(country_name(f['id']))}</b><br>Invited, did not reply" for f in shown]
        fig.add_trace(
            go.Choropleth(
                geojson={"type": "FeatureCollection", "features": shown},
                featureidkey="id",
                locations=[f["id"] for f in shown],
                z=[1] * len(shown),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker_line=line,
                name=label,
                showlegend=True,
                hovertext=hover,
                hoverinfo="text",
            )
        )
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
    replied = len(by_status["Replied"])
    unit = (
        f"{replied} Governments replied; invited list not known"
        if not invited_known
        else f"{replied} of {replied + len(by_status['Invited, did not reply'])} invited Governments replied"
    )
    finish(
        fig, title="Governments that replied to the questionnaire", unit=unit, source=source_line(meeting), demo=False
    )
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


def recommendation_counts(meeting: Meeting, issue_number: int, letter: str) -> pl.DataFrame:
    """Replies on one recommendation counted by category (zero counts left out), in category order.

    Columns: category, Category (label), Replies (Int64). ``NO_REPLY`` counts the replying Governments that said
    nothing on it.
    """
    counts = category_counts(meeting).filter(
        (pl.col("issue_number") == issue_number) & (pl.col("recommendation_letter") == letter) & (pl.col("count") > 0)
    )
    return counts.select("category", pl.col("category_label").alias("Category"), pl.col("count").alias("Replies"))


def counts_figure(meeting: Meeting, issue_number: int, letter: str) -> go.Figure:
    """Horizontal bars: how many replies on one recommendation fall in each category."""
    counts = recommendation_counts(meeting, issue_number, letter)
    key = recommendation_key(issue_number, letter)
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
            hovertemplate="%{y}: %{x} replies<extra></extra>",
            showlegend=False,
        )
    )
    height = 170 + 34 * max(counts.height, 1)
    finish(
        fig,
        title=f"Replies on recommendation {key} by category",
        unit="number of replies",
        source=source_line(meeting),
        demo=False,
        height=height,
    )
    fig.update_yaxes(autorange="reversed", type="category")
    most = int(counts["Replies"].max() or 0)
    fig.update_xaxes(rangemode="tozero", tickformat="d", dtick=1 if most <= 8 else None)
    fig.update_layout(margin={"l": 10, "r": 30, "b": 40})
    return fig


# ---- reply tables --------------------------------------------------------------------------------------------------


def replies_table(replies: pl.DataFrame) -> pl.DataFrame:
    """Replies (``dashboard.meetings.REPLY_VIEW_COLUMNS``) as the page shows them: Paragraph, Government,
    Recommendation, Category, Summary, in paragraph order."""
    return replies.sort("paragraph", "country_name").select(
        pl.col("paragraph").alias("Paragraph"),
        pl.col("country_name").alias("Government"),
        pl.col("recommendation_key").alias("Recommendation"),
        pl.col("category_label").alias("Category"),
        pl.col("summary").alias("Summary"),
    )


def replies_markdown(replies: pl.DataFrame, *, query: str | None = None, by_country: bool = False) -> pl.DataFrame:
    """Replies (``REPLY_VIEW_COLUMNS``) for ``st.table``, which renders Markdown: every text cell is escaped with
    ``md_safe`` and the search ``query`` is shown in bold in the summaries. Paragraph order.

    Columns: Paragraph, Government, Recommendation, Category, Summary; with ``by_country`` (one Government's
    replies): Recommendation, Paragraph, Category, Summary.
    """
    rows = replies.sort("paragraph", "country_name").iter_rows(named=True)
    out = []
    for r in rows:
        row = {
            "Paragraph": str(r["paragraph"]),
            "Government": md_safe(r["country_name"]),
            "Recommendation": md_safe(r["recommendation_key"]),
            "Category": md_safe(r["category_label"]),
            "Summary": highlighted(r["summary"], query),
        }
        if by_country:
            row = {k: row[k] for k in ("Recommendation", "Paragraph", "Category", "Summary")}
        out.append(row)
    columns = (
        ["Recommendation", "Paragraph", "Category", "Summary"]
        if by_country
        else ["Paragraph", "Government", "Recommendation", "Category", "Summary"]
    )
    return pl.DataFrame(out, schema=dict.fromkeys(columns, pl.String))


def silent_recommendations(meeting: Meeting, country_iso3: str) -> list[str]:
    """Keys of the recommendations a Government said nothing on, in document order."""
    answered = {
        recommendation_key(i, letter)
        for i, letter in meeting.replies.filter(pl.col("country_iso3") == country_iso3)
        .select("issue_number", "recommendation_letter")
        .rows()
    }
    return [key for key in recommendation_keys(meeting) if key not in answered]
