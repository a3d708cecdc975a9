"""The one home of how the dashboard writes things: escaping for each place text from data or a URL may go, number,
quantity and year-range formats, the demonstration-data labels, and links to a country's profile.

Escaping, by destination:

* ``markdown`` - ``st.markdown``, ``st.info``, ``st.caption`` and Markdown files: Markdown, Streamlit's directives
  (``:red[...]``, ``$...$``, ``:icon:``) and HTML are made inert, bare web addresses cannot become links.
* ``plotly`` - titles, hovers and annotations of Plotly figures (a subset of HTML), and ``%`` so that a value can
  never start a ``%{...}`` field of a hover template.
* ``html_text`` - text put into HTML of the project's own (a standalone page, an iframe snippet): every special
  character an entity, quotes included, control characters gone.
* ``spreadsheet`` / ``spreadsheet_expr`` - a text cell of a CSV or XLSX that no spreadsheet will run as a formula,
  also where a spreadsheet of another locale splits the cell at ``;``, ``,``, a TAB or a line break (each piece
  that would start a formula gets the apostrophe), and in the ``# `` note lines above a CSV's data.
* ``terminal`` - a line the command line prints: no escape sequence from the data reaches the terminal.
* ``document`` - a line of a Word (or any XML) document: one line, no character XML cannot hold.

Numbers: ``number`` is the reading rule (whole numbers from 100 up, two decimals from 1, three significant digits
below; "not reported" for a missing figure, never 0), ``quantity`` adds the unit, ``compact`` labels an axis.
Dates: ``date`` ("12 September 2022") and ``date_range`` ("12–15 September 2022").

In another language than English, every number and date is written by Babel from CLDR for the current language
(``dashboard.i18n.language()``): "1 234,5" (narrow no-break spaces) in French, "1.234,5" in Spanish, CLDR's digits for
Arabic (CLDR's ``ar`` uses Latin digits; ``numbering_system="default"`` follows whatever CLDR says). English is written
as it always was (the tests pin it).
"""

from __future__ import annotations

import datetime as dt
import functools
import html as _html
import math
import re
import string
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import polars as pl
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from dashboard import collation
from dashboard.countries import SPECIAL_CODES, country_name, unodc_split
from dashboard.i18n import N_, SOURCE_LANGUAGE, _, is_right_to_left, language, n_, using
from dashboard.reference import read_rows
from dashboard.state import CASE_ONLY_FILTERS, DEFAULT, PAGES, SERIES, ViewState, to_query
from dashboard.substances import localised_name, standard_series

NOT_REPORTED = N_("not reported")

# ---- escaping ------------------------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\x85]")
_MARKDOWN_FILE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")  # emphasis, code, links, HTML, headings, tables
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")  # < > & become HTML entities instead
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)")
_ZERO_WIDTH_SPACE = "\u200b"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
# A piece of a cell that a spreadsheet may read as a cell of its own (the cell's start, or after a separator of
# some locale), then spaces it would skip, then a character that starts a formula.
# (A TAB or CR is a separator inside the cell and a trigger only at its very start.)
_PIECE_FORMULA = r"(^|[;,\t\n\r])([ \u00a0]*)([=+\-@])"
_PIECE = re.compile(_PIECE_FORMULA)
_LEADING_CONTROL = r"^([\t\r])"


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


def html_text(value: object) -> str:
    """Text for HTML of the project's own: ``& < > " '`` as entities, control characters as spaces."""
    return _html.escape(_CONTROL.sub(" ", "" if value is None else str(value)), quote=True)


def link_target(url: str) -> str:
    """A link's address for Markdown of the project's own: anything that could end the link or start another piece
    of Markdown (brackets, parentheses, spaces, angle brackets, quotes) percent-encoded."""
    return quote(fold(url), safe="/?&=%:#-._~+,;")


