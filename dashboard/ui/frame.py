"""The page frame every page shares: page set-up, navigation that carries the view, the sidebar of filters bound to
the URL, the demonstration-data notice, and the chart footer (source line and downloads).

A page starts with ``start(page)`` (or ``begin(page)`` when it has no seizure filters), which gives the data and the
view state, and ends its controls with ``publish(state)``, which writes the view to the URL.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import polars as pl
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import i18n, text
from dashboard import state as view
from dashboard.access import min_cell
from dashboard.data import Dataset, load_dataset
from dashboard.exports import csv_bytes
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.i18n import N_, _
from dashboard.measures import LABELS as MEASURES
from dashboard.query import mixed_classes_warning
from dashboard.saved.rules import may_write
from dashboard.state import PAGES, ViewState, Vocabulary
from dashboard.store import Store, StoreError
from dashboard.substances import standard_series
from dashboard.ui import a11y, controls, share
from dashboard.ui.audience import download_notes, public_view, signed_in

SESSION_STATE_KEY = "_view_state"
PAGE_KEY = "_page"
NAVIGATION_KEY = "_navigation_slot"
EXPORT_NOTES_KEY = "_export_notes"
VOCABULARY_KEY = "_vocabulary"
SIDEBAR = "sidebar"
RESERVED_KEYS = tuple(p.key for p in view.PARAMS if not p.written)
NOT_SAVED = frozenset({"saved", "published", "present"})  # pages about saved views are not views themselves
FAVICON = Path(__file__).resolve().parents[2] / "static" / "favicon.png"
LANGUAGE_GROUP = "language"
LANGUAGE_KEY = controls.key("lang")
# The whole app reads right to left in Arabic; charts and maps keep their own (left-to-right) order, so that an axis
# still runs from the first year to the last. A headline figure reads as its sentence does ("388.9 طن": the number
# first, on the right); Streamlit aligns headings left, so they are set right here. plotly.js measures each label in
# a hidden SVG of its own (``#js-plotly-tester``, under <body>): measured right to left, an Arabic tick label
# ("1.5 ألف") comes out narrower than drawn and the axis title is laid over it. Arabic marks above a letter (the
# shadda of "يُبلَّغ") rise above the tight line of a headline figure, onto its label: the line is taller there. The
# options of a segmented control overlap their borders by a negative right margin, which right to left pushes the
# first option a pixel past the column's edge, where its border is cut: the overlap is on the left there. A slider
# keeps the right-to-left layout its own script gives it (its thumbs follow the browser's language): set left to
# right by style alone, its track and its thumbs disagreed.
RTL_CSS = """<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] {direction: rtl;}
[data-testid="stSidebar"] {text-align: right;}
.js-plotly-plot, .stPlotlyChart, [data-testid="stDeckGlJsonChart"], canvas, code, pre {direction: ltr;}
#js-plotly-tester {direction: ltr;}
[data-testid="stMain"] .stElementContainer, [data-testid="stHeading"], [data-testid="stHeading"] h1,
[data-testid="stHeading"] h2, [data-testid="stHeading"] h3, [data-testid="stMetricValue"] {text-align: right;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {line-height: 1.6 !important;}
[data-testid="stButtonGroup"] [role="radiogroup"] > * {margin-right: 0; margin-left: -1px;}
</style>"""
# Sets the document's language and direction (``dir="rtl"`` for Arabic), which screen readers and the browser's own
# text layout read. The language code comes from i18n.LANGUAGES only, never from the URL as written. A data grid
# writes its numbers ("localized") in the first of the browser's languages (navigator.languages), so a French page
# in an English browser showed "1,048,092.6" beside "1 048 092,6" in its sentences: the grid is told the page's
# language instead (chromium's CLDR data write the six languages as Babel does). The frontend's own words (Streamlit's
# and plotly.js's: "Help for …", "Clear all", the skip link) are English in every language: the page's words for them
# go with each run to ``a11y.js``, which puts them in place.
DOCUMENT_LANGUAGE_JS = """<script>
document.documentElement.lang = "{lang}"; document.documentElement.dir = "{direction}";
Object.defineProperty(navigator, "languages", {{configurable: true, get: () => ["{lang}"]}});
window.__dashboardFrontendWords = {words};
window.dispatchEvent(new Event("dashboard-words"));
</script>"""


# No spinner text here: a decorator argument is evaluated once, at import, in English; dataset() shows a
# translated spinner around the call instead (it appears only when the load takes time).
@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(root: str, version: str, public: bool) -> Dataset:
    return load_dataset(Store(root), public=public)


@st.cache_resource(show_spinner=False)
def _recovered(root: str) -> list[str]:
    """Once per server process and store: finish what a killed import left (``Store.recover``)."""
    return Store(root).recover()


def store_problem(error: StoreError) -> None:
    """A damaged or missing store file: a plain message, never a traceback, and the page stops. The public is
    told only that the data are unavailable; staff get the file and the command that sets it aside."""
    if public_view():
        st.error(_("The data are unavailable for a moment: the administrators are restoring a stored file."))
    else:
        st.error(
            _(
                "The data store needs attention: {problem}. Run `python -m dashboard check` on the server, then "
                "`python -m dashboard check --quarantine` to set the damaged source aside."
            ).format(problem=text.markdown(f"{error.file}: {error.reason}"))
        )
    st.stop()


def dataset() -> Dataset:
    """The loaded data, held once per store version and audience (a new import is picked up on the next rerun; the
    public never gets the frames of restricted sources)."""
    store = Store()
    try:
        _recovered(str(store.root))
        with st.spinner(_("Loading data…")):
            return _dataset(str(store.root), store.version(), public_view())
    except StoreError as error:
        store_problem(error)
        raise  # st.stop() has already ended the run


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _reserved_params() -> dict[str, list[str]]:
    """The parameters Streamlit keeps out of ``st.query_params`` (``embed``), from the query string the browser
    sent."""
    context = get_script_run_ctx()
    raw = parse_qs(context.query_string if context else "")
    return {key: raw[key] for key in RESERVED_KEYS if key in raw}


def url_query() -> str:
    """The URL's query string as the browser sent it (for a page that hands it to another page's parser)."""
    return urlencode(_url_params(), doseq=True)


def current_state(page: str, data: Dataset, *, vocabulary: Vocabulary | None = None) -> tuple[ViewState, list[str]]:
    """The view state for this run: the URL when it says something new, else what this session last showed (with
    the page's own parameters from the URL).

    ``vocabulary``: what the URL may name, when a page allows more than the loaded data (by default its own)."""
    from_url, notices = view.from_query(
        {**_url_params(), **_reserved_params()}, vocabulary or data.vocabulary, page=page
    )
    remembered: ViewState | None = st.session_state.get(SESSION_STATE_KEY)
    url_has_state = any(key in view.STATE_KEYS for key in st.query_params)
    if remembered is not None and not url_has_state:
        return remembered.with_(page=from_url.page, embed=from_url.embed), notices
    return from_url, notices


def publish(state: ViewState) -> None:
    """Write the view to the URL (only non-default values) and remember it for the next page of this session.

    When a page's own control changed a filter the sidebar shows (the Routes page's arc width sets the measure), the
    page runs once more, so that the sidebar, drawn before that control, shows it too."""
    st.session_state[SESSION_STATE_KEY] = state
    wanted = view.to_query(state, page=st.session_state.get(PAGE_KEY))
    if _url_params() != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
    shown = st.session_state.get(controls.SYNC_PREFIX + SIDEBAR)
    vocabulary = st.session_state.get(VOCABULARY_KEY)
    if shown is not None and vocabulary is not None and shown != sidebar_values(state, vocabulary):
        st.rerun()
    slot = st.session_state.get(NAVIGATION_KEY)
    if slot is not None:
        # Redrawn on every publish, so the links carry the controls a page sets after the sidebar.
        navigation(state, slot.container())


def setup_page(title: str) -> None:
    # A local image: a ":material/...:" page icon makes the browser fetch the favicon from a font CDN.
    page_title = _("{page} · Seizure dashboard").format(page=title)
    st.set_page_config(page_title=page_title, page_icon=str(FAVICON), layout="wide")
    a11y.inject()


def _browser_language() -> str:
    """The language the browser asks for (its Accept-Language header, else its locale)."""
    try:
        header = st.context.headers.get("Accept-Language")
        return i18n.negotiate(header or st.context.locale)
    except (AttributeError, RuntimeError):  # AppTest has no browser
        return i18n.SOURCE_LANGUAGE


def choose_language(state: ViewState) -> ViewState:
    """The language of this run: the selector's (when a person just changed it), else the link's, else the
    browser's. Sets it for every ``_()`` of the run, draws the selector (each language named in itself) and marks
    the document's language and direction."""
    shown = state.language or _browser_language()
    controls.sync(LANGUAGE_GROUP, {LANGUAGE_KEY: shown})
    chosen = st.session_state.get(LANGUAGE_KEY, shown)
    i18n.set_language(chosen)
    chosen = st.sidebar.selectbox(
        _("Language"),
        i18n.LANGUAGES,
        key=LANGUAGE_KEY,
        format_func=i18n.NAMES.__getitem__,
        placeholder=_(text.CHOOSE),
    )
    controls.settle(LANGUAGE_GROUP, {LANGUAGE_KEY: chosen})
    i18n.set_language(chosen)
    right_to_left = i18n.is_right_to_left(chosen)
    if right_to_left:
        st.html(RTL_CSS)
    # The frontend's own words (a button's name, a tooltip) for a11y.js, as JSON that cannot end the script.
    words = json.dumps(text.frontend_words(), ensure_ascii=True).replace("<", "\\u003c")
    script = DOCUMENT_LANGUAGE_JS.format(lang=chosen, direction="rtl" if right_to_left else "ltr", words=words)
    st.html(script, unsafe_allow_javascript=True)
    return state.with_(language=chosen) if chosen != shown else state


