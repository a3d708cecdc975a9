"""The Data and sources page drawn: the section chooser and the section chosen (only that one is built)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import polars as pl
import streamlit as st

from dashboard import query, text
from dashboard.access import min_cell
from dashboard.data import Dataset
from dashboard.exports import xlsx_bytes
from dashboard.i18n import _
from dashboard.pages.data import model
from dashboard.pages.data import text as words
from dashboard.pages.data.params import PAGE, section, with_section
from dashboard.state import ViewState
from dashboard.ui import charts, controls, frame, tables

SECTION = controls.key("section", PAGE)


def table_grid(table: pl.DataFrame, *, name: str, column_config: dict | None = None) -> None:
    """A table of the page with its headers in words (the downloads keep the technical names) and its vocabulary in
    the reader's language; quantities with the reader's thousands separators, years and codes as they are."""
    config = {c: st.column_config.Column(words.column_label(c)) for c in table.columns}
    floats = [c for c, t in table.schema.items() if t.is_float()]
    # Quantities to one decimal in a column ("7,603.9", "87.0", never "7,603.927" above "87"), rounded here: the
    # grid cuts the digits its step does not show. The downloads keep every digit.
    config |= {c: tables.kilograms_column(words.column_label(c)) for c in floats}
    shown = table.with_columns(pl.col(floats).round(1)) if floats else table
    charts.grid(words.in_words(shown), name=name, column_config=config | (column_config or {}))


def section_chooser(state: ViewState, shown: dict[str, str]) -> ViewState:
    """The section chooser; the view with the section chosen (a public view has no import form)."""
    current = section(state) if section(state) in shown else "data"
    controls.sync(PAGE, {SECTION: current})
    chosen = controls.choice(_("Show"), shown, SECTION)
    controls.settle(PAGE, {SECTION: chosen})
    return with_section(state, chosen)


def filtered_data(data: Dataset, state: ViewState) -> None:
    if model.shows_cases(state) and frame.public_view():
        public_aggregates(data, state)
        return
    # Only the rows shown are read on a rerun; the downloads read them all when clicked.
    table = model.filtered_rows(data, state, limit=words.ROWS_SHOWN)
    rows = model.filtered_count(data, state)
    cases = model.shows_cases(state)
    st.write(words.rows_sentence(rows, cases=cases, left_out=query.suspect_left_out(data, state) if cases else 0))
    table_grid(table, name=_("The filtered data"))
    if rows > words.ROWS_SHOWN:
        st.caption(_(words.MORE_ROWS))
    downloads(
        partial(model.filtered_rows, data, state),
        rows,
        words.export_notes(data, state),
        f"{data.version}|{state.shared()!r}",
    )


def downloads(table: Callable[[], pl.DataFrame], rows: int, notes: list[str], fingerprint: str) -> None:
    """The CSV and Excel downloads of a table of ``rows`` rows (``table`` gives it when a button is clicked);
    ``fingerprint`` names the view, so that a prepared Excel file is offered again only for the same view."""
    notes = frame.download_notes(notes)
    frame.download_csv(table, "seizures-filtered.csv", notes=notes)
    excel_download(table, rows, notes, fingerprint)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREPARED = controls.key("xlsx_prepared", PAGE)


def excel_download(table: Callable[[], pl.DataFrame], rows: int, notes: list[str], fingerprint: str) -> None:
    """The Excel download. A large table is written on request, under a spinner that says how many rows and counts
    the seconds (every case record takes most of a minute), and kept for the same view until it changes."""
    name = "seizures-filtered.xlsx"
    if rows <= words.LARGE_EXPORT_ROWS:
        st.download_button(
            _("Download the data (Excel)"),
            data=lambda: xlsx_bytes({"Data": table()}, notes=notes),
            file_name=name,
            mime=XLSX,
            icon=":material/download:",
            key=controls.download_key(name),
        )
        return
    prepared = st.session_state.get(PREPARED)
    if not (prepared and prepared[0] == fingerprint):
        if not st.button(words.prepare_excel_label(rows), key=controls.key("prepare_xlsx", PAGE)):
            return
        with st.spinner(words.excel_progress(rows), show_time=True):
            st.session_state[PREPARED] = prepared = (fingerprint, xlsx_bytes({"Data": table()}, notes=notes))
    st.download_button(
        _("Download the data (Excel, ready)"),
        data=prepared[1],
        file_name=name,
        mime=XLSX,
        icon=":material/download:",
        key=controls.download_key(name),
    )


def public_aggregates(data: Dataset, state: ViewState) -> None:
    """A public view of case records: counts and kilograms per year, country and substance, small cells
    suppressed; the downloads hold the same cells (suppressed ones empty and marked), never a record."""
    rows = model.public_rows(data, state)
    st.write(words.public_rows_sentence(rows.height, min_cell()))
    table_grid(model.shown_public_rows(rows.head(words.ROWS_SHOWN)), name=_("Case records as totals"))
    if rows.height > words.ROWS_SHOWN:
        st.caption(_(words.MORE_ROWS))
    downloads(lambda: rows, rows.height, words.export_notes(data, state), f"public|{data.version}|{state.shared()!r}")


def sources(data: Dataset) -> None:
    table_grid(model.sources_table(data), name=_("Imported sources"))
    st.markdown(_(words.CITATION_GUIDANCE))


def import_reports(data: Dataset) -> None:
    reports = model.import_reports(data)
    table_grid(reports, name=_("Import reports"))
    repeated = words.repeated_sentence(reports)
    if repeated:
        st.markdown(repeated)
    st.caption(_(words.REPORTS_NOTE))
    if frame.public_view():
        st.caption(_(words.PUBLIC_QUARANTINE))
        return
    quarantine = model.shown_reasons(model.quarantine_rows())
    if quarantine.height:
        st.write(words.quarantine_heading(quarantine.height))
        table_grid(quarantine.head(1000), name=_("Quarantined rows"))
        frame.download_csv(quarantine, "quarantined-rows.csv", label=_("Download the quarantined rows (CSV)"))


PENDING = "_data_pending_mapping"  # an upload waiting for its next step: the choice of a sheet or the mapping


def upload() -> None:
    st.write(_(words.IMPORT_INTRO))
    uploaded = st.file_uploader(
        _("File to import"), type=["csv", "gz", "xlsx", "txt"], key=controls.key("upload", PAGE)
    )
    restricted = st.checkbox(_(words.RESTRICTED_LABEL), key=controls.key("restricted", PAGE))
    edition = st.text_input(_(words.EDITION_LABEL), key=controls.key("edition", PAGE), help=_(words.EDITION_HELP))
    if uploaded is None:
        st.session_state.pop(PENDING, None)
        return
    upload_id = f"{uploaded.name}:{uploaded.size}"
    if st.button(_(words.IMPORT_BUTTON), type="primary", key=controls.key("import", PAGE)):
        outcome = model.import_upload(uploaded.name, uploaded.getvalue(), restricted=restricted, edition=edition)
        keep_pending(upload_id, outcome)
        show_outcome(outcome)
    pending = st.session_state.get(PENDING)
    if pending and pending[0] == upload_id:
        if pending[1].needs_sheet:
            sheet_step(uploaded, pending[1], restricted=restricted, edition=edition)
        else:
            mapping_step(uploaded, pending[1], restricted=restricted, edition=edition)


def keep_pending(upload_id: str, outcome: model.UploadOutcome) -> None:
    waiting = outcome.needs_mapping or outcome.needs_sheet
    st.session_state[PENDING] = (upload_id, outcome) if waiting else None


def show_outcome(outcome: model.UploadOutcome) -> None:
    waiting = outcome.needs_mapping or outcome.needs_sheet
    (st.success if outcome.ok else st.warning if waiting else st.error)(text.markdown(outcome.message))
    if outcome.report:
        st.code(outcome.report, language=None)


def sheet_step(uploaded, needed: model.UploadOutcome, *, restricted: bool, edition: str) -> None:
    """The workbook has several sheets that may hold the table: the person says which one is read."""
    with st.form(controls.key("sheet", PAGE)):
        chosen = st.selectbox(
            _(words.SHEET_LABEL),
            list(needed.sheets),
            key=controls.key("sheet_choice", PAGE),
            placeholder=_(text.CHOOSE),
        )
        submitted = st.form_submit_button(_(words.SHEET_BUTTON), type="primary")
    if not submitted:
        return
    outcome = model.import_upload(
        uploaded.name, uploaded.getvalue(), restricted=restricted, edition=edition, sheet=chosen
    )
    keep_pending(f"{uploaded.name}:{uploaded.size}", outcome)
    show_outcome(outcome)


def mapping_step(uploaded, needed: model.UploadOutcome, *, restricted: bool, edition: str) -> None:
    """One choice of role per column, prefilled where the header names one; the import runs with the mapping."""
    with st.form(controls.key("mapping", PAGE)):
        st.markdown(_(words.MAPPING_HEADING))
        chosen: dict[str, str | None] = {}
        for index, column in enumerate(needed.columns):
            guess = needed.guesses.get(column)
            chosen[column] = st.selectbox(
                text.markdown(column),
                list(words.ROLE_LABELS),
                index=list(words.ROLE_LABELS).index(guess) if guess in words.ROLE_LABELS else None,
                format_func=lambda role: _(words.ROLE_LABELS[role]),
                placeholder=_(words.MAPPING_PLACEHOLDER),
                key=controls.key(f"role_{index}", PAGE),
            )
        submitted = st.form_submit_button(_(words.MAPPING_BUTTON), type="primary")
    if not submitted:
        return
    missing = model.unmapped(chosen)
    if missing:
        st.error(words.mapping_missing(missing))
        return
    roles = {column: role for column, role in chosen.items() if role}
    outcome = model.import_upload(
        uploaded.name, uploaded.getvalue(), restricted=restricted, edition=edition, columns=roles, sheet=needed.sheet
    )
    keep_pending(f"{uploaded.name}:{uploaded.size}", outcome)
    show_outcome(outcome)


def coverage(data: Dataset, state: ViewState) -> None:
    matrix = model.coverage_matrix(data, state)
    st.write(_(words.COVERAGE_INTRO).format(reported=_("reported")))
    table_grid(matrix, name=_("Coverage by country and year"), column_config={"Profile": frame.profile_link_column()})
    frame.download_csv(matrix, "coverage.csv")


def flagged(data: Dataset, state: ViewState) -> None:
    """Every flagged country-year in view: carried over, estimates, financial years, parts of a year, outliers."""
    st.markdown(words.flags_intro())
    if query.uses_cases(state):
        st.info(_(words.NO_FLAGS_CASES))
        return
    table = query.flagged_country_years(data, state)
    st.markdown(words.flags_sentence(table.height))
    table_grid(words.flags_in_words(table.drop("note")), name=_("Flagged figures"))
    frame.download_csv(table, "flagged-figures.csv", notes=words.export_notes(data, state))


def chosen_section(data: Dataset, state: ViewState) -> None:
    drawn = {
        "data": lambda: filtered_data(data, state),
        "sources": lambda: sources(data),
        "reports": lambda: import_reports(data),
        "import": upload,
        "coverage": lambda: coverage(data, state),
        "flags": lambda: flagged(data, state),
    }
    drawn[section(state)]()