def spreadsheet(value: object) -> str:
    """A spreadsheet cell's text: characters XML cannot hold dropped, and every piece that would start with
    ``= + - @`` TAB or CR (at the start, or after ``;``, ``,``, TAB or a line break, where a spreadsheet of another
    locale splits the cell; spaces before it count for nothing) made literal with an apostrophe (the
    OWASP-recommended neutralisation)."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
    return re.sub(_LEADING_CONTROL, r"'\1", _PIECE.sub(r"\1'\2\3", text))


def spreadsheet_expr(column: str) -> pl.Expr:
    """``spreadsheet`` for a whole text column."""
    text = pl.col(column).cast(pl.String)
    cleaned = text.str.replace_all(_XML_ILLEGAL.pattern, "")
    pieces = cleaned.str.replace_all(_PIECE_FORMULA, "${1}'${2}${3}")
    return pieces.str.replace(_LEADING_CONTROL, "'${1}").alias(column)


# Not "printable" to Python but harmless in a terminal, and written by CLDR in numbers: the no-break spaces of French
# thousands ("9 442") and compact forms ("10 k"), and the bare direction marks of Arabic numbers (never the
# embeddings and overrides, U+202A-U+202E and U+2066-U+2069, which can reorder what a terminal shows).
_TERMINAL_SAFE = frozenset("\u00a0\u2007\u202f\u200e\u200f\u061c")


def terminal(text: object) -> str:
    """A value the command line prints: control characters (escape sequences among them) shown as ``?``."""
    return "".join(
        ch if ch.isprintable() or ch == "\n" or ch in _TERMINAL_SAFE else "?"
        for ch in ("" if text is None else str(text))
    )


def document(text: object) -> str:
    """A line of a Word (or any XML) document: characters XML cannot hold dropped, then ``fold``."""
    return fold(_XML_ILLEGAL.sub("", "" if text is None else str(text)))


# ---- numbers -------------------------------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _localised() -> str | None:
    """The current language when numbers and dates are Babel's (every language but English), else None."""
    lang = language()
    return None if lang == SOURCE_LANGUAGE else lang


def _decimal(value: float | Decimal, pattern: str, lang: str) -> str:
    return _locale_sign(format_decimal(value, format=pattern, locale=lang, numbering_system="default"), lang)


def _locale_sign(written: str, lang: str) -> str:
    """``written`` with its leading sign as CLDR writes it for ``lang``: Babel writes a bare "-", which Arabic's
    right-to-left text puts after the number ("12%-"); CLDR's Arabic sign carries a left-to-right mark that keeps it
    before."""
    if not written.startswith(("-", "+")):
        return written
    return _signs(lang)[written[0]] + written[1:]


@functools.cache
def _signs(lang: str) -> dict[str, str]:
    symbols = Locale.parse(lang).number_symbols["latn"]
    return {"-": symbols["minusSign"], "+": symbols["plusSign"]}


def _not_reported(missing: str | None) -> str:
    return _(NOT_REPORTED) if missing is None else missing


def number(value: float | int | None, *, decimals: int | None = None, missing: str | None = None) -> str:
    """A figure as a reader wants it: thousands separated, never scientific. ``decimals=None`` applies the reading
    rule (whole from 100 up or for whole numbers, two decimals from 1, three significant digits below 1); an int
    gives at most that many decimals, trailing zeros dropped. ``missing``: the text for no figure ("not
    reported")."""
    if _missing(value):
        return _not_reported(missing)
    value = float(value)
    lang = _localised()
    if lang:
        return _localised_number(value, decimals, lang)
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    magnitude = abs(value)
    if magnitude >= 100 or value.is_integer():
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


def _localised_number(value: float, decimals: int | None, lang: str) -> str:
    # Rounded by Python first, as the English figures are (Babel alone would round half to even: 12.345 -> 12,34).
    if decimals is None:
        magnitude = abs(value)
        if magnitude < 1 and not value.is_integer():
            return _decimal(Decimal(f"{value:.3g}"), "#,##0.##########", lang)
        decimals = 0 if magnitude >= 100 or value.is_integer() else 2
        pattern = "#,##0.00" if decimals else "#,##0"
    else:
        pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return _decimal(Decimal(f"{value:.{max(decimals, 0)}f}"), pattern, lang)


# Number formats of a table column (``st.column_config.NumberColumn``): the reader's locale, thousands separated
# (the grid is told the page's language: ui/frame.py). Kilograms keep one decimal ("890 090,1", not "890 090,098").
TABLE_NUMBER = "localized"
TABLE_COUNT = "localized"
TABLE_KILOGRAM_STEP = 0.1


def readable_columns(
    table: pl.DataFrame,
    keep: Sequence[str] = (),
    *,
    decimals: int | None = None,
    percent_signed: bool = False,
    missing: str | None = None,
) -> pl.DataFrame:
    """A table as a reader sees it: every column but ``keep`` written with ``number`` (or ``percent``, signed), so
    a figure has its thousands separated and a missing one reads "not reported" (or ``missing``: a change from a
    year that was reported can be missing too), never "None" or a blank."""

    def written(value: float | None) -> str:
        if percent_signed:
            return percent(value, decimals=1, signed=True, missing=missing)
        return number(value, decimals=decimals, missing=missing)

    # Written here, in the request's thread: a Polars UDF may run in a thread of its own, where the reader's
    # language is not set and "not reported" would come out English.
    return table.with_columns(
        pl.Series(c, [written(value) for value in table.get_column(c).to_list()], dtype=pl.String)
        for c in table.columns
        if c not in keep and table.schema[c].is_numeric()
    )