def navigation(state: ViewState, container) -> None:
    """Links to every page that carry the current view, so filters survive a change of page."""
    params = view.to_query(state.shared())  # page-specific settings stay on their page
    for page in PAGES.values():
        link(page.key, _(page.label), query_params=params, container=container)


def forward_icon() -> str:
    """The icon of a link that leads on: an arrow pointing the way the text reads (left in Arabic)."""
    return ":material/arrow_back:" if i18n.is_right_to_left() else ":material/arrow_forward:"


def link(page: str, label: str, *, query_params: dict | None = None, container=None, icon: str | None = None) -> None:
    """A link to another page of the app that carries ``query_params``."""
    container = container or st
    target = PAGES[page]
    try:
        container.page_link(target.script, label=label, icon=icon or target.icon, query_params=query_params)
    except StreamlitPageNotFoundError:
        # Only when a page file runs as its own entry script (AppTest): fall back to a plain link.
        container.markdown(f"[{text.markdown(label)}](/{target.url_path}?{urlencode(query_params or {}, doseq=True)})")


def profile_link(state: ViewState, iso3: str, label: str, *, container=None) -> None:
    """A link to the country profile of ``iso3`` that carries the current view."""
    link("profile", label, query_params=view.to_query(state.shared().with_(country=iso3)), container=container)


