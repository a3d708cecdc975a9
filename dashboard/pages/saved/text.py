"""What the Saved views page says."""

from __future__ import annotations

import datetime as dt

VIEWS_HEADING = "Saved views"
PUBLIC_READ_ONLY = "This is a public view of the dashboard: views are saved and published by the secretariat."
PUBLISHED_LINK = "See the published views"
DECKS_HEADING = "Decks"
NEW_DECK = "Make a deck of saved views"
NONE_SAVED = "No saved view yet. Every page has a “Save this view” form in its sidebar."
NONE_MATCH = "No saved view matches these filters."
NO_DECK = "No deck yet. Choose saved views below to make one."
AUTHOR = "Author"
PAGE = "Page"
EVERYONE = "Everyone"
EVERY_PAGE = "Every page"
OPEN = "Open"
RENAME = "Rename"
TITLE = "Title"
NOTE = "Note"
DELETE = "Delete"
PUBLISH = "Publish"
PUBLISH_HELP = "Freezes the figures as they are now, with their data: the published view never changes."
WITHDRAW = "Withdraw"
WITHDRAW_NOTE = "Why (shown at the address)"
DECK_TITLE = "Deck title"
DECK_AUTHOR = "Your name"
DECK_VIEWS = "Views, in the order of the slides"
SAVE_DECK = "Save the deck"
PRESENT = "Present"
DELETE_DECK = "Delete the deck"
DECK_NEEDS_VIEWS = "Choose at least one view for the deck."
PPTX_CLI = "Export to PowerPoint or PDF from the command line:"


def when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def view_line(page_label: str, author: str, moment: dt.datetime, version: str) -> str:
    return f"{page_label} · by {author} · saved {when(moment)} · app version {version}"


def published_line(published_id: str, moment: dt.datetime, withdrawn: bool) -> str:
    state = "withdrawn" if withdrawn else "published"
    return f"Version {published_id}, {state} {when(moment)}"


def published_notice(published_id: str) -> str:
    return f"Published as {published_id}. Its address never changes and shows the figure as it is now."


def slide_notes_label(position: int, title: str) -> str:
    return f"Speaker notes, slide {position}: {title}"


def deck_line(slides: int, author: str) -> str:
    return f"{slides} slide{'s' if slides != 1 else ''} · by {author}"


def deck_command(deck_id: str) -> str:
    return f"python -m dashboard deck export {deck_id} --format pptx -o deck.pptx"