# The unit symbols ``quantity`` writes, as each language writes them ("кг", "كغ", "公斤"); a measure's own unit
# ("ODP t") comes from measures.csv, whose units are extracted too.
UNIT_SYMBOLS = (N_("kg"), N_("t"))


def quantity(value: float | int | None, unit: str, *, decimals: int | None = None, missing: str | None = None) -> str:
    """``number`` with its unit ("1,234 kg"), both as the reader's language writes them; the missing text alone when
    there is no figure."""
    if _missing(value):
        return _not_reported(missing)
    return _("{number} {unit}").format(number=number(value, decimals=decimals), unit=_(unit))


def count(value: int | None) -> str:
    """A whole count with thousands separators."""
    lang = _localised()
    whole = 0 if value is None else int(value)
    return _decimal(whole, "#,##0", lang) if lang else ("0" if value is None else f"{whole:,}")


class _LocaleFormatter(string.Formatter):
    """``str.format`` whose ``{n:,}`` groups a whole number's digits the reader's way (``count``), not as English."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "," and isinstance(value, int) and not isinstance(value, bool):
            return count(value)
        return super().format_field(value, format_spec)


_LOCALE_FORMATTER = _LocaleFormatter()


def fill(message: str, /, **values: object) -> str:
    """A translated message's placeholders filled in, its ``{n:,}`` counts written for the reader's language
    ("plus de 1 000 Mo", not "plus de 1,000 Mo"); otherwise as ``str.format``."""
    return _LOCALE_FORMATTER.vformat(message, (), values)


def percent(value: float | None, *, decimals: int = 1, signed: bool = False, missing: str | None = None) -> str:
    if _missing(value):
        return _not_reported(missing)
    lang = _localised()
    if lang:
        # The language's own percent pattern ("#,##0 %" in French), with the decimals asked for.
        pattern = Locale.parse(lang).percent_formats[None].pattern.split(";")[0]
        pattern = re.sub(r"0(?=[^0]*$)", "0" + ("." + "0" * decimals if decimals else ""), pattern, count=1)
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return _locale_sign(format_percent(value / 100, format=pattern, locale=lang, numbering_system="default"), lang)
    return f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"


def compact(value: float) -> str:
    """A short axis label: 500, 2k, 1.5M; below one, the plain number (0.14, never "140m": a reader takes the milli
    prefix for millions)."""
    lang = _localised()
    if lang:
        # Below ten thousand the number in full ("1 500"): a locale's short form of a thousand is a word in some
        # languages ("1,5 mil", "1.5 ألف", "1,5 тыс.") and longer to read than the number.
        if abs(value) < 10_000:
            return _decimal(value, "#,##0.##", lang)
        return _locale_sign(
            format_compact_decimal(value, locale=lang, fraction_digits=2, numbering_system="default"), lang
        )
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:g}{suffix}"
    return f"{value:g}"


def axis_format(values: Sequence[float | None] | Iterable[float | None] = ()) -> str:
    """The d3 tick format of a linear value axis: SI prefixes (2k, 1.5M) when the figures reach a thousand, plain
    numbers otherwise, so 0.14 t reads "0.14", never "140m" (d3's "~s" writes milli and micro prefixes)."""
    largest = max((abs(v) for v in values if v is not None and not _missing(v)), default=0.0)
    return "~s" if largest >= 1000 else ",~r"


def plotly_separators() -> str:
    """Plotly's ``layout.separators`` for the current language (decimal mark, then thousands separator), so that its
    tick labels and ``%{x:,.0f}`` hovers write numbers as the rest of the page does: ".," in English, ", " in French."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    lang = _localised() or "en"
    decimal = get_decimal_symbol(lang, numbering_system="default")
    group = get_group_symbol(lang, numbering_system="default")
    return decimal[:1] + group[:1]


# The separators of a list and of a list of lists, as each language writes them (Arabic "، " and "؛ ", Chinese "、"
# and "；"): the catalogue's, so a translator can correct them.
LIST_SEPARATOR = N_(", ")
GROUP_SEPARATOR = N_("; ")


def listed(items: Iterable[object]) -> str:
    """Items one after another, as the reader's language separates them ("a, b", "a، b", "a、b")."""
    return _(LIST_SEPARATOR).join(str(item) for item in items)


def grouped(items: Iterable[object]) -> str:
    """Parts that may hold lists of their own, one after another ("a, b; c")."""
    return _(GROUP_SEPARATOR).join(str(item) for item in items)


# Sentences written in CJK punctuation ("。") follow each other without a space.
_FULL_WIDTH_END = tuple("。！？；：）」")


def labelled(label: str, value: object) -> str:
    """ "Cocaine: 118 of 249 countries reported in 2022": a value after its label, with the language's colon ("："
    in Chinese, " :" in French)."""
    return _("{label}: {value}").format(label=label, value=value)


def full_stop(sentence: str) -> str:
    """``sentence`` ended by the language's full stop ("." or "。"), for a sentence put together from pieces; one
    that ends with an abbreviation's point already ("15 сент. 2022 г.") takes no second one."""
    if sentence.endswith((".", "。", "!", "?", "！", "？")):
        return sentence
    # Translators: the full stop that ends a sentence in your language ("。" in Chinese).
    return _("{sentence}.").format(sentence=sentence)


def bracketed(aside: str) -> str:
    """ "(kg)", "（公斤）" in Chinese: an aside (a unit after a chart title) in the language's brackets."""
    # Translators: brackets around an aside, such as the unit after a chart title ("（{aside}）" in Chinese).
    return _("({aside})").format(aside=aside)


def aside_separator(bracketed_aside: str) -> str:
    """What goes between words and a ``bracketed`` aside after them: a space, none before a full-width bracket."""
    return "" if bracketed_aside.startswith("（") else " "


def with_aside(words: str, aside: object) -> str:
    """``words`` and an aside in brackets after them, as the language writes it: "Colombia (COL)", "哥伦比亚（COL）"."""
    bracket = bracketed(str(aside))
    return words + aside_separator(bracket) + bracket


def country_and_code(iso3: str) -> str:
    """A country's name with its ISO3 code, as a chooser offers it: "Colombia (COL)"."""
    return with_aside(country_name(iso3), iso3)


def sentences(*parts: str | None) -> str:
    """Sentences one after another: a space between them, none after a full-width full stop (Chinese)."""
    out = ""
    for part in parts:
        if not part:
            continue
        part = part.strip()
        out += part if not out or out.rstrip("*").endswith(_FULL_WIDTH_END) else " " + part  # "。**" too
    return out


def as_written(value: str) -> str:
    """A text from the data (a meeting's title, a place, a citation), shown as written, set apart from the sentence
    around it: in a right-to-left interface it is isolated (FSI ... PDI), so an English title inside an Arabic sentence
    keeps its own word order instead of being mixed into the sentence's."""
    if not value or not is_right_to_left():
        return value
    return f"\u2068{value}\u2069"


# A line of chart text in a right-to-left language is isolated as right to left (RLI ... PDI): SVG text, Plotly's,
# takes its direction from the page's CSS, not from its first letter, so an Arabic title would end with its comma on
# the right and a source line would run its pieces left to right.
_LINE_START, _LINE_END = "\u2067", "\u2069"
PLOTLY_LINE_BREAK = "<br>"


def right_to_left_lines(value: str) -> str:
    """Each line of a Plotly text (lines split by ``<br>``; a hover's ``<extra>`` box left as it is) read right to
    left. Applying it twice changes nothing."""
    body, extra_tag, extra = value.partition("<extra>")
    lines = [without_line_isolate(line) for line in body.split(PLOTLY_LINE_BREAK)]
    isolated = [f"{_LINE_START}{line}{_LINE_END}" if line.strip() else line for line in lines]
    return PLOTLY_LINE_BREAK.join(isolated) + extra_tag + extra


def without_line_isolate(line: str) -> str:
    """A line of chart text without the isolate ``right_to_left_lines`` put around it."""
    if line.startswith(_LINE_START) and line.endswith(_LINE_END):
        return line[len(_LINE_START) : -len(_LINE_END)]
    return line


def without_line_isolates(value: str) -> str:
    """A Plotly text without the isolates ``right_to_left_lines`` put around its lines (for plain text, and before
    it is cut or wrapped again)."""
    return PLOTLY_LINE_BREAK.join(without_line_isolate(line) for line in value.split(PLOTLY_LINE_BREAK))


def corridor(origin: str, destination: str) -> str:
    """ "Colombia → Spain" as the reader's language writes a direction: Arabic, read from the right, points its arrow
    to the left ("كولومبيا ← إسبانيا"); the arrow is the catalogue's, not a literal of each caller."""
    return _("{origin} → {destination}").format(origin=origin, destination=destination)


def year_range(first: int | None, last: int | None, *, missing: str = "") -> str:
    """``2012–2016``, or one year when both ends are the same or one is unknown; ``missing`` when both are."""
    if first is None and last is None:
        return missing
    lang = _localised()
    if first is None or last is None or first == last:
        year = first if first is not None else last
        return _decimal(year, "0", lang) if lang else str(year)
    if lang:
        return format_interval(dt.date(first, 1, 1), dt.date(last, 1, 1), "y", locale=lang)
    return f"{first}–{last}"


# ---- dates ---------------------------------------------------------------------------------------------------------
def date(value: dt.date | None, *, missing: str = "") -> str:
    """A day as a reader writes it: ``12 September 2022`` (``missing`` when there is none)."""
    if value is None:
        return missing
    lang = _localised()
    return format_date(value, "long", locale=lang) if lang else f"{value.day} {value:%B %Y}"


def month(value: dt.date | None, *, written_out: bool = False) -> str:
    """A month as an axis or a hover names it: ``Sep 2022`` (``sept. 2022`` in French); ``written_out``, as a
    sentence does: ``September 2022`` (``septembre 2022``)."""
    if value is None:
        return ""
    lang = _localised()
    # The skeleton lets each locale order month and year its own way ("2022年9月", not "9月 2022").
    if lang:
        return format_skeleton("yMMMM" if written_out else "yMMM", value, locale=lang)
    return value.strftime("%B %Y" if written_out else "%b %Y")


def date_range(start: dt.date | None, end: dt.date | None, *, missing: str = "") -> str:
    """``12–15 September 2022``, ``30 June 2022 – 2 July 2022``, or one day when the end is unknown or the same day;
    ``missing`` without a start."""
    if start is None:
        return missing
    if end is None or end == start:
        return date(start)
    lang = _localised()
    if lang:
        return format_interval(start, end, "yMMMMd", locale=lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date(end)}"
    return f"{date(start)} – {date(end)}"


# ---- demonstration data --------------------------------------------------------------------------------------------
DEMO_OF = {
    "seizures": N_("Demonstration data — not real seizures"),
    "licit": N_("Demonstration data — not real authorisations or estimates"),
}


def demo_label(of: str = "seizures") -> str:
    """ "Demonstration data — not real seizures": the words every view of generated data carries."""
    return _(DEMO_OF[of])


def demo_watermark(of: str = "seizures") -> str:
    """The label in capitals, as it stands across a chart."""
    return demo_label(of).upper()


def demo_note(of: str = "seizures") -> str:
    """The label as the first line of a download (plain ASCII, so any spreadsheet shows it)."""
    return demo_watermark(of).replace("—", "-")  # English stays ASCII; other scripts need their own letters


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
def _case_categories() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in read_rows("case_categories.csv"):
        table.setdefault(row["filter"], {})[row["value"]] = row["label"]
    return table


# How a seizure was made (``reference/case_categories.csv``), by filter: the store's conveyance, routing and channel
# codes (``schema``) and the concealments of UNODC's individual seizure form, in words; a value the table lacks (a
# concealment another file records) is shown as recorded.
CASE_LABELS: dict[str, dict[str, str]] = _case_categories()
CONVEYANCE_LABELS = CASE_LABELS["conveyances"]
CLASS_LABELS = {
    "drug": N_("Narcotic drugs and psychotropics"),
    "precursor": N_("Precursor chemicals"),
    "nps": N_("New psychoactive substances"),
    "ods_hfc": N_("Ozone-depleting substances and HFCs"),
    "other": N_("Other and unidentified substances"),
}


def label(value: object, labels: dict[str, str] | None = None) -> str:
    """What a control shows for a value: its label (in the current language), else the value with underscores as
    spaces (a value from the data is shown as reported)."""
    found = (labels or {}).get(str(value))
    if found is not None:
        return _(found)
    return vocabulary_label(str(value).replace("_", " "))


def in_label_order(values: Sequence[str], labels: dict[str, str] | None = None) -> list[str]:
    """``values`` in the alphabetical order of what a control shows for them (``label``) in the reader's language
    (``dashboard.collation``; Chinese in the English order)."""
    order_of = collation.rule().order_of
    with using(order_of):
        names = [label(value, labels) for value in values]
    return [values[i] for i in collation.in_order(names, order_of)]


def by_label(frame: pl.DataFrame, column: str, labels: dict[str, str] | None = None) -> pl.DataFrame:
    """``frame`` with its rows in the alphabetical order of the labels of ``column`` in the reader's language
    (``in_label_order``)."""
    rank = {value: i for i, value in enumerate(in_label_order(frame[column].to_list(), labels))}
    return frame.sort(pl.col(column).replace_strict(rank, return_dtype=pl.Int64), maintain_order=True)


UNODC_AREA_LABELS = {
    "unodc_region": N_("{name} (UNODC region)"),
    "unodc_subregion": N_("{name} (UNODC subregion)"),
}


def vocabulary_label(value: object) -> str:
    """A substance group or substance as the reader's language names it (``reference/substance_names.csv``); a UNODC
    area as UNODC writes it (in English: UNODC publishes no translations of them), with its scheme; any other value
    (a place, a conveyance as recorded) as it is."""
    unodc = unodc_split(str(value))
    if unodc is not None:
        return _(UNODC_AREA_LABELS[unodc[0]]).format(name=unodc[1])
    name = str(value)
    local = localised_name(name, language())
    if local == name and name in _series_labels():
        return _(name)
    return local


@functools.cache
def _series_labels() -> frozenset[str]:
    """The labels of UNODC's standard series ("Cocaine" is a series, not a substance of the names table)."""
    return frozenset(series.label for series in standard_series().values())


def vocabulary_list(value: str | None) -> str:
    """A list of substances or groups as the data joins them ("Heroin, Opium"), each named in the reader's language;
    empty for none."""
    return listed(vocabulary_label(name) for name in (value or "").split(", ") if name)


def named_in_language(
    frame: pl.DataFrame, column: str, name: Callable[[str], str] = vocabulary_label, *, source: str | None = None
) -> pl.Expr:
    """``column`` with each value named by ``name`` in the reader's language (``source``: the column the names are
    made from, e.g. ISO3 codes, by default ``column`` itself). The names are looked up here, in the thread of the
    request, never in a Polars UDF: Polars may run one in a thread of its own, where the language of the request is
    not set and every name would come out English."""
    values = frame.get_column(source or column).drop_nulls().unique().to_list()
    names = {value: name(value) for value in values}
    return pl.col(source or column).replace_strict(names, default=None, return_dtype=pl.String).alias(column)


def class_label(value: str) -> str:
    """A substance class in words, lower case, for inside a sentence."""
    return label(value, CLASS_LABELS).lower()


# ---- what every chart and download says ----------------------------------------------------------------------------
# Streamlit's own placeholder of a choice ("Choose an option") is English: every choice names its own.
CHOOSE = N_("Choose an option")
NOT_REPORTED_NOTE = N_("An empty value means not reported (not zero).")
SERIES_LABEL = N_("UNODC standard series")
SERIES_PLACEHOLDER = N_("None chosen")
SERIES_HELP_INTRO = N_("Series as the World Drug Report counts them (a total where a country reports one, never both):")
SUSPECT_LABEL = N_("Include amounts flagged to check")
SUSPECT_HELP = N_(
    "Case records with an unlikely amount (over 2 t in one air seizure or 100 kg in one postal item, often a slip of "
    "unit) are left out of rankings, sums and maps unless this is ticked; every view says how many it leaves out."
)
WHOLE_GROUP = "{}: group total"  # a group's figure: its reported total, or the sum of its parts
UNSPECIFIED = "{}: unspecified"  # what a group's totals hold beyond the substances named


def group_with_substances(group: str, substances: list[str]) -> str:
    """A group's line when a filter keeps only some of its substances: "Opioids: Heroin only"."""
    return _("{group}: {substances} only").format(group=group, substances=listed(substances))


FILTER_NAMES = {
    "conveyances": N_("conveyance"),
    "concealments": N_("concealment"),
    "routings": N_("routing"),
    "channels": N_("channel"),
}


def _filter_name(name: str) -> str:
    found = FILTER_NAMES.get(name)
    return _(found) if found else name


def what_is_counted(state: ViewState) -> str:
    """The substances a view counts, in words: its UNODC series, substances or groups, else its classes."""
    if state.series:
        return listed(_(SERIES[key]) for key in state.series)
    if state.substances:
        return listed(vocabulary_label(s) for s in state.substances)
    if state.groups:
        return listed(vocabulary_label(g) for g in state.groups)
    if not state.classes:
        return _("every class of substance")
    return listed(class_label(c) for c in state.classes)


def title_words(state: ViewState, years: tuple[int, int] | None = None) -> str:
    """What a chart title says it counts: the substances (or classes), the years (when given), and the regions and
    ways of seizure a filter keeps ("Heroin, 2018–2022", "Cocaine, 2015–2016, Europe, conveyance: air")."""
    parts = [what_is_counted(state), *([year_range(*years)] if years else [])]
    if state.regions:
        parts.append(listed(vocabulary_label(r) for r in state.regions))
    if state.subregions:
        parts.append(listed(vocabulary_label(r) for r in state.subregions))
    for name in CASE_ONLY_FILTERS:
        values = getattr(state, name)
        if values:
            parts.append(labelled(_filter_name(name), listed(label(v, CASE_LABELS.get(name)) for v in values)))
    return listed(parts)


def view_in_words(state: ViewState, years: tuple[int, int], *, cases: bool) -> str:
    """Every filter of a view, in words, for a title's subtitle and a download's first lines: substances, classes,
    years, regions, how a seizure was made, plant material and (case records) amounts flagged to check."""
    parts = [what_is_counted(state)]
    if state.series or state.substances or state.groups:
        parts.append(listed(class_label(c) for c in state.classes) or _("every class"))
    parts.append(year_range(*years))
    regions = _("regions: {regions}").format(regions=listed(vocabulary_label(r) for r in state.regions))
    parts.append(regions if state.regions else _("all regions"))
    if state.subregions:
        parts.append(_("subregions: {names}").format(names=listed(vocabulary_label(r) for r in state.subregions)))
    for name in CASE_ONLY_FILTERS:
        values = getattr(state, name)
        if values:
            parts.append(labelled(_filter_name(name), listed(label(v, CASE_LABELS.get(name)) for v in values)))
    parts.append(_("plant material included") if state.include_plants else _("plant material left out"))
    if cases:
        parts.append(
            _("amounts flagged to check included") if state.include_suspect else _("amounts flagged to check left out")
        )
    return grouped(parts)


def suspect_note(left_out: int) -> str | None:
    """Under a view of case records: how many records with an unlikely amount it leaves out, and how to see them."""
    if not left_out:
        return None
    return n_(
        "{count} case record with an amount flagged to check (over 2 t in one air seizure or 100 kg in one postal "
        "item, often a slip of unit) left out of these figures; tick *Include amounts flagged to check* in the sidebar "
        "to count them.",
        "{count} case records with an amount flagged to check (over 2 t in one air seizure or 100 kg in one postal "
        "item, often a slip of unit) left out of these figures; tick *Include amounts flagged to check* in the sidebar "
        "to count them.",
        left_out,
    ).format(count=count(left_out))


def reporting_phrase(reporting: int | None, of: int | None, year: object) -> str:
    """ "27 of 60 countries and territories reported in 2022": what a regional or world sum rests on (``of``: the
    UN M49 areas of the region or the world, territories included)."""
    return n_(
        "{reporting} of {of} country reported in {year}",
        "{reporting} of {of} countries and territories reported in {year}",
        of or 0,
    ).format(reporting=count(reporting or 0), of=count(of or 0), year=year)


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
        notes.append(_("What is counted: {counted}").format(counted=counted))
    if kept:
        notes.append(_("Kept: {kept}").format(kept=kept))
    notes += [
        _("Unit: {unit}").format(unit=_(unit)),
        _("Years {first}-{last}").format(first=first, last=last),
        _("Source: {source}").format(source=source),
        _(NOT_REPORTED_NOTE),
    ]
    return [demo_note(), *notes] if demo else notes


def filters_in_words(state: ViewState, years: tuple[int, int], *, cases: bool | None = None) -> str:
    """The view's filters as one plain sentence, for exported images and published views (escape where shown).
    ``cases``: whether the figures rest on case records (a measure or filter only they give overrides the choice)."""
    from dashboard.measures import LABELS as MEASURE_LABELS
    from dashboard.state import DATASETS, FILTER_PARAMS

    first, last = years
    parts = [_("Years {years}").format(years=year_range(first, last))]
    classes = listed(class_label(c) for c in state.classes) or _("every substance class")
    parts.append(_("class: {classes}").format(classes=classes))
    named = [
        (_("group"), state.groups),
        (_("substance"), state.substances),
        (_("region"), state.regions),
        (_("subregion"), state.subregions),
    ]
    named += [(_(p.label or p.attribute).lower(), getattr(state, p.attribute)) for p in FILTER_PARAMS if p.label]
    parts += [f"{what}: {', '.join(label(v) for v in values)}" for what, values in named if values]
    if state.country:
        parts.append(_("country: {country}").format(country=state.country))
    if state.countries:
        parts.append(_("compared: {countries}").format(countries=listed(state.countries)))
    parts.append(_("measure: {measure}").format(measure=_(MEASURE_LABELS[state.measure]).lower()))
    parts.append(_(DATASETS["cases" if cases or (cases is None and state.dataset == "cases") else "annual"]).lower())
    if state.include_plants:
        parts.append(_("plant material included"))
    return grouped(parts)


# ---- sources --------------------------------------------------------------------------------------------------------
# The importer's own words inside a stored source name or citation ("World Drug Report 2023 (edition inferred from
# the data years)"): the store keeps them in English, the reader sees them in the language.
EDITION_INFERRED = N_("edition inferred from the data years")


def citation(stored: str) -> str:
    """A stored source name or citation in the reader's language: the importer's words translated, the rest (a
    publication's title, as published) as stored."""
    own = _(EDITION_INFERRED)
    # The store has the importer's words in brackets after a space; the language may write brackets otherwise.
    return _(stored).replace(f" ({EDITION_INFERRED})", with_aside("", own)).replace(EDITION_INFERRED, own)


def sources_in_words(sources: pl.DataFrame) -> pl.DataFrame:
    """Registry rows as a table shows them: the importer's words in each edition and citation translated."""
    return sources.with_columns(
        named_in_language(sources, column, citation) for column in ("edition", "citation") if column in sources.columns
    )


# ---- public views ---------------------------------------------------------------------------------------------------
FEW_RECORDS = N_("other categories (too few records to show)")  # a public mix's line for its suppressed categories


def small_cell(limit: int) -> str:
    """What a public table shows in place of a figure resting on too few case records: "< 3"."""
    return f"< {count(limit)}"


def public_note(limit: int) -> str:
    """The note line every download of a public view carries."""
    return _(
        "Public view: aggregates only, no individual case records and no restricted source. A figure resting on "
        "fewer than {limit} case records, or one that a total minus the figures shown would give away, is left "
        "empty and marked in the column suppressed."
    ).format(limit=limit)


def public_caption(limit: int) -> str:
    """Under a public page's title: what a public view leaves out, so a gap is not read as "not reported"."""
    return _(
        "Public view: case records are shown only as totals. A figure resting on fewer than {limit} records (or one "
        "a total would give away) is not shown: a gap in a chart, {shown} in a table."
    ).format(limit=limit, shown=markdown(small_cell(limit)))


def with_public_note(notes: list[str], limit: int) -> list[str]:
    """``notes`` with the public-view line (once)."""
    line = public_note(limit)
    return notes if line in notes else [*notes, line]


def suppressed_corridors_note(corridors: int, limit: int) -> str:
    """Under a public route map: the corridors it leaves out because they rest on too few seizures."""
    return n_(
        "A public view leaves out {n} corridor that rests on fewer than {limit} seizures (or that a total would give "
        "away): its years, substances and transit countries would describe single seizures.",
        "A public view leaves out {n} corridors that rest on fewer than {limit} seizures (or that a total would give "
        "away): their years, substances and transit countries would describe single seizures.",
        corridors,
    ).format(n=count(corridors), limit=limit)


# ---- what a figure's flags say ---------------------------------------------------------------------------------------
FLAG_LABELS: dict[str, str] = {
    "carried_over": N_("carried over from an earlier year"),
    "estimate": N_("an estimate"),
    "financial_year": N_("a financial or other non-calendar year"),
    "partial": N_("part of the year or of the agencies only"),
    "outlier_year": N_("far from the country's other years (outlier)"),
}


FLAGGED_LEGEND = N_("Hollow ring: rests on a flagged figure (hover)")


def flag_label(flag: str) -> str:
    """What a trust flag (``carried_over``, ``outlier_year``...) means, in words; an unknown flag as it is."""
    return _(FLAG_LABELS[flag]) if flag in FLAG_LABELS else flag


def flag_note(place: str, year: object, flags: list[str], comment: str | None) -> str:
    """ "Netherlands 2016: carried over from an earlier year («Data for 2015 (2016 data not available)»)": one
    flagged country-year, in plain text (escape it for its destination)."""
    said = listed(flag_label(f) for f in flags)
    quoted = _(" (comment: “{comment}”)").format(comment=comment) if comment else ""
    return f"{place} {year}: {said}{quoted}"


def outlier_detail(value: float | None, typical: float | None) -> str:
    """ ", 1,414,153 kg against a median of 2,634 kg in its other years": why a year is an outlier."""
    if value is None or typical is None:
        return ""
    return _(", {value} kg against a median of {typical} kg in its other years").format(
        value=number(value), typical=number(typical)
    )


OUTLIERS_LABEL = N_("Include outlier years in rankings")
OUTLIERS_HELP = N_(
    "A country-year far from the same country's other years (more than the factor of the Data page's *Flagged "
    "figures*, e.g. Namibia's 1,414 t of cannabis in 2020 against 2.6 t in 2021) is left out of rankings by default."
)


# ---- the frontend's own words --------------------------------------------------------------------------------------
LABEL_PLACEHOLDER = "{label}"


def frontend_words() -> dict[str, object]:
    """The words of Streamlit's and plotly.js's own frontend (``reference/frontend_words.csv``: a button's name, a
    tooltip, the skip link) in the reader's language, for the page script that puts them in place (``a11y.js``):
    ``exact`` maps an English word to its translation, ``patterns`` holds (English before, English after,
    translation before, translation after) around the ``{label}`` a word names. Empty in English."""
    exact: dict[str, str] = {}
    patterns: list[list[str]] = []
    if language() == SOURCE_LANGUAGE:
        return {"exact": exact, "patterns": patterns}
    for row in read_rows("frontend_words.csv"):
        english, translated = row["english"], _(row["english"])
        if translated == english:
            continue
        if LABEL_PLACEHOLDER in english:
            before, after = english.split(LABEL_PLACEHOLDER, 1)
            own_before, own_after = (translated.split(LABEL_PLACEHOLDER, 1) + [""])[:2]
            patterns.append([before, after, own_before, own_after])
        else:
            exact[english] = translated
    return {"exact": exact, "patterns": patterns}
