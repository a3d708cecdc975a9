"""The view state and its URL schema: one object holds every filter, measure and selection of every page.

The URL, the widgets and every query read this object; nothing else holds filter values. ``from_query`` parses hostile
URL parameters against the vocabulary of the loaded data (unknown values fall back to the default and produce a
notice); ``to_query`` writes only what differs from the defaults, so a copied link is short and exact.

Every URL parameter is declared once, in ``PARAMS``: the shared ones (filters, measure, compared countries) and each
page's own (``Param.page``), which live in ``ViewState.page`` and are kept only on their page. A copied link is a
promise: when a key is renamed, ``reference/url_migrations.csv`` says so and ``migrate_query`` rewrites old links.
Pages themselves are listed in ``reference/pages.csv`` (``PAGES``), so a link to any page is built here too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from dashboard.i18n import LANGUAGES, N_, _
from dashboard.measures import LABELS as MEASURES
from dashboard.measures import MEASURES as MEASURE_FACTS
from dashboard.reference import read_rows

# Labels are marked for translation here and translated where shown (``_(DATASETS[key])``).
ORIGINS = {"departure": N_("Country of departure"), "producing": N_("Producing country")}
BREAKDOWNS = {
    "group": N_("Substance group"),
    "substance": N_("Substance"),
    "region": N_("Region"),
    "subregion": N_("Subregion"),
    # UNODC's own groupings, read from the imported data (``countries.unodc_membership``): not unions of M49 areas.
    "unodc_region": N_("UNODC region"),
    "unodc_subregion": N_("UNODC subregion"),
    "country": N_("Country"),
}
# The area schemes a regional comparison offers (``countries.AREA_SCHEMES``), labelled with their scheme.
AREA_LEVEL_LABELS = {
    "region": N_("UN M49 region"),
    "subregion": N_("UN M49 subregion"),
    "unodc_region": N_("UNODC region"),
    "unodc_subregion": N_("UNODC subregion"),
}
RESOLUTIONS = {"year": N_("Year"), "month": N_("Month")}
DATASETS = {"annual": N_("Annual reports (country totals)"), "cases": N_("Individual seizure cases")}
MAX_COMPARE = 8
TOP_CORRIDORS = ("10", "25", "50", "100", "300")  # how many corridors the route map draws (``top``)
ROUTE_LEVELS = {"country": N_("Country"), "subregion": N_("Subregion"), "region": N_("Region")}  # what a corridor joins
ALL = "all"  # a list parameter that says "every value" where the default is a narrower choice
MAX_LIST = 60  # longest list a URL parameter may carry: anything longer is hostile or a mistake
MAX_TEXT = 200  # longest free text a URL parameter may carry
# UNODC's standard series (cocaine, heroin, ...): their definitions are dashboard.substances.standard_series.
SERIES: dict[str, str] = {row["key"]: row["label"] for row in read_rows("standard_series.csv")}
ISO3 = re.compile(r"^[A-Z]{3}$")
TOKEN = re.compile(r"^[\w .,:;()'/&+-]{1,120}$")  # a value a page checks against its own data (an id, a name)


# ---- pages ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    key: str
    script: str  # the file Streamlit runs, relative to the repository
    url_path: str  # the path Streamlit serves it at ("" for the entry page)
    label: str
    icon: str
    seizure_data: bool  # False for a page that shows other data (e.g. shipped meeting replies)
    sidebar: tuple[str, ...]  # the shared filters its sidebar offers (ViewState fields and "years", "plants")
    title: str  # the heading of the page (its label when the table leaves it empty)
    years: str = ""  # "cases": its year control offers only the years of the case records (all it reads)
    # The standard series it shows when the view names no series, group or substance (like with like: kilograms of
    # cocaine, never cocaine, cannabis and heroin added up); the page parameter ``every`` asks for every drug.
    default_series: tuple[str, ...] = ()


def _read_pages() -> dict[str, Page]:
    return {
        row["key"]: Page(
            row["key"],
            row["script"],
            row["url_path"],
            row["label"],
            row["icon"],
            row["seizure_data"] == "true",
            tuple(row["sidebar"].split()),
            row["title"] or row["label"],
            row.get("years") or "",
            tuple((row.get("default_series") or "").split()),
        )
        for row in read_rows("pages.csv")
    }


PAGES: dict[str, Page] = _read_pages()


# ---- the vocabulary and the state ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    """What the loaded data allows. Built once per store version by the query layer."""

    years: tuple[int, int] = (2000, 2030)
    classes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO3 codes present in the data
    regions: tuple[str, ...] = ()
    # UN M49 subregions and intermediate regions with a country in the data, then UNODC's regions and subregions of
    # the loaded store (named by ``countries.unodc_key``: "UNODC subregion: West and Central Africa")
    subregions: tuple[str, ...] = ()
    group_classes: tuple[tuple[str, str], ...] = ()  # (substance group, its class) pairs in the data
    unodc_areas: tuple[str, ...] = ()  # the UNODC regions and subregions among ``subregions`` (none: not offered)
    places: tuple[str, ...] = ()  # a route's destination or transit: a country (ISO3), an M49 area or a UNODC area
    conveyances: tuple[str, ...] = ()
    concealments: tuple[str, ...] = ()
    routings: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewState:
    # Narcotic drugs and psychotropics by default: kilograms of drugs, precursor chemicals and refrigerants are never
    # added up unless a person asks for it. An empty tuple means every class ("cls=all" in the URL).
    classes: tuple[str, ...] = ("drug",)
    groups: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()
    series: tuple[str, ...] = ()  # UNODC's standard series (keys of SERIES); empty: no such filter
    year_from: int | None = None  # None means the first year of the data
    year_to: int | None = None
    regions: tuple[str, ...] = ()
    subregions: tuple[
        str, ...
    ] = ()  # UN M49 subregions or intermediate regions, or UNODC areas, of the seizing country
    countries: tuple[str, ...] = ()  # compared countries (ISO3)
    country: str | None = None  # the profiled country (ISO3)
    measure: str = "kg"
    dataset: str = "annual"
    origin: str = "departure"
    conveyances: tuple[str, ...] = ()
    concealments: tuple[str, ...] = ()
    routings: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    breakdown: str = "group"
    resolution: str = "year"
    log_scale: bool = False
    include_plants: bool = False
    # Case records flagged check_amount (over 2 t in one air seizure, ...) are left out of rankings, sums and maps
    # unless a person asks for them: one slip of unit must not head a ranking.
    include_suspect: bool = False
    # Country-years far from their own series (``outlier_year``: Namibia's 1,414 t of cannabis in 2020) are left out of
    # rankings unless a person asks for them: one implausible year must not head a ranking.
    include_outliers: bool = False
    embed: bool = False  # chrome-less, for an iframe: no sidebar, navigation or menu
    # The interface language ("lang="): None until a person or a link chooses one (the browser's Accept-Language
    # decides meanwhile), so a copied link carries a language only when one was chosen.
    language: str | None = None
    # The current page's own parameters (``Param.page``), parsed: key -> value. Only what differs from the default.
    page: dict[str, Any] = field(default_factory=dict, hash=False)

    def years(self, vocabulary: Vocabulary) -> tuple[int, int]:
        first, last = vocabulary.years
        return (self.year_from or first, self.year_to or last)

    def with_(self, **changes: Any) -> ViewState:
        return replace(self, **changes)

    def shared(self) -> ViewState:
        """The view without the page's own parameters: what a link to another page carries."""
        return replace(self, page={})


