"""Overview: the entry page. Headline figures, a headline trend, the top corridors, and what the data is and is not."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard.figures.exhibit import filters_of
from dashboard.pages.overview import draw, model, text
from dashboard.ui import frame

data, state = frame.start("overview")
draw.follow_published(state)
overview = model.overview(data, state)
words = text.overview_text(data, state, overview)

draw.findings_box(draw.key_findings(data, state, overview))
draw.metrics(words, overview)
draw.charts_of(overview, words, state, demo=data.is_demo, filters=filters_of(data, state))
draw.corridors(overview, words, state)
draw.caveats()
