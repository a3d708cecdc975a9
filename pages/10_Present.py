"""Present a deck in the meeting room: full screen, one saved view per slide in large type, driven by the keys a
presentation clicker sends; works with no network."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import catalogue
from dashboard.pages.present import draw
from dashboard.ui import frame

data, state, _ = frame.begin("present")
frame.publish(state)
deck = draw.deck_or_choose(state)
if deck is not None:
    draw.present(deck, catalogue.presenter_slides(data, deck), state)
