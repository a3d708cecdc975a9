"""Every page's figures, built outside Streamlit: from a page and its URL query (as copied from the address bar) to
the exhibits the page draws. The command line, the published-view and presentation pages, and publishing use it, so
an export, a published view and a slide are what the page shows.

Above the page packages in the layers: it may import each page's pure ``figures`` module (never its ``draw``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import polars as pl

from dashboard import query
from dashboard import state as view
from dashboard.data import Dataset
from dashboard.export import frozen
from dashboard.export.presenter import PresenterSlide
from dashboard.export.slides import SlideContent
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import LANGUAGES, _, language, using
from dashboard.pages.compare import figures as compare
from dashboard.pages.licit import figures as licit
from dashboard.pages.meetings import figures as meetings
from dashboard.pages.overview import figures as overview
from dashboard.pages.profile import figures as profile
from dashboard.pages.routes import figures as routes
from dashboard.pages.trends import figures as trends
from dashboard.saved import Deck, PublishedView, SavedView, Views, publish_refusal
from dashboard.state import PAGES, ViewState
from dashboard.store import Store

MAIN_FIGURES: dict[str, Callable[[Dataset, ViewState], list[Exhibit]]] = {
    "overview": overview.main_figures,
    "routes": routes.main_figures,
    "trends": trends.main_figures,
    "compare": compare.main_figures,
    "profile": profile.main_figures,
    "meetings": meetings.main_figures,
    "licit": licit.main_figures,
}


class NotAView(ValueError):
    """A URL or id that names no page with figures, or no saved or published view."""


@dataclass(frozen=True)
class Target:
    page: str
    query: str  # the URL query string (without "?")
    state: ViewState
    notices: tuple[str, ...]


def page_of_path(path: str) -> str:
    """The page key of a URL path ("/Trends", "Trends", "/" for the Overview)."""
    cleaned = path.strip().strip("/")
    for page in PAGES.values():
        if page.url_path == cleaned:
            return page.key
    raise NotAView(_("{path} is not the path of a page of the dashboard").format(path=view.shown(path)))


def parse_url(url: str, data: Dataset) -> Target:
    """A page path with its query string, as copied from the address bar ("/Trends?grp=Opioids&from=2015", or a
    full address on any host: only its path and query are read)."""
    parts = urlsplit(url.strip())
    page = page_of_path(parts.path)
    return target(page, parts.query, data)


def target(page: str, query_string: str, data: Dataset) -> Target:
    params = parse_qs(query_string, keep_blank_values=False)
    params.pop("embed", None)
    state, notices = view.from_query(params, data.vocabulary, page=page)
    query = urlencode(view.to_query(state, page=page), doseq=True)  # the short link, as copied
    # What the page shows: its default series (Trends, Compare) unless the link names another.
    return Target(page, query, view.with_default_series(state, page), tuple(notices))


def permalink(page: str, query_string: str) -> str:
    path = "/" + PAGES[page].url_path
    return path + (f"?{query_string}" if query_string else "")


def main_figures(data: Dataset, page: str, state: ViewState) -> list[Exhibit]:
    """The exhibits ``page`` draws for ``state`` (none for a page without charts)."""
    build = MAIN_FIGURES.get(page)
    return build(data, state) if build else []


def sources_of(data: Dataset, state: ViewState) -> list[str]:
    """The sources whose rows the view's filters keep: what its figures rest on."""
    ids: set[str] = set()
    for lf in (query.filter_cases(data, state), query.filter_annual(data, state)):
        ids.update(lf.select(pl.col("source_id").unique()).collect()["source_id"].drop_nulls().to_list())
    return sorted(ids)


def as_public(data: Dataset) -> Dataset:
    """The data as a public view aggregates them (small cells of case records suppressed): a published view is public
    by nature, whoever publishes it."""
    return data if data.public else dataclasses.replace(data, public=True)


def publish(views: Views, saved: SavedView, data: Dataset, store: Store) -> PublishedView:
    """Freeze ``saved`` as shown today: its figures' specifications and data tables. Raises ``NotAView`` when the
    page has no figure, and ``PermissionError`` (with the reason) when it rests on a restricted source."""
    found = target(saved.page, saved.query, data)
    exhibits = main_figures(as_public(data), found.page, found.state)
    if not exhibits:
        raise NotAView(_("the view {title} has no figure to publish").format(title=repr(saved.title)))
    rests_on = sources_of(data, found.state)
    refusal = publish_refusal(store.sources(), rests_on)
    if refusal:
        raise PermissionError(refusal)
    return views.publish(saved, exhibits=frozen.freeze(exhibits), source_ids=rests_on, snapshot=store.snapshot_hash())


def differs_today(published: PublishedView, data: Dataset) -> bool:
    """Whether today's data give different figures for the published view's state."""
    found = target(published.page, published.query, data)
    today = main_figures(as_public(data), found.page, found.state)
    return frozen.table_fingerprint(today) != frozen.frozen_fingerprint(published.exhibits)


def first_figure(data: Dataset, saved: SavedView) -> Exhibit | None:
    """The main figure of a saved view with today's data (None when its page has none for that view)."""
    found = target(saved.page, saved.query, data)
    exhibits = main_figures(data, found.page, found.state)
    return exhibits[0] if exhibits else None


def view_language(query_string: str) -> str:
    """The language a view's query asks for (``lang=``, in every permalink), else the current one."""
    values = parse_qs(query_string.lstrip("?")).get("lang", [])
    return values[-1] if values and values[-1] in LANGUAGES else language()


def _figure_in_its_language(data: Dataset, saved: SavedView) -> Exhibit | None:
    # A slide's figure speaks its view's language, as the view does on screen (titles, axes, ticks, notes).
    with using(view_language(saved.query)):
        return first_figure(data, saved)


def presenter_slides(data: Dataset, deck: Deck) -> list[PresenterSlide]:
    return [
        PresenterSlide(slide.view.title, _figure_in_its_language(data, slide.view), slide.notes)
        for slide in deck.slides
    ]


def deck_slides(data: Dataset, deck: Deck) -> list[SlideContent]:
    """What a deck's export puts on each slide: the view's main figure (in the view's language), its permalink and
    the speaker notes."""
    out = []
    for slide in deck.slides:
        exhibit = _figure_in_its_language(data, slide.view)
        if exhibit is None:
            raise NotAView(
                _("the view {title} of the deck has no figure with today's data").format(title=repr(slide.view.title))
            )
        out.append(SlideContent(exhibit, permalink(slide.view.page, slide.view.query), slide.notes))
    return out
