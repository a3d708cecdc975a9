"""What the presentation page says."""

from __future__ import annotations

from dashboard.i18n import N_, _

CHOOSE = N_("Choose a deck to present. Decks are made of saved views on the Saved views page.")
NO_DECK = N_("There is no deck at this address.")
NO_DECKS = N_("No deck yet: make one on the Saved views page.")
KEYS = N_(
    "Keys: → Page Down or space for the next slide, ← Page Up or Shift+space for the previous one, F for full screen, "
    "N for the speaker notes, Escape to leave. The slides need no network."
)
PUBLIC = N_("Decks are made of saved views, which a public view does not show. Published views are on the View page.")
AUTO = N_("Advance automatically every")
AUTO_OFF = N_("never")


def seconds(value: str) -> str:
    return _(AUTO_OFF) if value == "off" else _("{count} seconds").format(count=value)