def demo_notice(data: Dataset) -> None:
    if data.is_demo:
        notice = _(
            "**{label}.** Nothing has been imported yet, so every figure on this page is generated by the project to "
            "show how the dashboard works. Import real files with `python -m dashboard import FILE` (see the Data "
            "and sources page)."
        )
        st.warning(notice.format(label=text.demo_label()), icon=":material/science:")


def url_notices(notices: Sequence[str | None]) -> None:
    shown = [n for n in notices if n]
    if shown:
        st.info(
            _("Some values in the link were not valid and the defaults were used instead: {notices}").format(
                notices=text.grouped(text.markdown(n) for n in shown)
            )
        )


# ---- sidebar filters ---------------------------------------------------------------------------------------------
LIST_FILTERS = {  # ViewState field -> (label, placeholder, labels of values)
    "classes": (N_("Substance class"), N_("All classes"), text.CLASS_LABELS),
    "groups": (N_("Substance group"), N_("All groups"), None),
    "substances": (N_("Substance"), N_("All substances"), None),
    "regions": (N_("Region of seizing country"), N_("World"), None),
    "subregions": (N_("Subregion of seizing country (UN M49 or UNODC)"), N_("All subregions"), None),
    **{
        p.attribute: (p.label or p.attribute, N_("All"), text.CASE_LABELS.get(p.attribute))
        for p in view.FILTER_PARAMS
        if p.label
    },
}