DEFAULT = ViewState()


# ---- the URL schema ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    key: str  # the URL parameter name
    attribute: str  # the ViewState field; for a page parameter, its key in ``ViewState.page``
    kind: str  # "list", "choice", "year", "iso3", "flag", "text" (free text), "token" (checked by the page)
    choices: Collection[str] | None = None  # fixed choices; None means the data's vocabulary
    vocabulary: str | None = None  # attribute of Vocabulary giving allowed values
    page: str | None = None  # the page this parameter belongs to; None: shared by every page
    default: Any = None  # a page parameter's default (left out of the URL); None: the page decides
    column: str | None = None  # a filter: the column of the data it filters
    tables: tuple[str, ...] = ()  # a filter: the tables that have that column ("cases", "annual")
    label: str | None = None  # a filter: what its control is called
    written: bool = True  # False: read from links but never written (Streamlit keeps ``embed`` in the address itself)


BOTH = ("cases", "annual")
CASES_ONLY = ("cases",)
PARAMS: tuple[Param, ...] = (
    Param("cls", "classes", "list", vocabulary="classes", column="substance_class", tables=BOTH),
    Param("grp", "groups", "list", vocabulary="groups", column="substance_group", tables=BOTH),
    Param("sub", "substances", "list", vocabulary="substances", column="substance", tables=BOTH),
    Param("ser", "series", "list", choices=SERIES),
    Param("from", "year_from", "year"),
    Param("to", "year_to", "year"),
    Param("reg", "regions", "list", vocabulary="regions"),
    Param("subreg", "subregions", "list", vocabulary="subregions"),
    Param("c", "countries", "list", vocabulary="countries"),
    Param("country", "country", "iso3", vocabulary="countries"),
    Param("m", "measure", "choice", choices=MEASURES),
    Param("ds", "dataset", "choice", choices=DATASETS),
    Param("origin", "origin", "choice", choices=ORIGINS),
    # How a seizure was made: only case records say, so these filters switch a view to case records.
    Param(
        "conv",
        "conveyances",
        "list",
        vocabulary="conveyances",
        column="conveyance",
        tables=CASES_ONLY,
        label=N_("Conveyance"),
    ),
    Param(
        "conc",
        "concealments",
        "list",
        vocabulary="concealments",
        column="concealment",
        tables=CASES_ONLY,
        label=N_("Concealment"),
    ),
    Param("route", "routings", "list", vocabulary="routings", column="routing", tables=CASES_ONLY, label=N_("Routing")),
    Param("chan", "channels", "list", vocabulary="channels", column="channel", tables=CASES_ONLY, label=N_("Channel")),
    Param("by", "breakdown", "choice", choices=BREAKDOWNS),
    Param("res", "resolution", "choice", choices=RESOLUTIONS),
    Param("log", "log_scale", "flag"),
    Param("plants", "include_plants", "flag"),
    Param("chk", "include_suspect", "flag"),
    Param("outl", "include_outliers", "flag"),
    # Chrome-less for iframes. Streamlit reserves the key: it keeps it in the address and hides it from the app's
    # query parameters, so the frame reads it from the raw query string.
    Param("embed", "embed", "flag", written=False),
    Param("lang", "language", "choice", choices=LANGUAGES),
    # ---- page parameters --------------------------------------------------------------------------------------
    Param("transit", "transit", "flag", page="routes", default=True),
    # Corridors whose destination, or whose departure or transit country, is one of these countries or UN M49 areas:
    # "dest=Europe&via=Western Africa" is the corridors feeding Europe via West Africa.
    Param("dest", "destinations", "list", vocabulary="places", page="routes", default=()),
    Param("via", "via", "list", vocabulary="places", page="routes", default=()),
    Param("top", "top", "choice", choices=TOP_CORRIDORS, page="routes", default="25"),
    Param("agg", "level", "choice", choices=ROUTE_LEVELS, page="routes", default="country"),
    Param("view", "view", "choice", choices=("table", "change"), page="trends", default="table"),
    Param("every", "every", "flag", page="trends", default=False),  # every drug, not the page's default series
    Param("every", "every", "flag", page="compare", default=False),
    Param("cmp", "kind", "choice", choices=("countries", "regions"), page="compare", default="countries"),
    # Which areas "regions" compares: UN M49 regions or subregions, or UNODC's regions or subregions.
    Param("lvl", "level", "choice", choices=AREA_LEVEL_LABELS, page="compare", default="region"),
    Param("view", "view", "choice", choices=("ranking", "map"), page="compare", default="ranking"),
    Param("yr", "year", "year", page="compare"),  # the year of the ranking and the map; None: the latest
    Param(
        "view",
        "view",
        "choice",
        choices=("data", "sources", "reports", "coverage", "flags", "import"),
        page="data",
        default="data",
    ),
    Param("meeting", "meeting", "token", page="meetings"),
    Param("view", "view", "choice", choices=("matrix", "map", "rec", "country"), page="meetings"),
    Param("sort", "sort", "choice", choices=("country", "region", "completeness"), page="meetings", default="country"),
    Param("rec", "rec", "token", page="meetings"),
    Param("q", "query", "text", page="meetings", default=""),
    Param("all", "search_all", "flag", page="meetings", default=False),
    Param("imp", "importer", "token", page="licit"),
    Param("lsub", "substance", "token", page="licit"),
    Param("ly", "year", "token", page="licit"),
    Param("flags", "flags", "choice", choices=("selection", "all"), page="licit", default="selection"),
    # Published views: "/?v=<id>" on the entry page leads to the published view's own page.
    Param("v", "published", "token", page="overview"),
    Param("v", "published", "token", page="published"),
    Param("page", "target", "choice", choices=tuple(PAGES), page="published"),
    Param("author", "author", "text", page="saved", default=""),
    Param("on", "on", "choice", choices=tuple(PAGES), page="saved"),
    Param("deck", "deck", "token", page="present"),
    Param("auto", "auto", "choice", choices=("off", "10", "20", "30", "60"), page="present", default="off"),
)
SHARED_PARAMS: dict[str, Param] = {p.key: p for p in PARAMS if p.page is None}
STATE_KEYS = frozenset(SHARED_PARAMS)
FILTER_PARAMS: tuple[Param, ...] = tuple(p for p in PARAMS if p.column)
CASE_ONLY_FILTERS: tuple[str, ...] = tuple(p.attribute for p in FILTER_PARAMS if p.tables == CASES_ONLY)


