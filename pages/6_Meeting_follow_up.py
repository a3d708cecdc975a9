"""Meeting follow-up: which Governments replied on which recommendation of a meeting, from the secretariat's note.

The view lives in the URL: ``meeting`` (the meeting id), ``view`` (matrix, map, rec, country), ``sort`` (country,
region, completeness), ``rec`` (a recommendation, e.g. ``1(a)``), ``q`` and ``all`` (the search and its scope), and
``country`` (ISO3, the view state's country, which the Country profile page links here with). The page's choices and
sentences are in ``dashboard.views.meetings``, its views in ``dashboard.ui.meetings``, the figures and tables in
``dashboard.figures.meetings``, and the data, queries and exports in ``dashboard.meetings``.
"""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import meetings
from dashboard.figures.meetings import recommendation_keys, replying_governments
from dashboard.store import Store
from dashboard.ui import frame
from dashboard.ui import meetings as meeting_ui
from dashboard.views import meetings as meeting_view

TITLE = "Meeting follow-up"

# Not frame.start: this page shows no seizure filters, and any Government that replied is a valid ``country``.
data, state, notices = frame.begin(TITLE, widen=meeting_ui.vocabulary_with_every_country)
store = Store()
catalogue = meeting_view.catalogue(meetings.list_stored_meetings(store), meetings.list_shipped_meetings())

st.title(TITLE)
st.markdown(meeting_view.INTRODUCTION)
if not catalogue:
    st.info(meeting_view.NO_MEETING)
    frame.publish(state)
    st.stop()

meeting_id, meeting_notices = meeting_view.meeting_from_url(state.extras, catalogue)
meeting = meeting_ui.open_meeting(meeting_id, catalogue[meeting_id])
st.session_state[frame.EXPORT_NOTES_KEY] = [f"Source: {meeting.meeting['source_citation'][0]}"]
incoming, control_notices = meeting_view.controls_from_url(state, meeting_id, meeting)
meeting_ui.seed_controls(incoming, meeting)
frame.url_notices([*notices, *meeting_notices, *control_notices])

meeting_id, meeting = meeting_ui.meeting_chooser(catalogue, meeting_id, meeting)
replying = replying_governments(meeting)
meeting_ui.meeting_summary(meeting, meeting_id, catalogue[meeting_id], replying, store)

section = meeting_ui.section_chooser()
chosen = meeting_ui.controls_in_session(meeting_id, section, state.country)
if section == "matrix":
    chosen = meeting_ui.reply_matrix(meeting, chosen)
elif section == "map":
    chosen = meeting_ui.reply_map(meeting, chosen)
elif section == "rec":
    chosen = meeting_ui.one_recommendation(meeting, chosen)
else:
    chosen = meeting_ui.one_government(meeting, chosen, replying, state, data.vocabulary.countries)
meeting_ui.downloads(meeting, meeting_id)

meeting_ui.remember_controls(chosen, replying)
extras = meeting_view.url_extras(state.extras, chosen, first_rec=recommendation_keys(meeting)[0])
state = state.with_(country=chosen.country, extras=extras)
frame.publish(state)
