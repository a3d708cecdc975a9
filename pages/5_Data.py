"""Data and sources: the filtered data with downloads, the sources, the import reports and the coverage matrix."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard.pages.data import draw, text
from dashboard.ui import frame

data, state = frame.start("data")
state = draw.section_chooser(state, text.sections(public=frame.public_view()))
frame.publish(state)
draw.chosen_section(data, state)
