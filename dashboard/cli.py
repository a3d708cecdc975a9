"""Command line: ``python -m dashboard import FILE...``, ``list``, ``remove SOURCE_ID``, ``quarantine SOURCE_ID``,
``build-cubes [--engine spark --master URL] [--rebuild]``,
``export URL-or-view-id --format FORMAT -o FILE`` (a page's main chart, or ``--all`` of them) and
``deck export DECK --format pptx|pdf -o FILE`` (or ``--views URL...`` for a deck made on the spot).

Every failure is one line naming the file and the reason, and a non-zero exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from dashboard.exports import csv_bytes
from dashboard.ingest import InputError, import_file
from dashboard.ingest.mapping import read_mapping_file
from dashboard.store import DATA_DIR_ENV, Store
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
            report = import_file(
                Path(name), store, restricted=args.restricted, column_mapping=mapping, edition=args.edition
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
    sources = _store(args).sources()
    if sources.is_empty():
        print(f"No sources imported in {_store(args).root} (the app shows demonstration data).")
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
        print(shown)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    store = _store(args)
    status = 0
    for source_id in args.source_ids:
        if store.remove(source_id):
            print(f"removed {source_id}")
        else:
            print(f"error: no source {source_id!r} in {store.root} (see `python -m dashboard list`)", file=sys.stderr)
            status = 1
    from dashboard import cubes

    cubes.refresh(store)  # a removed source's cube goes with it
    return status


def cmd_quarantine(args: argparse.Namespace) -> int:
    rows = _store(args).quarantine(args.source_id)
    if args.output:
        Path(args.output).write_bytes(csv_bytes(rows))
        print(f"{rows.height:,} quarantined rows written to {args.output}")
    else:
        with pl.Config(tbl_rows=50, fmt_str_lengths=80, tbl_width_chars=200):
            print(rows.drop("raw"))
    return 0


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
        f"cubes ({done['engine']}): built {len(done['built'])} source(s), removed {len(done['removed'])} "
        f"in {seconds:.1f} s"
    )
    return 0


def cmd_import_meeting(args: argparse.Namespace) -> int:
    from dashboard.ingest.meetings import import_meeting

    try:
        result = import_meeting(Path(args.file), _store(args), meeting_dir=args.meeting_dir)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # one line per bad file, whatever went wrong
        print(f"error: {Path(args.file).name}: unexpected {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0 if result.meeting is not None else 1


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        written = exporting.export(args.target, args.format, Path(args.output), every=args.all, store=_store(args))
    except exporting.ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_deck_export(args: argparse.Namespace) -> int:
    from dashboard import exporting

    try:
        path = exporting.export_deck(args.deck, args.format, Path(args.output), urls=args.views, store=_store(args))
    except exporting.ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard", description="Import and manage the dashboard's data.")
    p.add_argument("--data-dir", help=f"the store's folder (default: ${DATA_DIR_ENV} or data/store)")
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
    i.set_defaults(func=cmd_import)
    sub.add_parser("list", help="list imported sources").set_defaults(func=cmd_list)
    r = sub.add_parser("remove", help="remove imported sources")
    r.add_argument("source_ids", nargs="+")
    r.set_defaults(func=cmd_remove)
    q = sub.add_parser("quarantine", help="show or export the quarantined rows")
    q.add_argument("source_id", nargs="?")
    q.add_argument("-o", "--output", help="write a CSV instead of printing")
    q.set_defaults(func=cmd_quarantine)
    b = sub.add_parser("build-cubes", help="build the cubes the pages read (done at import; this rebuilds them)")
    b.add_argument("--engine", choices=("polars", "spark"), default="polars")
    b.add_argument("--master", default="local[2]", help="Spark's master URL (local[2], or spark://host:7077)")
    b.add_argument("--rebuild", action="store_true", help="rebuild every source's cube, not only the missing ones")
    b.set_defaults(func=cmd_build_cubes)
    m = sub.add_parser("import-meeting", help="import a meeting's replies (see docs/meeting-replies.md)")
    m.add_argument("file", help="replies file (CSV/XLSX) or a folder with meeting.csv, recommendations.csv, replies")
    m.add_argument("--meeting-dir", help="folder of meeting.csv and recommendations.csv (default: beside the file)")
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
