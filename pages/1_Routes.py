"""Routes: trafficking corridors from case records on a map with no tiles, and the table of corridors beside it."""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import query
from dashboard.figures import routes
from dashboard.ui import frame
from dashboard.ui import routes as routes_ui
from dashboard.views import routes as routes_view

data, state = frame.start("Routes", icon=":material/route:", filters=frame.CASE_FILTERS)
width_by = routes_view.width_measure(state)
show_transit = routes_view.shows_transit(state)
routes_ui.route_controls(state, width_by=width_by, show_transit=show_transit)

corridors = query.corridors(data, state)
largest_first = routes.sort_corridors(corridors.frame, width_by)
text = routes_view.routes_text(data, state, corridors)
if text.measure_note:
    st.caption(text.measure_note)

st.subheader(text.heading)
if largest_first.is_empty():
    st.info(text.no_route)
    st.caption(text.source)
else:
    routes_ui.map_and_table(largest_first, state, text, width_by=width_by, show_transit=show_transit)
