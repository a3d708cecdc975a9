"""Meeting follow-up: which Governments replied on which recommendation of a meeting, from the secretariat's note."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard import meetings
from dashboard.pages.meetings import draw, params
from dashboard.store import Store
from dashboard.ui import frame

# Not frame.start: this page shows no seizure filters, and any Government that replied is a valid ``country``.
data, state, notices = frame.begin("meetings", widen=params.with_every_country)
store = Store()
offered = meetings.meetings_on_offer(store, public=frame.public_view())
draw.introduction(state, offered)

asked, notice = params.meeting_choice(state, offered)
_, more = params.shown(state, asked, draw.open_meeting(offered[asked]))
frame.url_notices([*notices, notice, *more])

meeting_id = draw.meeting_chooser(asked, offered)
meeting = draw.open_meeting(offered[meeting_id])
chosen, _ = params.shown(state, meeting_id, meeting)  # another meeting than the link's: its values, quietly
draw.meeting_summary(meeting, offered[meeting_id], store)
chosen = draw.chosen_view(chosen, meeting, state, data.vocabulary.countries)
draw.downloads(meeting)
frame.publish(params.with_shown(state, chosen, meeting))
