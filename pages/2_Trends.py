"""Trends: time series by substance group, substance, region or country, per year or (from case dates) per month.

A period a country did not report stays empty, so lines break there instead of dropping to zero. The breakdown,
resolution and log scale live in the view state, so the URL carries them (``by``, ``res``, ``log``).
"""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import query
from dashboard.ui import frame
from dashboard.ui import trends as trends_ui
from dashboard.views import trends as trends_view

# Channel, conveyance and routing filters too: they switch the figures to case records (see query.uses_cases).
data, state = frame.start("Trends", icon=":material/show_chart:", filters=(*frame.FILTERS, *frame.ROUTE_FILTERS))
monthly_possible = query.uses_cases(state)
state = trends_ui.trend_controls(state, monthly_possible=monthly_possible)
frame.publish(state)

trend = query.trend(data, state)
text = trends_view.trend_text(data, state, trend, monthly_possible=monthly_possible)
st.markdown(text.summary)
if trend.frame.is_empty():
    st.info(query.empty_reason(state) or trends_view.NO_FIGURES)
    st.stop()

trends_ui.trend_chart(trend, text, state, data)
trends_ui.below_the_chart(trend, text, state, data)
