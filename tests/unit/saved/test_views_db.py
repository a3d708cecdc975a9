"""Saved views, published views and decks on both databases: SQLite (a file, created on first use) and PostgreSQL
(the throw-away cluster scripts/test.sh starts when run as CI does; see the README to run it locally)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, inspect, text

from dashboard.saved import Views, db
from dashboard.saved.repository import MAX_TITLE

PG_ENV = "DASHBOARD_TEST_PG_URL"


def _fresh_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("DROP TABLE IF EXISTS deck_slides, decks, published_views, saved_views, alembic_version CASCADE")
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        made = f"sqlite:///{tmp_path / 'views.sqlite'}"
    else:
        made = os.environ.get(PG_ENV, "")
        if not made:
            if os.environ.get("CI") or os.environ.get("DASHBOARD_TEST_PG"):
                pytest.fail(f"the test command runs these tests on PostgreSQL: scripts/test.sh sets {PG_ENV}")
            pytest.skip(f"PostgreSQL: set {PG_ENV} (see the README) to run these tests on it too")
        db.forget(made)
        _fresh_postgres(made)
    yield made
    db.forget(made)


@pytest.fixture()
def views(url) -> Views:
    return Views(url)


def test_first_use_creates_the_schema_through_the_migrations(url):
    Views(url)
    inspector = inspect(db.engine(url))
    assert {"saved_views", "published_views", "decks", "deck_slides", "alembic_version"} <= set(
        inspector.get_table_names()
    )
    with db.engine(url).connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"


def test_save_list_filter_rename_delete(views):
    a = views.save(page="trends", query="grp=Opioids", title="Opioids", note="n", author="CND", snapshot="s1")
    b = views.save(page="routes", query="", title="Routes", note="", author="WCO", snapshot="s1")
    assert views.get(a.id) == a
    assert a.app_version and a.created_at.tzinfo is not None
    assert {v.id for v in views.list()} == {a.id, b.id}
    assert [v.id for v in views.list(author="CND")] == [a.id]
    assert [v.id for v in views.list(page="routes")] == [b.id]
    assert views.list(author="CND", page="routes") == []
    assert views.authors() == ["CND", "WCO"]
    renamed = views.rename(a.id, title="Opioids, 2015 on", note="What it shows.")
    assert (renamed.title, renamed.note, renamed.query) == ("Opioids, 2015 on", "What it shows.", "grp=Opioids")
    assert views.delete(a.id) is True
    assert views.get(a.id) is None and views.delete(a.id) is False


def test_hostile_text_is_kept_printable_and_bounded(views):
    saved = views.save(page="trends", query="", title="x\x00\x1b[31m" + "y" * 500, note="a\nb", author="", snapshot="")
    assert "\x00" not in saved.title and "\x1b" not in saved.title and len(saved.title) == MAX_TITLE
    assert saved.author == "anonymous" and saved.note == "a b"


def test_a_published_view_is_a_new_immutable_version_each_time(views):
    saved = views.save(page="trends", query="m=seizures", title="T", note="N", author="A", snapshot="s1")
    first = views.publish(saved, exhibits='[{"k": 1}]', source_ids=["b", "a", "a"], snapshot="s1")
    views.rename(saved.id, title="Renamed")
    second = views.publish(views.get(saved.id), exhibits='[{"k": 2}]', source_ids=["a"], snapshot="s2")
    assert first.id != second.id
    kept = views.published(first.id)
    assert (kept.title, kept.exhibits, kept.snapshot, kept.source_ids) == ("T", '[{"k": 1}]', "s1", ("a", "b"))
    assert views.published(second.id).title == "Renamed"
    assert {p.id for p in views.publications(saved.id)} == {first.id, second.id}
    views.delete(saved.id)
    assert views.published(first.id) is not None  # deleting the saved view leaves what was published


def test_withdrawal_keeps_the_address_and_says_why(views):
    saved = views.save(page="trends", query="q=1", title="T", note="", author="A", snapshot="")
    published = views.publish(saved, exhibits="[]", source_ids=[], snapshot="")
    assert [p.id for p in views.published_for("trends", "q=1")] == [published.id]
    withdrawn = views.withdraw(published.id, note="superseded")
    assert withdrawn.withdrawn and withdrawn.withdrawn_note == "superseded"
    again = views.withdraw(published.id, note="other")
    assert again.withdrawn_at == withdrawn.withdrawn_at and again.withdrawn_note == "superseded"
    assert views.published_for("trends", "q=1") == []
    assert views.published(published.id).exhibits == "[]"
    assert views.withdraw("nope") is None


def test_decks_keep_their_order_and_notes(views):
    made = [
        views.save(page="trends", query=f"from={y}", title=str(y), note="", author="A", snapshot="") for y in (1, 2, 3)
    ]
    deck = views.save_deck(title="Briefing", author="A", slides=[(made[2].id, "third first"), (made[0].id, "")])
    found = views.deck(deck.id)
    assert [(s.view.title, s.notes) for s in found.slides] == [("3", "third first"), ("1", "")]
    assert [d.id for d in views.decks()] == [deck.id]
    views.delete(made[2].id)
    assert [s.view.title for s in views.deck(deck.id).slides] == ["1"]
    assert views.delete_deck(deck.id) and views.deck(deck.id) is None


def test_the_default_database_is_a_file_under_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv(db.DB_URL_ENV, raising=False)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "store"))
    assert db.database_url() == f"sqlite:///{tmp_path / 'store' / db.SQLITE_FILE}"
    Views()
    assert (tmp_path / "store" / db.SQLITE_FILE).exists()
    db.forget(db.database_url())
    monkeypatch.setenv(db.DB_URL_ENV, "postgresql+psycopg://u@localhost:1/x")
    assert db.database_url() == "postgresql+psycopg://u@localhost:1/x"
