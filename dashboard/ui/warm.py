"""Loads the heavy libraries and the library's own modules once per server process, before a page uses them.

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
import dashboard.datapage  # noqa: F401
import dashboard.figures.charts  # noqa: F401
import dashboard.figures.licit  # noqa: F401
import dashboard.figures.meetings  # noqa: F401
import dashboard.figures.overview  # noqa: F401
import dashboard.figures.routes  # noqa: F401
import dashboard.licit  # noqa: F401
import dashboard.meetings  # noqa: F401
import dashboard.profile  # noqa: F401
import dashboard.query  # noqa: F401
import dashboard.ui.frame  # noqa: F401
# isort: on
