"""Command line: ``python -m dashboard import FILE...``, ``list``, ``remove SOURCE_ID``, ``quarantine SOURCE_ID``,
``check [--quarantine]`` (the store's files, read in full), ``build-cubes [--engine spark --master URL] [--rebuild]``,
``export URL-or-view-id --format FORMAT -o FILE`` (a page's main chart, or ``--all`` of them) and
``deck export DECK --format pptx|pdf -o FILE`` (or ``--views URL...`` for a deck made on the spot).

Every failure is one line naming the file and the reason, and a non-zero exit code; never a traceback. Everything
printed that comes from data or a file name goes through ``text.terminal``: no escape sequence reaches the terminal.
Every command first finishes what a killed import left (``Store.recover``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import polars as pl

from dashboard.access import public_mode
from dashboard.exports import csv_bytes
from dashboard.i18n import LANGUAGES, _, negotiate, using
from dashboard.ingest import InputError
from dashboard.ingest.mapping import read_mapping_file
from dashboard.ingest.worker import import_in_worker
from dashboard.store import DATA_DIR_ENV, Store, StoreError
from dashboard.text import count, number, terminal


def _store(args: argparse.Namespace) -> Store:
    return Store(args.data_dir) if args.data_dir else Store()


def cmd_import(args: argparse.Namespace) -> int:
    store = _store(args)
    failures = 0
    try:
        mapping = read_mapping_file(args.mapping) if args.mapping else None
    except InputError as error:
        print(_("error: {error}").format(error=terminal(error)), file=sys.stderr)
        return 1
    for name in args.files:
        try:
            # Read in a worker process with memory and time limits: whatever the file does, this process lives.
            report = import_in_worker(
                Path(name),
                store.root,
                restricted=args.restricted,
                column_mapping=mapping,
                edition=args.edition,
                sheet=args.sheet,
            )
        except InputError as error:
            print(_("error: {error}").format(error=terminal(error)), file=sys.stderr)
            failures += 1
            continue
        except Exception as error:  # the promise is one line per bad file, whatever went wrong
            message = _("error: {file}: unexpected {error}").format(
                file=terminal(Path(name).name), error=f"{type(error).__name__}: {terminal(error)}"
            )
            print(message, file=sys.stderr)
            failures += 1
            continue
        print(terminal(report.summary()))
    return 1 if failures else 0


def cmd_list(args: argparse.Namespace) -> int:
    sources = _store(args).sources(public=public_mode())
    if sources.is_empty():
        print(
            terminal(
                _("No sources imported in {folder} (the app shows demonstration data).").format(
                    folder=_store(args).root
                )
            )
        )
        return 0
    shown = sources.select(
        "source_id",
        "kind",
        "file_name",
        "format",
        "rows_read",
        "rows_stored",
        "rows_quarantined",
        "duplicates_skipped",
        "restricted",
        "imported_at",
    )
    with pl.Config(tbl_rows=200, tbl_cols=20, tbl_width_chars=200, fmt_str_lengths=40, tbl_hide_dataframe_shape=True):
        print(terminal(_printable(shown)))
    return 0


def _printable(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells with their control characters shown as ``?`` before the table is drawn (a file name may hold an
    escape sequence; polars would print it as it is)."""
    return frame.with_columns(
        pl.col(c).map_elements(terminal, return_dtype=pl.String) for c, t in frame.schema.items() if t == pl.String
    )


def cmd_remove(args: argparse.Namespace) -> int:
    store = _store(args)
    status = 0
    for source_id in args.source_ids:
        if store.remove(source_id):
            print(terminal(_("removed {source}").format(source=source_id)))
        else:
            message = _("error: no source {source} (see `python -m dashboard list`)").format(source=repr(source_id))
            print(terminal(message), file=sys.stderr)
            status = 1
    from dashboard import cubes

    cubes.refresh(store)  # a removed source's cube goes with it
    return status


