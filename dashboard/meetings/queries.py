"""Questions asked of a meeting, as pure Polars: the reply matrix, counts by category, completeness, the replies of
one recommendation or one Government, a literal search, the Governments in the page's orders, and which Governments
replied to any meeting on offer (for the country profile)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import polars as pl

from dashboard import text
from dashboard.countries import country_name, localised_names, name_order, region_of, subregion_of
from dashboard.i18n import SOURCE_LANGUAGE, language
from dashboard.meetings.files import meetings_on_offer, meetings_signature, open_entry
from dashboard.meetings.model import (
    CATEGORIES,
    MAX_QUERY_CHARS,
    NO_REPLY,
    SUBSTANTIVE_CATEGORIES,
    Meeting,
    MeetingDataError,
    category_label_expr,
    country_display_name,
    display_name_expr,
    recommendation_key,
    recommendation_key_expr,
)

REC = ["issue_number", "recommendation_letter"]  # what names a recommendation within its meeting
ORDERS = ("country", "region", "completeness")  # the orders of the Governments (``country_order``)
REPLY_VIEW_COLUMNS = [
    "paragraph",
    "country_iso3",
    "country_name",
    "country_name_as_written",
    "issue_number",
    "issue_title",
    "recommendation_letter",
    "recommendation_key",
    "recommendation_paragraph",
    "category",
    "category_label",
    "summary",
]
MATRIX_COLUMNS = [
    "country_iso3",
    "country_name",
    "replied",
    "issue_number",
    "recommendation_letter",
    "recommendation_key",
    "recommendation_paragraph",
    "category",
    "category_label",
    "paragraph",
    "paragraphs",
    "summary",
    "reply_count",
]
COMPLETENESS_COLUMNS = [
    "country_iso3",
    "country_name",
    "replied",
    "recommendations_total",
    "recommendations_answered",
    "recommendations_substantive",
    "replies",
    "completeness",
]


# ---- the Governments ---------------------------------------------------------------------------------------------
def _reader_names() -> dict[str, str]:
    """ISO3 -> the UN name in the reader's language; none in English, where the note's own spelling is shown."""
    lang = language()
    return localised_names(lang) if lang != SOURCE_LANGUAGE else {}


def government_name_expr() -> pl.Expr:
    """A reply's Government for display: in English the name as the note writes it (without a leading article), in
    another language the country's UN name in that language (the note is English; its spelling is kept in
    ``country_name_as_written``)."""
    written = display_name_expr("country_name_as_written")
    names = _reader_names()
    if not names:
        return written
    return pl.col("country_iso3").replace_strict(names, default=None, return_dtype=pl.String).fill_null(written)


def _countries(meeting: Meeting, include_invited: bool = False) -> pl.DataFrame:
    """country_iso3, country_name, replied (bool), invited (bool or null): the Governments a view shows."""
    names = (
        meeting.replies.sort("paragraph")
        .group_by("country_iso3", maintain_order=True)
        .agg(pl.col("country_name_as_written").first())
    )
    local = _reader_names()
    name_of = {
        r["country_iso3"]: local.get(r["country_iso3"]) or country_display_name(r["country_name_as_written"])
        for r in names.to_dicts()
    }
    replying = list(dict.fromkeys([*meeting.replying_iso3, *name_of]))
    invited = meeting.invited_iso3
    codes = list(dict.fromkeys(replying + ((invited or []) if include_invited else [])))
    return pl.DataFrame(
        {
            "country_iso3": codes,
            "country_name": [name_of.get(c) or country_name(c) for c in codes],
            "replied": [c in replying for c in codes],
            "invited": [None if invited is None else c in invited for c in codes],
        },
        schema={"country_iso3": pl.String, "country_name": pl.String, "replied": pl.Boolean, "invited": pl.Boolean},
    )


def governments(meeting: Meeting) -> pl.DataFrame:
    """The replying Governments, and the invited ones when the document lists them (for the map).

    Columns: country_iso3 (str), country_name (str), replied (bool), invited (bool, null when the invited list
    is unknown). Sorted by country_name.
    """
    return _countries(meeting, include_invited=True).sort(name_order())


def completeness(meeting: Meeting, *, include_invited: bool = False) -> pl.DataFrame:
    """How fully each Government answered: one row per Government.

    Columns: country_iso3, country_name, replied (bool), recommendations_total (Int64), recommendations_answered
    (Int64: recommendations with at least one reply paragraph), recommendations_substantive (Int64: answered with
    action reported or planned), replies (Int64: reply rows), completeness (Float64, answered / total, 0..1).
    Sorted by completeness (highest first), then country_name.
    """
    total = meeting.recommendations.height
    countries = _countries(meeting, include_invited=include_invited).select("country_iso3", "country_name", "replied")
    per_country = meeting.replies.group_by("country_iso3").agg(
        pl.struct(REC).n_unique().cast(pl.Int64).alias("recommendations_answered"),
        pl.struct(REC)
        .filter(pl.col("category").is_in(SUBSTANTIVE_CATEGORIES))
        .n_unique()
        .cast(pl.Int64)
        .alias("recommendations_substantive"),
        pl.len().cast(pl.Int64).alias("replies"),
    )
    return (
        countries.join(per_country, on="country_iso3", how="left")
        .with_columns(
            pl.lit(total, dtype=pl.Int64).alias("recommendations_total"),
            pl.col("recommendations_answered", "recommendations_substantive", "replies").fill_null(0),
        )
        .with_columns((pl.col("recommendations_answered") / max(total, 1)).alias("completeness"))
        .select(COMPLETENESS_COLUMNS)
        .sort([pl.col("completeness"), name_order()], descending=[True, False])
    )


def country_order(meeting: Meeting, sort: str = "country") -> pl.DataFrame:
    """The replying Governments in display order, with what each sort uses.

    Columns: country_iso3, country_name, region (UN M49 subregion, or region, or "Other"), answered (Int64:
    recommendations with at least one reply), total (Int64), completeness (Float64, 0..1).
    ``sort`` (``ORDERS``): "country" (name), "region" (region, then name) or "completeness" (most answered first,
    then name).
    """
    if sort not in ORDERS:
        raise ValueError(f"sort must be one of {', '.join(ORDERS)}, not {sort!r}")
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
        return frame.sort("region", name_order())
    if sort == "completeness":
        return frame.sort([pl.col("answered"), name_order()], descending=[True, False])
    return frame.sort(name_order())


def replying_governments(meeting: Meeting) -> list[str]:
    """ISO3 codes of the Governments that replied (listed as replying, or with a reply), by name."""
    return country_order(meeting, "country")["country_iso3"].to_list()


# ---- the recommendations -------------------------------------------------------------------------------------
def recommendations_by_key(meeting: Meeting) -> dict[str, dict]:
    """Recommendation key ("1(a)") -> its row (RECOMMENDATION_SCHEMA), in document order (issue, letter)."""
    recs = meeting.recommendations.sort(REC)
    return {recommendation_key(r["issue_number"], r["recommendation_letter"]): r for r in recs.iter_rows(named=True)}


def recommendation_keys(meeting: Meeting) -> list[str]:
    """Recommendation keys ("1(a)", ...) in document order."""
    return list(recommendations_by_key(meeting))


def parse_recommendation(value: str | None, meeting: Meeting) -> tuple[int, str] | None:
    """(issue, letter) of a recommendation key from the URL ("1(a)", "1a", "1-b"), or None when the meeting has no
    such recommendation."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*[(\-_.]?\s*([A-Za-z])\s*\)?\s*", value or "")
    if not match:
        return None
    issue, letter = int(match.group(1)), match.group(2).lower()
    known = set(meeting.recommendations.select(REC).iter_rows())
    return (issue, letter) if (issue, letter) in known else None


