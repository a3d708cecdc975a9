"""Loads the heavy libraries and every page's modules once per server process, before a page uses them.

Streamlit runs each session's script in a thread of its own. Two first visitors at once would import numpy, pandas
and plotly in parallel threads, and one of them could meet a partially initialised module ("partially initialized
module 'numpy' has no attribute 'ndarray'"). Every page imports this module first: Python lets one thread execute it
and makes the others wait until it is complete, so the imports below happen once, in one thread.
"""

# isort: off
import numpy  # noqa: F401
import pandas  # noqa: F401
import pyarrow  # noqa: F401
import polars  # noqa: F401
import plotly.graph_objects  # noqa: F401
import plotly.io  # noqa: F401
import pydeck  # noqa: F401
import streamlit  # noqa: F401

import dashboard.data  # noqa: F401
import dashboard.query  # noqa: F401
import dashboard.figures.charts  # noqa: F401
import dashboard.figures.deck  # noqa: F401
import dashboard.figures.maps  # noqa: F401
import dashboard.ui.frame  # noqa: F401
import dashboard.pages.overview.draw  # noqa: F401
import dashboard.pages.routes.draw  # noqa: F401
import dashboard.pages.trends.draw  # noqa: F401
import dashboard.pages.compare.draw  # noqa: F401
import dashboard.pages.profile.draw  # noqa: F401
import dashboard.pages.data.draw  # noqa: F401
import dashboard.pages.meetings.draw  # noqa: F401
import dashboard.pages.licit.draw  # noqa: F401
# isort: on
