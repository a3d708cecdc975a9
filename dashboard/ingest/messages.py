"""What the importers store in English, shown in the reader's language.

A quarantine reason and an import note are stored as stable English sentences (the store is language-neutral: a
reason in French would not match the same reason in Arabic, and a report read next year must not depend on who
uploaded the file). They are translated when they are shown: each stored sentence is matched against the templates
below, whose placeholders (``{value}``, ``{row}``...) are the parts taken from the file; the template's translation
is then filled in with them, so a translator keeps the placeholders and never sees a file's values. A sentence that
matches no template (an older store, a new importer) is shown as stored, never dropped.
"""

from __future__ import annotations

import functools
import re

from dashboard.i18n import N_, SOURCE_LANGUAGE, _, language
from dashboard.text import count

# The stored English, with the file's values as named placeholders. Each must be written exactly as the importer
# writes it (dashboard/ingest/unodc_cases.py, unodc_annual.py, template.py, licit.py, meetings.py, __init__.py,
# streaming.py); tests/unit/ingest/test_messages.py checks the common ones against real imports.
TEMPLATES: tuple[str, ...] = (
    # case records (unodc_cases.py) and the template importer
    N_("date missing"),
    N_("date '{date}' cannot be read (expected YYYY-MM-DD)"),
    N_("date '{date}' is in the future"),
    N_("date '{date}' is before {year}"),
    N_("amount missing"),
    N_("amount '{amount}' is not a number"),
    N_("negative amount '{amount}'"),
    N_("unit missing"),
    N_("unknown unit '{unit}'"),
    N_("unknown country '{country}'"),
    N_("seizing country '{country}' is not a country"),
    N_("absurd amount '{amount} {unit}': over {limit} kg of a processed drug in one seizure"),
    N_("absurd amount '{amount} {unit}': over {limit} kg in one seizure"),
    N_("absurd amount '{amount} {unit}': over {limit} items in one seizure"),
    N_("substance missing"),
    N_("seizing country missing"),
    N_("country missing"),
    N_("required value missing"),
    N_("amount {amount} is absurd"),
    N_("ODS/HFC amounts must be a mass (kg, g, t); '{unit}' has no standard weight"),
    N_("amount {amount} {unit} is absurd (more than 1e9 kg)"),
    N_("date '{date}' cannot be read (expected YYYY-MM-DD, YYYY-MM or YYYY)"),
    N_("seizing country '{country}' cannot be resolved to a country"),
    N_("country '{country}' cannot be resolved to a country"),
    N_("is_total '{value}' is not yes or no"),
    # annual tables (unodc_annual.py)
    N_("note row below the table: no country, year or figure"),
    N_("country '{country}' (code '{code}') cannot be resolved to ISO3"),
    N_("year missing"),
    N_("year '{year}' is not a whole number"),
    N_("year {year} is in the future"),
    N_("year {year} is before {earliest}"),
    N_("no drug named"),
    N_("amount {amount} is negative"),
    N_("amount {amount} is absurd (more than {limit})"),
    N_("unit '{unit}' is not a known unit"),
    N_("amount {amount} kg is negative"),
    N_("amount {amount} kg is absurd (more than {limit} kg)"),
    # licit trade (licit.py)
    N_("longer than {count} characters"),
    N_("exporting and importing country are the same ({country})"),
    N_("shipment on {shipped} before the authorisation was issued on {issued}"),
    N_("quantity received without a shipment date"),
    N_("quantity received on a {status} authorisation"),
    N_("year {year} is neither the year of issue ({issued}) nor the next"),
    N_("repeats row {row} (same values written differently)"),
    # meeting replies (meetings.py)
    N_("must be lowercase letters, digits and underscores"),
    N_("must be one letter a-z, e.g. a or (a)"),
    N_("unknown category {category} (known: {known})"),
    N_("unknown country {country}"),
    N_("{code} does not match country name {name}"),
    N_("meeting {meeting} has no recommendation ({letter}) under issue {issue}"),
    # notes of an import (__init__.py, unodc_cases.py, unodc_annual.py, streaming.py)
    N_("{count} rows repeat an earlier row in every column; kept as separate seizures and flagged '{flag}'"),
    N_("{count} rows repeat an earlier row in every column; kept as separate figures and flagged '{flag}'"),
    N_("amounts read with decimal commas"),
    N_("numbers read with decimal points"),
    N_("columns not part of the UNODC export were ignored: {columns}"),
    N_("columns not part of the template were ignored: {columns}"),
    N_("dates like 03/04/2015 were read day-first: nothing in the file decides the order"),
    N_("no subgroup column: subgroups come from the project's vocabulary"),
    N_(
        "{count} reported totals are smaller than their own components: the components are used instead "
        "(flagged '{flag}')"
    ),
    N_("{count} wholly empty rows ignored"),
    N_("read in batches of {count} rows (a large file)"),
    N_("edition {edition}, given"),
    N_("edition {edition}, from the {where}"),
    N_(
        "edition inferred from the latest data year {year}: World Drug Report {edition} (the file does not name "
        "its edition; give it with --edition, or on upload, to cite it for certain)"
    ),
    N_("country codes read as UNODC's own codes ({example}), as the names say"),
    N_("columns recognised by their meaning: {columns}; closest to the {layout}"),
    N_("columns recognised by their meaning: {columns}"),
    # notes of the readers (readers.py)
    N_("the file is in UTF-16; it was read as such"),
    N_("the file is not UTF-8 (line {line} first); all of it was read as Windows-1252"),
    N_("hidden sheet(s) not read: {sheets}"),
    N_("{count} column(s) without a header not imported"),
    N_(
        "{count} column(s) without a header not imported; {cells} non-empty cell(s) in them left out "
        "(column(s) {columns})"
    ),
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Placeholders that an importer fills with one of its own words, not with a file's value: those words are
# translated too (the layouts' descriptions come from reference/annual_layouts.csv, extracted with the tables).
IMPORTER_WORDS = frozenset({"where", "layout", "status"})
# Placeholders that hold a count the importer wrote the English way ("44,231"): written again the reader's way.
IMPORTER_COUNTS = frozenset({"count", "cells"})
_ENGLISH_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*")
_WORDS = (N_("title"), N_("file name"), N_("edition given on import"), N_("cancelled"), N_("pending"))


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for template in TEMPLATES:
        parts, end = [], 0
        for match in _PLACEHOLDER.finditer(template):
            parts += [re.escape(template[end : match.start()]), f"(?P<{match[1]}>.*?)"]
            end = match.end()
        parts.append(re.escape(template[end:]))
        compiled.append((re.compile("".join(parts), re.DOTALL), template))
    # Longer templates first, so "unit '{unit}' is not a known unit" wins over a looser one that also matches.
    return tuple(sorted(compiled, key=lambda pair: -len(_PLACEHOLDER.sub("", pair[1]))))


def shown(stored: str) -> str:
    """A stored reason or note in the current language, the file's values kept as they are."""
    if language() == SOURCE_LANGUAGE or not stored:
        return stored
    for pattern, template in _patterns():
        match = pattern.fullmatch(stored)
        if match:
            return _(template).format(**{key: _importer_value(key, value) for key, value in match.groupdict().items()})
    return stored


def _importer_value(key: str, value: str) -> str:
    if key in IMPORTER_WORDS:
        return _(value)
    if key in IMPORTER_COUNTS and _ENGLISH_COUNT.fullmatch(value):
        return count(int(value.replace(",", "")))
    return value


def shown_counted(key: str) -> str:
    """A key of ``ImportReport.quarantine_reasons`` ("column: reason") with its reason translated; the column is the
    file's own header and stays as written."""
    column, separator, reason = key.partition(": ")
    return f"{column}{separator}{shown(reason)}" if separator else shown(key)
