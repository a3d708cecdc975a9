"""The interface's languages: number and date formats per locale, language negotiation, the catalogues."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from dashboard import i18n, text
from dashboard.i18n import LANGUAGES, catalogue_path, negotiate, using
from dashboard.reference import read_rows

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
NNBSP = "\u202f"  # narrow no-break space: CLDR's French grouping separator


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_english_formats_unchanged():
    assert text.number(1234567.891) == "1,234,568"
    assert text.number(12.345) == "12.35"
    assert text.count(106821) == "106,821"
    assert text.percent(12.34) == "12.3%"
    assert text.compact(1_500_000) == "1.5M"
    assert text.date(dt.date(2022, 9, 12)) == "12 September 2022"
    assert text.number(None) == "not reported"


def test_french_decimal_comma_and_narrow_no_break_space():
    with using("fr"):
        assert text.number(1234567.891) == f"1{NNBSP}234{NNBSP}568"
        assert text.number(12.345) == "12,35"
        assert text.number(1234.5, decimals=1) == f"1{NNBSP}234,5"
        assert text.count(106821) == f"106{NNBSP}821"
        assert text.percent(12.34) == "12,3\xa0%"  # CLDR: a no-break space before the sign
        assert text.date(dt.date(2022, 9, 12)) == "12 septembre 2022"
        assert text.number(None) != "not reported"


def test_spanish_and_russian_grouping():
    with using("es"):
        assert text.number(1234567.0) == "1.234.567"
    with using("ru"):
        assert text.number(1234.5, decimals=1) == "1\xa0234,5"


def test_arabic_digits_follow_cldr():
    """CLDR names the default numbering system of ``ar`` (today "latn", as UN documents write Arabic); the output uses
    that system's digits, so a change of CLDR's decision shows here rather than in a hand-written table."""
    system = Locale.parse("ar").default_numbering_system
    digits = {"latn": "0123456789", "arab": "".join(chr(0x660 + i) for i in range(10))}[system]
    with using("ar"):
        shown = text.number(1234.5, decimals=1)
        grouped = text.count(1234567)
    assert (
        [ch for ch in shown if ch.isdigit()] == list("12345") if system == "latn" else all(ch in digits for ch in shown)
    )
    assert all(ch in digits for ch in grouped if ch.isdigit())
    assert len([ch for ch in grouped if ch.isdigit()]) == 7


def test_plotly_separators_follow_the_locale():
    with using("fr"):
        assert text.plotly_separators() == ",\u202f"
    with using("es"):
        assert text.plotly_separators() == ",."
    assert text.plotly_separators() == ".,"


def test_country_and_substance_names_in_the_language():
    from dashboard.countries import country_name

    with using("fr"):
        assert country_name("BOL") == "Bolivie (État plurinational de)"
        assert text.vocabulary_label("Heroin") == "Héroïne"
        assert text.vocabulary_label("a place as written") == "a place as written"
    with using("zh"):
        assert country_name("KOR") == "大韩民国"
    assert country_name("BOL") == "Bolivia (Plurinational State of)"


def test_a_language_per_run_does_not_leak():
    with using("zh"):
        assert i18n.language() == "zh"
        with using("ar"):
            assert i18n.is_right_to_left()
        assert i18n.language() == "zh"
    assert i18n.language() == "en"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("de-DE, ar;q=0.5, zh-Hans-CN;q=0.7", "zh"),
        ("es-419", "es"),
        ("de, it", "en"),
        ("", "en"),
        (None, "en"),
        ("ru;q=0, fr;q=0.1", "fr"),
        ("<script>;q=9, ar", "ar"),
    ],
)
def test_accept_language(header, expected):
    assert negotiate(header) == expected


def test_catalogues_complete():
    """Every language has a catalogue with every message translated, none fuzzy, placeholders intact."""
    problems = _script().check()
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_identical(lang):
    script = _script()
    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert script.placeholders(string) == script.placeholders(ids[-1]), (lang, ids[0], string)


def test_template_is_current():
    """The committed template holds every message of the code (run scripts/i18n.py extract, then update)."""
    script = _script()
    with script.TEMPLATE.open("rb") as fh:
        committed = {m.id for m in read_po(fh) if m.id}
    found = {message for _path, _line, message, _comments in [*script._python_messages(), *script._table_messages()]}
    missing = sorted(found - committed, key=str)
    assert not missing, f"{len(missing)} messages not extracted, e.g. {missing[:5]}"


def test_compiled_catalogue_translates():
    with using("fr"):
        assert i18n._("Language") != "Language"
        assert re.search(r"[a-zé]", i18n._("Language"))


def test_every_country_has_a_sourced_name_in_every_language():
    import csv

    from dashboard.countries import NAMES_CSV, countries_frame

    with NAMES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    named = {(row["iso3"], row["lang"]) for row in rows}
    wanted = {(iso3, lang) for iso3 in countries_frame()["iso3"].to_list() for lang in TRANSLATED}
    assert wanted - named == set()
    assert {row["source"] for row in rows} <= {"unterm", "m49", "project", "cldr-fallback"}
    assert not [row for row in rows if "_" in row["name"] or not row["name"].strip()]


def test_substance_and_region_tables_cover_every_language():
    from dashboard.reference import read_rows

    for table in ("substance_names.csv", "region_names.csv"):
        rows = read_rows(table)
        by_name: dict[str, set[str]] = {}
        for row in rows:
            assert row["translation"].strip(), (table, row)
            by_name.setdefault(row["name"], set()).add(row["lang"])
        assert all(langs == set(TRANSLATED) for langs in by_name.values()), table


def test_command_line_speaks_the_language_asked_for(tmp_path, capsys, monkeypatch):
    from dashboard import cli

    for variable in ("DASHBOARD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    assert cli.main(["--data-dir", str(tmp_path), "--lang", "fr", "list"]) == 0
    assert "Aucune source importée" in capsys.readouterr().out
    monkeypatch.setenv("DASHBOARD_LANG", "es")
    assert cli.main(["--data-dir", str(tmp_path), "list"]) == 0
    assert "No se ha importado ninguna fuente" in capsys.readouterr().out
    monkeypatch.setenv("DASHBOARD_LANG", "")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert cli.main(["--data-dir", str(tmp_path), "list"]) == 0
    assert "No sources imported" in capsys.readouterr().out
    assert i18n.language() == "en"  # the command's language does not outlive it


def test_an_export_url_gives_its_language():
    from dashboard.exporting import language_of

    assert language_of("/Trends?grp=Opioids&lang=ru") == "ru"
    assert language_of("/Trends?lang=xx") == "en"
    with using("zh"):
        assert language_of("/Trends") == "zh"
        assert language_of("view-id-without-query") == "zh"


def test_standalone_page_declares_its_language_and_direction():
    import plotly.graph_objects as go
    import polars as pl

    from dashboard.export.standalone import html_page
    from dashboard.figures.exhibit import Exhibit

    exhibit = Exhibit("t", "title", go.Figure(), pl.DataFrame({"a": [1]}), "kg", "source", "filters")
    with using("ar"):
        page = html_page([exhibit], title="t", link="/Trends", dated="d")
    assert "<html lang='ar' dir='rtl'>" in page
    assert "<html lang='en' dir='ltr'>" in html_page([exhibit], title="t", link="/Trends", dated="d")


def test_the_frontends_own_words_are_given_in_the_language_and_none_in_english() -> None:
    assert text.frontend_words() == {"exact": {}, "patterns": []}
    with using("ar"):
        words = text.frontend_words()
    assert words["exact"]["Clear all"] == "امسح الكل"
    assert ["Help for ", "", "مساعدة: ", ""] in words["patterns"]
    with using("zh"):
        zh = text.frontend_words()
    assert ["Remove ", "", "移除", ""] in zh["patterns"]
    # Every word of the table has its translation in every language (the catalogue check says none is missing).
    assert len(zh["exact"]) + len(zh["patterns"]) == len(read_rows("frontend_words.csv"))
