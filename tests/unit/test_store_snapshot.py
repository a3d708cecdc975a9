from __future__ import annotations

from dashboard.ingest import import_file
from tests.conftest import FIXTURES


def test_the_snapshot_hash_changes_with_each_import_and_removal(tmp_store):
    empty = tmp_store.snapshot_hash()
    report = import_file(FIXTURES / "cases" / "ids_sample.csv", tmp_store)
    one = tmp_store.snapshot_hash()
    assert one != empty and len(one) == 64
    assert tmp_store.snapshot_hash() == one  # the same registry, the same hash
    import_file(FIXTURES / "annual" / "seizures_2012_2016_small.csv", tmp_store)
    two = tmp_store.snapshot_hash()
    assert two not in (empty, one)
    tmp_store.remove(report.source_id)
    assert tmp_store.snapshot_hash() not in (one, two)
