"""The one home of how the dashboard writes things: escaping for each place text from data or a URL may go, number,
quantity and year-range formats, the demonstration-data labels, and links to a country's profile.

Escaping, by destination:

* ``markdown`` - ``st.markdown``, ``st.info``, ``st.caption`` and Markdown files: Markdown, Streamlit's directives
  (``:red[...]``, ``$...$``, ``:icon:``) and HTML are made inert, bare web addresses cannot become links.
* ``plotly`` - titles, hovers and annotations of Plotly figures (a subset of HTML), and ``%`` so that a value can
  never start a ``%{...}`` field of a hover template.
* ``spreadsheet`` / ``spreadsheet_expr`` - a text cell of a CSV or XLSX that no spreadsheet will run as a formula.
* ``terminal`` - a line the command line prints: no escape sequence from the data reaches the terminal.
* ``document`` - a line of a Word (or any XML) document: one line, no character XML cannot hold.

Numbers: ``number`` is the reading rule (whole numbers from 100 up, two decimals from 1, three significant digits
below; "not reported" for a missing figure, never 0), ``quantity`` adds the unit, ``compact`` labels an axis.
Dates: ``date`` ("12 September 2022") and ``date_range`` ("12–15 September 2022").
"""

from __future__ import annotations

import datetime as dt
import html as _html
import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import polars as pl

from dashboard.countries import SPECIAL_CODES
from dashboard.state import CASE_ONLY_FILTERS, DEFAULT, PAGES, SERIES, ViewState, to_query

NOT_REPORTED = "not reported"

# ---- escaping ------------------------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\x85]")
_MARKDOWN_FILE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")  # emphasis, code, links, HTML, headings, tables
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")  # < > & become HTML entities instead
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)")
_ZERO_WIDTH_SPACE = "\u200b"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def fold(text: object) -> str:
    """One line: control characters and runs of white space become one space."""
    return " ".join(_CONTROL.sub(" ", "" if text is None else str(text)).split())


def markdown(text: object, *, fold_space: bool = True, file: bool = False) -> str:
    """Text from data or from a user made inert for Markdown: specials backslash-escaped, HTML characters as
    entities, bare addresses broken by a zero-width space (GitHub-flavoured Markdown links them, escaped or not).
    ``fold_space=False`` keeps the edges of the text (for pieces joined with Markdown of the caller's own).
    ``file=True`` for a Markdown file people also read as plain text: only what CommonMark itself would act on is
    escaped (Streamlit's directives mean nothing there), so the text pastes with few backslashes."""
    cleaned = fold(text) if fold_space else re.sub(r"\s+", " ", _CONTROL.sub(" ", "" if text is None else str(text)))
    cleaned = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}{_ZERO_WIDTH_SPACE}{m[2] or m[4]}", cleaned)
    if file:
        return _MARKDOWN_FILE_SPECIAL.sub(r"\\\1", cleaned)
    return _html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", cleaned), quote=False)


def plotly(text: object, *, template: bool = False) -> str:
    """Text for Plotly's HTML subset (titles, names, annotations). Quotes stay as they are: with ``<`` and ``>``
    escaped they cannot open a tag, and plotly.js shows ``&quot;`` literally. ``template=True`` for text inside a
    hover template: ``%`` as an entity too, so that it can never start a ``%{...}`` field."""
    cleaned = _html.escape(_CONTROL.sub(" ", "" if text is None else str(text)), quote=False)
    return cleaned.replace("%", "&#37;") if template else cleaned


def html(text: object) -> str:
    """Text for an HTML element or a quoted attribute: ``&``, ``<``, ``>`` and both quotes as entities."""
    return _html.escape("" if text is None else str(text), quote=True)


def spreadsheet(value: object) -> str:
    """A spreadsheet cell's text: characters XML cannot hold dropped, and a leading ``= + - @`` TAB or CR made
    literal with an apostrophe (the OWASP-recommended neutralisation)."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def spreadsheet_expr(column: str) -> pl.Expr:
    """``spreadsheet`` for a whole text column."""
    text = pl.col(column).cast(pl.String)
    cleaned = text.str.replace_all(_XML_ILLEGAL.pattern, "")
    return pl.when(cleaned.str.contains(_FORMULA_PATTERN)).then(pl.lit("'") + cleaned).otherwise(cleaned).alias(column)


def terminal(text: object) -> str:
    """A value the command line prints: control characters (escape sequences among them) shown as ``?``."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "?" for ch in ("" if text is None else str(text)))


