"""Licit trade and estimates: the running balance of authorised imports against the estimate (I2ES rules), the flags
with their reasons, and a map of licit flows beside seizures of the same substance."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
import streamlit as st

from dashboard import demo_licit, licit, query
from dashboard.figures import licit as figures
from dashboard.state import DEFAULT, ViewState
from dashboard.ui import cached, frame

data, state = frame.start("Licit trade and estimates", icon=":material/local_shipping:", filters=("years",))
trade = cached.licit_data()
PARAMS = {"imp": "lic_country", "lsub": "lic_substance", "ly": "lic_year"}
names = figures.routes.country_names()


def _remembered() -> ViewState:
    return st.session_state.get(frame.SESSION_STATE_KEY) or DEFAULT


def _choose(param: str) -> None:
    """A selector changed: put it in the URL; parts after it are kept only where the data still has them."""
    extras = dict(_remembered().extras)
    extras[param] = str(st.session_state[PARAMS.get(param, f"lic_{param}")])
    chosen, _ = licit.resolve_selection(trade, extras.get("imp"), extras.get("lsub"), extras.get("ly"))
    if param == "imp" and extras.get("lsub") != chosen.substance:
        extras.pop("lsub", None)
        extras.pop("ly", None)
    if param in {"imp", "lsub"} and extras.get("ly") != str(chosen.year):
        extras.pop("ly", None)
    frame.publish(_remembered().with_(extras=extras))


if trade.is_demo:
    st.warning(
        f"**{demo_licit.DEMO_LABEL}.** No authorisations or estimates have been imported, so this page "
        "shows invented ones to show how the checks work. Import the templates of `data/templates/` with "
        "`python -m dashboard import FILE` (see docs/licit-trade.md).",
        icon=":material/science:",
    )
st.caption(
    "INCB's I2ES warns when an authorisation would take a country's authorised imports of a substance above its "
    "estimate or assessment for the year, and tells the exporting country when the quantity received differs from "
    "the quantity authorised. This page applies the same rules. Quantities are kilograms of anhydrous base."
)

selection, notices = licit.resolve_selection(
    trade, state.extras.get("imp"), state.extras.get("lsub"), state.extras.get("ly")
)
frame.url_notices(notices)
if selection.country is None or selection.substance is None or selection.year is None:
    st.info("No authorisation or estimate has been imported yet.")
    st.stop()
extras = {**state.extras, "imp": selection.country, "lsub": selection.substance, "ly": str(selection.year)}
frame.publish(state.with_(extras=extras))

countries = trade.importing_countries()
substances = trade.substances_of(selection.country)
years = trade.years_of(selection.country, selection.substance)
st.session_state["lic_country"] = selection.country
st.session_state["lic_substance"] = selection.substance
st.session_state["lic_year"] = selection.year
controls = st.columns([3, 3, 2])
controls[0].selectbox(
    "Importing country",
    countries,
    key="lic_country",
    format_func=lambda code: f"{names.get(code, code)} ({code})",
    on_change=_choose,
    args=("imp",),
)
controls[1].selectbox("Substance", substances, key="lic_substance", on_change=_choose, args=("lsub",))
controls[2].selectbox("Year", years, key="lic_year", on_change=_choose, args=("ly",))

country_name = names.get(selection.country, selection.country)
view = licit.selection_view(trade, selection)
source = f"{trade.citation}."
for column, (label, value) in zip(st.columns(4), view.headline(), strict=True):
    column.metric(label, value)

st.plotly_chart(
    figures.balance_figure(
        view.rows,
        estimate_kg=view.estimate_kg,
        estimate_kind=view.estimate_kind,
        country=country_name,
        substance=selection.substance,
        year=selection.year,
        source=source,
        demo=trade.is_demo,
    ),
    config={"displaylogo": False},
    key="lic_balance_chart",
)
st.caption(
    "Issued, used and pending authorisations count with the quantity authorised; cancelled ones count nothing; "
    "expired ones count only what was received under them. A total exactly at the estimate is not a warning."
)
table = figures.balance_table(view.rows, view.flags)
st.dataframe(table, hide_index=True, key="lic_balance_table")
file_stub = f"licit-{selection.country}-{selection.substance}-{selection.year}".replace(" ", "_")
frame.download_csv(
    table,
    f"{file_stub}-balance.csv",
    label="Download the running balance (CSV)",
    notes=[
        f"Authorised imports of {selection.substance} into {country_name}, {selection.year} ({figures.UNIT})",
        source,
    ],
)

st.subheader("Flags and their reasons")
scope_all = state.extras.get("flags") == "all"
st.session_state["lic_flags"] = "all" if scope_all else "selection"
st.segmented_control(
    "Show the flags of",
    ["selection", "all"],
    key="lic_flags",
    format_func=lambda v: (
        f"{country_name}, {selection.substance}, {selection.year}" if v == "selection" else "all data"
    ),
    on_change=_choose,
    args=("flags",),
)
shown_flags = trade.flags if scope_all else view.flags
if shown_flags.is_empty():
    st.success("No flag: every authorisation is within the estimate and every receipt matches its authorisation.")
else:
    counts = shown_flags.group_by("flag").len()
    st.markdown(
        " · ".join(
            f"**{licit.FLAGS[f]}**: {n:,}"
            for f, n in sorted(counts.iter_rows(), key=lambda r: list(licit.FLAGS).index(r[0]))
        )
    )
    st.dataframe(figures.flag_display(shown_flags), hide_index=True, key="lic_flag_table")
frame.download_csv(
    figures.flag_export(shown_flags),
    "licit-flags-all.csv" if scope_all else f"{file_stub}-flags.csv",
    label="Download the flags (CSV)",
    notes=["Licit-trade flags (I2ES rules; see docs/licit-trade.md)", source],
)

st.subheader(f"Licit trade in {selection.substance}, {selection.year}, beside seizures of {selection.substance}")
first, last = state.years(data.vocabulary)
flows = licit.licit_flows(trade.authorisations, substance=selection.substance, years=(selection.year, selection.year))
if selection.substance in data.vocabulary.substances:
    seizure_state = DEFAULT.with_(
        classes=(),  # the substance alone decides: a precursor such as ephedrine is not in the default class
        substances=(selection.substance,),
        year_from=state.year_from,
        year_to=state.year_to,
        include_plants=True,
        dataset="cases",
    )
    seizures = query.corridors(data, seizure_state)
else:
    seizures = None
corridors = seizures.frame if seizures is not None else figures.empty_corridors()
seizure_source = f"Seizures: {data.citation_for(cases=True)}."
if trade.is_demo != data.is_demo:
    st.warning(
        "This map puts side by side licit flows that are "
        + ("demonstration data" if trade.is_demo else "imported data")
        + " and seizures that are "
        + ("demonstration data" if data.is_demo else "imported data")
        + ". Do not read one against the other.",
        icon=":material/warning:",
    )
st.pydeck_chart(figures.flow_deck(flows, corridors, substance=selection.substance), height=520, key="lic_map")
st.caption(figures.map_caption(flows, corridors, substance=selection.substance))
left, right = st.columns(2, gap="medium")
with left:
    st.markdown(f"**Licit flows** ({flows.height:,} exporter–importer pairs, {selection.year})")
    flow_view = figures.flow_table(flows)
    st.dataframe(flow_view, hide_index=True, key="lic_flow_table")
    frame.download_csv(
        flow_view,
        f"licit-flows-{selection.substance}-{selection.year}.csv".replace(" ", "_"),
        label="Download the licit flows (CSV)",
        notes=[f"Licit trade in {selection.substance}, {selection.year} ({figures.UNIT})", source],
    )
with right:
    st.markdown(f"**Seizure corridors** of {selection.substance}, {first}–{last}")
    if seizures is None:
        st.info(f"The seizure data holds no seizure of {selection.substance}.")
    elif corridors.is_empty():
        st.info(
            f"None of the {seizures.records_in_view:,} seizures of {selection.substance} in {first}–{last} names both "
            "an origin and a destination country."
        )
    else:
        seizure_view = figures.corridor_view(corridors)
        st.dataframe(seizure_view, hide_index=True, key="lic_seizure_table")
        frame.download_csv(
            seizure_view,
            f"seizure-corridors-{selection.substance}-{first}-{last}.csv".replace(" ", "_"),
            label="Download the seizure corridors (CSV)",
            notes=[f"Seizure corridors of {selection.substance}, {first}-{last} (kg)", seizure_source],
        )
        st.caption(
            f"{seizures.records_with_route:,} of {seizures.records_in_view:,} seizure records name both ends of a "
            "route."
        )
st.caption(f"Source: {source} {seizure_source}")

st.subheader("Every country, substance and year")
overview = figures.summary_table(trade.summary)
st.dataframe(overview, hide_index=True, key="lic_summary_table")
frame.download_csv(overview, "licit-balances.csv", label="Download the balances (CSV)", notes=[source])
