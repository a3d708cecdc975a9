"""Text from imported files reaches pages only through the escaping module: a file name and a concealment made of
Markdown, HTML and Streamlit directives stay inert on every seizure page (no link, image, tag or directive)."""

from __future__ import annotations

import re

import pytest

from dashboard.ingest import import_file
from dashboard.store import Store
from tests.apptest.conftest import run_page
from tests.conftest import FIXTURES

HOSTILE = "x ![i](http:evil.example) <img src=x onerror=1> [a](javascript:1) :red[b] $x$ ="
PAGES = ["Home.py", "pages/1_Routes.py", "pages/2_Trends.py", "pages/4_Country_profile.py", "pages/5_Data.py"]
# Markdown that would act: an image or link opening, a raw tag, a directive, maths (each unescaped)
ACTIVE = re.compile(r"(?<!\\)!\\?\[|(?<!\\)\]\(|<img|<script|(?<!\\):red\[|(?<![\\$])\$x(?<!\\)\$")


@pytest.fixture()
def hostile_store(tmp_path, monkeypatch) -> Store:
    header, *rows = (FIXTURES / "cases" / "ids_sample.csv").read_text(encoding="utf-8").splitlines()
    names = header.split(";")
    at = names.index("HIDING_PLACE")
    lines = [header]
    for _ in range(4):  # enough records for the value to be offered even in a public view
        cells = rows[0].split(";")
        cells[at] = HOSTILE
        lines.append(";".join(cells))
    path = tmp_path / "x ![i](http:evil.example) <img src=x> :red[b].csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    import_file(path, store)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(store.root))
    return store


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_from_a_file_stays_inert(hostile_store, page):
    views = [{}] if page != "pages/5_Data.py" else [{"view": v} for v in ("data", "sources", "reports")]
    for params in views:
        at = run_page(page, timeout=120, ds="cases", **params)
        shown = [
            element.value
            for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
            for element in getattr(at, kind)
        ]
        for value in shown:
            assert not ACTIVE.search(str(value)), (page, params, value)


def test_the_hostile_file_name_does_reach_a_page_escaped(hostile_store):
    at = run_page("pages/5_Data.py", timeout=120, view="reports")
    values = [m.value for m in at.markdown]
    escaped = [v for v in values if "&lt;img" in v]
    assert escaped, values  # the repeated-rows sentence names the file: the test above has something to check
    assert not ACTIVE.search(escaped[0])
