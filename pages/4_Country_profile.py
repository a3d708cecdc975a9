"""Country profile: what one country seizes over time, where its seizures come from and go to, methods, coverage."""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import profile as profiles
from dashboard import query
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.figures import charts
from dashboard.store import Store
from dashboard.ui import frame

data, state = frame.start("Country profile", icon=":material/flag:")
choices = [c for c in data.vocabulary.countries if c not in SPECIAL_CODES]
chosen = st.selectbox(
    "Country",
    choices,
    index=choices.index(state.country) if state.country in choices else None,
    format_func=lambda iso3: f"{country_name(iso3)} ({iso3})",
    placeholder="Choose a country",
    key="w_profile_country",
)
if chosen != state.country:
    state = state.with_(country=chosen)
    frame.publish(state)
if not chosen:
    st.info("Choose a country to see its profile. Every map and table that names a country links here.")
    st.stop()

profile = profiles.country_profile(data, state, chosen)
st.header(f"{profile.name}")
st.caption(" · ".join(p for p in (profile.region, profile.subregion, f"ISO3 {profile.iso3}") if p))
source = query.source_of(data, state)

st.plotly_chart(
    charts.trend_figure(
        profile.trend,
        log_scale=state.log_scale,
        title=f"What {profile.name} seizes",
        source=source,
        demo=data.is_demo,
    ),
    config={"displaylogo": False},
)
frame.download_csv(profile.trend.frame, f"profile-{chosen}-trend.csv")
st.caption("Gaps are years the country did not report that substance group: not zeros.")

inbound, outbound = st.columns(2)
for column, corridors, heading, partner, label in (
    (inbound, profile.inbound, f"Seizures bound for {profile.name}: where they came from", "origin", "From"),
    (outbound, profile.outbound, f"Seizures that left {profile.name}: where they were going", "destination", "To"),
):
    with column:
        st.subheader(heading)
        if corridors.frame.is_empty():
            st.write("No case record names this corridor.")
            continue
        table = profiles.corridor_table(corridors.frame, partner=partner).select(
            "partner",
            frame.profile_link_expr("partner_iso3").alias("partner_profile"),
            "seizures",
            "kg",
            "top_substances",
        )
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "partner": label,
                "partner_profile": frame.profile_link_column(),
                "seizures": st.column_config.NumberColumn("Seizures", format="localized"),
                "kg": st.column_config.NumberColumn("Kilograms", format="%.1f"),
                "top_substances": "Main substances",
            },
        )
        records = corridors.records_with_route
        st.caption(f"{records:,} case {'record names' if records == 1 else 'records name'} both ends of the route.")

methods = st.columns(2)
for column, mix, label in (
    (methods[0], profile.conveyance, "Conveyance"),
    (methods[1], profile.concealment, "Concealment"),
):
    with column:
        st.subheader(f"{label} of its seizures")
        if mix.is_empty():
            st.write("No case records.")
        else:
            st.dataframe(
                profiles.method_table(mix),
                hide_index=True,
                column_config={
                    "category": label,
                    "seizures": st.column_config.NumberColumn("Seizures", format="localized"),
                    "kg": st.column_config.NumberColumn("Kilograms", format="%.1f"),
                    "share_pct": st.column_config.NumberColumn("Share", format="%.1f%%"),
                },
            )
            st.caption(profiles.method_caption(mix))

st.subheader("Reporting coverage")
coverage = profile.coverage.pivot(on="year", index="substance_group", values="reported", sort_columns=True)
st.dataframe(
    coverage.with_columns(
        [coverage[c].replace_strict({True: "reported", False: "—"}, return_dtype=str) for c in coverage.columns[1:]]
    ),
    hide_index=True,
    column_config={"substance_group": "Substance group"},
)
st.caption("'reported': the country gave at least one figure for that group and year; '—': not reported.")

st.subheader("Sources")
st.dataframe(
    profile.sources,
    hide_index=True,
    column_config={"file_name": "File", "edition": "Edition", "citation": "Citation", "licence": "Licence"},
)
replied_in = profiles.replying_countries(Store().root).get(chosen)
if replied_in:
    frame.link(
        "pages/6_Meeting_follow_up.py",
        f"Replies of {profile.name} to meeting recommendations",
        icon=":material/groups:",
        query_params={"country": chosen, "meeting": replied_in},
    )