def document(text: object) -> str:
    """A line of a Word (or any XML) document: characters XML cannot hold dropped, then ``fold``."""
    return fold(_XML_ILLEGAL.sub("", "" if text is None else str(text)))


# ---- numbers -------------------------------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, *, decimals: int | None = None, missing: str = NOT_REPORTED) -> str:
    """A figure as a reader wants it: thousands separated, never scientific. ``decimals=None`` applies the reading
    rule (whole from 100 up or for whole numbers, two decimals from 1, three significant digits below 1); an int
    gives at most that many decimals, trailing zeros dropped."""
    if _missing(value):
        return missing
    value = float(value)
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    magnitude = abs(value)
    if magnitude >= 100 or value.is_integer():
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


# Number formats of a table column (``st.column_config.NumberColumn``): the reader's locale, thousands separated.
TABLE_NUMBER = "localized"
TABLE_COUNT = "localized"


def readable_columns(
    table: pl.DataFrame, keep: Sequence[str] = (), *, decimals: int | None = None, percent_signed: bool = False
) -> pl.DataFrame:
    """A table as a reader sees it: every column but ``keep`` written with ``number`` (or ``percent``, signed), so
    a figure has its thousands separated and a missing one reads "not reported", never "None" or a blank."""

    def written(value: float | None) -> str:
        if percent_signed:
            return percent(value, decimals=1, signed=True)
        return number(value, decimals=decimals)

    return table.with_columns(
        pl.col(c).map_elements(written, return_dtype=pl.String, skip_nulls=False)
        for c in table.columns
        if c not in keep and table.schema[c].is_numeric()
    )


def quantity(value: float | int | None, unit: str, *, decimals: int | None = None, missing: str = NOT_REPORTED) -> str:
    """``number`` with its unit ("1,234 kg"); the missing text alone when there is no figure."""
    if _missing(value):
        return missing
    return f"{number(value, decimals=decimals)} {unit}"


def count(value: int | None) -> str:
    """A whole count with thousands separators."""
    return "0" if value is None else f"{int(value):,}"


def percent(value: float | None, *, decimals: int = 1, signed: bool = False, missing: str = NOT_REPORTED) -> str:
    if _missing(value):
        return missing
    return f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"


def compact(value: float) -> str:
    """A short axis label: 500, 2k, 1.5M."""
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:g}{suffix}"
    return f"{value:g}"


def year_range(first: int | None, last: int | None, *, missing: str = "") -> str:
    """``2012–2016``, or one year when both ends are the same or one is unknown; ``missing`` when both are."""
    if first is None and last is None:
        return missing
    if first is None or last is None or first == last:
        return str(first if first is not None else last)
    return f"{first}–{last}"


# ---- dates ---------------------------------------------------------------------------------------------------------
def date(value: dt.date | None, *, missing: str = "") -> str:
    """A day as a reader writes it: ``12 September 2022`` (``missing`` when there is none)."""
    return missing if value is None else f"{value.day} {value:%B %Y}"


def date_range(start: dt.date | None, end: dt.date | None, *, missing: str = "") -> str:
    """``12–15 September 2022``, ``30 June 2022 – 2 July 2022``, or one day when the end is unknown or the same day;
    ``missing`` without a start."""
    if start is None:
        return missing
    if end is None or end == start:
        return date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date(end)}"
    return f"{date(start)} – {date(end)}"


# ---- demonstration data --------------------------------------------------------------------------------------------
DEMO_OF = {"seizures": "seizures", "licit": "authorisations or estimates"}


def demo_label(of: str = "seizures") -> str:
    """ "Demonstration data — not real seizures": the words every view of generated data carries."""
    return f"Demonstration data — not real {DEMO_OF[of]}"


def demo_watermark(of: str = "seizures") -> str:
    """The label in capitals, as it stands across a chart."""
    return demo_label(of).upper()


