"""Public mode on every page: a marker string imported only in a restricted source appears nowhere (page text,
tables, widget options, downloads, command-line exports), no page lists individual case records, and small cells are
suppressed. The same store without public mode shows the marker, so the test can fail."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cli, disclosure
from dashboard.data import load_dataset
from dashboard.exports import csv_bytes
from dashboard.ingest import import_file
from dashboard.pages.data import model
from dashboard.pages.data import text as words
from dashboard.state import DEFAULT
from dashboard.store import Store
from tests.apptest.conftest import REPO_ROOT, run_page
from tests.conftest import FIXTURES

MARKER = "Zqxmarker"
TIMEOUT = 120
PAGES = ["Home.py", *sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "pages").glob("*.py"))]


def restricted_file(folder: Path) -> Path:
    """Case records only a restricted source holds: the marker in the place, the concealment and the file name, and
    a bad row (quarantined with its raw text)."""
    header, first, *_ = (FIXTURES / "cases" / "ids_sample.csv").read_text(encoding="utf-8").splitlines()
    names = header.split(";")
    rows = [header]
    for i, date in enumerate(["2013-07-20", "2014-01-02", "not a date"]):
        cells = dict(zip(names, first.split(";"), strict=True))
        cells.update(PLACE=f"{MARKER} harbour {i}", HIDING_PLACE=f"{MARKER} pocket", SEIZURE_DATE=date)
        rows.append(";".join(cells[n] for n in names))
    path = folder / f"secret-{MARKER}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def mixed_store(tmp_path, monkeypatch) -> Store:
    store = Store(tmp_path / "store")
    import_file(FIXTURES / "cases" / "ids_sample.csv", store)
    import_file(FIXTURES / "annual" / "seizures_2012_2016_small.csv", store)
    report = import_file(restricted_file(tmp_path), store, restricted=True)
    assert report.rows_quarantined == 1 and report.rows_stored == 2
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(store.root))
    return store


def everything_shown(at: AppTest) -> str:
    """Every element's content as the browser would get it (text, options, table bytes), as one string."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_restricted_marker_in_public_mode(mixed_store, monkeypatch, page):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    views = [{}] if page != "pages/5_Data.py" else [{"view": v} for v in ("data", "sources", "reports", "coverage")]
    for params in views:
        at = run_page(page, timeout=TIMEOUT, **params)
        shown = everything_shown(at)
        assert MARKER.lower() not in shown.lower(), (page, params)


def test_the_marker_does_show_without_public_mode(mixed_store):
    at = run_page("pages/5_Data.py", timeout=TIMEOUT, view="reports")
    assert MARKER in everything_shown(at)


