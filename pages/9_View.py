"""Published views: ``/View?v=<id>`` shows a published view exactly as published, whatever has been imported
since; ``/View?page=<page>&...&embed=1`` is the chrome-less live view an iframe shows; without either, the list."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import catalogue
from dashboard.pages.published import draw
from dashboard.ui import frame

data, state, _ = frame.begin("published")
chosen, live_page = draw.chosen_id(state), draw.target_page(state)
if chosen:
    frame.publish(state)
    record = draw.record_or_stop(chosen)
    draw.published(record, state, differs=lambda: catalogue.differs_today(record, data))
elif live_page:
    found = catalogue.target(live_page, frame.url_query(), data)
    draw.live(catalogue.main_figures(data, found.page, found.state), found.page, found.query)
else:
    frame.publish(state)
    draw.listing()