def cmd_quarantine(args: argparse.Namespace) -> int:
    if public_mode():
        # Quarantined rows are raw input rows, individual records among them: never public.
        print(_("error: quarantined rows are not available in public mode (DASHBOARD_PUBLIC)"), file=sys.stderr)
        return 1
    rows = _store(args).quarantine(args.source_id)
    if args.output:
        Path(args.output).write_bytes(csv_bytes(rows))
        print(
            terminal(_("{count} quarantined rows written to {file}").format(count=count(rows.height), file=args.output))
        )
    else:
        with pl.Config(tbl_rows=50, fmt_str_lengths=80, tbl_width_chars=200):
            print(terminal(_printable(rows.drop("raw"))))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Read every file the registry promises; name each problem; with ``--quarantine`` set the damaged sources
    aside (the rest of the store stays in use)."""
    store = _store(args)
    problems = store.check()
    if not problems:
        sources = store.sources().height
        print(
            terminal(
                _("store {folder}: {count} sources, every file sound").format(folder=store.root, count=count(sources))
            )
        )
        return 0
    for problem in problems:
        print(terminal(_("problem: {problem}").format(problem=problem)), file=sys.stderr)
    damaged = sorted({p.source_id for p in problems if p.source_id})
    if not damaged:
        return 1
    if not args.quarantine:
        print(
            terminal(
                _("run `python -m dashboard check --quarantine` to set aside: {sources}").format(
                    sources=", ".join(damaged)
                )
            ),
            file=sys.stderr,
        )
        return 1
    for source_id in damaged:
        store.set_aside(source_id)
        message = _("set aside {source} (its files are in damaged/{source}/; import the file again)")
        print(terminal(message.format(source=source_id)))
    return 0 if not [p for p in store.check() if p.source_id] else 1


def cmd_build_cubes(args: argparse.Namespace) -> int:
    import time

    from dashboard import cubes

    started = time.perf_counter()
    try:
        done = cubes.refresh(_store(args), engine=args.engine, master=args.master, rebuild=args.rebuild)
    except ImportError as error:
        message = _("error: the {engine} engine is not installed ({error})")
        print(message.format(engine=args.engine, error=terminal(error)), file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(
        terminal(
            _("cubes ({engine}): built {built} source(s), removed {removed} in {seconds} s").format(
                engine=done["engine"],
                built=count(len(done["built"])),
                removed=count(len(done["removed"])),
                seconds=number(seconds, decimals=1),
            )
        )
    )
    return 0


def cmd_import_meeting(args: argparse.Namespace) -> int:
    from dashboard.ingest.meetings import import_meeting

    try:
        result = import_meeting(Path(args.file), _store(args), meeting_dir=args.meeting_dir, restricted=args.restricted)
    except InputError as error:
        print(_("error: {error}").format(error=terminal(error)), file=sys.stderr)
        return 1
    except Exception as error:  # one line per bad file, whatever went wrong
        message = _("error: {file}: unexpected {error}").format(
            file=terminal(Path(args.file).name), error=type(error).__name__
        )
        print(message, file=sys.stderr)
        return 1
    print(terminal(result.summary()))
    return 0 if result.meeting is not None else 1


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        written = exporting.export(args.target, args.format, Path(args.output), every=args.all, store=_store(args))
    except exporting.ExportError as error:
        print(_("error: {error}").format(error=terminal(error)), file=sys.stderr)
        return 1
    for path in written:
        print(terminal(_("wrote {file}").format(file=path)))
    return 0


def cmd_deck_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        path = exporting.export_deck(args.deck, args.format, Path(args.output), urls=args.views, store=_store(args))
    except exporting.ExportError as error:
        print(_("error: {error}").format(error=terminal(error)), file=sys.stderr)
        return 1
    print(terminal(_("wrote {file}").format(file=path)))
    return 0


def _with_help(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``-h/--help`` with its help text in the current language (argparse's own would stay English)."""
    parser.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    return parser