def test_the_public_data_page_lists_aggregates_never_records(mixed_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    at = run_page("pages/5_Data.py", timeout=TIMEOUT, ds="cases")
    tables = [t.value for t in at.dataframe]
    assert tables, "the public data page shows its table of aggregates"
    for table in tables:
        columns = set(table.columns)
        assert not columns & {"seizure_date", "source_row", "record_id", "place", "concealment"}
        assert {"year", "country_iso3", "substance", "records"} <= columns
        # the sample holds one or two records per cell: every figure is suppressed
        assert set(table["records"]) == {"< 3"}


def test_public_downloads_hold_no_marker_no_record_and_say_they_are_public(mixed_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    data = load_dataset(Store())
    state = DEFAULT.with_(dataset="cases")
    rows = model.public_rows(data, state)
    assert rows[disclosure.SUPPRESSED].all()  # cells of one or two records
    assert rows["records"].null_count() == rows.height and rows["kg_equivalent"].null_count() == rows.height
    from dashboard.text import with_public_note

    body = csv_bytes(rows, header_lines=with_public_note(words.export_notes(data, state), 3)).decode()
    assert MARKER not in body and "Public view" in body and "seizure_date" not in body
    assert model.quarantine_rows(public=True).is_empty()
    assert not Store().quarantine(public=False).is_empty()  # the restricted quarantine exists, and stays out


@pytest.mark.parametrize("target", ["/", "/Trends?ds=cases", "/Routes", "/Compare_countries?ds=cases"])
def test_command_line_exports_in_public_mode_hold_no_marker(mixed_store, monkeypatch, tmp_path, target):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    out = tmp_path / "out"
    status = cli.main(["export", target, "--all", "--format", "csv", "-o", str(out)])
    files = list(out.glob("*.csv"))
    if target == "/Routes":  # every corridor of the sample rests on one or two seizures: nothing to export
        assert status == 1 and not files
        return
    assert status == 0 and files
    for path in files:
        body = path.read_text(encoding="utf-8-sig")
        assert MARKER.lower() not in body.lower(), path.name
        assert "# Public view: aggregates only" in body  # every public download says so


def test_public_views_of_licit_and_sources_leave_restricted_sources_out(mixed_store):
    sources = Store().sources(public=True)
    assert MARKER not in " ".join(sources["file_name"].to_list())
    assert pl.Series(Store().sources()["file_name"]).str.contains(MARKER).any()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_case_records_in_public_mode(mixed_store, monkeypatch, page):
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    at = run_page(page, timeout=TIMEOUT, ds="cases", m="seizures")
    assert MARKER.lower() not in everything_shown(at).lower()


def test_case_record_aggregates_of_a_public_dataset_suppress_small_cells(mixed_store):
    from dashboard import query

    public, staff = load_dataset(Store(), public=True), load_dataset(Store(), public=False)
    state = DEFAULT.with_(dataset="cases", measure="seizures")
    trend = query.trend(public, state).frame
    assert trend.filter(pl.col("value").is_not_null())["value"].min() is None or trend["suppressed"].any()
    assert "suppressed" not in query.trend(staff, state).frame.columns
    # every country-year of the sample rests on one or two records: none is shown to the public
    years = query.country_years(public, state)
    assert years.height and years["suppressed"].all() and years["value"].null_count() == years.height
    assert query.country_years(staff, state)["value"].null_count() == 0
    routes = query.corridors(public, state)
    assert routes.frame.is_empty() and routes.suppressed == query.corridors(staff, state).frame.height
    mix = query.mix(public, state, "conveyance")
    assert mix["seizures"].drop_nulls().ge(3).all()
    assert public.vocabulary.concealments == () and staff.vocabulary.concealments


def test_a_restricted_meeting_stays_out_of_a_public_view(demo_store, monkeypatch):
    from dashboard import meetings
    from dashboard.meetings import queries

    store = Store(demo_store)
    assert cli.main(["import-meeting", str(FIXTURES / "meetings" / "tiny_meeting_2024"), "--restricted"]) == 0
    assert "tiny_meeting_2024" in meetings.meetings_on_offer(store)
    assert "tiny_meeting_2024" not in meetings.meetings_on_offer(store, public=True)
    assert "tiny_meeting_2024" not in queries.replying_countries(store.root, public=True).values()
    # a later import of more replies without the flag leaves the meeting restricted
    assert cli.main(["import-meeting", str(FIXTURES / "meetings" / "tiny_meeting_2024")]) == 0
    assert "tiny_meeting_2024" not in meetings.meetings_on_offer(store, public=True)
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    at = run_page("pages/6_Meeting_follow_up.py", timeout=TIMEOUT, meeting="tiny_meeting_2024")
    assert "tiny_meeting_2024" not in everything_shown(at)
    monkeypatch.delenv("DASHBOARD_PUBLIC")
    at = run_page("pages/6_Meeting_follow_up.py", timeout=TIMEOUT, meeting="tiny_meeting_2024")
    assert "tiny_meeting_2024" in everything_shown(at)


def test_restricted_licit_trade_stays_out_of_the_public_licit_page(demo_store, monkeypatch):
    from dashboard.licit.model import load_licit

    templates = REPO_ROOT / "data" / "templates"
    store = Store(demo_store)
    import_file(templates / "licit_estimates_example.csv", store)
    import_file(templates / "licit_authorisations_example.csv", store, restricted=True)
    public, staff = load_licit(store, public=True), load_licit(store, public=False)
    assert public.authorisations.is_empty() and not staff.authorisations.is_empty()
    assert not public.estimates.is_empty()  # the public source is still read
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    shown = everything_shown(run_page("pages/7_Licit_trade.py", timeout=TIMEOUT))
    ids = staff.authorisations["authorisation_id"].drop_nulls().to_list()
    assert ids and not [i for i in ids if i in shown]


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("damage", ["delete", "truncate", "registry"])
def test_a_damaged_store_gives_a_plain_message_never_a_traceback(mixed_store, monkeypatch, public, damage):
    source_id = Store().sources().filter(pl.col("kind") == "cases")["source_id"][0]
    table = mixed_store.table_path("cases", source_id)
    if damage == "delete":
        table.unlink()
    elif damage == "truncate":
        table.write_bytes(table.read_bytes()[:50])
    else:
        mixed_store.registry_path.write_bytes(b"not parquet at all")
    if public:
        monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    for page in ["Home.py", "pages/5_Data.py", "pages/7_Licit_trade.py"]:
        at = AppTest.from_file(str(REPO_ROOT / "Home.py"), default_timeout=TIMEOUT)
        if page != "Home.py":
            at.switch_page(page)
        at.run(timeout=TIMEOUT)
        assert not at.exception, page
        message = " ".join(e.value for e in at.error)
        shown = everything_shown(at)
        assert message and "Traceback" not in shown and str(mixed_store.root) not in shown
        if public:
            assert "unavailable" in message and "parquet" not in message
        else:
            named = "sources.parquet" if damage == "registry" else f"cases/{source_id}.parquet"
            assert named in message.replace("\\", "") and "dashboard check" in message


def test_the_present_page_offers_no_deck_in_public_mode(demo_store, monkeypatch):
    from dashboard.saved import Views, database_url

    views = Views(database_url(Store(demo_store).root))
    made = views.save(page="trends", query="", title="Internal briefing view", note="", author="A", snapshot="")
    deck = views.save_deck(title="Internal deck", author="A", slides=[(made.id, "speaker notes")])
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    for params in ({}, {"deck": deck.id}):
        shown = everything_shown(run_page("pages/10_Present.py", timeout=TIMEOUT, **params))
        assert "Internal" not in shown and "speaker notes" not in shown
