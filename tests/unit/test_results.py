"""Aggregates kept per dataset (``data.per_view``): a view computed once is read again by the next session, per
language and arguments, and the memory stays bounded."""

from __future__ import annotations

import polars as pl

from dashboard import query
from dashboard.data import Results, per_view
from dashboard.i18n import using
from dashboard.state import ViewState
from tests.unit.datasets import dataset

calls: list[tuple] = []


@per_view
def counted(data, state: ViewState, countries: list[str] | None = None) -> int:
    calls.append((state, tuple(countries or ())))
    return len(calls)


def test_a_view_is_computed_once_per_dataset_and_arguments():
    calls.clear()
    data, state = dataset(), ViewState()
    first = counted(data, state, ["COL"])
    assert counted(data, state, ["COL"]) == first  # a list argument is kept as the same key as before
    assert counted(data, state.with_(year_from=2015), ["COL"]) != first
    assert counted(data, state, ["PER"]) != first
    assert counted(dataset(), state, ["COL"]) != first  # another dataset (a new store version) computes again
    assert len(calls) == 4


def test_each_language_has_its_own_results():
    calls.clear()
    data, state = dataset(), ViewState()
    counted(data, state)
    with using("fr"):
        counted(data, state)
        counted(data, state)
    assert len(calls) == 2


def test_an_argument_that_cannot_be_hashed_is_computed_every_time():
    calls.clear()
    data, state = dataset(), ViewState()
    counted(data, state, [{"unhashable": {1, 2}}, pl.DataFrame()])
    counted(data, state, [{"unhashable": {1, 2}}, pl.DataFrame()])
    assert len(calls) == 2


def test_the_memory_is_bounded_least_recently_used_out():
    results = Results(entries=2)
    results.get_or_compute("a", lambda: 1)
    results.get_or_compute("b", lambda: 2)
    results.get_or_compute("a", lambda: 99)  # read: now the most recent
    results.get_or_compute("c", lambda: 3)
    assert len(results) == 2
    assert results.get_or_compute("a", lambda: 100) == 1
    assert results.get_or_compute("b", lambda: 200) == 200  # "b" was the one let go


def test_a_kept_query_result_equals_a_fresh_one():
    data, state = dataset(), ViewState()
    kept = query.trend(data, state)
    assert query.trend(data, state) is kept
    fresh = query.trend.__wrapped__(data, state)
    assert kept.frame.equals(fresh.frame)