# ---- the reply matrix --------------------------------------------------------------------------------------------
def reply_matrix(meeting: Meeting, *, include_invited: bool = False) -> pl.DataFrame:
    """Countries x recommendations in long form: one row per (Government, recommendation), replied or not.

    Columns: country_iso3, country_name, replied (bool: answered the questionnaire), issue_number,
    recommendation_letter, recommendation_key ("1(a)"), recommendation_paragraph, category (a CATEGORIES code, or
    ``NO_REPLY`` where the Government said nothing on that recommendation), category_label, paragraph (Int64, the
    first reply paragraph, null when no reply), paragraphs (str, all reply paragraphs "12; 15", empty when none),
    summary (str, summaries joined with " | ", empty when none), reply_count (Int64).
    Where a Government replied twice on one recommendation, category is that of its first paragraph.
    Sorted by country_name, then issue and letter. ``include_invited`` adds invited Governments that did not reply.
    """
    countries = _countries(meeting, include_invited=include_invited).select("country_iso3", "country_name", "replied")
    recs = meeting.recommendations.select(*REC, pl.col("paragraph").alias("recommendation_paragraph"))
    cells = (
        meeting.replies.sort("paragraph")
        .group_by("country_iso3", *REC, maintain_order=True)
        .agg(
            pl.col("category").first(),
            pl.col("paragraph").first(),
            pl.col("paragraph").cast(pl.String).str.join("; ").alias("paragraphs"),
            pl.col("summary").str.join(" | "),
            pl.len().cast(pl.Int64).alias("reply_count"),
        )
    )
    grid = countries.join(recs, how="cross").join(cells, on=["country_iso3", *REC], how="left")
    return (
        grid.with_columns(
            pl.col("category").fill_null(NO_REPLY),
            pl.col("paragraphs").fill_null(""),
            pl.col("summary").fill_null(""),
            pl.col("reply_count").fill_null(0),
            recommendation_key_expr(),
        )
        .with_columns(category_label_expr())
        .select(MATRIX_COLUMNS)
        .sort(name_order(), *REC)
    )


