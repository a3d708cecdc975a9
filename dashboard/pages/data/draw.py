"""The Data and sources page drawn: the section chooser and the section chosen (only that one is built)."""

from __future__ import annotations

import streamlit as st

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.exports import xlsx_bytes
from dashboard.pages.data import model
from dashboard.pages.data import text as words
from dashboard.pages.data.params import PAGE, section, with_section
from dashboard.state import ViewState
from dashboard.ui import controls, frame

SECTION = controls.key("section", PAGE)


def section_chooser(state: ViewState, shown: dict[str, str]) -> ViewState:
    """The section chooser; the view with the section chosen (a public view has no import form)."""
    current = section(state) if section(state) in shown else "data"
    controls.sync(PAGE, {SECTION: current})
    chosen = controls.choice("Show", shown, SECTION)
    controls.settle(PAGE, {SECTION: chosen})
    return with_section(state, chosen)


def filtered_data(data: Dataset, state: ViewState) -> None:
    # Only the rows shown are read on a rerun; the downloads read them all when clicked.
    table = model.filtered_rows(data, state, limit=words.ROWS_SHOWN)
    rows = model.filtered_count(data, state)
    cases = model.shows_cases(state)
    st.write(words.rows_sentence(rows, cases=cases, left_out=query.suspect_left_out(data, state) if cases else 0))
    st.dataframe(table, hide_index=True)
    if rows > words.ROWS_SHOWN:
        st.caption(words.MORE_ROWS)
    notes = words.export_notes(data, state)
    frame.download_csv(lambda: model.filtered_rows(data, state), "seizures-filtered.csv", notes=notes)
    st.download_button(
        "Download the data (Excel)",
        data=lambda: xlsx_bytes({"Data": model.filtered_rows(data, state)}, notes=notes),
        file_name="seizures-filtered.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=controls.download_key("seizures-filtered.xlsx"),
    )


def sources(data: Dataset) -> None:
    st.dataframe(model.sources_table(data), hide_index=True)
    st.markdown(words.CITATION_GUIDANCE)


def import_reports(data: Dataset) -> None:
    reports = model.import_reports(data)
    st.dataframe(reports, hide_index=True)
    repeated = words.repeated_sentence(reports)
    if repeated:
        st.markdown(repeated)
    st.caption(words.REPORTS_NOTE)
    quarantine = model.quarantine_rows()
    if quarantine.height:
        st.write(words.quarantine_heading(quarantine.height))
        st.dataframe(quarantine.head(1000), hide_index=True)
        frame.download_csv(quarantine, "quarantined-rows.csv", label="Download the quarantined rows (CSV)")


PENDING = "_data_pending_mapping"  # the columns of an upload waiting for its mapping step


def upload() -> None:
    st.write(words.IMPORT_INTRO)
    uploaded = st.file_uploader("File to import", type=["csv", "gz", "xlsx", "txt"], key=controls.key("upload", PAGE))
    restricted = st.checkbox(words.RESTRICTED_LABEL, key=controls.key("restricted", PAGE))
    edition = st.text_input(words.EDITION_LABEL, key=controls.key("edition", PAGE), help=words.EDITION_HELP)
    if uploaded is None:
        st.session_state.pop(PENDING, None)
        return
    upload_id = f"{uploaded.name}:{uploaded.size}"
    if st.button(words.IMPORT_BUTTON, type="primary", key=controls.key("import", PAGE)):
        outcome = model.import_upload(uploaded.name, uploaded.getvalue(), restricted=restricted, edition=edition)
        st.session_state[PENDING] = (upload_id, outcome) if outcome.needs_mapping else None
        show_outcome(outcome)
    pending = st.session_state.get(PENDING)
    if pending and pending[0] == upload_id:
        mapping_step(uploaded, pending[1], restricted=restricted, edition=edition)


def show_outcome(outcome: model.UploadOutcome) -> None:
    (st.success if outcome.ok else st.warning if outcome.needs_mapping else st.error)(text.markdown(outcome.message))
    if outcome.report:
        st.code(outcome.report, language=None)


def mapping_step(uploaded, needed: model.UploadOutcome, *, restricted: bool, edition: str) -> None:
    """One choice of role per column, prefilled where the header names one; the import runs with the mapping."""
    with st.form(controls.key("mapping", PAGE)):
        st.markdown(words.MAPPING_HEADING)
        chosen: dict[str, str | None] = {}
        for index, column in enumerate(needed.columns):
            guess = needed.guesses.get(column)
            chosen[column] = st.selectbox(
                text.markdown(column),
                list(words.ROLE_LABELS),
                index=list(words.ROLE_LABELS).index(guess) if guess in words.ROLE_LABELS else None,
                format_func=words.ROLE_LABELS.__getitem__,
                placeholder=words.MAPPING_PLACEHOLDER,
                key=controls.key(f"role_{index}", PAGE),
            )
        submitted = st.form_submit_button(words.MAPPING_BUTTON, type="primary")
    if not submitted:
        return
    missing = model.unmapped(chosen)
    if missing:
        st.error(words.mapping_missing(missing))
        return
    roles = {column: role for column, role in chosen.items() if role}
    outcome = model.import_upload(
        uploaded.name, uploaded.getvalue(), restricted=restricted, edition=edition, columns=roles
    )
    st.session_state[PENDING] = (f"{uploaded.name}:{uploaded.size}", outcome) if outcome.needs_mapping else None
    show_outcome(outcome)


def coverage(data: Dataset, state: ViewState) -> None:
    matrix = model.coverage_matrix(data, state)
    st.write(words.COVERAGE_INTRO)
    st.dataframe(matrix, hide_index=True, column_config={"Profile": frame.profile_link_column()})
    frame.download_csv(matrix, "coverage.csv")


def chosen_section(data: Dataset, state: ViewState) -> None:
    drawn = {
        "data": lambda: filtered_data(data, state),
        "sources": lambda: sources(data),
        "reports": lambda: import_reports(data),
        "import": upload,
        "coverage": lambda: coverage(data, state),
    }
    drawn[section(state)]()
