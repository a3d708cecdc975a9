"""The Country profile's figure as an exhibit: the country's trend (``main_figures`` builds it from a view)."""

from __future__ import annotations

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.figures import charts
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.pages.profile import model
from dashboard.pages.profile.text import trend_title
from dashboard.state import ViewState


def trend_exhibit(profile: model.Profile, state: ViewState, *, source: str, demo: bool, filters: str) -> Exhibit:
    title = trend_title(profile.name)
    figure = charts.trend_figure(
        profile.trend, log_scale=state.log_scale, title=title, source=source, demo=demo, show_reporting=False
    )
    periods = profile.trend.frame["period"] if profile.trend.frame.height else None
    years = (
        (int(periods.min()), int(periods.max())) if periods is not None and not periods.dtype.is_temporal() else None
    )
    counted = text.view_in_words(state.with_(regions=()), years or (0, 0), cases=profile.trend.suspect_left_out > 0)
    notes = text.download_notes(title, profile.trend.unit, years or (0, 0), source, demo=demo, counted=counted)
    return Exhibit("trend", title, figure, profile.trend.frame, profile.trend.unit, source, filters, notes=tuple(notes))


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    if not state.country:
        return []
    profile = model.country_profile(data, state, state.country)
    source = query.source_of(data, state)
    return [trend_exhibit(profile, state, source=source, demo=data.is_demo, filters=filters_of(data, state))]
