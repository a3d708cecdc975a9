"""Routes: trafficking corridors from case records on a map with no tiles, and the table of corridors beside it."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard.pages.routes import draw, model, text
from dashboard.ui import frame

data, state = frame.start("routes")
state = draw.route_controls(state, data)
frame.publish(state)

corridors = model.corridors(data, state)
words = text.routes_text(data, state, corridors)
draw.routes(corridors.frame, state, words)
