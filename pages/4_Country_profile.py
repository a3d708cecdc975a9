"""Country profile: what one country seizes over time, where its seizures come from and go to, methods, coverage."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import meetings, query
from dashboard.pages.profile import draw, model
from dashboard.store import Store
from dashboard.ui import frame

data, state = frame.start("profile")
state = draw.chooser(state, data.vocabulary)
frame.publish(state)
if not state.country:
    draw.nothing_chosen()

profile = model.country_profile(data, state, state.country)
replied_in = meetings.replying_countries(Store().root, public=frame.public_view()).get(state.country)
draw.profile_page(profile, state, source=query.source_of(data, state), demo=data.is_demo, replied_in=replied_in)
