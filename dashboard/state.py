"""The view state and its URL schema: one object holds every filter, measure and selection of every page.

The URL, the sidebar widgets and every query read this object; nothing else holds filter values. ``from_query``
parses hostile URL parameters against the vocabulary of the loaded data (unknown values fall back to the default and
produce a notice); ``to_query`` writes only what differs from the defaults, so a copied link is short and exact.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

MEASURES = {
    "kg": "Quantity seized (kilograms)",
    "seizures": "Number of seizures",
    "odp_t": "Ozone-depleting potential (ODP tonnes)",
    "co2e_t": "Climate impact (tonnes CO2 equivalent)",
}
ORIGINS = {"departure": "Country of departure", "producing": "Producing country"}
BREAKDOWNS = {"group": "Substance group", "substance": "Substance", "region": "Region", "country": "Country"}
RESOLUTIONS = {"year": "Year", "month": "Month"}
DATASETS = {"annual": "Annual reports (country totals)", "cases": "Individual seizure cases"}
MAX_COMPARE = 8
ALL = "all"  # a list parameter that says "every value" where the default is a narrower choice
MAX_LIST = 60  # longest list a URL parameter may carry: anything longer is hostile or a mistake
ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Vocabulary:
    """What the loaded data allows. Built once per store version by the query layer."""

    years: tuple[int, int] = (2000, 2030)
    classes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO3 codes present in the data
    regions: tuple[str, ...] = ()
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
    year_from: int | None = None  # None means the first year of the data
    year_to: int | None = None
    regions: tuple[str, ...] = ()
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
    extras: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # page-specific, validated there

    def years(self, vocabulary: Vocabulary) -> tuple[int, int]:
        first, last = vocabulary.years
        return (self.year_from or first, self.year_to or last)

    def with_(self, **changes: Any) -> ViewState:
        return replace(self, **changes)


DEFAULT = ViewState()


@dataclass(frozen=True)
class Param:
    key: str  # the URL parameter name
    attribute: str
    kind: str  # "list", "choice", "year", "iso3", "flag"
    choices: Mapping[str, str] | None = None  # fixed choices; None means the data's vocabulary
    vocabulary: str | None = None  # attribute of Vocabulary giving allowed values


PARAMS: tuple[Param, ...] = (
    Param("cls", "classes", "list", vocabulary="classes"),
    Param("grp", "groups", "list", vocabulary="groups"),
    Param("sub", "substances", "list", vocabulary="substances"),
    Param("from", "year_from", "year"),
    Param("to", "year_to", "year"),
    Param("reg", "regions", "list", vocabulary="regions"),
    Param("c", "countries", "list", vocabulary="countries"),
    Param("country", "country", "iso3", vocabulary="countries"),
    Param("m", "measure", "choice", choices=MEASURES),
    Param("ds", "dataset", "choice", choices=DATASETS),
    Param("origin", "origin", "choice", choices=ORIGINS),
    Param("conv", "conveyances", "list", vocabulary="conveyances"),
    Param("conc", "concealments", "list", vocabulary="concealments"),
    Param("route", "routings", "list", vocabulary="routings"),
    Param("chan", "channels", "list", vocabulary="channels"),
    Param("by", "breakdown", "choice", choices=BREAKDOWNS),
    Param("res", "resolution", "choice", choices=RESOLUTIONS),
    Param("log", "log_scale", "flag"),
    Param("plants", "include_plants", "flag"),
)
PARAM_BY_KEY = {p.key: p for p in PARAMS}
STATE_KEYS = frozenset(PARAM_BY_KEY)


def _values(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def from_query(params: Mapping[str, str | Sequence[str]], vocabulary: Vocabulary) -> tuple[ViewState, list[str]]:
    """Parse URL parameters. Invalid values are dropped (the default applies) and each one yields a notice.

    Parameters that are not part of the state are kept in ``extras`` untouched for the page to validate.
    """
    notices: list[str] = []
    changes: dict[str, Any] = {}
    extras: dict[str, str] = {}
    for key, raw in params.items():
        values = _values(raw)
        param = PARAM_BY_KEY.get(key)
        if param is None:
            if values:
                extras[key] = values[-1][:200]
            continue
        value, problems = _parse(param, values, vocabulary)
        notices += [f"URL parameter '{key}': {p}" for p in problems]
        if value is not None:
            changes[param.attribute] = value
    state = replace(DEFAULT, **changes, extras=extras)
    state, more = _reconcile(state, vocabulary)
    return state, notices + more


def _parse(param: Param, values: list[str], vocabulary: Vocabulary) -> tuple[Any, list[str]]:
    allowed: set[str] | None = None
    if param.choices is not None:
        allowed = set(param.choices)
    elif param.vocabulary:
        allowed = set(getattr(vocabulary, param.vocabulary))
    if param.kind == "list":
        if values == [ALL]:
            return (), []
        if len(values) > MAX_LIST:
            return None, [f"too many values ({len(values)}); ignored"]
        kept = [v for v in dict.fromkeys(values) if allowed is None or v in allowed]
        rejected = [v for v in values if v not in kept]
        problems = [f"unknown value {shown(v)} ignored" for v in dict.fromkeys(rejected)]
        return (tuple(kept) if kept else None), problems
    if not values:
        return None, []
    value = values[-1]
    if param.kind == "flag":
        if value in {"1", "true", "yes", "on"}:
            return True, []
        if value in {"0", "false", "no", "off"}:
            return False, []
        return None, [f"{shown(value)} is not a yes/no value; ignored"]
    if param.kind == "year":
        first, last = vocabulary.years
        if not re.fullmatch(r"\d{4}", value) or not first <= int(value) <= last:
            return None, [f"{shown(value)} is not a year between {first} and {last}; ignored"]
        return int(value), []
    if param.kind == "iso3":
        value = value.upper()
        if not ISO3.match(value) or (allowed is not None and value not in allowed):
            return None, [f"{shown(value)} is not a country in the data; ignored"]
        return value, []
    if allowed is not None and value not in allowed:
        return None, [f"{shown(value)} is not one of {', '.join(sorted(allowed))}; ignored"]
    return value, []


def _reconcile(state: ViewState, vocabulary: Vocabulary) -> tuple[ViewState, list[str]]:
    """Rules between fields: a reversed year range is swapped, too many compared countries are cut."""
    notices = []
    if state.classes and vocabulary.classes and not set(state.classes) & set(vocabulary.classes):
        state = replace(state, classes=())  # e.g. a store of refrigerant seizures only: show what there is
    if state.year_from and state.year_to and state.year_from > state.year_to:
        state = replace(state, year_from=state.year_to, year_to=state.year_from)
        notices.append("the year range was reversed; swapped")
    if len(state.countries) > MAX_COMPARE:
        notices.append(f"at most {MAX_COMPARE} countries can be compared; the first {MAX_COMPARE} are kept")
        state = replace(state, countries=state.countries[:MAX_COMPARE])
    return state, notices


def to_query(state: ViewState, *, keys: Sequence[str] | None = None) -> dict[str, str | list[str]]:
    """URL parameters for ``state``: only values that differ from the defaults (optionally only ``keys``)."""
    out: dict[str, str | list[str]] = {}
    for param in PARAMS:
        if keys is not None and param.key not in keys:
            continue
        value = getattr(state, param.attribute)
        if value == getattr(DEFAULT, param.attribute):
            continue
        if param.kind == "list":
            out[param.key] = list(value) if value else ALL
        elif param.kind == "flag":
            out[param.key] = "1" if value else "0"
        else:
            out[param.key] = str(value)
    for key, value in state.extras.items():
        if key not in out:
            out[key] = value
    return out


def extra_choice(
    extras: Mapping[str, str], key: str, allowed: Collection[str], default: str, *, reason: str | None = None
) -> tuple[str, str | None]:
    """A page parameter kept in ``extras``: its value when ``allowed`` holds it, else ``default`` and a notice that
    says why (``reason``, by default the list of allowed values)."""
    value = extras.get(key)
    if value is None or value in allowed:
        return (default if value is None else value), None
    why = reason or f"is not one of {', '.join(allowed)}"
    return default, f"URL parameter '{key}': {shown(value)} {why}; ignored"


def with_extra(extras: Mapping[str, str], key: str, value: str, default: str) -> dict[str, str]:
    """``extras`` with ``key`` set to ``value``, or left out when ``value`` is the default (a short link)."""
    kept = {k: v for k, v in extras.items() if k != key}
    return kept if value == default else {**kept, key: value}


def field_names() -> list[str]:
    return [f.name for f in fields(ViewState)]


def shown(value: str) -> str:
    """A hostile value as it may appear in a notice: short, printable, quoted."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)[:40]
    return repr(cleaned)
