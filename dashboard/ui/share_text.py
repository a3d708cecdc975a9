"""What the Share panel, the "Save this view" form and the chrome-less modes say."""

from __future__ import annotations

SHARE = "Share and export"
PERMALINK = "Link to this view (the filters travel with it)"
PUBLISHED = "Published versions of this view (they never change)"
NOT_PUBLISHED = "Not published yet: save the view (sidebar), then publish it on the Saved views page."
IFRAME = "Embed in a web page (iframe)"
IMAGES = "Image"
DATA = "Data"
PNG_1X = "PNG"
PNG_2X = "PNG, 2x"
SVG = "SVG"
PDF = "PDF"
HTML = "HTML (opens offline)"
CSV = "CSV"
XLSX = "Excel"
SAVE_HEADING = "Save this view"
SAVE_TITLE = "Title"
SAVE_NOTE = "Note (what it shows, in a sentence)"
SAVE_AUTHOR = "Your name"
SAVE_BUTTON = "Save"
SAVE_NEEDS_TITLE = "Give the view a title."
FULL_VIEW = "Open the full view"
UNAVAILABLE = "Saved views are not available: the database could not be opened"


def saved_notice(title: str) -> str:
    return f"Saved “{title}”. Open it, publish it or put it in a deck on the Saved views page."


def published_line(published_id: str, date: str) -> str:
    return f"{published_id}, published {date}"


def iframe_snippet(src: str, title: str) -> str:
    return f'<iframe src="{src}" title="{title}" width="960" height="640" style="border:0" loading="lazy"></iframe>'
