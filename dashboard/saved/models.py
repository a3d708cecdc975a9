"""The tables, as SQLAlchemy 2 declarative models. Migrations in ``migrations/versions`` create them; a change here
needs a new migration there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ViewRow(Base):
    """A saved view: a page and its URL query, with what a person wrote about it."""

    __tablename__ = "saved_views"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    page: Mapped[str] = mapped_column(String(40), index=True)
    query: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(120), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    app_version: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[str] = mapped_column(String(64))


class PublishedRow(Base):
    """A published view: frozen. Only ``withdrawn_at`` and ``withdrawn_note`` are ever written after insertion."""

    __tablename__ = "published_views"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    view_id: Mapped[str | None] = mapped_column(String(16), index=True, nullable=True)
    page: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    app_version: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[str] = mapped_column(String(64))
    source_ids: Mapped[str] = mapped_column(Text)  # JSON list: the sources the figures rest on
    exhibits: Mapped[str] = mapped_column(Text)  # JSON: each figure's specification and data table, as shown
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_note: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeckRow(Base):
    __tablename__ = "decks"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SlideRow(Base):
    __tablename__ = "deck_slides"

    deck_id: Mapped[str] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    view_id: Mapped[str] = mapped_column(ForeignKey("saved_views.id", ondelete="CASCADE"))
    notes: Mapped[str] = mapped_column(Text, default="")
