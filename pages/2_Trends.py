"""Trends: time series by substance group, substance, region or country, per year or (from case dates) per month.

A period a country did not report stays empty, so lines break there instead of dropping to zero.
"""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import query
from dashboard.figures.exhibit import filters_of
from dashboard.pages.trends import draw, text
from dashboard.ui import frame, series_switch

data, state = frame.start("trends")
state = series_switch.switch(state, "trends")
monthly_possible = query.uses_cases(state)
state = draw.trend_controls(state, monthly_possible=monthly_possible, unodc_areas=bool(data.vocabulary.unodc_areas))

trend = query.trend(data, state)
words = text.trend_text(data, state, trend, monthly_possible=monthly_possible)
state = draw.trends(
    trend, words, state, demo=data.is_demo, empty_reason=query.empty_reason(state), filters=filters_of(data, state)
)
frame.publish(state)
