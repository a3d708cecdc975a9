"""Exported files speak the view's language: the notes sheet of an XLSX, the units of a CSV's header lines."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from dashboard.exports import xlsx_bytes
from dashboard.i18n import using
from tests.unit.conftest import CLOSE, OPEN


def test_the_notes_sheet_is_named_in_the_files_language(marked_fr) -> None:
    body = xlsx_bytes({"data": pl.DataFrame({"a": [1]})}, notes=["Source: test"])
    names = openpyxl.load_workbook(io.BytesIO(body)).sheetnames
    assert names[0] == f"{OPEN}About{CLOSE}"
    with using("en"):
        body = xlsx_bytes({"data": pl.DataFrame({"a": [1]})}, notes=["Source: test"])
    assert openpyxl.load_workbook(io.BytesIO(body)).sheetnames[0] == "About"


def test_an_unknown_export_target_is_refused_in_the_language(marked_fr, tmp_path) -> None:
    from dashboard import exporting
    from dashboard.store import Store

    try:
        exporting.export("no-such-view", "csv", tmp_path / "x.csv", store=Store(tmp_path / "store"))
    except exporting.ExportError as error:
        assert str(error).startswith(OPEN) and str(error).endswith(CLOSE)
    else:
        raise AssertionError("an unknown view was exported")


def test_a_decks_slides_speak_their_views_language(tmp_path, marked_fr) -> None:
    from dashboard import catalogue
    from dashboard.data import load_dataset
    from dashboard.saved import Deck, SavedView, Slide
    from dashboard.store import Store

    data = load_dataset(Store(tmp_path / "empty"), public=False)

    def slide(query: str) -> Slide:
        view = SavedView("v", "trends", query, "/Trends?" + query, "", "", None, None, "", "")  # type: ignore[arg-type]
        return Slide(view, "")

    deck = Deck("d", "Deck", "", None, (slide("lang=fr"), slide("lang=en")))  # type: ignore[arg-type]
    with using("en"):
        french, english = catalogue.deck_slides(data, deck)
        assert catalogue.view_language("grp=Opioids&lang=fr") == "fr"
        assert catalogue.view_language("grp=Opioids") == "en"  # no lang=: the current language
    assert OPEN in french.exhibit.title and OPEN not in english.exhibit.title
    assert french.exhibit.figure.layout.yaxis.ticktext  # the French figure's ticks written by the locale
