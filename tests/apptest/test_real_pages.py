"""Every page in AppTest on the real files of ../shared/data imported into a temporary store."""

from __future__ import annotations

from functools import partial

import pytest

from dashboard.state import PAGES as PAGE_REGISTRY
from tests.apptest.conftest import run_page

PAGES = list(PAGE_REGISTRY.values())

TIMEOUT = 120
run = partial(run_page, timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def real_data(real_store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(real_store.root))


@pytest.mark.parametrize("page", PAGES, ids=[p.label for p in PAGES])
def test_page_runs_on_real_data_without_the_demo_notice(page):
    at = run(page.script, country="COL")
    assert not any("Nothing has been imported yet" in w.value for w in at.warning)


def test_overview_on_real_data_changes_with_the_years():
    at = run("Home.py")
    cases = {m.label: m.value for m in at.metric}["Seizure cases recorded"]
    assert int(cases.replace(",", "")) > 250_000
    at.slider(key="w_years").set_value((2014, 2014)).run(timeout=TIMEOUT)
    assert not at.exception
    fewer = {m.label: m.value for m in at.metric}["Seizure cases recorded"]
    assert 0 < int(fewer.replace(",", "")) < int(cases.replace(",", ""))
    assert at.query_params["from"] in ("2014", ["2014"])


def test_profile_of_colombia_on_real_data():
    at = run("pages/4_Country_profile.py", country="COL")
    assert "Colombia" in [h.value for h in at.header]
    assert len(at.dataframe) >= 3
