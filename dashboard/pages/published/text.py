"""What the published-view page says."""

from __future__ import annotations

import datetime as dt

from dashboard import text

LIST_HEADING = "Published views"
NONE_YET = "Nothing has been published yet. Save a view (sidebar of any page), then publish it on the Saved views page."
NOT_FOUND = "There is no published view at this address. Check the link, or see the list of published views."
NOT_PUBLIC = "This published view rests on data that are not public, so it is not shown here."
NO_FIGURE = "This view has no chart for these filters."
CURRENT = "Open the current view"
FULL = "Open the full view"
DIFFERS = (
    "The data have changed since this view was published: today's data give a different figure. The figure below is "
    "the one published; the current view shows today's."
)
SAME = "Today's data give the same figure."
PUBLISHED_COLUMNS = {"id": "Id", "title": "Title", "page": "Page", "author": "Author", "published": "Published"}


def date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def withdrawn(title: str, moment: dt.datetime, note: str | None) -> str:
    why = f" Reason given: {note}" if note else ""
    return f"The published view “{title}” was withdrawn on {date(moment)}.{why}"


def facts(*, published_id: str, published_at: dt.datetime, version: str, snapshot: str, author: str) -> str:
    return (
        f"Published view {published_id} · published {date(published_at)} by {author} · app version {version} · "
        f"data snapshot {snapshot[:12]}"
    )


def figure_caption(source: str, unit: str, filters: str) -> str:
    return text.markdown(f"Source: {source} · Unit: {unit} · Filters: {filters}")