def groups_of_classes(vocabulary: Vocabulary, classes: Collection[str]) -> tuple[str, ...]:
    """The substance groups a group filter offers: those of the chosen classes (every group when none is chosen, or
    when the data does not say which class a group is of)."""
    if not classes or not vocabulary.group_classes:
        return vocabulary.groups
    kept = {group for group, cls in vocabulary.group_classes if cls in classes}
    return tuple(g for g in vocabulary.groups if g in kept)


def page_params(page: str | None) -> dict[str, Param]:
    """The parameters of ``page`` by URL key (none for ``None``)."""
    return {p.key: p for p in PARAMS if page is not None and p.page == page}


def page_defaults(page: str) -> dict[str, Any]:
    return {p.attribute: p.default for p in page_params(page).values()}


# ---- renamed keys ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Migration:
    page: str | None  # the page whose links it rewrites; None: every page
    old_key: str
    new_key: str
    old_value: str | None  # rewrite only this value (and the key); None: any value
    new_value: str | None
    since: str
    reason: str


def _read_migrations() -> tuple[Migration, ...]:
    return tuple(
        Migration(
            row["page"] or None,
            row["old_key"],
            row["new_key"],
            row["old_value"] or None,
            row["new_value"] or None,
            row["since"],
            row["reason"],
        )
        for row in read_rows("url_migrations.csv")
    )