def sidebar_values(state: ViewState, vocabulary: Vocabulary) -> dict[str, object]:
    """The sidebar's widget values as ``state`` gives them."""
    first, last = vocabulary.years
    # A view may reach further than this page's years (set on another page): the control shows it cut to them.
    chosen = tuple(min(max(year, first), last) for year in state.years(vocabulary))
    values: dict[str, object] = {controls.key("years"): chosen}
    for name in LIST_FILTERS:
        allowed = set(filter_options(name, vocabulary, state.classes))
        values[controls.key(name)] = [v for v in getattr(state, name) if v in allowed]
    values[controls.key("series")] = [v for v in state.series if v in view.SERIES]
    values[controls.key("measure")] = state.measure
    values[controls.key("dataset")] = state.dataset
    values[controls.key("plants")] = state.include_plants
    values[controls.key("suspect")] = state.include_suspect
    values[controls.key("outliers")] = state.include_outliers
    return values


def filter_options(name: str, vocabulary: Vocabulary, classes: Sequence[str]) -> tuple[str, ...]:
    """What a list filter of the sidebar offers, in the alphabetical order of its labels in the reader's language;
    substance groups only of the chosen classes (a group of another class could only empty the view)."""
    if name == "groups":
        return tuple(text.in_label_order(view.groups_of_classes(vocabulary, classes)))
    if name == "classes":  # in the order of the classification, drugs first
        return vocabulary.classes
    return tuple(text.in_label_order(getattr(vocabulary, name), LIST_FILTERS[name][2]))


def series_help() -> str:
    """Each standard series with its definition, for the hover help of the series filter."""
    lines = [_(text.SERIES_HELP_INTRO)]
    for series in standard_series().values():
        lines.append(f"- **{text.markdown(_(series.label))}**: {text.markdown(series.definition)}")
    return "\n".join(lines)


def page_vocabulary(data: Dataset, page: str | None) -> Vocabulary:
    """What the sidebar offers on ``page``: the data's vocabulary, with only the case records' years on a page that
    reads case records alone (``pages.csv``: ``years``)."""
    vocabulary = data.vocabulary
    if page in PAGES and PAGES[page].years == "cases" and not data.case_cube.is_empty():
        years = (int(data.case_cube["year"].min()), int(data.case_cube["year"].max()))
        return replace(vocabulary, years=years)
    return vocabulary


def _year_end(chosen: int, bound: int, before: int | None, *, beyond) -> int | None:
    """A year of the slider as the view keeps it: none at the data's end, unless the view reached beyond this page's
    years (set on another page) and the control still sits at the page's end."""
    if chosen != bound:
        return chosen
    return before if before is not None and beyond(before, bound) else None


