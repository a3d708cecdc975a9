"""What the Saved views page says."""

from __future__ import annotations

import datetime as dt

from dashboard.i18n import N_, _, n_

VIEWS_HEADING = N_("Saved views")
PUBLIC_READ_ONLY = N_("This is a public view of the dashboard: views are saved and published by the secretariat.")
PUBLISHED_LINK = N_("See the published views")
DECKS_HEADING = N_("Decks")
NEW_DECK = N_("Make a deck of saved views")
NONE_SAVED = N_("No saved view yet. Every page has a “Save this view” form in its sidebar.")
NONE_MATCH = N_("No saved view matches these filters.")
NO_DECK = N_("No deck yet. Choose saved views below to make one.")
AUTHOR = N_("Author")
PAGE = N_("Page")
EVERYONE = N_("Everyone")
EVERY_PAGE = N_("Every page")
OPEN = N_("Open")
RENAME = N_("Rename")
TITLE = N_("Title")
NOTE = N_("Note")
DELETE = N_("Delete")
PUBLISH = N_("Publish")
PUBLISH_HELP = N_("Freezes the figures as they are now, with their data: the published view never changes.")
WITHDRAW = N_("Withdraw")
WITHDRAW_NOTE = N_("Why (shown at the address)")
DECK_TITLE = N_("Deck title")
DECK_AUTHOR = N_("Your name")
DECK_VIEWS = N_("Views, in the order of the slides")
SAVE_DECK = N_("Save the deck")
PRESENT = N_("Present")
DELETE_DECK = N_("Delete the deck")
DECK_NEEDS_VIEWS = N_("Choose at least one view for the deck.")
PPTX_CLI = N_("Export to PowerPoint or PDF from the command line:")


def when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def view_line(page_label: str, author: str, moment: dt.datetime, version: str) -> str:
    return _("{page} · by {author} · saved {when} · app version {version}").format(
        page=page_label, author=author, when=when(moment), version=version
    )


def published_line(published_id: str, moment: dt.datetime, withdrawn: bool) -> str:
    line = _("Version {id}, withdrawn {when}") if withdrawn else _("Version {id}, published {when}")
    return line.format(id=published_id, when=when(moment))


def published_notice(published_id: str) -> str:
    return _("Published as {id}. Its address never changes and shows the figure as it is now.").format(id=published_id)


def slide_notes_label(position: int, title: str) -> str:
    return _("Speaker notes, slide {position}: {title}").format(position=position, title=title)


def deck_line(slides: int, author: str) -> str:
    return n_("{count} slide · by {author}", "{count} slides · by {author}", slides).format(count=slides, author=author)


def deck_command(deck_id: str) -> str:
    return f"python -m dashboard deck export {deck_id} --format pptx -o deck.pptx"
