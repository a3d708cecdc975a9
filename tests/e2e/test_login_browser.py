"""Restricted mode behind a login: the app trusts the reverse proxy's header (DASHBOARD_TRUSTED_HEADER) and shows
restricted data to a request that carries an identity in it, and only public content to one that does not."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from dashboard.ingest import import_file
from dashboard.store import Store
from tests.apptest.test_public_mode import MARKER, restricted_file
from tests.conftest import FIXTURES
from tests.e2e.conftest import Server, Visit, assert_clean, open_page, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e
HEADER = "X-Forwarded-User"


@pytest.fixture(scope="module")
def login_server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("login")
    store = Store(folder / "store")
    import_file(FIXTURES / "cases" / "ids_sample.csv", store)
    import_file(restricted_file(folder), store, restricted=True)
    saved = {k: os.environ.get(k) for k in ("DASHBOARD_TRUSTED_HEADER", "DASHBOARD_PUBLIC")}
    os.environ["DASHBOARD_TRUSTED_HEADER"] = HEADER
    os.environ.pop("DASHBOARD_PUBLIC", None)
    try:
        server = start_server(store.root, "server-login")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield server
    stop_server(server)


@pytest.fixture()
def signed_in_visit(chromium) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, extra_http_headers={HEADER: "alice"})
    page = context.new_page()
    record = Visit(page)
    page.on("request", lambda request: record.requests.append(request.url))
    yield record
    context.close()


def test_with_the_header_a_member_of_staff_sees_restricted_data(login_server, signed_in_visit):
    page = open_page(signed_in_visit, login_server, "Data?view=reports")
    assert_clean(signed_in_visit, page)
    body = page.locator('[data-testid="stApp"]').inner_text()
    assert "Signed in as alice" in body
    assert "1 quarantined rows" in body  # the restricted file's bad row (the tables themselves draw on a canvas)
    page.goto(f"{login_server.url}/Data?ds=cases", wait_until="domcontentloaded")
    wait_for_app(page)
    found = re.search(r"([\d,]+) case records match", page.locator('[data-testid="stApp"]').inner_text())
    assert found and found[1] == "20", found  # 18 public records pass the default filters, and 2 restricted ones
    page.goto(f"{login_server.url}/Data?view=import", wait_until="domcontentloaded")
    wait_for_app(page)
    assert page.get_by_text("File to import").count() == 1  # staff may import


def test_without_the_header_only_public_content_shows(login_server, visit):
    page = open_page(visit, login_server, "Data?view=reports")
    assert_clean(visit, page)
    body = page.locator('[data-testid="stApp"]').inner_text()
    assert MARKER not in body and "Signed in" not in body
    assert "quarantined rows (first" not in body  # raw rows are individual records: never public
    page.goto(f"{login_server.url}/Data?view=import", wait_until="domcontentloaded")
    wait_for_app(page)
    assert page.get_by_text("File to import").count() == 0  # the public has no upload form
    page.goto(f"{login_server.url}/Data?ds=cases", wait_until="domcontentloaded")
    wait_for_app(page)
    body = page.locator('[data-testid="stApp"]').inner_text()
    assert MARKER not in page.content()
    assert "case records match" not in body and "cells (year, country and substance) match" in body