def sidebar(data: Dataset, state: ViewState, *, show: Sequence[str], page: str | None = None) -> ViewState:
    """The shared sidebar, kept in step with the view (``controls.sync``); the view as its widgets now set it."""
    vocabulary = page_vocabulary(data, page)
    st.session_state[VOCABULARY_KEY] = vocabulary
    controls.sync(SIDEBAR, sidebar_values(state, vocabulary))
    changes: dict = {}
    bar = st.sidebar
    bar.header(_("Filters"))
    first, last = vocabulary.years
    if "years" in show and first < last:
        chosen = bar.slider(_("Years"), min_value=first, max_value=last, key=controls.key("years"), step=1)
        full_first, full_last = data.vocabulary.years
        changes["year_from"] = _year_end(chosen[0], first, state.year_from, beyond=operator.lt)
        changes["year_to"] = _year_end(chosen[1], last, state.year_to, beyond=operator.gt)
        # At the data's own ends a year is left out of the link ("from the first year").
        changes["year_from"] = None if changes["year_from"] == full_first else changes["year_from"]
        changes["year_to"] = None if changes["year_to"] == full_last else changes["year_to"]
    if "series" in show:
        changes["series"] = tuple(
            bar.multiselect(
                _(text.SERIES_LABEL),
                list(view.SERIES),
                key=controls.key("series"),
                format_func=lambda key: _(view.SERIES[key]),
                placeholder=_(text.SERIES_PLACEHOLDER),
                help=series_help(),
            )
        )
    for name, (label, placeholder, labels) in LIST_FILTERS.items():
        if name in show:
            options = filter_options(name, vocabulary, changes.get("classes", state.classes))
            chosen_before = st.session_state.get(controls.key(name))
            if isinstance(chosen_before, list) and not set(chosen_before) <= set(options):
                # A class changed above: groups of the classes no longer chosen leave the choice with them.
                st.session_state[controls.key(name)] = [v for v in chosen_before if v in options]
            chosen = bar.multiselect(
                _(label),
                options,
                key=controls.key(name),
                format_func=lambda value, labels=labels: text.label(value, labels),
                placeholder=_(placeholder),
            )
            changes[name] = tuple(chosen)
    if "measure" in show:
        changes["measure"] = bar.radio(
            _("Measure"), list(MEASURES), key=controls.key("measure"), format_func=lambda key: _(MEASURES[key])
        )
    if "dataset" in show:
        changes["dataset"] = bar.radio(
            _("Kilograms from"),
            list(view.DATASETS),
            key=controls.key("dataset"),
            format_func=lambda key: _(view.DATASETS[key]),
            help=_("Annual reports are Governments' yearly totals; case records are individual seizures."),
        )
    if "plants" in show:
        changes["include_plants"] = bar.checkbox(
            _("Include plant material (coca leaf and bush, cannabis plants)"),
            key=controls.key("plants"),
            help=_("Plant material is weighed fresh and would swamp processed drugs, so it is left out by default."),
        )
    if "suspect" in show:
        changes["include_suspect"] = bar.checkbox(
            _(text.SUSPECT_LABEL), key=controls.key("suspect"), help=_(text.SUSPECT_HELP)
        )
    if "outliers" in show:
        changes["include_outliers"] = bar.checkbox(
            _(text.OUTLIERS_LABEL), key=controls.key("outliers"), help=_(text.OUTLIERS_HELP)
        )
    hidden = [
        f"{_(text.FILTER_NAMES.get(name, name))}: {', '.join(text.label(v) for v in getattr(state, name))}"
        for name in view.CASE_ONLY_FILTERS
        if name not in show and getattr(state, name)
    ]
    if hidden:
        # Filters set on another page still apply here; say so rather than filter invisibly.
        bar.caption(
            _("Also filtered (set on the Routes or Trends page): {filters}").format(
                filters=text.markdown(text.grouped(hidden))
            )
        )
    new_state = view.measure_scope(state.with_(**changes))
    controls.settle(SIDEBAR, sidebar_values(new_state, vocabulary))
    return new_state


