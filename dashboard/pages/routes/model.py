"""What the Routes page computes beyond the shared queries: the corridors of the view, kept to the destinations and
the departure or transit places its own parameters name (``dest``, ``via``)."""

from __future__ import annotations

from dashboard import query
from dashboard.data import Dataset
from dashboard.pages.routes.params import destinations, via
from dashboard.state import ViewState


def corridors(data: Dataset, state: ViewState) -> query.Corridors:
    return query.corridors(data, state, destinations=destinations(state), via=via(state))
