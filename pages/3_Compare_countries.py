"""Compare countries: 2 to 8 countries (or the regions) side by side on one scale, a ranking with shares of the
regional and world totals, and a world map of the chosen measure drawn from the project's own geometry."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import query
from dashboard.pages.compare import draw, model, text
from dashboard.pages.compare.params import kind, level, ranking_year
from dashboard.ui import frame, series_switch

data, state = frame.start("compare")
state = series_switch.switch(state, "compare", every_note=text.EVERY_DRUG_NOTE)
shares = query.shares_by_year(data, state)
defaults = model.default_countries(query.ranking_of(shares, ranking_year(state)))
options = model.country_options(data.vocabulary)

state, chosen = draw.compare_controls(
    state, defaults=defaults, options=options, unodc_areas=bool(data.vocabulary.unodc_areas)
)
compared = model.comparison(kind(state), chosen, state, defaults, data.vocabulary, level(state))
state = state.with_(countries=compared.countries)
draw.settle(state, defaults=defaults, options=options)
series = model.compared_series(data, state, compared)
words = text.compare_text(data, state)

draw.side_by_side(series, compared, words, state, filters=frame.filters_of_state(state))
state = draw.across_countries(shares, compared, words, state, options)
frame.publish(state)