def begin(
    page: str, *, widen: Callable[[Vocabulary], Vocabulary] | None = None
) -> tuple[Dataset, ViewState, list[str]]:
    """What every page does first: set-up, data, the view from the URL, the slot the navigation links go in.

    ``widen``: for a page whose URL may name more than the loaded data allows (e.g. any replying Government)."""
    st.session_state[PAGE_KEY] = page
    st.session_state.pop(VOCABULARY_KEY, None)  # set again by the sidebar, on pages that have one
    data = dataset()
    vocabulary = widen(data.vocabulary) if widen else None
    state, notices = current_state(page, data, vocabulary=vocabulary)
    state = choose_language(state)
    if notices:  # read before the language was known (the link names it): written again in the reader's
        notices = current_state(page, data, vocabulary=vocabulary)[1]
    setup_page(_(PAGES[page].title))
    st.session_state[EXPORT_NOTES_KEY] = export_notes(data)
    if state.embed:
        share.hide_chrome()
    st.session_state[NAVIGATION_KEY] = st.sidebar.empty()
    who = signed_in()
    if who and not state.embed:
        st.sidebar.caption(_("Signed in as {who}: restricted data shown").format(who=text.markdown(who)))
    if page not in NOT_SAVED and not state.embed and may_write(public=public_view()):
        share.save_form(state, page)
    return data, state, notices


def start(page: str) -> tuple[Dataset, ViewState]:
    """Everything a seizure page does before its own content: ``begin``, the sidebar, the URL, the notices."""
    data, state, notices = begin(page)
    filters = PAGES[page].sidebar
    before = view.with_default_series(state, page)
    state = view.after_sidebar(before, sidebar(data, before, show=filters, page=page), page)
    publish(state)
    st.title(_(PAGES[page].title))
    demo_notice(data)
    if data.public:
        st.caption(text.public_caption(min_cell()))
    url_notices(notices)
    if "classes" in filters:
        warning = mixed_classes_warning(state, data.vocabulary)
        if warning:
            st.warning(warning, icon=":material/balance:")
    return data, state


def export_notes(data: Dataset) -> list[str]:
    notes = [_("Source: {source}").format(source=data.citation)]
    if data.is_demo:
        notes.insert(0, text.demo_note())
    return notes


# ---- chart and table helpers ---------------------------------------------------------------------------------------
def chart_footer(exhibit: Exhibit, state: ViewState) -> None:
    """Under every chart: the Share panel (permalink, published links, iframe snippet, image and data downloads)."""
    if not state.embed:
        share.panel(exhibit, state, st.session_state.get(PAGE_KEY, "overview"))


def filters_of_state(state: ViewState) -> str:
    """The view's filters in words, as every exported image carries them."""
    return filters_of(dataset(), state)


def download_csv(
    frame: pl.DataFrame | Callable[[], pl.DataFrame],
    file_name: str,
    *,
    label: str | None = None,
    notes=None,
) -> None:
    """A CSV download whose first lines name the source (and say so when the data are demonstration data).
    ``frame`` may be a function giving the frame: it then runs only when the button is clicked."""
    lines = download_notes(notes if notes is not None else st.session_state.get(EXPORT_NOTES_KEY, []))
    st.download_button(
        label or _("Download the data (CSV)"),
        data=lambda: csv_bytes(frame() if callable(frame) else frame, header_lines=lines),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=controls.download_key(file_name),
    )


def profile_link_column(label: str | None = None) -> st.column_config.LinkColumn:
    """A table column of links to the country profile; the cell holds the URL, the text shows the ISO3 code."""
    return st.column_config.LinkColumn(
        label or _("Profile"), display_text=r"country=([A-Z]{3})", help=_("Open the country profile")
    )