def reply_matrix_wide(meeting: Meeting, value: str = "category", *, include_invited: bool = False) -> pl.DataFrame:
    """The reply matrix with one column per recommendation, for a table or heat map.

    Columns: country_iso3, country_name, then one column per recommendation key ("1(a)", "1(b)", ... in document
    order) holding ``value`` from ``reply_matrix`` ("category", "category_label", "paragraphs", "summary" or
    "paragraph"). Sorted by country_name.
    """
    if value not in {"category", "category_label", "paragraphs", "summary", "paragraph"}:
        raise ValueError(f"value must be a reply_matrix cell column, not {value!r}")
    long = reply_matrix(meeting, include_invited=include_invited)
    wide = long.pivot(on="recommendation_key", index=["country_iso3", "country_name"], values=value)
    return wide.select("country_iso3", "country_name", *recommendation_keys(meeting)).sort(name_order())


def reply_cells(meeting: Meeting) -> dict[tuple[str, str], list[dict]]:
    """(ISO3, recommendation key) -> that Government's replies on it (REPLY_SCHEMA rows), in paragraph order."""
    out: dict[tuple[str, str], list[dict]] = {}
    for reply in meeting.replies.sort("paragraph").iter_rows(named=True):
        key = recommendation_key(reply["issue_number"], reply["recommendation_letter"])
        out.setdefault((reply["country_iso3"], key), []).append(reply)
    return out


def silent_recommendations(meeting: Meeting, country_iso3: str) -> list[str]:
    """Keys of the recommendations a Government said nothing on, in document order."""
    own = meeting.replies.filter(pl.col("country_iso3") == country_iso3).select(REC).rows()
    answered = {recommendation_key(issue, letter) for issue, letter in own}
    return [key for key in recommendation_keys(meeting) if key not in answered]


# ---- counts by category --------------------------------------------------------------------------------------
def category_counts(meeting: Meeting, *, include_no_reply: bool = True) -> pl.DataFrame:
    """Replies counted by category for every recommendation, zero counts included (ready for stacked bars).

    Columns: issue_number, recommendation_letter, recommendation_key, category, category_label, count (Int64).
    A Government replying in two paragraphs on one recommendation counts twice. With ``include_no_reply`` the
    category ``NO_REPLY`` counts the replying Governments that said nothing on that recommendation.
    Sorted by issue, letter and category in CATEGORIES order.
    """
    categories = list(CATEGORIES) + ([NO_REPLY] if include_no_reply else [])
    grid = meeting.recommendations.select(REC).join(
        pl.DataFrame({"category": categories}, schema={"category": pl.String}), how="cross"
    )
    counted = [*REC, "category"]
    counts = meeting.replies.group_by(counted).agg(pl.len().cast(pl.Int64).alias("count"))
    if include_no_reply:
        silent = reply_matrix(meeting).filter(pl.col("category") == NO_REPLY)
        counts = pl.concat([counts, silent.group_by(counted).agg(pl.len().cast(pl.Int64).alias("count"))])
    order = {c: i for i, c in enumerate(categories)}
    return (
        grid.join(counts, on=counted, how="left")
        .with_columns(
            pl.col("count").fill_null(0),
            recommendation_key_expr(),
            category_label_expr(),
            pl.col("category").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
        )
        .sort(*REC, "_order")
        .select(*REC, "recommendation_key", "category", "category_label", "count")
    )


