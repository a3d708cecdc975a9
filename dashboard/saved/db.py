"""The database behind saved views: its URL, one engine per URL, and the migrations applied on first use."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from dashboard.store import data_dir

DB_URL_ENV = "DASHBOARD_DB_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "views.sqlite"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def database_url(store_dir: Path | None = None) -> str:
    """``DASHBOARD_DB_URL`` when set, else the SQLite file under the data directory (or ``store_dir``)."""
    configured = os.environ.get(DB_URL_ENV, "").strip()
    if configured:
        return configured
    return f"sqlite:///{(store_dir or data_dir()) / SQLITE_FILE}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the app read while another session writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (by default ``database_url()``), created once per process and migrated to the latest
    schema the first time it is asked for."""
    url = url or database_url()
    with _lock:
        found = _engines.get(url)
        if found is not None:
            return found
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        made = create_engine(url, pool_pre_ping=True)
        if made.dialect.name == "sqlite":
            event.listen(made, "connect", _sqlite_pragmas)
        migrate(made)
        _engines[url] = made
        return made


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(target: Engine) -> None:
    """Upgrade the database to the newest migration (creates the tables in a new, empty database)."""
    config = alembic_config()
    with target.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def forget(url: str) -> None:
    """Drop the cached engine of ``url`` (tests that throw a database away)."""
    with _lock:
        found = _engines.pop(url, None)
    if found is not None:
        found.dispose()
