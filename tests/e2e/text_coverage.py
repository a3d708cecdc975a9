"""The English a page shows in another language: its visible text collected in the browser in English and in the
other language, and every piece of text that is identical in both and holds a word of Latin letters (so it is
English the catalogues do not translate) reported, unless it is data as reported, listed with its reason in
``untranslated_allowed.csv``.

What is collected: the text nodes of the main area and the sidebar (Markdown, labels, buttons, the data grids'
accessible cells and headers, the SVG text of every Plotly chart: titles, axis titles, legend entries, annotations),
and the ``aria-label``, ``title``, ``alt`` and ``placeholder`` attributes there.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from babel.messages.pofile import read_po

from dashboard.countries import localised_names
from dashboard.i18n import SOURCE_LANGUAGE, catalogue_path, using
from dashboard.pages.data.text import column_label
from dashboard.reference import read_rows

ALLOWED_CSV = Path(__file__).with_name("untranslated_allowed.csv")
# A word of three or more Latin letters: English that a reader of another language would have to read.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# A code, not a word to translate: an ISO3 code ("MEX"), an authorisation's number ("MX-EPH-24-001").
CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
STREAMLIT_PREFIX = re.compile(r"^(?:Remove |Download as CSV: |Fullscreen: |Search: |Show/hide columns: )")
WITH_CODE = re.compile(r" \([A-Z]{3}\)$")
EMPHASIS = re.compile(r"\*{1,2}([^*]+)\*{1,2}")

COLLECT = """(asReported) => {
    const roots = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')];
    const out = new Set();
    const add = (text) => { const t = (text || '').replace(/\\s+/g, ' ').trim(); if (t) out.add(t); };
    // The cells of a data grid's column "Substance as reported" (its header in the page's language) are the file's.
    const reported = new Set();
    for (const table of document.querySelectorAll('table')) {
        const columns = [...table.querySelectorAll('th[aria-colindex]')]
            .filter((th) => asReported.includes(th.textContent.trim())).map((th) => th.getAttribute('aria-colindex'));
        for (const column of columns) {
            table.querySelectorAll(`td[aria-colindex="${column}"]`).forEach((td) => reported.add(td));
        }
    }
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
            acceptNode: (node) => {
                const parent = node.parentElement;
                if (parent && [...reported].some((td) => td.contains(parent))) return NodeFilter.FILTER_REJECT;
                // A Material icon is drawn from its ligature name ("bookmarks"): a glyph, never read as a word
                // (an alert's or an expander's icon has no test id of its own, only the icon font).
                if (!parent || parent.closest('script, style, noscript, [data-testid="stIconMaterial"]')
                    || getComputedStyle(parent).fontFamily.includes('Material')) {
                    return NodeFilter.FILTER_REJECT;
                }
                return NodeFilter.FILTER_ACCEPT;
            },
        });
        while (walker.nextNode()) add(walker.currentNode.nodeValue);
        for (const el of root.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
            for (const name of ['aria-label', 'title', 'alt', 'placeholder']) add(el.getAttribute(name));
        }
    }
    return [...out];
}"""


# Columns whose cells hold what a file reported, shown as written (issue 12: data stays as reported).
AS_REPORTED_COLUMNS = ("substance_as_reported", "amount_as_reported", "unit_as_reported", "concealment", "comment")


def as_reported_headers(lang: str) -> list[str]:
    """The headers of those columns as the Data page writes them in ``lang``."""
    with using(lang):
        return [column_label(column) for column in AS_REPORTED_COLUMNS]


def page_text(page, lang: str = SOURCE_LANGUAGE, *, tries: int = 4) -> set[str]:
    """Every piece of visible text (and text alternative) of the page's main area and sidebar, white space folded,
    without the cells of a file's own words: collected until two readings 0.75 s apart agree (a page that reruns
    once it has settled, e.g. to follow a control, would otherwise be read half drawn)."""
    headers = as_reported_headers(lang)
    found = set(page.evaluate(COLLECT, headers))
    for _ in range(tries):
        page.wait_for_timeout(750)
        again = set(page.evaluate(COLLECT, headers))
        if again == found:
            break
        found = again
    return found


def allowed() -> dict[str, str]:
    """The reviewed allow-list: text shown as reported (or by a component the project cannot translate) -> why."""
    with ALLOWED_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(row["text"] and row["reason"].strip() for row in rows), "every allowed text says why"
    return {row["text"]: row["reason"] for row in rows}


@functools.cache
def own_forms(lang: str) -> frozenset[str]:
    """What the project's own tables write in ``lang``: the catalogue's translations, the UN short names of countries,
    the names of regions and substances. A text the same in English and in ``lang`` that is one of them is the
    translation, not English left over (French "Destination", "Substance", "Portugal", "Europe")."""
    with catalogue_path(lang).open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    translations = [
        form for m in catalogue if m.id for form in (m.string if isinstance(m.string, tuple) else (m.string,)) if form
    ]
    forms = {" ".join(t.split()) for t in translations}
    # A bold or italic part of a translation is a text node of its own on the page ("**Sources.** Les chiffres...").
    forms |= {" ".join(part.split()) for t in translations for part in EMPHASIS.findall(t)}
    forms |= set(localised_names(lang).values())
    for table in ("region_names.csv", "substance_names.csv"):
        forms |= {row["translation"] for row in read_rows(table) if row["lang"] == lang}
    return frozenset(forms)


def untranslated(english: set[str], other: set[str], lang: str) -> list[str]:
    """The text shown identically in English and in the other language, with an English word, that is neither the
    language's own form of it nor allowed."""
    ok, own = allowed(), own_forms(lang)

    def bare(t: str) -> str:
        # "Remove Colombia (COL)": Streamlit's own word on a chosen option's chip, then a name and its ISO3 code.
        # "Fullscreen: Sources": Streamlit's own word on a grid's toolbar button, then the grid's name.
        return WITH_CODE.sub("", STREAMLIT_PREFIX.sub("", t))

    return sorted(
        t
        for t in other & english
        if LATIN_WORD.search(t) and not CODE.fullmatch(t) and t not in ok and t not in own and bare(t) not in own
    )
