"""The Meeting follow-up page's URL parameters (declared in ``dashboard.state.PARAMS``): ``meeting`` (the meeting
id; the newest by default, always written), ``view`` (``matrix``, ``map``, ``rec`` or ``country``; ``country`` by
default when the link names a Government, else ``matrix``), ``sort`` (``country``, ``region``, ``completeness``),
``rec`` (a recommendation, ``1(a)``; ``1a`` is read too; the first by default), ``q`` and ``all`` (the search and
whether it covers every recommendation). The Government is the shared view's ``country`` (ISO3), which the Country
profile links here with, and any Government may be named, whether or not it seized anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from dashboard import text
from dashboard.countries import countries_frame
from dashboard.meetings import MAX_QUERY_CHARS, Meeting, parse_recommendation, recommendation_key, recommendation_keys
from dashboard.state import ViewState, Vocabulary, page_choice, page_value, with_page

PAGE = "meetings"
NOT_VALID_HERE = "is not valid here"
NOT_A_RECOMMENDATION = "is not a recommendation of this meeting"


@dataclass(frozen=True)
class Shown:
    """What the page shows. ``country`` is the view's Government, which need not have replied."""

    meeting: str
    view: str
    sort: str
    query: str
    search_all: bool
    rec: str
    country: str | None


def with_every_country(vocabulary: Vocabulary) -> Vocabulary:
    """The vocabulary with every ISO3 code allowed for ``country``: a Government that replied need not have seized."""
    codes = countries_frame()["iso3"].to_list()
    return replace(vocabulary, countries=tuple(sorted(set(vocabulary.countries) | set(codes))))


def default_view(country: str | None) -> str:
    """The view a link without ``view`` opens: the Government's replies when it names one, else the matrix."""
    return "country" if country else "matrix"


def normalised_query(query: str | None) -> str:
    """A search as the page keeps it: one line, at most ``MAX_QUERY_CHARS``."""
    return text.fold(query)[:MAX_QUERY_CHARS]


def meeting_choice(state: ViewState, offered: Mapping[str, object]) -> tuple[str, str | None]:
    """The meeting the view names, else the newest on offer; with a notice when it names none on offer."""
    return page_choice(state, PAGE, "meeting", offered, next(iter(offered)), reason=NOT_VALID_HERE)


def recommendation_choice(state: ViewState, meeting: Meeting) -> tuple[str, str | None]:
    """The recommendation the view names ("1(a)", or "1a" as typed), else the first; a notice when the meeting has
    no such recommendation."""
    keys = recommendation_keys(meeting)
    asked = page_value(state, PAGE, "rec")
    parsed = parse_recommendation(asked, meeting) if asked else None
    named = with_page(state, PAGE, rec=recommendation_key(*parsed) if parsed else asked)
    return page_choice(named, PAGE, "rec", keys, keys[0], reason=NOT_A_RECOMMENDATION)


def shown(state: ViewState, meeting_id: str, meeting: Meeting) -> tuple[Shown, list[str]]:
    """What the view shows of ``meeting``; a notice for each value that is not valid there."""
    rec, notice = recommendation_choice(state, meeting)
    chosen = Shown(
        meeting=meeting_id,
        view=page_value(state, PAGE, "view") or default_view(state.country),
        sort=page_value(state, PAGE, "sort"),
        query=page_value(state, PAGE, "query"),
        search_all=bool(page_value(state, PAGE, "search_all")),
        rec=rec,
        country=state.country,
    )
    return chosen, [notice] if notice else []


def with_shown(state: ViewState, chosen: Shown, meeting: Meeting) -> ViewState:
    """The view showing ``chosen``: the Government in the shared view, the rest in the page's parameters, where
    only what differs from the defaults is kept (the meeting always is, so that a copied link names it)."""
    state = state.with_(country=chosen.country)
    return with_page(
        state,
        PAGE,
        meeting=chosen.meeting,
        view=None if chosen.view == default_view(chosen.country) else chosen.view,
        sort=chosen.sort,
        rec=None if chosen.rec == recommendation_keys(meeting)[0] else chosen.rec,
        query=chosen.query,
        search_all=chosen.search_all,
    )
