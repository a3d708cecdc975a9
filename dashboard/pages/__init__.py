"""One package per page: ``params`` (its URL parameters, declared in ``dashboard.state``), ``model`` (its own
queries, where it has any), ``text`` (the sentences, titles and notes it shows: pure), ``figures`` (its own figure and
table builders) and ``draw`` (the only module that imports streamlit). Page packages never import each other."""
