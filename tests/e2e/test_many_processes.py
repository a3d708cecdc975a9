"""Several app processes on one store and one saved-views database (docs/deploy.md): an import made anywhere and a
view saved anywhere are seen by every process, at its next rerun, with no restart."""

from __future__ import annotations

import os

import pytest

from dashboard.ingest import import_file
from dashboard.saved import Views
from dashboard.saved.db import SQLITE_FILE
from dashboard.store import Store
from tests.conftest import FIXTURES
from tests.e2e.conftest import assert_clean, open_page, start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("shared-store") / "store")
    store.root.mkdir(parents=True)
    servers = [start_server(store.root, f"server-many-{i}") for i in (1, 2)]
    yield store, servers
    for server in servers:
        stop_server(server)


def test_two_processes_on_one_store_see_an_import_and_a_saved_view(two_servers, visit) -> None:
    store, servers = two_servers
    for server in servers:
        page = open_page(visit, server, "Data?view=sources")
        assert "ids_sample.csv" not in page.text_content('[data-testid="stMain"]')
    # Another process imports (the command line, or a third app process's upload) and saves a view.
    report = import_file(FIXTURES / "cases/ids_sample.csv", store)
    assert report.rows_stored > 0
    # The database the servers use: DASHBOARD_DB_URL when the test command sets one (PostgreSQL), else the store's.
    saved = Views(os.environ.get("DASHBOARD_DB_URL") or f"sqlite:///{store.root / SQLITE_FILE}").save(
        page="trends", query="m=seizures", title="Seizures seen by every process", note="", author="test", snapshot=""
    )
    for server in servers:
        page = open_page(visit, server, "Data?view=sources")
        assert "ids_sample.csv" in page.text_content('[data-testid="stMain"]')
        assert_clean(visit, page)
        page = open_page(visit, server, "Saved_views")
        assert saved.title in page.text_content('[data-testid="stMain"]')
        assert_clean(visit, page)
