"""Data and sources: the filtered data with downloads, the sources, the import reports and the coverage matrix."""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import datapage
from dashboard.exports import xlsx_bytes
from dashboard.state import with_extra
from dashboard.store import public_mode
from dashboard.ui import controls, frame

data, state = frame.start("Data and sources", icon=":material/table:")
sections = datapage.sections(public=public_mode())
# The section is part of the link (``section=coverage``), so a copied link opens the same table.
incoming = sections[controls.url_choice(state, "section", list(sections), "data")]
controls.seed("_data_section_from", incoming, {"w_data_section": incoming})
section = st.segmented_control("Show", list(sections.values()), key="w_data_section", required=True)
controls.remember("_data_section_from", section)
frame.publish(state.with_(extras=with_extra(state.extras, "section", datapage.section_key(sections, section), "data")))

if section == "Filtered data":
    table = datapage.filtered_rows(data, state)
    kind = "case records" if datapage.shows_cases(state) else "annual report rows"
    st.write(f"**{table.height:,} {kind}** match the current filters. {datapage.RULES_NOTE}")
    st.dataframe(table.head(2000), hide_index=True)
    if table.height > 2000:
        st.caption("The table shows the first 2,000 rows; the downloads hold them all.")
    notes = datapage.export_notes(data, state)
    frame.download_csv(table, "seizures-filtered.csv", notes=notes)
    st.download_button(
        "Download the data (Excel)",
        data=lambda: xlsx_bytes({"Data": table}, notes=notes),
        file_name="seizures-filtered.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="dl_xlsx",
    )
elif section == "Sources":
    st.dataframe(datapage.sources_table(data), hide_index=True)
    st.markdown(datapage.CITATION_GUIDANCE)
elif section == "Import reports":
    reports = datapage.import_reports(data)
    st.dataframe(reports, hide_index=True)
    st.caption("Every input row is stored, quarantined with its reason, or skipped as an exact duplicate.")
    quarantine = datapage.quarantine_rows()
    if quarantine.height:
        st.write(f"**{quarantine.height:,} quarantined rows** (first 1,000 shown)")
        st.dataframe(quarantine.head(1000), hide_index=True)
        frame.download_csv(quarantine, "quarantined-rows.csv", label="Download the quarantined rows (CSV)")
elif section == "Import a file":
    st.write(
        "Import a UNODC annual seizure table, a UNODC individual seizure export, or the project's own template "
        "(CSV or XLSX). The format is detected; every row is stored, quarantined with its reason, or counted as a "
        "duplicate. Restricted data is used here but never in a public view."
    )
    upload = st.file_uploader("File to import", type=["csv", "gz", "xlsx", "txt"], key="w_upload")
    restricted = st.checkbox("Restricted: never show these data in a public view", key="w_restricted")
    if upload is not None and st.button("Import", type="primary", key="w_import"):
        outcome = datapage.import_upload(upload.name, upload.getvalue(), restricted=restricted)
        (st.success if outcome.ok else st.error)(outcome.message)
        if outcome.report:
            st.code(outcome.report, language=None)
elif section == "Coverage":
    matrix = datapage.coverage_matrix(data, state)
    st.write(
        "Which countries reported in which year: **reported** means at least one figure for the current filters; "
        "**—** means not reported (which is not the same as zero seizures)."
    )
    st.dataframe(matrix, hide_index=True, column_config={"Profile": frame.profile_link_column()})
    frame.download_csv(matrix, "coverage.csv")