def demo_note(of: str = "seizures") -> str:
    """The label as the first line of a download (plain ASCII, so any spreadsheet shows it)."""
    return demo_watermark(of).replace("—", "-")


# ---- links ---------------------------------------------------------------------------------------------------------
def _profile_prefix(state: ViewState | None) -> str:
    """The profile page's URL with the filters of ``state``, up to ``country=`` (the code goes last, where the
    tables' link columns find it)."""
    params = to_query((state or DEFAULT).shared().with_(country=None))
    return PAGES["profile"].url_path + "?" + "".join(f"{k}={v}&" for k, v in _pairs(params)) + "country="


def profile_url(iso3: str, state: ViewState | None = None) -> str:
    """The country profile of ``iso3``, carrying the filters of ``state``."""
    return _profile_prefix(state) + quote(iso3, safe="")


def profile_link_expr(column: str, state: ViewState | None = None) -> pl.Expr:
    """``profile_url`` for a column of ISO3 codes; the special codes (unknown, other, multiple) get no link."""
    code = pl.col(column)
    link = pl.lit(_profile_prefix(state)) + code
    return pl.when(code.is_not_null() & ~code.is_in(list(SPECIAL_CODES))).then(link).otherwise(None).alias(column)


def _pairs(params: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((quote(key, safe=""), quote(item, safe="")))
    return pairs


# ---- labels --------------------------------------------------------------------------------------------------------
CLASS_LABELS = {
    "drug": "Narcotic drugs and psychotropics",
    "precursor": "Precursor chemicals",
    "nps": "New psychoactive substances",
    "ods_hfc": "Ozone-depleting substances and HFCs",
    "other": "Other and unidentified substances",
}


def label(value: object, labels: dict[str, str] | None = None) -> str:
    """What a control shows for a value: its label, else the value with underscores as spaces."""
    return (labels or {}).get(str(value), str(value).replace("_", " "))


# ---- what every chart and download says ----------------------------------------------------------------------------
NOT_REPORTED_NOTE = "An empty value means not reported (not zero)."
SERIES_LABEL = "UNODC standard series"
SERIES_PLACEHOLDER = "None chosen"
SERIES_HELP_INTRO = "Series as the World Drug Report counts them (a total where a country reports one, never both):"
SUSPECT_LABEL = "Include amounts flagged to check"
SUSPECT_HELP = (
    "Case records with an unlikely amount (over 2 t in one air seizure or 100 kg in one postal item, often a slip of "
    "unit) are left out of rankings, sums and maps unless this is ticked; every view says how many it leaves out."
)
WHOLE_GROUP = "{}: group total"  # a group's figure: its reported total, or the sum of its parts
UNSPECIFIED = "{}: unspecified"  # what a group's totals hold beyond the substances named


def group_with_substances(group: str, substances: list[str]) -> str:
    """A group's line when a filter keeps only some of its substances: "Opioids: Heroin only"."""
    return f"{group}: {', '.join(substances)} only"


FILTER_NAMES = {
    "conveyances": "conveyance",
    "concealments": "concealment",
    "routings": "routing",
    "channels": "channel",
}


def what_is_counted(state: ViewState) -> str:
    """The substances a view counts, in words: its UNODC series, substances or groups, else its classes."""
    if state.series:
        return ", ".join(SERIES[key] for key in state.series)
    if state.substances:
        return ", ".join(state.substances)
    if state.groups:
        return ", ".join(state.groups)
    if not state.classes:
        return "every class of substance"
    return ", ".join(CLASS_LABELS.get(c, c).lower() for c in state.classes)


def title_words(state: ViewState, years: tuple[int, int] | None = None) -> str:
    """What a chart title says it counts: the substances (or classes), the years (when given), and the regions and
    ways of seizure a filter keeps ("Heroin, 2018–2022", "Cocaine, 2015–2016, Europe, conveyance: air")."""
    parts = [what_is_counted(state), *([year_range(*years)] if years else [])]
    if state.regions:
        parts.append(", ".join(state.regions))
    for name in CASE_ONLY_FILTERS:
        values = getattr(state, name)
        if values:
            parts.append(f"{FILTER_NAMES.get(name, name)}: " + ", ".join(label(v) for v in values))
    return ", ".join(parts)


def view_in_words(state: ViewState, years: tuple[int, int], *, cases: bool) -> str:
    """Every filter of a view, in words, for a title's subtitle and a download's first lines: substances, classes,
    years, regions, how a seizure was made, plant material and (case records) amounts flagged to check."""
    parts = [what_is_counted(state)]
    if state.series or state.substances or state.groups:
        parts.append(", ".join(CLASS_LABELS.get(c, c).lower() for c in state.classes) or "every class")
    parts.append(year_range(*years))
    parts.append(("regions: " + ", ".join(state.regions)) if state.regions else "all regions")
    for name in CASE_ONLY_FILTERS:
        values = getattr(state, name)
        if values:
            parts.append(f"{FILTER_NAMES.get(name, name)}: " + ", ".join(label(v) for v in values))
    parts.append("plant material included" if state.include_plants else "plant material left out")
    if cases:
        parts.append(
            "amounts flagged to check included" if state.include_suspect else "amounts flagged to check left out"
        )
    return "; ".join(parts)


def suspect_note(left_out: int) -> str | None:
    """Under a view of case records: how many records with an unlikely amount it leaves out, and how to see them."""
    if not left_out:
        return None
    records = "record" if left_out == 1 else "records"
    return (
        f"{left_out:,} case {records} flagged check_amount (over 2 t in one air seizure or 100 kg in one postal item, "
        "often a slip of unit) left out of these figures; tick *Include amounts flagged to check* in the sidebar to "
        "count them."
    )


def reporting_phrase(reporting: int | None, of: int | None, year: object) -> str:
    """ "27 of 60 countries and territories reported in 2022": what a regional or world sum rests on (``of``: the
    UN M49 areas of the region or the world, territories included)."""
    countries = "country" if (of or 0) == 1 else "countries and territories"
    return f"{reporting or 0:,} of {of or 0:,} {countries} reported in {year}"


def download_notes(
    title: str,
    unit: str,
    years: tuple[int, int],
    source: str,
    *,
    demo: bool,
    counted: str | None = None,
    kept: str | None = None,
) -> list[str]:
    """The lines above a chart's data in its CSV: what it is, what it counts (``counted``, every filter in words) and
    keeps (``kept``: "the 6 largest of 11 groups"), its unit, years and source, and that a gap is a gap."""
    first, last = years
    notes = [title]
    if counted:
        notes.append(f"What is counted: {counted}")
    if kept:
        notes.append(f"Kept: {kept}")
    notes += [f"Unit: {unit}", f"Years {first}-{last}", f"Source: {source}", NOT_REPORTED_NOTE]
    return [demo_note(), *notes] if demo else notes


def filters_in_words(state: ViewState, years: tuple[int, int], *, cases: bool | None = None) -> str:
    """The view's filters as one plain sentence, for exported images and published views (escape where shown).
    ``cases``: whether the figures rest on case records (a measure or filter only they give overrides the choice)."""
    from dashboard.measures import LABELS as MEASURE_LABELS
    from dashboard.state import DATASETS, FILTER_PARAMS

    first, last = years
    parts = [f"Years {year_range(first, last)}"]
    classes = ", ".join(label(c, CLASS_LABELS).lower() for c in state.classes) or "every substance class"
    parts.append(f"class: {classes}")
    named = [("group", state.groups), ("substance", state.substances), ("region", state.regions)]
    named += [((p.label or p.attribute).lower(), getattr(state, p.attribute)) for p in FILTER_PARAMS if p.label]
    parts += [f"{what}: {', '.join(label(v) for v in values)}" for what, values in named if values]
    if state.country:
        parts.append(f"country: {state.country}")
    if state.countries:
        parts.append(f"compared: {', '.join(state.countries)}")
    parts.append(f"measure: {MEASURE_LABELS[state.measure].lower()}")
    parts.append(DATASETS["cases" if cases or (cases is None and state.dataset == "cases") else "annual"].lower())
    if state.include_plants:
        parts.append("plant material included")
    return "; ".join(parts)
