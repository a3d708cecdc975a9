"""What the Share panel, the "Save this view" form and the chrome-less modes say."""

from __future__ import annotations

from dashboard.i18n import N_, _

SHARE = N_("Share and export")
PERMALINK = N_("Link to this view (the filters travel with it)")
PUBLISHED = N_("Published versions of this view (they never change)")
NOT_PUBLISHED = N_("Not published yet: save the view (sidebar), then publish it on the Saved views page.")
IFRAME = N_("Embed in a web page (iframe)")
IMAGES = N_("Image")
DATA = N_("Data")
PNG_1X = N_("PNG")
PNG_2X = N_("PNG, 2x")
SVG = N_("SVG")
PDF = N_("PDF")
HTML = N_("HTML (opens offline)")
CSV = N_("CSV")
XLSX = N_("Excel")
SAVE_HEADING = N_("Save this view")
SAVE_TITLE = N_("Title")
SAVE_NOTE = N_("Note (what it shows, in a sentence)")
SAVE_AUTHOR = N_("Your name")
SAVE_BUTTON = N_("Save")
SAVE_NEEDS_TITLE = N_("Give the view a title.")
FULL_VIEW = N_("Open the full view")
UNAVAILABLE = N_("Saved views are not available: the database could not be opened")


def saved_notice(title: str) -> str:
    return _("Saved “{title}”. Open it, publish it or put it in a deck on the Saved views page.").format(title=title)


def published_line(published_id: str, date: str) -> str:
    return _("{id}, published {date}").format(id=published_id, date=date)


def iframe_snippet(src: str, title: str) -> str:
    return f'<iframe src="{src}" title="{title}" width="960" height="640" style="border:0" loading="lazy"></iframe>'
