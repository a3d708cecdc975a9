from dashboard.pages.data.model import import_upload
from dashboard.store import Store
from tests.conftest import REPO_ROOT

TEMPLATES = REPO_ROOT / "data" / "templates"


def test_upload_of_a_template_is_imported_under_a_safe_name(tmp_path):
    store = Store(tmp_path / "store")
    content = (TEMPLATES / "annual_seizures_example.csv").read_bytes()
    outcome = import_upload("../../etc/<evil>.csv", content, restricted=True, store=store)
    assert outcome.ok, outcome.message
    sources = store.sources()
    assert sources["file_name"].to_list() == ["_evil_.csv"]
    assert sources["restricted"].to_list() == [True]
    again = import_upload("other-name.csv", content, restricted=False, store=store)
    assert again.ok and "already imported" in again.message


def test_a_bad_upload_gives_one_line_and_changes_nothing(tmp_path):
    store = Store(tmp_path / "store")
    outcome = import_upload("x.xlsx", b"PK\x03\x04 not really a workbook", restricted=False, store=store)
    assert not outcome.ok
    assert outcome.message.startswith("Not imported. x.xlsx:")
    assert "\n" not in outcome.message
    assert store.is_empty()


def test_a_workbook_with_several_sheets_asks_which_then_imports_the_chosen_one(tmp_path):
    from tests.hostile.xlsx import Sheet, write_workbook

    header = ["date", "country", "substance", "amount", "unit"]
    path = write_workbook(
        tmp_path / "two.xlsx",
        [
            Sheet("2022", [header, ["2022-05-01", "Kenya", "Heroin", 1, "kg"]]),
            Sheet(
                "2023", [header, ["2023-05-01", "Peru", "Opium", 2, "kg"], ["2023-06-01", "Chile", "Opium", 3, "kg"]]
            ),
        ],
    )
    store = Store(tmp_path / "store")
    asked = import_upload("two.xlsx", path.read_bytes(), restricted=False, store=store)
    assert not asked.ok and asked.needs_sheet and not asked.needs_mapping
    assert asked.sheets == ("2022", "2023")
    assert asked.message.startswith("Not imported yet. two.xlsx: the workbook has several sheets")
    assert store.is_empty()
    chosen = import_upload("two.xlsx", path.read_bytes(), restricted=False, store=store, sheet="2023")
    assert chosen.ok, chosen.message
    assert store.sources()["rows_stored"].to_list() == [2]


def test_a_file_that_would_kill_the_server_gives_one_line(tmp_path):
    from tests.hostile.xlsx import Sheet, write_workbook

    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = write_workbook(tmp_path / "far.xlsx", [Sheet("Data", [], dimension="A1:XFD1048576", extra_cells=far)])
    store = Store(tmp_path / "store")
    outcome = import_upload("far.xlsx", path.read_bytes(), restricted=False, store=store)
    assert not outcome.ok and outcome.message.startswith("Not imported. far.xlsx: sheet 'Data' declares the range")
    assert store.is_empty()


def test_profile_links_of_the_coverage_table_keep_the_filters():
    from urllib.parse import parse_qs, urlsplit

    from dashboard.data import load_dataset
    from dashboard.pages.data.model import coverage_matrix
    from dashboard.state import from_query

    data = load_dataset(Store(REPO_ROOT / "no-store-here"), public=False)  # the demonstration data
    state, _ = from_query(
        {"grp": data.vocabulary.groups[0], "from": str(data.vocabulary.years[0] + 1)}, data.vocabulary
    )
    links = [link for link in coverage_matrix(data, state)["Profile"].to_list() if link]
    assert links
    query = parse_qs(urlsplit(links[0]).query)
    assert query["grp"] == [data.vocabulary.groups[0]] and query["from"] == [str(data.vocabulary.years[0] + 1)]
    assert len(query["country"][0]) == 3


def test_the_sources_table_says_the_importer_s_own_words_in_the_reader_s_language() -> None:
    import polars as pl

    from dashboard.data import Dataset
    from dashboard.i18n import using
    from dashboard.pages.data import model
    from dashboard.pages.profile.model import sources_of
    from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, SOURCES_SCHEMA, conform

    inferred = "WDR 2018 (edition inferred from the data years)"
    sources = conform(
        pl.DataFrame(
            {"source_id": ["s"], "kind": ["annual"], "edition": [inferred], "citation": [f"UNODC, {inferred}"]}
        ),
        SOURCES_SCHEMA,
    )
    cases = conform(pl.DataFrame({"year": [2020], "country_iso3": ["COL"], "source_id": ["s"]}), CASES_SCHEMA)
    data = Dataset(cases=cases, annual=pl.DataFrame(schema=ANNUAL_SCHEMA), sources=sources, is_demo=False, version="t")
    with using("fr"):
        tables = [model.sources_table(data), sources_of(data, "COL")]
    for table in tables:
        for column in ("edition", "citation"):
            value = table[column][0]
            # The publication's title stays as published; the importer's words are French.
            assert "WDR 2018" in value and "inferred" not in value, (column, value)
