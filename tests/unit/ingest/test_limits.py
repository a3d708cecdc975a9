import pytest

from dashboard.ingest import limits
from dashboard.ingest.report import InputError


def test_every_limit_has_a_positive_value_a_unit_and_a_variable():
    found = limits.all_limits()
    assert {lim.name for lim in found} >= {"file_mb", "decompressed_mb", "ratio", "sheet_cells", "columns", "memory_mb"}
    for lim in found:
        assert lim.value > 0 and lim.unit and lim.what
        assert lim.variable == "DASHBOARD_MAX_" + lim.name.upper()


def test_an_environment_variable_overrides_a_limit(monkeypatch):
    default = limits.value("columns")
    monkeypatch.setenv("DASHBOARD_MAX_COLUMNS", "7")
    assert limits.value("columns") == 7 != default
    monkeypatch.setenv("DASHBOARD_MAX_FILE_MB", "3")
    assert limits.limit("file_mb").bytes == 3 << 20


@pytest.mark.parametrize("raw", ["0", "-5", "lots", "1.5"])
def test_a_bad_override_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("DASHBOARD_MAX_ROWS", raw)
    with pytest.raises(ValueError, match="DASHBOARD_MAX_ROWS"):
        limits.value("rows")


def test_a_refusal_names_the_file_the_limit_and_its_variable(monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_COLUMNS", "10")
    limits.check("a.csv", "columns", 10, "ten columns")  # at the limit: allowed
    with pytest.raises(InputError) as caught:
        limits.check("a.csv", "columns", 11, "the header has 11 columns")
    assert str(caught.value) == (
        "a.csv: the header has 11 columns; the limit is 10 columns (DASHBOARD_MAX_COLUMNS); nothing was imported"
    )


def test_growth_is_bounded_by_ratio_above_the_floor_and_by_the_cap(monkeypatch):
    floor = limits.limit("ratio_floor_mb").bytes
    limits.check_growth("small.gz", 10, floor)  # small files compress well: no ratio check under the floor
    with pytest.raises(InputError, match="compression bomb"):
        limits.check_growth("bomb.gz", 1000, floor + 1)
    monkeypatch.setenv("DASHBOARD_MAX_DECOMPRESSED_MB", "1")
    with pytest.raises(InputError, match="DASHBOARD_MAX_DECOMPRESSED_MB"):
        limits.check_growth("big.gz", 1 << 20, (1 << 20) + 1)
