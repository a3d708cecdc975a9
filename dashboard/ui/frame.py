"""The page frame every page shares: page set-up, navigation that carries the view, the sidebar of filters bound to
the URL, the demonstration-data notice, and the chart footer (source line and downloads).

This package is the only one that imports streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dashboard import state as view
from dashboard.data import Dataset, load_dataset
from dashboard.exports import csv_bytes
from dashboard.state import ViewState, Vocabulary
from dashboard.store import Store

SESSION_STATE_KEY = "_view_state"
NAVIGATION_KEY = "_navigation_slot"


@dataclass(frozen=True)
class Page:
    path: str
    label: str
    icon: str
    url_path: str  # the path Streamlit serves the page at
    seizure_data: bool = True  # False for pages that show other data (e.g. shipped meeting replies)


PAGES: tuple[Page, ...] = (
    Page("Home.py", "Overview", ":material/dashboard:", ""),
    Page("pages/1_Routes.py", "Routes", ":material/route:", "Routes"),
    Page("pages/2_Trends.py", "Trends", ":material/show_chart:", "Trends"),
    Page("pages/3_Compare_countries.py", "Compare countries", ":material/compare_arrows:", "Compare_countries"),
    Page("pages/4_Country_profile.py", "Country profile", ":material/flag:", "Country_profile"),
    Page("pages/5_Data.py", "Data and sources", ":material/table:", "Data"),
    Page(
        "pages/6_Meeting_follow_up.py",
        "Meeting follow-up",
        ":material/groups:",
        "Meeting_follow_up",
        seizure_data=False,
    ),
    Page("pages/7_Licit_trade.py", "Licit trade and estimates", ":material/local_shipping:", "Licit_trade"),
)
PROFILE_URL = "Country_profile"

CLASS_LABELS = {
    "drug": "Narcotic drugs and psychotropics",
    "precursor": "Precursor chemicals",
    "nps": "New psychoactive substances",
    "ods_hfc": "Ozone-depleting substances and HFCs",
}


@st.cache_resource(show_spinner="Loading data…", max_entries=2)
def _dataset(root: str, version: str) -> Dataset:
    return load_dataset(Store(root))


def dataset() -> Dataset:
    """The loaded data, held once per store version (a new import is picked up on the next rerun)."""
    store = Store()
    return _dataset(str(store.root), store.version())


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def current_state(data: Dataset, *, vocabulary: Vocabulary | None = None) -> tuple[ViewState, list[str]]:
    """The view state for this run: the URL when it says something new, else what this session last showed.

    ``vocabulary``: what the URL may name, when a page allows more than the loaded data (by default its own)."""
    from_url, notices = view.from_query(_url_params(), vocabulary or data.vocabulary)
    remembered: ViewState | None = st.session_state.get(SESSION_STATE_KEY)
    url_has_state = any(key in view.STATE_KEYS for key in st.query_params)
    if remembered is not None and not url_has_state:
        return view.ViewState(**{**remembered.__dict__, "extras": from_url.extras}), []
    return from_url, notices


def publish(state: ViewState, *, page_keys: Sequence[str] | None = None) -> None:
    """Write the view to the URL (only non-default values) and remember it for the next page of this session."""
    st.session_state[SESSION_STATE_KEY] = state
    wanted = view.to_query(state)
    if page_keys is not None:
        wanted = {k: v for k, v in wanted.items() if k in page_keys or k in state.extras}
    if _url_params() != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
    slot = st.session_state.get(NAVIGATION_KEY)
    if slot is not None:
        # Redrawn on every publish, so the links carry the controls a page sets after the sidebar.
        navigation(state, slot.container())


FAVICON = Path(__file__).resolve().parents[2] / "static" / "favicon.png"


def setup_page(title: str) -> None:
    # A local image: a ":material/...:" page icon makes the browser fetch the favicon from a font CDN.
    st.set_page_config(page_title=f"{title} · Seizure dashboard", page_icon=str(FAVICON), layout="wide")


def navigation(state: ViewState, container) -> None:
    """Links to every page that carry the current view, so filters survive a change of page."""
    params = view.to_query(state.with_(extras={}))  # page-specific settings stay on their page
    for page in PAGES:
        link(page.path, page.label, icon=page.icon, query_params=params, container=container)


def link(path: str, label: str, *, icon: str | None = None, query_params: dict | None = None, container=None) -> None:
    """A link to another page of the app that carries ``query_params``."""
    container = container or st
    try:
        container.page_link(path, label=label, icon=icon, query_params=query_params)
    except StreamlitPageNotFoundError:
        # Only when a page file runs as its own entry script (AppTest): fall back to a plain link.
        page = next((p for p in PAGES if p.path == path), None)
        url = f"/{page.url_path if page else ''}?{urlencode(query_params or {}, doseq=True)}"
        container.markdown(f"[{label}]({url})")


def profile_link(state: ViewState, iso3: str, label: str, *, container=None) -> None:
    """A link to the country profile of ``iso3`` that carries the current view."""
    link(
        "pages/4_Country_profile.py",
        label,
        icon=":material/flag:",
        query_params=state_params(state.with_(country=iso3)),
        container=container,
    )


def demo_notice(data: Dataset) -> None:
    if data.is_demo:
        st.warning(
            "**Demonstration data — not real seizures.** Nothing has been imported yet, so every figure on this page "
            "is generated by the project to show how the dashboard works. Import real files with "
            "`python -m dashboard import FILE` (see the Data and sources page).",
            icon=":material/science:",
        )


def url_notices(notices: list[str]) -> None:
    if notices:
        text = "; ".join(escape_markdown(n) for n in notices)
        st.info("Some values in the link were not valid and the defaults were used instead: " + text)


def escape_markdown(text: str) -> str:
    """Text from a URL or a file shown through st.markdown/st.info: no link, emphasis, HTML or heading syntax."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


