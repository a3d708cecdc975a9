"""Compare countries: 2 to 8 countries (or the regions) side by side on one scale, a ranking with shares of the
regional and world totals, and a world map of the chosen measure drawn from the project's own geometry.

The compared countries (``c``) and the log scale (``log``) live in the view state; what is compared (``cmp``) and the
view below the chart (``cview``) are page parameters kept in the URL too.
"""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import query
from dashboard.ui import compare as compare_ui
from dashboard.ui import frame
from dashboard.views import compare as compare_view

data, state = frame.start("Compare countries", icon=":material/compare_arrows:")
ranking = query.by_country(data, state)
defaults = compare_view.default_countries(ranking)
options = compare_view.country_options(data.vocabulary)

picked = compare_ui.compare_controls(state, defaults=defaults, options=options)
compared = compare_view.comparison(picked.kind, picked.chosen, state, defaults, data.vocabulary)
series = compare_view.compared_series(data, state, compared)
state = compare_ui.publish_comparison(state, compared, picked, defaults)
page = compare_view.compare_page(data, state)

if series is None or len(compared.compared) < 2:
    st.info(compare_view.too_few(compared.kind))
else:
    compare_ui.side_by_side(series, compared, page)

st.divider()
compare_ui.across_countries(ranking, compared, page, options)
