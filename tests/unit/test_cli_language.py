"""The command line speaks the user's language: --lang, else the environment; its help texts through the catalogue."""

from __future__ import annotations

import argparse

import pytest

from dashboard import cli, i18n
from tests.unit.conftest import CLOSE, OPEN


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_every_help_text_goes_through_the_catalogue(marked_fr):
    parsers = _parsers(cli.parser())
    assert len(parsers) == 11  # the program, its nine commands and `deck export`
    helps = [a.help for p in parsers for a in p._actions if a.help and a.help != argparse.SUPPRESS]
    helps += [p.description for p in parsers]
    helps += [
        c.help
        for p in parsers
        for a in p._actions
        if isinstance(a, argparse._SubParsersAction)
        for c in a._choices_actions
    ]
    assert len(helps) > 50
    english = [h for h in helps if not (h.startswith(OPEN) and h.endswith(CLOSE))]
    assert not english, english


def test_lang_fr_help_is_french_for_our_texts(capsys, marked_fr):
    with i18n.using("en"), pytest.raises(SystemExit):
        cli.main(["--lang=fr", "import", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps long help texts
    assert out.startswith("usage: ")  # argparse's own words stay as argparse writes them
    assert f"{OPEN}import files; the format is detected{CLOSE}" in out
    assert f"{OPEN}the sheet of a workbook to read, when several sheets may hold the table{CLOSE}" in out


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "ar_EG.UTF-8", "LANG": "fr_FR.UTF-8"}, "ar"),
        ({"LANGUAGE": "zh_CN:en", "LC_ALL": "fr_FR.UTF-8"}, "zh"),
        ({"LANGUAGE": "de:es", "LANG": "C.UTF-8"}, "es"),  # the first of ours in gettext's list
        ({"DASHBOARD_LANG": "ru", "LANG": "fr_FR.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "sr_RS@latin"}, "en"),
        ({}, "en"),
    ],
)
def test_the_environments_language(environ, expected):
    assert cli.environment_language(environ) == expected


def test_lang_on_the_command_line_wins_over_the_environment(tmp_path, capsys, monkeypatch, marked_fr):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    with i18n.using("en"):
        assert cli.main(["--data-dir", str(tmp_path), "--lang", "fr", "list"]) == 0
    assert capsys.readouterr().out.startswith(OPEN)
    assert cli.requested_language(["--lang", "xx", "list"]) is None  # argparse refuses it, in the environment's words
    assert cli.requested_language(["import", "--", "--lang", "fr"]) is None


def test_a_refused_file_is_reported_in_french(tmp_path, capsys, marked_fr):
    with i18n.using("en"):
        assert cli.main(["--data-dir", str(tmp_path / "store"), "--lang", "fr", "import", str(tmp_path / "none.csv")])
    err = capsys.readouterr().err
    assert err.startswith(f"{OPEN}error: ") and err.rstrip().endswith(CLOSE), err
