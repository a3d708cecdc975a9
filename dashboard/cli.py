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
from dashboard.text import terminal


def _store(args: argparse.Namespace) -> Store:
    return Store(args.data_dir) if args.data_dir else Store()


def cmd_import(args: argparse.Namespace) -> int:
    store = _store(args)
    failures = 0
    try:
        mapping = read_mapping_file(args.mapping) if args.mapping else None
    except InputError as error:
        print(f"error: {terminal(error)}", file=sys.stderr)
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
            print(f"error: {terminal(error)}", file=sys.stderr)
            failures += 1
            continue
        except Exception as error:  # the promise is one line per bad file, whatever went wrong
            print(f"error: {Path(name).name}: unexpected {type(error).__name__}: {terminal(error)}", file=sys.stderr)
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
            print(terminal(f"error: no source {source_id!r} (see `python -m dashboard list`)"), file=sys.stderr)
            status = 1
    from dashboard import cubes

    cubes.refresh(store)  # a removed source's cube goes with it
    return status


def cmd_quarantine(args: argparse.Namespace) -> int:
    if public_mode():
        # Quarantined rows are raw input rows, individual records among them: never public.
        print("error: quarantined rows are not available in public mode (DASHBOARD_PUBLIC)", file=sys.stderr)
        return 1
    rows = _store(args).quarantine(args.source_id)
    if args.output:
        Path(args.output).write_bytes(csv_bytes(rows))
        print(
            terminal(_("{count} quarantined rows written to {file}").format(count=f"{rows.height:,}", file=args.output))
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
        print(terminal(f"store {store.root}: {store.sources().height:,} sources, every file sound"))
        return 0
    for problem in problems:
        print(terminal(f"problem: {problem}"), file=sys.stderr)
    damaged = sorted({p.source_id for p in problems if p.source_id})
    if not damaged:
        return 1
    if not args.quarantine:
        print(
            terminal(f"run `python -m dashboard check --quarantine` to set aside: {', '.join(damaged)}"),
            file=sys.stderr,
        )
        return 1
    for source_id in damaged:
        store.set_aside(source_id)
        print(terminal(f"set aside {source_id} (its files are in damaged/{source_id}/; import the file again)"))
    return 0 if not [p for p in store.check() if p.source_id] else 1


def cmd_build_cubes(args: argparse.Namespace) -> int:
    import time

    from dashboard import cubes

    started = time.perf_counter()
    try:
        done = cubes.refresh(_store(args), engine=args.engine, master=args.master, rebuild=args.rebuild)
    except ImportError as error:
        print(f"error: the {args.engine} engine is not installed ({terminal(error)})", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(
        terminal(
            f"cubes ({done['engine']}): built {len(done['built'])} source(s), removed {len(done['removed'])} "
            f"in {seconds:.1f} s"
        )
    )
    return 0


def cmd_import_meeting(args: argparse.Namespace) -> int:
    from dashboard.ingest.meetings import import_meeting

    try:
        result = import_meeting(Path(args.file), _store(args), meeting_dir=args.meeting_dir, restricted=args.restricted)
    except InputError as error:
        print(f"error: {terminal(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # one line per bad file, whatever went wrong
        print(f"error: {terminal(Path(args.file).name)}: unexpected {type(error).__name__}", file=sys.stderr)
        return 1
    print(terminal(result.summary()))
    return 0 if result.meeting is not None else 1


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        written = exporting.export(args.target, args.format, Path(args.output), every=args.all, store=_store(args))
    except exporting.ExportError as error:
        print(f"error: {terminal(error)}", file=sys.stderr)
        return 1
    for path in written:
        print(terminal(_("wrote {file}").format(file=path)))
    return 0


def cmd_deck_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        path = exporting.export_deck(args.deck, args.format, Path(args.output), urls=args.views, store=_store(args))
    except exporting.ExportError as error:
        print(f"error: {terminal(error)}", file=sys.stderr)
        return 1
    print(terminal(_("wrote {file}").format(file=path)))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard", description="Import and manage the dashboard's data.")
    p.add_argument("--data-dir", help=f"the store's folder (default: ${DATA_DIR_ENV} or data/store)")
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"the language of messages and exported files (default: ${LANGUAGE_ENV}, else $LANG; a URL's lang= "
        "wins for its export)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    i = sub.add_parser("import", help="import files; the format is detected")
    i.add_argument("files", nargs="+")
    i.add_argument("--restricted", action="store_true", help="never show these data in a public view")
    i.add_argument(
        "--mapping",
        help='JSON file saying what each column of an annual table holds: {"columns": {"Ctry": "country", ...}}; '
        "kept for files of the same shape (see docs/data-model.md)",
    )
    i.add_argument("--edition", help='the edition of an annual table, e.g. "WDR 2024", when the file does not name it')
    i.add_argument("--sheet", help="the sheet of a workbook to read, when several sheets may hold the table")
    i.set_defaults(func=cmd_import)
    sub.add_parser("list", help="list imported sources").set_defaults(func=cmd_list)
    r = sub.add_parser("remove", help="remove imported sources")
    r.add_argument("source_ids", nargs="+")
    r.set_defaults(func=cmd_remove)
    q = sub.add_parser("quarantine", help="show or export the quarantined rows")
    q.add_argument("source_id", nargs="?")
    q.add_argument("-o", "--output", help="write a CSV instead of printing")
    q.set_defaults(func=cmd_quarantine)
    c = sub.add_parser("check", help="read every file of the store; name a missing or damaged one")
    c.add_argument("--quarantine", action="store_true", help="set damaged sources aside (files to damaged/)")
    c.set_defaults(func=cmd_check)
    b = sub.add_parser("build-cubes", help="build the cubes the pages read (done at import; this rebuilds them)")
    b.add_argument("--engine", choices=("polars", "spark"), default="polars")
    b.add_argument("--master", default="local[2]", help="Spark's master URL (local[2], or spark://host:7077)")
    b.add_argument("--rebuild", action="store_true", help="rebuild every source's cube, not only the missing ones")
    b.set_defaults(func=cmd_build_cubes)
    m = sub.add_parser("import-meeting", help="import a meeting's replies (see docs/meeting-replies.md)")
    m.add_argument("file", help="replies file (CSV/XLSX) or a folder with meeting.csv, recommendations.csv, replies")
    m.add_argument("--meeting-dir", help="folder of meeting.csv and recommendations.csv (default: beside the file)")
    m.add_argument("--restricted", action="store_true", help="never show this meeting in a public view")
    m.set_defaults(func=cmd_import_meeting)
    e = sub.add_parser("export", help="export a page's main chart (or --all) as an image, HTML page or its data")
    e.add_argument("target", help='a page URL as in the address bar ("/Trends?grp=Opioids&from=2015"), or a view id')
    e.add_argument("--format", required=True, choices=("png", "svg", "pdf", "html", "csv", "xlsx"))
    e.add_argument("-o", "--output", required=True, help="the file (with --all: a folder)")
    e.add_argument("--all", action="store_true", help="every chart of the page, one file each, into the folder -o")
    e.set_defaults(func=cmd_export)
    d = sub.add_parser("deck", help="decks of saved views")
    deck = d.add_subparsers(dest="deck_command", required=True)
    x = deck.add_parser("export", help="export a deck: one slide per view, speaker notes in the notes pane")
    x.add_argument("deck", nargs="?", help="the deck's id (see the Saved views page)")
    x.add_argument("--views", nargs="+", metavar="URL", help="page URLs standing for a stored deck, one slide each")
    x.add_argument("--format", required=True, choices=("pptx", "pdf"))
    x.add_argument("-o", "--output", required=True)
    x.set_defaults(func=cmd_deck_export)
    return p


LANGUAGE_ENV = "DASHBOARD_LANG"


def _language(args: argparse.Namespace) -> str:
    """``--lang``, else ``$DASHBOARD_LANG``, else the system locale's language (``fr_FR.UTF-8`` -> ``fr``)."""
    if args.lang:
        return args.lang
    wanted = os.environ.get(LANGUAGE_ENV) or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return negotiate(wanted.split(".")[0].replace("_", "-"))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with using(_language(args)):
        try:
            removed = _store(args).recover()
            if removed:
                shown = ", ".join(removed[:5]) + (f" and {len(removed) - 5:,} more" if len(removed) > 5 else "")
                print(terminal(f"note: an interrupted change was finished; removed {shown}"), file=sys.stderr)
            return args.func(args)
        except StoreError as error:
            print(f"error: {terminal(error)}; run `python -m dashboard check`", file=sys.stderr)
            return 1
        except Exception as error:  # the promise of one line, whatever went wrong (a traceback may carry data)
            print(f"error: unexpected {type(error).__name__}: {terminal(error)}", file=sys.stderr)
            return 1