def recommendation_counts(meeting: Meeting, issue_number: int, letter: str) -> pl.DataFrame:
    """The categories that occur on one recommendation, with their counts (``category_counts`` without the zeros):
    category, category_label, count, in category order; ``NO_REPLY`` last."""
    counts = category_counts(meeting).filter(
        (pl.col("issue_number") == issue_number) & (pl.col("recommendation_letter") == letter) & (pl.col("count") > 0)
    )
    return counts.select("category", "category_label", "count")


# ---- replies -------------------------------------------------------------------------------------------------------
def reply_view(meeting: Meeting, replies: pl.DataFrame) -> pl.DataFrame:
    """``replies`` (REPLY_SCHEMA rows of ``meeting``) with their recommendation and labels: REPLY_VIEW_COLUMNS, in
    paragraph order."""
    recs = meeting.recommendations.select(
        *REC,
        "issue_title",
        pl.col("paragraph").alias("recommendation_paragraph"),
        pl.col("text").alias("recommendation_text"),
    )
    frame = replies.join(recs, on=REC, how="left").with_columns(
        recommendation_key_expr(),
        government_name_expr().alias("country_name"),
        category_label_expr(),
    )
    return frame.select(REPLY_VIEW_COLUMNS).sort("paragraph", name_order())


def recommendation_replies(meeting: Meeting, issue_number: int, recommendation_letter: str) -> pl.DataFrame:
    """All replies on one recommendation, in paragraph order. Columns: REPLY_VIEW_COLUMNS (see ``country_replies``)."""
    replies = meeting.replies.filter(
        (pl.col("issue_number") == issue_number) & (pl.col("recommendation_letter") == recommendation_letter)
    )
    return reply_view(meeting, replies)


def country_replies(meeting: Meeting, country_iso3: str) -> pl.DataFrame:
    """All replies of one Government, in paragraph order.

    Columns (REPLY_VIEW_COLUMNS): paragraph, country_iso3, country_name, country_name_as_written, issue_number,
    issue_title, recommendation_letter, recommendation_key, recommendation_paragraph, category, category_label,
    summary. Empty (same columns) for a Government without replies.
    """
    code = (country_iso3 or "").strip().upper()
    return reply_view(meeting, meeting.replies.filter(pl.col("country_iso3") == code))


def search_replies(
    meeting: Meeting,
    query: str,
    *,
    issue_number: int | None = None,
    recommendation_letter: str | None = None,
    category: str | None = None,
) -> pl.DataFrame:
    """Replies whose summary or Government name contains ``query``: case-insensitive, literal (never a regex).

    The query is treated as untrusted: control characters are dropped, whitespace collapsed and it is cut to
    ``MAX_QUERY_CHARS``. A blank query matches every reply. Optional filters narrow to one issue, recommendation
    or category. Columns: REPLY_VIEW_COLUMNS (see ``country_replies``), in paragraph order.
    """
    needle = text.fold(query)[:MAX_QUERY_CHARS].lower()
    wanted = {"issue_number": issue_number, "recommendation_letter": recommendation_letter, "category": category}
    replies = meeting.replies.filter(*(pl.col(c) == v for c, v in wanted.items() if v is not None))
    if needle:
        haystacks = [pl.col(c).str.to_lowercase() for c in ("summary", "country_name_as_written", "country_iso3")]
        replies = replies.filter(pl.any_horizontal(h.str.contains(needle, literal=True) for h in haystacks))
    return reply_view(meeting, replies)


# ---- across meetings -----------------------------------------------------------------------------------------
def replying_countries(store_root: Path | str, *, public: bool = False) -> dict[str, str]:
    """ISO3 -> id of the newest meeting (shipped, or imported into the store at ``store_root``; ``public``: none
    imported as restricted) in which that Government replied to the recommendations. Read once and held until a
    meeting file changes."""
    return _replying(str(store_root), meetings_signature(store_root), public)


@lru_cache(maxsize=8)
def _replying(store_root: str, signature: tuple, public: bool = False) -> dict[str, str]:
    replied: dict[str, str] = {}
    for meeting_id, entry in meetings_on_offer(store_root, public=public).items():  # newest first
        try:
            meeting = open_entry(entry)
        except (MeetingDataError, OSError, pl.exceptions.PolarsError):
            continue
        for iso3 in [*meeting.replying_iso3, *meeting.replies["country_iso3"].drop_nulls().to_list()]:
            replied.setdefault(iso3, meeting_id)
    return replied
