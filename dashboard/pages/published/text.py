"""What the published-view page says."""

from __future__ import annotations

import datetime as dt

from dashboard import text
from dashboard.i18n import N_, _

LIST_HEADING = N_("Published views")
NONE_YET = N_(
    "Nothing has been published yet. Save a view (sidebar of any page), then publish it on the Saved views page."
)
NOT_FOUND = N_("There is no published view at this address. Check the link, or see the list of published views.")
NOT_PUBLIC = N_("This published view rests on data that are not public, so it is not shown here.")
NO_FIGURE = N_("This view has no chart for these filters.")
CURRENT = N_("Open the current view")
FULL = N_("Open the full view")
DIFFERS = N_(
    "The data have changed since this view was published: today's data give a different figure. The figure below is "
    "the one published; the current view shows today's."
)
SAME = N_("Today's data give the same figure.")
PUBLISHED_COLUMNS = {
    "id": N_("Id"),
    "title": N_("Title"),
    "page": N_("Page"),
    "author": N_("Author"),
    "published": N_("Published"),
}


def date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def withdrawn(title: str, moment: dt.datetime, note: str | None) -> str:
    why = _("Reason given: {note}").format(note=note) if note else ""
    return text.sentences(
        _("The published view “{title}” was withdrawn on {date}.").format(title=title, date=date(moment)), why
    )


def facts(*, published_id: str, published_at: dt.datetime, version: str, snapshot: str, author: str) -> str:
    return _(
        "Published view {id} · published {date} by {author} · app version {version} · data snapshot {snapshot}"
    ).format(id=published_id, date=date(published_at), author=author, version=version, snapshot=snapshot[:12])


def figure_caption(source: str, unit: str, filters: str) -> str:
    return text.markdown(
        _("Source: {source} · Unit: {unit} · Filters: {filters}").format(source=source, unit=_(unit), filters=filters)
    )