def parser() -> argparse.ArgumentParser:
    """The command line, its help texts in the current language (build it inside ``i18n.using``). argparse's own
    words ("usage:", "options", "positional arguments", its error lines) stay as argparse writes them: they come from
    Python's own ``argparse`` gettext domain, which Python ships without translations."""

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return _with_help(sub.add_parser(name, help=help_text, description=help_text, add_help=False))

    p = _with_help(
        argparse.ArgumentParser(
            prog="python -m dashboard", description=_("Import and manage the dashboard's data."), add_help=False
        )
    )
    p.add_argument(
        "--data-dir", help=_("the store's folder (default: ${variable} or data/store)").format(variable=DATA_DIR_ENV)
    )
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_(
            "the language of messages and exported files (default: ${variable}, else $LANGUAGE, $LC_ALL, $LANG; a "
            "URL's lang= wins for its export)"
        ).format(variable=LANGUAGE_ENV),
    )
    sub = p.add_subparsers(dest="command", required=True)
    i = command("import", _("import files; the format is detected"))
    i.add_argument("files", nargs="+", help=_("the files to import (CSV, CSV.GZ, XLSX)"))
    i.add_argument("--restricted", action="store_true", help=_("never show these data in a public view"))
    i.add_argument(
        "--mapping",
        help=_(
            "JSON file saying what each column of an annual table holds: {example}; kept for files of the same shape "
            "(see docs/data-model.md)"
        ).format(example='{"columns": {"Ctry": "country", ...}}'),
    )
    i.add_argument(
        "--edition",
        help=_('the edition of an annual table, e.g. "WDR 2024", when the file does not name it'),
    )
    i.add_argument("--sheet", help=_("the sheet of a workbook to read, when several sheets may hold the table"))
    i.set_defaults(func=cmd_import)
    command("list", _("list imported sources")).set_defaults(func=cmd_list)
    r = command("remove", _("remove imported sources"))
    r.add_argument("source_ids", nargs="+", help=_("the sources' ids (see list)"))
    r.set_defaults(func=cmd_remove)
    q = command("quarantine", _("show or export the quarantined rows"))
    q.add_argument("source_id", nargs="?", help=_("one source's id (default: every source)"))
    q.add_argument("-o", "--output", help=_("write a CSV instead of printing"))
    q.set_defaults(func=cmd_quarantine)
    c = command("check", _("read every file of the store; name a missing or damaged one"))
    c.add_argument("--quarantine", action="store_true", help=_("set damaged sources aside (files to damaged/)"))
    c.set_defaults(func=cmd_check)
    b = command("build-cubes", _("build the cubes the pages read (done at import; this rebuilds them)"))
    b.add_argument("--engine", choices=("polars", "spark"), default="polars", help=_("the engine that builds them"))
    b.add_argument("--master", default="local[2]", help=_("Spark's master URL (local[2], or spark://host:7077)"))
    b.add_argument("--rebuild", action="store_true", help=_("rebuild every source's cube, not only the missing ones"))
    b.set_defaults(func=cmd_build_cubes)
    m = command("import-meeting", _("import a meeting's replies (see docs/meeting-replies.md)"))
    m.add_argument("file", help=_("replies file (CSV/XLSX) or a folder with meeting.csv, recommendations.csv, replies"))
    m.add_argument("--meeting-dir", help=_("folder of meeting.csv and recommendations.csv (default: beside the file)"))
    m.add_argument("--restricted", action="store_true", help=_("never show this meeting in a public view"))
    m.set_defaults(func=cmd_import_meeting)
    e = command("export", _("export a page's main chart (or --all) as an image, HTML page or its data"))
    e.add_argument("target", help=_('a page URL as in the address bar ("/Trends?grp=Opioids&from=2015"), or a view id'))
    e.add_argument(
        "--format", required=True, choices=("png", "svg", "pdf", "html", "csv", "xlsx"), help=_("the file's format")
    )
    e.add_argument("-o", "--output", required=True, help=_("the file (with --all: a folder)"))
    e.add_argument("--all", action="store_true", help=_("every chart of the page, one file each, into the folder -o"))
    e.set_defaults(func=cmd_export)
    d = command("deck", _("decks of saved views"))
    deck = d.add_subparsers(dest="deck_command", required=True)
    x = _with_help(
        deck.add_parser(
            "export",
            help=_("export a deck: one slide per view, speaker notes in the notes pane"),
            description=_("export a deck: one slide per view, speaker notes in the notes pane"),
            add_help=False,
        )
    )
    x.add_argument("deck", nargs="?", help=_("the deck's id (see the Saved views page)"))
    x.add_argument("--views", nargs="+", metavar="URL", help=_("page URLs standing for a stored deck, one slide each"))
    x.add_argument("--format", required=True, choices=("pptx", "pdf"), help=_("the file's format"))
    x.add_argument("-o", "--output", required=True, help=_("the file to write"))
    x.set_defaults(func=cmd_deck_export)
    return p


LANGUAGE_ENV = "DASHBOARD_LANG"
# The environment's language, as gettext reads it: LANGUAGE (a list, "fr:en"), then LC_ALL, LC_MESSAGES, LANG.
LOCALE_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: dict[str, str] | None = None) -> str:
    """``$DASHBOARD_LANG``, else the system locale's language as gettext would choose it (``LANGUAGE=fr:en`` or
    ``LANG=fr_FR.UTF-8`` -> ``fr``); "C" and "POSIX" mean the source language."""
    env = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, *LOCALE_ENV):
        value = env.get(name, "")
        if value:
            wanted = ",".join(part.split(".")[0].split("@")[0].replace("_", "-") for part in value.split(":"))
            return negotiate(wanted)
    return negotiate("")


def requested_language(argv: list[str]) -> str | None:
    """``--lang`` as given on the command line, read before the parser is built (its help texts are written in that
    language; ``--help`` is answered while parsing)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    with using(requested_language(argv) or environment_language()):
        args = parser().parse_args(argv)
        try:
            removed = _store(args).recover()
            if removed:
                shown = ", ".join(removed[:5])
                if len(removed) > 5:
                    shown = _("{files} and {count} more").format(files=shown, count=count(len(removed) - 5))
                message = _("note: an interrupted change was finished; removed {files}").format(files=shown)
                print(terminal(message), file=sys.stderr)
            return args.func(args)
        except StoreError as error:
            print(_("error: {error}; run `python -m dashboard check`").format(error=terminal(error)), file=sys.stderr)
            return 1
        except Exception as error:  # the promise of one line, whatever went wrong (a traceback may carry data)
            message = _("error: unexpected {error}").format(error=f"{type(error).__name__}: {terminal(error)}")
            print(message, file=sys.stderr)
            return 1
