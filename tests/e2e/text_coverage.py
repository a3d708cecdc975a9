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
import re
from pathlib import Path

ALLOWED_CSV = Path(__file__).with_name("untranslated_allowed.csv")
# A word of three or more Latin letters: English that a reader of another language would have to read.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")

COLLECT = """() => {
    const roots = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')];
    const out = new Set();
    const add = (text) => { const t = (text || '').replace(/\\s+/g, ' ').trim(); if (t) out.add(t); };
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
            acceptNode: (node) => {
                const parent = node.parentElement;
                // A Material icon is drawn from its ligature name ("bookmarks"): a glyph, never read as a word.
                if (!parent || parent.closest('script, style, noscript, [data-testid="stIconMaterial"]')) {
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


def page_text(page, *, tries: int = 4) -> set[str]:
    """Every piece of visible text (and text alternative) of the page's main area and sidebar, white space folded:
    collected until two readings 0.75 s apart agree (a page that reruns once it has settled, e.g. to follow a
    control, would otherwise be read half drawn)."""
    found = set(page.evaluate(COLLECT))
    for _ in range(tries):
        page.wait_for_timeout(750)
        again = set(page.evaluate(COLLECT))
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


def untranslated(english: set[str], other: set[str]) -> list[str]:
    """The text shown identically in English and in the other language, with an English word, not allowed."""
    ok = allowed()
    return sorted(t for t in other & english if LATIN_WORD.search(t) and t not in ok)
