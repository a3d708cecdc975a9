"""Import reports, quarantine reasons and refusals reach the reader through the catalogue, in the reader's language;
what the store keeps stays English."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import catalogue_path, using
from dashboard.ingest import InputError, import_file
from dashboard.ingest.messages import TEMPLATES, shown
from dashboard.ingest.report import ImportReport
from dashboard.pages.data import model
from dashboard.store import Store
from tests.conftest import FIXTURES
from tests.unit.conftest import CLOSE, OPEN

BAD_WORKBOOK = FIXTURES / "annual" / "wdr2023_small.xlsx"  # six bad rows, each for another reason


def test_a_bad_files_report_is_translated_and_its_store_stays_english(tmp_store: Store, marked_fr):
    report = import_file(BAD_WORKBOOK, tmp_store)  # imported in French
    stored = tmp_store.quarantine()["reason"].to_list()
    assert len(stored) == 6 and not any(OPEN in reason for reason in stored)  # the store is language-neutral
    assert not any(OPEN in key for key in report.quarantine_reasons) and not any(OPEN in n for n in report.notes)
    header, *lines = report.summary().splitlines()
    assert header.startswith(f"{BAD_WORKBOOK.name}: ")
    assert len(lines) >= 8  # accounting, six reasons, notes
    for line in lines:  # every line of words after the file's own line is a message of the catalogue
        assert line.startswith(f"  {OPEN}") and line.endswith(CLOSE), line
    reasons = [line for line in lines if line.startswith(f"  {OPEN}quarantined ")]
    assert len(reasons) == 6
    # The column is the file's header (as written); the reason after it is translated, the file's values kept.
    assert any(f": {OPEN}year 2099 is in the future{CLOSE}" in line for line in reasons), reasons


def test_the_data_page_shows_quarantined_reasons_translated(tmp_store: Store):
    import_file(BAD_WORKBOOK, tmp_store)
    quarantine = model.quarantine_rows(tmp_store)
    with using("en"):
        assert model.shown_reasons(quarantine)["reason"].to_list() == quarantine["reason"].to_list()


def test_the_data_page_shows_quarantined_reasons_in_french(tmp_store: Store, marked_fr):
    import_file(BAD_WORKBOOK, tmp_store)
    shown_rows = model.shown_reasons(model.quarantine_rows(tmp_store))
    assert shown_rows.height == 6
    assert all(r.startswith(OPEN) and r.endswith(CLOSE) for r in shown_rows["reason"]), shown_rows["reason"]


def test_a_reason_in_real_french_keeps_the_files_values():
    # The French catalogue translates this template once the lead has run the translation; until then gettext falls
    # back to English, so the test states the mechanism with a catalogue of its own.
    class French:
        def gettext(self, message: str) -> str:
            return {"unit '{unit}' is not a known unit": "l'unité « {unit} » n'est pas connue"}.get(message, message)

    from dashboard import i18n

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "translations", lambda lang: French())
        with using("fr"):
            assert shown("unit 'Blank' is not a known unit") == "l'unité « Blank » n'est pas connue"
            assert shown("a reason of an older store") == "a reason of an older store"  # never dropped


@pytest.mark.parametrize(
    "stored",
    [
        "date '2099-01-01' is in the future",
        "country 'Atlantis' (code 'ATL') cannot be resolved to ISO3",
        "absurd amount '9e12 kg': over 100,000 kg of a processed drug in one seizure",
        "1,204 rows repeat an earlier row in every column; kept as separate seizures and flagged 'repeated_record'",
        "country codes read as UNODC's own codes (Code: MAR = Mauritius), as the names say",
        "hidden sheet(s) not read: Old",
    ],
)
def test_stored_sentences_match_a_template(stored: str, marked_fr):
    assert shown(stored).startswith(OPEN), stored


def test_templates_have_unique_texts():
    assert len(set(TEMPLATES)) == len(TEMPLATES)


def test_a_refusal_is_raised_in_the_language_of_the_import(tmp_path, marked_fr):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as refused:
        import_file(empty, Store(tmp_path / "store"))
    assert refused.value.reason.startswith(OPEN), refused.value.reason


def real_french(message: str) -> str:
    """The message as the real French catalogue has it (the worker's, not the marking one of this process)."""
    with catalogue_path("fr").open("rb") as fh:
        return read_po(fh, locale="fr").get(message).string


def test_upload_outcome_messages_are_translated(tmp_path, marked_fr):
    outcome = model.import_upload("empty.csv", b"", restricted=False, store=Store(tmp_path / "store"))
    assert not outcome.ok and outcome.message.startswith(OPEN), outcome.message
    # The refusal itself comes from the worker process, which reads the real French catalogue (not this marking one).
    french = real_french("the file is empty")
    assert french != "the file is empty"
    assert outcome.message == f"{OPEN}Not imported. empty.csv: {french}{CLOSE}"


def test_summary_of_an_already_imported_file(marked_fr):
    report = ImportReport("a.csv", "src", "annual", "f", 0, 0, 0, 0, already_imported=True)
    assert report.summary() == f"{OPEN}a.csv: already imported as src; nothing changed.{CLOSE}"


def test_an_importers_own_words_in_a_note_are_translated_and_a_files_values_are_not(marked_fr):
    # "title" is the importer's word for where it found the edition; a unit is the file's value.
    assert shown("edition 2023, from the title") == f"{OPEN}edition {{edition}}, from the {{where}}{CLOSE}".format(
        edition="2023", where=f"{OPEN}title{CLOSE}"
    )
    assert shown("quantity received on a cancelled authorisation") == (
        f"{OPEN}quantity received on a {OPEN}cancelled{CLOSE} authorisation{CLOSE}"
    )
    assert shown("unit 'kgs' is not a known unit") == f"{OPEN}unit '{{unit}}' is not a known unit{CLOSE}".format(
        unit="kgs"
    )


@pytest.mark.parametrize(("lang", "written"), [("fr", "44\u202f231"), ("es", "44.231"), ("en", "44,231")])
def test_a_stored_count_is_written_the_readers_way(lang, written):
    stored = (
        "44,231 rows repeat an earlier row in every column; kept as separate seizures and flagged 'repeated_record'"
    )
    with using(lang):
        assert shown(stored).startswith(written), shown(stored)
        # A file's own number (a row, an amount) is the file's and stays as written.
        assert "1,5" in shown("amount '1,5' is not a number")


def test_a_refusal_groups_the_limits_digits_the_readers_way(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_COLUMNS", "1000")
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1500)) + "\n" + ",".join("1" * 1500) + "\n")
    with using("fr"), pytest.raises(InputError) as refused:
        import_file(wide, Store(tmp_path / "store"))
    assert "1\u202f500" in refused.value.reason and "1\u202f000" in refused.value.reason, refused.value.reason
