"""The interface's message catalogues: extract, update, compile, check.

    .venv/bin/python scripts/i18n.py extract    # every _() n_() N_() of dashboard/, pages/, Home.py, and the labels of
                                                # the reference tables listed in reference/translated_columns.csv,
                                                # into dashboard/locale/messages.pot
    .venv/bin/python scripts/i18n.py update     # the template merged into each language's messages.po (new entries
                                                # empty, changed ones fuzzy, gone ones kept as obsolete)
    .venv/bin/python scripts/i18n.py compile    # each messages.po into messages.mo (git-ignored; set-up runs this)
    .venv/bin/python scripts/i18n.py check      # fails when a catalogue has an untranslated or fuzzy entry, or a
                                                # translation whose placeholders differ from its message's

The catalogues are gettext ``.po`` files in ``dashboard/locale/<lang>/LC_MESSAGES/messages.po``; Babel extracts,
merges and compiles them. English is the source language and has no catalogue.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, catalogue_path, compile_catalogue  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
TABLES = ROOT / "dashboard" / "reference" / "translated_columns.csv"
# Python format fields: "{country}", "{amount:,}", "{}"; and printf-style ones, which a translation must keep too.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[#0+-]?\d*(?:\.\d+)?[sdifr]")


def _python_messages() -> Iterable[tuple[str, int, str | tuple[str, str], list[str]]]:
    method_map = [("**.py", "python")]
    for folder in ("dashboard", "pages"):
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / folder, method_map, keywords=KEYWORDS, comment_tags=("i18n:",)
        ):
            yield f"{folder}/{filename}", lineno, message, comments
    for lineno, message, comments, _context in extract_from_file(
        "python", ROOT / "Home.py", keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        yield "Home.py", lineno, message, comments


def _table_messages() -> Iterable[tuple[str, int, str, list[str]]]:
    """The labels kept in reference tables (page names, measures, series): shown through ``_()`` by the code."""
    with TABLES.open(encoding="utf-8", newline="") as fh:
        wanted = list(csv.DictReader(fh))
    for row in wanted:
        path = ROOT / "dashboard" / "reference" / row["table"]
        with path.open(encoding="utf-8", newline="") as fh:
            for lineno, record in enumerate(csv.DictReader(fh), start=2):
                value = record[row["column"]].strip()
                if value:
                    yield f"dashboard/reference/{row['table']}", lineno, value, [row["note"]] if row["note"] else []


def extract() -> Catalog:
    catalog = Catalog(project="seizure-dashboard", msgid_bugs_address="", fuzzy=False)
    for path, lineno, message, comments in [*_python_messages(), *_table_messages()]:
        catalog.add(message, locations=[(path, lineno)], auto_comments=comments)
    with TEMPLATE.open("wb") as fh:
        write_po(fh, catalog, width=120, sort_output=False)
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(catalog)} messages")
    return catalog


def languages() -> tuple[str, ...]:
    return tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def update() -> None:
    with TEMPLATE.open("rb") as fh:
        template = read_po(fh)
    for lang in languages():
        path = catalogue_path(lang)
        if path.is_file():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, project="seizure-dashboard", fuzzy=False)
        catalog.update(template, update_header_comment=False)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=120, include_previous=True)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def compile_all() -> None:
    for lang in languages():
        target = compile_catalogue(lang, force=True)
        print(f"{lang}: {target.relative_to(ROOT) if target else 'no catalogue'}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(lang: str) -> list[str]:
    """What is wrong in one catalogue: a missing file, untranslated or fuzzy entries, changed placeholders."""
    path = catalogue_path(lang)
    if not path.is_file():
        return [f"{lang}: no catalogue at {path.relative_to(ROOT)}"]
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{path.relative_to(ROOT)}:{message.lineno}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{where}: fuzzy entry {ids[0]!r}")
        elif not all(strings):
            found.append(f"{where}: untranslated {ids[0]!r}")
        else:
            wanted = placeholders(ids[-1])
            found += [f"{where}: placeholders of {ids[0]!r} changed" for s in strings if placeholders(s) != wanted]
    return found


def check(langs: Iterable[str] | None = None) -> list[str]:
    """Every problem of every catalogue, and messages of the template that a catalogue lacks."""
    found: list[str] = []
    template_ids: set = set()
    if TEMPLATE.is_file():
        with TEMPLATE.open("rb") as fh:
            template_ids = {m.id for m in read_po(fh) if m.id}
    for lang in langs or languages():
        found += problems(lang)
        path = catalogue_path(lang)
        if path.is_file() and template_ids:
            with path.open("rb") as fh:
                have = {m.id for m in read_po(fh, locale=lang) if m.id}
            found += [f"{lang}: no entry for {mid!r} (run update)" for mid in sorted(template_ids - have, key=str)]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("extract", "update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
    elif args.command == "update":
        update()
    elif args.command == "compile":
        compile_all()
    else:
        found = check()
        for line in found:
            print(line)
        print(f"{len(found)} problems in {len(languages())} catalogues")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
