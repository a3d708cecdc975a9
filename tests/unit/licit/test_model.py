"""dashboard.licit.model: what the store holds (or the demonstration data), public mode, and one selection."""

from __future__ import annotations

import ast

import polars as pl
import pytest

from dashboard.ingest import import_file
from dashboard.licit import demo, model
from dashboard.licit.model import AUTHORISATIONS_SCHEMA, ESTIMATES_SCHEMA, LicitData
from dashboard.licit.rules import FLAG_RECEIVED
from dashboard.reference import read_rows
from dashboard.schema import SOURCES_SCHEMA
from dashboard.store import PUBLIC_ENV, Store
from tests.conftest import REPO_ROOT

TEMPLATES = REPO_ROOT / "data" / "templates"
PACKAGE = REPO_ROOT / "dashboard" / "licit"


def nothing_imported() -> LicitData:
    return model.load_licit(Store("/nonexistent/licit-store"))


# ---- the demonstration data ----------------------------------------------------------------------------------------
def test_demo_data_shows_every_case_and_is_labelled() -> None:
    data = nothing_imported()
    assert data.is_demo and "not real" in data.citation
    assert data.authorisations.height == len(read_rows(demo.table_name("authorisations")))  # every row
    assert data.authorisations.schema == pl.Schema(AUTHORISATIONS_SCHEMA)
    assert data.estimates.schema == pl.Schema(ESTIMATES_SCHEMA)
    assert data.authorisations.equals(nothing_imported().authorisations)  # deterministic
    assert data.authorisations["record_id"][0] == "demo-authorisations:2" and data.authorisations["source_row"][0] == 2
    assert data.sources["kind"].to_list() == ["authorisations", "estimates"] and data.sources["is_demo"].all()
    summary = {(r["importing_iso3"], r["substance"], r["year"]): r for r in data.summary.iter_rows(named=True)}
    assert summary[("GHA", "Morphine", 2024)]["remaining_kg"] == 0.0  # exactly at the estimate
    assert summary[("MEX", "Ephedrine", 2023)]["remaining_kg"] == 0.0
    assert summary[("MEX", "Ephedrine", 2024)]["exceeding"] == 2  # above
    assert summary[("KEN", "Codeine", 2024)]["remaining_kg"] > 0  # below
    assert summary[("KEN", "Codeine", 2024)]["estimate_kg"] == 800.0  # the supplementary estimate is in force
    assert summary[("NGA", "Pseudoephedrine", 2024)]["estimate_kg"] is None  # unknown
    received = data.flags.filter(pl.col("flag") == FLAG_RECEIVED)["difference_kg"].to_list()
    assert any(d < 0 for d in received) and any(d > 0 for d in received)


def test_demo_and_rules_import_nothing_of_the_package() -> None:
    """No import cycle: the model imports the rules and the demonstration rows, never the other way round."""
    for name in ("demo", "rules"):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {m for m in imported if m.startswith("dashboard.licit")}, name


# ---- the store and public mode -------------------------------------------------------------------------------------
def test_imported_files_replace_the_demonstration_data(tmp_store: Store) -> None:
    import_file(TEMPLATES / "licit_authorisations_example.csv", tmp_store)
    data = model.load_licit(tmp_store)
    assert not data.is_demo and data.authorisations.height == 9
    assert data.estimates.is_empty()  # never demonstration estimates beside imported authorisations


@pytest.mark.parametrize("public", ["1", ""])
def test_a_public_view_never_reads_a_restricted_source(
    tmp_store: Store, monkeypatch: pytest.MonkeyPatch, public: str
) -> None:
    import_file(TEMPLATES / "licit_authorisations_example.csv", tmp_store, restricted=True)
    import_file(TEMPLATES / "licit_estimates_example.csv", tmp_store)
    monkeypatch.setenv(PUBLIC_ENV, public)
    data = model.load_licit(tmp_store)
    assert not data.is_demo and data.estimates.height == 5
    if public:
        assert data.authorisations.is_empty() and data.sources["kind"].to_list() == ["estimates"]
        assert data.flags.is_empty()
    else:
        assert data.authorisations.height == 9
    assert model.load_licit(tmp_store, public=True).authorisations.is_empty()  # also when asked for


def test_a_public_view_of_restricted_sources_only_shows_the_demonstration_data(tmp_store: Store) -> None:
    for name in ("licit_authorisations_example.csv", "licit_estimates_example.csv"):
        import_file(TEMPLATES / name, tmp_store, restricted=True)
    assert model.load_licit(tmp_store, public=True).is_demo
    assert not model.load_licit(tmp_store, public=False).is_demo


# ---- one selection -------------------------------------------------------------------------------------------------
def test_selection_falls_back_with_notices() -> None:
    data = nothing_imported()
    default = model.default_selection(data)
    assert (default.country, default.substance, default.year) == ("MEX", "Ephedrine", 2024)
    chosen, notices = model.resolve_selection(data, "GHA", "Morphine", "2023")
    assert (chosen.country, chosen.substance, chosen.year) == ("GHA", "Morphine", 2023) and notices == []
    chosen, notices = model.resolve_selection(data, "GHA", None, None)
    assert (chosen.country, chosen.substance, chosen.year) == ("GHA", "Morphine", 2024) and notices == []
    chosen, notices = model.resolve_selection(data, "ZZZ", "<b>x</b>", "1900")
    assert (chosen.country, chosen.substance, chosen.year) == ("MEX", "Ephedrine", 2024)
    assert len(notices) == 3 and "ZZZ" in notices[0] and "'<b>x</b>'" in notices[1] and "1900" in notices[2]
    chosen, notices = model.resolve_selection(data, "MEX", "Codeine", "nope")
    assert chosen.substance == "Ephedrine" and len(notices) == 2


def test_defaults_follow_the_choices_before_them() -> None:
    data = nothing_imported()
    assert model.default_substance(data, "MEX") == "Ephedrine"  # the default selection's
    assert model.default_substance(data, "GHA") == "Morphine"
    assert model.default_year(data, "MEX", "Ephedrine") == 2024
    assert model.default_year(data, "GHA", "Morphine") == 2024  # the latest
    assert model.default_year(data, "GHA", "Codeine") is None


def test_selection_view_and_its_excess() -> None:
    data = nothing_imported()
    above = model.selection_view(data, model.Selection("MEX", "Ephedrine", 2024))
    assert (above.estimate_kg, above.authorised_kg, above.excess_kg) == (1500.0, 1800.0, 300.0)
    assert above.estimate_kind == "assessment" and above.flags.height == 2 and above.rows.height == 5
    exactly = model.selection_view(data, model.Selection("GHA", "Morphine", 2024))
    assert exactly.excess_kg is None and exactly.authorised_kg == exactly.estimate_kg == 120.0
    unknown = model.selection_view(data, model.Selection("NGA", "Pseudoephedrine", 2024))
    assert unknown.estimate_kg is None and unknown.estimate_kind == "estimate" and unknown.excess_kg is None


def test_empty_data_has_no_selection() -> None:
    empty = LicitData(
        pl.DataFrame(schema=AUTHORISATIONS_SCHEMA),
        pl.DataFrame(schema=ESTIMATES_SCHEMA),
        pl.DataFrame(schema=SOURCES_SCHEMA),
        is_demo=False,
        version="x",
    )
    assert empty.flags.is_empty() and empty.summary.is_empty()
    chosen, _ = model.resolve_selection(empty, None, None, None)
    assert chosen.country is None and not chosen.complete
