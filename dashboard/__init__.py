"""Library of the seizure dashboard: loading, validation, transforms, figures and view state.

Nothing here imports streamlit except ``dashboard.ui``; everything else is usable from tests and the command line.
"""
