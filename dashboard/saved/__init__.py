"""Saved views, published views and decks, kept in a real database through SQLAlchemy.

SQLite by default (``<data dir>/views.sqlite``, created on first use), PostgreSQL or any SQLAlchemy URL when
``DASHBOARD_DB_URL`` says so. The schema is created and upgraded by the Alembic migrations shipped in
``migrations/``, applied the first time a database is opened.
"""

from dashboard.saved.db import DB_URL_ENV, database_url
from dashboard.saved.repository import Deck, PublishedView, SavedView, Slide, Views, app_version
from dashboard.saved.rules import publish_refusal

__all__ = [
    "DB_URL_ENV",
    "Deck",
    "PublishedView",
    "SavedView",
    "Slide",
    "Views",
    "app_version",
    "database_url",
    "publish_refusal",
]
