"""The Country profile drawn: the chooser, the trend, the corridors in and out, methods, coverage and sources."""

from __future__ import annotations

import streamlit as st

from dashboard import text
from dashboard.countries import SPECIAL_CODES, in_name_order
from dashboard.i18n import _
from dashboard.pages.profile import figures, model
from dashboard.pages.profile import text as words
from dashboard.state import ViewState, Vocabulary
from dashboard.ui import charts, controls, frame, tables

PAGE = "profile"
COUNTRY = controls.key("country", PAGE)


def chooser(state: ViewState, vocabulary: Vocabulary) -> ViewState:
    """The country chooser; the view with the chosen country."""
    choices = in_name_order(c for c in vocabulary.countries if c not in SPECIAL_CODES)
    controls.sync(PAGE, {COUNTRY: state.country if state.country in choices else None})
    chosen = st.selectbox(
        _("Country"),
        choices,
        format_func=text.country_and_code,
        placeholder=_("Choose a country"),
        key=COUNTRY,
    )
    controls.settle(PAGE, {COUNTRY: chosen})
    return state.with_(country=chosen)


def nothing_chosen() -> None:
    """No country chosen yet: say how to choose one, and draw nothing else."""
    st.info(_(words.CHOOSE))
    st.stop()


def profile_page(profile: model.Profile, state: ViewState, *, source: str, demo: bool, replied_in: str | None) -> None:
    st.header(profile.name)
    places = [text.vocabulary_label(p) for p in (profile.region, profile.subregion) if p] + [f"ISO3 {profile.iso3}"]
    st.caption(" · ".join(places))
    shown = figures.trend_exhibit(profile, state, source=source, demo=demo, filters=frame.filters_of_state(state))
    charts.chart(shown, key="profile_trend")
    frame.download_csv(shown.table, f"profile-{profile.iso3}-trend.csv", notes=list(shown.notes))
    frame.chart_footer(shown, state)
    st.caption(_(words.GAPS_NOTE))
    left_out = text.suspect_note(profile.trend.suspect_left_out)
    if left_out:
        st.caption(left_out)
    corridors(profile, state)
    methods(profile)
    coverage(profile)
    sources(profile, state, replied_in)


def corridors(profile: model.Profile, state: ViewState) -> None:
    columns = st.columns(2)
    for column, found, (heading, partner, label) in zip(
        columns, (profile.inbound, profile.outbound), words.corridor_headings(profile.name), strict=True
    ):
        with column:
            st.subheader(heading)
            if found.frame.is_empty():
                st.write(_(words.NO_CORRIDOR))
                continue
            table = model.corridor_table(found.frame, partner=partner).select(
                "partner",
                text.profile_link_expr("partner_iso3", state).alias("partner_profile"),
                "seizures",
                "kg",
                "top_substances",
            )
            charts.grid(
                table,
                name=heading,
                column_config={
                    "partner": label,
                    "partner_profile": frame.profile_link_column(),
                    "seizures": st.column_config.NumberColumn(_("Seizures"), format=text.TABLE_COUNT),
                    "kg": tables.kilograms_column(_("Kilograms")),
                    "top_substances": _("Main substances"),
                },
            )
            st.caption(words.routed_records(found.records_with_route))
            left_out = text.suspect_note(found.suspect_left_out)
            if left_out:
                st.caption(left_out)


def methods(profile: model.Profile) -> None:
    for column, mix, label in zip(
        st.columns(2), (profile.conveyance, profile.concealment), ("Conveyance", "Concealment"), strict=True
    ):
        with column:
            st.subheader(words.method_heading(label))
            if mix.is_empty():
                st.write(_(words.NO_CASES))
                continue
            kind = "conveyances" if label == "Conveyance" else "concealments"
            table = model.method_table(mix, labels=text.CASE_LABELS[kind])
            charts.grid(
                tables.shares_as_fractions(table, "share_pct"),
                name=words.method_heading(label),
                column_config={
                    "category": _(label),
                    "seizures": st.column_config.NumberColumn(_("Seizures"), format=text.TABLE_COUNT),
                    "kg": tables.kilograms_column(_("Kilograms")),
                    "share_pct": tables.share_column(_("Share")),
                },
            )
            st.caption(words.method_caption(mix["category"].to_list(), table["category"].to_list()))


def coverage(profile: model.Profile) -> None:
    st.subheader(_(words.COVERAGE_HEADING))
    grid = text.by_label(
        profile.coverage.pivot(on="year", index="substance_group", values="reported", sort_columns=True),
        "substance_group",
    )
    shown = grid.with_columns(
        text.named_in_language(grid, "substance_group"),
        *[grid[c].replace_strict({True: _("reported"), False: "—"}, return_dtype=str) for c in grid.columns[1:]],
    )
    charts.grid(shown, name=_(words.COVERAGE_HEADING), column_config={"substance_group": _("Substance group")})
    st.caption(_(words.COVERAGE_NOTE))


def sources(profile: model.Profile, state: ViewState, replied_in: str | None) -> None:
    st.subheader(_(words.SOURCES_HEADING))
    charts.grid(
        profile.sources,
        name=_(words.SOURCES_HEADING),
        column_config={
            "file_name": _("File"),
            "edition": _("Edition"),
            "citation": _("Citation"),
            "licence": _("Licence"),
        },
    )
    if replied_in:
        frame.link(
            "meetings",
            words.replies_link(profile.name),
            query_params={"country": profile.iso3, "meeting": replied_in},
        )
