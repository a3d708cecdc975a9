"""Reading and writing saved views, published views and decks. Everything a caller gets back is a plain frozen
record, detached from the database session.

A published view is immutable: there is no function that changes its state, figures, title or note. Publishing the
same saved view again makes a new published view with a new id; withdrawing one keeps the row (and so the address)
and records when and why, so the address can say it was withdrawn.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from dashboard.saved import db
from dashboard.saved.models import DeckRow, PublishedRow, SlideRow, ViewRow
from dashboard.store import REPO_ROOT

MAX_TITLE = 200
MAX_AUTHOR = 120
MAX_NOTE = 2000


@cache
def app_version() -> str:
    """The version in pyproject.toml (the app runs from its repository, not from an installed package)."""
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives naive datetimes back; every stored time is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _new_id() -> str:
    return secrets.token_urlsafe(6)  # 8 characters from [A-Za-z0-9_-], unguessable


def _clean(value: str, limit: int) -> str:
    # Kept as typed (escaped where shown), but printable and bounded.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(value)).split())[:limit]


@dataclass(frozen=True)
class SavedView:
    id: str
    page: str
    query: str  # the URL query string, as in the address bar after the page path
    title: str
    note: str
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    app_version: str
    snapshot: str


@dataclass(frozen=True)
class PublishedView:
    id: str
    view_id: str | None
    page: str
    query: str
    title: str
    note: str
    author: str
    published_at: dt.datetime
    app_version: str
    snapshot: str
    source_ids: tuple[str, ...]
    exhibits: str  # JSON (dashboard.export.frozen)
    withdrawn_at: dt.datetime | None
    withdrawn_note: str | None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass(frozen=True)
class Slide:
    view: SavedView
    notes: str


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    author: str
    created_at: dt.datetime
    slides: tuple[Slide, ...]


def _view(row: ViewRow) -> SavedView:
    return SavedView(
        row.id,
        row.page,
        row.query,
        row.title,
        row.note,
        row.author,
        _utc(row.created_at),
        _utc(row.updated_at),
        row.app_version,
        row.snapshot,
    )


def _published(row: PublishedRow) -> PublishedView:
    return PublishedView(
        row.id,
        row.view_id,
        row.page,
        row.query,
        row.title,
        row.note,
        row.author,
        _utc(row.published_at),
        row.app_version,
        row.snapshot,
        tuple(json.loads(row.source_ids)),
        row.exhibits,
        _utc(row.withdrawn_at),
        row.withdrawn_note,
    )


class Views:
    """One database of saved views, published views and decks (by default the one ``db.database_url()`` names)."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.engine = engine or db.engine(url)

    # ---- saved views ---------------------------------------------------------------------------------------------
    def save(self, *, page: str, query: str, title: str, note: str, author: str, snapshot: str) -> SavedView:
        now = _now()
        row = ViewRow(
            id=_new_id(),
            page=page,
            query=query,
            title=_clean(title, MAX_TITLE) or "Untitled view",
            note=_clean(note, MAX_NOTE),
            author=_clean(author, MAX_AUTHOR) or "anonymous",
            created_at=now,
            updated_at=now,
            app_version=app_version(),
            snapshot=snapshot,
        )
        with Session(self.engine) as session, session.begin():
            session.add(row)
            saved = _view(row)
        return saved

    def get(self, view_id: str) -> SavedView | None:
        with Session(self.engine) as session:
            row = session.get(ViewRow, view_id)
            return _view(row) if row else None

    def list(self, *, author: str | None = None, page: str | None = None) -> list[SavedView]:
        """Newest first, optionally of one author and one page."""
        query = select(ViewRow).order_by(ViewRow.updated_at.desc(), ViewRow.id)
        if author:
            query = query.where(ViewRow.author == author)
        if page:
            query = query.where(ViewRow.page == page)
        with Session(self.engine) as session:
            return [_view(row) for row in session.scalars(query)]

    def authors(self) -> list[str]:
        with Session(self.engine) as session:
            return sorted(set(session.scalars(select(ViewRow.author))))

    def rename(self, view_id: str, *, title: str, note: str | None = None) -> SavedView | None:
        with Session(self.engine) as session, session.begin():
            row = session.get(ViewRow, view_id)
            if row is None:
                return None
            row.title = _clean(title, MAX_TITLE) or row.title
            if note is not None:
                row.note = _clean(note, MAX_NOTE)
            row.updated_at = _now()
            renamed = _view(row)
        return renamed

    def delete(self, view_id: str) -> bool:
        """Deletes a saved view (and its place in decks); views published from it stay published."""
        with Session(self.engine) as session, session.begin():
            row = session.get(ViewRow, view_id)
            if row is None:
                return False
            session.execute(delete(SlideRow).where(SlideRow.view_id == view_id))
            session.delete(row)
        return True

    # ---- published views ----------------------------------------------------------------------------------------
    def publish(self, view: SavedView, *, exhibits: str, source_ids: Sequence[str], snapshot: str) -> PublishedView:
        """Freeze ``view`` with its figures (``exhibits``, JSON) as a new published view with a new id."""
        row = PublishedRow(
            id=_new_id(),
            view_id=view.id,
            page=view.page,
            query=view.query,
            title=view.title,
            note=view.note,
            author=view.author,
            published_at=_now(),
            app_version=app_version(),
            snapshot=snapshot,
            source_ids=json.dumps(sorted(set(source_ids))),
            exhibits=exhibits,
        )
        with Session(self.engine) as session, session.begin():
            session.add(row)
            published = _published(row)
        return published

    def published(self, published_id: str) -> PublishedView | None:
        with Session(self.engine) as session:
            row = session.get(PublishedRow, published_id)
            return _published(row) if row else None

    def publications(self, view_id: str | None = None) -> list[PublishedView]:
        """Published views, newest first; of one saved view when ``view_id`` is given."""
        query = select(PublishedRow).order_by(PublishedRow.published_at.desc(), PublishedRow.id)
        if view_id:
            query = query.where(PublishedRow.view_id == view_id)
        with Session(self.engine) as session:
            return [_published(row) for row in session.scalars(query)]

    def published_for(self, page: str, query: str) -> list[PublishedView]:
        """Live (not withdrawn) published views of exactly this page and query, newest first."""
        statement = (
            select(PublishedRow)
            .where(PublishedRow.page == page, PublishedRow.query == query, PublishedRow.withdrawn_at.is_(None))
            .order_by(PublishedRow.published_at.desc())
        )
        with Session(self.engine) as session:
            return [_published(row) for row in session.scalars(statement)]

    def withdraw(self, published_id: str, *, note: str = "") -> PublishedView | None:
        """Soft withdrawal: the address stays and says the view was withdrawn (and why); the figure is not shown."""
        with Session(self.engine) as session, session.begin():
            row = session.get(PublishedRow, published_id)
            if row is None:
                return None
            if row.withdrawn_at is None:
                row.withdrawn_at = _now()
                row.withdrawn_note = _clean(note, MAX_NOTE)
            withdrawn = _published(row)
        return withdrawn

    # ---- decks ----------------------------------------------------------------------------------------------------
    def save_deck(self, *, title: str, author: str, slides: Sequence[tuple[str, str]]) -> Deck:
        """A deck of saved views in order: ``slides`` are (view id, speaker notes)."""
        deck_id = _new_id()
        with Session(self.engine) as session, session.begin():
            session.add(
                DeckRow(
                    id=deck_id,
                    title=_clean(title, MAX_TITLE) or "Untitled deck",
                    author=_clean(author, MAX_AUTHOR) or "anonymous",
                    created_at=_now(),
                )
            )
            session.flush()
            for position, (view_id, notes) in enumerate(slides):
                session.add(SlideRow(deck_id=deck_id, position=position, view_id=view_id, notes=str(notes)[:MAX_NOTE]))
        found = self.deck(deck_id)
        assert found is not None
        return found

    def deck(self, deck_id: str) -> Deck | None:
        with Session(self.engine) as session:
            row = session.get(DeckRow, deck_id)
            if row is None:
                return None
            slides = session.execute(
                select(SlideRow, ViewRow)
                .join(ViewRow, SlideRow.view_id == ViewRow.id)
                .where(SlideRow.deck_id == deck_id)
                .order_by(SlideRow.position)
            ).all()
            return Deck(
                row.id,
                row.title,
                row.author,
                _utc(row.created_at),
                tuple(Slide(_view(view), slide.notes) for slide, view in slides),
            )

    def decks(self) -> list[Deck]:
        with Session(self.engine) as session:
            ids = list(session.scalars(select(DeckRow.id).order_by(DeckRow.created_at.desc(), DeckRow.id)))
        return [deck for deck in (self.deck(i) for i in ids) if deck is not None]

    def delete_deck(self, deck_id: str) -> bool:
        with Session(self.engine) as session, session.begin():
            row = session.get(DeckRow, deck_id)
            if row is None:
                return False
            session.execute(delete(SlideRow).where(SlideRow.deck_id == deck_id))
            session.delete(row)
        return True
