"""The canonical tables' models accept everything the importers store from the real files in ../shared/data."""

from __future__ import annotations

import time

import pytest

from dashboard.schema import validate
from dashboard.store import Store

pytestmark = pytest.mark.realdata


@pytest.mark.parametrize("kind", ["cases", "annual"])
def test_the_real_store_keeps_the_table_contract(real_store: Store, kind: str) -> None:
    frame = real_store.scan(kind).collect()
    assert frame.height > 25_000
    started = time.perf_counter()
    validate(frame, kind)
    # Import runs this on every stored frame; on the 311,038-record case file it must stay well under a second.
    assert time.perf_counter() - started < 1.0


def test_the_real_registry_and_quarantine_keep_theirs(real_store: Store) -> None:
    sources = real_store.sources()
    assert sources.height == 4
    validate(sources, "sources")
    quarantine = real_store.quarantine()
    assert quarantine.height > 0
    validate(quarantine, "quarantine")
