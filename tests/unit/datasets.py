"""Small datasets the unit tests build pages' text from."""

from __future__ import annotations

import polars as pl

from dashboard.data import Dataset
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, conform


def dataset(*, demo: bool = False, citation: str = "UNODC, test") -> Dataset:
    """Case records of 2015, 2018 and 2020 from three countries, no annual rows, one source."""
    cases = pl.DataFrame(
        {
            "year": [2015, 2018, 2020],
            "country_iso3": ["COL", "ESP", "NLD"],
            "source_id": "test",
            "substance_class": "drug",
        }
    )
    return Dataset(
        cases=conform(cases, CASES_SCHEMA),
        annual=pl.DataFrame(schema=ANNUAL_SCHEMA),
        sources=pl.DataFrame({"source_id": ["test"], "kind": ["cases"], "citation": [citation]}),
        is_demo=demo,
        version="test",
    )
