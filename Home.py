"""Overview: the entry page. Headline figures, a headline trend, the top corridors, and what the data is and is not."""

# isort: off
import dashboard.ui.warm  # noqa: F401  (first: see its docstring)

# isort: on
import polars as pl
import streamlit as st

from dashboard import query
from dashboard.figures import charts, overview
from dashboard.ui import frame

# The Overview always shows kilograms from the annual reports and counts from the case records, so the sidebar offers
# no measure or table choice here.
OVERVIEW_FILTERS = tuple(f for f in frame.FILTERS if f not in {"measure", "dataset"})
data, state = frame.start("Illicit trade in controlled substances: overview", filters=OVERVIEW_FILTERS)
source = data.citation_for(cases=False)

figures = query.headline(data, state)
first, last = state.years(data.vocabulary)
# One figure per class, side by side, whatever the class filter: their kilograms are never added together.
every_class = query.headline(data, state.with_(classes=()))["kg_by_group"]
by_class = every_class.group_by("substance_class").agg(pl.col("value").sum())
tonnes = dict(zip(by_class["substance_class"], by_class["value"] / 1000, strict=True))
columns = st.columns(4)
for column, (cls, label) in zip(columns, frame.CLASS_LABELS.items(), strict=True):
    value = tonnes.get(cls)
    column.metric(
        label,
        "not reported" if value is None else f"{value:,.1f} t",
        help="Tonnes (kilogram equivalent) in the annual reports for the years and regions chosen; totals are not "
        "added to their parts; plant material apart.",
    )
columns = st.columns(4)
columns[0].metric("Seizure cases recorded", f"{figures['seizures']:,}")
columns[1].metric("Countries reporting", f"{figures['countries_reporting_annual']:,}", help="In the annual reports")
columns[2].metric("Countries in case records", f"{figures['countries_reporting_cases']:,}")
columns[3].metric("Latest year", figures["latest_year"] or "—")
st.caption(
    f"Years {first}–{last}. Tonnes by class: {source}. Seizure cases: {data.citation_for(cases=True)}. "
    "The charts below follow the substance-class filter (narcotic drugs and psychotropics unless you choose others)."
)

# Full width, one under the other: legible on a projector and on a laptop alike.
trend = query.trend(data, state.with_(breakdown="group", measure="kg", dataset="annual"), top=6)
fig = charts.trend_figure(
    trend, log_scale=state.log_scale, title="Quantity seized per year", source=source, demo=data.is_demo
)
st.plotly_chart(fig, config={"displaylogo": False})
frame.download_csv(trend.frame, "overview-trend.csv")
st.plotly_chart(overview.group_bars(figures["kg_by_group"], source=source, demo=data.is_demo))
frame.download_csv(figures["kg_by_group"], "overview-groups.csv")

st.subheader("Main trafficking corridors in the case records")
routes = query.corridors(data, state)
if routes.frame.is_empty():
    st.info("No case record in the current filters names both an origin and a destination country.")
else:
    top = routes.frame.head(10).select(
        frame.profile_link_expr("origin_iso3").alias("From"),
        frame.profile_link_expr("destination_iso3").alias("To"),
        "origin_country_name",
        "destination_country_name",
        "seizures",
        "kg",
        "top_substances",
        "to_check",
    )
    st.dataframe(
        top,
        hide_index=True,
        column_config={
            "From": frame.profile_link_column("From"),
            "To": frame.profile_link_column("To"),
            "origin_country_name": "Origin",
            "destination_country_name": "Destination",
            "seizures": st.column_config.NumberColumn("Seizures", format="%d"),
            "kg": st.column_config.NumberColumn("Kilograms", format="%.1f"),
            "top_substances": "Main substances",
            "to_check": st.column_config.NumberColumn(
                "To check",
                format="%d",
                help="Records of this corridor flagged check_amount (over 2 t in one air seizure or 100 kg in one "
                "postal item, often a slip of unit): kept as reported, worth a second look.",
            ),
        },
    )
    st.caption(
        f"Based on {routes.records_with_route:,} of {routes.records_in_view:,} case records in the current filters: "
        "only those that name both an origin and a destination country."
    )
    frame.link(
        "pages/1_Routes.py",
        "See all routes on the map",
        icon=":material/route:",
        query_params=frame.state_params(state),
    )

with st.container(border=True):
    st.markdown(
        """
**What these figures are, and are not**

- **Seizures measure enforcement as well as trafficking.** More seizures can mean more trafficking, or more or better
  policing, or better reporting. Compare countries and years with care.
- **Coverage varies.** Not every Government reports every year. A year a country did not report is shown as a gap,
  never as zero; the Data page has the full coverage matrix.
- **Totals are not added to their parts.** Where a country reports a total and its components, the total is used
  once. Plant material (coca leaf and bush, cannabis plants) is kept apart from processed drugs.
- **Units.** Kilograms are kilogram equivalents; other units (tablets, litres) are converted with documented
  factors, and the amount as reported is kept.
- **Sources.** Annual figures come from Governments' replies to the UNODC annual report questionnaire and other
  official sources; case records from the UNODC individual drug seizure reports. Each chart names its source.
"""
    )
