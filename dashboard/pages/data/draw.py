"""The Data and sources page drawn: the section chooser and the section chosen (only that one is built)."""

from __future__ import annotations

import streamlit as st

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
    table = model.filtered_rows(data, state)
    st.write(words.rows_sentence(table.height, cases=model.shows_cases(state)))
    st.dataframe(table.head(words.ROWS_SHOWN), hide_index=True)
    if table.height > words.ROWS_SHOWN:
        st.caption(words.MORE_ROWS)
    notes = words.export_notes(data, state)
    frame.download_csv(table, "seizures-filtered.csv", notes=notes)
    st.download_button(
        "Download the data (Excel)",
        data=lambda: xlsx_bytes({"Data": table}, notes=notes),
        file_name="seizures-filtered.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=controls.download_key("seizures-filtered.xlsx"),
    )


def sources(data: Dataset) -> None:
    st.dataframe(model.sources_table(data), hide_index=True)
    st.markdown(words.CITATION_GUIDANCE)


def import_reports(data: Dataset) -> None:
    st.dataframe(model.import_reports(data), hide_index=True)
    st.caption(words.REPORTS_NOTE)
    quarantine = model.quarantine_rows()
    if quarantine.height:
        st.write(words.quarantine_heading(quarantine.height))
        st.dataframe(quarantine.head(1000), hide_index=True)
        frame.download_csv(quarantine, "quarantined-rows.csv", label="Download the quarantined rows (CSV)")


def upload() -> None:
    st.write(words.IMPORT_INTRO)
    uploaded = st.file_uploader("File to import", type=["csv", "gz", "xlsx", "txt"], key=controls.key("upload", PAGE))
    restricted = st.checkbox(words.RESTRICTED_LABEL, key=controls.key("restricted", PAGE))
    if uploaded is not None and st.button("Import", type="primary", key=controls.key("import", PAGE)):
        outcome = model.import_upload(uploaded.name, uploaded.getvalue(), restricted=restricted)
        (st.success if outcome.ok else st.error)(outcome.message)
        if outcome.report:
            st.code(outcome.report, language=None)


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
