"""The browser tests' server, with a check on the values that fill a translated message's placeholders.

The catalogue-coverage test (``text_coverage.py``) compares whole pieces of text, so an English word inside a
translated sentence ("可卡因: ... Cocaine ...") passes it. Here every translated message that has placeholders checks
the values it is filled with: a value that is the English form of something the project writes in the reader's
language (a catalogue message, a country's UN name, a region's or a substance's name) is English left inside a
translation, and is written, one JSON line each, to the file named by ``DASHBOARD_PLACEHOLDER_LOG``. The browser
tests read that file after each visit (``found_since``). A value from a file (a place, a reply) is data as reported
and is not one of those forms, so it is never reported.

    python tests/e2e/placeholder_check.py run Home.py --server.port 8501    # what ``streamlit`` takes
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_VARIABLE = "DASHBOARD_PLACEHOLDER_LOG"
# A value that holds a word: numbers, codes and punctuation are not English to translate.
WORD = re.compile(r"[A-Za-z]{3,}")
# The data joins a list of substances or groups with ", " ("Heroin, Opium"): such a list is looked at name by name.
LIST_SEPARATOR = ", "


@functools.cache
def english_forms(lang: str) -> frozenset[str]:
    """What the project writes in English where ``lang`` has its own form of it."""
    from babel.messages.pofile import read_po

    from dashboard.countries import country_names
    from dashboard.i18n import catalogue_path, using
    from dashboard.reference import read_rows

    with catalogue_path(lang).open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    forms = {
        message.id
        for message in catalogue
        if isinstance(message.id, str) and message.string and message.string != message.id and "{" not in message.id
    }
    with using("en"):
        english = country_names()
    with using(lang):
        local = country_names()
    forms |= {name for iso3, name in english.items() if local.get(iso3, name) != name}
    for table in ("region_names.csv", "substance_names.csv"):
        forms |= {row["name"] for row in read_rows(table) if row["lang"] == lang and row["translation"] != row["name"]}
    return frozenset(form for form in forms if WORD.search(form))


def english_values(values: list[object], lang: str) -> list[str]:
    """The values that are English forms of something ``lang`` has its own form of."""
    forms = english_forms(lang)
    found = []
    for value in values:
        if not isinstance(value, str):
            continue
        parts = value.split(LIST_SEPARATOR)
        # A list only when every part is a name: a sentence of data with commas ("..., Europe, Lisbon, 2019") is not.
        if value in forms or (len(parts) > 1 and all(part in forms for part in parts)):
            found.append(value)
    return found


def install(log: Path) -> None:
    """Makes every translated message with placeholders check what fills them (before any page is imported)."""
    from dashboard import i18n

    translate, translate_plural = i18n._, i18n.n_

    class Checked(str):
        """A translated message; ``format`` reports English values, then formats as ``str`` does."""

        __slots__ = ()

        def format(self, *args: object, **kwargs: object) -> str:  # noqa: A003 (str's own name)
            lang = i18n.language()
            if lang != i18n.SOURCE_LANGUAGE:
                found = english_values([*args, *kwargs.values()], lang)
                if found:
                    with log.open("a", encoding="utf-8") as fh:
                        for value in found:
                            fh.write(json.dumps({"lang": lang, "message": str(self), "value": value}) + "\n")
            return str.format(str(self), *args, **kwargs)

    def checked(message: str) -> str:
        text = translate(message)
        return Checked(text) if "{" in text else text

    def checked_plural(singular: str, plural: str, count: int) -> str:
        text = translate_plural(singular, plural, count)
        return Checked(text) if "{" in text else text

    i18n._, i18n.n_ = checked, checked_plural

    # A message escaped before it is filled (``text.plotly(_("{a} from {b}")).format(...)``, markup among the
    # values) stays checked.
    from dashboard import text

    def keeps_check(escape):
        @functools.wraps(escape)
        def escaped(value, *args, **kwargs):
            out = escape(value, *args, **kwargs)
            return Checked(out) if isinstance(value, Checked) else out

        return escaped

    for name in ("plotly", "html_text", "markdown"):
        setattr(text, name, keeps_check(getattr(text, name)))


def found_since(log: Path, offset: int) -> list[dict]:
    """What the server reported after ``offset`` bytes of its log."""
    if not log.is_file():
        return []
    with log.open(encoding="utf-8") as fh:
        fh.seek(offset)
        return [json.loads(line) for line in fh if line.strip()]


def size(log: Path) -> int:
    return log.stat().st_size if log.is_file() else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    install(Path(os.environ[LOG_VARIABLE]))
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(main())