MIGRATIONS: tuple[Migration, ...] = _read_migrations()


def migrate_query(params: Mapping[str, str | Sequence[str]], page: str | None) -> dict[str, list[str]]:
    """Old links rewritten to today's keys and values, in the order the renames happened. A new key already in the
    link wins over the old one it replaces."""
    out = {key: _values(raw) for key, raw in params.items()}
    for rule in MIGRATIONS:
        if rule.page not in (None, page) or rule.old_key not in out:
            continue
        values = out[rule.old_key]
        if rule.old_value is not None:
            if rule.old_value not in values:
                continue
            values = [rule.new_value if v == rule.old_value else v for v in values]
        if rule.old_key != rule.new_key:
            del out[rule.old_key]
            if rule.new_key in out:
                continue
        out[rule.new_key] = values
    return out


# ---- parsing and writing ---------------------------------------------------------------------------------------------
def _values(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def from_query(
    params: Mapping[str, str | Sequence[str]], vocabulary: Vocabulary, *, page: str | None = None
) -> tuple[ViewState, list[str]]:
    """Parse URL parameters for ``page``. Invalid values are dropped (the default applies) and each one yields a
    notice; so does a key that neither the page nor the shared view knows."""
    notices: list[str] = []
    changes: dict[str, Any] = {}
    own: dict[str, Any] = {}
    known_here = page_params(page)
    for key, values in migrate_query(params, page).items():
        param = known_here.get(key) or SHARED_PARAMS.get(key)
        if param is None:
            if page is not None:
                notices.append(_("URL parameter {key} is not used on this page; ignored").format(key=shown(key)))
            continue
        value, problems = _parse(param, values, vocabulary)
        notices += [_("URL parameter '{key}': {problem}").format(key=key, problem=p) for p in problems]
        if value is None:
            continue
        if param.page is None:
            changes[param.attribute] = value
        elif value != param.default:
            own[param.attribute] = value
    state = replace(DEFAULT, **changes, page=own)
    state, more = _reconcile(state, vocabulary)
    return state, notices + more


def _allowed(param: Param, vocabulary: Vocabulary) -> set[str] | None:
    if param.choices is not None:
        return set(param.choices)
    if param.vocabulary:
        return set(getattr(vocabulary, param.vocabulary))
    return None


def _parse(param: Param, values: list[str], vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    allowed = _allowed(param, vocabulary)
    if param.kind == "list":
        return _parse_list(values, allowed)
    if not values:
        return None, []
    value = values[-1]
    parser = _SCALAR_PARSERS[param.kind]
    return parser(value, allowed, vocabulary)


def _parse_list(values: list[str], allowed: set[str] | None) -> tuple[Any, list[str]]:
    if values == [ALL]:
        return (), []
    if len(values) > MAX_LIST:
        return None, [_("too many values ({count}); ignored").format(count=len(values))]
    kept = [v for v in dict.fromkeys(values) if allowed is None or v in allowed]
    rejected = [v for v in values if v not in kept]
    problems = [_("unknown value {value} ignored").format(value=shown(v)) for v in dict.fromkeys(rejected)]
    return (tuple(kept) if kept else None), problems


def _parse_flag(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    if value in {"1", "true", "yes", "on"}:
        return True, []
    if value in {"0", "false", "no", "off"}:
        return False, []
    return None, [_("{value} is not a yes/no value; ignored").format(value=shown(value))]


def _parse_year(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    first, last = vocabulary.years
    if not re.fullmatch(r"\d{4}", value) or not first <= int(value) <= last:
        return None, [
            _("{value} is not a year between {first} and {last}; ignored").format(
                value=shown(value), first=first, last=last
            )
        ]
    return int(value), []


def _parse_iso3(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    value = value.upper()
    if not ISO3.match(value) or (allowed is not None and value not in allowed):
        return None, [_("{value} is not a country in the data; ignored").format(value=shown(value))]
    return value, []


def _parse_choice(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    if allowed is not None and value not in allowed:
        return None, [
            _("{value} is not one of {choices}; ignored").format(value=shown(value), choices=", ".join(sorted(allowed)))
        ]
    return value, []


def _parse_text(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:MAX_TEXT], []


def _parse_token(value: str, allowed: set[str] | None, vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    # The page checks the value against its own data (``page_choice``); here it only has to look like one.
    if not TOKEN.match(value):
        return None, [_("{value} is not a valid value; ignored").format(value=shown(value))]
    return value, []


_SCALAR_PARSERS = {
    "flag": _parse_flag,
    "year": _parse_year,
    "iso3": _parse_iso3,
    "choice": _parse_choice,
    "text": _parse_text,
    "token": _parse_token,
}


def measure_scope(state: ViewState) -> ViewState:
    """A measure that exists for one substance class only (ODP and CO2e: ozone-depleting substances and HFCs) looks
    at that class alone, whatever the class filter says."""
    only = MEASURE_FACTS[state.measure].only_class
    return state.with_(classes=(only,)) if only and state.classes != (only,) else state


def _reconcile(state: ViewState, vocabulary: Vocabulary) -> tuple[ViewState, list[str]]:
    """Rules between fields: a reversed year range is swapped, too many compared countries are cut."""
    notices = []
    if state.classes and vocabulary.classes and not set(state.classes) & set(vocabulary.classes):
        state = replace(state, classes=())  # e.g. a store of refrigerant seizures only: show what there is
    if state.year_from and state.year_to and state.year_from > state.year_to:
        state = replace(state, year_from=state.year_to, year_to=state.year_from)
        notices.append(_("the year range was reversed; swapped"))
    if len(state.countries) > MAX_COMPARE:
        notices.append(
            _("at most {count} countries can be compared; the first {count} are kept").format(count=MAX_COMPARE)
        )
        state = replace(state, countries=state.countries[:MAX_COMPARE])
    state, more = _classes_of_groups(state, vocabulary)
    return measure_scope(state), notices + more


def _classes_of_groups(state: ViewState, vocabulary: Vocabulary) -> tuple[ViewState, list[str]]:
    """A link naming groups of none of its classes (``grp=Precursors`` under the default narcotic drugs) would show
    nothing: the classes become those of the groups, and a notice says so."""
    offered = groups_of_classes(vocabulary, state.classes)
    if not state.groups or set(state.groups) & set(offered) or not vocabulary.group_classes:
        return state, []
    classes = tuple(sorted({cls for group, cls in vocabulary.group_classes if group in state.groups}))
    return replace(state, classes=classes), [f"the substance classes follow the groups chosen: {', '.join(classes)}"]


def to_query(state: ViewState, *, page: str | None = None) -> dict[str, str | list[str]]:
    """URL parameters for ``state``: only values that differ from the defaults, and the parameters of ``page``."""
    out: dict[str, str | list[str]] = {}
    for param in SHARED_PARAMS.values():
        value = getattr(state, param.attribute)
        if param.written and value != getattr(DEFAULT, param.attribute):
            out[param.key] = _written(param, value)
    for param in page_params(page).values():
        value = state.page.get(param.attribute)
        if value is not None and value != param.default:
            out[param.key] = _written(param, value)
    return out


def _written(param: Param, value: Any) -> str | list[str]:
    if param.kind == "list":
        return list(value) if value else ALL
    if param.kind == "flag":
        return "1" if value else "0"
    return str(value)


def page_url(page: str, state: ViewState | None = None) -> str:
    """The relative URL of ``page`` showing ``state`` (its page parameters too when they are that page's)."""
    params = to_query(state or DEFAULT, page=page)
    query = urlencode(params, doseq=True)
    return PAGES[page].url_path + (f"?{query}" if query else "")


# ---- a page's default series ---------------------------------------------------------------------------------------
def with_default_series(state: ViewState, page: str) -> ViewState:
    """The view as ``page`` shows it: its default series (``pages.csv``) when the view chooses no series, group or
    substance and does not ask for every drug (``every=1``)."""
    default = PAGES[page].default_series if page in PAGES else ()
    if not default or state.series or state.groups or state.substances or state.page.get("every"):
        return state
    return replace(state, series=default)


def after_sidebar(before: ViewState, chosen: ViewState, page: str) -> ViewState:
    """The view after the sidebar on a page with a default series: emptying the series asks for every drug
    (``every=1``, or the default would come straight back); choosing a group or substance while the default series
    is shown replaces it (cocaine and opioids at once would show nothing)."""
    default = PAGES[page].default_series if page in PAGES else ()
    if not default or "every" not in page_defaults(page):
        return chosen
    if before.series and not chosen.series and not chosen.groups and not chosen.substances:
        return with_page(chosen, page, every=True)
    narrowed = (chosen.groups, chosen.substances) != (before.groups, before.substances)
    if chosen.series == default == before.series and narrowed and (chosen.groups or chosen.substances):
        return replace(chosen, series=())
    return chosen


# ---- a page's own parameters ---------------------------------------------------------------------------------------
def page_value(state: ViewState, page: str, attribute: str) -> Any:
    """The value of one of ``page``'s parameters in ``state``, or its default."""
    return state.page.get(attribute, page_defaults(page)[attribute])


def with_page(state: ViewState, page: str, **values: Any) -> ViewState:
    """``state`` with ``page``'s parameters set; a value equal to its default is left out (a short link)."""
    defaults = page_defaults(page)
    unknown = set(values) - set(defaults)
    if unknown:
        raise KeyError(f"not a parameter of page {page!r}: {', '.join(sorted(unknown))}")
    merged = {**state.page, **values}
    kept = {k: v for k, v in merged.items() if v is not None and v != defaults.get(k)}
    return replace(state, page=kept)


def page_choice(
    state: ViewState, page: str, attribute: str, allowed: Collection[str], default: Any, *, reason: str | None = None
) -> tuple[Any, str | None]:
    """A page parameter whose allowed values come from the page's own data (a meeting, a recommendation): its value
    when ``allowed`` holds it, else ``default`` and a notice that says why (``reason``, by default the choices)."""
    value = state.page.get(attribute)
    if value is None or value in allowed:
        return (default if value is None else value), None
    key = next(p.key for p in page_params(page).values() if p.attribute == attribute)
    why = reason or _("is not one of {choices}").format(choices=", ".join(str(a) for a in allowed))
    return default, _("URL parameter '{key}': {value} {why}; ignored").format(key=key, value=shown(str(value)), why=why)


def shown(value: str) -> str:
    """A hostile value as it may appear in a notice: short, printable, quoted."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)[:40]
    return repr(cleaned)