# ---- sidebar filters ---------------------------------------------------------------------------------------------
FILTERS = ("years", "classes", "groups", "substances", "regions", "measure", "dataset", "plants")
ROUTE_FILTERS = ("conveyances", "concealments", "routings", "channels")
# Pages that read case records only: the "kilograms from" choice has no meaning there.
CASE_FILTERS = (*(f for f in FILTERS if f != "dataset"), *ROUTE_FILTERS)


def _labelled(options: Sequence[str], labels: dict[str, str] | None = None) -> Callable[[str], str]:
    labels = labels or {}
    return lambda value: labels.get(value, str(value).replace("_", " "))


def sidebar(data: Dataset, state: ViewState, *, show: Sequence[str] = FILTERS) -> ViewState:
    """The shared sidebar. Widgets are seeded from ``state`` whenever the state came from elsewhere (URL, another
    page), and the returned state reflects what the widgets now hold."""
    vocabulary = data.vocabulary
    applied: ViewState | None = st.session_state.get("_widgets_from")
    if applied != state:
        _seed_widgets(state, vocabulary)
    changes: dict = {}
    bar = st.sidebar
    bar.header("Filters")
    if "years" in show:
        first, last = vocabulary.years
        if first < last:
            chosen = bar.slider("Years", min_value=first, max_value=last, key="w_years", step=1)
            changes["year_from"] = chosen[0] if chosen[0] != first else None
            changes["year_to"] = chosen[1] if chosen[1] != last else None
    if "classes" in show:
        changes["classes"] = tuple(
            bar.multiselect(
                "Substance class",
                vocabulary.classes,
                key="w_classes",
                format_func=_labelled(vocabulary.classes, CLASS_LABELS),
                placeholder="All classes",
            )
        )
    if "groups" in show:
        changes["groups"] = tuple(
            bar.multiselect("Substance group", vocabulary.groups, key="w_groups", placeholder="All groups")
        )
    if "substances" in show:
        changes["substances"] = tuple(
            bar.multiselect("Substance", vocabulary.substances, key="w_substances", placeholder="All substances")
        )
    if "regions" in show:
        changes["regions"] = tuple(
            bar.multiselect("Region of seizing country", vocabulary.regions, key="w_regions", placeholder="World")
        )
    for name, label in (
        ("conveyances", "Conveyance"),
        ("concealments", "Concealment"),
        ("routings", "Routing"),
        ("channels", "Channel"),
    ):
        if name in show:
            options = getattr(vocabulary, name)
            changes[name] = tuple(
                bar.multiselect(label, options, key=f"w_{name}", format_func=_labelled(options), placeholder="All")
            )
    if "measure" in show:
        changes["measure"] = bar.radio(
            "Measure", list(view.MEASURES), key="w_measure", format_func=view.MEASURES.__getitem__
        )
    if "dataset" in show:
        changes["dataset"] = bar.radio(
            "Kilograms from",
            list(view.DATASETS),
            key="w_dataset",
            format_func=view.DATASETS.__getitem__,
            help="Annual reports are Governments' yearly totals; case records are individual seizures.",
        )
    if "plants" in show:
        changes["include_plants"] = bar.checkbox(
            "Include plant material (coca leaf and bush, cannabis plants)",
            key="w_plants",
            help="Plant material is weighed fresh and would swamp processed drugs, so it is left out by default.",
        )
    hidden = [
        f"{name.rstrip('s')}: {', '.join(str(v).replace('_', ' ') for v in getattr(state, name))}"
        for name in ROUTE_FILTERS
        if name not in show and getattr(state, name)
    ]
    if hidden:
        # Filters set on another page still apply here; say so rather than filter invisibly.
        bar.caption("Also filtered (set on the Routes or Trends page): " + escape_markdown("; ".join(hidden)))
    new_state = state.with_(**changes)
    if new_state.measure in ("odp_t", "co2e_t") and new_state.classes != ("ods_hfc",):
        # Those measures exist only for ozone-depleting substances and HFCs; show the class they look at.
        new_state = new_state.with_(classes=("ods_hfc",))
    st.session_state["_widgets_from"] = new_state
    return new_state


