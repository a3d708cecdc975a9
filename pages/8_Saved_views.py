"""Saved views and decks: every saved view (filter by author and page), opened, renamed, deleted or published, and
the decks a meeting secretariat presents."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import catalogue
from dashboard.pages.saved import draw
from dashboard.saved import Views
from dashboard.store import Store
from dashboard.ui import frame

data, state, _ = frame.begin("saved")
draw.writable_or_stop()
views = Views()
state = draw.filters(state, views)
frame.publish(state)
draw.notice()
draw.view_list(views, state, publish=lambda saved: catalogue.publish(views, saved, data, Store()))
draw.decks(views)
