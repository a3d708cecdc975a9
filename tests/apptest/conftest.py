"""What the AppTest modules share: an empty store (the seizure pages then run on demonstration data) and a helper that
runs one page of the app with query parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[2]
HOME = str(REPO_ROOT / "Home.py")  # absolute: AppTest resolves relative paths against the test file
TIMEOUT = 60


@pytest.fixture()
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store folder as DASHBOARD_DATA_DIR; returned, so a test can import files into it."""
    empty = tmp_path / "empty-store"
    empty.mkdir()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(empty))
    return empty


def run_page(page_path: str | None = None, *, timeout: float = TIMEOUT, **params: str | list[str]) -> AppTest:
    """Run ``page_path`` (relative to the repository, e.g. ``"pages/1_Routes.py"``; None or ``"Home.py"`` for the
    Overview) under the app's entry script, as the app does, with ``params`` as its query parameters; fail on any
    exception. ``timeout`` is the default for the test's own later runs too."""
    at = AppTest.from_file(HOME, default_timeout=timeout)  # classic multipage app: pages run under their entry script
    if page_path not in (None, "Home.py"):
        at.switch_page(page_path)
    for key, value in params.items():
        at.query_params[key] = value
    at.run(timeout=timeout)
    assert not at.exception, [e.value for e in at.exception]
    return at