def _seed_widgets(state: ViewState, vocabulary: Vocabulary) -> None:
    first, last = vocabulary.years
    st.session_state["w_years"] = (state.year_from or first, state.year_to or last)
    for name in ("classes", "groups", "substances", "regions", "conveyances", "concealments", "routings", "channels"):
        allowed = set(getattr(vocabulary, name))
        st.session_state[f"w_{name}"] = [v for v in getattr(state, name) if v in allowed]
    st.session_state["w_measure"] = state.measure
    st.session_state["w_dataset"] = state.dataset
    st.session_state["w_plants"] = state.include_plants


def begin(
    title: str, *, widen: Callable[[Vocabulary], Vocabulary] | None = None
) -> tuple[Dataset, ViewState, list[str]]:
    """What every page does first: set-up, data, the view from the URL, the slot the navigation links go in.

    ``widen``: for a page whose URL may name more than the loaded data allows (e.g. any replying Government)."""
    setup_page(title)
    data = dataset()
    st.session_state[EXPORT_NOTES_KEY] = export_notes(data)
    state, notices = current_state(data, vocabulary=widen(data.vocabulary) if widen else None)
    st.session_state[NAVIGATION_KEY] = st.sidebar.empty()
    return data, state, notices


def start(
    title: str, *, icon: str = ":material/dashboard:", filters: Sequence[str] = FILTERS
) -> tuple[Dataset, ViewState]:
    """Everything a seizure page does before its own content: ``begin``, the sidebar, the URL, the notices."""
    data, state, notices = begin(title)
    state = sidebar(data, state, show=filters)
    publish(state)
    st.title(title)
    demo_notice(data)
    url_notices(notices)
    if "classes" in filters:
        from dashboard.query import mixed_classes_warning

        warning = mixed_classes_warning(state, data.vocabulary)
        if warning:
            st.warning(warning, icon=":material/balance:")
    return data, state


def export_notes(data: Dataset) -> list[str]:
    notes = [f"Source: {data.citation}"]
    if data.is_demo:
        notes.insert(0, "DEMONSTRATION DATA - NOT REAL SEIZURES")
    return notes


# ---- chart and table helpers ---------------------------------------------------------------------------------------
EXPORT_NOTES_KEY = "_export_notes"


def download_csv(frame: pl.DataFrame, file_name: str, *, label: str = "Download the data (CSV)", notes=None) -> None:
    """A CSV download whose first lines name the source (and say so when the data are demonstration data)."""
    lines = notes if notes is not None else st.session_state.get(EXPORT_NOTES_KEY, [])
    st.download_button(
        label,
        data=lambda: csv_bytes(frame, header_lines=lines),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=f"dl_{file_name}",
    )


def profile_link_column(label: str = "Profile") -> st.column_config.LinkColumn:
    """A table column of links to the country profile; the cell holds the URL, the text shows the ISO3 code."""
    return st.column_config.LinkColumn(label, display_text=r"country=([A-Z]{3})", help="Open the country profile")


def profile_url(iso3: str, state: ViewState | None = None) -> str:
    params = view.to_query((state or view.DEFAULT).with_(country=iso3))
    return f"{PROFILE_URL}?{urlencode(params, doseq=True)}"


def profile_link_expr(column: str) -> pl.Expr:
    """URLs of country profiles for a column of ISO3 codes; unknown/other/multiple get no link."""
    from dashboard.countries import SPECIAL_CODES

    return (
        pl.when(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(SPECIAL_CODES)))
        .then(pl.lit(f"{PROFILE_URL}?country=") + pl.col(column))
        .otherwise(None)
    )


def state_params(state: ViewState) -> dict[str, str | list[str]]:
    return view.to_query(state)
