from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    # Real-data tests never skip: CI runs with ../shared beside the clone, so a missing folder is a failure.
    assert SHARED_DATA.is_dir(), f"real data expected at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture()
def tmp_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")
