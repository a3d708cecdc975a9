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


REAL_FILES = (
    "unodc-annual-seizures/drug_seizures_2012_2016.csv",
    "unodc-annual-seizures/drug_seizures_2015_2019.xlsx",
    "unodc-annual-seizures/drug_seizures_2018_2022.xlsx",
    "unodc-individual-seizures/ids_2011_2016_full.csv.gz",
)


@pytest.fixture(scope="session")
def real_store(tmp_path_factory, shared_data: Path) -> Store:
    """The real files of ../shared/data imported once into a temporary store, shared by the tests that read it."""
    from dashboard.ingest import import_file

    store = Store(tmp_path_factory.mktemp("real-store"))
    for name in REAL_FILES:
        report = import_file(shared_data / name, store)
        assert report.balanced, report.summary()
    return store
